/**
 * Reception (接待, 三固定): when each workroom receives residents, what its schedule reads like on
 * a card, and the figures the reception logs (接待日志) give — attendances (人次) and residents
 * received (人), per area and per representative. Pure.
 */
import type { Reception, ReceptionSchedule } from '../../types/domain';
import { addDays, addMonths, weekday } from './calendar';

export const WEEKDAY_TEXT = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'] as const;

/** How a schedule is posted: 每月20日 · 每周二 · 每两周的星期四 */
export function scheduleText(s: ReceptionSchedule): string {
  switch (s.every) {
    case 'month':
      return `每月${s.day}日`;
    case 'week':
      return `每${WEEKDAY_TEXT[s.weekday]!.replace('星期', '周')}`;
    case 'fortnight':
      return `每两周的${WEEKDAY_TEXT[s.weekday]}`;
  }
}

const isoWeekday = (date: string) => weekday(date) || 7;

/** Whether a day is one of the schedule's reception days. */
export function isReceptionDay(s: ReceptionSchedule, date: string): boolean {
  switch (s.every) {
    case 'month':
      return Number(date.slice(8, 10)) === s.day;
    case 'week':
      return isoWeekday(date) === s.weekday;
    case 'fortnight': {
      if (isoWeekday(date) !== s.weekday || date < s.from) return false;
      const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${s.from}T00:00:00Z`)) / 86_400_000);
      return days % 14 === 0;
    }
  }
}

/** The first reception day on or after `date`. */
export function nextReceptionDay(s: ReceptionSchedule, date: string): string {
  if (s.every === 'month') {
    const thisMonth = `${date.slice(0, 8)}${String(s.day).padStart(2, '0')}`;
    return thisMonth >= date ? thisMonth : addMonths(thisMonth, 1);
  }
  let day = s.every === 'fortnight' && date < s.from ? s.from : date;
  // a weekly or fortnightly day comes within two weeks
  for (let i = 0; i < 14 && !isReceptionDay(s, day); i++) day = addDays(day, 1);
  return day;
}

/**
 * A log's id: one per workroom and day for a session, one per representative, village and day for
 * home visits — so writing it again corrects it.
 */
export const receptionIdOf = (log: Pick<Reception, 'kind' | 'workroomId' | 'villageId' | 'date'> & { representativeId: string }): string =>
  log.kind === 'reception' ? `rc-${log.workroomId}-${log.date}` : `rv-${log.representativeId}-${log.villageId}-${log.date}`;

/** What the logs of a period add up to (the first two columns of the Dianjiang table). */
export interface ReceptionFigures {
  /** sessions logged at workrooms */
  sessions: number;
  /** home visits (走访) logged */
  visits: number;
  /** representatives on duty, counted once per session or visit (人次) */
  attendances: number;
  /** residents received (人) */
  residents: number;
  /** requests entered for them */
  requests: number;
}

export type ReceptionLog = Pick<Reception, 'kind' | 'representativeIds' | 'residents' | 'caseIds'>;
