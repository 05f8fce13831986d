/**
 * 我也反映 instead of duplicates: the lookup before sending, 是同一件事, what a co-reporter hears,
 * sees and rates, the office's 并案, and the statistics of distinct problems and co-reporters.
 */
import type { CaseView, CaseSummary, Page } from '../../types/api';
import type { AuditEntry, CaseRecord, OutboxEntry } from '../../types/domain';
import type { Statistics } from '../../src/domain/statistics';
import type { SimilarCase } from '../../src/server/usecases/metoo';
import { getAll, getById } from '../../src/server/store';
import { mediaCheckPush } from '../fixtures';
import { RULES } from '../../config/rules';
import { BUILD, LI_RESIDENT, MONDAY_9AM, OFFICE, REP_LI, requestId, startHarness, submission, WANG, type Harness } from '../harness';

const ZHAO = 'dev-resident-zhao-metoo';
const QIAN = 'dev-resident-qian-metoo';
const LIGHT = '村口那盏路灯坏了好几天了，晚上黑漆漆的，老人出门不方便';
const DRAFT = { cardCode: 'QX0001', category: 'road', description: '村口路灯不亮了，晚上走路看不见' };

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ platform: { checkMedia: async ({ fileId }) => ({ traceId: `trace-${fileId.slice(9, 13)}` }) } });
});
afterEach(() => h.stop());

const send = async (openid: string, over: Record<string, unknown> = {}) =>
  (await h.ok('resident', submission({ description: LIGHT, ...over }), openid)).id as string;
const similar = async (openid: string, over: Record<string, unknown> = {}) =>
  (await h.ok<{ items: SimilarCase[] }>('resident', { action: 'similar', ...DRAFT, ...over }, openid)).items;
const metoo = (openid: string, caseId: string) => h.api('resident', { action: 'metoo', cardCode: 'QX0001', caseId, requestId: requestId() }, openid);
const detail = (openid: string, caseId: string) => h.ok<CaseView>('case', { action: 'detail', caseId }, openid);
const record = async (id: string) => (await getById<CaseRecord>(h.runtime.db, 'cases', id))!;
const outboxTo = async (openid: string) =>
  (await getAll(h.runtime.db.collection<OutboxEntry>('outbox').where({ 'to.openid': openid }).orderBy('_id', 'asc'))).map((e) => e.kind);
/** the representative accepts and routes it; the unit signs and answers */
async function answer(caseId: string) {
  await h.ok('case', { action: 'accept', caseId, level: 'township' }, REP_LI);
  await h.ok('case', { action: 'assign', caseId, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  await h.ok('case', { action: 'sign', caseId }, BUILD);
  await h.ok('case', { action: 'close', caseId, outcome: 'resolved', feedbackMethod: 'message', reply: '路灯已修好' }, BUILD);
}

describe('the lookup before sending', () => {
  it('shows an open case of the same village that looks like the draft, with what the public may read of it', async () => {
    const id = await send(WANG);
    await send(WANG, { description: '我家低保申请交上去半年了，一直没有消息', category: 'welfare' });
    const items = await similar(LI_RESIDENT);
    expect(items).toEqual([
      expect.objectContaining({
        id,
        summary: expect.stringContaining('路灯坏了'),
        status: 'submitted',
        statusText: '待受理',
        categoryName: '道路交通',
        raisedBy: 1,
        yours: false,
        photoUrl: null,
      }),
    ]);
    expect(items[0]!.createdOn).toBe('2026-11-23');
    // never who sent it
    expect(JSON.stringify(items)).not.toMatch(/王大爷|13912345678|dev-resident/);
    // its own sender is told it is theirs
    expect((await similar(WANG))[0]).toMatchObject({ id, yours: true });
  });

  it('masks a phone number the sender wrote into the words another resident reads', async () => {
    await send(WANG, { description: `${LIGHT}，有事打我电话 139 1234 5678` });
    const [item] = await similar(LI_RESIDENT);
    expect(item!.summary).toContain('路灯坏了');
    expect(item!.summary).not.toMatch(/\d{3}/);
    expect(item!.summary).toContain('***');
  });

  it('offers nothing of another category, nor a finished or merged case', async () => {
    const id = await send(WANG);
    expect(await similar(LI_RESIDENT, { category: 'utilities' })).toEqual([]);
    await h.ok('case', { action: 'reject', caseId: id, reason: '不属于受理范围' }, REP_LI);
    expect(await similar(LI_RESIDENT)).toEqual([]);
  });

  it('drops a case from its index once it is finished, so a village’s closed cases are never read', async () => {
    const id = await send(WANG);
    expect((await record(id)).similarKeys!.length).toBeGreaterThan(0);
    await answer(id);
    // answered, it waits for its rating, and is still offered
    expect(await similar(LI_RESIDENT)).toEqual([expect.objectContaining({ id, status: 'replied' })]);
    await h.ok('case', { action: 'rate', caseId: id, rating: 'satisfied' }, WANG);
    expect((await record(id)).similarKeys).toEqual([]);
    expect(await similar(LI_RESIDENT)).toEqual([]);
  });

  it('weighs only the newest cases sharing a fault and a thing with the draft, however many the village has', async () => {
    const few = await startHarness({ rules: { ...RULES, similar: { ...RULES.similar, weigh: 2 } } });
    try {
      const sent: string[] = [];
      for (const hours of [0, 1, 2]) {
        few.clock.t = MONDAY_9AM + hours * 3_600_000;
        sent.push((await few.ok('resident', submission({ description: LIGHT }), `${WANG}-${hours}`)).id as string);
      }
      const { items } = await few.ok<{ items: SimilarCase[] }>('resident', { action: 'similar', ...DRAFT }, LI_RESIDENT);
      // three alike, the two newest weighed: the oldest is not offered, though max shows three
      expect(items.map((i) => i.id)).toEqual([sent[2], sent[1]]);
    } finally {
      await few.stop();
    }
  });

  it('finds a case by the category the representative gave it on 受理, no longer by the one it was sent with', async () => {
    const id = await send(WANG, { category: 'utilities' });
    expect(await similar(LI_RESIDENT, { category: 'utilities' })).toEqual([expect.objectContaining({ id })]);
    await h.ok('case', { action: 'accept', caseId: id, category: 'road', level: 'township' }, REP_LI);
    expect(await similar(LI_RESIDENT, { category: 'utilities' })).toEqual([]);
    expect(await similar(LI_RESIDENT)).toEqual([expect.objectContaining({ id, categoryName: '道路交通' })]);
  });

  it('shows nothing of an anonymous case that could say who sent it: no words, no photo', async () => {
    const photo = '/uploads/0123456789abcdef0123456789abcdef.jpg';
    await send(WANG, { anonymous: true, name: undefined, phone: undefined, photos: [photo], description: `${LIGHT}，就在我家王记小卖部门口` });
    await h.runtime.push('media', mediaCheckPush('trace-0123', 'pass'));
    const [found] = await similar(LI_RESIDENT);
    expect(found).toMatchObject({ summary: null, photoUrl: null, raisedBy: 1 });
    expect(JSON.stringify(found)).not.toContain('小卖部');
  });

  it('shows the first photo only once WeChat’s image check passed it', async () => {
    const photo = '/uploads/fedcba9876543210fedcba9876543210.png';
    await send(WANG, { photos: [photo] });
    expect((await similar(LI_RESIDENT))[0]!.photoUrl).toBeNull();
    await h.runtime.push('media', mediaCheckPush('trace-fedc', 'pass'));
    expect((await similar(LI_RESIDENT))[0]!.photoUrl).toMatch(/^\/uploads\/fedcba9876543210fedcba9876543210\.png\?expires=/);
  });
});

describe('是同一件事', () => {
  it('makes the resident a co-reporter: counted, noted without identity, listed among their cases, told every message', async () => {
    const id = await send(WANG);
    expect(await metoo(LI_RESIDENT, id)).toMatchObject({ ok: true, data: { caseId: id, raisedBy: 2, added: true } });
    // again: nothing changes
    expect(await metoo(LI_RESIDENT, id)).toMatchObject({ ok: true, data: { raisedBy: 2, added: false } });
    expect((await record(id)).coReporters).toEqual([LI_RESIDENT]);

    const seen = await detail(LI_RESIDENT, id);
    expect(seen).toMatchObject({ raisedBy: 2, relations: ['co_reporter'], resident: { anonymous: true }, actions: [], canCoRate: false });
    expect(seen.timeline.map((e) => e.note)).toContain('又有1位群众反映了同一件事');
    // the co-reporter never reads the reporter's name or phone, not even in the timeline
    expect(JSON.stringify(seen)).not.toMatch(/王大爷|13912345678/);
    expect((await detail(WANG, id)).raisedBy).toBe(2);

    const mine = await h.ok<Page<CaseSummary>>('resident', { action: 'myCases' }, LI_RESIDENT);
    expect(mine.items.map((c) => [c.id, c.raisedBy])).toEqual([[id, 2]]);

    await h.ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
    expect(await outboxTo(LI_RESIDENT)).toEqual(['case_accepted']);
  });

  it('refuses the reporter themselves, and lets a co-reporter neither withdraw nor rate for the resident', async () => {
    const id = await send(WANG);
    expect(await metoo(WANG, id)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '这是您自己反映的事项，不用再反映' } });
    await metoo(LI_RESIDENT, id);
    expect(await h.api('case', { action: 'withdraw', caseId: id }, LI_RESIDENT)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await record(id)).status).toBe('submitted');
  });

  it('refuses a closed case in words, not as missing, and a case older than the lookup’s window', async () => {
    const closed = await send(WANG);
    await answer(closed);
    await h.ok('case', { action: 'rate', caseId: closed, rating: 'satisfied' }, WANG);
    expect(await metoo(LI_RESIDENT, closed)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: '这件事项已经办结或不再办理，请另外提交您的诉求' },
    });

    const old = await send(WANG, { description: '水渠堵了，下雨就淹到田里' });
    h.clock.t = MONDAY_9AM + (RULES.similar.days + 1) * 24 * 3_600_000;
    expect(await metoo(LI_RESIDENT, old)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: expect.stringMatching(/^这件事项是11月23日反映的，已超过30天/) },
    });
    expect((await record(old)).coReporters ?? []).toEqual([]);
  });

  it('refuses a case of a village the card does not cover', async () => {
    const id = await send(WANG);
    // 陈海燕's card (QX0003) covers 柳河村, not 桃源村
    expect(await h.api('resident', { action: 'metoo', cardCode: 'QX0003', caseId: id, requestId: requestId() }, LI_RESIDENT)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await record(id)).coReporters ?? []).toEqual([]);
  });

  it('keeps each co-reporter’s own rating, once, and counts every rating in 满意率', async () => {
    const id = await send(WANG);
    await metoo(LI_RESIDENT, id);
    expect(await h.api('resident', { action: 'coRate', caseId: id, rating: 'satisfied' }, LI_RESIDENT)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: '这件事项答复后才能评价' },
    });
    await answer(id);
    expect(await h.ok('resident', { action: 'coRate', caseId: id, rating: 'dissatisfied' }, LI_RESIDENT)).toEqual({
      caseId: id,
      rating: 'dissatisfied',
      ratingText: '不满意',
    });
    expect(await h.api('resident', { action: 'coRate', caseId: id, rating: 'satisfied' }, LI_RESIDENT)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
    expect(await h.api('resident', { action: 'coRate', caseId: id, rating: 'satisfied' }, WANG)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await h.ok('case', { action: 'rate', caseId: id, rating: 'satisfied' }, WANG);
    expect(await detail(LI_RESIDENT, id)).toMatchObject({ myCoRating: 'dissatisfied', rating: 'satisfied', status: 'closed' });
    const stats = await h.ok<Statistics>('office', { action: 'statistics' }, OFFICE);
    expect(stats.ratings).toEqual({ satisfied: 1, basic: 0, dissatisfied: 1 });
    expect(stats.problems).toEqual({ distinct: 1, merged: 0, coReporters: 1 });
  });
});

describe('并案', () => {
  it('merges one case into another: the first stops, all its reporters follow the other and are told, both timelines and the audit say who and why', async () => {
    const a = await send(WANG);
    await metoo(ZHAO, a);
    const b = await send(LI_RESIDENT);
    // the case page offers 并案 to the office alone, while the case is open
    expect(await detail(OFFICE, a)).toMatchObject({ canMerge: true, villageId: 'taoyuan' });
    expect((await detail(WANG, a)).canMerge).toBe(false);
    const merged = await h.ok('case', { action: 'merge', caseId: a, intoCaseId: b, reason: '同一盏路灯' }, OFFICE);
    expect(merged).toMatchObject({ caseId: a, intoCaseId: b, raisedBy: 3 });

    const A = await record(a);
    expect(A).toMatchObject({ status: 'merged', mergedInto: b, nextReminderAt: null });
    expect(await detail(OFFICE, a)).toMatchObject({ canMerge: false, mergedInto: b });
    expect((await record(b)).coReporters).toEqual([WANG, ZHAO]);
    expect(A.events.at(-1)).toMatchObject({ action: 'merge', actor: { relation: 'office' }, note: expect.stringContaining('同一盏路灯') });
    expect((await record(b)).events.at(-1)).toMatchObject({ action: 'merge', note: expect.stringContaining(A.no) });
    const audit = await getAll(h.runtime.db.collection<AuditEntry>('audit').where({ kind: 'merge' }).orderBy('at', 'asc'));
    expect(audit).toEqual([expect.objectContaining({ caseId: a, by: OFFICE, detail: expect.stringContaining('同一盏路灯') })]);
    expect(await outboxTo(WANG)).toContain('case_progress');
    expect(await outboxTo(ZHAO)).toContain('case_progress');

    // the merged case's resident now hears the other case and sees it without its sender
    await h.ok('case', { action: 'accept', caseId: b, level: 'township' }, REP_LI);
    expect(await outboxTo(WANG)).toContain('case_accepted');
    expect(JSON.stringify(await detail(WANG, b))).not.toMatch(/王大爷|13912345678/);
    expect((await detail(WANG, b)).resident).toEqual({ anonymous: true });

    const stats = await h.ok<Statistics>('office', { action: 'statistics' }, OFFICE);
    expect(stats.totals.collected).toBe(2);
    expect(stats.problems).toEqual({ distinct: 1, merged: 1, coReporters: 2 });
  });

  it('refuses a merge into itself, twice, into a finished case, across villages, and by anyone but the office', async () => {
    const a = await send(WANG);
    const b = await send(LI_RESIDENT);
    const other = await send(QIAN, { cardCode: 'QX0003' });
    const merge = (caseId: string, intoCaseId: string, openid = OFFICE) => h.api('case', { action: 'merge', caseId, intoCaseId, reason: '同一件事' }, openid);
    expect(await merge(a, a)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '不能把事项并入它自己' } });
    expect(await merge(a, other)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '只能合并同一个村(社区)的事项' } });
    // its representative has a part in it and is told who merges; a resident of another case learns nothing of it
    expect(await merge(a, b, REP_LI)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('只有县联系群众工作办公室可以并案') },
    });
    expect(await merge(a, b, QIAN)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await record(a)).status).toBe('submitted');
    await h.ok('case', { action: 'reject', caseId: b, reason: '不属于受理范围' }, REP_LI);
    expect(await merge(a, b)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const c = await send(ZHAO);
    expect((await merge(a, c)).ok).toBe(true);
    expect(await merge(a, c)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '这件事项已经并案了' } });
    expect(await merge(c, a)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('loses no reporter when two merges into one case run at once', async () => {
    const a = await send(WANG);
    const c = await send(ZHAO);
    const b = await send(LI_RESIDENT);
    const results = await Promise.all([
      h.api('case', { action: 'merge', caseId: a, intoCaseId: b, reason: '同一件事' }, OFFICE),
      h.api('case', { action: 'merge', caseId: c, intoCaseId: b, reason: '同一件事' }, OFFICE),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect([...(await record(b)).coReporters!].sort()).toEqual([WANG, ZHAO].sort());
  });
});
