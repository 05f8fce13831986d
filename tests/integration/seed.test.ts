/**
 * `npm run seed`: a county's history made through the cloud functions on a clock that walks the
 * months, varied enough that every screen has something to show, and the same for the same seed.
 */
import type { CaseRecord } from '../../types/domain';
import { openLocalRuntime } from '../../src/runtime/local/runtime';
import { SeedClock, seedHistory } from '../../src/runtime/local/seed';
import { getAll } from '../../src/server/store';
import { MONDAY_9AM, OFFICE, quietLog } from '../harness';

async function history(seed: number, cases: number): Promise<CaseRecord[]> {
  const clock = new SeedClock(MONDAY_9AM);
  const rt = await openLocalRuntime({ clock, log: quietLog });
  try {
    const report = await seedHistory(rt, clock, { cases, months: 6, seed });
    expect(report.cases).toBe(cases);
    expect(clock.now()).toBe(MONDAY_9AM);
    const all = await getAll(rt.db.collection<CaseRecord>('cases').orderBy('_id', 'asc'));
    // the office's statistics over the whole history agree with the records themselves
    const stats = await rt.call('office', { action: 'statistics', from: '2026-01-01', to: '2026-11-23' }, OFFICE);
    const answered = (o: string) => all.filter((c) => ['replied', 'closed'].includes(c.status) && c.outcome === o).length;
    expect(stats).toMatchObject({
      ok: true,
      data: {
        reception: { sessions: expect.any(Number), attendances: expect.any(Number) },
        totals: {
          collected: all.length,
          resolved: answered('resolved'),
          inProgress: answered('in_progress'),
          explained: answered('explained'),
          withdrawn: all.filter((c) => c.status === 'withdrawn').length,
        },
      },
    });
    return all;
  } finally {
    await rt.close();
  }
}

const count = (cases: CaseRecord[], test: (c: CaseRecord) => boolean) => cases.filter(test).length;

it('makes a varied county history over the months, all through the cloud functions', async () => {
  const cases = await history(7, 200);
  expect(cases).toHaveLength(200);
  const months = new Set(cases.map((c) => new Date(c.createdAt + 8 * 3600 * 1000).toISOString().slice(0, 7)));
  expect(months.size).toBeGreaterThanOrEqual(6);
  expect(Math.min(...cases.map((c) => c.createdAt))).toBeGreaterThanOrEqual(MONDAY_9AM - 180 * 24 * 3600 * 1000);

  const statuses = new Set(cases.map((c) => c.status));
  for (const s of ['closed', 'replied', 'not_accepted', 'withdrawn'] as const) expect({ s, seen: statuses.has(s) }).toEqual({ s, seen: true });
  // the latest requests are still being worked on
  expect(count(cases, (c) => !['closed', 'not_accepted', 'withdrawn'].includes(c.status))).toBeGreaterThan(0);
  for (const o of ['resolved', 'in_progress', 'explained'] as const) expect({ o, n: count(cases, (c) => c.outcome === o) > 0 }).toEqual({ o, n: true });
  for (const l of ['village', 'township', 'county'] as const) expect({ l, n: count(cases, (c) => c.level === l) > 0 }).toEqual({ l, n: true });
  expect(count(cases, (c) => c.overdue)).toBeGreaterThan(0);
  expect(count(cases, (c) => c.superviseCount > 0)).toBeGreaterThan(0);
  expect(count(cases, (c) => c.escalationCount > 0)).toBeGreaterThan(0);
  expect(count(cases, (c) => c.returnCount > 0)).toBeGreaterThan(0);
  // 不满意 sent back and handled again
  expect(count(cases, (c) => c.reassignCount > 0)).toBeGreaterThan(0);
  expect(count(cases, (c) => c.events.some((e) => e.action === 'rate' && e.data?.rating === 'dissatisfied'))).toBeGreaterThan(0);
  // the clock ran every day: reminders and overdue marks are on the timelines
  expect(count(cases, (c) => c.events.some((e) => e.action === 'remind'))).toBeGreaterThan(0);
  expect(count(cases, (c) => c.events.some((e) => e.action === 'overdue'))).toBeGreaterThan(0);
  // reception days and visits were logged, and some requests entered there
  expect(count(cases, (c) => c.receptionId !== null)).toBeGreaterThan(0);
  expect(count(cases, (c) => c.receptionId !== null && c.status === 'closed')).toBeGreaterThan(0);
  // every timeline runs forward in time
  for (const c of cases) expect(c.events.map((e) => e.at)).toEqual([...c.events.map((e) => e.at)].sort((a, b) => a - b));
});

it('makes the same history from the same seed, and another from another', async () => {
  const shape = (cases: CaseRecord[]) => cases.map((c) => [c.no, c.createdAt, c.status, c.outcome, c.rating, c.events.length]);
  const first = await history(3, 40);
  expect(shape(await history(3, 40))).toEqual(shape(first));
  expect(shape(await history(4, 40))).not.toEqual(shape(first));
});

it('adds nothing when run again with the same seed', async () => {
  const clock = new SeedClock(MONDAY_9AM);
  const rt = await openLocalRuntime({ clock, log: quietLog });
  try {
    await seedHistory(rt, clock, { cases: 30, months: 3, seed: 5 });
    const before = await rt.db.dump();
    await seedHistory(rt, clock, { cases: 30, months: 3, seed: 5 });
    const after = await rt.db.dump();
    expect(after.cases).toEqual(before.cases);
    expect(after.receptions).toEqual(before.receptions);
  } finally {
    await rt.close();
  }
});
