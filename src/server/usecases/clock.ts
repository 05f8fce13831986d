/**
 * The reminder sweep (the remind timer): finds the cases whose next reminder is due through the
 * indexed `nextReminderAt`, never by scanning, and runs the clock on each in its own transaction.
 * The transaction re-reads the case and goes ahead only if its cursor is still the one the query
 * saw, so two overlapping sweeps send each reminder once, and a sweep that dies midway leaves
 * the rest for the next.
 */
import { remindersFor } from '../../../config/rules';
import type { CaseRecord, Proposal, WallPost } from '../../../types/domain';
import { wallLate, wallReminderNotices } from '../../domain/wall';
import { saveWallPost, wallClockFor, wallClockOf } from './wall';
import { reminderNotices } from '../../domain/proposals';
import type { WorkingCalendar } from '../../domain/calendar';
import { applyClock, type Cursor as Reminded } from '../../domain/reminders';
import type { Ctx } from '../ctx';
import type { Transaction } from '../../../types/db';
import { checked, collection } from '../store';
import { outboxEntries, pendingEntry, saveCase } from './outbox';
import { aboutProposal, clockOf, proposalClockFor } from './proposals';
import { loadCalendar } from './people';

const PAGE = 1000;
type Seen = Pick<CaseRecord, '_id' | 'countyId' | 'nextReminderAt' | 'nextReminderKey'>;

export interface SweepResult {
  /** cases the clock was run on */
  cases: number;
  /** reminders sent */
  reminded: number;
  /** marked overdue in this sweep */
  overdue: number;
  failed: number;
  /** stopped at the per-run limit with more due: the next run goes on */
  more: boolean;
}

async function clockOne(ctx: Ctx, seen: Seen, calendar: WorkingCalendar, now: number) {
  return ctx.db.runTransaction(async (tx) => {
    const fresh = checked(await tx.collection<CaseRecord>('cases').doc(seen._id).get()).data;
    // moved on since the query: another sweep, or an action that set its next reminder anew
    if (!fresh || fresh.nextReminderAt !== seen.nextReminderAt || fresh.nextReminderKey !== seen.nextReminderKey) return null;
    const clocked = applyClock(fresh, remindersFor(ctx.rules, fresh.countyId), calendar, now);
    if (!clocked) return null;
    // the entries are named after the case's last event: one clock run, one set of names
    const eventId = clocked.next.events[clocked.next.events.length - 1]!.id;
    await saveCase(tx, fresh, clocked.next, outboxEntries(clocked.next, eventId, clocked.notifications, now));
    return { reminded: clocked.sent.length, overdue: clocked.next.overdue && !fresh.overdue };
  });
}

/** Each county's working calendar, loaded once for a sweep. */
function calendars(ctx: Ctx): (countyId: string) => Promise<WorkingCalendar> {
  const loaded = new Map<string, Promise<WorkingCalendar>>();
  return (countyId) => {
    let cal = loaded.get(countyId);
    if (!cal) loaded.set(countyId, (cal = loadCalendar(ctx, countyId)));
    return cal;
  };
}

export async function sweepReminders(ctx: Ctx): Promise<SweepResult> {
  const now = ctx.clock.now();
  const _ = ctx.db.command;
  const max = ctx.rules.sweep.maxCasesPerRun;
  const result: SweepResult = { cases: 0, reminded: 0, overdue: 0, failed: 0, more: false };
  const calendarOf = calendars(ctx);
  const failed = new Set<string>();
  for (;;) {
    // processed cases move past `now`, so each page starts from the top again; failures are left out
    const due = { nextReminderAt: _.gt(0).and(_.lte(now)), ...(failed.size ? { _id: _.nin([...failed]) } : {}) };
    const limit = Math.min(PAGE, max - result.cases);
    if (limit <= 0) {
      result.more = checked(await collection(ctx.db, 'cases').where(due).limit(1).get()).data.length > 0;
      break;
    }
    const { data } = checked(
      await collection<CaseRecord>(ctx.db, 'cases')
        .where(due)
        .orderBy('nextReminderAt', 'asc')
        .limit(limit)
        .field({ _id: true, countyId: true, nextReminderAt: true, nextReminderKey: true })
        .get(),
    );
    for (const seen of data as Seen[]) {
      result.cases++;
      try {
        const done = await clockOne(ctx, seen, await calendarOf(seen.countyId), now);
        result.reminded += done?.reminded ?? 0;
        if (done?.overdue) result.overdue++;
      } catch (err) {
        failed.add(seen._id);
        result.failed++;
        ctx.log.error('reminder failed', { caseId: seen._id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (data.length < limit) break;
  }
  if (result.cases > 0) ctx.log.info('reminders swept', { ...result });
  return result;
}

/** A record a clock presses: its next reminder (indexed) and which one it is. */
interface Cursor {
  _id: string;
  nextReminderAt: number | null;
  nextReminderKey: string | null;
}

/**
 * A clock on a collection's cursor (the remind timer runs them): the records whose next reminder is
 * due, found through the indexed `nextReminderAt`, each pressed in its own transaction, and only
 * if its cursor is still the one the query saw (so a reminder goes out once, however often the timer
 * runs). `press` writes the record and its messages and answers how many went out. It is handed
 * the cursor as the first point after the last run: every point at its instant is still to send,
 * whatever its key (so a cursor kept under a clock's former keys — before-2, overdue-N — is read the same).
 */
async function sweepCursor<T extends Cursor>(
  ctx: Ctx,
  name: 'proposals' | 'wallPosts',
  press: (tx: Transaction, fresh: T, seen: Reminded) => Promise<number>,
): Promise<number> {
  const _ = ctx.db.command;
  const { data } = checked(
    await collection<T>(ctx.db, name)
      .where({ nextReminderAt: _.gt(0).and(_.lte(ctx.clock.now())) })
      .orderBy('nextReminderAt', 'asc')
      .limit(ctx.rules.sweep.maxCasesPerRun)
      .field({ _id: true, nextReminderAt: true, nextReminderKey: true })
      .get(),
  );
  let sent = 0;
  for (const seen of data) {
    sent += await ctx.db.runTransaction(async (tx) => {
      const fresh = checked(await tx.collection<T>(name).doc(seen._id).get()).data;
      if (!fresh || fresh.nextReminderAt !== seen.nextReminderAt || fresh.nextReminderKey !== seen.nextReminderKey) return 0;
      return press(tx, { ...fresh, _id: seen._id }, { at: seen.nextReminderAt!, key: '' });
    });
  }
  if (data.length > 0) ctx.log.info(`${name} reminders swept`, { records: data.length, sent });
  return sent;
}

/**
 * The proposal clock, run as a case's (applyClock) on its calendar days: a proposal a unit handles
 * is marked overdue once its due day has ended, whenever the sweep runs, and gets the latest
 * reminder due — one missed while the timer was not running (a reminder before the due day, once
 * it has passed) is skipped, not sent late.
 */
export const sweepProposalReminders = (ctx: Ctx): Promise<number> =>
  sweepCursor<Proposal>(ctx, 'proposals', async (tx, p, seen) => {
    const clock = proposalClockFor(ctx, p);
    if (!clock || !p.handling) return 0;
    const now = ctx.clock.now();
    // one track: at most one reminder
    const [due] = clock.due(seen, now);
    const late = !p.handling.overdue && now > p.handling.dueAt;
    const next: Proposal = { ...p, handling: late ? { ...p.handling, overdue: true } : p.handling, ...clockOf(ctx, p, now) };
    const { _id, ...rest } = next;
    checked(await tx.collection('proposals').doc(_id).set(rest));
    if (!due) return 0;
    const notices = reminderNotices(next, due);
    for (const [i, n] of notices.entries()) {
      const { _id: entryId, ...entry } = pendingEntry(`${_id}-${due.key}-${i + 1}`, next.countyId, { ...n, to: { key: n.to } }, aboutProposal(next), now);
      checked(await tx.collection('outbox').doc(entryId).set(entry));
    }
    return notices.length;
  });

/**
 * The wall clock, run as a case's (applyClock): an open post is marked overdue once its due day
 * has ended, whenever the sweep runs, and gets the latest reminder due — one missed while the timer
 * was not running (a reminder before the due day, once it has passed) is skipped, not sent late.
 */
export async function sweepWallReminders(ctx: Ctx): Promise<number> {
  const calendarOf = calendars(ctx);
  return sweepCursor<WallPost>(ctx, 'wallPosts', async (tx, p, seen) => {
    const now = ctx.clock.now();
    const calendar = await calendarOf(p.countyId);
    // none once answered or taken off the wall (the cursor is then cleared); one track: at most one reminder
    const clock = wallClockFor(ctx, p, calendar);
    const [due] = clock?.due(seen, now) ?? [];
    const next: WallPost = { ...p, overdue: p.overdue || (clock !== null && wallLate(p, now)), ...wallClockOf(ctx, p, calendar, now) };
    const notices = due ? wallReminderNotices(next, due) : [];
    await saveWallPost(tx, next, notices, now, due ? `remind-${due.at}` : undefined);
    return notices.length;
  });
}
