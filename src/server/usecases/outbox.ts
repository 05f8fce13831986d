/**
 * The outbox: notifications are written in the same transaction as the case change that causes
 * them, and the deliver timer carries them to the message centre. Ids are derived from the
 * timeline event, so a retried transaction writes the same entries, never twice.
 */
import type { Transaction } from '../../../types/db';
import type { CaseRecord, Message, OutboxEntry } from '../../../types/domain';
import type { Notification } from '../../domain/case';
import type { Ctx } from '../ctx';
import { checked, collection } from '../store';
import { openidsFor } from './people';

export const casePage = (caseId: string) => `/pages/case/index?id=${caseId}`;

/** Scope keys the notifications go to (the resident is addressed by openid). */
export function audienceKeys(notifications: readonly Notification[]): string[] {
  return [...new Set(notifications.flatMap((n) => ('key' in n.to ? [n.to.key] : [])))];
}

export async function recipientsFor(ctx: Ctx, notifications: readonly Notification[]) {
  return openidsFor(ctx, audienceKeys(notifications));
}

/**
 * The outbox entries for one event. Returns null when a notification names a key whose people
 * were not loaded (the case changed underneath): the caller loads again and retries.
 */
export function outboxEntries(
  c: CaseRecord,
  eventId: string,
  notifications: readonly Notification[],
  people: ReadonlyMap<string, string[]>,
  now: number,
): OutboxEntry[] | null {
  const entries: OutboxEntry[] = [];
  for (const n of notifications) {
    const to = 'key' in n.to ? people.get(n.to.key) : [c.resident.openid];
    if (!to) return null;
    for (const openid of to) {
      entries.push({
        _id: `${eventId}-${entries.length + 1}`,
        kind: n.kind,
        to: openid,
        caseId: c._id,
        caseNo: c.no,
        title: n.title,
        body: n.body,
        page: casePage(c._id),
        status: 'pending',
        createdAt: now,
        sentAt: null,
      });
    }
  }
  return entries;
}

/** Writes a case and its outbox entries inside a transaction. */
export async function saveCase(tx: Transaction, c: CaseRecord, entries: readonly OutboxEntry[]): Promise<void> {
  const { _id, ...rest } = c;
  checked(await tx.collection('cases').doc(_id).set(rest));
  for (const { _id: entryId, ...entry } of entries) checked(await tx.collection('outbox').doc(entryId).set(entry));
}

const DELIVERY_BATCH = 100;

/**
 * Delivers pending outbox entries (the deliver timer). A message takes its outbox entry's id, so
 * an entry delivered twice (a crash between the two writes) still makes one message.
 */
export async function deliverOutbox(ctx: Ctx, maxBatches = 50): Promise<{ delivered: number }> {
  let delivered = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const { data } = checked(
      await collection<OutboxEntry>(ctx.db, 'outbox')
        .where({ status: 'pending' })
        .orderBy('createdAt', 'asc')
        .limit(DELIVERY_BATCH)
        .get(),
    );
    for (const entry of data) {
      await ctx.messenger.deliver(entry);
      checked(
        await collection(ctx.db, 'outbox')
          .where({ _id: entry._id, status: 'pending' })
          .update({ status: 'sent', sentAt: ctx.clock.now() }),
      );
      delivered++;
    }
    if (data.length < DELIVERY_BATCH) break;
  }
  if (delivered > 0) ctx.log.info('outbox delivered', { delivered });
  return { delivered };
}

/** The local message centre: a per-user inbox the pages show. */
export function messageCentre(ctx: Pick<Ctx, 'db'>) {
  return {
    async deliver(entry: OutboxEntry): Promise<void> {
      const existing = checked(await collection(ctx.db, 'messages').doc(entry._id).get());
      if (existing.data.length > 0) return; // delivered before a crash: keep its read state
      const message: Omit<Message, '_id'> = {
        to: entry.to,
        kind: entry.kind,
        caseId: entry.caseId,
        caseNo: entry.caseNo,
        title: entry.title,
        body: entry.body,
        page: entry.page,
        createdAt: entry.createdAt,
        read: false,
      };
      checked(await collection(ctx.db, 'messages').doc(entry._id).set(message));
    },
  };
}
