/**
 * A city's or a province's office (市、省联系群众工作办公室): the figures of the counties under it,
 * side by side and in total, read from their daily rollups. It holds no grant in any county: it
 * never reads a case, a resident or anything a county keeps but its figures.
 */
import { remindersFor } from '../../../config/rules';
import type { CalendarOverride, County, Region, Unit } from '../../../types/domain';
import { createCalendar } from '../../domain/calendar';
import type { Rollup } from '../../domain/rollups';
import { sideBySide, statistics, type CountyFigures, type RegionTotal } from '../../domain/statistics';
import type { Ctx } from '../ctx';
import { forbidden, notFound } from '../errors';
import { collection, getAll, getById, scanAll } from '../store';
import { requireCaller } from './people';
import { checkPeriod } from './statistics';

/**
 * A region's report covers at most a year: a province's year is about 120 counties × 365 days of
 * rollups, some 44 calls of 1,000 documents within the function's time.
 */
const MAX_MONTHS = 12;

export interface RegionStatistics {
  regionId: string;
  regionName: string;
  level: Region['level'];
  from: string;
  to: string;
  counties: CountyFigures[];
  total: RegionTotal;
  /** counties whose figures are not kept yet: set up before the rollups, their office has not run a report or 重新核算 since */
  uncounted: string[];
}

/** The region the caller reads: the one named, or their only one. */
async function requireRegion(ctx: Ctx, regionId: string | undefined): Promise<Region> {
  const caller = await requireCaller(ctx);
  const mine = caller.user?.regions ?? [];
  const id = regionId ?? mine[0];
  if (!id || !mine.includes(id)) throw forbidden('只有市(州)、省联系群众工作办公室能看各县(区)的统计');
  const region = await getById<Region>(ctx.db, 'regions', id);
  if (!region) throw notFound('市(州)或省');
  return region;
}

export async function regionStatistics(ctx: Ctx, input: { regionId?: string; from: string; to: string }): Promise<RegionStatistics> {
  const region = await requireRegion(ctx, input.regionId);
  checkPeriod(ctx, input, MAX_MONTHS);
  const _ = ctx.db.command;
  const ofCounties = { countyId: _.in(region.countyIds) };
  // a province's half-year is about 120 counties × 180 days of rollups: some 22 calls of 1,000
  const [rollups, counties, units, overrides] = await Promise.all([
    scanAll<Rollup>(ctx.db, 'rollups', { ...ofCounties, day: _.gte(input.from).and(_.lte(input.to)) }),
    getAll(
      collection<County>(ctx.db, 'counties')
        .where({ _id: _.in(region.countyIds) })
        .orderBy('_id', 'asc'),
    ),
    scanAll<Unit>(ctx.db, 'units', ofCounties, { name: true }),
    scanAll<CalendarOverride>(ctx.db, 'calendar', ofCounties),
  ]);
  const unitNames = new Map(units.map((u) => [u._id, u.name]));
  const names = new Map(counties.map((c) => [c._id, c.name]));
  const now = ctx.clock.now();
  const byCounty = new Map<string, Rollup[]>();
  for (const r of rollups) byCounty.set(r.countyId, [...(byCounty.get(r.countyId) ?? []), r]);
  const rows = region.countyIds.map((countyId) => ({
    countyId,
    countyName: names.get(countyId) ?? countyId,
    statistics: statistics(byCounty.get(countyId) ?? [], {
      from: input.from,
      to: input.to,
      calendar: createCalendar(overrides.filter((o) => o.countyId === countyId)),
      triageDays: remindersFor(ctx.rules, countyId).triage,
      now,
      unitNames,
      townshipNames: new Map(),
    }),
  }));
  const uncounted = region.countyIds.filter((id) => counties.find((c) => c._id === id)?.rollupsFrom === undefined).map((id) => names.get(id) ?? id);
  return { regionId: region._id, regionName: region.name, level: region.level, from: input.from, to: input.to, ...sideBySide(rows), uncounted };
}
