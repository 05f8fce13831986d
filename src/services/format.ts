/** Dates as residents read them, always in Asia/Shanghai (domain/shanghai.ts), formatted by dayjs. */
import { inShanghai } from '../domain/shanghai';

/** 11月23日 09:30 */
export const dateTime = (at: number): string => inShanghai(at).format('M月D日 HH:mm');

/** 11月23日 */
export const monthDayOf = (at: number): string => inShanghai(at).format('M月D日');

/** 2026年11月23日 from an instant or a YYYY-MM-DD date */
export const fullDate = (at: number | string): string => inShanghai(at).format('YYYY年M月D日');

/** 2026年11月23日 09:30 */
export const fullDateTime = (at: number): string => inShanghai(at).format('YYYY年M月D日 HH:mm');

/** "还剩3个工作日" / "今天到期" / "已超期2个工作日" */
export function daysLeftText(left: number | null): string | null {
  if (left === null) return null;
  if (left > 0) return `还剩${left}个工作日`;
  if (left === 0) return '今天到期';
  return `已超期${-left}个工作日`;
}
