/**
 * The office's statistics (统计) for a period and an area, read from the daily rollups of its
 * days (src/domain/rollups.ts), never from its cases: the Dianjiang table (requests collected;
 * resolved, handling started, explained — each fed back), the three headline rates (响应率 · 解决率 ·
 * 满意率), overdue and 督办, 两倒查 by unit (escalated, returned), township rankings, and the trend by
 * month and by category. Pure: the use case loads the rollups, the names and the county's calendar.
 *
 * Definitions (what the office reads under each figure):
 * - collected 收集: requests sent in the period, except those withheld or still held by the
 *   content review (they never reached a representative); withdrawn ones count, shown apart.
 * - resolved / inProgress / explained: collected requests answered with that outcome (replied or
 *   closed; a request sent back by a 不满意 rating counts again once it is answered again).
 * - 响应率: requests the representative answered (受理, 不予受理, 当场答复) within the triage limit
 *   (`rules.reminders.triage` working days after the day it came), of those whose limit has passed
 *   or that were answered; withdrawn before any answer they are left out, and so are requests a
 *   representative entered for a resident met in person (accepted as they were entered).
 * - 解决率: resolved, of collected less withdrawn.
 * - 满意率: 满意 and 基本满意, of rated.
 * - attendances 党代表接待（人次） and residents received 接待群众（人）: from the reception logs
 *   (src/domain/reception.ts) of the period, sessions and home visits alike.
 *
 * Representative records (述职评议) give the same figures per representative: the requests that
 * came through their cards or that they entered in person, answered in time, followed to the end
 * (closed: answered and rated), resolved, satisfaction, and their reception attendances. Their
 * 满意率 counts only the residents' own ratings: a request they entered is rated by them for the
 * resident, which would have them grade themselves.
 */
import { standsIn } from './roles';
import type { CaseRecord, GroupActivity, Level, Rating } from '../../types/domain';
import { addWorkingDays, shanghaiDate, type WorkingCalendar } from './calendar';
import { attendedCounts } from './groups';
import { inspectionCounts, type SessionFinding } from './linkage';
import { categoryName } from './labels';
import type { ReceptionFigures, ReceptionLog } from './reception';
import { COUNT, type CaseCell, type Rollup } from './rollups';
import { released } from './transitions';

/** What the representatives' records read of each case (no timeline: the figures are kept on the record). */
export const STATS_FIELDS = {
  createdAt: true,
  status: true,
  outcome: true,
  rating: true,
  respondedAt: true,
  representativeId: true,
  receptionId: true,
  proposalId: true,
  gridVisitId: true,
  heldAt: true,
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

/** What cases count against one unit (两倒查), by one rule (`countAgainstUnits`) wherever units are shown. */
export interface UnitTally {
  /** held by this unit and past its due day now */
  overdueNow: number;
  /** went overdue under this unit, closed or not */
  overdueTotal: number;
  /** 督办 of the cases this unit holds */
  supervised: number;
  /** pushed upward by this unit */
  escalated: number;
  /** sent back by this unit as not theirs */
  returned: number;
}

export const emptyTally = (): UnitTally => ({ overdueNow: 0, overdueTotal: 0, supervised: 0, escalated: 0, returned: 0 });

/**
 * The one rule for what cases count against units, for the statistics' unit rows and the
 * supervisor's figures alike, read from their counts (src/domain/rollups.ts): late now and 督办
 * against the unit holding them, overdue against each unit that missed its date, 上报 and 退回
 * against the unit that did them.
 */
export function countAgainstUnits(unitId: string | null, counts: Iterable<[string, number]>, now: number, unit: (unitId: string) => UnitTally): void {
  for (const [name, n] of counts) {
    if (name === COUNT.supervised) {
      if (unitId) unit(unitId).supervised += n;
    } else if (name.startsWith(COUNT.unitDueAt)) {
      if (unitId && Number(name.slice(COUNT.unitDueAt.length)) < now) unit(unitId).overdueNow += n;
    } else if (name.startsWith(COUNT.overdueAgainst)) unit(name.slice(COUNT.overdueAgainst.length)).overdueTotal += n;
    else if (name.startsWith(COUNT.escalatedBy)) unit(name.slice(COUNT.escalatedBy.length)).escalated += n;
    else if (name.startsWith(COUNT.returnedBy)) unit(name.slice(COUNT.returnedBy.length)).returned += n;
  }
}

export interface UnitRow extends UnitTally {
  unitId: string;
  unitName: string;
  /** answered by this unit (its current cases with an outcome) */
  answered: number;
  resolved: number;
  satisfaction: Rate;
  /** 复发率 of its cases: reopened by 还在 ÷ asked 问题还在吗 */
  recurrence: Rate;
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
  reception: ReceptionFigures;
  rates: { response: Rate; resolution: Rate; satisfaction: Rate };
  ratings: { satisfied: number; basic: number; dissatisfied: number };
  byLevel: Record<Level, number>;
  overdue: { now: number; total: number };
  supervised: number;
  /** 催办 by residents: how many times, on how many cases */
  urged: { times: number; cases: number };
  /**
   * 我也反映 and 并案: distinct problems (requests collected, less those merged into another),
   * requests merged, and residents who raised a problem besides its first reporter
   */
  problems: { distinct: number; merged: number; coReporters: number };
  escalated: number;
  returned: number;
  /** 复发率: of the residents asked 问题还在吗 (cases sent in the period), how often 还在 reopened the case */
  recurrence: Rate;
  units: UnitRow[];
  townships: TownshipRow[];
  months: Array<Figures & { month: string }>;
  categories: Array<Figures & { category: string; categoryName: string }>;
  /** 按网格: the requests raised in each grid (cases with its `gridId`), when the county has grids */
  grids?: GridFigures[];
}

export interface GridFigures extends Figures {
  gridId: string;
  gridName: string;
  villageName: string;
  /** went overdue, closed or not */
  overdueTotal: number;
}

const ANSWERED: readonly CaseRecord['status'][] = ['replied', 'closed'];
const emptyFigures = (): Figures => ({ collected: 0, resolved: 0, inProgress: 0, explained: 0, notAccepted: 0, withdrawn: 0, open: 0 });
const FIGURES = ['collected', 'resolved', 'inProgress', 'explained', 'notAccepted', 'withdrawn', 'open'] as const satisfies ReadonlyArray<keyof Figures>;

function addFigures(into: Figures, f: Figures): void {
  for (const k of FIGURES) into[k] += f[k];
}

interface Satisfaction {
  rated: number;
  content: number;
}
const satisfactionOf = (s: Satisfaction) => rate(s.content, s.rated);
/** A rating into a tally: 满意 and 基本满意 are content. */
function addRating(s: Satisfaction, rating: Rating | null): void {
  if (!rating) return;
  s.rated++;
  if (rating !== 'dissatisfied') s.content++;
}

interface Response {
  inTime: number;
  due: number;
}

/** The last day to answer a request that came on `day` (响应), worked out once per day. */
function triageLimits(calendar: WorkingCalendar, triageDays: number) {
  const limits = new Map<string, string>();
  return (day: string) => {
    let limit = limits.get(day);
    if (!limit) limits.set(day, (limit = addWorkingDays(calendar, day, triageDays)));
    return limit;
  };
}

/** 响应 of one request (representatives' records): answered within the triage limit, of those due. */
function responseCounter(calendar: WorkingCalendar, triageDays: number, now: number) {
  const today = shanghaiDate(now);
  const limitOf = triageLimits(calendar, triageDays);
  return (c: StatsCase, r: Response) => {
    if (standsIn(c)) return;
    const limit = limitOf(shanghaiDate(c.createdAt));
    const answered = c.respondedAt !== null && c.respondedAt !== undefined;
    if (!answered && (c.status === 'withdrawn' || today <= limit)) return;
    r.due++;
    if (answered && shanghaiDate(c.respondedAt!) <= limit) r.inTime++;
  };
}

interface StatsOptions {
  from: string;
  to: string;
  calendar: WorkingCalendar;
  triageDays: number;
  now: number;
}

export interface StatisticsOptions extends StatsOptions {
  unitNames: ReadonlyMap<string, string>;
  townshipNames: ReadonlyMap<string, string>;
  /** part of the county: one township, or one village */
  area?: { townshipId?: string; villageId?: string };
  /** the county's grids (name and village's name): given when it has any, for the by-grid breakdown */
  grids?: ReadonlyMap<string, { name: string; villageName: string }>;
}

/**
 * The office's statistics from the daily rollups of its period (src/domain/rollups.ts): days ×
 * cells, however many cases they count. Figures that depend on today (响应 due, 超期 now) are
 * reckoned here from the days and due times the rollups keep.
 */
export function statistics(rollups: Iterable<Rollup>, options: StatisticsOptions): Statistics {
  const { now, area } = options;
  const today = shanghaiDate(now);
  const limitOf = triageLimits(options.calendar, options.triageDays);
  const inArea = (p: Pick<CaseCell, 'townshipId' | 'villageId'>) =>
    (!area?.townshipId || p.townshipId === area.townshipId) && (!area?.villageId || p.villageId === area.villageId);
  const reception: ReceptionFigures = { sessions: 0, visits: 0, attendances: 0, residents: 0, requests: 0 };
  const totals = emptyFigures();
  const ratings = { satisfied: 0, basic: 0, dissatisfied: 0 };
  const byLevel: Record<Level, number> = { village: 0, township: 0, county: 0 };
  const response: Response = { inTime: 0, due: 0 };
  const overdue = { now: 0, total: 0 };
  let supervised = 0;
  const urged = { times: 0, cases: 0 };
  const problems = { distinct: 0, merged: 0, coReporters: 0 };
  let escalated = 0;
  let returned = 0;
  const recurrence = { asked: 0, reopened: 0 };
  const units = new Map<string, Omit<UnitRow, 'satisfaction' | 'recurrence'> & { rated: Satisfaction; asked: number; reopened: number }>();
  const townships = new Map<string, { figures: Figures; rated: Satisfaction; overdueTotal: number }>();
  const months = new Map<string, Figures>();
  const categories = new Map<string, Figures>();
  const grids = new Map<string, Figures & { overdueTotal: number }>();

  const unit = (unitId: string) => {
    let u = units.get(unitId);
    if (!u) {
      u = {
        unitId,
        unitName: options.unitNames.get(unitId) ?? unitId,
        answered: 0,
        resolved: 0,
        rated: { rated: 0, content: 0 },
        asked: 0,
        reopened: 0,
        ...emptyTally(),
      };
      units.set(unitId, u);
    }
    return u;
  };
  const figuresIn = <K>(map: Map<K, Figures>, key: K) => {
    let f = map.get(key);
    if (!f) map.set(key, (f = emptyFigures()));
    return f;
  };

  for (const doc of rollups) {
    if (doc.day < options.from || doc.day > options.to) continue;
    const limit = limitOf(doc.day);
    for (const r of doc.receptions) if (inArea(r)) for (const [name, n] of r.counts) if (name in reception) reception[name as keyof ReceptionFigures] += n;
    for (const cell of doc.cells) {
      if (!inArea(cell)) continue;
      const n = (name: string) => cell.counts.find(([k]) => k === name)?.[1] ?? 0;
      const f: Figures = { collected: 0, resolved: 0, inProgress: 0, explained: 0, notAccepted: 0, withdrawn: 0, open: 0 };
      for (const k of FIGURES) f[k] = n(COUNT[k]);
      addFigures(totals, f);
      problems.merged += n(COUNT.merged);
      problems.distinct += f.collected - n(COUNT.merged);
      problems.coReporters += n(COUNT.coReporters);
      addFigures(figuresIn(months, doc.day.slice(0, 7)), f);
      addFigures(figuresIn(categories, cell.category), f);
      let t = townships.get(cell.townshipId);
      if (!t) townships.set(cell.townshipId, (t = { figures: emptyFigures(), rated: { rated: 0, content: 0 }, overdueTotal: 0 }));
      addFigures(t.figures, f);
      if (cell.level) byLevel[cell.level] += f.collected;

      const cellRatings = { satisfied: n(COUNT.satisfied), basic: n(COUNT.basic), dissatisfied: n(COUNT.dissatisfied) };
      const cellRated = { rated: cellRatings.satisfied + cellRatings.basic + cellRatings.dissatisfied, content: cellRatings.satisfied + cellRatings.basic };
      ratings.satisfied += cellRatings.satisfied;
      ratings.basic += cellRatings.basic;
      ratings.dissatisfied += cellRatings.dissatisfied;
      t.rated.rated += cellRated.rated;
      t.rated.content += cellRated.content;
      const late = n(COUNT.overdue);
      overdue.total += late;
      t.overdueTotal += late;
      if (cell.gridId) {
        let g = grids.get(cell.gridId);
        if (!g) grids.set(cell.gridId, (g = { ...emptyFigures(), overdueTotal: 0 }));
        addFigures(g, f);
        g.overdueTotal += late;
      }
      if (today > limit) response.due += n(COUNT.awaiting);
      for (const [name, count] of cell.counts) {
        if (name.startsWith(COUNT.answeredOn)) {
          response.due += count;
          if (name.slice(COUNT.answeredOn.length) <= limit) response.inTime += count;
        } else if (name.startsWith(COUNT.dueAt) && Number(name.slice(COUNT.dueAt.length)) < now) overdue.now += count;
      }
      if (cell.unitId) {
        const u = unit(cell.unitId);
        u.answered += f.resolved + f.inProgress + f.explained;
        u.resolved += f.resolved;
        u.rated.rated += cellRated.rated;
        u.rated.content += cellRated.content;
        u.asked += n(COUNT.stillAsked);
        u.reopened += n(COUNT.reopened);
      }
      recurrence.asked += n(COUNT.stillAsked);
      recurrence.reopened += n(COUNT.reopened);
      countAgainstUnits(cell.unitId, cell.counts, now, unit);
      supervised += n(COUNT.supervised);
      urged.times += n(COUNT.urged);
      urged.cases += n(COUNT.urgedCases);
      escalated += n(COUNT.escalated);
      returned += n(COUNT.returned);
    }
  }

  const townshipRows = [...townships.entries()]
    .map(([townshipId, t]) => ({
      townshipId,
      townshipName: options.townshipNames.get(townshipId) ?? townshipId,
      ...t.figures,
      resolution: rate(t.figures.resolved, t.figures.collected - t.figures.withdrawn),
      satisfaction: satisfactionOf(t.rated),
      overdueTotal: t.overdueTotal,
      rank: 0,
    }))
    .sort(ranking((t) => t.townshipName));
  townshipRows.forEach((row, i) => (row.rank = i + 1));

  return {
    from: options.from,
    to: options.to,
    totals,
    reception,
    rates: {
      response: rate(response.inTime, response.due),
      // a merged request is answered with the case it was merged into
      resolution: rate(totals.resolved, totals.collected - totals.withdrawn - problems.merged),
      satisfaction: rate(ratings.satisfied + ratings.basic, ratings.satisfied + ratings.basic + ratings.dissatisfied),
    },
    ratings,
    byLevel,
    overdue,
    supervised,
    urged,
    problems,
    escalated,
    returned,
    recurrence: rate(recurrence.reopened, recurrence.asked),
    // 两倒查: the units with the most cases overdue, pushed up or sent back first
    units: [...units.values()]
      .map(({ rated, asked, reopened, ...u }) => ({ ...u, satisfaction: satisfactionOf(rated), recurrence: rate(reopened, asked) }))
      .sort(
        (a, b) =>
          b.overdueTotal + b.escalated + b.returned - (a.overdueTotal + a.escalated + a.returned) ||
          b.overdueNow - a.overdueNow ||
          a.unitName.localeCompare(b.unitName, 'zh'),
      ),
    townships: townshipRows,
    months: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, f]) => ({ month, ...f })),
    categories: [...categories.entries()]
      .sort(([, a], [, b]) => b.collected - a.collected)
      .map(([category, f]) => ({ category, categoryName: categoryName(category), ...f })),
    ...(options.grids?.size
      ? {
          grids: [...grids.entries()]
            .map(([gridId, f]) => ({
              gridId,
              gridName: options.grids!.get(gridId)?.name ?? gridId,
              villageName: options.grids!.get(gridId)?.villageName ?? '',
              ...f,
            }))
            .sort((a, b) => b.collected - a.collected || a.villageName.localeCompare(b.villageName, 'zh') || a.gridName.localeCompare(b.gridName, 'zh')),
        }
      : {}),
  };
}

/** Rankings (townships in a county, counties in a region): best 解决率 first, then fewest overdue, then by name. */
const ranking =
  <T extends { resolution: Rate; overdueTotal: number }>(name: (row: T) => string) =>
  (a: T, b: T): number =>
    (b.resolution.percent ?? -1) - (a.resolution.percent ?? -1) || a.overdueTotal - b.overdueTotal || name(a).localeCompare(name(b), 'zh');

/** One county's figures as a city or province reads them beside the others'. */
export interface CountyFigures extends Pick<
  Statistics,
  'totals' | 'reception' | 'rates' | 'ratings' | 'overdue' | 'supervised' | 'urged' | 'escalated' | 'returned'
> {
  countyId: string;
  countyName: string;
  resolution: Rate;
  overdueTotal: number;
  /** 1 for the best 解决率 */
  rank: number;
  /** 两倒查: its units with cases overdue, pushed up or sent back, worst first */
  units: UnitRow[];
}

export type RegionTotal = Pick<CountyFigures, 'totals' | 'reception' | 'rates' | 'ratings' | 'overdue' | 'supervised' | 'urged' | 'escalated' | 'returned'>;

/** How many of a county's units the region's 两倒查 names. */
const UNITS_TO_CHECK = 5;

/** Counties side by side, ranked, and in total: rates are summed as numerators and denominators, never averaged. */
export function sideBySide(counties: ReadonlyArray<{ countyId: string; countyName: string; statistics: Statistics }>): {
  counties: CountyFigures[];
  total: RegionTotal;
} {
  const rows: CountyFigures[] = counties
    .map(({ countyId, countyName, statistics: s }) => ({
      countyId,
      countyName,
      totals: s.totals,
      reception: s.reception,
      rates: s.rates,
      ratings: s.ratings,
      overdue: s.overdue,
      supervised: s.supervised,
      urged: s.urged,
      escalated: s.escalated,
      returned: s.returned,
      resolution: s.rates.resolution,
      overdueTotal: s.overdue.total,
      rank: 0,
      units: s.units.filter((u) => u.overdueTotal + u.escalated + u.returned + u.overdueNow > 0).slice(0, UNITS_TO_CHECK),
    }))
    .sort(ranking((c) => c.countyName));
  rows.forEach((row, i) => (row.rank = i + 1));
  /** each count of `zero`'s shape added up over the counties */
  const sum = <T extends { [K in keyof T]: number }>(zero: T, pick: (row: CountyFigures) => T): T =>
    Object.fromEntries(Object.keys(zero).map((k) => [k, rows.reduce((n, row) => n + (pick(row) as Record<string, number>)[k]!, 0)])) as T;
  const sumRate = (pick: (row: CountyFigures) => Rate) => {
    const { numerator, denominator } = sum({ numerator: 0, denominator: 0 }, (row) => ({ numerator: pick(row).numerator, denominator: pick(row).denominator }));
    return rate(numerator, denominator);
  };
  const ones = sum({ supervised: 0, escalated: 0, returned: 0 }, (r) => ({ supervised: r.supervised, escalated: r.escalated, returned: r.returned }));
  return {
    counties: rows,
    total: {
      totals: sum(emptyFigures(), (r) => r.totals),
      reception: sum({ sessions: 0, visits: 0, attendances: 0, residents: 0, requests: 0 }, (r) => r.reception),
      rates: { response: sumRate((r) => r.rates.response), resolution: sumRate((r) => r.rates.resolution), satisfaction: sumRate((r) => r.rates.satisfaction) },
      ratings: sum({ satisfied: 0, basic: 0, dissatisfied: 0 }, (r) => r.ratings),
      overdue: sum({ now: 0, total: 0 }, (r) => r.overdue),
      urged: sum({ times: 0, cases: 0 }, (r) => r.urged),
      ...ones,
    },
  };
}

/** One representative's year (述职评议): what came to them, how it ended, and their reception days. */
export interface RepresentativeRecord {
  representativeId: string;
  name: string;
  /** requests through their cards or entered by them in person */
  received: number;
  /** of which entered in person (at a reception day or a home visit) */
  inPerson: number;
  response: Rate;
  /** answered with an outcome (replied or closed) */
  answered: number;
  resolved: number;
  /** followed to the end: answered and rated (the case closed) */
  closed: number;
  satisfaction: Rate;
  /** reception sessions on duty and home visits (人次) */
  attendances: number;
  visits: number;
  /** residents received at the sessions and visits they were on */
  residents: number;
  /** activities of their activity groups (小组活动) they were present at */
  groupActivities: number;
  /** 督查: reception sessions drawn for inspection while they were on duty, and of those found absent */
  inspected: number;
  absent: number;
}

/** A representative's figures without who they are: what a 述职报告 publishes of their record. */
export type RecordFigures = Omit<RepresentativeRecord, 'representativeId' | 'name'>;

/** The figures of a record as the office's workbook and a 述职报告 name them, in that order. */
export const RECORD_FIGURES: ReadonlyArray<{ label: string; value: (r: RecordFigures) => number | Rate }> = [
  { label: '接待（人次）', value: (r) => r.attendances },
  { label: '其中走访', value: (r) => r.visits },
  { label: '接待群众（人）', value: (r) => r.residents },
  { label: '参加小组活动（次）', value: (r) => r.groupActivities },
  { label: '被督查（次）', value: (r) => r.inspected },
  { label: '督查缺岗（次）', value: (r) => r.absent },
  { label: '收到诉求', value: (r) => r.received },
  { label: '其中当面登记', value: (r) => r.inPerson },
  { label: '响应率', value: (r) => r.response },
  { label: '已答复', value: (r) => r.answered },
  { label: '已办结', value: (r) => r.resolved },
  { label: '跟踪到底（已评价）', value: (r) => r.closed },
  { label: '满意率', value: (r) => r.satisfaction },
];

export function representativeRecords(
  representatives: ReadonlyArray<{ _id: string; name: string }>,
  cases: Iterable<StatsCase>,
  receptions: Iterable<ReceptionLog>,
  options: StatsOptions,
  activities: Iterable<Pick<GroupActivity, 'attendeeIds'>> = [],
  inspected: Iterable<SessionFinding> = [],
): RepresentativeRecord[] {
  const countResponse = responseCounter(options.calendar, options.triageDays, options.now);
  const attended = attendedCounts(activities);
  const inspections = inspectionCounts(inspected, options.from, options.to);
  const rows = new Map(
    representatives.map((r) => [
      r._id,
      {
        representativeId: r._id,
        name: r.name,
        received: 0,
        inPerson: 0,
        answered: 0,
        resolved: 0,
        closed: 0,
        attendances: 0,
        visits: 0,
        residents: 0,
        groupActivities: attended.get(r._id) ?? 0,
        inspected: inspections.get(r._id)?.inspected ?? 0,
        absent: inspections.get(r._id)?.absent ?? 0,
        response: { inTime: 0, due: 0 },
        rated: { rated: 0, content: 0 },
      },
    ]),
  );
  for (const c of cases) {
    const row = c.representativeId === null ? undefined : rows.get(c.representativeId);
    if (!row || !released(c)) continue;
    row.received++;
    if (c.receptionId) row.inPerson++;
    countResponse(c, row.response);
    if (ANSWERED.includes(c.status) && c.outcome) {
      row.answered++;
      if (c.outcome === 'resolved') row.resolved++;
    }
    if (c.status === 'closed') row.closed++;
    if (!standsIn(c)) addRating(row.rated, c.rating);
  }
  for (const r of receptions) {
    for (const id of new Set(r.representativeIds)) {
      const row = rows.get(id);
      if (!row) continue;
      row.attendances++;
      if (r.kind === 'visit') row.visits++;
      row.residents += r.residents;
    }
  }
  return [...rows.values()]
    .map(({ response, rated, ...row }) => ({ ...row, response: rate(response.inTime, response.due), satisfaction: satisfactionOf(rated) }))
    .sort((a, b) => b.received - a.received || b.attendances - a.attendances || a.name.localeCompare(b.name, 'zh'));
}
