/**
 * Reading cases (each read checked against the caller's relation to the case) and acting on them
 * through the transition table.
 */
import { remindersFor, usualLevel } from '../../../config/rules';
import type { CaseSummary, CaseView, Page } from '../../../types/api';
import type { Where } from '../../../types/db';
import type { CaseAction, CaseRecord, CaseStatus, Level, Notice, Relation, Representative, Unit } from '../../../types/domain';
import { applyAction, applyHeld, heldNotifications, wordsOf, type Closing, type Command } from '../../domain/case';
import { addWorkingDays, onOrNextWorkingDay, shanghaiDate, type WorkingCalendar } from '../../domain/calendar';
import { computeDue, dueOn, firstDue } from '../../domain/deadlines';
import { markedOverdue, withNextReminder } from '../../domain/reminders';
import { stillThereAnsweredProblem, stillThereReporter, withStillThereCursor } from '../../domain/followup';
import { ACTION_TEXT, ANONYMOUS_NAME, RELATION_TEXT, STATUS_TEXT } from '../../domain/labels';
import { assignableLevels, assignmentProblem, followsByOpenid, parseScopeKey, relationsTo, standsIn, suggestRoute } from '../../domain/roles';
import {
  ALL_STATUSES,
  decide,
  lateNow,
  MODERATION,
  ON_THE_CLOCK,
  pendingExtension,
  released,
  TERMINAL,
  UNRELEASED,
  urgeProblem,
  WITH_UNIT,
  type Decision,
} from '../../domain/transitions';
import { caseContribution, ROLLED_FIELDS } from '../../domain/rollups';
import { countAgainstUnits, emptyTally, type UnitTally } from '../../domain/statistics';
import { caseSummary, caseView } from '../../domain/view';
import { actingName } from '../../domain/messengers';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById, getPage } from '../store';
import { checkWords, PASSED } from './moderation';
import { outboxEntries, saveCase } from './outbox';
import type { ActInput } from './case-input';
import { audit, auditPhoneSeen } from './audit';
import { loadCalendar, requireCaller, requireOpenid, requireStaff, type Caller } from './people';

/** A request held for review is the resident's and the office's alone, unless it is released. */
function visibleRelations(c: CaseRecord, relations: Relation[]): Relation[] {
  return released(c) ? relations : relations.filter((r) => r === 'resident' || r === 'office');
}

/** `released` as query conditions, for the lists and reports that read only released requests. */
export const releasedWhere = (cmd: Ctx['db']['command']) => cmd.or([{ status: cmd.nin([...UNRELEASED, 'withdrawn']) }, { status: 'withdrawn', heldAt: null }]);

export async function loadVisible(ctx: Ctx, caseId: string): Promise<{ c: CaseRecord; caller: Caller; relations: Relation[] }> {
  const caller = await requireCaller(ctx);
  const c = await getById<CaseRecord>(ctx.db, 'cases', caseId);
  const relations = c ? visibleRelations(c, relationsTo(c, caller)) : [];
  // Someone with no part in a case learns nothing of it, not even that it exists.
  if (!c || relations.length === 0) throw notFound('事项');
  return { c, caller, relations };
}

/** The 公开栏 notices that answer a case. */
function noticesFor(ctx: Ctx, caseId: string): Promise<Notice[]> {
  return getAll(collection<Notice>(ctx.db, 'notices').where({ caseIds: caseId }).orderBy('_id', 'asc'));
}

export async function caseDetail(ctx: Ctx, caseId: string): Promise<CaseView> {
  const { c, caller, relations } = await loadVisible(ctx, caseId);
  const [calendar, notices] = await Promise.all([loadCalendar(ctx, c.countyId), noticesFor(ctx, caseId)]);
  return viewFor(ctx, c, caller, relations, calendar, notices);
}

/** The caller's view of a case; someone shown the resident's full phone is written in the audit trail. */
async function viewFor(
  ctx: Ctx,
  c: CaseRecord,
  caller: Caller,
  relations: Relation[],
  calendar: WorkingCalendar,
  notices: readonly Notice[],
): Promise<CaseView> {
  // temporary addresses for the case's photos and recordings; the view hands out only those this caller may see
  const files = [...c.photos, ...(c.recordings ?? []).map((r) => r.file)];
  const urls = files.length ? await ctx.platform.fileUrls(files) : [];
  const urlOf = (id: string) => urls[files.indexOf(id)] ?? '';
  const view = caseView(c, { relations, scopes: caller.scopes, openid: caller.openid }, calendar, ctx.rules, ctx.clock.now(), notices, urlOf);
  // a case late now: its resident may call the representative who owns it
  if (lateNow(c, ctx.clock.now()) && relations.includes('resident') && c.representativeId) {
    const rep = await getById<Representative>(ctx.db, 'representatives', c.representativeId);
    if (rep?.active) view.representative.phone = rep.phone;
  }
  if (
    'phone' in view.resident &&
    view.resident.phone !== null &&
    !view.resident.phoneMasked &&
    caller.openid !== c.resident.openid &&
    !(c.followers ?? []).includes(caller.openid) &&
    !(c.coReporters ?? []).includes(caller.openid)
  ) {
    await auditPhoneSeen(ctx, { openid: caller.openid, name: caller.user?.name ?? '工作人员' }, c);
  }
  return view;
}

export async function summaries(ctx: Ctx, page: Page<CaseRecord>): Promise<Page<CaseSummary>> {
  const calendars = new Map<string, Awaited<ReturnType<typeof loadCalendar>>>();
  for (const countyId of new Set(page.items.map((c) => c.countyId))) calendars.set(countyId, await loadCalendar(ctx, countyId));
  const now = ctx.clock.now();
  return { ...page, items: page.items.map((c) => caseSummary(c, calendars.get(c.countyId)!, now)) };
}

export const LIST_FIELDS = { events: false, resident: false, warnings: false, photoChecks: false, held: false } as const;

/** The caller's own requests: those they sent (or passed on for a neighbour), those they follow (a 代办's follow code), and those they co-reported (我也反映). */
export async function myCases(ctx: Ctx, page: number, pageSize: number): Promise<Page<CaseSummary>> {
  const openid = requireOpenid(ctx);
  const _ = ctx.db.command;
  const query = collection<CaseRecord>(ctx.db, 'cases')
    .where(_.or([{ 'resident.openid': openid, receptionId: null }, { followers: openid }, { coReporters: openid }]))
    .orderBy('createdAt', 'desc')
    .field(LIST_FIELDS);
  return summaries(ctx, await getPage(query, page, pageSize));
}

/**
 * The staff work lists (工作台). Each box is the cases some kinds of grant are responsible for;
 * `late` boxes hold only cases past their due day.
 */
export const BOXES = {
  new: { roles: ['representative'], statuses: ['submitted'], order: ['createdAt', 'asc'] },
  following: {
    roles: ['representative'],
    statuses: ALL_STATUSES.filter((s) => s !== 'held' && s !== 'submitted' && !TERMINAL.includes(s)),
    order: ['updatedAt', 'desc'],
  },
  to_assign: { roles: ['assigner'], statuses: ['accepted', 'reassigning', 'escalated'], order: ['updatedAt', 'asc'] },
  returned: { roles: ['assigner'], statuses: ['returned'], order: ['updatedAt', 'asc'] },
  todo: { roles: ['handler'], statuses: WITH_UNIT, order: ['dueAt', 'asc'] },
  co_handling: { roles: ['co_handler'], statuses: WITH_UNIT, order: ['dueAt', 'asc'] },
  overdue: { roles: ['supervisor', 'office'], statuses: ON_THE_CLOCK, order: ['dueAt', 'asc'], late: true },
  supervised: {
    roles: ['supervisor'],
    statuses: ['submitted', 'accepted', 'assigned', 'handling', 'returned', 'reassigning', 'escalated'],
    order: ['dueAt', 'asc'],
  },
  /** 内容核对: requests and actions whose words wait for the office */
  held: { roles: ['office'], statuses: ALL_STATUSES, order: ['heldAt', 'asc'], held: true },
  done: { roles: ['any'], statuses: ['replied', ...TERMINAL.filter((s) => !UNRELEASED.includes(s))], order: ['updatedAt', 'desc'], released: true },
  county: { roles: ['office'], statuses: ALL_STATUSES, order: ['updatedAt', 'desc'] },
} as const satisfies Record<
  string,
  { roles: readonly string[]; statuses: readonly CaseStatus[]; order: readonly [string, 'asc' | 'desc']; late?: true; held?: true; released?: true }
>;

export type Box = keyof typeof BOXES;
type BoxRole = (typeof BOXES)[Box]['roles'][number];

/** Query conditions, one per scope key, for the cases that key is responsible for: always within the key's county. */
function scopeConditions(scopes: readonly string[], roles: readonly BoxRole[], cmd: Ctx['db']['command']): Where[] {
  const out: Where[] = [];
  const want = (r: BoxRole) => roles.includes('any') || roles.includes(r);
  for (const key of scopes) {
    const k = parseScopeKey(key);
    if (!k) continue;
    const { countyId, id } = k;
    if (k.kind === 'representative' && want('representative')) out.push({ countyId, representativeId: id });
    if (k.kind === 'handler' && want('handler')) out.push({ countyId, unitId: id });
    if (k.kind === 'handler' && roles.includes('co_handler')) out.push({ countyId, coUnitIds: id });
    if (k.kind === 'assigner' && want('assigner'))
      out.push(k.level === 'county' ? { countyId, level: 'county' } : { countyId, townshipId: id, level: cmd.neq('county') });
    if (k.kind === 'supervisor' && want('supervisor'))
      out.push(
        ...(k.level === 'county'
          ? [{ countyId, level: 'county' }]
          : k.level === 'township'
            ? // and the township's requests not yet given a level (roles.ts supervisorKey)
              [
                { countyId, townshipId: id, level: 'township' },
                { countyId, townshipId: id, level: null },
              ]
            : [{ countyId, villageId: id, level: 'village' }]),
      );
    if (k.kind === 'office' && want('office')) out.push({ countyId });
    // the cases of a representative who left, which the office took over
    if (k.kind === 'office' && !roles.includes('any') && want('representative')) out.push({ countyId, representativeId: null });
  }
  return out;
}

/** One work list, optionally narrowed to some of its statuses. */
export async function inbox(ctx: Ctx, box: Box, page: number, pageSize: number, only?: readonly CaseStatus[]): Promise<Page<CaseSummary>> {
  const caller = await requireStaff(ctx);
  const spec: (typeof BOXES)[Box] = BOXES[box];
  const _ = ctx.db.command;
  const scopes = scopeConditions(caller.scopes, spec.roles, _);
  if (scopes.length === 0) throw forbidden('您的身份没有这个工作列表');
  const statuses: readonly CaseStatus[] = only ? spec.statuses.filter((s) => only.includes(s)) : spec.statuses;
  const late = 'late' in spec ? { dueAt: _.lt(ctx.clock.now()) } : {};
  // 内容核对 lists what waits for review (a request withdrawn while held keeps heldAt, and waits no more)
  const held = 'held' in spec ? { heldAt: _.gt(0), held: _.neq(null) } : {};
  const where = _.and([_.or(scopes), { status: _.in([...statuses]), ...late, ...held }, ...('released' in spec ? [releasedWhere(_)] : [])]);
  const query = collection<CaseRecord>(ctx.db, 'cases').where(where).orderBy(spec.order[0], spec.order[1]).field(LIST_FIELDS);
  return summaries(ctx, await getPage(query, page, pageSize));
}

/** The boxes a caller's grants give them, for the workbench. */
export function boxesFor(scopes: readonly string[], cmd: Ctx['db']['command']): Box[] {
  return (Object.keys(BOXES) as Box[]).filter((b) => scopeConditions(scopes, BOXES[b].roles, cmd).length > 0);
}

export interface UnitFigures extends UnitTally {
  unitId: string;
  unitName: string;
}

/**
 * The supervisor's and the office's view by unit, over all time: what cases count against each
 * (countAgainstUnits, as the statistics count it), worst first. Reads only cases with such a mark.
 */
export async function byUnit(ctx: Ctx): Promise<UnitFigures[]> {
  const caller = await requireStaff(ctx);
  const _ = ctx.db.command;
  const scopes = scopeConditions(caller.scopes, ['supervisor', 'office'], _);
  if (scopes.length === 0) throw forbidden('只有督办领导和联系群众工作办公室能看各单位情况');
  const now = ctx.clock.now();
  const marked = _.or([
    { status: _.in([...ON_THE_CLOCK]), dueAt: _.lt(now) },
    { overdue: true },
    { superviseCount: _.gt(0) },
    { escalationCount: _.gt(0) },
    { returnCount: _.gt(0) },
  ]);
  const cases = await getAll(
    collection<CaseRecord>(ctx.db, 'cases')
      .where(_.and(_.or(scopes), marked))
      .orderBy('_id', 'asc')
      .field({ ...ROLLED_FIELDS, unitName: true, events: true }),
  );
  const units = new Map<string, UnitFigures>();
  /** unit names as the cases recorded them: a case that moved on still names the unit it left */
  const names = new Map<string, string>();
  const of = (unitId: string) => {
    let u = units.get(unitId);
    if (!u) units.set(unitId, (u = { unitId, unitName: unitId, ...emptyTally() }));
    return u;
  };
  for (const c of cases) {
    for (const e of c.events)
      if (e.action === 'overdue' && typeof e.data?.unitId === 'string' && typeof e.data.unitName === 'string') names.set(e.data.unitId, e.data.unitName);
    for (const e of c.escalations) if (e.unitId && e.unitName) names.set(e.unitId, e.unitName);
    if (c.unitId && c.unitName) names.set(c.unitId, c.unitName);
    const counted = caseContribution(c);
    if (counted) countAgainstUnits(c.unitId, counted.counts, now, of);
  }
  // each unit by its name in the organisation; one no longer there, by the name the cases recorded
  const known =
    units.size === 0
      ? []
      : await getAll(
          collection<Unit>(ctx.db, 'units')
            .where({ _id: _.in([...units.keys()]) })
            .orderBy('_id', 'asc')
            .field({ name: true }),
        );
  for (const u of known) names.set(u._id, u.name);
  for (const u of units.values()) u.unitName = names.get(u.unitId) ?? u.unitId;
  return [...units.values()].sort((a, b) => b.overdueNow - a.overdueNow || b.overdueTotal - a.overdueTotal || b.escalated - a.escalated);
}

export interface RouteOptions {
  suggestion: { level: Level; unitId: string | null };
  levels: Level[];
  units: Array<{ id: string; name: string; level: Level }>;
}

/** Units the caller may route this case to, and the suggestion from its category. */
export async function routeOptions(ctx: Ctx, caseId: string): Promise<RouteOptions> {
  const { c, caller } = await loadVisible(ctx, caseId);
  const levels = assignableLevels(c, caller.scopes);
  if (levels.length === 0) throw forbidden('您不能交办这件事项');
  const units = await getAll(collection<Unit>(ctx.db, 'units').where({ countyId: c.countyId }).orderBy('_id', 'asc'));
  const usable = units.filter((u) => levels.includes(u.level) && !assignmentProblem(c, u.level, u, []));
  const usual = c.level ?? usualLevel(ctx.rules, c.category);
  const level = levels.includes(usual) ? usual : levels[levels.length - 1]!;
  return {
    suggestion: suggestRoute(c, level, c.category, usable),
    levels,
    units: usable.map((u) => ({ id: u._id, name: u.name, level: u.level })),
  };
}

/** A refused decision as the error the caller reads: the row's own reason, or the state. */
function refusal(c: CaseRecord, action: CaseAction, d: Extract<Decision, { ok: false }>): AppError {
  if (d.reason === 'forbidden') return forbidden();
  return new AppError('INVALID_STATE', d.message ?? `这件事项现在是「${STATUS_TEXT[c.status]}」，不能${ACTION_TEXT[action]}`);
}

function checkClosing(input: Closing): void {
  if (input.outcome === 'in_progress' && (!input.plan || !input.expectedDate)) {
    throw new AppError('INVALID_INPUT', '“已启动办理”须写明办理计划和预计完成日期', {
      ...(input.plan ? {} : { plan: '请填写办理计划' }),
      ...(input.expectedDate ? {} : { expectedDate: '请填写预计完成日期' }),
    });
  }
}

/** Resolves an action's input into a command (the table has allowed the action): loads the units, computes the deadline. */
async function resolveCommand(
  ctx: Ctx,
  c: CaseRecord,
  caller: { scopes: readonly string[]; openid: string; relations: readonly Relation[] },
  input: ActInput,
  calendar: WorkingCalendar,
  now: number,
): Promise<Command> {
  const { scopes } = caller;
  switch (input.action) {
    case 'assign': {
      if (!assignableLevels(c, scopes).includes(input.level)) throw forbidden('您不能把事项交办到这个层级');
      const ids = [input.unitId, ...(input.coUnitIds ?? [])];
      const _ = ctx.db.command;
      const { data: units } = checked(
        await collection<Unit>(ctx.db, 'units')
          .where({ _id: _.in(ids) })
          .limit(100)
          .get(),
      );
      const byId = (id: string) => units.find((u) => u._id === id);
      const lead = byId(input.unitId);
      if (!lead) throw invalid('unitId', '找不到所选的承办单位');
      const coUnits = (input.coUnitIds ?? []).map((id) => byId(id));
      if (coUnits.some((u) => !u)) throw invalid('coUnitIds', '找不到所选的协办单位');
      const problem = assignmentProblem(c, input.level, lead, coUnits as Unit[]);
      if (problem) throw invalid('unitId', problem);
      const due = computeDue(calendar, ctx.rules.timeLimits, input.level, now);
      if (due.warning) ctx.log.warn('deadline computed without holiday data', { caseId: c._id, message: due.warning.message });
      return { action: 'assign', level: input.level, lead, coUnits: coUnits as Unit[], due, ...(input.note ? { note: input.note } : {}) };
    }
    case 'extend': {
      const latest = addWorkingDays(calendar, c.dueDate!, ctx.rules.extensions.maxWorkingDays);
      if (input.toDate <= c.dueDate!) throw invalid('toDate', `延期后的日期须晚于现在的期限（${c.dueDate}）`);
      if (input.toDate > latest) throw invalid('toDate', `最多延期${ctx.rules.extensions.maxWorkingDays}个工作日（到${latest}）`);
      // a rest day is moved to the next working day, as a deadline on one would be
      return { ...input, toDate: onOrNextWorkingDay(calendar, input.toDate) };
    }
    case 'approve_extension': {
      const pending = pendingExtension(c)!; // the table allows approving only a pending request
      const due = dueOn(calendar, pending.toDate, shanghaiDate(c.assignedAt ?? now), now);
      return { action: 'approve_extension', due, ...(input.note ? { note: input.note } : {}) };
    }
    case 'accept': {
      // accepted at a level with a longer time limit than the one the resident was promised by: the
      // promise moves to that level's date, and the resident is told (a shorter one keeps the promise)
      const level = input.level ?? c.level ?? usualLevel(ctx.rules, input.category ?? c.category);
      if (c.dueDate === null) return input;
      // promised from when it reached the representative: its release, if it was held for review
      const reached = [...c.events].reverse().find((e) => e.action === 'release' && e.from === 'held')?.at ?? c.createdAt;
      const due = firstDue(calendar, ctx.rules, c.countyId, level, reached);
      return due.dueDate > c.dueDate ? { ...input, due } : input;
    }
    case 'urge': {
      const problem = urgeProblem(c, ctx.rules, now, calendar);
      if (problem) throw new AppError('INVALID_STATE', problem);
      return input;
    }
    case 'release': {
      // the days in review are nobody's: a held request's first deadline, promised from now …
      if (c.status === 'held')
        return {
          action: 'release',
          due: firstDue(calendar, ctx.rules, c.countyId, c.level ?? usualLevel(ctx.rules, c.category), now),
        };
      // … and a held 交办's unit has its whole time limit from now (worked out in the transaction)
      return { action: 'release', due: null };
    }
    case 'answer':
    case 'close':
      checkClosing(input);
      return input;
    case 'rate':
      if (input.rating === 'dissatisfied' && !input.comment) throw invalid('comment', '请说说哪里不满意，以便重新办理');
      return input;
    case 'still_there': {
      // 还在: the unit that closed it has its level's whole time limit again from now; a case answered
      // on the spot (no unit) is promised a first deadline, as a new request would be
      const level = c.level ?? usualLevel(ctx.rules, c.category);
      const due =
        input.answer === 'gone'
          ? null
          : c.unitId
            ? computeDue(calendar, ctx.rules.timeLimits, level, now)
            : firstDue(calendar, ctx.rules, c.countyId, level, now);
      if (due?.warning) ctx.log.warn('deadline computed without holiday data', { caseId: c._id, message: due.warning.message });
      return { action: 'still_there', answer: input.answer, requestId: input.requestId, reporter: stillThereReporter(caller.relations, caller.openid), due };
    }

    default:
      return input;
  }
}

function actorName(c: CaseRecord, caller: Caller, relation: Relation): string {
  // the messenger who passed it on acts for the neighbour, and says so (民情信使张三代群众评价)
  if (relation === 'resident' && c.messenger && caller.openid === c.resident.openid) return actingName(c.messenger);
  if (relation === 'resident' && followsByOpenid(c)) return `${c.resident.name ?? '群众'}（${caller.user?.name ?? '工作人员'}代）`;
  if (relation === 'resident' && standsIn(c)) return `${c.resident.name ?? '群众'}（党代表${c.representativeName}代）`;
  if (relation === 'resident') return c.resident.anonymous ? ANONYMOUS_NAME : (c.resident.name ?? '群众');
  return caller.user?.name ?? '工作人员';
}

/**
 * The words of an action others will read, when they must pass the content check first. A request
 * still held for review is read by the office alone: what its resident adds (a reason to withdraw
 * it) goes to no one else, and is not held in its turn.
 */
function wordsToCheck(c: CaseRecord, decision: Extract<Decision, { ok: true }>, command: Command): string {
  return c.status !== 'held' && decision.transition.visibility === 'public' && !MODERATION.includes(command.action) ? wordsOf(command) : '';
}

export async function actOnCase(ctx: Ctx, input: ActInput): Promise<CaseView> {
  const { caseId } = input;
  const { c, caller, relations } = await loadVisible(ctx, caseId);
  const now = ctx.clock.now();
  const calendar = await loadCalendar(ctx, c.countyId);
  const guard = { ...('rating' in input ? { rating: input.rating } : {}), ...('answer' in input ? { answer: input.answer } : {}) };
  const first = decide(c, input.action, relations, guard, ctx.rules, now);
  if (!first.ok) throw refusal(c, input.action, first);
  const command = await resolveCommand(ctx, c, { ...caller, relations }, input, calendar, now);
  const words = wordsToCheck(c, first, command);
  const verdict = words ? await checkWords(ctx, caller.openid, 'comment', words) : PASSED;

  // decided again on the record as the transaction reads it: someone may have acted meanwhile
  const outcome = await ctx.db.runTransaction(async (tx) => {
    const read = checked(await tx.collection<CaseRecord>('cases').doc(caseId).get()).data;
    if (!read) return { error: notFound('事项') };
    // a due day that ended before the timer came round still counts: overdue is a fact of time
    const fresh = markedOverdue(read, now);
    const rel = visibleRelations(fresh, relationsTo(fresh, caller));
    const decision = decide(fresh, input.action, rel, guard, ctx.rules, now);
    if (!decision.ok) return { error: refusal(fresh, input.action, decision) };
    // 催办's window again on the record as written: two taps at once press once
    const urgeWhy = input.action === 'urge' ? urgeProblem(fresh, ctx.rules, now, calendar) : null;
    if (urgeWhy) return { error: new AppError('INVALID_STATE', urgeWhy) };
    // 问题还在吗: one answer per reporter, checked on the record as written
    const answeredWhy = command.action === 'still_there' ? stillThereAnsweredProblem(fresh.stillThere, command.reporter) : null;
    if (answeredWhy) return { error: new AppError('INVALID_STATE', answeredWhy) };
    const relation = decision.transition.by.find((r) => rel.includes(r))!;
    const actor = { relation, name: actorName(fresh, caller, relation) };
    if (verdict.suggest !== 'pass') {
      // held for the office: the case waits as it is, with the action ready to apply on release
      // (one held item at a time: what waits for review is never overwritten)
      if (fresh.held || fresh.status === 'held') return { error: new AppError('CONFLICT', '上一条内容正在核对，核对后才能继续办理') };
      const next: CaseRecord = {
        ...fresh,
        held: { action: input.action, command, by: { openid: caller.openid, ...actor }, text: words, verdict, at: now },
        heldAt: now,
        updatedAt: now,
        version: fresh.version + 1,
      };
      const what = `${RELATION_TEXT[relation]}${actor.name}的${ACTION_TEXT[input.action]}`;
      await saveCase(tx, read, next, outboxEntries(next, `${caseId}-held-${next.version}`, heldNotifications(next, what), now));
      return { saved: next, relations: rel };
    }
    // a held 交办's unit has its whole time limit from now, worked out on the held command as written
    const heldAssign = fresh.status !== 'held' && fresh.held?.command?.action === 'assign' ? fresh.held.command : null;
    const applied =
      command.action === 'release' && fresh.status !== 'held'
        ? applyHeld(fresh, ctx.rules, now, heldAssign ? computeDue(calendar, ctx.rules.timeLimits, heldAssign.level, now) : null)
        : applyAction(fresh, command, decision.to, actor, decision.transition.visibility, now);
    if (typeof applied === 'string') return { error: new AppError('INVALID_STATE', applied) };
    const schedule = remindersFor(ctx.rules, fresh.countyId);
    const next = withStillThereCursor(fresh, withNextReminder(applied.next, schedule, calendar, now), ctx.rules, schedule.hour);
    await saveCase(tx, read, next, outboxEntries(next, applied.event.id, applied.notifications, now));
    if (MODERATION.includes(input.action)) {
      const what = fresh.held ? `${RELATION_TEXT[fresh.held.by.relation]}${fresh.held.by.name}的${ACTION_TEXT[fresh.held.action]}` : '内容';
      const detail = input.action === 'withhold' && 'reason' in input ? `${what}：${input.reason}` : what;
      await audit(tx, {
        countyId: fresh.countyId,
        kind: input.action === 'release' ? 'release' : 'withhold',
        at: now,
        by: caller.openid,
        byName: actor.name,
        subject: `事项${fresh.no}`,
        caseId,
        detail,
      });
    }
    return { saved: next, relations: visibleRelations(next, rel) };
  });
  if ('error' in outcome) throw outcome.error;
  const { saved } = outcome;
  ctx.log.info('case action', { caseId, action: input.action, status: saved.status, held: saved.held !== null });
  return viewFor(ctx, saved, caller, outcome.relations, calendar, await noticesFor(ctx, caseId));
}
