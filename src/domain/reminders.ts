/**
 * The clock that presses people (督办), as pure functions. Each waiting state has a track of
 * reminders on working days at the schedule's hour; a case keeps a cursor to the next one
 * (`nextReminderAt`, indexed, and `nextReminderKey`), which every action and every sweep moves on.
 *
 * Tracks, by status:
 * - submitted: not accepted within `triage` days → the representative, then also the assigner;
 * - submitted / accepted past the first deadline promised to the resident (deadlines.ts): overdue
 *   like a unit's case, pressing the representative and the assigner, the supervisor and the office;
 * - accepted / returned / reassigning / escalated: not routed within `routing` days → the assigner
 *   (and the representative for a case they accepted), then also the supervisor;
 * - assigned: not signed within `signing` days → the handlers, then also the assigner;
 * - assigned / handling with a due day: `beforeDue` days before and on the due day → the handlers;
 *   at the instant the due day ends the case is marked overdue; from the next working day → the
 *   handlers, the level's supervisor and the office, again every `overdueEvery` days until closed.
 *
 * The echo wall's reply (wall.ts) runs the due-day track alone, on the same schedule (`dueClock`);
 * a proposal (proposals.ts) runs a due-day track of its own, on calendar days (`trackClock`). Either
 * is caught up after a missed sweep as a case is.
 */
import type { ReminderSchedule } from '../../config/rules';
import type { CaseRecord, Relation, TimelineEvent } from '../../types/domain';
import { addWorkingDays, endOfShanghaiDay, shanghaiDate, startOfShanghaiDay, workingDaysBefore, workingDaysLeft, type WorkingCalendar } from './calendar';
import type { Notification } from './case';
import { categoryName, monthDay } from './labels';
import { caseKeys } from './roles';
import { ON_THE_CLOCK, WITH_UNIT } from './transitions';

export type ReminderKind = 'triage' | 'routing' | 'signing' | 'due_soon' | 'due_today' | 'overdue' | 'overdue_again';
export type Party = Exclude<Relation, 'resident' | 'co_reporter'>;

export interface Reminder {
  /** unique among the case's reminders: the cursor names it */
  key: string;
  at: number;
  kind: ReminderKind;
  /** how many reminders of this wait came before (0 for the first) */
  round: number;
  to: readonly Party[];
}

export interface Cursor {
  at: number;
  key: string;
}

const HOUR_MS = 3600_000;
const ROUTING: readonly CaseRecord['status'][] = ['accepted', 'returned', 'reassigning', 'escalated'];

const compare = (a: Cursor, b: Cursor) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** When the case entered its current status. */
export function enteredAt(c: Pick<CaseRecord, 'events' | 'status' | 'createdAt'>): number {
  for (let i = c.events.length - 1; i >= 0; i--) {
    const e = c.events[i]!;
    if (e.to === c.status && e.from !== c.status) return e.at;
  }
  return c.createdAt;
}

/** A track: its reminders in time order, produced lazily; their keys are `<track>:…` (the part before the first colon names it). */
export type Track = () => Generator<Reminder>;

function waiting(name: ReminderKind, since: number, limit: number, s: ReminderSchedule, cal: WorkingCalendar, to: (round: number) => readonly Party[]): Track {
  return function* () {
    let day = addWorkingDays(cal, shanghaiDate(since), limit + 1);
    for (let round = 0; ; round++, day = addWorkingDays(cal, day, s.overdueEvery)) {
      yield { key: `${name}:${since}:${round}`, at: startOfShanghaiDay(day) + s.hour * HOUR_MS, kind: name, round, to: to(round) };
    }
  };
}

/** The due day's reminders to `unit`: whoever holds the case (a unit's handlers, or before assignment the representative and the assigner). */
function dueTrack(dueDate: string, s: ReminderSchedule, cal: WorkingCalendar, unit: Party[]): Track {
  const at = (day: string) => startOfShanghaiDay(day) + s.hour * HOUR_MS;
  return function* () {
    if (s.beforeDue > 0) {
      const day = workingDaysBefore(cal, dueDate, s.beforeDue);
      if (day < dueDate) yield { key: `due:${dueDate}:soon`, at: at(day), kind: 'due_soon', round: 0, to: unit };
    }
    if (s.onDueDay) yield { key: `due:${dueDate}:today`, at: at(dueDate), kind: 'due_today', round: 0, to: unit };
    yield { key: `due:${dueDate}:overdue`, at: endOfShanghaiDay(dueDate) + 1, kind: 'overdue', round: 0, to: [] };
    let day = addWorkingDays(cal, dueDate, 1);
    for (let round = 0; ; round++, day = addWorkingDays(cal, day, s.overdueEvery)) {
      yield { key: `due:${dueDate}:late:${round}`, at: at(day), kind: 'overdue_again', round, to: [...unit, 'supervisor', 'office'] };
    }
  };
}

function tracks(c: CaseRecord, s: ReminderSchedule, cal: WorkingCalendar): Track[] {
  // the first deadline (before any unit holds it) presses the representative and the assigner
  const promised = c.dueDate && ON_THE_CLOCK.includes(c.status) ? [dueTrack(c.dueDate, s, cal, ['representative', 'assigner'])] : [];
  if (c.status === 'submitted') {
    return [waiting('triage', c.createdAt, s.triage, s, cal, (n) => (n === 0 ? ['representative'] : ['representative', 'assigner'])), ...promised];
  }
  if (ROUTING.includes(c.status)) {
    const first: Party[] = c.status === 'accepted' ? ['representative', 'assigner'] : ['assigner'];
    return [waiting('routing', enteredAt(c), s.routing, s, cal, (n) => (n === 0 ? first : [...first, 'supervisor'])), ...promised];
  }
  if (!WITH_UNIT.includes(c.status)) return [];
  const out: Track[] = [];
  if (c.status === 'assigned' && c.assignedAt !== null) {
    out.push(waiting('signing', c.assignedAt, s.signing, s, cal, (n) => (n === 0 ? ['handler'] : ['handler', 'assigner'])));
  }
  if (c.dueDate) out.push(dueTrack(c.dueDate, s, cal, ['handler', 'co_handler']));
  return out;
}

/** The first reminder after `after` (or at it, when `inclusive`), across tracks. */
function firstAfter(ts: readonly Track[], after: Cursor, inclusive: boolean): Reminder | null {
  let best: Reminder | null = null;
  for (const track of ts) {
    for (const r of track()) {
      const d = compare(r, after);
      if (d > 0 || (inclusive && d === 0)) {
        if (!best || compare(r, best) < 0) best = r;
        break;
      }
    }
  }
  return best;
}

const trackOf = (r: Reminder) => r.key.slice(0, r.key.indexOf(':'));

/**
 * What a run of the clock at `now` sends, from the cursor (inclusive): for each track the latest
 * reminder due — earlier ones missed while the timer was not running are skipped rather than sent
 * late in a burst — leaving out the marks that tell no one (the instant a due day ends).
 */
function dueBy(ts: readonly Track[], cursor: Cursor, now: number): Reminder[] {
  const latest = new Map<string, Reminder>();
  for (let r = firstAfter(ts, cursor, true); r && r.at <= now; r = firstAfter(ts, r, false)) latest.set(trackOf(r), r);
  return [...latest.values()].filter((r) => r.to.length > 0);
}

/** The first reminder after `after` (or at it, when `inclusive`), across the case's tracks. */
export function nextReminder(c: CaseRecord, s: ReminderSchedule, cal: WorkingCalendar, after: Cursor, inclusive = false): Reminder | null {
  return firstAfter(tracks(c, s, cal), after, inclusive);
}

/**
 * A due day's clock on its own, for a record that is not a case but is pressed like one (the echo
 * wall's reply): the same track as a case's due day, on the same schedule and working days.
 * `unit` are those who must answer; once overdue the supervisor and the office are pressed too.
 */
export interface DueClock {
  /** the first reminder after `now`: the record's cursor */
  next(now: number): Reminder | null;
  /** what a run at `now` sends, from the record's cursor (as `applyClock` does for a case) */
  due(cursor: Cursor, now: number): Reminder[];
}

/** The clock of one track of reminders, walked and caught up as a case's (`dueBy`). */
export function trackClock(track: Track): DueClock {
  const ts = [track];
  return {
    next: (now) => firstAfter(ts, { at: now, key: '\uffff' }, false),
    due: (cursor, now) => dueBy(ts, cursor, now),
  };
}

/** A record's cursor (proposal, wall post): its clock's first reminder after `now`; none without a clock. */
export function cursorOf(clock: DueClock | null, now: number): { nextReminderAt: number | null; nextReminderKey: string | null } {
  const next = clock?.next(now) ?? null;
  return { nextReminderAt: next?.at ?? null, nextReminderKey: next?.key ?? null };
}

/** A case's due-day track on its own (the echo wall's reply). */
export const dueClock = (dueDate: string, s: ReminderSchedule, cal: WorkingCalendar, unit: Party[]): DueClock => trackClock(dueTrack(dueDate, s, cal, unit));

/** The cursor fields for a case as it now stands: the first reminder after `now`. */
export function withNextReminder(c: CaseRecord, s: ReminderSchedule, cal: WorkingCalendar, now: number): CaseRecord {
  const next = nextReminder(c, s, cal, { at: now, key: '\uffff' });
  return { ...c, nextReminderAt: next?.at ?? null, nextReminderKey: next?.key ?? null };
}

/** An internal event the clock writes. */
function systemEvent(c: CaseRecord, action: TimelineEvent['action'], at: number, note: string, data: TimelineEvent['data']): TimelineEvent {
  return {
    id: `${c._id}-${c.events.length + 1}`,
    action,
    at,
    actor: { relation: 'system', name: '系统' },
    note,
    visibility: 'internal',
    data,
    from: c.status,
    to: c.status,
  };
}

/**
 * Marks an open case overdue once its due day has ended (the moment is the due day's end, whenever
 * this runs): an internal event, the flag kept for statistics, the unit it is counted against.
 */
export function markedOverdue(c: CaseRecord, now: number): CaseRecord {
  if (c.dueAt === null || now <= c.dueAt || !ON_THE_CLOCK.includes(c.status)) return c;
  // once per deadline and holder: a request late before any unit had it still counts against the unit that misses its own
  if (c.events.some((e) => e.action === 'overdue' && e.data?.dueDate === c.dueDate && (e.data?.unitId ?? null) === c.unitId)) return c;
  const at = c.dueAt + 1;
  const event = systemEvent(c, 'overdue', at, `已超过办理期限（${monthDay(c.dueDate!)}）`, { unitId: c.unitId, unitName: c.unitName, dueDate: c.dueDate });
  return {
    ...c,
    overdue: true,
    overdueAt: at,
    overdueUnitIds: c.unitId && !c.overdueUnitIds.includes(c.unitId) ? [...c.overdueUnitIds, c.unitId] : c.overdueUnitIds,
    events: [...c.events, event],
  };
}

function words(c: CaseRecord, r: Reminder, cal: WorkingCalendar): { title: string; body: string } {
  const gist = `${c.no} ${categoryName(c.category)}：${c.description.length > 30 ? `${c.description.slice(0, 30)}…` : c.description}`;
  const due = c.dueDate ? monthDay(c.dueDate) : '';
  switch (r.kind) {
    case 'triage':
      return { title: `事项${c.no}还未受理，请尽快受理`, body: gist };
    case 'routing':
      return { title: `事项${c.no}还未交办，请尽快交办`, body: gist };
    case 'signing':
      return { title: `事项${c.no}已交办还未签收，请尽快签收`, body: `${c.unitName ?? ''} ${gist}` };
    case 'due_soon': {
      const days = c.dueDate ? workingDaysLeft(cal, r.at, c.dueDate) : 0;
      return { title: `事项${c.no}还有${days}个工作日到期（${due}）`, body: gist };
    }
    case 'due_today':
      return {
        title: c.unitId ? `事项${c.no}今天到期，请及时办结答复` : `事项${c.no}今天到期，还未${c.status === 'submitted' ? '受理' : '交办'}，请尽快办理`,
        body: gist,
      };
    case 'overdue':
    case 'overdue_again':
      return {
        title: `事项${c.no}已超期（期限${due}），请督促办理`,
        body: `${c.unitName ? `承办单位：${c.unitName}` : c.status === 'submitted' ? '党代表还未受理' : '还未交办'}。${gist}`,
      };
  }
}

export interface Clocked {
  next: CaseRecord;
  notifications: Notification[];
  /** the reminders sent (stale ones are skipped, see `applyClock`) */
  sent: Reminder[];
}

/**
 * Runs the clock on one case up to `now`, from its cursor: marks it overdue when its due day has
 * passed and sends, for each track, the latest reminder due — earlier ones missed while the timer
 * was not running are skipped rather than sent late in a burst. Each reminder sent is recorded on
 * the timeline; the cursor moves to the first reminder after `now`. Null when nothing is due.
 */
export function applyClock(c: CaseRecord, s: ReminderSchedule, cal: WorkingCalendar, now: number): Clocked | null {
  if (c.nextReminderAt === null || c.nextReminderKey === null || c.nextReminderAt > now) return null;
  const sent = dueBy(tracks(c, s, cal), { at: c.nextReminderAt, key: c.nextReminderKey }, now);
  let next = markedOverdue(c, now);
  const notifications: Notification[] = [];
  const keys = caseKeys(next);
  for (const r of sent) {
    const { title, body } = words(next, r, cal);
    const kind = r.kind === 'overdue_again' ? 'case_overdue' : 'case_reminder';
    for (const key of new Set(r.to.flatMap((p) => keys[p]))) notifications.push({ kind, to: { key }, title, body });
    const event = systemEvent(next, 'remind', r.at, title, { kind: r.kind, round: r.round, to: [...r.to] });
    next = { ...next, events: [...next.events, event] };
  }
  return { next: { ...withNextReminder(next, s, cal, now), version: c.version + 1 }, notifications, sent };
}
