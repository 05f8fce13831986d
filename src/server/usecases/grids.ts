/**
 * Grids (网格): the office (any village of its county) or a township's assigner (组织委员, the
 * villages of its township) adds and edits a village's grids and names their people — staff (the
 * 网格长 first), representatives and resident backbones (群众骨干); grids also come in through the
 * organisation import (sheet 网格). A grid's people log their household visits (走访) like
 * reception visits, one log per grid, day and logger, and enter the requests they meet there the
 * way representatives enter walk-in requests. The office (a township's assigner for its township)
 * reads per grid: visit days against the county's rule (`gridRulesFor`), households visited,
 * requests raised and how they stand (src/domain/grids.ts).
 *
 * Visits live in their own collection (`gridVisits`), not among the representatives' reception
 * logs (`receptions`): a visit may be logged by village staff, who are no representatives, and the
 * reception logs feed the representatives' attendances (人次), records (述职评议) and daily rollups,
 * which a grid's visits must not change.
 */
import { gridRulesFor } from '../../../config/rules';
import type { CaseRecord, Grid, GridVisit, Representative, RoleGrant, Unit, User, Village } from '../../../types/domain';
import { addDays, addMonths, shanghaiDate } from '../../domain/calendar';
import { gridPeople, gridRows, type GridCase, type GridRow } from '../../domain/grids';
import { gridProblem, orgId } from '../../domain/organisation';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, derivedId, getAll, getById, scanAll } from '../store';
import { sentBetween } from './office';
import { requireStaff, type Caller } from './people';
import { LOG_WITHIN_DAYS, repsById, tooOld, type EnterInput } from './reception';
import { openCase, type SubmitResult } from './submit';

type Staff = Caller & { user: User };

/** visits shown per grid on its people's page */
const RECENT = 10;
/** the longest period the grid figures cover */
const MAX_MONTHS = 12;
const KEEPERS_ONLY = '只有县联系群众工作办公室或本乡镇(街道)的交办人可以管理网格';
const PEOPLE_ONLY = '只有这个网格的党代表、本村(社区)工作人员或本乡镇(街道)交办人可以记录走访';

export interface Person {
  id: string;
  name: string;
}

/** A grid as pages show it: its village's name, its head, its representatives' names, and everyone it names (who may be on a visit). */
export interface GridView {
  id: string;
  code: string;
  name: string;
  townshipId: string;
  villageId: string;
  villageName: string;
  /** 网格长: the first of its staff */
  head: string;
  staffNames: string[];
  representatives: Person[];
  backbones: string[];
  people: string[];
}

async function gridViews(ctx: Ctx, grids: readonly Grid[]): Promise<GridView[]> {
  const _ = ctx.db.command;
  const villageIds = [...new Set(grids.map((g) => g.villageId))];
  const [reps, villages] = await Promise.all([
    repsById(ctx, [...new Set(grids.flatMap((g) => g.representativeIds))]),
    villageIds.length
      ? getAll(
          collection<Village>(ctx.db, 'villages')
            .where({ _id: _.in(villageIds) })
            .orderBy('_id', 'asc')
            .field({ name: true }),
        )
      : [],
  ]);
  const villageName = new Map(villages.map((v) => [v._id, v.name]));
  return grids.map((g) => {
    const representatives = g.representativeIds.map((id) => ({ id, name: reps.get(id)?.name ?? '' }));
    return {
      id: g._id,
      code: g.code,
      name: g.name,
      townshipId: g.townshipId,
      villageId: g.villageId,
      villageName: villageName.get(g.villageId) ?? '',
      head: g.staffNames[0] ?? '',
      staffNames: g.staffNames,
      representatives,
      backbones: g.backbones,
      people: gridPeople(
        g,
        representatives.map((r) => r.name),
      ),
    };
  });
}

const byVillageAndCode = (a: Grid, b: Grid) => a.villageId.localeCompare(b.villageId) || a.code.localeCompare(b.code);

/** Whether a grant keeps the grids of a village: its county's office, or its township's assigner. */
const keeps = (g: RoleGrant, v: Pick<Village, 'countyId' | 'townshipId'>) =>
  g.countyId === v.countyId && (g.role === 'office' || (g.role === 'assigner' && g.level === 'township' && g.townshipId === v.townshipId));

/** The area whose grids the caller keeps: the office's county, else a township assigner's township. */
async function requireKeeper(ctx: Ctx): Promise<{ caller: Staff; countyId: string; townshipId: string | null }> {
  const caller = await requireStaff(ctx);
  const office = caller.user.grants.find((g) => g.role === 'office');
  if (office) return { caller, countyId: office.countyId, townshipId: null };
  const assigner = caller.user.grants.find((g) => g.role === 'assigner' && g.level === 'township' && g.townshipId);
  if (assigner) return { caller, countyId: assigner.countyId, townshipId: assigner.townshipId! };
  throw forbidden(KEEPERS_ONLY);
}

/** A village the caller keeps the grids of; another county's is not found. */
async function keptVillage(ctx: Ctx, caller: Staff, villageId: string): Promise<Village> {
  const village = await getById<Village>(ctx.db, 'villages', villageId);
  if (!village || !caller.user.grants.some((g) => g.countyId === village.countyId)) throw notFound('村(社区)');
  if (!caller.user.grants.some((g) => keeps(g, village))) throw forbidden(KEEPERS_ONLY);
  return village;
}

export interface GridInput {
  /** the office's 编号: saving the same code again edits that grid */
  code: string;
  name: string;
  villageId: string;
  /** 网格员, the first one the 网格长 */
  staffNames: string[];
  representativeIds?: string[];
  backbones?: string[];
}

/**
 * Adds a grid to a village, or edits the grid of that code (its name, its people, even its village,
 * when the caller keeps both villages): the same record and checks as the 网格 sheet of the import.
 */
export async function saveGrid(ctx: Ctx, input: GridInput): Promise<GridView> {
  const caller = await requireStaff(ctx);
  const village = await keptVillage(ctx, caller, input.villageId);
  const id = orgId(village.countyId, input.code);
  const [old, reps] = await Promise.all([getById<Grid>(ctx.db, 'grids', id), repsById(ctx, input.representativeIds ?? [])]);
  if (old && old.villageId !== village._id) await keptVillage(ctx, caller, old.villageId);
  const representativeIds = [...new Set(input.representativeIds ?? [])];
  const staffNames = [...new Set(input.staffNames)];
  const problem = gridProblem(
    village,
    staffNames,
    representativeIds.map((rid) => {
      const rep = reps.get(rid);
      return { label: rep?.countyId === village.countyId ? rep.name : rid, rep: rep?.countyId === village.countyId ? rep : undefined };
    }),
    { staff: '网格员', reps: '党代表' },
  );
  if (problem) throw invalid(problem.field === 'reps' ? 'representativeIds' : 'staffNames', problem.message);
  const grid: Grid = {
    _id: id,
    code: input.code,
    countyId: village.countyId,
    townshipId: village.townshipId,
    villageId: village._id,
    name: input.name,
    staffNames,
    representativeIds,
    backbones: [...new Set(input.backbones ?? [])],
  };
  const { _id, ...rest } = grid;
  checked(await ctx.db.collection('grids').doc(_id).set(rest));
  ctx.log.info(old ? 'grid edited' : 'grid added', { gridId: id, villageId: village._id });
  return (await gridViews(ctx, [grid]))[0]!;
}

/** A village a keeper may add grids to, with the serving representatives who link it (those a grid of it may name). */
export interface KeptVillage {
  id: string;
  name: string;
  representatives: Person[];
}

/**
 * The grids of a village, or of the caller's whole area (the office's county, a township assigner's
 * township); and the villages of that village or area, each with its serving representatives, for
 * the form that adds a grid.
 */
export async function listGrids(ctx: Ctx, input: { villageId?: string }): Promise<{ grids: GridView[]; villages: KeptVillage[] }> {
  const { caller, countyId, townshipId } = await requireKeeper(ctx);
  const area = input.villageId
    ? { countyId: (await keptVillage(ctx, caller, input.villageId)).countyId, villageId: input.villageId }
    : { countyId, ...(townshipId ? { townshipId } : {}) };
  const [grids, villages, reps] = await Promise.all([
    getAll(collection<Grid>(ctx.db, 'grids').where(area).orderBy('_id', 'asc')),
    getAll(
      collection<Village>(ctx.db, 'villages')
        .where(input.villageId ? { _id: input.villageId } : area)
        .orderBy('_id', 'asc')
        .field({ name: true }),
    ),
    getAll(
      collection<Representative>(ctx.db, 'representatives')
        .where({ countyId: area.countyId, active: true })
        .orderBy('_id', 'asc')
        .field({ name: true, villageIds: true }),
    ),
  ]);
  return {
    grids: await gridViews(ctx, grids.sort(byVillageAndCode)),
    villages: villages.map((v) => ({
      id: v._id,
      name: v.name,
      representatives: reps.filter((r) => r.villageIds.includes(v._id)).map((r) => ({ id: r._id, name: r.name })),
    })),
  };
}

/** How a caller stands towards a grid's visits: a representative it names, a handler of its village's unit, its township's assigner. */
type Standing = { relation: 'representative'; rep: Representative } | { relation: 'handler' | 'assigner' };

/** The caller's standing towards a grid, or null; the units of their handler grants are read once. */
async function standingOn(ctx: Ctx, caller: Staff, grid: Grid, units?: ReadonlyMap<string, Unit>): Promise<Standing | null> {
  const grants = caller.user.grants.filter((g) => g.countyId === grid.countyId);
  const repGrant = grants.find((g) => g.role === 'representative' && g.representativeId && grid.representativeIds.includes(g.representativeId));
  if (repGrant) {
    const rep = await getById<Representative>(ctx.db, 'representatives', repGrant.representativeId!);
    if (rep?.active && rep.countyId === grid.countyId) return { relation: 'representative', rep };
  }
  const handled = units ?? (await handlerUnits(ctx, caller));
  if (grants.some((g) => g.role === 'handler' && handled.get(g.unitId ?? '')?.villageId === grid.villageId)) return { relation: 'handler' };
  if (grants.some((g) => g.role === 'assigner' && g.level === 'township' && g.townshipId === grid.townshipId)) return { relation: 'assigner' };
  return null;
}

/** The units the caller handles for (village units name their village), by id. */
async function handlerUnits(ctx: Ctx, caller: Staff): Promise<Map<string, Unit>> {
  const ids = caller.user.grants.flatMap((g) => (g.role === 'handler' && g.unitId ? [g.unitId] : []));
  if (!ids.length) return new Map();
  const _ = ctx.db.command;
  const units = await getAll(
    collection<Unit>(ctx.db, 'units')
      .where({ _id: _.in(ids) })
      .orderBy('_id', 'asc'),
  );
  return new Map(units.map((u) => [u._id, u]));
}

/** A grid the caller may log visits on; another county's is not found. */
async function loggableGrid(ctx: Ctx, caller: Staff, gridId: string): Promise<{ grid: Grid; standing: Standing }> {
  const grid = await getById<Grid>(ctx.db, 'grids', gridId);
  if (!grid || !caller.user.grants.some((g) => g.countyId === grid.countyId)) throw notFound('网格');
  const standing = await standingOn(ctx, caller, grid);
  if (!standing) throw forbidden(PEOPLE_ONLY);
  return { grid, standing };
}

/** A visit as the pages read it: who logged it by name, not by WeChat identity. */
export type LoggedVisit = Omit<GridVisit, 'loggedBy'>;
export type VisitView = LoggedVisit & { editable: boolean };

export interface MyGrids {
  today: string;
  /** the earliest day a visit may be logged or corrected for */
  earliest: string;
  /** the grids the caller may log visits on, each with its latest visits, newest first */
  grids: Array<GridView & { visits: VisitView[] }>;
}

/** The grids whose visits the caller may log — named on them, or staff of their village or township — with their latest visits. */
export async function myGrids(ctx: Ctx): Promise<MyGrids> {
  const caller = await requireStaff(ctx);
  const units = await handlerUnits(ctx, caller);
  const wheres = caller.user.grants.flatMap((g): Array<Record<string, string>> => {
    if (g.role === 'representative' && g.representativeId) return [{ countyId: g.countyId, representativeIds: g.representativeId }];
    if (g.role === 'handler' && units.get(g.unitId ?? '')?.villageId) return [{ countyId: g.countyId, villageId: units.get(g.unitId!)!.villageId! }];
    if (g.role === 'assigner' && g.level === 'township' && g.townshipId) return [{ countyId: g.countyId, townshipId: g.townshipId }];
    return [];
  });
  const found = (await Promise.all(wheres.map((w) => getAll(collection<Grid>(ctx.db, 'grids').where(w).orderBy('_id', 'asc'))))).flat();
  // a representative who left logs nothing: each grid is kept only if the caller stands on it now
  const candidates = [...new Map(found.map((g) => [g._id, g])).values()];
  const standing = await Promise.all(candidates.map((g) => standingOn(ctx, caller, g, units)));
  const grids = candidates.filter((_g, i) => standing[i]).sort(byVillageAndCode);
  const today = shanghaiDate(ctx.clock.now());
  const [views, recent] = await Promise.all([
    gridViews(ctx, grids),
    Promise.all(
      grids.map(
        async (g) =>
          checked(await collection<GridVisit>(ctx.db, 'gridVisits').where({ countyId: g.countyId, gridId: g._id }).orderBy('date', 'desc').limit(RECENT).get())
            .data,
      ),
    ),
  ]);
  return {
    today,
    earliest: addDays(today, -LOG_WITHIN_DAYS),
    grids: views.map((v, i) => ({
      ...v,
      // whose WeChat identity logged it stays on the server: the page shows the name
      visits: recent[i]!.map(({ loggedBy, ...visit }) => ({ ...visit, editable: loggedBy === caller.openid && !tooOld(ctx, visit.date) })),
    })),
  };
}

export interface VisitInput {
  gridId: string;
  date: string;
  /** who went: people the grid names */
  people: string[];
  /** households visited (户) */
  households: number;
  notes?: string;
  /** correcting a log: its `updatedAt` as read, so nobody's later change is overwritten unseen */
  updatedAt?: number;
}

/**
 * Writes the caller's log of a day's visits in a grid (one per grid, day and logger); written again
 * with the `updatedAt` it was read with, it is corrected in place and keeps the requests entered on it.
 */
export async function logVisit(ctx: Ctx, input: VisitInput): Promise<LoggedVisit> {
  const caller = await requireStaff(ctx);
  const { grid, standing } = await loggableGrid(ctx, caller, input.gridId);
  const now = ctx.clock.now();
  if (input.date > shanghaiDate(now)) throw invalid('date', '走访日期不能晚于今天');
  if (tooOld(ctx, input.date)) throw invalid('date', `只能补记${LOG_WITHIN_DAYS}天以内的走访`);
  const [reps, village] = await Promise.all([repsById(ctx, grid.representativeIds), getById<Village>(ctx.db, 'villages', grid.villageId)]);
  if (!village) throw notFound('村(社区)');
  const known = gridPeople(
    grid,
    grid.representativeIds.map((id) => reps.get(id)?.name ?? ''),
  );
  const people = [...new Set(input.people)];
  const strangers = people.filter((p) => !known.includes(p));
  if (strangers.length) throw invalid('people', `${strangers.join('、')}不是这个网格的人员`);
  const id = derivedId('gv', grid._id, input.date, caller.openid);

  return ctx.db.runTransaction(async (tx) => {
    const old = checked(await tx.collection<GridVisit>('gridVisits').doc(id).get()).data;
    if (old && old.updatedAt !== input.updatedAt) throw new AppError('CONFLICT', `您已记过这一天的走访（走访${old.households}户）：请刷新后在那份记录上修改`);
    const visit: GridVisit = {
      _id: id,
      countyId: grid.countyId,
      townshipId: grid.townshipId,
      villageId: grid.villageId,
      villageName: village.name,
      gridId: grid._id,
      gridName: grid.name,
      date: input.date,
      people,
      households: input.households,
      notes: input.notes ?? '',
      caseIds: old?.caseIds ?? [],
      loggedBy: caller.openid,
      loggedByName: caller.user.name,
      loggedByRepresentativeId: standing.relation === 'representative' ? standing.rep._id : null,
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
    };
    const { _id, ...rest } = visit;
    checked(await tx.collection('gridVisits').doc(_id).set(rest));
    ctx.log.info('grid visit logged', { visitId: id, gridId: grid._id, households: visit.households });
    const { loggedBy: _by, ...answer } = visit;
    return answer;
  });
}

export type VisitRequestInput = Omit<EnterInput, 'receptionId'> & { visitId: string };

/**
 * A request met on a grid visit, entered by whoever logged the visit: accepted as it is entered,
 * bound to the visit and to the grid, the resident's phone kept only with their consent. Its
 * representative is the logger when a representative of the grid, else the grid's first serving
 * representative, else the village's; the one who entered it follows it for the resident.
 */
export async function enterVisitRequest(ctx: Ctx, input: VisitRequestInput): Promise<SubmitResult> {
  const caller = await requireStaff(ctx);
  const visit = await getById<GridVisit>(ctx.db, 'gridVisits', input.visitId);
  if (!visit || !caller.user.grants.some((g) => g.countyId === visit.countyId)) throw notFound('走访记录');
  if (visit.loggedBy !== caller.openid) throw forbidden('只有记录这次走访的人可以为群众登记');
  const { grid, standing } = await loggableGrid(ctx, caller, visit.gridId);
  if (tooOld(ctx, visit.date)) throw new AppError('INVALID_STATE', `这次走访已超过${LOG_WITHIN_DAYS}天，不能再登记`);
  if (input.phone && !input.consent) throw invalid('consent', '留电话须经群众同意：请先问过群众，再勾选“同意办理人员打电话联系”');
  if (input.villageId && input.villageId !== grid.villageId) throw invalid('villageId', '走访登记的诉求属于网格所在的村(社区)');
  const rep = standing.relation === 'representative' ? standing.rep : await responsibleRepresentative(ctx, grid);
  const { visitId: _v, consent: _c, level, name, phone, ...request } = input;
  return openCase(
    ctx,
    { ...request, villageId: grid.villageId },
    {
      rep,
      resident: { openid: caller.openid, name: name ?? null, phone: phone ?? null, anonymous: false },
      actor: standing.relation === 'representative' ? { relation: 'representative', name: rep.name } : { relation: standing.relation, name: caller.user.name },
      reception: null,
      visit,
      level: level ?? null,
    },
  );
}

/** Who answers for a request met in a grid (首办责任制): its first serving representative, else its village's. */
async function responsibleRepresentative(ctx: Ctx, grid: Grid): Promise<Representative> {
  const reps = await repsById(ctx, grid.representativeIds);
  const named = grid.representativeIds.map((id) => reps.get(id)).find((r) => r?.active && r.villageIds.includes(grid.villageId));
  if (named) return named;
  const { data } = checked(
    await collection<Representative>(ctx.db, 'representatives')
      .where({ countyId: grid.countyId, villageIds: grid.villageId, active: true })
      .orderBy('_id', 'asc')
      .limit(1)
      .get(),
  );
  if (!data[0]) throw new AppError('INVALID_STATE', '这个村(社区)还没有在任的党代表，不能登记诉求：请联系县联系群众工作办公室');
  return data[0];
}

export interface GridFiguresFilter {
  from: string;
  to: string;
  townshipId?: string;
  villageId?: string;
}

export interface GridFigures {
  from: string;
  to: string;
  /** the county's rule: visit days a week */
  visitDaysPerWeek: number;
  grids: GridRow[];
}

/** Per grid over a period: visit days and weeks meeting the rule, households, requests raised and how they stand; the office's county or a township assigner's township. */
export async function gridFigures(ctx: Ctx, filter: GridFiguresFilter): Promise<GridFigures> {
  const { countyId, townshipId } = await requireKeeper(ctx);
  const createdAt = sentBetween(ctx, filter.from, filter.to);
  if (addMonths(filter.from, MAX_MONTHS) < filter.to) throw invalid('to', `一次最多统计${MAX_MONTHS}个月`);
  if (townshipId && filter.townshipId && filter.townshipId !== townshipId) throw forbidden('只能查看本乡镇(街道)的网格');
  const area = {
    ...(townshipId || filter.townshipId ? { townshipId: townshipId ?? filter.townshipId } : {}),
    ...(filter.villageId ? { villageId: filter.villageId } : {}),
  };
  const _ = ctx.db.command;
  const grids = await getAll(
    collection<Grid>(ctx.db, 'grids')
      .where({ countyId, ...area })
      .orderBy('_id', 'asc'),
  );
  const ids = grids.map((g) => g._id);
  const [visits, cases, names] = await Promise.all([
    scanAll<GridVisit>(
      ctx.db,
      'gridVisits',
      { countyId, date: _.and(_.gte(filter.from), _.lte(filter.to)), ...area },
      { gridId: true, date: true, households: true },
    ),
    ids.length
      ? scanAll<Pick<CaseRecord, '_id'> & GridCase>(
          ctx.db,
          'cases',
          { countyId, createdAt, gridId: _.in(ids) },
          { gridId: true, status: true, heldAt: true, overdue: true, dueAt: true },
        )
      : [],
    gridsWithVillages(ctx, countyId),
  ]);
  const rule = gridRulesFor(ctx.rules, countyId);
  const now = ctx.clock.now();
  return {
    from: filter.from,
    to: filter.to,
    visitDaysPerWeek: rule.visitDaysPerWeek,
    grids: gridRows(grids, visits, cases, {
      from: filter.from,
      to: filter.to,
      today: shanghaiDate(now),
      now,
      rule,
      villageNames: new Map([...names.values()].map((g) => [g.villageId, g.villageName])),
    }),
  };
}

/** The county's grids by id, with their village's name (the statistics' by-grid breakdown); empty when it has none. */
export async function gridsWithVillages(ctx: Ctx, countyId: string): Promise<Map<string, { name: string; villageId: string; villageName: string }>> {
  const grids = await getAll(collection<Grid>(ctx.db, 'grids').where({ countyId }).orderBy('_id', 'asc').field({ name: true, villageId: true }));
  if (!grids.length) return new Map();
  const villages = await getAll(collection<Village>(ctx.db, 'villages').where({ countyId }).orderBy('_id', 'asc').field({ name: true }));
  const villageName = new Map(villages.map((v) => [v._id, v.name]));
  return new Map(grids.map((g) => [g._id, { name: g.name, villageId: g.villageId, villageName: villageName.get(g.villageId) ?? '' }]));
}

/** The county's grid names by id (the ledger's 网格 column); empty when it has none. */
export async function gridNames(ctx: Ctx, countyId: string): Promise<Map<string, string>> {
  return new Map([...(await gridsWithVillages(ctx, countyId))].map(([id, g]) => [id, g.name]));
}
