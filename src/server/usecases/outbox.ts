/**
 * The outbox: notifications are written in the same transaction as the case change that causes
 * them, and the deliver timer carries them to each person they are for. Ids are derived from the
 * timeline event (entries) and from entry and person (deliveries), so nothing is sent twice.
 */
import { hash } from 'node:crypto';
import type { Transaction } from '../../../types/db';
import type { CaseRecord, Delivery, Message, OutboxEntry } from '../../../types/domain';
import type { Notification } from '../../domain/case';
import type { Ctx } from '../ctx';
import { checked, collection } from '../store';
import { openidsFor } from './people';

export const casePage = (caseId: string) => `/pages/case/index?id=${caseId}`;

/**
 * The outbox entries for one event, one per notification. Scope keys stay keys: the people
 * holding them are looked up when the entry is delivered, so a newly bound handler gets it.
 */
export function outboxEntries(c: CaseRecord, eventId: string, notifications: readonly Notification[], now: number): OutboxEntry[] {
  return notifications.map((n, i) => ({
    _id: `${eventId}-${i + 1}`,
    kind: n.kind,
    to: 'key' in n.to ? { key: n.to.key } : { openid: c.resident.openid },
    caseId: c._id,
    caseNo: c.no,
    title: n.title,
    body: n.body,
    page: casePage(c._id),
    status: 'pending',
    createdAt: now,
    sentAt: null,
  }));
}

/** One entry for one person; the id is stable, so delivering again writes the same message. */
export function deliveryFor(entry: OutboxEntry, openid: string): Delivery {
  const { to: _to, status: _status, sentAt: _sentAt, ...rest } = entry;
  return { ...rest, _id: `m${hash('sha256', `${entry._id}\u0000${openid}`).slice(0, 24)}`, to: openid };
}

/** Writes a case and its outbox entries inside a transaction. */
export async function saveCase(tx: Transaction, c: CaseRecord, entries: readonly OutboxEntry[]): Promise<void> {
  const { _id, ...rest } = c;
  checked(await tx.collection('cases').doc(_id).set(rest));
  for (const { _id: entryId, ...entry } of entries) checked(await tx.collection('outbox').doc(entryId).set(entry));
}

const DELIVERY_BATCH = 100;

/**
 * Delivers pending outbox entries (the deliver timer) to the people they are for now. An entry
 * delivered twice (a crash between the two writes) still makes one message per person.
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
    const people = await openidsFor(ctx, [...new Set(data.flatMap((e) => ('key' in e.to ? [e.to.key] : [])))]);
    for (const entry of data) {
      const openids = 'key' in entry.to ? (people.get(entry.to.key) ?? []) : [entry.to.openid];
      for (const openid of openids) await ctx.messenger.deliver(deliveryFor(entry, openid));
      if (openids.length === 0) ctx.log.warn('outbox entry has nobody to go to', { entryId: entry._id, to: entry.to });
      checked(
        await collection(ctx.db, 'outbox')
          .where({ _id: entry._id, status: 'pending' })
          .update({ status: openids.length ? 'sent' : 'undeliverable', sentAt: ctx.clock.now() }),
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
    async deliver(entry: Delivery): Promise<void> {
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
