/**
 * Contact-card codes in production: WeChat mini-program codes from `wxacode.getUnlimited` (the
 * card code as scene) through the real wx-server-sdk, kept in storage through the real
 * @cloudbase/node-sdk and reused; both against the loopback gateway. Data in the embedded store.
 */
import type { Representative } from '../../types/domain';
import { codeScene } from '../../src/runtime/cloudbase/platform';
import type { LocalRuntime } from '../../src/runtime/local/runtime';
import { checked, getById } from '../../src/server/store';
import { expectLoggedError, OFFICE, REP_LI, REP_ZHANG, tempDir, WANG } from '../harness';
import { runtimeOnGateway, startWeChatGateway, type WeChatGateway } from './wechat-gateway';

// the first bytes of every PNG
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe('the scene of a printed mini-program code', () => {
  const card = (cardCode: string) => codeScene({ page: 'card', cardCode });
  it('is the card code itself, or the wall’s village', () => {
    expect(card('QX0001')).toBe('QX0001');
    expect(codeScene({ page: 'wall', villageId: 'qingxi:taoyuan' })).toBe('qingxi:taoyuan');
  });

  it('refuses what WeChat would: over 32 characters, Chinese, %', () => {
    for (const bad of ['Q'.repeat(33), '青溪0001', 'QX%20', '']) expect(() => card(bad)).toThrow(/不能做成小程序码/);
    expect(card('Q'.repeat(32))).toHaveLength(32);
    expect(() => codeScene({ page: 'wall', villageId: `qingxi:${'v'.repeat(26)}` })).toThrow(/村\(社区\)编号“.*”不能做成小程序码/);
  });
});

describe('card · code on CloudBase', () => {
  let gateway: WeChatGateway;
  let rt: LocalRuntime;
  beforeEach(async () => {
    gateway = await startWeChatGateway();
    gateway.answer('wxacode.getUnlimited', () => ({ file: PNG, contentType: 'image/png' }));
    rt = await runtimeOnGateway();
  });
  afterEach(async () => {
    await rt.close();
    await gateway.close();
  });
  const codes = () => gateway.calls.filter((c) => c.api === 'wxacode.getUnlimited');

  it('makes the code once with the card as scene, keeps it in storage and reuses it', async () => {
    const first = await rt.call('card', { action: 'code', cardCode: 'QX0001' }, OFFICE);
    const fileId = 'cloud://lianxin-test-0a1b2c.6c69-lianxin-test/cards/release/QX0001.png';
    expect(first).toEqual({ ok: true, data: { cardCode: 'QX0001', fileId, url: expect.stringMatching(/^https:\/\/.*cards\/release\/QX0001\.png\?sign=/) } });
    // the HTTP API's body: https://api.weixin.qq.com/wxa/getwxacodeunlimit
    expect(codes()).toEqual([
      { api: 'wxacode.getUnlimited', data: { scene: 'QX0001', page: 'pages/card/index', check_path: true, env_version: 'release', width: 430 } },
    ]);
    expect(gateway.files.get('cards/release/QX0001.png')).toEqual(PNG);
    const rep = checked(await rt.db.collection<Representative>('representatives').where({ cardCode: 'QX0001' }).get()).data[0]!;
    expect(rep.codeFileIds).toEqual({ release: fileId });

    const again = await rt.call('card', { action: 'code', cardCode: 'QX0001' }, REP_LI);
    expect(again).toEqual(first);
    expect(codes()).toHaveLength(1);
  });

  it('lets only the card’s representative and the office print it', async () => {
    expect(await rt.call('card', { action: 'code', cardCode: 'QX0001' }, WANG)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await rt.call('card', { action: 'code', cardCode: 'QX0001' }, REP_ZHANG)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有这张卡的党代表和联系群众工作办公室可以打印' },
    });
    expect(codes()).toHaveLength(0);
  });

  it('refuses a card code WeChat cannot take as a scene, before calling WeChat', async () => {
    const rep = checked(await rt.db.collection<Representative>('representatives').where({ cardCode: 'QX0001' }).get()).data[0]!;
    const long = `QX${'0'.repeat(31)}`;
    await rt.db.collection('representatives').doc(rep._id).update({ cardCode: long });
    expect(await rt.call('card', { action: 'code', cardCode: long }, OFFICE)).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: `联系卡编号“${long}”不能做成小程序码：最多32位，只能用字母、数字和常用符号` },
    });
    expect(codes()).toHaveLength(0);
    expect(await getById<Representative>(rt.db, 'representatives', rep._id)).not.toHaveProperty('codeFileIds');
  });

  it('says, before the first release, that the released version’s code comes after release, keeping nothing', async () => {
    // 41030: the page is not in a released version yet
    gateway.answer('wxacode.getUnlimited', () => ({ json: { errcode: 41030, errmsg: 'invalid page rid: 1' } }));
    expect(await rt.call('card', { action: 'code', cardCode: 'QX0001' }, OFFICE)).toEqual({
      ok: false,
      error: { code: 'INVALID_STATE', message: expect.stringContaining('审核发布后才能生成') },
    });
    expect(gateway.files.size).toBe(0);
    gateway.answer('wxacode.getUnlimited', () => ({ json: { errcode: 45009, errmsg: 'reach max api daily quota limit' } }));
    expect(await rt.call('card', { action: 'code', cardCode: 'QX0001' }, OFFICE)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    // an unknown failure is logged for whoever runs the deployment
    expectLoggedError(/handler failed .*45009/);
  });

  it('keeps a trial version’s code apart: the released version makes its own', async () => {
    await rt.close();
    const dir = tempDir('lianxin-codes-');
    rt = await runtimeOnGateway('trial', dir);
    const trial = await rt.call('card', { action: 'code', cardCode: 'QX0001' }, OFFICE);
    expect(trial).toMatchObject({ ok: true, data: { fileId: expect.stringContaining('/cards/trial/QX0001.png') } });
    expect(codes().at(-1)!.data).toMatchObject({ check_path: false, env_version: 'trial' });
    // the same data, the released version: a code of its own, not the trial one
    await rt.close();
    rt = await runtimeOnGateway('formal', dir);
    expect(await rt.call('card', { action: 'code', cardCode: 'QX0001' }, OFFICE)).toMatchObject({
      ok: true,
      data: { fileId: expect.stringContaining('/cards/release/QX0001.png') },
    });
    expect(codes()).toHaveLength(2);
    const rep = checked(await rt.db.collection<Representative>('representatives').where({ cardCode: 'QX0001' }).get()).data[0]!;
    expect(Object.keys(rep.codeFileIds!).sort()).toEqual(['release', 'trial']);
  });
});
