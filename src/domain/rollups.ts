/**
 * Daily rollups (统计底数): what each case and each reception log adds to the office's statistics,
 * kept per county and per day so that a report reads days, not cases.
 *
 * A case counts on the day it was sent (the period the statistics ask about), in one cell of that
 * day: its township, village, unit, category and level. What it adds there is its contribution, a
 * handful of named counts worked out from the record alone. When a case changes, its old
 * contribution comes off and the new one goes on, in the same transaction as the case (see
 * `saveCase`), so rollups and cases never disagree; `office · recount` rebuilds them from the cases.
 *
 * Nothing in a contribution depends on today's date or on the county's calendar, which the office
 * may change: figures that do (响应率's triage limit, 超期 now) keep the days and due times they
 * are reckoned from (`answeredOn:<day>`, `late:<dueAt>`), and the report reckons them when it reads.
 *
 * Ids go into values, never into field names (CloudBase forbids `.` in field names, and ids may
 * hold one): counts are stored as [name, n] pairs.
 */
import { standsIn } from './roles';
import type { CaseRecord, Level, Reception } from '../../types/domain';
import { shanghaiDate } from './calendar';
import { released, WITH_UNIT, ON_THE_CLOCK } from './transitions';

/** What a contribution is worked out from: the fields of a case the statistics read. */
export type RolledCase = Pick<
  CaseRecord,
  | 'countyId'
  | 'createdAt'
  | 'status'
  | 'outcome'
  | 'rating'
  | 'townshipId'
  | 'villageId'
  | 'unitId'
  | 'level'
  | 'category'
  | 'dueAt'
  | 'overdue'
  | 'overdueUnitIds'
  | 'superviseCount'
  | 'urgeCount'
  | 'escalations'
  | 'returnedUnitIds'
  | 'respondedAt'
  | 'receptionId'
  | 'proposalId'
  | 'gridVisitId'
  | 'gridId'
  | 'heldAt'
  | 'stillThereAsked'
  | 'reopenCount'
  | 'coReporters'
  | 'coRatings'
>;

export const ROLLED_FIELDS: Record<keyof RolledCase, true> = {
  countyId: true,
  createdAt: true,
  status: true,
  outcome: true,
  rating: true,
  townshipId: true,
  villageId: true,
  unitId: true,
  level: true,
  category: true,
  dueAt: true,
  overdue: true,
  overdueUnitIds: true,
  superviseCount: true,
  urgeCount: true,
  escalations: true,
  returnedUnitIds: true,
  respondedAt: true,
  receptionId: true,
  proposalId: true,
  gridVisitId: true,
  gridId: true,
  heldAt: true,
  stillThereAsked: true,
  reopenCount: true,
  coReporters: true,
  coRatings: true,
};

export type RolledReception = Pick<Reception, 'countyId' | 'date' | 'townshipId' | 'villageId' | 'kind' | 'representativeIds' | 'residents' | 'caseIds'>;

/** Named counts; zero counts are left out. */
export type Counts = Map<string, number>;

/** Where a case counts within its day. */
export interface CaseCell {
  townshipId: string;
  villageId: string;
  unitId: string | null;
  category: string;
  level: Level | null;
  /** the grid it belongs to, only when it has one (cells of cases without a grid are as they always were) */
  gridId?: string;
}
/** Where a reception log counts within its day. */
export type ReceptionPlace = Pick<CaseCell, 'townshipId' | 'villageId'>;

/** One day of one county, as stored (`rollups/<county>:<day>`). */
export interface Rollup {
  _id: string;
  countyId: string;
  /** YYYY-MM-DD, Asia/Shanghai */
  day: string;
  /** bumped by every change: a recount writes a day only if nothing changed it since the recount read it */
  rev: number;
  cells: Array<CaseCell & { counts: Array<[string, number]> }>;
  receptions: Array<ReceptionPlace & { counts: Array<[string, number]> }>;
}

export const rollupId = (countyId: string, day: string): string => `${countyId}:${day}`;

/**
 * The counts' names. Plain ones are summed; prefixed ones carry what the report reckons at read
 * time (a day, a due time) or whom they count against (a unit).
 */
export const COUNT = {
  /** Dianjiang table: every released request, and how it stands */
  collected: 'collected',
  resolved: 'resolved',
  inProgress: 'inProgress',
  explained: 'explained',
  notAccepted: 'notAccepted',
  withdrawn: 'withdrawn',
  open: 'open',
  /** 并案: merged into another case (collected, but not a problem of its own) */
  merged: 'merged',
  /** 我也反映: residents who raised a case besides its resident */
  coReporters: 'coReporters',
  /** 响应: answered on that day; not answered yet (due once the triage limit of the day it came has passed) */
  answeredOn: 'answeredOn:',
  awaiting: 'awaiting',
  satisfied: 'satisfied',
  basic: 'basic',
  dissatisfied: 'dissatisfied',
  /** went overdue, closed or not */
  overdue: 'overdue',
  /** on the clock and due at that time (late once it has passed); the same for the unit holding it */
  dueAt: 'dueAt:',
  unitDueAt: 'unitDueAt:',
  supervised: 'supervised',
  urged: 'urged',
  urgedCases: 'urgedCases',
  escalated: 'escalated',
  returned: 'returned',
  /** 两倒查 against other units than the one holding it now */
  overdueAgainst: 'overdueAgainst:',
  escalatedBy: 'escalatedBy:',
  returnedBy: 'returnedBy:',
  /** 问题还在吗: times asked, and times 还在 reopened the case (复发率) */
  stillAsked: 'stillAsked',
  reopened: 'reopened',
  /** reception logs */
  sessions: 'sessions',
  visits: 'visits',
  attendances: 'attendances',
  residents: 'residents',
  requests: 'requests',
} as const;

function add(counts: Counts, name: string, n = 1): void {
  if (n === 0) return;
  const v = (counts.get(name) ?? 0) + n;
  if (v === 0) counts.delete(name);
  else counts.set(name, v);
}

export interface Contribution<Place> {
  day: string;
  place: Place;
  counts: Counts;
}

/** What a case adds to its day: nothing until it is released to its representative. */
export function caseContribution(c: RolledCase): Contribution<CaseCell> | null {
  if (!released(c)) return null;
  const counts: Counts = new Map();
  add(counts, COUNT.collected);
  if ((c.status === 'replied' || c.status === 'closed') && c.outcome) {
    add(counts, c.outcome === 'resolved' ? COUNT.resolved : c.outcome === 'in_progress' ? COUNT.inProgress : COUNT.explained);
  } else if (c.status === 'not_accepted') add(counts, COUNT.notAccepted);
  else if (c.status === 'withdrawn') add(counts, COUNT.withdrawn);
  else if (c.status === 'merged') add(counts, COUNT.merged);
  else add(counts, COUNT.open);
  // a merged case's reporters moved to the case it was merged into, and count there
  add(counts, COUNT.coReporters, c.status === 'merged' ? 0 : (c.coReporters?.length ?? 0));
  // 响应: requests entered in person or made from proposals were accepted as they were made
  if (!standsIn(c)) {
    if (c.respondedAt !== null && c.respondedAt !== undefined) add(counts, COUNT.answeredOn + shanghaiDate(c.respondedAt));
    else if (c.status !== 'withdrawn') add(counts, COUNT.awaiting);
  }
  // every reporter's rating counts: the resident's and each co-reporter's own
  for (const rating of [c.rating, ...(c.coRatings ?? []).map((r) => r.rating)])
    if (rating) add(counts, rating === 'satisfied' ? COUNT.satisfied : rating === 'basic' ? COUNT.basic : COUNT.dissatisfied);
  if (c.overdue) add(counts, COUNT.overdue);
  if (c.dueAt !== null && ON_THE_CLOCK.includes(c.status)) add(counts, COUNT.dueAt + c.dueAt);
  if (c.dueAt !== null && c.unitId && WITH_UNIT.includes(c.status)) add(counts, COUNT.unitDueAt + c.dueAt);
  add(counts, COUNT.supervised, c.superviseCount);
  if (c.urgeCount) {
    add(counts, COUNT.urged, c.urgeCount);
    add(counts, COUNT.urgedCases);
  }
  add(counts, COUNT.escalated, c.escalations.length);
  add(counts, COUNT.returned, c.returnedUnitIds?.length ?? 0);
  add(counts, COUNT.stillAsked, c.stillThereAsked ?? 0);
  add(counts, COUNT.reopened, c.reopenCount ?? 0);
  for (const id of c.overdueUnitIds) add(counts, COUNT.overdueAgainst + id);
  for (const e of c.escalations) if (e.unitId) add(counts, COUNT.escalatedBy + e.unitId);
  for (const id of c.returnedUnitIds ?? []) add(counts, COUNT.returnedBy + id);
  return {
    day: shanghaiDate(c.createdAt),
    place: {
      townshipId: c.townshipId,
      villageId: c.villageId,
      unitId: c.unitId,
      category: c.category,
      level: c.level,
      ...(c.gridId ? { gridId: c.gridId } : {}),
    },
    counts,
  };
}

/** What a reception log adds to the day it was held. */
export function receptionContribution(r: RolledReception): Contribution<ReceptionPlace> {
  const counts: Counts = new Map();
  add(counts, r.kind === 'visit' ? COUNT.visits : COUNT.sessions);
  add(counts, COUNT.attendances, r.representativeIds.length);
  add(counts, COUNT.residents, r.residents);
  add(counts, COUNT.requests, r.caseIds.length);
  return { day: r.date, place: { townshipId: r.townshipId, villageId: r.villageId }, counts };
}

const samePlace = (a: object, b: object): boolean => JSON.stringify(a) === JSON.stringify(b);
const sameCounts = (a: Counts, b: Counts): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/** Whether replacing one contribution by the other changes nothing. */
export const unchanged = <P extends object>(before: Contribution<P> | null, after: Contribution<P> | null): boolean =>
  before === after || (!!before && !!after && before.day === after.day && samePlace(before.place, after.place) && sameCounts(before.counts, after.counts));

/** Adds (sign 1) or takes off (sign -1) a contribution to a list of stored cells, in place. */
function applyTo<P extends object>(cells: Array<P & { counts: Array<[string, number]> }>, { place, counts }: Contribution<P>, sign: 1 | -1): void {
  const key = JSON.stringify(place);
  let i = cells.findIndex(({ counts: _counts, ...p }) => JSON.stringify(p) === key);
  if (i < 0) i = cells.push({ ...place, counts: [] }) - 1;
  const merged: Counts = new Map(cells[i]!.counts);
  for (const [name, n] of counts) add(merged, name, sign * n);
  if (merged.size === 0) cells.splice(i, 1);
  else cells[i]!.counts = [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export type Kind = 'cells' | 'receptions';
export type PlaceOf<K extends Kind> = K extends 'cells' ? CaseCell : ReceptionPlace;

/**
 * A day's rollup with one record's old contribution taken off and its new one put on (both on the
 * same day: a case counts on the day it was sent, a log on the day it was held, and neither moves).
 */
export function revised<K extends Kind>(
  stored: Rollup | null,
  countyId: string,
  kind: K,
  before: Contribution<PlaceOf<K>> | null,
  after: Contribution<PlaceOf<K>> | null,
): Rollup {
  const day = (after ?? before)!.day;
  const doc: Rollup = stored
    ? { ...stored, rev: (stored.rev ?? 0) + 1, cells: stored.cells.map((c) => ({ ...c })), receptions: stored.receptions.map((r) => ({ ...r })) }
    : { _id: rollupId(countyId, day), countyId, day, rev: 1, cells: [], receptions: [] };
  const cells = doc[kind] as Array<PlaceOf<K> & { counts: Array<[string, number]> }>;
  if (before) applyTo(cells, before, -1);
  if (after) applyTo(cells, after, 1);
  return doc;
}

/** Rollups built from scratch (`office · recount`): every case and log of a county, day by day. */
export function rollupsOf(countyId: string, cases: Iterable<RolledCase>, receptions: Iterable<RolledReception>): Rollup[] {
  const days = new Map<string, Rollup>();
  const dayOf = (day: string) => {
    let doc = days.get(day);
    if (!doc) days.set(day, (doc = { _id: rollupId(countyId, day), countyId, day, rev: 0, cells: [], receptions: [] }));
    return doc;
  };
  const cellMaps = new Map<string, Counts>();
  for (const c of cases) {
    const part = caseContribution(c);
    if (part) addCell(dayOf(part.day).cells, cellMaps, part);
  }
  for (const r of receptions) {
    const part = receptionContribution(r);
    addCell(dayOf(part.day).receptions, cellMaps, part);
  }
  for (const doc of days.values()) {
    for (const cell of [...doc.cells, ...doc.receptions]) {
      const counts = cellMaps.get(cellKey(doc.day, cell))!;
      cell.counts = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    }
    doc.cells = doc.cells.filter((c) => c.counts.length > 0);
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

const cellKey = (day: string, cell: object): string => {
  const { counts: _counts, ...place } = cell as { counts?: unknown };
  return `${day}\u0000${'unitId' in place ? 'c' : 'r'}\u0000${JSON.stringify(place)}`;
};

function addCell<P extends object>(cells: Array<P & { counts: Array<[string, number]> }>, maps: Map<string, Counts>, part: Contribution<P>): void {
  const key = cellKey(part.day, part.place);
  let counts = maps.get(key);
  if (!counts) {
    maps.set(key, (counts = new Map()));
    cells.push({ ...part.place, counts: [] });
  }
  for (const [name, n] of part.counts) add(counts, name, n);
}
