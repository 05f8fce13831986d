/**
 * Limits kept in the database, one record per identity and kind (`limits` collection), read and
 * written in the same transaction as what they limit: parallel attempts queue on the record, so a
 * limit holds however many arrive at once.
 */
import type { Database, Transaction } from '../../../types/db';
import type { LimitWindow } from '../../../types/domain';
import { admit, DAY_MS, type LimitRule } from '../../domain/limits';
import type { Ctx } from '../ctx';
import { checked, collection } from '../store';

/** Whether one more attempt fits, read outside any transaction: an early, cheap refusal only. */
export async function looksAllowed(db: Database, id: string, now: number, rules: readonly LimitRule[]): Promise<boolean> {
  const [doc] = checked(await db.collection<LimitWindow>('limits').doc(id).get()).data;
  return admit(doc?.times ?? [], now, rules).ok;
}

/** Inside a transaction: whether one more attempt fits; if it does and `count`, it is counted. */
export async function takeSlot(tx: Transaction, id: string, now: number, rules: readonly LimitRule[], count = true): Promise<boolean> {
  const doc = checked(await tx.collection<LimitWindow>('limits').doc(id).get()).data;
  const { ok, kept } = admit(doc?.times ?? [], now, rules);
  if (ok && count)
    checked(
      await tx
        .collection('limits')
        .doc(id)
        .set({ times: [...kept, now], last: now }),
    );
  return ok;
}

/** Deletes the records of those who have tried nothing for a day (every window is shorter). */
export async function forgetIdleLimits(ctx: Ctx): Promise<number> {
  const _ = ctx.db.command;
  const res = checked(
    await collection(ctx.db, 'limits')
      .where({ last: _.lt(ctx.clock.now() - DAY_MS) })
      .remove(),
  );
  return res.deleted;
}
