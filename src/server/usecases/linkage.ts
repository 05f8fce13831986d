/**
 * 三联动 (src/domain/linkage.ts for the rules):
 * - 接待前民意清单: before a workroom's reception day its village's staff, the township's assigner
 *   and the reception group read the open requests of the village and those raised since the
 *   group's last session, and staff add what they gathered by hand; a representative on duty
 *   enters an item as a request at the session (`enterRequest` with `itemId`).
 * - 乡镇每月问题会商会: the township's agenda of overdue, escalated, returned and 不满意 cases plus
 *   items added by hand; the meeting's record, each decision reaching its case as 督办 with the new
 *   date (or 交办 to the lead unit when the case waits to be routed).
 * - 督查: the county's supervisors or office draw reception sessions at random (seeded, replayable),
 *   record who was absent, and download the 通报.
 */
import { randomBytes } from 'node:crypto';
import { remindersFor } from '../../../config/rules';
import type {
  CaseRecord,
  Inspection,
  InspectedSession,
  MeetingItem,
  ProblemMeeting,
  Reception,
  ReceptionList,
  RoleGrant,
  Township,
  Unit,
  Village,
  Workroom,
} from '../../../types/domain';
import { applyAction, type Applied } from '../../domain/case';
import { addDays, endOfShanghaiDay, onOrNextWorkingDay, shanghaiDate, type WorkingCalendar } from '../../domain/calendar';
import { dueOn, type Due } from '../../domain/deadlines';
import { categoryName, monthDay, STATUS_TEXT } from '../../domain/labels';
import {
  agendaReasons,
  DECIDABLE,
  drawSessions,
  findingText,
  monthDays,
  reasonText,
  ROUTING,
  sessionKey,
  sessionsIn,
  type AgendaReason,
} from '../../domain/linkage';
import { isReceptionDay, nextReceptionDay, receptionIdOf, scheduleText } from '../../domain/reception';
import { markedOverdue, withNextReminder } from '../../domain/reminders';
import { assignmentProblem } from '../../domain/roles';
import { pendingExtension, TERMINAL, WITH_UNIT } from '../../domain/transitions';
import type { Ctx } from '../ctx';
import type { Transaction } from '../../../types/db';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById } from '../store';
import { releasedWhere } from './cases';
import { keepReport, type KeptFile } from './exports';
import { requirePassedWords } from './moderation';
import { outboxEntries, saveCase } from './outbox';
import { loadCalendar, requireStaff, type Caller } from './people';
import { repsById } from './reception';
import type { User } from '../../../types/domain';

type Staff = Caller & { user: User };
const grantsOf = (caller: Staff, countyId: string, role: RoleGrant['role']) => caller.user.grants.filter((g) => g.role === role && g.countyId === countyId);
const short = (text: string, n = 60) => (text.length > n ? `${text.slice(0, n)}…` : text);

// ——— 接待前民意清单 ———

/** One request as the list shows it: no resident, only what the village needs to prepare. */
export interface ListCase {
  id: string;
  no: string;
  category: string;
  categoryText: string;
  description: string;
  status: CaseRecord['status'];
  statusText: string;
  dueDate: string | null;
}

export interface PreReceptionList {
  workroom: { id: string; name: string; villageId: string; villageName: string; times: string; representativeNames: string[] };
  /** the reception day, and whether it is one of the workroom's */
  date: string;
  scheduled: boolean;
  /** the session's log id (its requests are entered there) */
  receptionId: string;
  /** the group's last session before this day, or null */
  lastSession: string | null;
  /** the village's open requests */
  open: ListCase[];
  /** the village's requests raised since the last session (any status) */
  raised: ListCase[];
  /** what staff gathered by hand; `caseNo` once entered at the session */
  items: Array<Pick<ReceptionList['items'][number], 'id' | 'text' | 'residentName' | 'addedByName' | 'at' | 'caseId' | 'caseNo'>>;
  /** whether the caller may add items (village staff, the township's assigner) */
  canAdd: boolean;
  version: number;
}

const listIdOf = (workroomId: string, date: string) => `${workroomId}@${date}`;
const LIST_CASE_FIELDS = { no: true, category: true, description: true, status: true, dueDate: true, createdAt: true, resident: true } as const;
/** Without a session before, what was raised in this many days. */
const RAISED_DAYS = 60;

/** Who may read a workroom's list (its group, the village's staff, the township's assigner) and who may add to it (staff). */
async function listAccess(ctx: Ctx, w: Workroom): Promise<{ caller: Staff; write: boolean }> {
  const caller = await requireStaff(ctx);
  const handlerUnits = grantsOf(caller, w.countyId, 'handler').map((g) => g.unitId!);
  const units = handlerUnits.length ? await Promise.all(handlerUnits.map((id) => getById<Unit>(ctx.db, 'units', id))) : [];
  const villageStaff = units.some((u) => u?.countyId === w.countyId && u.level === 'village' && u.villageId === w.villageId);
  const assigner = grantsOf(caller, w.countyId, 'assigner').some((g) => g.level !== 'county' && g.townshipId === w.townshipId);
  const group = grantsOf(caller, w.countyId, 'representative').some((g) => w.representativeIds.includes(g.representativeId!));
  if (!villageStaff && !assigner && !group) throw forbidden('只有本村(社区)的工作人员、乡镇交办人和工作室的接待小组可以查看接待前民意清单');
  return { caller, write: villageStaff || assigner };
}

async function loadWorkroom(ctx: Ctx, workroomId: string): Promise<Workroom> {
  const w = await getById<Workroom>(ctx.db, 'workrooms', workroomId);
  if (!w) throw notFound('工作室');
  return w;
}

/** What an anonymous request's line says instead of its words: the list is read by village staff, whom the words might point to. */
export const ANONYMOUS_LINE = '匿名反映（内容不在清单中显示）';

const listCase = (c: Pick<CaseRecord, '_id' | 'no' | 'category' | 'description' | 'status' | 'dueDate' | 'resident'>): ListCase => ({
  id: c._id,
  no: c.no,
  category: c.category,
  categoryText: categoryName(c.category),
  description: c.resident.anonymous ? ANONYMOUS_LINE : short(c.description),
  status: c.status,
  statusText: STATUS_TEXT[c.status],
  dueDate: c.dueDate,
});

/** The list of a workroom's reception day (its next one by default). */
export async function preReceptionList(ctx: Ctx, workroomId: string, date?: string): Promise<PreReceptionList> {
  const w = await loadWorkroom(ctx, workroomId);
  const { write } = await listAccess(ctx, w);
  const day = date ?? nextReceptionDay(w.schedule, shanghaiDate(ctx.clock.now()));
  const _ = ctx.db.command;
  const [village, list, last, reps] = await Promise.all([
    getById<Village>(ctx.db, 'villages', w.villageId),
    getById<ReceptionList>(ctx.db, 'receptionLists', listIdOf(w._id, day)),
    collection<Reception>(ctx.db, 'receptions')
      .where({ workroomId: w._id, date: _.lt(day) })
      .orderBy('date', 'desc')
      .limit(1)
      .get()
      .then(checked),
    repsById(ctx, w.representativeIds),
  ]);
  const lastSession = last.data[0]?.date ?? null;
  const since = lastSession ? endOfShanghaiDay(lastSession) + 1 : endOfShanghaiDay(addDays(day, -RAISED_DAYS - 1)) + 1;
  const cases = collection<CaseRecord>(ctx.db, 'cases');
  const [open, raised] = await Promise.all([
    getAll(
      cases
        .where({ countyId: w.countyId, villageId: w.villageId, status: _.nin([...TERMINAL, 'held']) })
        .orderBy('createdAt', 'asc')
        .field(LIST_CASE_FIELDS),
    ),
    getAll(
      cases
        .where(_.and([{ countyId: w.countyId, villageId: w.villageId, createdAt: _.and(_.gte(since), _.lte(endOfShanghaiDay(day))) }, releasedWhere(_)]))
        .orderBy('createdAt', 'asc')
        .field(LIST_CASE_FIELDS),
    ),
  ]);
  return {
    workroom: {
      id: w._id,
      name: w.name,
      villageId: w.villageId,
      villageName: village?.name ?? '',
      times: `${scheduleText(w.schedule)} ${w.hours}`,
      representativeNames: w.representativeIds.flatMap((id) => reps.get(id)?.name ?? []),
    },
    date: day,
    scheduled: isReceptionDay(w.schedule, day),
    receptionId: receptionIdOf({ kind: 'reception', workroomId: w._id, villageId: w.villageId, date: day, representativeId: '' }),
    lastSession,
    open: open.map(listCase),
    raised: raised.map(listCase),
    items: (list?.items ?? []).map(({ id, text, residentName, addedByName, at, caseId, caseNo }) => ({
      id,
      text,
      residentName,
      addedByName,
      at,
      caseId,
      caseNo,
    })),
    canAdd: write,
    version: list?.version ?? 0,
  };
}

export interface ListItemInput {
  workroomId: string;
  date: string;
  text: string;
  residentName?: string;
}

/** Adds an item gathered by hand to a coming reception day's list (the same words twice from one person are kept once). */
export async function addListItem(ctx: Ctx, input: ListItemInput): Promise<PreReceptionList> {
  const w = await loadWorkroom(ctx, input.workroomId);
  const { caller, write } = await listAccess(ctx, w);
  if (!write) throw forbidden('只有本村(社区)的工作人员和乡镇交办人可以添加清单事项');
  const today = shanghaiDate(ctx.clock.now());
  if (input.date < today) throw invalid('date', '只能为今天或以后的接待日收集民意');
  if (!isReceptionDay(w.schedule, input.date)) throw invalid('date', `${input.date}不是这个工作室的接待日（${scheduleText(w.schedule)}）`);
  await requirePassedWords(ctx, caller.openid, [input.text, input.residentName ?? ''], 'text');
  const id = listIdOf(w._id, input.date);
  await ctx.db.runTransaction(async (tx) => {
    const old = checked(await tx.collection<ReceptionList>('receptionLists').doc(id).get()).data;
    const items = old?.items ?? [];
    if (items.some((i) => i.addedBy === caller.openid && i.text === input.text && i.residentName === (input.residentName ?? null))) return;
    const list: ReceptionList = {
      _id: id,
      countyId: w.countyId,
      townshipId: w.townshipId,
      villageId: w.villageId,
      workroomId: w._id,
      date: input.date,
      items: [
        ...items,
        {
          id: `i${items.length + 1}`,
          text: input.text,
          residentName: input.residentName ?? null,
          addedBy: caller.openid,
          addedByName: caller.user.name,
          at: ctx.clock.now(),
          caseId: null,
          caseNo: null,
        },
      ],
      updatedAt: ctx.clock.now(),
      version: (old?.version ?? 0) + 1,
    };
    const { _id, ...rest } = list;
    checked(await tx.collection('receptionLists').doc(_id).set(rest));
  });
  return preReceptionList(ctx, w._id, input.date);
}

/** The hand item of a session's list a request is being entered for: it must be there and not entered yet (or entered as this very case, `caseId`: a retry). */
export async function listItemFor(ctx: Ctx, reception: Reception, itemId: string, caseId: string): Promise<ReceptionList> {
  const list = reception.workroomId ? await getById<ReceptionList>(ctx.db, 'receptionLists', listIdOf(reception.workroomId, reception.date)) : null;
  const item = list?.items.find((i) => i.id === itemId);
  if (!list || !item) throw invalid('itemId', '接待前民意清单里没有这一项');
  if (item.caseId && item.caseId !== caseId) throw new AppError('INVALID_STATE', `清单这一项已登记为事项${item.caseNo}`);
  return list;
}

/** Marks a hand item entered as a case (a retried entry marks it with the same case again). */
export async function markItemEntered(ctx: Ctx, listId: string, itemId: string, entered: { id: string; no: string }): Promise<void> {
  await ctx.db.runTransaction(async (tx) => {
    const list = checked(await tx.collection<ReceptionList>('receptionLists').doc(listId).get()).data;
    if (!list) return;
    const items = list.items.map((i) =>
      i.id === itemId && (i.caseId === null || i.caseId === entered.id) ? { ...i, caseId: entered.id, caseNo: entered.no } : i,
    );
    const { _id, ...rest } = { ...list, items, updatedAt: ctx.clock.now(), version: list.version + 1 };
    checked(await tx.collection('receptionLists').doc(_id).set(rest));
  });
}

/** Where the caller's 三联动 pages start: the workrooms whose lists they read, the townships whose meetings they hold or read, and whether they inspect. */
export interface LinkageDesk {
  workrooms: Array<{ id: string; name: string; villageName: string; next: string }>;
  townships: Array<{ id: string; name: string; canRecord: boolean }>;
  inspector: boolean;
}

export async function linkageDesk(ctx: Ctx): Promise<LinkageDesk> {
  const caller = await requireStaff(ctx);
  const grants = caller.user.grants;
  const _ = ctx.db.command;
  const unitIds = grants.flatMap((g) => (g.role === 'handler' && g.unitId ? [g.unitId] : []));
  const units = unitIds.length
    ? await getAll(
        collection<Unit>(ctx.db, 'units')
          .where({ _id: _.in(unitIds) })
          .orderBy('_id', 'asc'),
      )
    : [];
  const own = (role: RoleGrant['role']) => grants.filter((g) => g.role === role && g.level === 'township' && g.townshipId);
  const writeTownships = new Set([...own('assigner'), ...own('supervisor')].map((g) => g.townshipId!));
  const officeCounties = grants.filter((g) => g.role === 'office').map((g) => g.countyId);
  const listTownships = own('assigner').map((g) => g.townshipId!);
  const villageIds = units.filter((u) => u.level === 'village' && u.villageId).map((u) => u.villageId!);
  const repIds = grants.flatMap((g) => (g.role === 'representative' && g.representativeId ? [g.representativeId] : []));
  const any = <T>(clauses: T[]) => (clauses.length ? _.or(clauses) : null);
  const workroomWhere = any([
    ...(villageIds.length ? [{ villageId: _.in(villageIds) }] : []),
    ...(listTownships.length ? [{ townshipId: _.in(listTownships) }] : []),
    ...repIds.map((id) => ({ representativeIds: id })),
  ]);
  const townshipWhere = any([
    ...(writeTownships.size ? [{ _id: _.in([...writeTownships]) }] : []),
    ...(officeCounties.length ? [{ countyId: _.in(officeCounties) }] : []),
  ]);
  const [workrooms, townships] = await Promise.all([
    workroomWhere ? getAll(collection<Workroom>(ctx.db, 'workrooms').where(workroomWhere).orderBy('_id', 'asc')) : Promise.resolve([]),
    townshipWhere ? getAll(collection<Township>(ctx.db, 'townships').where(townshipWhere).orderBy('_id', 'asc')) : Promise.resolve([]),
  ]);
  const villages = workrooms.length
    ? await getAll(
        collection<Village>(ctx.db, 'villages')
          .where({ _id: _.in([...new Set(workrooms.map((w) => w.villageId))]) })
          .orderBy('_id', 'asc')
          .field({ name: true }),
      )
    : [];
  const today = shanghaiDate(ctx.clock.now());
  return {
    workrooms: workrooms.map((w) => ({
      id: w._id,
      name: w.name,
      villageName: villages.find((v) => v._id === w.villageId)?.name ?? '',
      next: nextReceptionDay(w.schedule, today),
    })),
    townships: townships.map((t) => ({ id: t._id, name: t.name, canRecord: writeTownships.has(t._id) })),
    inspector: grants.some((g) => g.role === 'office' || (g.role === 'supervisor' && g.level === 'county')),
  };
}

// ——— 乡镇每月问题会商会 ———

export interface AgendaItem extends MeetingItem {
  kind: 'case' | 'hand';
  categoryText: string | null;
  reasonText: string;
  /** the case as it stands now */
  status: CaseRecord['status'] | null;
  statusText: string | null;
  unitName: string | null;
  dueDate: string | null;
}

export interface MeetingView {
  id: string;
  townshipId: string;
  townshipName: string;
  month: string;
  held: Omit<NonNullable<ProblemMeeting['held']>, 'recordedBy'> | null;
  items: AgendaItem[];
  /** the units the meeting may name to lead: the township's own and its villages' */
  units: Array<{ id: string; name: string; level: Unit['level'] }>;
  canRecord: boolean;
  version: number;
}

const meetingIdOf = (townshipId: string, month: string) => `${townshipId}@${month}`;

/** The township, and whether the caller may record its meetings (its assigner, its supervisors) or only read them (the office). */
async function meetingAccess(ctx: Ctx, townshipId: string): Promise<{ caller: Staff; township: Township; write: boolean }> {
  const caller = await requireStaff(ctx);
  const township = await getById<Township>(ctx.db, 'townships', townshipId);
  if (!township) throw notFound('乡镇(街道)');
  const own = (role: 'assigner' | 'supervisor') =>
    grantsOf(caller, township.countyId, role).some((g) => g.level === 'township' && g.townshipId === township._id);
  const write = own('assigner') || own('supervisor');
  if (!write && grantsOf(caller, township.countyId, 'office').length === 0)
    throw forbidden('只有本乡镇(街道)的交办人、督办领导和县联系群众工作办公室可以查看问题会商会');
  return { caller, township, write };
}

const AGENDA_FIELDS = { resident: false, photoChecks: false, photos: false, warnings: false } as const;

/** The township's cases that belong on its agenda now, with why. */
async function agendaCases(ctx: Ctx, township: Township): Promise<Array<{ c: CaseRecord; reasons: AgendaReason[] }>> {
  const _ = ctx.db.command;
  const now = ctx.clock.now();
  const cases = await getAll(
    collection<CaseRecord>(ctx.db, 'cases')
      .where({ countyId: township.countyId, townshipId: township._id, level: 'township', status: _.in([...DECIDABLE]) })
      .orderBy('createdAt', 'asc')
      .field(AGENDA_FIELDS),
  );
  return cases.map((c) => ({ c, reasons: agendaReasons(c, now) })).filter((x) => x.reasons.length > 0);
}

const caseItem = (c: CaseRecord, reasons: AgendaReason[]): MeetingItem => ({
  key: c._id,
  caseId: c._id,
  caseNo: c.no,
  category: c.category,
  text: short(c.description),
  reasons,
  addedByName: null,
  decision: null,
  applied: null,
});

/** The meeting's items: those it holds (added by hand, or taken up when recorded) and the cases on the agenda now. */
function mergedItems(kept: readonly MeetingItem[], live: ReadonlyArray<{ c: CaseRecord; reasons: AgendaReason[] }>): MeetingItem[] {
  const known = new Set(kept.map((i) => i.key));
  const all = [...kept, ...live.filter(({ c }) => !known.has(c._id)).map(({ c, reasons }) => caseItem(c, reasons))];
  // the cases first, then what was added by hand
  return [...all.filter((i) => i.caseId), ...all.filter((i) => !i.caseId)];
}

async function meetingView(ctx: Ctx, township: Township, month: string, write: boolean): Promise<MeetingView> {
  const _ = ctx.db.command;
  const [meeting, live, units] = await Promise.all([
    getById<ProblemMeeting>(ctx.db, 'problemMeetings', meetingIdOf(township._id, month)),
    agendaCases(ctx, township),
    getAll(
      collection<Unit>(ctx.db, 'units')
        .where({ countyId: township.countyId, townshipId: township._id, level: _.in(['village', 'township']) })
        .orderBy('_id', 'asc'),
    ),
  ]);
  const items = mergedItems(meeting?.items ?? [], live);
  const caseIds = items.flatMap((i) => i.caseId ?? []);
  const now = caseIds.length
    ? await getAll(
        collection<CaseRecord>(ctx.db, 'cases')
          .where({ _id: _.in(caseIds) })
          .orderBy('_id', 'asc')
          .field({ status: true, unitName: true, dueDate: true }),
      )
    : [];
  const current = new Map(now.map((c) => [c._id, c]));
  return {
    id: meetingIdOf(township._id, month),
    townshipId: township._id,
    townshipName: township.name,
    month,
    held: meeting?.held ? heldView(meeting.held) : null,
    items: items.map((i) => {
      const c = i.caseId ? current.get(i.caseId) : undefined;
      return {
        ...i,
        kind: i.caseId ? 'case' : 'hand',
        categoryText: i.category ? categoryName(i.category) : null,
        reasonText: i.caseId ? reasonText(i.reasons) : '人工添加',
        status: c?.status ?? null,
        statusText: c ? STATUS_TEXT[c.status] : null,
        unitName: c?.unitName ?? null,
        dueDate: c?.dueDate ?? null,
      };
    }),
    units: units.map((u) => ({ id: u._id, name: u.name, level: u.level })),
    canRecord: write,
    version: meeting?.version ?? 0,
  };
}

/** The record of a held meeting as the pages read it: who recorded it by name, not by WeChat identity. */
const heldView = ({ recordedBy: _by, ...held }: NonNullable<ProblemMeeting['held']>) => held;

/** A township's meeting of a month: its agenda (overdue, escalated, returned, 不满意, and hand items) and its record once held. */
export async function meetingAgenda(ctx: Ctx, townshipId: string, month: string): Promise<MeetingView> {
  const { township, write } = await meetingAccess(ctx, townshipId);
  return meetingView(ctx, township, month, write);
}

/** Adds an item by hand to a township's agenda of a month (the same words twice are kept once). */
export async function addAgendaItem(ctx: Ctx, input: { townshipId: string; month: string; text: string }): Promise<MeetingView> {
  const { caller, township, write } = await meetingAccess(ctx, input.townshipId);
  if (!write) throw forbidden('只有本乡镇(街道)的交办人和督办领导可以添加会商事项');
  await requirePassedWords(ctx, caller.openid, [input.text], 'text');
  const id = meetingIdOf(township._id, input.month);
  await ctx.db.runTransaction(async (tx) => {
    const old = checked(await tx.collection<ProblemMeeting>('problemMeetings').doc(id).get()).data;
    const meeting = old ?? emptyMeeting(township, input.month);
    if (meeting.items.some((i) => !i.caseId && i.text === input.text)) return;
    const hand = meeting.items.filter((i) => !i.caseId).length;
    const item: MeetingItem = {
      key: `h${hand + 1}`,
      caseId: null,
      caseNo: null,
      category: null,
      text: input.text,
      reasons: [],
      addedByName: caller.user.name,
      decision: null,
      applied: null,
    };
    await saveMeeting(tx, { ...meeting, items: [...meeting.items, item], updatedAt: ctx.clock.now(), version: meeting.version + 1 });
  });
  return meetingView(ctx, township, input.month, write);
}

const emptyMeeting = (township: Township, month: string): ProblemMeeting => ({
  _id: meetingIdOf(township._id, month),
  countyId: township.countyId,
  townshipId: township._id,
  townshipName: township.name,
  month,
  items: [],
  held: null,
  updatedAt: 0,
  version: 0,
});

async function saveMeeting(tx: Transaction, meeting: ProblemMeeting): Promise<void> {
  const { _id, ...rest } = meeting;
  checked(await tx.collection('problemMeetings').doc(_id).set(rest));
}

export interface MeetingInput {
  townshipId: string;
  month: string;
  date: string;
  place: string;
  attendees: string[];
  decisions: Array<{ key: string; leadUnitId: string; dueDate: string; note?: string }>;
  /** correcting a recorded meeting: its version as read */
  version?: number;
}

type Decided = MeetingInput['decisions'][number] & { lead: Unit; due: Due };

/** Whether the meeting as stored already says exactly this (a retried request): nothing to do. */
function sameRecord(m: ProblemMeeting, input: MeetingInput, decided: readonly Decided[]): boolean {
  if (!m.held || m.held.date !== input.date || m.held.place !== input.place || m.held.attendees.join('\n') !== input.attendees.join('\n')) return false;
  const given = new Map(decided.map((d) => [d.key, d]));
  return m.items.every((i) => {
    const d = given.get(i.key);
    return d ? i.decision?.leadUnitId === d.lead._id && i.decision.dueDate === d.due.dueDate && i.decision.note === (d.note ?? null) : i.decision === null;
  });
}

/**
 * Records the township's meeting of a month (again, to correct it, with the version read): date,
 * place, attendees and each decided item's lead unit and date. A decision on a case reaches it in
 * the same transaction — 督办 with the new date (the case's unit must lead), or 交办 to the lead
 * unit when the case waits to be routed — unless that very lead and date reached it already.
 */
export async function recordProblemMeeting(ctx: Ctx, input: MeetingInput): Promise<MeetingView> {
  const { caller, township, write } = await meetingAccess(ctx, input.townshipId);
  if (!write) throw forbidden('只有本乡镇(街道)的交办人和督办领导可以记录问题会商会');
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const days = monthDays(input.month);
  if (input.date < days.from || input.date > days.to) throw invalid('date', `会商会日期须在${input.month.slice(0, 4)}年${Number(input.month.slice(5, 7))}月内`);
  if (input.date > today) throw invalid('date', '会商会日期不能晚于今天');
  const keys = input.decisions.map((d) => d.key);
  if (new Set(keys).size !== keys.length) throw invalid('decisions', '同一会商事项只能有一项决定');
  await requirePassedWords(ctx, caller.openid, [input.place, ...input.attendees, ...input.decisions.map((d) => d.note ?? '')], 'decisions');
  const calendar = await loadCalendar(ctx, township.countyId);
  const _ = ctx.db.command;
  const leadIds = [...new Set(input.decisions.map((d) => d.leadUnitId))];
  const units = new Map(
    (leadIds.length
      ? await getAll(
          collection<Unit>(ctx.db, 'units')
            .where({ _id: _.in(leadIds) })
            .orderBy('_id', 'asc'),
        )
      : []
    ).map((u) => [u._id, u]),
  );
  const decided: Decided[] = input.decisions.map((d) => {
    const lead = units.get(d.leadUnitId);
    if (!lead || lead.countyId !== township.countyId || lead.level === 'county' || lead.townshipId !== township._id)
      throw invalid('decisions', '牵头单位须为本乡镇(街道)的站所或村(社区)');
    if (d.dueDate <= today) throw invalid('decisions', `办结日期${monthDay(d.dueDate)}须晚于今天（${monthDay(today)}）`);
    if (d.dueDate > addDays(today, 366)) throw invalid('decisions', `办结日期不能超过一年（${d.dueDate}）`);
    // a rest day moves to the next working day, as any deadline on one would
    return { ...d, lead, due: dueOn(calendar, onOrNextWorkingDay(calendar, d.dueDate), today, now) };
  });
  const live = await agendaCases(ctx, township);
  const id = meetingIdOf(township._id, input.month);

  const outcome = await ctx.db.runTransaction(async (tx): Promise<{ error: AppError } | { saved: true }> => {
    const old = checked(await tx.collection<ProblemMeeting>('problemMeetings').doc(id).get()).data;
    const meeting = old ?? emptyMeeting(township, input.month);
    if (sameRecord(meeting, input, decided)) return { saved: true };
    if (meeting.held && input.version !== meeting.version) {
      return { error: new AppError('CONFLICT', `${meeting.held.recordedByName}已记录过这次会商会，请刷新后在那份记录上修改`) };
    }
    const items = mergedItems(meeting.items, live);
    const byKey = new Map(decided.map((d) => [d.key, d]));
    const missing = decided.find((d) => !items.some((i) => i.key === d.key));
    if (missing) return { error: invalid('decisions', '有决定的事项不在这次会商会的议程上') };
    const next: MeetingItem[] = [];
    for (const item of items) {
      const d = byKey.get(item.key);
      const decision = d ? { leadUnitId: d.lead._id, leadUnitName: d.lead.name, dueDate: d.due.dueDate, note: d.note ?? null } : null;
      let applied = item.applied;
      if (d && item.caseId && (applied?.unitId !== d.lead._id || applied.dueDate !== d.due.dueDate)) {
        const problem = await pressCase(ctx, tx, item.caseId, township, input.month, d, calendar);
        if (problem) return { error: problem };
        applied = { unitId: d.lead._id, dueDate: d.due.dueDate, at: now };
      }
      next.push({ ...item, decision, applied });
    }
    await saveMeeting(tx, {
      ...meeting,
      items: next,
      held: { date: input.date, place: input.place, attendees: input.attendees, recordedBy: caller.openid, recordedByName: caller.user.name, recordedAt: now },
      updatedAt: now,
      version: meeting.version + 1,
    });
    return { saved: true };
  });
  if ('error' in outcome) throw outcome.error;
  ctx.log.info('problem meeting recorded', { meetingId: id, decisions: decided.length });
  return meetingView(ctx, township, input.month, write);
}

/**
 * A meeting's decision on a case, applied in the meeting's transaction: 督办 with the new date
 * (public, in words for the resident), 交办 first when the case waits to be routed, the decision's
 * note as an internal note; the clock rescheduled; the lead unit's handlers told. A reason it cannot.
 */
async function pressCase(
  ctx: Ctx,
  tx: Transaction,
  caseId: string,
  township: Township,
  month: string,
  d: Decided,
  calendar: WorkingCalendar,
): Promise<AppError | null> {
  const now = ctx.clock.now();
  const read = checked(await tx.collection<CaseRecord>('cases').doc(caseId).get()).data;
  if (!read || read.countyId !== township.countyId || read.townshipId !== township._id) return notFound('事项');
  const c = markedOverdue(read, now);
  if (c.held || c.status === 'held') return new AppError('INVALID_STATE', `事项${c.no}有内容正在核对，核对后才能督办`);
  if (!DECIDABLE.includes(c.status)) return new AppError('INVALID_STATE', `事项${c.no}现在是「${STATUS_TEXT[c.status]}」，会商会不能再督办`);
  // escalated to the county meanwhile: the county routes it now, not the township's meeting
  if (c.level !== 'township') return new AppError('INVALID_STATE', `事项${c.no}已上报到县级办理，乡镇问题会商会不能再督办`);
  if (WITH_UNIT.includes(c.status) && c.unitId !== d.lead._id)
    return new AppError('INVALID_STATE', `事项${c.no}正由${c.unitName}办理：会商会只能督办现在的承办单位，改由其他单位牵头须先退回再交办`);
  const routing = ROUTING.includes(c.status);
  if (routing) {
    const problem = assignmentProblem(c, d.lead.level, d.lead, []);
    if (problem) return invalid('decisions', `事项${c.no}：${problem}`);
  }
  const meetingName = `${township.name}问题会商会`;
  const words = `${township.name}${Number(month.slice(5, 7))}月问题会商会研究，由${d.lead.name}牵头办理，${monthDay(d.due.dueDate)}前办结`;
  const steps: Applied[] = [];
  let at = c;
  if (routing) {
    steps.push(
      applyAction(
        at,
        { action: 'assign', level: d.lead.level, lead: d.lead, coUnits: [], due: d.due, note: words },
        'assigned',
        { relation: 'assigner', name: meetingName },
        'public',
        now,
      ),
    );
    at = steps[0]!.next;
  }
  // a pending request to extend is settled by the meeting's date (the press tells the unit the date: no second message)
  if (pendingExtension(at)) {
    const settled = applyAction(
      at,
      { action: 'refuse_extension', note: '问题会商会已确定新的办结日期' },
      at.status,
      { relation: 'supervisor', name: meetingName },
      'internal',
      now,
    );
    steps.push({ ...settled, notifications: [] });
    at = settled.next;
  }
  const pressed = applyAction(at, { action: 'supervise', note: words, due: d.due }, at.status, { relation: 'supervisor', name: meetingName }, 'public', now);
  // once routed, the lead unit and the resident heard the date from the 交办
  steps.push(routing ? { ...pressed, notifications: [] } : pressed);
  at = pressed.next;
  if (d.note) {
    steps.push(applyAction(at, { action: 'note', note: d.note }, at.status, { relation: 'supervisor', name: meetingName }, 'internal', now));
    at = steps[steps.length - 1]!.next;
  }
  const next = withNextReminder(at, remindersFor(ctx.rules, c.countyId), calendar, now);
  await saveCase(
    tx,
    read,
    next,
    steps.flatMap((s) => outboxEntries(next, s.event.id, s.notifications, now)),
  );
  return null;
}

export interface MeetingsYear {
  year: number;
  townships: Array<{ id: string; name: string; months: Array<{ month: string; held: string | null; items: number; decided: number }> }>;
}

/** The office's view: per township of the county, which months of the year had their meeting (its date), and how many items it decided. */
export async function meetingsHeld(ctx: Ctx, year: number): Promise<MeetingsYear> {
  const caller = await requireStaff(ctx);
  const office = caller.user.grants.find((g) => g.role === 'office');
  if (!office) throw forbidden('只有联系群众工作办公室可以查看各乡镇的问题会商会');
  const _ = ctx.db.command;
  const [townships, meetings] = await Promise.all([
    getAll(collection<Township>(ctx.db, 'townships').where({ countyId: office.countyId }).orderBy('_id', 'asc')),
    getAll(
      collection<ProblemMeeting>(ctx.db, 'problemMeetings')
        .where({ countyId: office.countyId, month: _.and(_.gte(`${year}-01`), _.lte(`${year}-12`)) })
        .orderBy('_id', 'asc')
        .field({ townshipId: true, month: true, held: true, items: true }),
    ),
  ]);
  const months = Array.from({ length: 12 }, (_m, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  return {
    year,
    townships: townships.map((t) => ({
      id: t._id,
      name: t.name,
      months: months.map((month) => {
        const m = meetings.find((x) => x.townshipId === t._id && x.month === month);
        return { month, held: m?.held?.date ?? null, items: m?.items.length ?? 0, decided: m?.items.filter((i) => i.decision).length ?? 0 };
      }),
    })),
  };
}

// ——— 督查 ———

/** The county's supervisors (county level) and its office inspect reception days. */
async function requireInspector(ctx: Ctx): Promise<{ caller: Staff; countyId: string }> {
  const caller = await requireStaff(ctx);
  const grant = caller.user.grants.find((g) => g.role === 'office' || (g.role === 'supervisor' && g.level === 'county'));
  if (!grant) throw forbidden('只有县级督办领导和联系群众工作办公室可以督查接待日');
  return { caller, countyId: grant.countyId };
}

/** Days a draw may span (a year at most). */
const DRAW_MAX_DAYS = 366;

/**
 * 随机抽查: `count` of the county's scheduled reception sessions of a period, drawn from a fresh
 * seed, kept with every candidate and the seed so the draw can be replayed. One draw per county
 * and period: asked again (a retry) it answers the draw made.
 */
export async function drawInspection(ctx: Ctx, input: { from: string; to: string; count: number }): Promise<Inspection> {
  const { caller, countyId } = await requireInspector(ctx);
  if (input.from > input.to) throw invalid('to', '结束日期不能早于开始日期');
  if (addDays(input.from, DRAW_MAX_DAYS - 1) < input.to) throw invalid('to', `抽查时段最长${DRAW_MAX_DAYS}天`);
  const id = `${countyId}:${input.from}:${input.to}`;
  const old = await getById<Inspection>(ctx.db, 'inspections', id);
  if (old) {
    if (old.count === input.count) return old;
    throw new AppError('INVALID_STATE', `这个时段已于${shanghaiDate(old.drawnAt)}抽取了${old.count}个接待日，不能重新抽取`);
  }
  const [workrooms, villages] = await Promise.all([
    getAll(collection<Workroom>(ctx.db, 'workrooms').where({ countyId }).orderBy('_id', 'asc')),
    getAll(collection<Village>(ctx.db, 'villages').where({ countyId }).orderBy('_id', 'asc').field({ name: true })),
  ]);
  const candidates = sessionsIn(workrooms, input.from, input.to);
  if (candidates.length === 0) throw new AppError('INVALID_STATE', '这个时段没有安排接待日');
  const seed = randomBytes(4).readUInt32BE(0);
  const chosen = drawSessions(candidates, input.count, seed);
  const rooms = new Map(workrooms.map((w) => [w._id, w]));
  const reps = await repsById(ctx, [...new Set(chosen.flatMap((s) => rooms.get(s.workroomId)!.representativeIds))]);
  const now = ctx.clock.now();
  const inspection: Inspection = {
    _id: id,
    countyId,
    from: input.from,
    to: input.to,
    count: input.count,
    seed,
    candidates: candidates.map(sessionKey),
    sessions: chosen.map((s): InspectedSession => {
      const w = rooms.get(s.workroomId)!;
      const onDuty = w.representativeIds.filter((r) => reps.get(r)?.active);
      return {
        key: sessionKey(s),
        workroomId: w._id,
        workroomName: w.name,
        townshipId: w.townshipId,
        villageName: villages.find((v) => v._id === w.villageId)?.name ?? '',
        date: s.date,
        representativeIds: onDuty,
        representativeNames: onDuty.map((r) => reps.get(r)!.name),
        finding: null,
      };
    }),
    drawnBy: caller.openid,
    drawnByName: caller.user.name,
    drawnAt: now,
    updatedAt: now,
  };
  // the county's draws are checked and written under one lock document: two periods drawn at once are checked one after the other
  const lockId = `inspections:${countyId}`;
  const saved = await ctx.db.runTransaction(async (tx): Promise<Inspection | AppError> => {
    const lock = checked(await tx.collection<{ _id?: string; seq: number }>('counters').doc(lockId).get()).data;
    // two draws of one period at once: the first stands
    const first = checked(await tx.collection<Inspection>('inspections').doc(id).get()).data;
    if (first) return first;
    // a session is drawn once: periods never overlap, or one absence would count twice
    const _ = ctx.db.command;
    const [other] = checked(
      await collection<Inspection>(ctx.db, 'inspections')
        .where({ countyId, from: _.lte(input.to), to: _.gte(input.from) })
        .limit(1)
        .get(),
    ).data;
    if (other) return invalid('from', `这段日期和已抽取的督查（${other.from} 至 ${other.to}）重叠了：同一个接待日只抽查一次`);
    const { _id, ...rest } = inspection;
    checked(await tx.collection('inspections').doc(_id).set(rest));
    checked(
      await tx
        .collection('counters')
        .doc(lockId)
        .set({ seq: (lock?.seq ?? 0) + 1 }),
    );
    return inspection;
  });
  if (saved instanceof AppError) throw saved;
  ctx.log.info('inspection drawn', { inspectionId: id, candidates: candidates.length, chosen: chosen.length });
  return saved;
}

/** The county's draws, newest period first. */
export async function countyInspections(ctx: Ctx): Promise<Inspection[]> {
  const { countyId } = await requireInspector(ctx);
  return getAll(collection<Inspection>(ctx.db, 'inspections').where({ countyId }).orderBy('from', 'desc'));
}

async function loadInspection(ctx: Ctx, inspectionId: string): Promise<{ caller: Staff; inspection: Inspection }> {
  const { caller, countyId } = await requireInspector(ctx);
  const inspection = await getById<Inspection>(ctx.db, 'inspections', inspectionId);
  if (!inspection || inspection.countyId !== countyId) throw notFound('督查记录');
  return { caller, inspection };
}

/** Records (or corrects) what the inspectors found at a drawn session: who of the group on duty was absent, and notes. */
export async function recordFinding(
  ctx: Ctx,
  input: { inspectionId: string; session: string; absentIds: string[]; notes?: string; replaces?: number },
): Promise<Inspection> {
  const { caller, inspection } = await loadInspection(ctx, input.inspectionId);
  const session = inspection.sessions.find((s) => s.key === input.session);
  if (!session) throw invalid('session', '这个接待日不在抽中的接待日里');
  if (session.date > shanghaiDate(ctx.clock.now())) throw invalid('session', '接待日还没到，不能记录督查情况');
  const absentIds = [...new Set(input.absentIds)];
  if (absentIds.some((id) => !session.representativeIds.includes(id))) throw invalid('absentIds', '缺岗的代表须是这个工作室接待小组的成员');
  if (input.notes) await requirePassedWords(ctx, caller.openid, [input.notes], 'notes');
  const now = ctx.clock.now();
  const saved = await ctx.db.runTransaction(async (tx) => {
    const read = checked(await tx.collection<Inspection>('inspections').doc(inspection._id).get()).data!;
    // a finding is corrected only by one who saw it: a second supervisor's record never silently replaces the first
    const recorded = read.sessions.find((s) => s.key === session.key)?.finding;
    // the same record sent again (its answer lost on the way) answers as it stands
    const same =
      recorded &&
      recorded.byName === caller.user.name &&
      recorded.notes === (input.notes ?? '') &&
      [...recorded.absentIds].sort().join() === [...absentIds].sort().join();
    if (same) return { ...read, _id: inspection._id };
    if (recorded && recorded.at !== input.replaces) {
      return new AppError('CONFLICT', `${recorded.byName}已于${monthDay(shanghaiDate(recorded.at))}记录过这个接待日的督查情况，请刷新后在那份记录上修改`);
    }
    const finding = { absentIds, notes: input.notes ?? '', byName: caller.user.name, at: now };
    const next: Inspection = { ...read, sessions: read.sessions.map((s) => (s.key === session.key ? { ...s, finding } : s)), updatedAt: now };
    const { _id, ...rest } = next;
    checked(await tx.collection('inspections').doc(_id).set(rest));
    return next;
  });
  if (saved instanceof AppError) throw saved;
  return saved;
}

/** The drawn sessions of the county with their days in a period (the records count them; the 通报 lists them). */
export async function inspectedSessions(ctx: Ctx, countyId: string, from: string, to: string): Promise<InspectedSession[]> {
  const _ = ctx.db.command;
  const draws = await getAll(
    collection<Inspection>(ctx.db, 'inspections')
      .where({ countyId, from: _.lte(to), to: _.gte(from) })
      .orderBy('_id', 'asc'),
  );
  return draws.flatMap((d) => d.sessions).filter((s) => s.date >= from && s.date <= to);
}

/** 通报: the workbook of a period's inspections — the sessions with absences (teams and representatives), then every session inspected. */
export async function exportCircular(ctx: Ctx, from: string, to: string): Promise<KeptFile> {
  const { countyId } = await requireInspector(ctx);
  if (from > to) throw invalid('to', '结束日期不能早于开始日期');
  const [sessions, townships] = await Promise.all([
    inspectedSessions(ctx, countyId, from, to),
    getAll(collection<Township>(ctx.db, 'townships').where({ countyId }).orderBy('_id', 'asc').field({ name: true })),
  ]);
  const township = (id: string) => townships.find((t) => t._id === id)?.name ?? '';
  const recorded = sessions.filter((s) => s.finding).sort((a, b) => a.date.localeCompare(b.date) || a.workroomId.localeCompare(b.workroomId));
  const absentNames = (s: InspectedSession) => s.representativeIds.flatMap((id, i) => (s.finding!.absentIds.includes(id) ? [s.representativeNames[i]!] : []));
  const row = (s: InspectedSession) => [
    { day: s.date },
    township(s.townshipId),
    s.villageName,
    s.workroomName,
    s.representativeNames.join('、'),
    findingText(s),
  ];
  return keepReport(ctx, `督查通报_${from}_${to}.xlsx`, [
    {
      name: '缺岗通报',
      columns: ['接待日', '乡镇(街道)', '村(社区)', '工作室', '接待小组', '督查情况', '缺岗代表', { header: '记事', width: 40, wrap: true }],
      rows: recorded.filter((s) => s.finding!.absentIds.length > 0).map((s) => [...row(s), absentNames(s).join('、'), s.finding!.notes || null]),
    },
    {
      name: '督查记录',
      columns: ['接待日', '乡镇(街道)', '村(社区)', '工作室', '接待小组', '督查情况', '督查人', { header: '记事', width: 40, wrap: true }],
      rows: sessions.map((s) => [...row(s), s.finding?.byName ?? null, s.finding?.notes || null]),
    },
  ]);
}
