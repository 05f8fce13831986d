/**
 * Reliable delivery: retries with back-off, a dead-letter list the office can resend from, never
 * the same message twice; and the office's calendar with its coverage warnings.
 */
import { RULES } from '../../config/rules';
import type { CaseView } from '../../types/api';
import type { Delivery, OutboxEntry } from '../../types/domain';
import { messageCentre } from '../../src/server/usecases/outbox';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { getAll, getById } from '../../src/server/store';
import { BUILD, expectLoggedError, FixedClock, MONDAY_9AM, OFFICE, quietLog, REP_LI, submission, WANG } from '../harness';

const MINUTE = 60_000;
let rt: LocalRuntime;
let clock: FixedClock;
/** who the messenger fails for, and every delivery it was asked to make */
let failFor: Set<string>;
let attempts: Delivery[];
/** how long each send takes, on the test's clock */
let sendTakes: number;

beforeEach(async () => {
  clock = new FixedClock(MONDAY_9AM);
  failFor = new Set();
  attempts = [];
  sendTakes = 0;
  rt = await openLocalRuntime({
    clock,
    log: quietLog,
    messenger: (db) => {
      const centre = messageCentre({ db });
      return {
        async deliver(d) {
          clock.advance(sendTakes);
          attempts.push(d);
          if (failFor.has(d.to)) throw new Error(`subscribe message refused for ${d.to}`);
          return centre.deliver(d);
        },
      };
    },
  });
});
afterEach(() => rt.close());

async function ok<T = any>(fn: string, event: Record<string, unknown>, openid: string | null): Promise<T> {
  const res = await rt.call(fn, event, openid);
  if (!res.ok) throw new Error(`${fn}.${String(event.action)}: ${res.error.code} ${res.error.message}`);
  return res.data as T;
}
const entry = async (id: string) => (await getById<OutboxEntry>(rt.db, 'outbox', id))!;
const sentTo = (openid: string) => attempts.filter((d) => d.to === openid).length;

describe('reliable delivery', () => {
  it('stops claiming when the run’s time budget is spent, and the next run sends the rest, nothing twice', async () => {
    for (let i = 0; i < 30; i++) await ok('resident', submission(), `wx-resident-${i}`);
    sendTakes = 2000; // WeChat takes two seconds a send
    const first = await rt.runTimer('deliver');
    // 40 s of budget: 20 sends, then nothing more is claimed
    expect(first).toMatchObject({ ok: true, data: { delivered: RULES.delivery.budgetSeconds / 2, more: true } });
    const claimedLater = (await getAll(rt.db.collection<OutboxEntry>('outbox').orderBy('_id', 'asc'))).filter((e) => e.attempts === 0);
    expect(claimedLater).toHaveLength(30 - RULES.delivery.budgetSeconds / 2);
    clock.advance(MINUTE);
    expect(await rt.runTimer('deliver')).toMatchObject({ ok: true, data: { delivered: 30 - RULES.delivery.budgetSeconds / 2, more: false } });
    const ids = attempts.map((d) => d._id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it('retries a failed delivery after its back-off and then delivers it once', async () => {
    const { id } = await ok('resident', submission(), WANG);
    failFor.add(REP_LI);
    await rt.deliver();
    let e = await entry(`${id}-1-1`);
    expect([e.status, e.attempts, e.nextAttemptAt, e.lastError]).toEqual([
      'failed',
      1,
      MONDAY_9AM + RULES.delivery.retryMinutes[0]! * MINUTE,
      `subscribe message refused for ${REP_LI}`,
    ]);
    await rt.deliver(); // too early: the back-off has not passed
    expect(sentTo(REP_LI)).toBe(1);
    failFor.clear();
    clock.advance(RULES.delivery.retryMinutes[0]! * MINUTE);
    await Promise.all([rt.deliver(), rt.deliver()]);
    e = await entry(`${id}-1-1`);
    expect([e.status, e.attempts, e.nextAttemptAt, e.lastError, e.deliveredTo]).toEqual(['sent', 2, null, null, [REP_LI]]);
    expect(sentTo(REP_LI)).toBe(2);
    expect((await ok('messages', { action: 'list' }, REP_LI)).total).toBe(1);
  });

  it('retries only the recipients a partial failure missed', async () => {
    // a second representative's account bound to the same card: two people behind one scope key
    await rt.db
      .collection('users')
      .doc('dev-rep-li-2')
      .set({ name: '李秀英(备用)', grants: [], scopes: ['representative:qingxi:rep-1'], createdAt: 0, updatedAt: 0 });
    const { id } = await ok('resident', submission(), WANG);
    failFor.add('dev-rep-li-2');
    await rt.deliver();
    failFor.clear();
    clock.advance(RULES.delivery.retryMinutes[0]! * MINUTE);
    await rt.deliver();
    expect([sentTo(REP_LI), sentTo('dev-rep-li-2')]).toEqual([1, 2]);
    expect((await entry(`${id}-1-1`)).status).toBe('sent');
  });

  it('gives up after the last retry into the dead-letter list, which the office can resend', async () => {
    const { id } = await ok('resident', submission(), WANG);
    failFor.add(REP_LI);
    for (const wait of [0, ...RULES.delivery.retryMinutes]) {
      clock.advance(wait * MINUTE);
      await rt.deliver();
    }
    const e = await entry(`${id}-1-1`);
    expect([e.status, e.attempts, e.nextAttemptAt]).toEqual(['dead', RULES.delivery.retryMinutes.length + 1, null]);
    expectLoggedError(/outbox delivery failed .*"status":"dead"/);
    clock.advance(24 * 60 * MINUTE);
    await rt.deliver();
    expect(sentTo(REP_LI)).toBe(RULES.delivery.retryMinutes.length + 1); // no more tries on its own

    const dead = await ok('office', { action: 'deadLetters' }, OFFICE);
    expect(dead.items).toEqual([
      expect.objectContaining({ id: `${id}-1-1`, status: 'dead', to: 'representative:qingxi:rep-1', lastError: expect.stringContaining('refused') }),
    ]);
    expect((await rt.call('office', { action: 'deadLetters' }, REP_LI)).ok).toBe(false);
    failFor.clear();
    expect(await ok('office', { action: 'resend', ids: [`${id}-1-1`, 'not-dead'] }, OFFICE)).toEqual({ queued: 1 });
    await rt.deliver();
    expect((await entry(`${id}-1-1`)).status).toBe('sent');
    expect((await ok('messages', { action: 'list' }, REP_LI)).total).toBe(1);
    expect((await ok('office', { action: 'deadLetters' }, OFFICE)).total).toBe(0);
  });

  it('lists entries nobody could receive as undeliverable for the office', async () => {
    const { id } = await ok('resident', submission(), WANG);
    await rt.db.collection('users').doc(REP_LI).remove();
    await rt.deliver();
    expect((await entry(`${id}-1-1`)).status).toBe('undeliverable');
    expect((await ok('office', { action: 'deadLetters' }, OFFICE)).items.map((d: { status: string }) => d.status)).toEqual(['undeliverable']);
  });
});

describe('the office calendar', () => {
  it('adds a local holiday that later deadlines skip, and takes it back', async () => {
    await ok('office', { action: 'setCalendarDay', date: '2026-11-25', kind: 'holiday', name: '县庆' }, OFFICE);
    const { id } = await ok('resident', submission(), WANG);
    await ok('case', { action: 'accept', caseId: id, level: 'village' }, REP_LI);
    const c = await ok<CaseView>('case', { action: 'assign', caseId: id, level: 'village', unitId: 'vc-taoyuan' }, REP_LI);
    // 24, (25 off), 26, 27, 30 November, 1, 2, 3 December
    expect(c.dueDate).toBe('2026-12-03');
    const status = await ok('office', { action: 'removeCalendarDay', date: '2026-11-25' }, OFFICE);
    expect(status.overrides).toEqual([]);
  });

  it('warns about a deadline in a year without holiday data, in the case and the office view, until the year is entered', async () => {
    clock.t = Date.parse('2026-12-28T10:00:00+08:00');
    const { id } = await ok('resident', submission(), WANG);
    await ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
    const c = await ok<CaseView>('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
    expect(c.dueDate?.startsWith('2027-01')).toBe(true);
    expect(c.warnings).toEqual([expect.stringContaining('2027年的节假日安排尚未录入')]);
    expect((await ok<CaseView>('case', { action: 'detail', caseId: id }, WANG)).warnings).toEqual([]); // staff only
    let status = await ok('office', { action: 'calendar' }, OFFICE);
    expect(status.years).toEqual([
      { year: 2026, covered: true },
      { year: 2027, covered: false },
      { year: 2028, covered: false },
    ]);
    expect(status.uncoveredCases).toEqual([c.no]);
    status = await ok('office', { action: 'publishYear', year: 2027, name: '2027年节假日安排' }, OFFICE);
    expect(status.years[1]).toEqual({ year: 2027, covered: true });
    const { id: later } = await ok('resident', submission(), WANG);
    await ok('case', { action: 'accept', caseId: later, level: 'township' }, REP_LI);
    const next = await ok<CaseView>('case', { action: 'assign', caseId: later, level: 'township', unitId: 'qingshi-build' }, REP_LI);
    expect(next.warnings).toEqual([]);
    expect(await getAll(rt.db.collection('calendar').where({ countyId: 'qingxi' }).orderBy('_id', 'asc'))).toHaveLength(1);
  });

  it('refuses the calendar to anyone but the office', async () => {
    expect(await rt.call('office', { action: 'setCalendarDay', date: '2026-11-25', kind: 'holiday', name: '县庆' }, BUILD)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
