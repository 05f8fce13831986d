/** One change to a versioned record (an evaluation, a matter), decided on it as stored now, in a transaction. */
import type { Transaction } from '../../../types/db';
import type { CollectionName } from '../schema';
import type { Ctx } from '../ctx';
import { AppError, notFound } from '../errors';
import { checked } from '../store';

/** Writes the fields `change` answers for the record as stored now (a new version), or throws its refusal; not there: not found (`what`). */
export async function changeVersioned<T extends { _id: string; updatedAt: number; version: number }, K extends keyof T>(
  ctx: Ctx,
  name: CollectionName,
  id: string,
  what: string,
  change: (fresh: T) => Partial<Pick<T, K>> | AppError,
  /** what else the change writes, in the same transaction */
  also?: (tx: Transaction, next: T) => Promise<void>,
): Promise<T> {
  const result = await ctx.db.runTransaction(async (tx) => {
    const stored = checked(await tx.collection<T>(name).doc(id).get()).data;
    if (!stored) return notFound(what);
    const fresh = { ...stored, _id: id } as T;
    const fields = change(fresh);
    if (fields instanceof AppError) return fields;
    const next: T = { ...fresh, ...fields, updatedAt: ctx.clock.now(), version: fresh.version + 1 };
    const { _id, ...rest } = next;
    checked(await tx.collection(name).doc(_id).set(rest));
    await also?.(tx, next);
    return next;
  });
  if (result instanceof AppError) throw result;
  return result;
}
