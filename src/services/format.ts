/** Dates as residents read them, always in Asia/Shanghai (UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 3600 * 1000;

const parts = (at: number) => {
  const d = new Date(at + OFFSET_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), min: d.getUTCMinutes() };
};
const two = (n: number) => String(n).padStart(2, '0');

/** 11月23日 09:30 */
export function dateTime(at: number): string {
  const p = parts(at);
  return `${p.m}月${p.d}日 ${two(p.h)}:${two(p.min)}`;
}

/** 11月23日 */
export function monthDayOf(at: number): string {
  const p = parts(at);
  return `${p.m}月${p.d}日`;
}

/** 2026年11月23日 from an instant or a YYYY-MM-DD date */
export function fullDate(at: number | string): string {
  if (typeof at === 'string') return `${Number(at.slice(0, 4))}年${Number(at.slice(5, 7))}月${Number(at.slice(8, 10))}日`;
  const p = parts(at);
  return `${p.y}年${p.m}月${p.d}日`;
}

/** 2026年11月23日 09:30 */
export function fullDateTime(at: number): string {
  const p = parts(at);
  return `${p.y}年${p.m}月${p.d}日 ${two(p.h)}:${two(p.min)}`;
}

/** "还剩3个工作日" / "今天到期" / "已超期2个工作日" */
export function daysLeftText(left: number | null): string | null {
  if (left === null) return null;
  if (left > 0) return `还剩${left}个工作日`;
  if (left === 0) return '今天到期';
  return `已超期${-left}个工作日`;
}
