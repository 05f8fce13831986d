/**
 * Content security in production: `security.msgSecCheck` (version 2) through the real
 * wx-server-sdk against the loopback gateway, with WeChat's documented request and answer shapes
 * (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html).
 * Data in the embedded store.
 */
import type { CaseRecord } from '../../types/domain';
import type { LocalRuntime } from '../../src/runtime/local/runtime';
import QRCode from 'qrcode';
import { getById, photoFolder } from '../../src/server/store';
import { keptPhotoPath } from '../../src/server/usecases/photos';
import { BUILD, REP_LI, submission, WANG } from '../harness';
import { gatewayFiles, runtimeOnGateway, startWeChatGateway, type OpenApiAnswer, type OpenApiCall, type WeChatGateway } from './wechat-gateway';

/** WeChat's answer: risky for anything about gambling (label 20006 违法犯罪), pass otherwise. */
function verdict(call: OpenApiCall): OpenApiAnswer {
  const risky = String(call.data.content).includes('赌博');
  const result = risky ? { suggest: 'risky', label: 20006 } : { suggest: 'pass', label: 100 };
  return { json: { errcode: 0, errmsg: 'ok', result, detail: [{ strategy: 'content_model', errcode: 0, ...result, prob: 90 }], trace_id: '60ae120f-1234' } };
}

let gateway: WeChatGateway;
let rt: LocalRuntime;
beforeEach(async () => {
  gateway = await startWeChatGateway();
  gateway.answer('security.msgSecCheck', verdict);
  rt = await runtimeOnGateway('formal', undefined, gatewayFiles(gateway));
});
afterEach(async () => {
  await rt.close();
  await gateway.close();
});
const checks = () => gateway.calls.filter((c) => c.api === 'security.msgSecCheck').map((c) => c.data);
const status = async (id: string) => (await getById<CaseRecord>(rt.db, 'cases', id))!.status;

it('checks a request as a post (scene 3) by its author, and lets a clean one through', async () => {
  const sent = await rt.call('resident', submission({ description: '村口的路灯坏了两个月了', address: '桃源村村口' }), WANG);
  expect(sent).toMatchObject({ ok: true, data: { held: false } });
  expect(checks()).toEqual([{ openid: WANG, scene: 3, version: 2, content: '村口的路灯坏了两个月了\n桃源村村口' }]);
});

it('holds a request WeChat judges risky', async () => {
  const sent = await rt.call('resident', submission({ description: '有人在村里搞赌博' }), WANG);
  expect(sent).toMatchObject({ ok: true, data: { held: true } });
  expect(await status((sent as { data: { id: string } }).data.id)).toBe('held');
});

it('checks a reply as a comment (scene 2) by the handler who wrote it', async () => {
  const sent = (await rt.call('resident', submission(), WANG)) as { data: { id: string } };
  const caseId = sent.data.id;
  for (const [action, who, more] of [
    ['accept', REP_LI, { level: 'township' }],
    ['assign', REP_LI, { level: 'township', unitId: 'qingshi-build' }],
    ['sign', BUILD, {}],
    ['reply', BUILD, { reply: '已安排电工明天去修' }],
  ] as const) {
    expect(await rt.call('case', { action, caseId, ...more }, who)).toMatchObject({ ok: true });
  }
  expect(checks().at(-1)).toEqual({ openid: BUILD, scene: 2, version: 2, content: '已安排电工明天去修' });
  expect((await getById<CaseRecord>(rt.db, 'cases', caseId))!.held).toBeNull();
});

it('holds the words when WeChat answers an error instead of a verdict', async () => {
  gateway.answer('security.msgSecCheck', () => ({ json: { errcode: -1, errmsg: 'system error' } }));
  const sent = (await rt.call('resident', submission(), WANG)) as { data: { id: string; held: boolean } };
  expect(sent.data.held).toBe(true);
  expect((await getById<CaseRecord>(rt.db, 'cases', sent.data.id))!.held).toMatchObject({ verdict: { suggest: 'review', label: 0 } });
});

describe('photos: security.mediaCheckAsync, answered by message push', () => {
  // uploaded by 王大爷 to his own folder, as the mini-program does
  const PHOTO = `cloud://lianxin-test-0a1b2c.6c69-lianxin-test/${photoFolder(WANG)}/1763859600000-ab12cd34.jpg`;

  // the clean copy kept of it for its case (no metadata), which is what WeChat checks
  const kept = (caseId: string) => `cloud://lianxin-test-0a1b2c.6c69-lianxin-test/${keptPhotoPath(PHOTO, caseId)}`;

  it('asks for the check of each photo with a temporary address WeChat can download, and keeps the trace id', async () => {
    gateway.answer('security.mediaCheckAsync', () => ({ json: { errcode: 0, errmsg: 'ok', trace_id: '6922a4f0-3c1d2b7e-1a2b3c4d' } }));
    gateway.files.set(PHOTO.split('/').slice(3).join('/'), await QRCode.toBuffer('路灯', { type: 'png' }));
    // someone else's photo is not theirs to send
    expect(await rt.call('resident', submission({ photos: [PHOTO] }), REP_LI)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { photos: expect.any(String) } },
    });
    const sent = (await rt.call('resident', submission({ photos: [PHOTO] }), WANG)) as { data: { id: string } };
    // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/mediaCheckAsync.html
    expect(gateway.calls.filter((c) => c.api === 'security.mediaCheckAsync').map((c) => c.data)).toEqual([
      {
        openid: WANG,
        scene: 3,
        version: 2,
        media_type: 2,
        media_url: `https://6c69-lianxin-test.tcb.qcloud.la/${keptPhotoPath(PHOTO, sent.data.id)}?sign=x`,
      },
    ]);
    const c = (await getById<CaseRecord>(rt.db, 'cases', sent.data.id))!;
    expect(c.photoChecks).toEqual([
      { photo: kept(sent.data.id), traceId: '6922a4f0-3c1d2b7e-1a2b3c4d', suggest: 'pending', label: null, at: expect.any(Number) },
    ]);
    // kept through CloudBase storage as its clean copy; the upload deleted
    expect([gateway.files.has(keptPhotoPath(PHOTO, sent.data.id)), gateway.files.has(PHOTO.split('/').slice(3).join('/'))]).toEqual([true, false]);

    // WeChat's push, as it arrives (the label a string): the photo passes
    const push = {
      ToUserName: 'gh_7bf1f1389686',
      FromUserName: 'or9bw69jaWwJlF-6u0z3qT3KmO2k',
      CreateTime: 1763859660,
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: 'wx0000000000000000',
      trace_id: '6922a4f0-3c1d2b7e-1a2b3c4d',
      version: 2,
      result: { suggest: 'pass', label: '100' },
      detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: '100', prob: 90 }],
    };
    expect(await rt.push('media', push)).toEqual({ ok: true, data: { matched: true } });
    expect((await getById<CaseRecord>(rt.db, 'cases', sent.data.id))!.photoChecks[0]).toMatchObject({ suggest: 'pass', label: 100 });
  });
});
