/**
 * Time travel: the clock presses people on the right days, once. A fixed clock is moved through
 * National Day 2026 and the remind timer is run as its trigger would, several times over.
 */
import { RULES, type Rules } from '../../config/rules';
import type { CaseView } from '../../types/api';
import type { CaseRecord, Message, OutboxEntry } from '../../types/domain';
import { shanghaiDate } from '../../src/domain/calendar';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { sweepReminders } from '../../src/server/usecases/clock';
import { getAll, getById } from '../../src/server/store';
import { ASSIGNER, BUILD, FixedClock, OFFICE, expectLoggedError, quietLog, REP_LI, submission, SUP_TOWNSHIP, SUP_VILLAGE, TAOYUAN, WANG } from '../harness';

const HOUR = 3600_000;
const at = (local: string) => Date.parse(`${local}+08:00`);
/** "MM-DD HH:mm" in Shanghai */
const when = (t: number) => new Date(t + 8 * HOUR).toISOString().slice(5, 16).replace('T', ' ');

let rt: LocalRuntime;
let clock: FixedClock;

async function open(rules: Rules = RULES, start = at('2026-09-30T10:00:00')) {
  clock = new FixedClock(start);
  rt = await openLocalRuntime({ clock, log: quietLog, rules });
}
afterEach(() => rt.close());

async function ok<T = any>(fn: string, event: Record<string, unknown>, openid: string | null): Promise<T> {
  const res = await rt.call(fn, event, openid);
  if (!res.ok) throw new Error(`${fn}.${String(event.action)}: ${res.error.code} ${res.error.message}`);
  return res.data as T;
}

/** A 桃源村 case through the representative's card, accepted and assigned by her. */
async function assignedCase(level: 'village' | 'township' = 'village', who = WANG): Promise<string> {
  const { id } = await ok('resident', submission(), who);
  await ok('case', { action: 'accept', caseId: id, level }, REP_LI);
  await ok('case', { action: 'assign', caseId: id, level, unitId: level === 'village' ? 'vc-taoyuan' : 'qingshi-build' }, REP_LI);
  return id;
}

const record = async (id: string) => (await getById<CaseRecord>(rt.db, 'cases', id))!;
const reminders = async (id: string) => (await record(id)).events.filter((e) => e.action === 'remind').map((e) => `${e.data!.kind}@${when(e.at)}`);

/** Moves the clock to `until` an hour at a time, running the remind timer twice at every step. */
async function runClockUntil(until: number, step = HOUR): Promise<void> {
  while (clock.t < until) {
    clock.t = Math.min(clock.t + step, until);
    const [a, b] = await Promise.all([rt.runTimer('remind'), rt.runTimer('remind')]);
    if (!a.ok || !b.ok) throw new Error('remind timer failed');
  }
}

describe('deadlines and reminders on a fixed clock', () => {
  it('gives a village case assigned the day before National Day the 7th working day after the holiday', async () => {
    await open();
    const id = await assignedCase('village');
    const c = await record(id);
    // 8, 9, 10 (Saturday made a working day), 12, 13, 14, 15 October
    expect([c.dueDate, c.dueAt]).toEqual(['2026-10-15', at('2026-10-15T23:59:59.999')]);
    expect(c.nextReminderAt).toBe(at('2026-10-09T09:00:00')); // not signed within a working day
  });

  it('reminds the unit two working days before, on the due day, and once overdue every three working days — each once', async () => {
    await open();
    const id = await assignedCase('village');
    clock.t = at('2026-10-08T10:00:00');
    await ok('case', { action: 'sign', caseId: id }, TAOYUAN);
    await runClockUntil(at('2026-10-22T12:00:00'));
    expect(await reminders(id)).toEqual([
      'due_soon@10-13 09:00',
      'due_today@10-15 09:00',
      'overdue_again@10-16 09:00',
      'overdue_again@10-21 09:00', // 19, 20, 21 October
    ]);
    // overdue notices reach the handler, the village's supervising leader and the office, once each
    await rt.deliver();
    const overdue = async (openid: string) =>
      (await getAll(rt.db.collection<Message>('messages').where({ to: openid, kind: 'case_overdue' }).orderBy('_id', 'asc'))).length;
    expect([await overdue(TAOYUAN), await overdue(SUP_VILLAGE), await overdue(OFFICE), await overdue(BUILD)]).toEqual([2, 2, 2, 0]);
  });

  it('presses for signing, then also the assigner, while a case waits to be signed', async () => {
    await open();
    const id = await assignedCase('village');
    await runClockUntil(at('2026-10-13T10:00:00'));
    expect(await reminders(id)).toEqual(['signing@10-09 09:00', 'due_soon@10-13 09:00', 'signing@10-13 09:00']);
    const c = await record(id);
    const second = c.events.filter((e) => e.action === 'remind').at(-1)!;
    expect(second.data!.to).toEqual(['handler', 'assigner']);
  });

  it('reminds the representative of a new case not accepted within a working day, then the assigner too', async () => {
    await open(RULES, at('2026-11-23T09:00:00'));
    const { id } = await ok('resident', submission(), WANG);
    await runClockUntil(at('2026-12-01T10:00:00'));
    expect(await reminders(id)).toEqual(['triage@11-25 09:00', 'triage@11-30 09:00']);
    await rt.deliver();
    const got = async (openid: string) =>
      (await rt.db.collection<Message>('messages').where({ to: openid, kind: 'case_reminder' }).count()) as { total: number };
    expect([(await got(REP_LI)).total, (await got(ASSIGNER)).total]).toEqual([2, 1]);
    // accepting stops the triage clock and starts the routing one
    await ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
    expect((await record(id)).nextReminderKey).toMatch(/^routing:/);
  });

  it('marks a case overdue at the moment its due day ends, and keeps the mark after it is closed', async () => {
    await open();
    const id = await assignedCase('village');
    await ok('case', { action: 'sign', caseId: id }, TAOYUAN);
    clock.t = at('2026-10-15T23:59:59.999');
    await rt.runTimer('remind');
    expect((await record(id)).overdue).toBe(false);
    expect((await ok<CaseView>('case', { action: 'detail', caseId: id }, TAOYUAN)).overdue).toBe(false);
    clock.t += 1;
    const swept = await rt.runTimer('remind');
    expect(swept).toMatchObject({ ok: true, data: { overdue: 1 } });
    const c = await record(id);
    expect([c.overdue, c.overdueAt, c.overdueUnitIds]).toEqual([true, at('2026-10-16T00:00:00'), ['vc-taoyuan']]);
    expect(c.events.at(-1)).toMatchObject({ action: 'overdue', visibility: 'internal', at: at('2026-10-16T00:00:00') });
    const view = await ok<CaseView>('case', { action: 'detail', caseId: id }, TAOYUAN);
    expect([view.overdue, view.workingDaysLeft]).toEqual([true, -1]);
    await ok('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: '路灯已修好' }, TAOYUAN);
    await ok('case', { action: 'rate', caseId: id, rating: 'satisfied' }, WANG);
    expect((await record(id)).overdue).toBe(true);
  });

  it('marks a case closed after its due day overdue even when the timer has not yet run', async () => {
    await open();
    const id = await assignedCase('village');
    await ok('case', { action: 'sign', caseId: id }, TAOYUAN);
    clock.t = at('2026-10-16T00:00:30');
    await ok('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: '已修好' }, TAOYUAN);
    const c = await record(id);
    expect([c.overdue, c.overdueAt, c.status]).toEqual([true, at('2026-10-16T00:00:00'), 'replied']);
    expect(c.nextReminderAt).toBeNull();
  });

  it('lists overdue cases for the supervisor and the office, and counts them, 督办 and 上报 by unit', async () => {
    await open();
    const late = await assignedCase('village');
    const onTime = await assignedCase('township');
    await ok('case', { action: 'sign', caseId: late }, TAOYUAN);
    clock.t = at('2026-10-16T10:00:00');
    await rt.runTimer('remind');
    const box = async (openid: string) => (await ok('staff', { action: 'inbox', box: 'overdue' }, openid)).items.map((c: { id: string }) => c.id);
    expect(await box(SUP_VILLAGE)).toEqual([late]);
    expect(await box(OFFICE)).toEqual([late]);
    expect(await box(SUP_TOWNSHIP)).toEqual([]); // a township's leader sees township cases; this one is due on 22 October
    expect((await record(onTime)).dueDate).toBe('2026-10-27');

    await ok('case', { action: 'supervise', caseId: late, note: '请三天内修好' }, SUP_VILLAGE);
    await ok('case', { action: 'escalate', caseId: late, reason: '需要镇里协调资金' }, TAOYUAN);
    const figures = await ok('staff', { action: 'byUnit' }, OFFICE);
    expect(figures).toEqual([{ unitId: 'vc-taoyuan', unitName: '桃源村村委会', overdueNow: 0, overdueTotal: 1, supervised: 0, escalated: 1, returned: 0 }]);
    // the township unit holding the other case, pressed and late: the statistics' unit rows count it by the same rule
    await ok('case', { action: 'supervise', caseId: onTime, note: '请加快' }, SUP_TOWNSHIP);
    clock.t = at('2026-10-28T10:00:00');
    const stats = await ok('office', { action: 'statistics', from: '2026-09-01', to: '2026-10-31' }, OFFICE);
    const tally = ({ unitId, overdueNow, overdueTotal, supervised, escalated, returned }: Record<string, unknown>) => ({
      unitId,
      overdueNow,
      overdueTotal,
      supervised,
      escalated,
      returned,
    });
    const byUnit = (await ok('staff', { action: 'byUnit' }, OFFICE)).map(tally);
    expect(byUnit).toContainEqual({ unitId: 'qingshi-build', overdueNow: 1, overdueTotal: 0, supervised: 1, escalated: 0, returned: 0 });
    expect(stats.units.map(tally).filter((u: { unitId: string }) => byUnit.some((b: { unitId: string }) => b.unitId === u.unitId))).toEqual(
      expect.arrayContaining(byUnit),
    );
  });
});

describe('the first deadline, promised to the resident', () => {
  it('promises a new request its triage day and its level’s time limit, and holds it to that date whoever it waits for', async () => {
    await open(RULES, at('2026-11-23T09:00:00')); // a Monday
    const sent = await ok('resident', submission(), WANG);
    // one working day to accept (24 November), then a township’s 15 working days
    expect(sent.expectedDueDate).toBe('2026-12-15');
    expect((await record(sent.id)).dueDate).toBe('2026-12-15');
    const mine = await ok<CaseView>('case', { action: 'detail', caseId: sent.id }, WANG);
    expect([mine.dueDate, mine.workingDaysLeft, mine.overdue]).toEqual(['2026-12-15', 16, false]);

    // nobody ever accepts it
    await runClockUntil(at('2026-12-16T10:00:00'));
    const c = await record(sent.id);
    expect([c.status, c.overdue, c.overdueAt, c.overdueUnitIds]).toEqual(['submitted', true, at('2026-12-16T00:00:00'), []]);
    const seen = await ok<CaseView>('case', { action: 'detail', caseId: sent.id }, WANG);
    expect([seen.statusText, seen.overdue, seen.workingDaysLeft]).toEqual(['待受理', true, -1]);
    const box = async (openid: string) => (await ok('staff', { action: 'inbox', box: 'overdue' }, openid)).items.map((x: { id: string }) => x.id);
    expect([await box(SUP_TOWNSHIP), await box(OFFICE)]).toEqual([[sent.id], [sent.id]]);
    const ledger = await ok('office', { action: 'ledger', from: '2026-11-01', to: '2026-12-31', overdue: true }, OFFICE);
    expect(ledger.items.map((x: { id: string }) => x.id)).toEqual([sent.id]);
    const stats = await ok('office', { action: 'statistics', from: '2026-11-01', to: '2026-12-31' }, OFFICE);
    expect(stats.overdue).toEqual({ now: 1, total: 1 });
    // the reminders that go with it: before the day to whoever it waits for, after it also to the supervisor and the office
    expect((await reminders(sent.id)).filter((r) => !r.startsWith('triage'))).toEqual([
      'due_soon@12-11 09:00',
      'due_today@12-15 09:00',
      'overdue_again@12-16 09:00',
    ]);
    await rt.deliver();
    const late = async (openid: string) =>
      (
        (await rt.db
          .collection<Message>('messages')
          .where({ to: openid, kind: 'case_overdue', title: `事项${sent.no}已超期（期限12月15日），请督促办理` })
          .count()) as { total: number }
      ).total;
    expect([await late(REP_LI), await late(ASSIGNER), await late(SUP_TOWNSHIP), await late(OFFICE)]).toEqual([1, 1, 1, 1]);
    // the supervisor presses the representative, who has not accepted it; no unit is charged with it
    await ok('case', { action: 'supervise', caseId: sent.id, note: '请今天受理' }, SUP_TOWNSHIP);
    await rt.deliver();
    expect(((await rt.db.collection<Message>('messages').where({ to: REP_LI, kind: 'case_supervised' }).count()) as { total: number }).total).toBe(1);
    expect((await record(sent.id)).superviseCount).toBe(0);

    // accepted and routed late, the unit then misses its own date too: it is counted against the unit
    await ok('case', { action: 'accept', caseId: sent.id, level: 'village' }, REP_LI);
    await ok('case', { action: 'assign', caseId: sent.id, level: 'village', unitId: 'vc-taoyuan' }, REP_LI);
    const assigned = await record(sent.id);
    // the unit's own, later date: no longer shown as late, though the record keeps that it was
    const routed = await ok<CaseView>('case', { action: 'detail', caseId: sent.id }, WANG);
    expect([assigned.overdue, routed.overdue, routed.dueDate]).toEqual([true, false, assigned.dueDate]);
    clock.t = (assigned.dueAt as number) + 3600_000;
    await rt.runTimer('remind');
    expect((await record(sent.id)).overdueUnitIds).toEqual(['vc-taoyuan']);
  });

  it('moves the promised date when a request is accepted at a level with a longer limit, and tells the resident; a shorter one keeps the promise', async () => {
    await open(RULES, at('2026-11-23T09:00:00'));
    const county = await ok('resident', submission(), WANG);
    const village = await ok('resident', submission({ description: '村口的垃圾桶满了好几天没人清' }), WANG);
    expect([county.expectedDueDate, village.expectedDueDate]).toEqual(['2026-12-15', '2026-12-15']);
    await ok('case', { action: 'accept', caseId: county.id, level: 'county' }, REP_LI);
    await ok('case', { action: 'accept', caseId: village.id, level: 'village' }, REP_LI);
    // one working day to accept (24 November), then a county department's month
    expect([(await record(county.id)).dueDate, (await record(village.id)).dueDate]).toEqual(['2026-12-24', '2026-12-15']);
    expect((await ok<CaseView>('case', { action: 'detail', caseId: county.id }, WANG)).dueDate).toBe('2026-12-24');
    await rt.deliver();
    const told = await getAll(rt.db.collection<Message>('messages').where({ to: WANG, kind: 'case_accepted' }).orderBy('_id', 'asc'));
    expect(told).toHaveLength(2);
    expect(told.map((m) => m.body).filter((b) => b.includes('预计'))).toEqual([expect.stringContaining('预计12月24日前答复')]);
  });

  it('shows no old date while a dissatisfied case waits to be routed again, and tells the resident the new one', async () => {
    await open(RULES, at('2026-11-23T09:00:00'));
    const id = await assignedCase('village');
    await ok('case', { action: 'sign', caseId: id }, TAOYUAN);
    await ok('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: '已修好' }, TAOYUAN);
    clock.t = at('2026-11-30T09:00:00');
    await ok('case', { action: 'rate', caseId: id, rating: 'dissatisfied', comment: '还是不亮' }, WANG);
    const waiting = await ok<CaseView>('case', { action: 'detail', caseId: id }, WANG);
    expect([waiting.statusText, waiting.dueDate]).toEqual(['不满意，待再交办', null]);
    await ok('case', { action: 'assign', caseId: id, level: 'village', unitId: 'vc-taoyuan' }, ASSIGNER);
    // 1–9 December: seven working days from the day after
    expect((await ok<CaseView>('case', { action: 'detail', caseId: id }, WANG)).dueDate).toBe('2026-12-09');
    await rt.deliver();
    const told = await getAll(rt.db.collection<Message>('messages').where({ to: WANG, kind: 'case_progress' }).orderBy('_id', 'asc'));
    expect(told.map((m) => m.body)).toContainEqual(expect.stringContaining('预计12月9日前答复'));
  });
});

describe('督办, 上报 and 延期 on a fixed clock', () => {
  it('presses the unit with a 督办 note the handlers are told of and the timeline keeps', async () => {
    await open();
    const id = await assignedCase('township');
    await ok('case', { action: 'supervise', caseId: id, note: '群众反映强烈，请加快' }, SUP_TOWNSHIP);
    const c = await record(id);
    expect(c.superviseCount).toBe(1);
    expect(c.events.at(-1)).toMatchObject({ action: 'supervise', note: '群众反映强烈，请加快', actor: { relation: 'supervisor', name: '钱进' } });
    await rt.deliver();
    const told = await getAll(rt.db.collection<Message>('messages').where({ to: BUILD, kind: 'case_supervised' }).orderBy('_id', 'asc'));
    expect(told.map((m) => m.title)).toEqual([`事项${c.no}被督办，请加快办理`]);
    // the resident never sees it
    const mine = await ok<CaseView>('case', { action: 'detail', caseId: id }, WANG);
    expect(mine.timeline.map((e) => e.action)).not.toContain('supervise');
  });

  it('gives an escalated case the new level’s unit and time limit, keeps its history and tells the representative', async () => {
    await open();
    const id = await assignedCase('village');
    clock.t = at('2026-10-09T15:00:00');
    await ok('case', { action: 'escalate', caseId: id, reason: '村里解决不了，需要镇里协调' }, TAOYUAN);
    let c = await record(id);
    expect([c.status, c.level, c.unitId, c.dueDate, c.escalationCount]).toEqual(['escalated', 'township', null, null, 1]);
    expect(c.escalations).toEqual([
      { at: at('2026-10-09T15:00:00'), from: 'village', to: 'township', unitId: 'vc-taoyuan', unitName: '桃源村村委会', reason: '村里解决不了，需要镇里协调' },
    ]);
    // the village committee no longer holds it; the township's assigner does
    expect((await rt.call('case', { action: 'detail', caseId: id }, TAOYUAN)).ok).toBe(false);
    expect((await ok<CaseView>('case', { action: 'detail', caseId: id }, ASSIGNER)).actions).toEqual(expect.arrayContaining(['assign', 'escalate']));
    await ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, ASSIGNER);
    c = await record(id);
    // 15 working days from Friday 9 October: 10 (Saturday made a working day), 12 … 29 October
    expect([c.status, c.unitId, c.dueDate]).toEqual(['assigned', 'qingshi-build', '2026-10-29']);
    expect(c.events.map((e) => e.action)).toEqual(['submit', 'accept', 'assign', 'escalate', 'assign']);
    await rt.deliver();
    const rep = await getAll(rt.db.collection<Message>('messages').where({ to: REP_LI, kind: 'case_escalated' }).orderBy('_id', 'asc'));
    expect(rep.map((m) => m.title)).toEqual([`您受理的事项${c.no}已上报乡镇(街道)办理`]);
    // a county case cannot go higher
    await ok('case', { action: 'sign', caseId: id }, BUILD);
    await ok('case', { action: 'escalate', caseId: id, reason: '需要县里统筹' }, BUILD);
    await ok('case', { action: 'assign', caseId: id, level: 'county', unitId: 'county-transport' }, OFFICE);
    const refused = await rt.call('case', { action: 'escalate', caseId: id, reason: '再往上' }, 'dev-handler-county-transport');
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '县级事项已是最高层级，不能再上报' } });
  });

  it('moves the due day and the reminders when an extension is approved, and not when it is refused', async () => {
    await open();
    const id = await assignedCase('village');
    await ok('case', { action: 'sign', caseId: id }, TAOYUAN);
    clock.t = at('2026-10-12T10:00:00');
    const asked = await ok<CaseView>('case', { action: 'extend', caseId: id, reason: '配件要从县里调', toDate: '2026-10-24' }, TAOYUAN);
    // a Saturday asked for is moved to the next working day
    expect(asked.extensions).toEqual([expect.objectContaining({ status: 'pending', fromDate: '2026-10-15', toDate: '2026-10-26' })]);
    expect(asked.actions).not.toContain('extend');
    expect((await rt.call('case', { action: 'approve_extension', caseId: id }, TAOYUAN)).ok).toBe(false);
    await ok('case', { action: 'approve_extension', caseId: id, note: '同意' }, SUP_VILLAGE);
    const c = await record(id);
    expect([c.dueDate, c.dueAt]).toEqual(['2026-10-26', at('2026-10-26T23:59:59.999')]);
    expect(c.extensions[0]).toMatchObject({ status: 'approved', decidedBy: '谢军' });
    await runClockUntil(at('2026-10-27T10:00:00'));
    expect(await reminders(id)).toEqual(['due_soon@10-22 09:00', 'due_today@10-26 09:00', 'overdue_again@10-27 09:00']);
    expect((await record(id)).overdueAt).toBe(at('2026-10-27T00:00:00'));
    // one extension per case: no second request
    const again = await rt.call('case', { action: 'extend', caseId: id, reason: '还要时间', toDate: '2026-11-10' }, TAOYUAN);
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '每件事项最多延期1次' } });
  });

  it('keeps the due day when an extension is refused, and refuses a date that is not later', async () => {
    await open();
    const id = await assignedCase('village');
    await ok('case', { action: 'sign', caseId: id }, TAOYUAN);
    const early = await rt.call('case', { action: 'extend', caseId: id, reason: '要时间', toDate: '2026-10-15' }, TAOYUAN);
    expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { toDate: expect.stringContaining('晚于') } } });
    await ok('case', { action: 'extend', caseId: id, reason: '要时间', toDate: '2026-10-20' }, TAOYUAN);
    await ok('case', { action: 'refuse_extension', caseId: id, note: '请按期办结' }, 'dev-supervisor-taoyuan');
    const c = await record(id);
    expect([c.dueDate, c.extensions[0]!.status]).toEqual(['2026-10-15', 'refused']);
  });
});

describe('the remind timer at scale and under failure', () => {
  /** `n` signed village cases, due 15 October, each from its own resident. */
  async function manyCases(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { id } = await ok('resident', submission(), `dev-many-${i}`);
      await ok('case', { action: 'accept', caseId: id, level: 'village' }, REP_LI);
      await ok('case', { action: 'assign', caseId: id, level: 'village', unitId: 'vc-taoyuan' }, REP_LI);
      await ok('case', { action: 'sign', caseId: id }, TAOYUAN);
      ids.push(id);
    }
    return ids;
  }

  it('pages past 1000 due cases and stops at the per-run limit, the next run going on', async () => {
    await open({ ...RULES, sweep: { maxCasesPerRun: 1000 } });
    const ids = await manyCases(1200);
    clock.t = at('2026-10-13T09:00:00');
    const first = await sweepReminders(rt.timerCtx());
    expect(first).toEqual({ cases: 1000, reminded: 1000, overdue: 0, failed: 0, more: true });
    const second = await sweepReminders(rt.timerCtx());
    expect(second).toEqual({ cases: 200, reminded: 200, overdue: 0, failed: 0, more: false });
    await open({ ...RULES, sweep: { maxCasesPerRun: 5000 } });
    const more = await manyCases(1100);
    clock.t = at('2026-10-13T09:00:00');
    expect(await sweepReminders(rt.timerCtx())).toMatchObject({ cases: 1100, reminded: 1100, more: false });
    expect(ids.length + more.length).toBe(2300);
  }, 60_000);

  it('sends each reminder once when a sweep dies midway and the next one picks up the rest', async () => {
    await open();
    const ids = await manyCases(6);
    clock.t = at('2026-10-13T09:00:00');
    const ctx = rt.timerCtx();
    let calls = 0;
    const failing = Object.assign(Object.create(rt.db) as typeof rt.db, {
      runTransaction: async (fn: any, times?: number) => {
        if (++calls === 3) throw new Error('function instance killed');
        return rt.db.runTransaction(fn, times);
      },
    });
    expect(await sweepReminders({ ...ctx, db: failing })).toMatchObject({ cases: 6, reminded: 5, failed: 1 });
    expectLoggedError(/reminder failed .*function instance killed/);
    expect(await sweepReminders(ctx)).toMatchObject({ cases: 1, reminded: 1, failed: 0 });
    expect(await sweepReminders(ctx)).toMatchObject({ cases: 0, reminded: 0 });
    for (const id of ids) expect(await reminders(id)).toEqual(['due_soon@10-13 09:00']);
    const entries = await getAll(rt.db.collection<OutboxEntry>('outbox').where({ kind: 'case_reminder' }).orderBy('_id', 'asc'));
    expect(entries).toHaveLength(6);
  });

  it('sends each reminder once when sweeps overlap', async () => {
    await open();
    const ids = await manyCases(20);
    clock.t = at('2026-10-13T09:00:00');
    const runs = await Promise.all([1, 2, 3].map(() => sweepReminders(rt.timerCtx())));
    expect(runs.reduce((n, r) => n + r.reminded, 0)).toBe(20);
    for (const id of ids) expect(await reminders(id)).toEqual(['due_soon@10-13 09:00']);
  });

  it('skips reminders missed while the timer was down instead of sending them in a burst', async () => {
    await open();
    const id = (await manyCases(1))[0]!;
    clock.t = at('2026-10-16T09:30:00'); // nothing ran since the 8th
    await rt.runTimer('remind');
    expect(await reminders(id)).toEqual(['overdue_again@10-16 09:00']);
    expect((await record(id)).overdueAt).toBe(at('2026-10-16T00:00:00'));
    expect(shanghaiDate((await record(id)).nextReminderAt!)).toBe('2026-10-21');
  });
});
