/**
 * The statistics' daily rollups are kept with every change of a case or a reception log; a
 * recount from the records gives the same documents and the same report.
 */
import type { Rollup } from '../../src/domain/rollups';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { SeedClock, seedHistory } from '../../src/runtime/local/seed';
import { checked, scanAll } from '../../src/server/store';
import { MONDAY_9AM, OFFICE, quietLog, REP_LI, submission } from '../harness';

/** Every rollup document, its cells in a fixed order (their order in a document carries no meaning). */
async function rollups(rt: LocalRuntime): Promise<Rollup[]> {
  const docs = await scanAll<Rollup>(rt.db, 'rollups', {});
  const order = (xs: object[]) => xs.map((x) => JSON.stringify(x)).sort();
  return docs.map((d) => ({ ...d, cells: order(d.cells), receptions: order(d.receptions) }) as unknown as Rollup);
}

const report = async (rt: LocalRuntime, area: Record<string, string> = {}) => {
  const res = await rt.call('office', { action: 'statistics', from: '2026-05-01', to: '2026-11-23', ...area }, OFFICE);
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
};

it('keeps, through a seeded half-year of requests, routing, answers, ratings, reminders and reception days, the rollups a recount gives', async () => {
  const clock = new SeedClock(MONDAY_9AM);
  const rt = await openLocalRuntime({ clock, log: quietLog });
  try {
    await seedHistory(rt, clock, { cases: 160, months: 6, seed: 11 });
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
    expect(recounted).toMatchObject({ ok: true, data: { days: kept.length, cases: 172 } });
    expect(await rollups(rt)).toEqual(kept);
    expect(await report(rt)).toEqual(keptReport);
    expect(await report(rt, { townshipId: 'qingshi' })).toEqual(keptTownship);
    expect(keptReport).toMatchObject({ totals: { collected: 172 } });
  } finally {
    await rt.close();
  }
});

it('puts right a day whose rollup was lost, and empties a day that counts nothing', async () => {
  const clock = new SeedClock(MONDAY_9AM);
  const rt = await openLocalRuntime({ clock, log: quietLog });
  try {
    await seedHistory(rt, clock, { cases: 30, months: 2, seed: 3 });
    const kept = await rollups(rt);
    const before = await report(rt);
    checked(await rt.db.collection('rollups').doc(kept[0]!._id).remove());
    checked(await rt.db.collection('rollups').doc('qingxi:2026-01-01').set({ countyId: 'qingxi', day: '2026-01-01', cells: [], receptions: [] }));
    expect(await report(rt)).not.toEqual(before);
    await rt.call('office', { action: 'recount' }, OFFICE);
    expect(await rollups(rt)).toEqual(kept);
    expect(await report(rt)).toEqual(before);
  } finally {
    await rt.close();
  }
});
