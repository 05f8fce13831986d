/**
 * Grids (网格): a part of a village whose people visit its households on the county's visit rule
 * (`RULES.grids`, `gridRulesFor`: at least so many distinct days a week). Pure: the weeks of a
 * period and whether each met the rule (网格走访达标率), who of a grid may be named on a visit, a
 * visit log's id, and the office's figures per grid.
 */
import type { GridRules } from '../../config/rules';
import type { CaseRecord, Grid, GridVisit } from '../../types/domain';
import { addDays, weekday } from './calendar';
import { rate, type Rate } from './statistics';
import { lateNow, released, TERMINAL } from './transitions';

/** One week (Monday to Sunday) of a period, as far as it lies inside the period. */
export interface GridWeek {
  /** its Monday, YYYY-MM-DD */
  week: string;
  /** its first and last day inside the period */
  from: string;
  to: string;
  /** distinct days with at least one visit */
  days: number;
  met: boolean;
  /**
   * counted against the rule: `met`; `missed` (it is over, or the period ends before it does, and
   * fell short); left out as `short` (the period holds fewer of its days than the rule asks) or
   * `under_way` (its last day in the period is today or later and it is not met yet: it may still be)
   */
  standing: 'met' | 'missed' | 'short' | 'under_way';
}

export interface GridCompliance {
  /** distinct days with a visit in the period */
  visitDays: number;
  weeks: GridWeek[];
  /** weeks meeting the rule, of the weeks counted */
  compliance: Rate;
}

/** The Monday of a day's week. */
export const mondayOf = (date: string): string => addDays(date, -((weekday(date) + 6) % 7));

/**
 * The weeks (Monday to Sunday, Asia/Shanghai days) of a period and whether each met the rule, from
 * the days visits were logged on (any order, repeats allowed; days outside the period are ignored).
 *
 * Partial weeks at the period's edges: a week is judged on the days of it inside the period,
 * against the whole rule (three days are three days, whatever part of the week the period holds).
 * A week of which the period holds fewer days than the rule asks could never meet it: it is left
 * out (`short`) unless it met it anyway. A week whose days in the period are not all past (its
 * last day in the period is `today` or later) is left out while not met (`under_way`): it may still be. So weeks met / weeks counted never
 * blames a grid for days it could not have visited.
 */
export function gridCompliance(visitDates: readonly string[], period: { from: string; to: string }, rule: GridRules, today: string): GridCompliance {
  const days = new Set(visitDates.filter((d) => d >= period.from && d <= period.to));
  const weeks: GridWeek[] = [];
  for (let monday = mondayOf(period.from); monday <= period.to; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6);
    const from = monday < period.from ? period.from : monday;
    const to = sunday > period.to ? period.to : sunday;
    let visited = 0;
    let length = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) {
      length++;
      if (days.has(d)) visited++;
    }
    const met = visited >= rule.visitDaysPerWeek;
    const standing = met ? 'met' : to >= today ? 'under_way' : length < rule.visitDaysPerWeek ? 'short' : 'missed';
    weeks.push({ week: monday, from, to, days: visited, met, standing });
  }
  const counted = weeks.filter((w) => w.standing === 'met' || w.standing === 'missed');
  return { visitDays: days.size, weeks, compliance: rate(counted.filter((w) => w.met).length, counted.length) };
}

/** Everyone a grid names, by name: its staff (the 网格长 first), its representatives, its backbones. */
export function gridPeople(grid: Pick<Grid, 'staffNames' | 'backbones'>, representativeNames: readonly string[]): string[] {
  return [...new Set([...grid.staffNames, ...representativeNames, ...grid.backbones])];
}

/** What the office reads of each case for the grid figures. */
export type GridCase = Pick<CaseRecord, 'gridId' | 'status' | 'heldAt' | 'overdue' | 'dueAt'>;

/** One grid's figures over a period: visits against the rule, households, and the requests raised in it. */
export interface GridRow extends GridCompliance {
  gridId: string;
  code: string;
  name: string;
  villageId: string;
  villageName: string;
  townshipId: string;
  /** the rule it was held to */
  visitDaysPerWeek: number;
  /** visit logs, and households visited (户) */
  visits: number;
  households: number;
  /** requests raised in the grid (cases with its `gridId`, released), and how they stand now */
  requests: number;
  open: number;
  closed: number;
  /** went overdue, closed or not; and late now */
  overdue: number;
  overdueNow: number;
}

/** The figures of each grid over a period, from its visit logs and the cases of the period with its id. */
export function gridRows(
  grids: ReadonlyArray<Pick<Grid, '_id' | 'code' | 'name' | 'villageId' | 'townshipId'>>,
  visits: ReadonlyArray<Pick<GridVisit, 'gridId' | 'date' | 'households'>>,
  cases: readonly GridCase[],
  options: { from: string; to: string; today: string; now: number; rule: GridRules; villageNames: ReadonlyMap<string, string> },
): GridRow[] {
  return grids
    .map((g) => {
      const own = visits.filter((v) => v.gridId === g._id && v.date >= options.from && v.date <= options.to);
      const raised = cases.filter((c) => c.gridId === g._id && released(c));
      return {
        gridId: g._id,
        code: g.code,
        name: g.name,
        villageId: g.villageId,
        villageName: options.villageNames.get(g.villageId) ?? '',
        townshipId: g.townshipId,
        visitDaysPerWeek: options.rule.visitDaysPerWeek,
        ...gridCompliance(
          own.map((v) => v.date),
          options,
          options.rule,
          options.today,
        ),
        visits: own.length,
        households: own.reduce((n, v) => n + v.households, 0),
        requests: raised.length,
        open: raised.filter((c) => !TERMINAL.includes(c.status)).length,
        closed: raised.filter((c) => c.status === 'closed').length,
        overdue: raised.filter((c) => c.overdue).length,
        overdueNow: raised.filter((c) => lateNow(c, options.now)).length,
      };
    })
    .sort((a, b) => a.villageName.localeCompare(b.villageName, 'zh') || a.code.localeCompare(b.code));
}
