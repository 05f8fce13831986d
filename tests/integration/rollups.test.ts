/**
 * The statistics' daily rollups are kept with every change of a case or a reception log; a
 * recount from the records gives the same documents and the same report.
 */
import type { Rollup } from '../../src/domain/rollups';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { SeedClock, seedHistory } from '../../src/runtime/local/seed';
import type { Database, Transaction } from '../../types/db';
import { checked, scanAll } from '../../src/server/store';
import { recount } from '../../src/server/usecases/rollups';
import { MONDAY_9AM, OFFICE, quietLog, REP_LI, submission } from '../harness';

/** Every rollup document as it counts: its cells in a fixed order (their order carries no meaning), without its revision. */
async function rollups(rt: LocalRuntime) {
  const docs = await scanAll<Rollup>(rt.db, 'rollups', {});
  const order = (xs: object[]) => xs.map((x) => JSON.stringify(x)).sort();
  return docs.map(({ rev: _rev, ...d }) => ({ ...d, cells: order(d.cells), receptions: order(d.receptions) }));
}

const report = async (rt: LocalRuntime, area: Record<string, string> = {}) => {
  const res = await rt.call('office', { action: 'statistics', from: '2026-05-01', to: '2026-11-23', ...area }, OFFICE);
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
};

/** A county's history made through the functions (`npm run seed`'s generator), handed to `run`, then closed. */
async function withHistory(
  history: { cases: number; months: number; seed: number },
  run: (rt: LocalRuntime, clock: SeedClock) => Promise<void>,
): Promise<void> {
  const clock = new SeedClock(MONDAY_9AM);
  const rt = await openLocalRuntime({ clock, log: quietLog });
  try {
    await seedHistory(rt, clock, history);
    await run(rt, clock);
  } finally {
    await rt.close();
  }
}

it('keeps, through a seeded half-year of requests, routing, answers, ratings, reminders and reception days, the rollups a recount gives', () =>
  withHistory({ cases: 160, months: 6, seed: 11 }, async (rt) => {
    // and a burst of requests and acceptances at once, as a reception day brings them
    const sent = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const res = await rt.call('resident', submission({ description: `同一天的第${i + 1}件事：路灯不亮` }), `burst-resident-${i}`);
        if (!res.ok) throw new Error(res.error.message);
        return (res.data as { id: string }).id;
      }),
    );
    await Promise.all(sent.map((caseId) => rt.call('case', { action: 'accept', caseId, level: 'village' }, REP_LI)));

    const kept = await rollups(rt);
    const keptReport = await report(rt);
    const keptTownship = await report(rt, { townshipId: 'qingshi' });
    expect(kept.length).toBeGreaterThan(60); // about every day of the half-year
    const recounted = await rt.call('office', { action: 'recount' }, OFFICE);
    // every case there is: the seeded requests and those its proposals and wall posts were turned into
    const cases = ((await rt.db.dump()).cases ?? []).length;
    expect(cases).toBeGreaterThan(160);
    expect(recounted).toMatchObject({ ok: true, data: { days: kept.length, cases } });
    expect(await rollups(rt)).toEqual(kept);
    expect(await report(rt)).toEqual(keptReport);
    expect(await report(rt, { townshipId: 'qingshi' })).toEqual(keptTownship);
    expect(keptReport).toMatchObject({ totals: { collected: cases } });
  }));

it('puts right a day whose rollup was lost, and empties a day that counts nothing', () =>
  withHistory({ cases: 30, months: 2, seed: 3 }, async (rt) => {
    const kept = await rollups(rt);
    const before = await report(rt);
    checked(await rt.db.collection('rollups').doc(kept[0]!._id).remove());
    checked(await rt.db.collection('rollups').doc('qingxi:2026-01-01').set({ countyId: 'qingxi', day: '2026-01-01', cells: [], receptions: [] }));
    expect(await report(rt)).not.toEqual(before);
    await rt.call('office', { action: 'recount' }, OFFICE);
    expect(await rollups(rt)).toEqual(kept);
    expect(await report(rt)).toEqual(before);
  }));

it('loses nothing done while a recount runs: requests, routing, answers, reception logs and the reminder sweep', () =>
  withHistory({ cases: 80, months: 3, seed: 7 }, async (rt, clock) => {
    const open = (await scanAll<{ _id: string; status: string }>(rt.db, 'cases', { status: 'submitted' }, { status: true })).map((c) => c._id);
    const before = ((await rt.db.dump()).cases ?? []).length;
    const work = async () => {
      for (let i = 0; i < 6; i++) {
        const res = await rt.call('resident', submission({ description: `重新核算时来的第${i + 1}件事：水管漏水` }), `during-recount-${i}`);
        if (!res.ok) throw new Error(res.error.message);
        const id = (res.data as { id: string }).id;
        await rt.call('case', { action: 'accept', caseId: id, level: 'village' }, REP_LI);
        await rt.call('case', { action: 'assign', caseId: id, level: 'village', unitId: 'vc-taoyuan' }, REP_LI);
      }
      for (const caseId of open) await rt.call('case', { action: 'accept', caseId, level: 'village' }, REP_LI);
      await rt.call(
        'staff',
        { action: 'logReception', kind: 'visit', villageId: 'taoyuan', date: '2026-11-23', representativeIds: ['rep-1'], residents: 4 },
        REP_LI,
      );
      clock.at += 30 * 86_400_000; // a month on: the sweep marks the month's open cases overdue
      await rt.runTimer('remind');
    };
    // the recount reads every record, then waits while the county works on, then writes what it counted
    let reached!: () => void;
    let release!: () => void;
    const [atWrite, gate] = [new Promise<void>((r) => (reached = r)), new Promise<void>((r) => (release = r))];
    const base = rt.timerCtx();
    const db: Database = Object.create(base.db, {
      runTransaction: {
        value: async <R>(fn: (tx: Transaction) => Promise<R>, times?: number) => {
          reached();
          await gate;
          return base.db.runTransaction(fn, times);
        },
      },
    });
    const recounting = recount({ ...base, db }, 'qingxi');
    await atWrite;
    await work();
    release();
    // the cases there were when the recount started (the seeded ones and those made from proposals and wall posts), not the ones added while it ran
    expect(await recounting).toMatchObject({ cases: before });
    const kept = await rollups(rt);
    const keptReport = await report(rt);
    expect(keptReport).toMatchObject({ overdue: { total: expect.any(Number) } });
    // a quiet recount afterwards finds nothing to change
    await rt.call('office', { action: 'recount' }, OFFICE);
    expect(await rollups(rt)).toEqual(kept);
    expect(await report(rt)).toEqual(keptReport);
  }));

it('counts a county kept before the rollups from its cases on its first report', () =>
  withHistory({ cases: 30, months: 2, seed: 5 }, async (rt) => {
    const kept = await report(rt);
    // as an older version left it: no rollups, the county not marked
    for (const { _id } of await scanAll<{ _id: string }>(rt.db, 'rollups', {}, { _id: true })) checked(await rt.db.collection('rollups').doc(_id).remove());
    checked(await rt.db.collection('counties').doc('qingxi').update({ rollupsFrom: rt.db.command.remove() }));
    expect(await report(rt)).toEqual(kept);
    expect((await rollups(rt)).length).toBeGreaterThan(10);
  }));
