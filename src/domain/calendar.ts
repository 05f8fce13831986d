/**
 * Working days (工作日) in Asia/Shanghai, from the official holiday and 调休 data
 * (chinese-days) plus the office's own overrides. Pure: data in, answers out.
 *
 * Dates are YYYY-MM-DD strings in Shanghai time (a fixed UTC+8: shanghai.ts). The arithmetic here is
 * hand-written on purpose, and checked day by day against dayjs (tests/domain/calendar.test.ts):
 * the reminder sweep walks working days for hundreds of thousands of cases, and memoised string
 * steps cost a map lookup where a dayjs object per step would cost an allocation and a format.
 */
import official from 'chinese-days/dist/chinese-days.json';
import type { CalendarOverride } from '../../types/domain';
import { SHANGHAI_OFFSET_MS as OFFSET_MS } from './shanghai';

const DAY_MS = 24 * 3600 * 1000;

/** YYYY-MM-DD in Asia/Shanghai for an instant. */
export function shanghaiDate(at: number): string {
  const day = Math.floor((at + OFFSET_MS) / DAY_MS);
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dates.size > 100_000) dates.clear();
    dates.set(day, date);
  }
  return date;
}
const dates = new Map<number, string>();

/** The instant a Shanghai day ends (23:59:59.999 +08:00). */
export function endOfShanghaiDay(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`) - OFFSET_MS + DAY_MS - 1;
}

/** The instant a Shanghai day starts (00:00 +08:00). */
export function startOfShanghaiDay(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`) - OFFSET_MS;
}

export function addDays(date: string, days: number): string {
  if (days === 1 || days === -1) return step(days === 1 ? nextDays : previousDays, date, days);
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Deadlines and reminders walk the calendar a day at a time, forward and back: remember the steps (a few thousand dates). */
const nextDays = new Map<string, string>();
const previousDays = new Map<string, string>();
function step(steps: Map<string, string>, date: string, days: 1 | -1): string {
  let to = steps.get(date);
  if (to === undefined) {
    to = new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
    if (steps.size > 100_000) steps.clear();
    steps.set(date, to);
  }
  return to;
}

/** Same day n months later; a day the month lacks becomes its last day (1-31 + 1 month = 2-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** 0 (Sunday) … 6 (Saturday); 1970-01-01 was a Thursday (4). */
export function weekday(date: string): number {
  return (((Math.floor(Date.parse(`${date}T00:00:00.000Z`) / DAY_MS) + 4) % 7) + 7) % 7;
}

export interface OfficialCalendarData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  /** whether holiday data (official or the office's) is known for this year */
  covers(year: number): boolean;
}

interface DaySets {
  holidays: Set<string>;
  workdays: Set<string>;
  years: Set<number>;
}
const officialCache = new WeakMap<OfficialCalendarData, DaySets>();

function officialSets(data: OfficialCalendarData): DaySets {
  let sets = officialCache.get(data);
  if (!sets) {
    const holidays = new Set(Object.keys(data.holidays));
    sets = { holidays, workdays: new Set(Object.keys(data.workdays)), years: new Set([...holidays].map((d) => Number(d.slice(0, 4)))) };
    officialCache.set(data, sets);
  }
  return sets;
}

/**
 * Builds the calendar for one county. Overrides win over the official data; a year neither the
 * official data nor the office has published is computed on weekends alone (see `covers`).
 * The same overrides give the same calendar object, so what it has worked out is kept.
 */
export function createCalendar(overrides: readonly CalendarOverride[] = [], data: OfficialCalendarData = official): WorkingCalendar {
  let built = calendars.get(data);
  if (!built) calendars.set(data, (built = new Map()));
  const key = overrides.map((o) => `${o.kind}:${o.date ?? o.year}`).join(',');
  let calendar = built.get(key);
  if (!calendar) {
    if (built.size >= 64) built.clear();
    calendar = buildCalendar(overrides, officialSets(data));
    built.set(key, calendar);
  }
  return calendar;
}
const calendars = new WeakMap<OfficialCalendarData, Map<string, WorkingCalendar>>();

function buildCalendar(overrides: readonly CalendarOverride[], base: DaySets): WorkingCalendar {
  const copy = overrides.length > 0;
  const holidays = copy ? new Set(base.holidays) : base.holidays;
  const workdays = copy ? new Set(base.workdays) : base.workdays;
  const years = copy ? new Set(base.years) : base.years;
  for (const o of overrides) {
    if (o.kind === 'year_published' && o.year !== null) years.add(o.year);
    if (o.date === null) continue;
    if (o.kind === 'holiday') {
      holidays.add(o.date);
      workdays.delete(o.date);
    } else if (o.kind === 'workday') {
      workdays.add(o.date);
      holidays.delete(o.date);
    }
  }
  const working = new Map<string, boolean>();
  return {
    isWorkingDay(date) {
      let yes = working.get(date);
      if (yes === undefined) {
        const wd = weekday(date);
        yes = workdays.has(date) || (!holidays.has(date) && wd !== 0 && wd !== 6);
        if (working.size > 100_000) working.clear();
        working.set(date, yes);
      }
      return yes;
    },
    covers: (year) => years.has(year),
  };
}

/** Years in [from, to] (dates) the calendar has no holiday data for. */
export function uncoveredYears(calendar: WorkingCalendar, from: string, to: string): number[] {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!calendar.covers(y)) out.push(y);
  return out;
}

/** The n-th working day after `date` (the start day itself is not counted: 次日起算). */
export function addWorkingDays(calendar: WorkingCalendar, date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (calendar.isWorkingDay(d)) left--;
  }
  return d;
}

/**
 * The working day on which `n` working days remain until `date` (the due day counted, today not:
 * `workingDaysLeft` on it is n, or more when that day is a rest day and an earlier one is taken).
 */
export function workingDaysBefore(calendar: WorkingCalendar, date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; d = addDays(d, -1)) if (calendar.isWorkingDay(d)) left--;
  while (!calendar.isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/** The first working day on or after `date`. */
export function onOrNextWorkingDay(calendar: WorkingCalendar, date: string): string {
  let d = date;
  while (!calendar.isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/**
 * Working days left before a due date: the working days after today up to and including the due
 * day. 0 on the due day itself; negative once overdue (working days past due, at least -1).
 */
export function workingDaysLeft(calendar: WorkingCalendar, now: number, dueDate: string): number {
  const today = shanghaiDate(now);
  if (today <= dueDate) {
    let n = 0;
    for (let d = addDays(today, 1); d <= dueDate; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) n++;
    return n;
  }
  let late = 0;
  for (let d = addDays(dueDate, 1); d <= today; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) late++;
  return -Math.max(1, late);
}
