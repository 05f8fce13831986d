/**
 * Content security (内容安全): words others will read pass the content check first; what does not
 * pass waits for the office (内容核对), which releases it as sent or withholds it with a reason.
 * The local check flags the phrases of LOCAL_FLAGGED, as WeChat's msgSecCheck would flag them.
 */
import type { CaseView } from '../../types/api';
import type { CaseRecord, OutboxEntry } from '../../types/domain';
import { checked, getById } from '../../src/server/store';
import { ASSIGNER, BUILD, OFFICE, REP_LI, startHarness, submission, SUP_TOWNSHIP, WANG, type Harness } from '../harness';
import { mediaCheckPush } from '../fixtures';

const FLAGGED = '村口小卖部有人拉人搞网络赌博，晚上很吵';
let h: Harness;
afterEach(() => h.stop());

async function outbox(caseId: string): Promise<Array<Pick<OutboxEntry, 'kind' | 'to' | 'title' | 'body'>>> {
  const { data } = checked(await h.runtime.db.collection<OutboxEntry>('outbox').where({ caseId }).get());
  return data.sort((a, b) => a.createdAt - b.createdAt || a._id.localeCompare(b._id)).map(({ kind, to, title, body }) => ({ kind, to, title, body }));
}

/** A township road case being handled by 青石镇村镇建设服务中心 (BUILD). */
async function handlingCase(): Promise<string> {
  const { id } = await h.ok('resident', submission(), WANG);
  await h.ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
  await h.ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  await h.ok('case', { action: 'sign', caseId: id }, BUILD);
  return id;
}

describe('a request whose words are flagged', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('waits for the office: the representative neither sees nor hears of it until it is released', async () => {
    const sent = await h.ok('resident', submission({ description: FLAGGED }), WANG);
    expect(sent).toMatchObject({ held: true, next: expect.stringContaining('核对') });
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', sent.id))!.status).toBe('held');

    expect((await h.ok('staff', { action: 'inbox', box: 'new', page: 1, pageSize: 10 }, REP_LI)).items).toEqual([]);
    expect(await h.api('case', { action: 'detail', caseId: sent.id }, REP_LI)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await outbox(sent.id)).toEqual([
      { kind: 'content_held', to: { key: 'office:qingxi' }, title: expect.stringContaining('待核对'), body: expect.any(String) },
    ]);

    const mine = await h.ok<CaseView>('case', { action: 'detail', caseId: sent.id }, WANG);
    expect(mine).toMatchObject({ statusText: '内容核对中', description: FLAGGED, held: { text: FLAGGED, actionText: '提交反映' } });
    const held = await h.ok('staff', { action: 'inbox', box: 'held', page: 1, pageSize: 10 }, OFFICE);
    expect(held.items.map((c: { id: string }) => c.id)).toEqual([sent.id]);
    const reviewing = await h.ok<CaseView>('case', { action: 'detail', caseId: sent.id }, OFFICE);
    expect(reviewing.held).toMatchObject({ text: FLAGGED, why: '可能涉及违法犯罪' });
    expect(reviewing.actions).toEqual(expect.arrayContaining(['release', 'withhold']));

    await h.ok('case', { action: 'release', caseId: sent.id }, OFFICE);
    expect((await h.ok('staff', { action: 'inbox', box: 'new', page: 1, pageSize: 10 }, REP_LI)).items.map((c: { id: string }) => c.id)).toEqual([sent.id]);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: sent.id }, REP_LI)).held).toBeNull();
    expect((await outbox(sent.id)).map((e) => [e.kind, e.to])).toEqual([
      ['content_held', { key: 'office:qingxi' }],
      ['case_submitted', { key: 'representative:qingxi:rep-1' }],
    ]);
    expect((await h.ok('staff', { action: 'inbox', box: 'held', page: 1, pageSize: 10 }, OFFICE)).items).toEqual([]);
  });

  it('promises no date while held, and starts the first deadline when it is released, not counting the days in review', async () => {
    const sent = await h.ok('resident', submission({ description: FLAGGED }), WANG); // Monday 23 November
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', sent.id))!.dueDate).toBeNull();
    h.clock.t = Date.parse('2026-11-26T10:00:00+08:00'); // the office reviews it on Thursday
    await h.ok('case', { action: 'release', caseId: sent.id }, OFFICE);
    // a working day to accept it (27 November), then a township's 15 working days
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: sent.id }, WANG)).dueDate).toBe('2026-12-18');
    // accepted as a county matter, the promise moves to a month, still counted from the release
    await h.ok('case', { action: 'accept', caseId: sent.id, level: 'county' }, REP_LI);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: sent.id }, WANG)).dueDate).toBe('2026-12-28');
  });

  it('withheld, it is closed with the reason told to the resident, and its words stay on record', async () => {
    const sent = await h.ok('resident', submission({ description: FLAGGED }), WANG);
    await h.ok('case', { action: 'withhold', caseId: sent.id, reason: '内容涉及违法线索，请直接拨打110' }, OFFICE);

    const mine = await h.ok<CaseView>('case', { action: 'detail', caseId: sent.id }, WANG);
    expect(mine).toMatchObject({ status: 'withheld', statusText: '未通过核对', description: FLAGGED, held: null });
    // it never reached the representative, and does not now
    expect(await h.api('case', { action: 'detail', caseId: sent.id }, REP_LI)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await h.ok('staff', { action: 'inbox', box: 'done', page: 1, pageSize: 10 }, REP_LI)).items).toEqual([]);
    expect(mine.timeline.at(-1)).toMatchObject({ action: 'withhold', note: '内容涉及违法线索，请直接拨打110' });
    expect((await outbox(sent.id)).filter((e) => e.kind === 'content_withheld')).toEqual([
      { kind: 'content_withheld', to: { openid: WANG }, title: '您反映的内容没有通过核对', body: '原因：内容涉及违法线索，请直接拨打110' },
    ]);
  });

  it('is withdrawn, not released, when the reason for withdrawing it would not pass the check either', async () => {
    const sent = await h.ok('resident', submission({ description: FLAGGED }), WANG);
    await h.ok('case', { action: 'withdraw', caseId: sent.id, reason: `不反映了，${FLAGGED}` }, WANG);
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', sent.id)).toMatchObject({ status: 'withdrawn', held: null });
    // nothing waits for review, nothing reaches the representative
    expect((await h.ok('staff', { action: 'inbox', box: 'held', page: 1, pageSize: 10 }, OFFICE)).items).toEqual([]);
    expect((await outbox(sent.id)).map((e) => e.kind)).toEqual(['content_held']);
    expect(await h.api('case', { action: 'release', caseId: sent.id }, OFFICE)).toMatchObject({ ok: false });
  });

  it('withdrawn while held, it stays the resident’s and the office’s: no other desk, list, ledger or figure has it', async () => {
    const sent = await h.ok('resident', submission({ description: FLAGGED }), WANG);
    await h.ok('case', { action: 'withdraw', caseId: sent.id, reason: '不想反映了' }, WANG);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: sent.id }, WANG)).statusText).toBe('已撤回');
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: sent.id }, OFFICE)).description).toBe(FLAGGED);
    // it waits for no review any more
    expect((await h.ok('staff', { action: 'inbox', box: 'held', page: 1, pageSize: 10 }, OFFICE)).items).toEqual([]);
    for (const who of [REP_LI, SUP_TOWNSHIP, ASSIGNER]) {
      expect(await h.api('case', { action: 'detail', caseId: sent.id }, who)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect((await h.ok('staff', { action: 'inbox', box: 'done', page: 1, pageSize: 10 }, who)).items).toEqual([]);
    }
    const period = { from: '2026-11-01', to: '2026-11-30' };
    expect((await h.ok('office', { action: 'ledger', ...period }, OFFICE)).total).toBe(0);
    expect((await h.ok('office', { action: 'statistics', ...period }, OFFICE)).totals.collected).toBe(0);
    // a request withdrawn after it reached the representative is theirs to see, as before
    const plain = await h.ok('resident', submission(), WANG);
    await h.ok('case', { action: 'withdraw', caseId: plain.id }, WANG);
    expect((await h.ok('staff', { action: 'inbox', box: 'done', page: 1, pageSize: 10 }, REP_LI)).items.map((c: { id: string }) => c.id)).toEqual([plain.id]);
    expect((await h.ok('office', { action: 'ledger', ...period }, OFFICE)).total).toBe(1);
  });
});

describe('an action whose words are flagged', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('holds a handler’s reply, shown to the resident only once the office releases it', async () => {
    const id = await handlingCase();
    const before = await outbox(id);
    const view = await h.ok<CaseView>('case', { action: 'reply', caseId: id, reply: `已联系派出所处理${FLAGGED}的问题` }, BUILD);
    expect(view.held).toMatchObject({ actionText: '进展答复', text: expect.stringContaining('网络赌博') });

    const resident = await h.ok<CaseView>('case', { action: 'detail', caseId: id }, WANG);
    expect(resident.timeline.map((e) => e.action)).not.toContain('reply');
    expect(resident.held).toMatchObject({ actionText: '进展答复', text: null, why: null });
    expect((await outbox(id)).slice(before.length).map((e) => e.kind)).toEqual(['content_held']);

    // what others would read waits; internal work goes on
    expect(await h.api('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: '已处理' }, BUILD)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: '上一条内容正在核对，核对后才能继续办理' },
    });
    await h.ok('case', { action: 'note', caseId: id, note: '等办公室核对' }, BUILD);

    await h.ok('case', { action: 'release', caseId: id }, OFFICE);
    const after = await h.ok<CaseView>('case', { action: 'detail', caseId: id }, WANG);
    expect(after.held).toBeNull();
    expect(after.timeline.at(-1)).toMatchObject({ action: 'reply', note: `已联系派出所处理${FLAGGED}的问题`, actor: { relation: 'handler' } });
    const told = (await outbox(id)).slice(before.length).filter((e) => e.kind === 'case_progress');
    expect(told).toEqual([{ kind: 'case_progress', to: { openid: WANG }, title: '您反映的问题有新进展', body: expect.stringContaining('已联系派出所处理') }]);
  });

  it('withheld, a reply goes back to its author with the words they wrote, and they can reply again', async () => {
    const id = await handlingCase();
    const words = `已联系派出所处理${FLAGGED}的问题`;
    await h.ok('case', { action: 'reply', caseId: id, reply: words }, BUILD);
    await h.ok('case', { action: 'withhold', caseId: id, reason: '请不要在答复里写举报线索' }, OFFICE);

    const [back, ...more] = (await outbox(id)).filter((e) => e.kind === 'content_withheld');
    expect(more).toEqual([]);
    expect(back!.to).toEqual({ openid: BUILD });
    expect(back!.body).toContain('请不要在答复里写举报线索');
    expect(back!.body).toContain('已联系派出所处理');
    const view = await h.ok<CaseView>('case', { action: 'reply', caseId: id, reply: '已联系有关部门处理，请放心' }, BUILD);
    expect(view.held).toBeNull();
    expect(view.timeline.filter((e) => e.action === 'reply').map((e) => e.note)).toEqual(['已联系有关部门处理，请放心']);
  });

  it('rates the case only when the office releases a flagged rating comment', async () => {
    const id = await handlingCase();
    await h.ok('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: '路灯已修好' }, BUILD);
    await h.ok('case', { action: 'rate', caseId: id, rating: 'satisfied', comment: '修好了，顺便说下有人搞刷单返利' }, WANG);
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', id)).toMatchObject({ status: 'replied', rating: null });

    await h.ok('case', { action: 'release', caseId: id }, OFFICE);
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', id)).toMatchObject({
      status: 'closed',
      rating: 'satisfied',
      ratingComment: '修好了，顺便说下有人搞刷单返利',
      held: null,
    });
  });

  it('gives the unit of a held 交办 its whole time limit from the release, not from when it was held', async () => {
    const { id } = await h.ok('resident', submission(), WANG); // Monday 23 November
    await h.ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
    await h.ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build', note: `请核实${FLAGGED}` }, REP_LI);
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', id)).toMatchObject({ status: 'accepted', unitId: null });
    h.clock.t = Date.parse('2026-11-26T10:00:00+08:00'); // the office reviews it on Thursday
    await h.ok('case', { action: 'release', caseId: id }, OFFICE);
    // fifteen working days from Friday 27 November, not from Tuesday 24
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', id)).toMatchObject({
      status: 'assigned',
      unitId: 'qingshi-build',
      assignedAt: h.clock.t,
      dueDate: '2026-12-17',
    });
  });

  it('cannot release what the case has moved past, and says to withhold it instead', async () => {
    const id = await handlingCase();
    await h.ok('case', { action: 'reply', caseId: id, reply: FLAGGED }, BUILD);
    await h.ok('case', { action: 'escalate', caseId: id, reason: '需要县公安局处理' }, BUILD);

    expect(await h.api('case', { action: 'release', caseId: id }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: expect.stringContaining('不予放行') },
    });
    await h.ok('case', { action: 'withhold', caseId: id, reason: '事项已上报' }, OFFICE);
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', id))!.held).toBeNull();
  });
});

it('holds the words when the content check cannot answer, rather than show them unchecked', async () => {
  h = await startHarness({ platform: { checkText: () => Promise.reject(new Error('msgSecCheck timed out')) } });
  const sent = await h.ok('resident', submission(), WANG);
  expect(sent.held).toBe(true);
  expect((await h.ok<CaseView>('case', { action: 'detail', caseId: sent.id }, OFFICE)).held).toMatchObject({ why: '内容检查暂时没有结果' });
});

describe('photos and WeChat’s image check', () => {
  const PHOTOS = ['/uploads/0123456789abcdef0123456789abcdef.jpg', '/uploads/fedcba9876543210fedcba9876543210.png'];
  const traceOf = (photo: string) => `trace-${photo.slice(9, 13)}`;
  /** each photo as a view hands it out: its id and a temporary address signed for it */
  const signed = (photos: readonly string[]) =>
    photos.map((id) => ({ id, url: expect.stringMatching(new RegExp(`^${id.replace(/\./g, '\\.')}\\?expires=\\d+&sig=[0-9a-f]{32}$`)) }));
  const push = (traceId: string, suggest: string, label = '100') => h.runtime.push('media', mediaCheckPush(traceId, suggest, label));
  beforeEach(async () => {
    // as in production: the answer comes later, by message push
    h = await startHarness({ platform: { checkMedia: async ({ fileId }) => ({ traceId: traceOf(fileId) }) } });
  });

  it('shows a photo to the people handling the case only once the check passes it', async () => {
    const { id } = await h.ok('resident', submission({ photos: PHOTOS }), WANG);
    const rep = () => h.ok<CaseView>('case', { action: 'detail', caseId: id }, REP_LI);
    expect(await rep()).toMatchObject({ photos: [], photoReview: { hidden: 2, flagged: [] } });
    expect(await h.ok<CaseView>('case', { action: 'detail', caseId: id }, WANG)).toMatchObject({ photos: signed(PHOTOS), photoReview: { hidden: 0 } });

    expect(await push(traceOf(PHOTOS[0]!), 'pass')).toEqual({ ok: true, data: { matched: true } });
    expect(await rep()).toMatchObject({ photos: signed([PHOTOS[0]!]), photoReview: { hidden: 1 } });
  });

  it('brings a flagged photo to the office, which can let it through', async () => {
    const { id } = await h.ok('resident', submission({ photos: PHOTOS }), WANG);
    await push(traceOf(PHOTOS[0]!), 'pass');
    await push(traceOf(PHOTOS[1]!), 'risky', '20002');
    expect((await outbox(id)).filter((e) => e.kind === 'content_held')).toEqual([
      { kind: 'content_held', to: { key: 'office:qingxi' }, title: expect.stringContaining('待核对'), body: expect.stringContaining('照片') },
    ]);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, OFFICE)).photoReview.flagged).toEqual(signed([PHOTOS[1]!]));
    expect(await h.api('case', { action: 'releasePhoto', caseId: id, photo: PHOTOS[1] }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await h.ok('case', { action: 'releasePhoto', caseId: id, photo: PHOTOS[1] }, OFFICE);
    expect(await h.ok<CaseView>('case', { action: 'detail', caseId: id }, REP_LI)).toMatchObject({ photos: signed(PHOTOS), photoReview: { hidden: 0 } });
    expect(await h.api('case', { action: 'releasePhoto', caseId: id, photo: PHOTOS[1] }, OFFICE)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('ignores answers for no known photo and events of other kinds', async () => {
    const { id } = await h.ok('resident', submission({ photos: PHOTOS }), WANG);
    const before = await getById<CaseRecord>(h.runtime.db, 'cases', id);
    expect(await push('trace-made-up', 'pass')).toEqual({ ok: true, data: { matched: false } });
    expect(await h.runtime.push('media', { MsgType: 'event', Event: 'subscribe_msg_popup_event' })).toEqual({ ok: true, data: { ignored: true } });
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', id)).toEqual(before);
  });

  it('holds a photo for the office when the check cannot be asked', async () => {
    await h.stop();
    h = await startHarness({ platform: { checkMedia: () => Promise.reject(new Error('getTempFileURL failed')) } });
    const { id } = await h.ok('resident', submission({ photos: [PHOTOS[0]] }), WANG);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, OFFICE)).photoReview.flagged).toEqual(signed([PHOTOS[0]!]));
    expect((await outbox(id)).map((e) => e.kind)).toEqual(['case_submitted', 'content_held']);
  });
});
