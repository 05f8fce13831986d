import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { CalendarOverride } from '../../types/domain';
import {
  addDays,
  addMonths,
  addWorkingDays,
  createCalendar,
  endOfShanghaiDay,
  shanghaiDate,
  startOfShanghaiDay,
  weekday,
  workingDaysLeft,
} from '../../src/domain/calendar';
import { inShanghai } from '../../src/domain/shanghai';
import { monthDay } from '../../src/domain/labels';
import { computeDue } from '../../src/domain/deadlines';
import { RULES } from '../../config/rules';

dayjs.extend(utc);
const cal = createCalendar();
/** an instant at Shanghai local time */
const at = (local: string) => Date.parse(`${local}+08:00`);

describe('working-day calendar', () => {
  it('treats the National Day 2026 holidays as rest days and the 调休 Saturday as a working day', () => {
    for (let d = 1; d <= 7; d++) expect(cal.isWorkingDay(`2026-10-0${d}`)).toBe(false);
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday made a working day
    expect(cal.isWorkingDay('2026-09-20')).toBe(true); // Sunday made a working day
    expect(cal.isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
    expect(cal.isWorkingDay('2026-10-12')).toBe(true);
  });

  it('counts working days from the day after assignment across National Day', () => {
    // Wed 30 Sep + 7 working days: 8, 9, 10 (Sat, 调休), 12, 13, 14, 15 October
    expect(addWorkingDays(cal, '2026-09-30', 7)).toBe('2026-10-15');
  });

  it('knows which years it has holiday data for', () => {
    expect(cal.covers(2026)).toBe(true);
    expect(cal.covers(2004)).toBe(true);
    expect(cal.covers(2027)).toBe(false);
  });

  it('lets office overrides add holidays and working days and publish a year', () => {
    const overrides: CalendarOverride[] = [
      { _id: 'c:2026-11-24', countyId: 'c', kind: 'holiday', date: '2026-11-24', year: null, name: '县庆' },
      { _id: 'c:2026-11-28', countyId: 'c', kind: 'workday', date: '2026-11-28', year: null, name: '补班' },
      { _id: 'c:2026-10-08', countyId: 'c', kind: 'holiday', date: '2026-10-08', year: null, name: '延长假期' },
      { _id: 'c:year:2027', countyId: 'c', kind: 'year_published', date: null, year: 2027, name: '2027年安排' },
    ];
    const local = createCalendar(overrides);
    expect(local.isWorkingDay('2026-11-24')).toBe(false);
    expect(local.isWorkingDay('2026-11-28')).toBe(true);
    expect(local.isWorkingDay('2026-10-08')).toBe(false);
    expect(local.covers(2027)).toBe(true);
    expect(cal.isWorkingDay('2026-11-24')).toBe(true); // the official calendar is untouched
  });

  it('uses Shanghai dates: 23:30 local is still that day, 00:30 local is the next', () => {
    expect(shanghaiDate(at('2026-11-23T23:30:00'))).toBe('2026-11-23');
    expect(shanghaiDate(at('2026-11-24T00:30:00'))).toBe('2026-11-24');
    expect(endOfShanghaiDay('2026-10-15')).toBe(Date.parse('2026-10-15T15:59:59.999Z'));
  });

  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('counts working days left, zero on the due day and negative once overdue', () => {
    expect(workingDaysLeft(cal, at('2026-09-30T10:00:00'), '2026-10-15')).toBe(7);
    expect(workingDaysLeft(cal, at('2026-10-14T10:00:00'), '2026-10-15')).toBe(1);
    expect(workingDaysLeft(cal, at('2026-10-15T18:00:00'), '2026-10-15')).toBe(0);
    expect(workingDaysLeft(cal, at('2026-10-16T09:00:00'), '2026-10-15')).toBe(-1);
    expect(workingDaysLeft(cal, at('2026-10-19T09:00:00'), '2026-10-15')).toBe(-2); // Fri 16, Mon 19
  });
});

describe('deadlines by level', () => {
  const limits = RULES.timeLimits;

  it('gives a village case 7 working days, due at the end of the last day in Shanghai', () => {
    const due = computeDue(cal, limits, 'village', at('2026-09-30T16:00:00'));
    expect(due.dueDate).toBe('2026-10-15');
    expect(due.dueAt).toBe(Date.parse('2026-10-15T23:59:59.999+08:00'));
    expect(due.warning).toBeNull();
  });

  it('gives a township case 15 working days', () => {
    // Mon 2 Nov 2026 + 15 working days = Mon 23 Nov
    expect(computeDue(cal, limits, 'township', at('2026-11-02T09:00:00')).dueDate).toBe('2026-11-23');
  });

  it('gives a county case one calendar month, moved off a holiday to the next working day', () => {
    expect(computeDue(cal, limits, 'county', at('2026-11-10T09:00:00')).dueDate).toBe('2026-12-10');
    // 1 Oct is National Day: the month ends on the first working day after it
    expect(computeDue(cal, limits, 'county', at('2026-09-01T09:00:00')).dueDate).toBe('2026-10-08');
    // 28 Feb 2026 is a 调休 Saturday, so it is a working day and stays
    expect(computeDue(cal, limits, 'county', at('2026-01-31T09:00:00')).dueDate).toBe('2026-02-28');
  });

  it('computes into 2027 on weekends alone and records a warning', () => {
    const due = computeDue(cal, limits, 'township', at('2026-12-28T09:00:00'));
    // Tue 29 Dec … weekdays only: 29, 30, 31 Dec, 1 (Fri, not yet known as 元旦), 4–8, 11–15, 18 Jan
    expect(due.dueDate).toBe('2027-01-18');
    expect(due.warning?.kind).toBe('calendar_uncovered');
    expect(due.warning?.message).toContain('2027');
  });

  it('has no warning for 2027 once the office publishes its holidays', () => {
    const published = createCalendar([
      { _id: 'c:2027-01-01', countyId: 'c', kind: 'holiday', date: '2027-01-01', year: null, name: '元旦' },
      { _id: 'c:year:2027', countyId: 'c', kind: 'year_published', date: null, year: 2027, name: '2027' },
    ]);
    const due = computeDue(published, limits, 'township', at('2026-12-28T09:00:00'));
    expect(due.dueDate).toBe('2027-01-19');
    expect(due.warning).toBeNull();
  });
});

describe('the hand-written date arithmetic, day by day against dayjs', () => {
  const days = (from: string, to: string) => {
    const out: string[] = [];
    for (let d = dayjs.utc(from); !d.isAfter(dayjs.utc(to)); d = d.add(1, 'day')) out.push(d.format('YYYY-MM-DD'));
    return out;
  };
  const every = days('1999-12-25', '2041-01-05');

  it('agrees on the day after and before, the weekday, n months on and the day as 11月23日, for every day from 1999 to 2041', () => {
    const wrong = every.filter((d) => {
      const j = dayjs.utc(d);
      // dayjs, like this code, keeps a day the month lacks at the month's last day (31 January + 1 month = 28 or 29 February)
      const ymd = (x: dayjs.Dayjs) => x.format('YYYY-MM-DD');
      return [
        addDays(d, 1) === ymd(j.add(1, 'day')),
        addDays(d, -1) === ymd(j.subtract(1, 'day')),
        addDays(d, -40) === ymd(j.subtract(40, 'day')),
        monthDay(d) === inShanghai(d).format('M月D日'),
        weekday(d) === j.day(),
        addMonths(d, 1) === ymd(j.add(1, 'month')),
        addMonths(d, 13) === ymd(j.add(13, 'month')),
      ].includes(false);
    });
    expect([every.length, wrong]).toEqual([14_988, []]);
  });

  it('agrees on the Shanghai day of an instant and where that day starts and ends, around midnight and noon of every day', () => {
    const wrong = every.filter((d) => {
      const start = startOfShanghaiDay(d);
      const ok = (at: number) => shanghaiDate(at) === inShanghai(at).format('YYYY-MM-DD');
      return (
        start !== dayjs.utc(d).subtract(8, 'hour').valueOf() ||
        endOfShanghaiDay(d) !== start + 86_400_000 - 1 ||
        !ok(start) ||
        !ok(start - 1) ||
        !ok(start + 12 * 3_600_000)
      );
    });
    expect(wrong).toEqual([]);
  });
});
