/** The office's statistics for a period and part of its county (src/domain/statistics.ts). */
import type { Unit } from '../../../types/domain';
import { addMonths, endOfShanghaiDay, startOfShanghaiDay } from '../../domain/calendar';
import { statistics, STATS_FIELDS, type Statistics, type StatsCase } from '../../domain/statistics';
import type { Ctx } from '../ctx';
import { invalid } from '../errors';
import { collection, getAll, scanAll } from '../store';
import { requireOffice } from './office';
import { loadCalendar } from './people';

export interface StatisticsInput {
  /** first and last day, YYYY-MM-DD (Asia/Shanghai), both included */
  from: string;
  to: string;
  townshipId?: string;
  villageId?: string;
}

/** A report covers at most this many months. */
const MAX_MONTHS = 36;

export async function countyStatistics(ctx: Ctx, input: StatisticsInput): Promise<Statistics> {
  const { office } = await requireOffice(ctx);
  if (input.from > input.to) throw invalid('to', '结束日期不能早于开始日期');
  if (addMonths(input.from, MAX_MONTHS) < input.to) throw invalid('to', `一次最多统计${MAX_MONTHS}个月`);
  const _ = ctx.db.command;
  const where = {
    countyId: office.countyId,
    createdAt: _.and(_.gte(startOfShanghaiDay(input.from)), _.lte(endOfShanghaiDay(input.to))),
    ...(input.townshipId ? { townshipId: input.townshipId } : {}),
    ...(input.villageId ? { villageId: input.villageId } : {}),
  };
  const [cases, units, calendar] = await Promise.all([
    scanAll<StatsCase>(ctx.db, 'cases', where, STATS_FIELDS),
    getAll(collection<Unit>(ctx.db, 'units').where({ countyId: office.countyId }).orderBy('_id', 'asc').field({ name: true })),
    loadCalendar(ctx, office.countyId),
  ]);
  return statistics(cases, {
    from: input.from,
    to: input.to,
    calendar,
    triageDays: ctx.rules.reminders.triage,
    now: ctx.clock.now(),
    unitNames: new Map(units.map((u) => [u._id, u.name])),
  });
}
