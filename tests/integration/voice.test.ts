/**
 * 语音说事: a request may carry recordings (each the sender's own upload, at most 60 s, at most 3,
 * no bigger in storage than the rules allow); it needs no typed words then. The recordings pass
 * WeChat's media check as audio, as photos do, and reach only those who may know who spoke.
 */
import { RULES, UNCHOSEN_CATEGORY } from '../../config/rules';
import type { ApiResult, CaseView } from '../../types/api';
import type { CaseRecord } from '../../types/domain';
import type { MediaKind } from '../../src/server/ctx';
import { getById } from '../../src/server/store';
import { mediaCheckPush } from '../fixtures';
import { ASSIGNER, BUILD, LI_RESIDENT, OFFICE, REP_LI, startHarness, submission, SUP_TOWNSHIP, tempDir, WANG, type Harness } from '../harness';

let h: Harness;
afterEach(() => h.stop());

/** Some bytes of a browser's recording (a WebM header is enough for the server: it keeps what it is given). */
const WEBM = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.from('lianxin voice test')]);

/** A recording uploaded through the local server by `openid`: answers its file id. */
async function uploadedRecording(openid: string, content: Buffer = WEBM, type = 'audio/webm;codecs=opus'): Promise<string> {
  const res = await fetch(`${h.base}/api/upload`, {
    method: 'POST',
    headers: { 'content-type': type, 'x-lianxin-openid': openid },
    body: new Uint8Array(content),
  });
  const body = (await res.json()) as ApiResult<{ url: string }>;
  if (!body.ok) throw new Error(body.error.message);
  return body.data.url;
}

const detail = (caseId: string, openid: string) => h.ok<CaseView>('case', { action: 'detail', caseId }, openid);
const said = (file: string, seconds = 4) => ({ description: '', recordings: [{ file, seconds }] });

describe('a request said by voice', () => {
  beforeEach(async () => {
    h = await startHarness({ uploadsDir: tempDir() });
  });

  it('is sent with a recording and no typed words, and its representative plays what was said', async () => {
    const file = await uploadedRecording(WANG);
    expect(file).toMatch(/^\/uploads\/[0-9a-f]{32}\.webm$/);
    const { id } = await h.ok('resident', submission(said(file, 12.5)), WANG);
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', id))!.recordings).toEqual([{ file, seconds: 12.5 }]);

    const heard = (await detail(id, REP_LI)).recordings;
    expect(heard).toEqual([{ id: file, url: expect.stringMatching(/\?expires=\d+&sig=/), seconds: 12.5, flagged: false }]);
    // the temporary address serves the bytes recorded, as audio
    const served = await fetch(`${h.base}${heard[0]!.url}`);
    expect(served.headers.get('content-type')).toBe('audio/webm');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(WEBM);
  });

  it('is taken without a description or a category key, under the category the page sends when none is chosen', async () => {
    const file = await uploadedRecording(WANG);
    const { description: _words, category: _category, ...rest } = submission({ recordings: [{ file, seconds: 6 }] });
    const { id } = await h.ok<{ id: string }>('resident', rest, WANG);
    const c = (await getById<CaseRecord>(h.runtime.db, 'cases', id))!;
    expect([c.description, c.category, c.recordings]).toEqual(['', UNCHOSEN_CATEGORY, [{ file, seconds: 6 }]]);
    expect(UNCHOSEN_CATEGORY).toBe('other');
    // without a recording the words are still needed, key or no key
    const { description: _none, ...wordless } = submission();
    expect(await h.api('resident', wordless, WANG)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { description: '请说一说遇到了什么问题' } },
    });
  });

  it('still needs words when there is no recording', async () => {
    expect(await h.api('resident', submission({ description: '' }), WANG)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { description: '请说一说遇到了什么问题' } },
    });
  });

  it('refuses a fourth recording', async () => {
    const files = await Promise.all([1, 2, 3, 4].map((n) => uploadedRecording(WANG, Buffer.concat([WEBM, Buffer.from([n])]))));
    const res = await h.api('resident', submission({ recordings: files.map((file) => ({ file, seconds: 5 })) }), WANG);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { recordings: `录音最多${RULES.voice.maxRecordings}段` } } });
  });

  it('refuses a recording longer than 60 seconds', async () => {
    const file = await uploadedRecording(WANG);
    const res = await h.api('resident', submission(said(file, RULES.voice.maxSeconds + 1)), WANG);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { 'recordings.0.seconds': '每段录音最长60秒' } } });
    expect(await h.api('resident', submission(said(file, 0)), WANG)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses the same recording attached twice', async () => {
    const file = await uploadedRecording(WANG);
    const res = await h.api(
      'resident',
      submission({
        description: '',
        recordings: [
          { file, seconds: 4 },
          { file, seconds: 4 },
        ],
      }),
      WANG,
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { recordings: '同一段录音只能添加一次，请删去重复的那段' } } });
  });

  it('refuses a recording someone else uploaded', async () => {
    const theirs = await uploadedRecording(LI_RESIDENT);
    const res = await h.api('resident', submission(said(theirs)), WANG);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { recordings: '录音须是您自己刚录的，请重新录一段' } } });
  });

  it('refuses recordings on an anonymous request: a voice tells who spoke', async () => {
    const file = await uploadedRecording(WANG);
    const res = await h.api('resident', submission({ ...said(file), phone: undefined, name: undefined, anonymous: true }), WANG);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { recordings: expect.stringContaining('匿名反映不能带录音') } } });
  });

  it('is kept only in WebM, Ogg, MP3, AAC, M4A or WAV (as WeChat’s recorder may give it) as an upload', async () => {
    for (const [type, ext] of [
      ['audio/wav', 'wav'],
      ['audio/ogg', 'ogg'],
      ['audio/mpeg', 'mp3'],
      ['audio/aac', 'aac'],
      ['audio/mp4', 'm4a'],
    ])
      expect(await uploadedRecording(WANG, Buffer.concat([WEBM, Buffer.from(ext!)]), type)).toMatch(new RegExp(`\\.${ext}$`));
    // and sent with a request
    const wav = await uploadedRecording(WANG, Buffer.concat([WEBM, Buffer.from('sent')]), 'audio/wav');
    expect(await h.api('resident', submission(said(wav)), WANG)).toMatchObject({ ok: true });
    const big = await fetch(`${h.base}/api/upload`, {
      method: 'POST',
      headers: { 'content-type': 'audio/webm', 'x-lianxin-openid': WANG },
      body: new Uint8Array(RULES.voice.maxBytes + 1),
    });
    expect(big.status).toBe(413);
  });
});

it('refuses a recording bigger in storage than the rules allow (the size read from storage, not declared)', async () => {
  h = await startHarness({ platform: { readFile: async () => Buffer.alloc(RULES.voice.maxBytes + 1) } });
  const res = await h.api('resident', submission(said('/uploads/0123456789abcdef0123456789abcdef.mp3')), WANG);
  expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { recordings: expect.stringContaining('录音文件太大了') } } });
});

describe('WeChat’s media check of a recording', () => {
  const FILE = '/uploads/0123456789abcdef0123456789abcdef.m4a';
  const asked: Array<{ fileId: string; kind: MediaKind }> = [];
  beforeEach(async () => {
    asked.length = 0;
    // in memory every id stands for an upload of its sender's; the answer comes later, by message push
    h = await startHarness({
      platform: {
        readFile: async () => WEBM,
        checkMedia: async ({ fileId, kind }) => {
          asked.push({ fileId, kind });
          return { traceId: `trace-${kind}` };
        },
      },
    });
  });

  it('asks for an audio check, keeps the recording from those handling it until the check passes', async () => {
    const { id } = await h.ok('resident', submission(said(FILE)), WANG);
    expect(asked).toEqual([{ fileId: FILE, kind: 'audio' }]);
    expect((await detail(id, REP_LI)).recordings).toEqual([]);
    // the resident hears their own at once
    expect((await detail(id, WANG)).recordings.map((r) => r.id)).toEqual([FILE]);
    await h.runtime.push('media', mediaCheckPush('trace-audio', 'pass'));
    expect((await detail(id, REP_LI)).recordings.map((r) => r.id)).toEqual([FILE]);
  });

  it('brings a flagged recording to the office, which hears it and can let it through, as a photo', async () => {
    const { id } = await h.ok('resident', submission(said(FILE)), WANG);
    await h.runtime.push('media', mediaCheckPush('trace-audio', 'risky', '20006'));
    const c = (await getById<CaseRecord>(h.runtime.db, 'cases', id))!;
    expect(c.photoChecks).toMatchObject([{ photo: FILE, suggest: 'risky' }]);
    const office = await detail(id, OFFICE);
    expect(office.recordings).toMatchObject([{ id: FILE, flagged: true }]);
    expect(office.photoReview.flagged).toEqual([]);
    expect((await detail(id, REP_LI)).recordings).toEqual([]);

    await h.ok('case', { action: 'releasePhoto', caseId: id, photo: FILE }, OFFICE);
    expect((await detail(id, REP_LI)).recordings).toMatchObject([{ id: FILE, flagged: false }]);
    // once let through it is the handlers' to hear, no longer the office's to review
    expect((await detail(id, OFFICE)).recordings).toEqual([]);
  });
});

it('never hands a recording to those not handling the case, nor to the public board', async () => {
  h = await startHarness({ platform: { readFile: async () => WEBM } });
  const FILE = '/uploads/fedcba9876543210fedcba9876543210.webm';
  const { id } = await h.ok('resident', submission(said(FILE)), WANG);
  await h.ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
  await h.ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  for (const who of [ASSIGNER, BUILD]) expect((await detail(id, who)).recordings).toHaveLength(1);
  for (const who of [SUP_TOWNSHIP, OFFICE]) expect((await detail(id, who)).recordings).toEqual([]);
  for (const who of [LI_RESIDENT, null]) expect(await h.api('case', { action: 'detail', caseId: id }, who)).toMatchObject({ ok: false });
  const board = await h.ok('card', { action: 'board', villageId: 'taoyuan' }, null);
  expect(JSON.stringify(board)).not.toContain('fedcba98');
  const mine = await h.ok('resident', { action: 'myCases' }, WANG);
  expect(JSON.stringify(mine)).not.toContain('fedcba98');
});
