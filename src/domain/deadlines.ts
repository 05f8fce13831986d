/**
 * The legal clock: village 7 working days, township 15 working days, county one month (config).
 * Counted from the day after assignment; due at the end of the last day in Asia/Shanghai.
 */
import { remindersFor, type Rules, type TimeLimit } from '../../config/rules';
import type { CaseWarning, Level } from '../../types/domain';
import { addMonths, addWorkingDays, endOfShanghaiDay, onOrNextWorkingDay, shanghaiDate, uncoveredYears, type WorkingCalendar } from './calendar';

export interface Due {
  dueDate: string;
  dueAt: number;
  /** set when the deadline was computed through a year without holiday data (weekends only) */
  warning: CaseWarning | null;
}

/** Last days already worked out, per calendar: the same start and limit always give the same day. */
const lastDays = new WeakMap<WorkingCalendar, Map<string, string>>();

function lastDay(calendar: WorkingCalendar, limit: TimeLimit, start: string): string {
  let known = lastDays.get(calendar);
  if (!known) lastDays.set(calendar, (known = new Map()));
  const key = 'workingDays' in limit ? `${start}+${limit.workingDays}d` : `${start}+${limit.months}m`;
  let day = known.get(key);
  if (day === undefined) {
    // A calendar-month limit ending on a rest day moves to the next working day (民法典 第二百零三条).
    day = 'workingDays' in limit ? addWorkingDays(calendar, start, limit.workingDays) : onOrNextWorkingDay(calendar, addMonths(start, limit.months));
    if (known.size > 10_000) known.clear();
    known.set(key, day);
  }
  return day;
}

export function computeDue(calendar: WorkingCalendar, limits: Record<Level, TimeLimit>, level: Level, assignedAt: number): Due {
  const start = shanghaiDate(assignedAt);
  return dueOn(calendar, lastDay(calendar, limits[level], start), start, assignedAt);
}

/**
 * A new request's first deadline, the date the resident is promised: the representative's triage
 * days (受理) first, then the time limit of the level its category suggests. A unit's own legal
 * clock starts at assignment (`computeDue`); a later date is told to the resident then.
 */
export function firstDue(
  calendar: WorkingCalendar,
  rules: Pick<Rules, 'timeLimits' | 'reminders' | 'counties'>,
  countyId: string,
  level: Level,
  submittedAt: number,
): Due {
  const start = shanghaiDate(submittedAt);
  const triageDays = remindersFor(rules, countyId).triage;
  return dueOn(calendar, lastDay(calendar, rules.timeLimits[level], addWorkingDays(calendar, start, triageDays)), start, submittedAt);
}

/** A due day as a deadline, warned about when the calendar lacks a year from `start` to it. */
export function dueOn(calendar: WorkingCalendar, dueDate: string, start: string, at: number): Due {
  const missing = uncoveredYears(calendar, start, dueDate);
  return {
    dueDate,
    dueAt: endOfShanghaiDay(dueDate),
    warning:
      missing.length === 0
        ? null
        : {
            kind: 'calendar_uncovered',
            message: `${missing.join('、')}年的节假日安排尚未录入，截止日期 ${dueDate} 仅按周末推算，请核对`,
            at,
          },
  };
}
