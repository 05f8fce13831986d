/**
 * The office's statistics (统计) for a period and an area, in one pass over its cases: the
 * Dianjiang table (requests collected; resolved, handling started, explained — each fed back), the
 * three headline rates (响应率 · 解决率 · 满意率), overdue and 督办, 两倒查 by unit (escalated,
 * returned), township rankings, and the trend by month and by category. Pure: the use case loads
 * the cases with STATS_FIELDS and the county's calendar.
 *
 * Definitions (what the office reads under each figure):
 * - collected 收集: requests sent in the period, except those withheld or still held by the
 *   content review (they never reached a representative); withdrawn ones count, shown apart.
 * - resolved / inProgress / explained: collected requests answered with that outcome (replied or
 *   closed; a request sent back by a 不满意 rating counts again once it is answered again).
 * - 响应率: requests the representative answered (受理, 不予受理, 当场答复) within the triage limit
 *   (`rules.reminders.triage` working days after the day it came), of those whose limit has passed
 *   or that were answered; withdrawn before any answer they are left out.
 * - 解决率: resolved, of collected less withdrawn.
 * - 满意率: 满意 and 基本满意, of rated.
 */
import type { CaseRecord, CaseStatus, Level } from '../../types/domain';
import { addWorkingDays, shanghaiDate, type WorkingCalendar } from './calendar';
import { categoryName } from './labels';
import { UNRELEASED, WITH_UNIT } from './transitions';

/** What the statistics read of each case (no timeline: the figures are kept on the record). */
export const STATS_FIELDS = {
  createdAt: true,
  status: true,
  outcome: true,
  rating: true,
  townshipId: true,
  townshipName: true,
  villageId: true,
  unitId: true,
  unitName: true,
  level: true,
  category: true,
  dueAt: true,
  overdue: true,
  overdueUnitIds: true,
  superviseCount: true,
  escalations: true,
  returnedUnitIds: true,
  respondedAt: true,
} as const;

export type StatsCase = Pick<CaseRecord, '_id' | keyof typeof STATS_FIELDS>;

/** n of d as a percentage to one decimal; null when there is nothing to divide. */
export interface Rate {
  numerator: number;
  denominator: number;
  percent: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, percent: denominator === 0 ? null : Math.round((numerator * 1000) / denominator) / 10 };
}

/** The Dianjiang table's columns, plus what is not answered yet. */
export interface Figures {
  collected: number;
  resolved: number;
  inProgress: number;
  explained: number;
  notAccepted: number;
  withdrawn: number;
  /** still being worked on (including answered but sent back) */
  open: number;
}

export interface UnitRow {
  unitId: string;
  unitName: string;
  /** answered by this unit (its current cases with an outcome) */
  answered: number;
  resolved: number;
  satisfaction: Rate;
  overdueNow: number;
  overdueTotal: number;
  supervised: number;
  escalated: number;
  returned: number;
}

export interface TownshipRow extends Figures {
  townshipId: string;
  townshipName: string;
  resolution: Rate;
  satisfaction: Rate;
  overdueTotal: number;
  /** 1 for the best resolution rate */
  rank: number;
}

export interface Statistics {
  from: string;
  to: string;
  totals: Figures;
  rates: { response: Rate; resolution: Rate; satisfaction: Rate };
  ratings: { satisfied: number; basic: number; dissatisfied: number };
  byLevel: Record<Level, number>;
  overdue: { now: number; total: number };
  supervised: number;
  escalated: number;
  returned: number;
  units: UnitRow[];
  townships: TownshipRow[];
  months: Array<Figures & { month: string }>;
  categories: Array<Figures & { category: string; categoryName: string }>;
}

const ANSWERED: readonly CaseStatus[] = ['replied', 'closed'];
const emptyFigures = (): Figures => ({ collected: 0, resolved: 0, inProgress: 0, explained: 0, notAccepted: 0, withdrawn: 0, open: 0 });

function countInto(f: Figures, c: StatsCase): void {
  f.collected++;
  if (ANSWERED.includes(c.status) && c.outcome) {
    if (c.outcome === 'resolved') f.resolved++;
    else if (c.outcome === 'in_progress') f.inProgress++;
    else f.explained++;
  } else if (c.status === 'not_accepted') f.notAccepted++;
  else if (c.status === 'withdrawn') f.withdrawn++;
  else f.open++;
}

interface Satisfaction {
  rated: number;
  content: number;
}
const satisfactionOf = (s: Satisfaction) => rate(s.content, s.rated);

export function statistics(
  cases: Iterable<StatsCase>,
  options: { from: string; to: string; calendar: WorkingCalendar; triageDays: number; now: number; unitNames: ReadonlyMap<string, string> },
): Statistics {
  const { calendar, triageDays, now } = options;
  const totals = emptyFigures();
  const ratings = { satisfied: 0, basic: 0, dissatisfied: 0 };
  const byLevel: Record<Level, number> = { village: 0, township: 0, county: 0 };
  const response = { inTime: 0, due: 0 };
  const overdue = { now: 0, total: 0 };
  let supervised = 0;
  let escalated = 0;
  let returned = 0;
  const units = new Map<string, Omit<UnitRow, 'satisfaction'> & { rated: Satisfaction }>();
  const townships = new Map<string, { figures: Figures; name: string; rated: Satisfaction; overdueTotal: number }>();
  const months = new Map<string, Figures>();
  const categories = new Map<string, Figures>();
  const today = shanghaiDate(now);
  const limits = new Map<string, string>(); // the day a response is due, by the day a request came

  const unit = (unitId: string, name?: string | null) => {
    let u = units.get(unitId);
    if (!u) {
      u = { unitId, unitName: options.unitNames.get(unitId) ?? name ?? unitId, answered: 0, resolved: 0, rated: { rated: 0, content: 0 }, overdueNow: 0, overdueTotal: 0, supervised: 0, escalated: 0, returned: 0 };
      units.set(unitId, u);
    }
    return u;
  };
  const figuresIn = <K>(map: Map<K, Figures>, key: K) => {
    let f = map.get(key);
    if (!f) map.set(key, (f = emptyFigures()));
    return f;
  };

  for (const c of cases) {
    if (UNRELEASED.includes(c.status)) continue;
    countInto(totals, c);
    const day = shanghaiDate(c.createdAt);
    countInto(figuresIn(months, day.slice(0, 7)), c);
    countInto(figuresIn(categories, c.category), c);
    let t = townships.get(c.townshipId);
    if (!t) townships.set(c.townshipId, (t = { figures: emptyFigures(), name: c.townshipName, rated: { rated: 0, content: 0 }, overdueTotal: 0 }));
    countInto(t.figures, c);
    if (c.level) byLevel[c.level]++;

    // 响应: answered within the triage limit, of those due
    let limit = limits.get(day);
    if (!limit) limits.set(day, (limit = addWorkingDays(calendar, day, triageDays)));
    if (c.respondedAt !== null && c.respondedAt !== undefined) {
      response.due++;
      if (shanghaiDate(c.respondedAt) <= limit) response.inTime++;
    } else if (c.status !== 'withdrawn' && today > limit) response.due++;

    const content = c.rating === 'satisfied' || c.rating === 'basic';
    if (c.rating) {
      ratings[c.rating]++;
      t.rated.rated++;
      if (content) t.rated.content++;
    }
    if (c.overdue) {
      overdue.total++;
      t.overdueTotal++;
    }
    if (c.unitId) {
      const u = unit(c.unitId, c.unitName);
      if (ANSWERED.includes(c.status) && c.outcome) {
        u.answered++;
        if (c.outcome === 'resolved') u.resolved++;
      }
      if (c.rating) {
        u.rated.rated++;
        if (content) u.rated.content++;
      }
      if (WITH_UNIT.includes(c.status) && c.dueAt !== null && c.dueAt < now) {
        u.overdueNow++;
        overdue.now++;
      }
      u.supervised += c.superviseCount;
    }
    supervised += c.superviseCount;
    for (const id of c.overdueUnitIds) unit(id).overdueTotal++;
    for (const e of c.escalations) {
      escalated++;
      if (e.unitId) unit(e.unitId, e.unitName).escalated++;
    }
    for (const id of c.returnedUnitIds ?? []) {
      returned++;
      unit(id).returned++;
    }
  }

  const townshipRows = [...townships.entries()]
    .map(([townshipId, t]) => ({
      townshipId,
      townshipName: t.name,
      ...t.figures,
      resolution: rate(t.figures.resolved, t.figures.collected - t.figures.withdrawn),
      satisfaction: satisfactionOf(t.rated),
      overdueTotal: t.overdueTotal,
      rank: 0,
    }))
    .sort((a, b) => (b.resolution.percent ?? -1) - (a.resolution.percent ?? -1) || a.overdueTotal - b.overdueTotal || a.townshipName.localeCompare(b.townshipName, 'zh'));
  townshipRows.forEach((row, i) => (row.rank = i + 1));

  return {
    from: options.from,
    to: options.to,
    totals,
    rates: {
      response: rate(response.inTime, response.due),
      resolution: rate(totals.resolved, totals.collected - totals.withdrawn),
      satisfaction: rate(ratings.satisfied + ratings.basic, ratings.satisfied + ratings.basic + ratings.dissatisfied),
    },
    ratings,
    byLevel,
    overdue,
    supervised,
    escalated,
    returned,
    // 两倒查: the units with the most cases overdue, pushed up or sent back first
    units: [...units.values()]
      .map(({ rated, ...u }) => ({ ...u, satisfaction: satisfactionOf(rated) }))
      .sort((a, b) => b.overdueTotal + b.escalated + b.returned - (a.overdueTotal + a.escalated + a.returned) || b.overdueNow - a.overdueNow || a.unitName.localeCompare(b.unitName, 'zh')),
    townships: townshipRows,
    months: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, f]) => ({ month, ...f })),
    categories: [...categories.entries()].sort(([, a], [, b]) => b.collected - a.collected).map(([category, f]) => ({ category, categoryName: categoryName(category), ...f })),
  };
}
