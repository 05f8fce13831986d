/**
 * After the answer: 问题还在吗 a month after 已办结 (还在 reopens the case as 再交办 to the same unit),
 * and every resident reached — one-time consents counted per template, answers that cannot be
 * pushed put on the representative's 回访 list, the share reached within 24 h, the long-term
 * subscription setting. On the embedded store with a fixed clock and a stand-in for WeChat that
 * keeps each person's subscriptions as WeChat would.
 */
import { RULES } from '../../config/rules';
import { TEMPLATE_FOR } from '../../config/subscribe';
import type { TemplateName } from '../../config/deployment';
import type { CaseView } from '../../types/api';
import type { AuditEntry, Callback, CaseRecord, Consent, Delivery, OutboxEntry, Reach } from '../../types/domain';
import { startOfShanghaiDay } from '../../src/domain/calendar';
import { reachedShare } from '../../src/domain/followup';
import { similarKeys } from '../../src/domain/metoo';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { getAll, getById } from '../../src/server/store';
import type { CallbackItem } from '../../src/server/usecases/followup';
import { messageCentre } from '../../src/server/usecases/outbox';
import { consentId } from '../../src/server/usecases/reach';
import type { CountyStatistics } from '../../src/server/usecases/statistics';
import { ASSIGNER, BUILD, FixedClock, LI_RESIDENT, MONDAY_9AM, OFFICE, quietLog, REP_LI, REP_ZHANG, requestId, submission, WANG } from '../harness';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const STRANGER = 'dev-stranger';

let rt: LocalRuntime;
let clock: FixedClock;
/** WeChat's side: each person's one-time subscriptions left per template, and who turned them off */
let wechat: Map<string, number>;
let refusing: Set<string>;
let longTerm: boolean;
/** the subscribe messages WeChat sent */
let pushes: Delivery[];

const key = (openid: string, template: TemplateName) => `${openid}|${template}`;

async function open(options: { longTerm?: boolean } = {}) {
  clock = new FixedClock(MONDAY_9AM);
  wechat = new Map();
  refusing = new Set();
  pushes = [];
  longTerm = options.longTerm ?? false;
  rt = await openLocalRuntime({
    clock,
    log: quietLog,
    messenger: (db) => {
      const centre = messageCentre({ db });
      return {
        longTerm,
        async deliver(d, o) {
          await centre.deliver(d);
          if (o?.push === false) return 'delivered';
          const k = key(d.to, TEMPLATE_FOR[d.kind]);
          const left = wechat.get(k) ?? 0;
          if (refusing.has(d.to) || (!longTerm && left === 0) || (longTerm && !wechat.has(k))) return 'unsubscribed';
          if (!longTerm) wechat.set(k, left - 1);
          pushes.push(d);
          return 'pushed';
        },
      };
    },
  });
}
afterEach(() => rt.close());

async function call<T = any>(fn: string, event: Record<string, unknown>, openid: string | null) {
  return rt.call(fn, event, openid) as Promise<{ ok: true; data: T } | { ok: false; error: { code: string; message: string } }>;
}
async function ok<T = any>(fn: string, event: Record<string, unknown>, openid: string | null): Promise<T> {
  const res = await call<T>(fn, event, openid);
  if (!res.ok) throw new Error(`${fn}.${String(event.action)} as ${openid}: ${res.error.code} ${res.error.message}`);
  return res.data;
}
async function refused(fn: string, event: Record<string, unknown>, openid: string | null, code: string, message?: RegExp) {
  const res = await call(fn, event, openid);
  expect(res).toMatchObject({ ok: false, error: { code } });
  if (message && !res.ok) expect(res.error.message).toMatch(message);
}

/** The person accepts these templates in WeChat's dialog, and the page tells the server. */
async function consents(openid: string, templates: TemplateName[]) {
  for (const t of templates) wechat.set(key(openid, t), (wechat.get(key(openid, t)) ?? 0) + 1);
  return ok('resident', { action: 'consented', templates }, openid);
}

const caseOf = async (id: string) => (await getById<CaseRecord>(rt.db, 'cases', id))!;
const callbacks = async () => getAll(rt.db.collection<Callback>('callbacks').orderBy('createdAt', 'asc'));
const reaches = async () => getAll(rt.db.collection<Reach>('reaches').orderBy('answeredAt', 'asc'));
const close = (caseId: string, outcome = 'resolved') =>
  ok<CaseView>(
    'case',
    {
      action: 'close',
      caseId,
      outcome,
      feedbackMethod: 'message',
      reply: '三盏路灯已全部修好，请您查看。',
      ...(outcome === 'in_progress' ? { plan: '下周施工', expectedDate: '2026-12-10' } : {}),
    },
    BUILD,
  );

/** Sent by 王大爷, routed to 青石镇村镇建设服务中心 (township), signed, closed with `outcome`, rated 满意: 已办结 on Monday 23 November. */
async function closedCase(outcome = 'resolved'): Promise<string> {
  const { id } = await ok<{ id: string }>('resident', submission(), WANG);
  await ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
  await ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  await ok('case', { action: 'sign', caseId: id }, BUILD);
  await close(id, outcome);
  await ok('case', { action: 'rate', caseId: id, rating: 'satisfied' }, WANG);
  return id;
}

/** The remind timer's run at a moment: the day `days` after 已办结, at the reminders' hour. */
const dayAfterClosing = (days: number) => startOfShanghaiDay('2026-11-23') + days * DAY + RULES.reminders.hour * HOUR;

const asked = async () => (await getAll(rt.db.collection<OutboxEntry>('outbox').orderBy('_id', 'asc'))).filter((e) => e.kind === 'case_still_there');

describe('问题还在吗', () => {
  beforeEach(() => open());

  it('asks the resident once on the 30th day after 已办结, not the 29th, however often and however many sweeps run at once', async () => {
    const id = await closedCase();
    clock.t = dayAfterClosing(RULES.stillThere.askAfterDays - 1) + 12 * HOUR;
    await rt.runTimer('remind');
    expect(await asked()).toEqual([]);

    clock.t = dayAfterClosing(RULES.stillThere.askAfterDays);
    const runs = await Promise.all([rt.runTimer('remind'), rt.runTimer('remind')]);
    await rt.runTimer('remind');
    expect(runs.map((r) => (r.ok ? (r.data as { askedStillThere: number }).askedStillThere : -1)).sort()).toEqual([0, 1]);
    expect((await asked()).map((e) => [e.to, e.title])).toEqual([[{ openid: WANG }, '您反映的问题还在吗？']]);
    const seen = await ok<CaseView>('case', { action: 'detail', caseId: id }, WANG);
    expect(seen).toMatchObject({ status: 'closed', stillThere: { answerDate: '2027-01-06', answer: null }, reopenCount: 0 });
    expect(seen.actions).toContain('still_there');
    expect(seen.timeline.filter((e) => e.action === 'ask_still_there')).toHaveLength(1);
  });

  it('reopens the case on 还在 as 再交办 to the same unit and level, with a new due date counted across a holiday and its history kept', async () => {
    const id = await closedCase();
    // the office has entered 2027's holidays: 元旦 is a rest day
    await ok('office', { action: 'publishYear', year: 2027, name: '2027年节假日安排' }, OFFICE);
    await ok('office', { action: 'setCalendarDay', date: '2027-01-01', kind: 'holiday', name: '元旦' }, OFFICE);
    const before = await caseOf(id);
    clock.t = dayAfterClosing(30);
    await rt.runTimer('remind');
    clock.advance(HOUR);

    const reopened = await ok<CaseView>('case', { action: 'still_there', caseId: id, answer: 'still', requestId: requestId() }, WANG);
    // Wed 23 Dec + 15 working days, 元旦 not one of them: Thu 14 Jan (13 Jan without the holiday)
    expect(reopened).toMatchObject({ status: 'assigned', level: 'township', unitName: '青石镇村镇建设服务中心', dueDate: '2027-01-14', reopenCount: 1 });
    expect(reopened).toMatchObject({ outcome: null, rating: null, stillThere: { answer: 'still', answerText: '还在' } });
    const c = await caseOf(id);
    expect([c.unitId, c.assignedAt, c.closedAt, c.nextReminderAt !== null, c.warnings]).toEqual(['qingshi-build', clock.now(), null, true, []]);
    // closed it was out of 我也反映's index; open again, it is back in, by the day it was sent
    expect(before.similarKeys).toEqual([]);
    expect(c.similarKeys).toEqual(similarKeys(c.countyId, c.villageId, c.category, c.description));
    expect(c.similarKeys!.length).toBeGreaterThan(0);
    // the history stays: every event before it, then the reopening in words the resident reads
    expect(c.events.slice(0, before.events.length)).toEqual(before.events);
    expect(c.events.at(-1)).toMatchObject({ action: 'still_there', from: 'closed', to: 'assigned', note: '群众反映问题还在，再交办', visibility: 'public' });

    await rt.deliver();
    const inbox = async (openid: string) => (await ok<{ items: Array<{ kind: string; title: string }> }>('messages', { action: 'list' }, openid)).items;
    expect(await inbox(BUILD)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'case_assigned', title: '群众反映问题还在，再交办，请于1月14日前办结' })]),
    );
    expect(await inbox(REP_LI)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'case_reopened' })]));

    // the unit handles it again; the recurrence rate counts it, for the county and for the unit
    await ok('case', { action: 'sign', caseId: id }, BUILD);
    const stats = await ok<CountyStatistics>('office', { action: 'statistics', from: '2026-11-01', to: '2026-11-30' }, OFFICE);
    expect(stats.recurrence).toEqual({ numerator: 1, denominator: 1, percent: 100 });
    expect(stats.units.find((u) => u.unitId === 'qingshi-build')?.recurrence).toEqual({ numerator: 1, denominator: 1, percent: 100 });
    expect(stats.totals).toMatchObject({ resolved: 0, open: 1 });
    // rollups kept as the cases say: a recount gives the same figures
    await ok('office', { action: 'recount' }, OFFICE);
    expect(await ok<CountyStatistics>('office', { action: 'statistics', from: '2026-11-01', to: '2026-11-30' }, OFFICE)).toEqual(stats);
  });

  it('records 已解决 once: a retried tap answers the same, a second answer, a stranger and the representative are refused', async () => {
    const id = await closedCase();
    await refused('case', { action: 'still_there', caseId: id, answer: 'gone', requestId: requestId() }, WANG, 'INVALID_STATE', /办结30天后/);
    clock.t = dayAfterClosing(30);
    await rt.runTimer('remind');
    const tap = requestId();
    await refused('case', { action: 'still_there', caseId: id, answer: 'still', requestId: tap }, STRANGER, 'NOT_FOUND');
    await refused('case', { action: 'still_there', caseId: id, answer: 'still', requestId: tap }, REP_LI, 'FORBIDDEN');
    const gone = await ok<CaseView>('case', { action: 'still_there', caseId: id, answer: 'gone', requestId: tap }, WANG);
    expect(gone).toMatchObject({ status: 'closed', stillThere: { answer: 'gone', answerText: '已解决' }, reopenCount: 0 });
    expect(await ok<CaseView>('case', { action: 'still_there', caseId: id, answer: 'gone', requestId: tap }, WANG)).toMatchObject({ status: 'closed' });
    const versionAfter = (await caseOf(id)).version;
    await refused('case', { action: 'still_there', caseId: id, answer: 'still', requestId: requestId() }, WANG, 'INVALID_STATE', /回答过/);
    expect((await caseOf(id)).version).toBe(versionAfter);
    const stats = await ok<CountyStatistics>('office', { action: 'statistics', from: '2026-11-01', to: '2026-11-30' }, OFFICE);
    expect(stats.recurrence).toEqual({ numerator: 0, denominator: 1, percent: 0 });
  });

  it('lets each reporter answer for themselves: a co-reporter’s 已解决 does not stop the resident’s 还在, which reopens it once; nobody answers twice', async () => {
    const { id } = await ok<{ id: string }>('resident', submission(), WANG);
    await ok('resident', { action: 'metoo', cardCode: 'QX0001', caseId: id, requestId: requestId() }, LI_RESIDENT);
    await ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
    await ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
    await ok('case', { action: 'sign', caseId: id }, BUILD);
    await close(id);
    await ok('case', { action: 'rate', caseId: id, rating: 'satisfied' }, WANG);
    clock.t = dayAfterClosing(30);
    await rt.runTimer('remind');
    clock.advance(HOUR);

    const coTap = requestId();
    const gone = await ok<CaseView>('case', { action: 'still_there', caseId: id, answer: 'gone', requestId: coTap }, LI_RESIDENT);
    expect(gone).toMatchObject({ status: 'closed', stillThere: { answer: 'gone' } });
    expect(gone.actions).not.toContain('still_there');
    // the same tap again answers the same; another answer from the co-reporter is refused in words
    expect(await ok<CaseView>('case', { action: 'still_there', caseId: id, answer: 'gone', requestId: coTap }, LI_RESIDENT)).toMatchObject({
      status: 'closed',
    });
    await refused(
      'case',
      { action: 'still_there', caseId: id, answer: 'still', requestId: requestId() },
      LI_RESIDENT,
      'INVALID_STATE',
      /您已于12月23日回答过.*不能重复回答/,
    );

    // the resident has not answered: still asked, and 还在 reopens it to the same unit
    const mine = await ok<CaseView>('case', { action: 'detail', caseId: id }, WANG);
    expect(mine).toMatchObject({ stillThere: { answer: null } });
    expect(mine.actions).toContain('still_there');
    const reopened = await ok<CaseView>('case', { action: 'still_there', caseId: id, answer: 'still', requestId: requestId() }, WANG);
    expect(reopened).toMatchObject({ status: 'assigned', unitName: '青石镇村镇建设服务中心', reopenCount: 1, stillThere: { answer: 'still' } });
    expect((await caseOf(id)).stillThere?.answers).toEqual([
      { reporter: LI_RESIDENT, answer: 'gone', at: clock.now(), requestId: coTap },
      expect.objectContaining({ reporter: null, answer: 'still' }),
    ]);
    // reopened once: the resident answering again is refused
    await refused('case', { action: 'still_there', caseId: id, answer: 'still', requestId: requestId() }, WANG, 'INVALID_STATE');
    expect((await caseOf(id)).reopenCount).toBe(1);
  });

  it('reads a question stored with one answer for the whole case as the resident’s answer', async () => {
    const id = await closedCase();
    clock.t = dayAfterClosing(30);
    await rt.runTimer('remind');
    // as stored before each reporter answered for themselves: one answer, no list
    const { _id, ...stored } = await caseOf(id);
    const { answers: _answers, ...q } = stored.stillThere!;
    const oldTap = requestId();
    await rt.db
      .collection('cases')
      .doc(_id)
      .set({ ...stored, stillThere: { ...q, answer: 'gone', answeredAt: clock.now(), requestId: oldTap } });
    const seen = await ok<CaseView>('case', { action: 'detail', caseId: id }, WANG);
    expect(seen).toMatchObject({ status: 'closed', stillThere: { answer: 'gone', answerText: '已解决' } });
    expect(seen.actions).not.toContain('still_there');
    expect(await ok<CaseView>('case', { action: 'still_there', caseId: id, answer: 'gone', requestId: oldTap }, WANG)).toMatchObject({ status: 'closed' });
    await refused('case', { action: 'still_there', caseId: id, answer: 'still', requestId: requestId() }, WANG, 'INVALID_STATE', /回答过/);
  });

  it('refuses an answer once the answer window has passed, and never asks about a case closed as 已解释说明', async () => {
    const id = await closedCase();
    clock.t = dayAfterClosing(30);
    await rt.runTimer('remind');
    clock.t = startOfShanghaiDay('2027-01-07');
    await refused('case', { action: 'still_there', caseId: id, answer: 'still', requestId: requestId() }, WANG, 'INVALID_STATE', /回答期限（1月6日）已过/);
    expect((await caseOf(id)).status).toBe('closed');

    const explained = await closedCase('explained');
    expect((await caseOf(explained)).stillThereAt).toBeNull();
    clock.t = dayAfterClosing(90);
    await rt.runTimer('remind');
    expect((await asked()).filter((e) => e.caseId === explained)).toEqual([]);
  });
});

describe('every resident reached', () => {
  it('pushes the first answer on the one consent given, then puts the next on the representative’s 回访 list to call and record', async () => {
    await open();
    expect(await consents(WANG, ['case_progress', 'case_closed'])).toEqual({
      consents: [
        { template: 'case_progress', count: 1 },
        { template: 'case_closed', count: 1 },
      ],
    });
    const { id } = await ok<{ id: string }>('resident', submission(), WANG);
    await ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
    await ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
    await ok('case', { action: 'sign', caseId: id }, BUILD);
    await close(id);
    await rt.deliver();
    // 已受理 used the progress consent (交办 then had none), the close used the closing one: nothing left, nothing on the list
    expect(pushes.filter((d) => d.to === WANG).map((d) => d.kind)).toEqual(['case_accepted', 'case_replied']);
    expect((await getById<Consent>(rt.db, 'consents', consentId(WANG, 'case_closed')))?.count).toBe(0);
    expect(await callbacks()).toEqual([]);

    // 不满意 → 再交办 → the unit closes again: no consent left, so a call must reach him
    await ok('case', { action: 'rate', caseId: id, rating: 'dissatisfied', comment: '路灯还是不亮' }, WANG);
    await ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, ASSIGNER);
    await ok('case', { action: 'sign', caseId: id }, BUILD);
    clock.advance(2 * HOUR);
    await close(id);
    await rt.deliver();
    expect(pushes.filter((d) => d.to === WANG).map((d) => d.kind)).toEqual(['case_accepted', 'case_replied']);
    const [item] = await callbacks();
    expect(item).toMatchObject({
      caseId: id,
      countyId: 'qingxi',
      representativeId: 'rep-1',
      reason: 'no_consent',
      kind: 'case_replied',
      status: 'open',
      attempts: [],
    });
    expect(item!.due).toBe(clock.now() + RULES.reach.withinHours * HOUR);

    // the workbench's count: its representative's and the county office's, nobody else's, and no phone seen for it
    const seenBefore = (await getAll(rt.db.collection<AuditEntry>('audit').orderBy('at', 'asc'))).length;
    const count = (openid: string) => ok<{ open: number; late: number }>('staff', { action: 'callbackCount' }, openid);
    expect(await count(REP_LI)).toEqual({ open: 1, late: 0 });
    expect(await count(OFFICE)).toEqual({ open: 1, late: 0 });
    expect(await count(REP_ZHANG)).toEqual({ open: 0, late: 0 });
    const now = clock.t;
    clock.t = item!.due + 1;
    expect(await count(REP_LI)).toEqual({ open: 1, late: 1 });
    clock.t = now;
    await refused('staff', { action: 'callbackCount' }, BUILD, 'FORBIDDEN');
    expect(await getAll(rt.db.collection<AuditEntry>('audit').orderBy('at', 'asc'))).toHaveLength(seenBefore);

    const list = await ok<{ items: CallbackItem[]; total: number }>('staff', { action: 'callbacks' }, REP_LI);
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      caseNo: '202611230001',
      villageName: '桃源村',
      reasonText: '群众没有可用的订阅消息次数',
      resident: { name: '王大爷', phone: '13912345678' },
      otherwise: null,
      late: false,
    });
    // no answer: tried again later, the item stays open with the attempt kept; then reached
    clock.advance(HOUR);
    expect(await ok<CallbackItem>('staff', { action: 'callback', callbackId: item!._id, outcome: 'no_answer' }, REP_LI)).toMatchObject({
      status: 'open',
      outcome: 'no_answer',
    });
    clock.advance(3 * HOUR);
    const done = await ok<CallbackItem>('staff', { action: 'callback', callbackId: item!._id, outcome: 'reached', note: '已电话告知，王大爷表示理解' }, REP_LI);
    expect(done).toMatchObject({
      status: 'done',
      outcomeText: '已联系上',
      attempts: [{ outcomeText: '无人接听' }, { outcomeText: '已联系上', note: '已电话告知，王大爷表示理解', byName: '李秀英' }],
    });
    await refused('staff', { action: 'callback', callbackId: item!._id, outcome: 'reached' }, REP_LI, 'INVALID_STATE');
    expect((await ok<{ total: number }>('staff', { action: 'callbacks' }, REP_LI)).total).toBe(0);
    expect((await ok<{ total: number }>('staff', { action: 'callbacks', status: 'done' }, REP_LI)).total).toBe(1);

    // both answers reached him within 24 h: the first pushed, the second by the call
    expect((await reaches()).map((r) => r.via)).toEqual(['push', 'call']);
    const stats = await ok<CountyStatistics>('office', { action: 'statistics', from: '2026-11-01', to: '2026-11-30' }, OFFICE);
    expect(stats.reach).toEqual({ reached: { numerator: 2, denominator: 2, percent: 100 }, byCall: 1 });
  });

  it('puts an answer only the message centre carries (no template in this deployment) on the 回访 list, and counts it reached once the resident reads it there', async () => {
    clock = new FixedClock(MONDAY_9AM);
    rt = await openLocalRuntime({ clock, log: quietLog });
    const id = await closedCase();
    await rt.deliver();
    expect((await callbacks()).map((c) => [c.caseId, c.reason, c.status])).toEqual([[id, 'in_app', 'open']]);
    const [item] = (await ok<{ items: CallbackItem[] }>('staff', { action: 'callbacks' }, REP_LI)).items;
    expect(item!.reasonText).toBe('这类答复没有开通微信订阅消息，群众只有打开小程序才能看到');
    expect((await reaches()).map((r) => [r.reachedAt, r.via])).toEqual([[null, null]]);
    // an hour later 王大爷 opens the answer in 我的消息: nobody needs to call him
    clock.advance(HOUR);
    const mine = await ok<{ items: Array<{ id: string; kind: string }> }>('messages', { action: 'list', page: 1, pageSize: 50 }, WANG);
    const answer = mine.items.find((m) => m.kind === 'case_replied')!;
    // another person marking it read changes nothing
    await ok('messages', { action: 'markRead', ids: [answer.id] }, LI_RESIDENT);
    expect((await callbacks())[0]!.status).toBe('open');
    await ok('messages', { action: 'markRead', ids: [answer.id] }, WANG);
    expect((await reaches()).map((r) => [r.reachedAt, r.via])).toEqual([[clock.now(), 'app']]);
    expect(await callbacks()).toEqual([
      expect.objectContaining({ status: 'done', outcome: 'reached', attempts: [expect.objectContaining({ byName: '群众本人' })] }),
    ]);
    expect((await ok<{ total: number }>('staff', { action: 'callbacks' }, REP_LI)).total).toBe(0);
  });

  it('puts an answer WeChat refused (43101) on the list, and pushes nothing more to that resident until they accept again', async () => {
    await open();
    const { id } = await ok<{ id: string }>('resident', submission(), LI_RESIDENT);
    await ok('case', { action: 'answer', caseId: id, outcome: 'explained', feedbackMethod: 'message', reply: '这段路属于县交通局管养，已转告。' }, REP_LI);
    await rt.deliver();
    expect((await callbacks()).map((c) => [c.caseId, c.reason])).toEqual([[id, 'refused']]);
    expect(await getById<Consent>(rt.db, 'consents', consentId(LI_RESIDENT, 'case_closed'))).toMatchObject({ count: 0, refusedAt: MONDAY_9AM });

    // the next answer is not even tried in WeChat; once they accept again it is
    const second = await ok<{ id: string }>('resident', submission({ description: '桃源村二组的水渠堵了，雨天漫到路上。' }), LI_RESIDENT);
    await ok('case', { action: 'reject', caseId: second.id, reason: '已有同类事项在办理' }, REP_LI);
    await rt.deliver();
    expect((await callbacks()).map((c) => c.reason)).toEqual(['refused', 'refused']);
    await consents(LI_RESIDENT, ['case_progress']);
    expect(await getById<Consent>(rt.db, 'consents', consentId(LI_RESIDENT, 'case_progress'))).toMatchObject({ count: 1, refusedAt: null });
  });

  /** 李秀英 logs a reception on 20 November, enters 张大妈's request (with `resident`'s name and phone), and answers it in person. */
  async function enteredAndAnswered(resident: Record<string, unknown>): Promise<string> {
    await ok(
      'staff',
      { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-11-20', representativeIds: ['rep-1'], residents: 1 },
      REP_LI,
    );
    const entered = await ok<{ id: string }>(
      'staff',
      {
        action: 'enterRequest',
        receptionId: 'rc-ws-taoyuan-2026-11-20',
        requestId: requestId(),
        category: 'road',
        description: '桃源村三组机耕道雨后积水，农机下不了田',
        ...resident,
      },
      REP_LI,
    );
    await ok(
      'case',
      { action: 'answer', caseId: entered.id, outcome: 'explained', feedbackMethod: 'in_person', reply: '已当面解释，机耕道明年春耕前硬化。' },
      REP_LI,
    );
    await rt.deliver();
    return entered.id;
  }

  it('puts an answer to a request entered for a walk-in resident straight on the list: only a call reaches them', async () => {
    await open();
    const id = await enteredAndAnswered({ name: '张大妈', phone: '13900001111', consent: true });
    expect((await callbacks()).map((c) => [c.caseId, c.reason])).toEqual([[id, 'entered']]);
    const [item] = (await ok<{ items: CallbackItem[] }>('staff', { action: 'callbacks' }, REP_LI)).items;
    expect(item).toMatchObject({ reasonText: '代群众录入的事项，只能电话告知', resident: { name: '张大妈', phone: '13900001111' } });
    // the representative reading the answer in 我的消息 tells 张大妈 nothing: the call still waits
    const mine = await ok<{ items: Array<{ id: string; kind: string; caseId: string }> }>('messages', { action: 'list', page: 1, pageSize: 50 }, REP_LI);
    const copy = mine.items.find((m) => m.caseId === id && m.kind === 'case_replied');
    expect(copy).toBeDefined();
    await ok('messages', { action: 'markRead', ids: mine.items.map((m) => m.id) }, REP_LI);
    expect((await callbacks()).map((c) => c.status)).toEqual(['open']);
    expect((await reaches()).map((r) => r.reachedAt)).toEqual([null]);
  });

  it('says why there is no phone to call by the actual reason: a named resident entered without one is told in person', async () => {
    await open();
    const id = await enteredAndAnswered({ name: '张大妈' });
    const [item] = (await ok<{ items: CallbackItem[] }>('staff', { action: 'callbacks' }, REP_LI)).items;
    expect(item).toMatchObject({
      caseId: id,
      resident: { name: '张大妈', phone: null },
      otherwise: '代群众录入时没有留电话，只能下次见面时当面告知，或通过公开栏告知',
    });
    expect(item!.otherwise).not.toContain('匿名');
  });

  it('shows and lets record a 回访 only to the case’s representative and its office', async () => {
    await open();
    const { id } = await ok<{ id: string }>('resident', submission({ anonymous: true, name: undefined, phone: undefined }), LI_RESIDENT);
    await ok('case', { action: 'answer', caseId: id, outcome: 'explained', feedbackMethod: 'notice_board', reply: '已在公开栏说明。' }, REP_LI);
    await rt.deliver();
    const [cb] = await callbacks();
    const item = (await ok<{ items: CallbackItem[] }>('staff', { action: 'callbacks' }, OFFICE)).items[0];
    // anonymous, no phone: the item says how else it reaches them
    expect(item).toMatchObject({ id: cb!._id, resident: { name: null, phone: null }, otherwise: '群众匿名且没有留电话，只能通过公开栏或我的消息告知' });
    expect((await ok<{ total: number }>('staff', { action: 'callbacks' }, REP_ZHANG)).total).toBe(0);
    await refused('staff', { action: 'callback', callbackId: cb!._id, outcome: 'reached' }, REP_ZHANG, 'NOT_FOUND');
    await refused('staff', { action: 'callbacks' }, BUILD, 'FORBIDDEN');
    await refused('staff', { action: 'callbacks' }, WANG, 'FORBIDDEN');
    expect(await ok<CallbackItem>('staff', { action: 'callback', callbackId: cb!._id, outcome: 'wrong_number' }, OFFICE)).toMatchObject({ status: 'done' });
  });

  it('with long-term subscriptions (政务民生), pushes every answer on one accept without using it up; a refusal still stops them', async () => {
    await open({ longTerm: true });
    await consents(WANG, ['case_progress', 'case_closed']);
    const first = await closedCase();
    const second = await ok<{ id: string }>('resident', submission({ description: '桃源村二组的水渠堵了，雨天漫到路上。' }), WANG);
    await ok('case', { action: 'answer', caseId: second.id, outcome: 'explained', feedbackMethod: 'message', reply: '水渠由村委会清理，已安排。' }, REP_LI);
    await rt.deliver();
    expect(pushes.filter((d) => d.to === WANG && d.kind === 'case_replied').map((d) => d.caseId)).toEqual([first, second.id]);
    expect(await getById<Consent>(rt.db, 'consents', consentId(WANG, 'case_closed'))).toMatchObject({ count: 1, refusedAt: null });
    expect(await callbacks()).toEqual([]);

    refusing.add(WANG);
    const third = await ok<{ id: string }>('resident', submission({ description: '小学门口的减速带被压坏了，车开得很快。' }), WANG);
    await ok('case', { action: 'reject', caseId: third.id, reason: '已有同类事项在办理' }, REP_LI);
    await rt.deliver();
    expect((await callbacks()).map((c) => [c.caseId, c.reason])).toEqual([[third.id, 'refused']]);
  });
});

describe('the share reached within 24 hours', () => {
  it('counts an answer pushed or called within the hours, not one reached later or never, by the day it was sent', () => {
    const at = Date.parse('2026-11-23T10:00:00+08:00');
    const records = [
      { answeredAt: at, reachedAt: at + 1000, via: 'push' as const },
      { answeredAt: at, reachedAt: at + 23 * HOUR, via: 'call' as const },
      { answeredAt: at, reachedAt: at + 24 * HOUR + 1, via: 'call' as const },
      { answeredAt: at, reachedAt: null, via: null },
      // sent the day before the period: not counted
      { answeredAt: at - DAY, reachedAt: at - DAY, via: 'push' as const },
    ];
    expect(reachedShare(records, { from: '2026-11-23', to: '2026-11-30' }, 24)).toEqual({ reached: { numerator: 2, denominator: 4, percent: 50 }, byCall: 1 });
    expect(reachedShare([], { from: '2026-11-23', to: '2026-11-30' }, 24)).toEqual({ reached: { numerator: 0, denominator: 0, percent: null }, byCall: 0 });
  });
});
