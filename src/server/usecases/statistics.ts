/** The office's statistics for a period and part of its county (src/domain/statistics.ts), and as a workbook. */
import { remindersFor } from '../../../config/rules';
import type { County, Township, Unit } from '../../../types/domain';
import { addMonths } from '../../domain/calendar';
import { statistics, type Figures, type Statistics } from '../../domain/statistics';
import type { Ctx } from '../ctx';
import { invalid } from '../errors';
import { collection, getAll, getById } from '../store';
import { keepReport, type KeptFile, type ReportCell, type ReportSheet } from './exports';
import { requireOffice, sentBetween } from './office';
import { loadCalendar } from './people';
import { recount, rollupsBetween } from './rollups';
import { gridsWithVillages } from './grids';
import { reachFigures } from './followup';
import type { ReachFigures } from '../../domain/followup';

export interface StatisticsInput {
  /** first and last day, YYYY-MM-DD (Asia/Shanghai), both included */
  from: string;
  to: string;
  townshipId?: string;
  villageId?: string;
}

/** A report covers at most this many months. */
const MAX_MONTHS = 36;

/** Refuses a period that ends before it starts or is longer than a report covers. */
export function checkPeriod(ctx: Ctx, input: { from: string; to: string }, months = MAX_MONTHS): void {
  sentBetween(ctx, input.from, input.to);
  if (addMonths(input.from, months) < input.to) throw invalid('to', `一次最多统计${months}个月`);
}

/** The statistics, and 24小时触达率: the share of answers that reached their residents within a day (pushed, or a 回访 reached). */
export type CountyStatistics = Statistics & { reach: ReachFigures };

export async function countyStatistics(ctx: Ctx, input: StatisticsInput): Promise<CountyStatistics> {
  const { office } = await requireOffice(ctx);
  checkPeriod(ctx, input);
  const countyId = office.countyId;
  // a county kept before rollups were: counted from its cases once, on its first report
  if ((await getById<County>(ctx.db, 'counties', countyId))?.rollupsFrom === undefined) await recount(ctx, countyId);
  const named = <T extends { _id: string; name: string }>(name: 'units' | 'townships') =>
    getAll(collection<T>(ctx.db, name).where({ countyId }).orderBy('_id', 'asc').field({ name: true })).then(
      (rows) => new Map(rows.map((r) => [r._id, r.name])),
    );
  const [rollups, unitNames, townshipNames, calendar, grids, reach] = await Promise.all([
    rollupsBetween(ctx, countyId, input.from, input.to),
    named<Unit>('units'),
    named<Township>('townships'),
    loadCalendar(ctx, countyId),
    gridsWithVillages(ctx, countyId),
    reachFigures(ctx, countyId, input.from, input.to),
  ]);
  const figures = statistics(rollups, {
    from: input.from,
    to: input.to,
    calendar,
    triageDays: remindersFor(ctx.rules, countyId).triage,
    now: ctx.clock.now(),
    unitNames,
    townshipNames,
    area: { townshipId: input.townshipId, villageId: input.villageId },
    grids,
  });
  return { ...figures, reach };
}

/** The report as a workbook the office can file or send up: the table and rates, then each breakdown. */
export async function exportStatistics(ctx: Ctx, input: StatisticsInput): Promise<KeptFile> {
  const s = await countyStatistics(ctx, input);
  const sheets: ReportSheet[] = [];
  const sheet = (name: string, columns: string[], rows: ReportCell[][]) => sheets.push({ name, columns, rows });
  const t = s.totals;
  sheet(
    '汇总',
    ['项目', '数值'],
    [
      ['统计期间（起）', { day: s.from }],
      ['统计期间（止）', { day: s.to }],
      ['党代表接待（人次）', s.reception.attendances],
      ['接待群众（人）', s.reception.residents],
      ['收集诉求（件）', t.collected],
      ['已办结并反馈（件）', t.resolved],
      ['已启动办理并反馈（件）', t.inProgress],
      ['已解释说明（件）', t.explained],
      ['办理中（件）', t.open],
      ['不予受理（件）', t.notAccepted],
      ['撤回（件）', t.withdrawn],
      ['响应率', { rate: s.rates.response.percent }],
      ['解决率', { rate: s.rates.resolution.percent }],
      ['满意率', { rate: s.rates.satisfaction.percent }],
      ['超期（件）', s.overdue.total],
      ['督办（次）', s.supervised],
      ['群众催办（次）', s.urged.times],
      ['群众催办（件）', s.urged.cases],
      ['上报（次）', s.escalated],
      ['退回（次）', s.returned],
      ['询问问题是否还在（次）', s.recurrence.denominator],
      ['群众反映问题还在、再交办（次）', s.recurrence.numerator],
      ['复发率', { rate: s.recurrence.percent }],
      ['答复送达群众（件）', s.reach.reached.denominator],
      [`${ctx.rules.reach.withinHours}小时内送达（件）`, s.reach.reached.numerator],
      [`${ctx.rules.reach.withinHours}小时触达率`, { rate: s.reach.reached.percent }],
    ],
  );
  sheet(
    '乡镇排名',
    ['名次', '乡镇(街道)', '收集', '已办结', '解决率', '满意率', '超期'],
    s.townships.map((r) => [r.rank, r.townshipName, r.collected, r.resolved, { rate: r.resolution.percent }, { rate: r.satisfaction.percent }, r.overdueTotal]),
  );
  sheet(
    '单位（两倒查）',
    ['承办单位', '已答复', '已办结', '满意率', '超期', '现仍超期', '督办', '上报', '退回', '复发率'],
    s.units.map((u) => [
      u.unitName,
      u.answered,
      u.resolved,
      { rate: u.satisfaction.percent },
      u.overdueTotal,
      u.overdueNow,
      u.supervised,
      u.escalated,
      u.returned,
      { rate: u.recurrence.percent },
    ]),
  );
  const figures = (f: Figures) => [f.collected, f.resolved, f.inProgress, f.explained, f.open];
  const FIGURE_HEADERS = ['收集', '已办结', '已启动办理', '已解释说明', '办理中'];
  sheet(
    '按月',
    ['月份', ...FIGURE_HEADERS],
    s.months.map((m) => [m.month, ...figures(m)]),
  );
  sheet(
    '按类别',
    ['类别', ...FIGURE_HEADERS],
    s.categories.map((c) => [c.categoryName, ...figures(c)]),
  );
  if (s.grids)
    sheet(
      '按网格',
      ['村(社区)', '网格', ...FIGURE_HEADERS, '超期'],
      s.grids.map((g) => [g.villageName, g.gridName, ...figures(g), g.overdueTotal]),
    );
  return keepReport(ctx, `统计_${s.from}_${s.to}.xlsx`, sheets);
}
