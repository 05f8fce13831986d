/** The periods an office reports on, as first and last day (YYYY-MM-DD, Asia/Shanghai). */
import { addDays, shanghaiDate } from './calendar';

export const PERIOD_KINDS = ['half_year', 'last_half_year', 'year', 'month', 'last_30_days'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const PERIOD_TEXT: Record<PeriodKind, string> = { half_year: '本半年', last_half_year: '上个半年', year: '本年', month: '本月', last_30_days: '近30天' };

export function periodOf(kind: PeriodKind, now: number): { from: string; to: string } {
  const today = shanghaiDate(now);
  const year = today.slice(0, 4);
  const month = Number(today.slice(5, 7));
  switch (kind) {
    case 'half_year':
      return { from: `${year}-${month <= 6 ? '01' : '07'}-01`, to: today };
    case 'last_half_year':
      // the half-year just reported on: what an office looks at in the first days of a new one
      return month <= 6 ? { from: `${Number(year) - 1}-07-01`, to: `${Number(year) - 1}-12-31` } : { from: `${year}-01-01`, to: `${year}-06-30` };
    case 'year':
      return { from: `${year}-01-01`, to: today };
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'last_30_days':
      return { from: addDays(today, -29), to: today };
  }
}
