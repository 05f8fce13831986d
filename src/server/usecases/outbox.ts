/**
 * The outbox: notifications are written in the same transaction as the case change that causes
 * them, and the deliver timer carries them to each person they are for. Ids are derived from the
 * timeline event (entries) and from entry and person (deliveries), so nothing is sent twice.
 */
import type { Transaction } from '../../../types/db';
import type { CaseRecord, Delivery, Message, OutboxEntry } from '../../../types/domain';
import type { Notification } from '../../domain/case';
import { residentRecipient, standsIn } from '../../domain/roles';
import { caseSimilarKeys } from '../../domain/metoo';
import type { Ctx } from '../ctx';
import { checked, collection, derivedId } from '../store';
import { openidsFor } from './people';
import { afterPush, followAnswer, pushOutcome, pushPermit, type PushOutcome } from './reach';
import { rollCase } from './rollups';

export const casePage = (caseId: string) => `/pages/case/index?id=${caseId}`;

/**
 * The outbox entries for one event, one per notification. Scope keys stay keys: the people
 * holding them are looked up when the entry is delivered, so a newly bound handler gets it.
 */
export function outboxEntries(c: CaseRecord, eventId: string, notifications: readonly Notification[], now: number): OutboxEntry[] {
  const to = (n: Notification): OutboxEntry['to'] => ('key' in n.to ? { key: n.to.key } : 'openid' in n.to ? { openid: n.to.openid } : residentRecipient(c));
  // entered in person, the resident's messages go to whoever follows the case, who hears of one event once
  const once = standsIn(c)
    ? notifications.filter((n, i) => notifications.findIndex((m) => JSON.stringify(to(m)) === JSON.stringify(to(n))) === i)
    : notifications;
  const entry = (id: string, n: Notification, recipient: OutboxEntry['to']) =>
    pendingEntry(id, c.countyId, { kind: n.kind, to: recipient, title: n.title, body: n.body }, { id: c._id, no: c.no, page: casePage(c._id) }, now);
  // what the resident is told, its followers and co-reporters (我也反映) are told too, each their own entry
  return once.flatMap((n, i) => [
    entry(`${eventId}-${i + 1}`, n, to(n)),
    ...('resident' in n.to ? (c.followers ?? []).map((openid, j) => entry(`${eventId}-${i + 1}-f${j + 1}`, n, { openid })) : []),
    ...('resident' in n.to ? (c.coReporters ?? []).map((openid, j) => entry(`${eventId}-${i + 1}-c${j + 1}`, n, { openid })) : []),
  ]);
}

/**
 * A new entry of the outbox, to be delivered now: what it says to whom, about what (a case, a
 * proposal, a briefing: its id, number and page).
 */
export function pendingEntry(
  id: string,
  countyId: string,
  message: Pick<OutboxEntry, 'kind' | 'to' | 'title' | 'body'>,
  about: { id: string; no: string; page: string },
  now: number,
): OutboxEntry {
  return {
    _id: id,
    countyId,
    ...message,
    caseId: about.id,
    caseNo: about.no,
    page: about.page,
    status: 'pending',
    createdAt: now,
    sentAt: null,
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    deliveredTo: [],
    unsubscribed: [],
  };
}

/** One entry for one person; the id is stable, so delivering again writes the same message. */
export function deliveryFor(entry: OutboxEntry, openid: string): Delivery {
  const { kind, caseId, caseNo, title, body, page, createdAt } = entry;
  return { _id: derivedId('m', entry._id, openid), entryId: entry._id, to: openid, kind, caseId, caseNo, title, body, page, createdAt };
}

/** Writes a case, its change to its day's rollup and its outbox entries inside a transaction (`before`: as it was read, null when new). */
export async function saveCase(tx: Transaction, before: CaseRecord | null, c: CaseRecord, entries: readonly OutboxEntry[]): Promise<void> {
  const { _id, ...rest } = c;
  // the 我也反映 lookup's index, derived from the case as it now is
  checked(
    await tx
      .collection('cases')
      .doc(_id)
      .set({ ...rest, similarKeys: caseSimilarKeys(c, before) }),
  );
  await rollCase(tx, before, c);
  for (const { _id: entryId, ...entry } of entries) checked(await tx.collection('outbox').doc(entryId).set(entry));
}

/** Entries `enqueueMissing` writes at once (an audience may be hundreds). */
const ENQUEUE_AT_ONCE = 20;

/**
 * Writes the entries of a fan-out (one per person told, each id derived from what it tells and to
 * whom) that are not there yet, each created only if absent (a transaction of its own). One already
 * there, perhaps delivered, is left as it is: writing the fan-out again — a retried request
 * completing what a failed one began, or two at once — tells nobody twice. Answers how many it wrote.
 */
export async function enqueueMissing(ctx: Ctx, entries: readonly OutboxEntry[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < entries.length; i += ENQUEUE_AT_ONCE) {
    const wave = await Promise.all(
      entries.slice(i, i + ENQUEUE_AT_ONCE).map(({ _id: entryId, ...entry }) =>
        ctx.db.runTransaction(async (tx) => {
          if (checked(await tx.collection<OutboxEntry>('outbox').doc(entryId).get()).data) return false;
          checked(await tx.collection('outbox').doc(entryId).set(entry));
          return true;
        }),
      ),
    );
    written += wave.filter(Boolean).length;
  }
  return written;
}

const DELIVERY_BATCH = 100;
/** how long a claimed entry is left to the run that claimed it before another may retry it */
const LEASE_MS = 2 * 60_000;

/** Entries due for an attempt: pending ones and failed ones whose back-off has passed. */
export const dueForDelivery = (ctx: Ctx, now: number) =>
  collection<OutboxEntry>(ctx.db, 'outbox').where({ nextAttemptAt: ctx.db.command.gt(0).and(ctx.db.command.lte(now)) });

/**
 * The settled state after an attempt: sent when everyone got it, else failed with the next
 * retry after the configured back-off, or dead after the last one (the office's list).
 */
export function afterAttempt(
  entry: Pick<OutboxEntry, 'attempts'>,
  outcome: { recipients: number; delivered: string[]; error: string | null },
  retryMinutes: readonly number[],
  now: number,
): Pick<OutboxEntry, 'status' | 'nextAttemptAt' | 'lastError' | 'sentAt' | 'deliveredTo'> {
  const { delivered, error } = outcome;
  if (!error) return { status: outcome.recipients ? 'sent' : 'undeliverable', nextAttemptAt: null, lastError: null, sentAt: now, deliveredTo: delivered };
  const wait = retryMinutes[entry.attempts - 1];
  return wait === undefined
    ? { status: 'dead', nextAttemptAt: null, lastError: error, sentAt: null, deliveredTo: delivered }
    : { status: 'failed', nextAttemptAt: now + wait * 60_000, lastError: error, sentAt: null, deliveredTo: delivered };
}

/**
 * Delivers outbox entries that are due (the deliver timer) to the people they are for now. Each
 * entry is claimed first (a conditional write on its attempt count), so two runs never send the
 * same entry; recipients already reached are skipped on a retry; a run that dies after claiming
 * leaves the entry to be retried when its lease ends. A run stops claiming once its time budget is
 * spent, well before the function's timeout.
 */
export async function deliverOutbox(ctx: Ctx, maxBatches = 50): Promise<{ delivered: number; failed: number; more: boolean }> {
  let delivered = 0;
  let failed = 0;
  const _ = ctx.db.command;
  const stopAt = ctx.clock.now() + ctx.rules.delivery.budgetSeconds * 1000;
  let more = false;
  for (let batch = 0; batch < maxBatches && !more; batch++) {
    const now = ctx.clock.now();
    const { data } = checked(await dueForDelivery(ctx, now).orderBy('nextAttemptAt', 'asc').limit(DELIVERY_BATCH).get());
    const people = await openidsFor(ctx, [...new Set(data.flatMap((e) => ('key' in e.to ? [e.to.key] : [])))]);
    for (const entry of data) {
      // past the run's budget nothing more is claimed: the next run (a minute on) takes the rest
      if (ctx.clock.now() >= stopAt) {
        more = true;
        break;
      }
      const claim = checked(
        await collection(ctx.db, 'outbox')
          .where({ _id: entry._id, attempts: entry.attempts, nextAttemptAt: entry.nextAttemptAt })
          .update({ attempts: _.inc(1), nextAttemptAt: now + LEASE_MS }),
      );
      if (claim.updated === 0) continue; // another run has it
      const openids = 'key' in entry.to ? (people.get(entry.to.key) ?? []) : [entry.to.openid];
      const done = [...entry.deliveredTo];
      const unsubscribed = [...(entry.unsubscribed ?? [])];
      const outcomes = new Map<string, PushOutcome>();
      let error: string | null = null;
      for (const openid of openids) {
        if (done.includes(openid)) continue;
        try {
          // pushed only while a consent is left (reach.ts); the message centre has it either way
          const permit = await pushPermit(ctx, openid, entry.kind);
          const result = await ctx.messenger.deliver(deliveryFor(entry, openid), { push: permit.push });
          await afterPush(ctx, openid, entry.kind, result);
          if (result === 'unsubscribed') unsubscribed.push(openid);
          outcomes.set(openid, pushOutcome(permit, result));
          done.push(openid);
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
      }
      if (openids.length === 0) ctx.log.warn('outbox entry has nobody to go to', { entryId: entry._id, to: entry.to });
      const settled = afterAttempt(
        { attempts: entry.attempts + 1 },
        { recipients: openids.length, delivered: done, error },
        ctx.rules.delivery.retryMinutes,
        ctx.clock.now(),
      );
      checked(
        await collection(ctx.db, 'outbox')
          .doc(entry._id)
          .update({ ...settled, unsubscribed }),
      );
      // an answer that could not be pushed to its resident goes on the representative's 回访 list
      if (!error) await followAnswer(ctx, entry, outcomes);
      if (error) {
        failed++;
        ctx.log[settled.status === 'dead' ? 'error' : 'warn']('outbox delivery failed', {
          entryId: entry._id,
          attempts: entry.attempts + 1,
          status: settled.status,
          error,
        });
      } else delivered++;
    }
    if (data.length < DELIVERY_BATCH) break;
  }
  if (delivered + failed > 0) ctx.log.info('outbox delivered', { delivered, failed, more });
  return { delivered, failed, more };
}

/** The local message centre: a per-user inbox the pages show. */
export function messageCentre(ctx: Pick<Ctx, 'db'>) {
  return {
    async deliver(entry: Delivery): Promise<'delivered'> {
      const existing = checked(await collection(ctx.db, 'messages').doc(entry._id).get());
      if (existing.data.length > 0) return 'delivered'; // delivered before a crash: keep its read state
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
        entryId: entry.entryId,
      };
      checked(await collection(ctx.db, 'messages').doc(entry._id).set(message));
      return 'delivered';
    },
  };
}
