/**
 * Keeping the daily rollups (src/domain/rollups.ts) with the records they count: every write of a
 * case or a reception log goes through here inside its transaction, and `recount` rebuilds a
 * county's rollups from its cases and logs.
 */
import type { Transaction } from '../../../types/db';
import type { CaseRecord, Reception } from '../../../types/domain';
import { endOfShanghaiDay, shanghaiDate, startOfShanghaiDay } from '../../domain/calendar';
import {
  caseContribution,
  receptionContribution,
  revised,
  rollupId,
  rollupsOf,
  ROLLED_FIELDS,
  unchanged,
  type Contribution,
  type Kind,
  type PlaceOf,
  type RolledCase,
  type RolledReception,
  type Rollup,
} from '../../domain/rollups';
import type { Ctx } from '../ctx';
import { checked, collection, scanAll } from '../store';
import { requireOffice } from './office';

async function revise<K extends Kind>(
  tx: Transaction,
  countyId: string,
  kind: K,
  before: Contribution<PlaceOf<K>> | null,
  after: Contribution<PlaceOf<K>> | null,
): Promise<void> {
  if (unchanged(before, after)) return;
  const id = rollupId(countyId, (after ?? before)!.day);
  const stored = checked(await tx.collection<Rollup>('rollups').doc(id).get()).data;
  const { _id, ...next } = revised(stored && { ...stored, _id: id }, countyId, kind, before, after);
  checked(await tx.collection('rollups').doc(_id).set(next));
}

/** A case's change into its day's rollup (nothing is written when its counts stay the same). */
export const rollCase = (tx: Transaction, before: CaseRecord | null, after: CaseRecord): Promise<void> =>
  revise(tx, after.countyId, 'cells', before && caseContribution(before), caseContribution(after));

/** Writes a reception log and its change into its day's rollup. */
export async function saveReception(tx: Transaction, before: Reception | null, after: Reception): Promise<void> {
  const { _id, ...rest } = after;
  checked(await tx.collection('receptions').doc(_id).set(rest));
  await revise(tx, after.countyId, 'receptions', before && receptionContribution(before), receptionContribution(after));
}

/** What the rollups of a county's days hold (the statistics read only these). */
export function rollupsBetween(ctx: Pick<Ctx, 'db'>, countyId: string, from: string, to: string): Promise<Rollup[]> {
  const _ = ctx.db.command;
  return scanAll<Rollup>(ctx.db, 'rollups', { countyId, day: _.gte(from).and(_.lte(to)) });
}

export interface Recounted {
  days: number;
  cases: number;
  receptions: number;
}

/**
 * Rebuilds a county's rollups from its cases and reception logs (`office · recount`): after a
 * restore, or once when rollups are first kept. Days that no longer count anything are emptied.
 * A case changed while this runs is counted in by its own transaction, and its day is counted
 * again at the end, so the run leaves every day as its records say.
 */
export async function recount(ctx: Ctx, countyId: string): Promise<Recounted> {
  const started = ctx.clock.now();
  const [cases, receptions, old] = await Promise.all([
    scanAll<RolledCase & { _id: string }>(ctx.db, 'cases', { countyId }, ROLLED_FIELDS),
    scanAll<RolledReception & { _id: string }>(ctx.db, 'receptions', { countyId }, RECEPTION_FIELDS),
    scanAll<{ _id: string }>(ctx.db, 'rollups', { countyId }, { _id: true }),
  ]);
  const fresh = rollupsOf(countyId, cases, receptions);
  await writeDays(ctx, fresh, old);
  // what changed during the scan, day by day again
  const _ = ctx.db.command;
  const moved = await scanAll<RolledCase & { _id: string }>(ctx.db, 'cases', { countyId, updatedAt: _.gte(started) }, { createdAt: true });
  const days = [...new Set(moved.map((c) => rollupId(countyId, shanghaiDate(c.createdAt))))];
  for (const id of days) {
    const day = id.slice(countyId.length + 1);
    const [dayCases, dayLogs] = await Promise.all([
      scanAll<RolledCase & { _id: string }>(
        ctx.db,
        'cases',
        { countyId, createdAt: _.gte(startOfShanghaiDay(day)).and(_.lte(endOfShanghaiDay(day))) },
        ROLLED_FIELDS,
      ),
      scanAll<RolledReception & { _id: string }>(ctx.db, 'receptions', { countyId, date: day }, RECEPTION_FIELDS),
    ]);
    await writeDays(ctx, rollupsOf(countyId, dayCases, dayLogs), [{ _id: id }]);
  }
  ctx.log.info('rollups recounted', { countyId, days: fresh.length, cases: cases.length, receptions: receptions.length });
  return { days: fresh.length, cases: cases.length, receptions: receptions.length };
}

const RECEPTION_FIELDS: Record<keyof RolledReception, true> = {
  countyId: true,
  date: true,
  townshipId: true,
  villageId: true,
  kind: true,
  representativeIds: true,
  residents: true,
  caseIds: true,
};

/** Writes in flight at once when recounting: a county's years are a thousand day documents. */
const WRITES_IN_FLIGHT = 20;

/** Writes a county's recounted days and empties those it had that now count nothing. */
async function writeDays(ctx: Ctx, days: readonly Rollup[], old: ReadonlyArray<{ _id: string }>): Promise<void> {
  const kept = new Set(days.map((d) => d._id));
  const writes = [
    ...days.map(
      ({ _id, ...rest }) =>
        () =>
          collection(ctx.db, 'rollups').doc(_id).set(rest),
    ),
    ...old
      .filter(({ _id }) => !kept.has(_id))
      .map(
        ({ _id }) =>
          () =>
            collection(ctx.db, 'rollups').doc(_id).remove(),
      ),
  ];
  for (let i = 0; i < writes.length; i += WRITES_IN_FLIGHT)
    await Promise.all(writes.slice(i, i + WRITES_IN_FLIGHT).map(async (write) => checked(await write())));
}

/** `office · recount`: the office's county, rebuilt. */
export async function recountCounty(ctx: Ctx): Promise<Recounted> {
  const { office } = await requireOffice(ctx);
  return recount(ctx, office.countyId);
}
