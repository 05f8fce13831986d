/**
 * Votes that reveal no voter (述职评议, 重大事项民意): a vote is kept under the voter's pseudonym
 * for what they vote on (a keyed hash, src/server/pseudonym.ts), so each identity votes once, and
 * neither the identity nor how a known resident voted can be worked out from what is stored.
 */
import type { Database } from '../../../types/db';
import type { CollectionName } from '../schema';
import type { Ctx } from '../ctx';
import { AppError } from '../errors';
import { checked, getById, sha256 } from '../store';

/**
 * Where one identity's vote on one subject is kept (`kind`: what is voted on, e.g. `evaluation`),
 * then where versions before the pseudonym kept it (a plain hash, only read: a vote cast then
 * still counts once).
 */
export const ballotIds = (ctx: Ctx, kind: string, subjectId: string, openid: string): readonly string[] => [
  `${subjectId}:${ctx.platform.pseudonym(`${kind}-vote\u0000${subjectId}`, openid)}`,
  `${subjectId}:${sha256(`${kind}-vote\u0000${subjectId}\u0000${openid}`).slice(0, 32)}`,
];

/** Whether a vote is kept under any of `ids` (`ballotIds`). */
export async function hasVoted(db: Database, votes: CollectionName, ids: readonly string[]): Promise<boolean> {
  for (const id of ids) if (await getById(db, votes, id)) return true;
  return false;
}

export interface Ballot<S> {
  /** the collection of what is voted on, and of its votes */
  subjects: CollectionName;
  votes: CollectionName;
  subjectId: string;
  /** `ballotIds` of the voter */
  ids: readonly string[];
  vote: Record<string, unknown>;
  /** why not, decided on the subject as stored now (null: gone) and whether this identity voted already */
  refusal: (fresh: (S & { _id: string }) | null, voted: boolean) => string | null;
  /** a change the vote makes to its subject, if any */
  change?: (fresh: S & { _id: string }) => Partial<S> | null;
}

/**
 * Writes one vote in a transaction: of two sent at once by one identity, one is written. Refused
 * (INVALID_STATE, in the refusal's words) with nothing written.
 */
export async function castBallot<S extends object>(ctx: Ctx, b: Ballot<S>): Promise<void> {
  const refused = await ctx.db.runTransaction(async (tx) => {
    let voted = false;
    for (const id of b.ids) voted ||= checked(await tx.collection(b.votes).doc(id).get()).data !== null;
    const stored = checked(await tx.collection<S>(b.subjects).doc(b.subjectId).get()).data;
    const fresh = stored ? { ...stored, _id: b.subjectId } : null;
    const refusal = b.refusal(fresh, voted);
    if (refusal) return refusal;
    checked(await tx.collection(b.votes).doc(b.ids[0]!).set(b.vote));
    const change = b.change?.(fresh!);
    if (change) checked(await tx.collection(b.subjects).doc(b.subjectId).update(change));
    return null;
  });
  if (refused) throw new AppError('INVALID_STATE', refused);
}
