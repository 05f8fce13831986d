/**
 * Keeping the daily rollups (src/domain/rollups.ts) with the records they count: every write of a
 * case or a reception log goes through here inside its transaction, and `recount` rebuilds a
 * county's rollups from its cases and logs.
 */
import type { Transaction } from '../../../types/db';
import type { CaseRecord, Reception } from '../../../types/domain';
import { endOfShanghaiDay, startOfShanghaiDay } from '../../domain/calendar';
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
import { AppError } from '../errors';
import { checked, collection, getById, scanAll } from '../store';
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

/** Days recounted at once, each in its own transaction. */
const DAYS_IN_FLIGHT = 20;
/** How often a day changed by others while it was being counted is counted again before the recount gives up on it. */
const DAY_ATTEMPTS = 5;

/**
 * Rebuilds a county's rollups from its cases and reception logs (`office · recount`): after a
 * restore, or once when rollups are first kept. Every day document carries a revision that each
 * change bumps in its own transaction. The recount reads the revisions first, then the records,
 * and writes each day in a transaction only if its revision is still the one it read: a day that
 * a case or a log changed meanwhile is read and counted again on its own. So nothing done while it
 * runs is lost, and days that no longer count anything are emptied.
 */
export async function recount(ctx: Ctx, countyId: string): Promise<Recounted> {
  const seen = new Map((await scanAll<Pick<Rollup, '_id' | 'rev'>>(ctx.db, 'rollups', { countyId }, { rev: true })).map((d) => [d._id, revisionOf(d)]));
  const [cases, receptions] = await Promise.all([
    scanAll<RolledCase & { _id: string }>(ctx.db, 'cases', { countyId }, ROLLED_FIELDS),
    scanAll<RolledReception & { _id: string }>(ctx.db, 'receptions', { countyId }, RECEPTION_FIELDS),
  ]);
  const fresh = new Map(rollupsOf(countyId, cases, receptions).map((d) => [d._id, d]));
  const days = [...new Set([...seen.keys(), ...fresh.keys()])];
  const unsettled: string[] = [];
  for (let i = 0; i < days.length; i += DAYS_IN_FLIGHT) {
    await Promise.all(
      days.slice(i, i + DAYS_IN_FLIGHT).map(async (id) => {
        let settled = await writeIfUnchanged(ctx, id, fresh.get(id) ?? null, seen.get(id));
        for (let attempt = 1; !settled && attempt < DAY_ATTEMPTS; attempt++) settled = await recountDay(ctx, countyId, id);
        if (!settled) unsettled.push(id);
      }),
    );
  }
  if (unsettled.length) {
    ctx.log.error('rollups not recounted: their days kept changing', { countyId, days: unsettled });
    throw new AppError('CONFLICT', '有几天的事项一直在办理，统计数字没能核算完，请稍后再点一次「重新核算」');
  }
  checked(await collection(ctx.db, 'counties').doc(countyId).update({ rollupsFrom: ctx.clock.now() }));
  ctx.log.info('rollups recounted', { countyId, days: fresh.size, cases: cases.length, receptions: receptions.length });
  return { days: fresh.size, cases: cases.length, receptions: receptions.length };
}

/** One day counted again from its own records, against the revision read before them. */
async function recountDay(ctx: Ctx, countyId: string, id: string): Promise<boolean> {
  const rev = revisionOf(await getById<Rollup>(ctx.db, 'rollups', id));
  const day = id.slice(countyId.length + 1);
  const _ = ctx.db.command;
  const [cases, logs] = await Promise.all([
    scanAll<RolledCase & { _id: string }>(
      ctx.db,
      'cases',
      { countyId, createdAt: _.gte(startOfShanghaiDay(day)).and(_.lte(endOfShanghaiDay(day))) },
      ROLLED_FIELDS,
    ),
    scanAll<RolledReception & { _id: string }>(ctx.db, 'receptions', { countyId, date: day }, RECEPTION_FIELDS),
  ]);
  return writeIfUnchanged(ctx, id, rollupsOf(countyId, cases, logs)[0] ?? null, rev);
}

/** A stored day's revision (0 for one kept before revisions were), undefined for a day not stored. */
const revisionOf = (doc: Pick<Rollup, 'rev'> | null): number | undefined => (doc ? (doc.rev ?? 0) : undefined);

/** Writes a recounted day (or removes it when it counts nothing) if no change has come since revision `rev` was read. */
async function writeIfUnchanged(ctx: Ctx, id: string, doc: Rollup | null, rev: number | undefined): Promise<boolean> {
  return ctx.db.runTransaction(async (tx) => {
    const now = checked(await tx.collection<Rollup>('rollups').doc(id).get()).data;
    if (revisionOf(now) !== rev) return false;
    if (doc) {
      const { _id, ...rest } = doc;
      checked(
        await tx
          .collection('rollups')
          .doc(_id)
          .set({ ...rest, rev: (now?.rev ?? 0) + 1 }),
      );
    } else if (now) checked(await tx.collection('rollups').doc(id).delete());
    return true;
  });
}

/** `office · recount`: the office's county, rebuilt. */
export async function recountCounty(ctx: Ctx): Promise<Recounted> {
  const { office } = await requireOffice(ctx);
  return recount(ctx, office.countyId);
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
