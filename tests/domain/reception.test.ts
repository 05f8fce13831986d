/** 三固定's fixed time: the reception days of a schedule, as posted and as the calendar has them. */
import { createCalendar } from '../../src/domain/calendar';
import { isReceptionDay, nextReceptionDay, scheduleText } from '../../src/domain/reception';
import { rollupsOf } from '../../src/domain/rollups';
import { statistics } from '../../src/domain/statistics';

const MONTHLY = { every: 'month', day: 20 } as const;
const TUESDAYS = { every: 'week', weekday: 2 } as const;
const SUNDAYS = { every: 'week', weekday: 7 } as const;
// remote points every other Thursday, counted from 8 January 2026
const FORTNIGHT = { every: 'fortnight', weekday: 4, from: '2026-01-08' } as const;

it('words each schedule as a card posts it', () => {
  expect([MONTHLY, TUESDAYS, SUNDAYS, FORTNIGHT].map(scheduleText)).toEqual(['每月20日', '每周二', '每周日', '每两周的星期四']);
});

it('knows the reception days of a monthly, weekly and fortnightly schedule', () => {
  expect(isReceptionDay(MONTHLY, '2026-11-20')).toBe(true);
  expect(isReceptionDay(MONTHLY, '2026-11-21')).toBe(false);
  expect(isReceptionDay(TUESDAYS, '2026-11-24')).toBe(true);
  expect(isReceptionDay(TUESDAYS, '2026-11-23')).toBe(false);
  expect(isReceptionDay(SUNDAYS, '2026-11-22')).toBe(true);
  expect(isReceptionDay(FORTNIGHT, '2026-01-08')).toBe(true);
  expect(isReceptionDay(FORTNIGHT, '2026-01-15')).toBe(false); // the Thursday in between
  expect(isReceptionDay(FORTNIGHT, '2026-01-22')).toBe(true);
  expect(isReceptionDay(FORTNIGHT, '2026-01-01')).toBe(false); // before the first
  expect(isReceptionDay(FORTNIGHT, '2026-11-26')).toBe(true); // 46 weeks on
});

it('finds the next reception day, the same day included, across month and year ends', () => {
  expect(nextReceptionDay(MONTHLY, '2026-11-20')).toBe('2026-11-20');
  expect(nextReceptionDay(MONTHLY, '2026-11-23')).toBe('2026-12-20');
  expect(nextReceptionDay(MONTHLY, '2026-12-21')).toBe('2027-01-20');
  expect(nextReceptionDay(TUESDAYS, '2026-11-25')).toBe('2026-12-01');
  expect(nextReceptionDay(FORTNIGHT, '2025-12-01')).toBe('2026-01-08');
  expect(nextReceptionDay(FORTNIGHT, '2026-11-23')).toBe('2026-11-26');
  expect(nextReceptionDay(FORTNIGHT, '2026-11-27')).toBe('2026-12-10');
});

it('adds up attendances per representative on duty and residents per session', () => {
  const log = { countyId: 'c', date: '2026-11-20', townshipId: 't', villageId: 'v' };
  const rollups = rollupsOf(
    'c',
    [],
    [
      { ...log, kind: 'reception', representativeIds: ['rep-1', 'rep-2'], residents: 5, caseIds: ['c1', 'c2'] },
      { ...log, kind: 'reception', representativeIds: ['rep-3'], residents: 0, caseIds: [] },
      { ...log, date: '2026-11-23', kind: 'visit', representativeIds: ['rep-1'], residents: 4, caseIds: ['c3'] },
    ],
  );
  const options = { calendar: createCalendar(), triageDays: 3, now: 0, unitNames: new Map(), townshipNames: new Map() };
  expect(statistics(rollups, { ...options, from: '2026-11-01', to: '2026-11-30' }).reception).toEqual({
    sessions: 2,
    visits: 1,
    attendances: 4,
    residents: 9,
    requests: 3,
  });
});
