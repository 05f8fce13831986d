/**
 * The case state machine as one table: (state, action) → next state, and who may do it.
 * The server checks every action against it, and the `actions` list each case view carries
 * (what the pages show as buttons) is read from it too.
 */
import { standsIn } from './roles';
import type { Rules } from '../../config/rules';
import { CASE_STATUSES, type CaseAction, type CaseRecord, type CaseStatus, type Rating, type Relation, type StillThereAnswer } from '../../types/domain';
import { addWorkingDays, shanghaiDate, workingDaysLeft, type WorkingCalendar } from './calendar';
import { monthDay } from './labels';
import { allowedRows, decideRow, type Row, type TableDecision } from './table';

export interface Transition extends Row<CaseAction, CaseStatus, Relation> {
  /** when several rows share an action, the first whose guard holds decides */
  guard?: (c: CaseRecord, input: GuardInput, rules: Rules) => boolean;
  /** why the case cannot take this row now, in words for the caller; null when it can */
  problem?: (c: CaseRecord, rules: Rules, now: number) => string | null;
  /** whether the resident sees the timeline event */
  visibility: 'public' | 'internal';
}

export interface GuardInput {
  rating?: Rating;
  /** 问题还在吗's answer */
  answer?: StillThereAnswer;
}

export const ALL_STATUSES: readonly CaseStatus[] = CASE_STATUSES;
export const TERMINAL: readonly CaseStatus[] = ['withheld', 'not_accepted', 'withdrawn', 'closed', 'merged'];
/** Requests whose words never passed review: the resident's and the office's alone. */
export const UNRELEASED: readonly CaseStatus[] = ['held', 'withheld'];

/**
 * Whether a request ever went past the content review to the representative. One withdrawn while
 * still held keeps its `heldAt` (case.ts, withdraw) and stays the resident's and the office's.
 */
export const released = (c: Pick<CaseRecord, 'status' | 'heldAt'>): boolean =>
  !UNRELEASED.includes(c.status) && !(c.status === 'withdrawn' && c.heldAt !== null);
const STAFF: readonly Relation[] = ['representative', 'assigner', 'handler', 'co_handler', 'supervisor', 'office'];
/** A unit holds the case: assigned to it, or signed for and being handled. */
export const WITH_UNIT: readonly CaseStatus[] = ['assigned', 'handling'];
/**
 * The answer is due by the case's due day: a new request waiting for its representative (its first
 * deadline counts the triage days too, see deadlines.ts) or a case a unit holds. Past it, the case
 * is overdue, whoever it waits for.
 */
export const ON_THE_CLOCK: readonly CaseStatus[] = ['submitted', 'accepted', ...WITH_UNIT];
/** Late now: on the clock and past its due day (not a case late once and since given a new date). */
export const lateNow = (c: Pick<CaseRecord, 'status' | 'dueAt'>, now: number): boolean => ON_THE_CLOCK.includes(c.status) && c.dueAt !== null && now > c.dueAt;

/** 上报 goes one level up; nothing is above the county. */
const aboveCounty = (c: CaseRecord) => (c.level === 'county' ? '县级事项已是最高层级，不能再上报' : null);
const noPendingExtension = (c: CaseRecord) => (pendingExtension(c) ? null : '没有待审批的延期申请');
export const pendingExtension = (c: Pick<CaseRecord, 'extensions'>) => c.extensions.find((e) => e.status === 'pending') ?? null;
/**
 * 催办: why the resident cannot press now, in words, or null. Once late, or from
 * `urge.withinWorkingDays` working days before the due day; again only `urge.everyWorkingDays`
 * working days after the last press.
 */
export function urgeProblem(c: CaseRecord, rules: Rules, now: number, calendar: WorkingCalendar): string | null {
  if (c.dueDate === null || c.dueAt === null) return '这件事项现在还没有答复期限，暂时不能催办';
  if (now <= c.dueAt && workingDaysLeft(calendar, now, c.dueDate) > rules.urge.withinWorkingDays)
    return `答复期限是${monthDay(c.dueDate)}，到期前${rules.urge.withinWorkingDays}个工作日起可以催办`;
  const last = [...c.events].reverse().find((e) => e.action === 'urge');
  if (!last) return null;
  const again = addWorkingDays(calendar, shanghaiDate(last.at), rules.urge.everyWorkingDays);
  return shanghaiDate(now) < again ? `您${monthDay(shanghaiDate(last.at))}已催办过，${monthDay(again)}起可以再催办` : null;
}

/** 延期: before the due day has passed, one request at a time, at most `maxPerCase` granted. */
export function extensionProblem(c: CaseRecord, rules: Rules, now: number): string | null {
  if (c.dueAt === null) return '这件事项还没有办理期限';
  if (pendingExtension(c)) return '已有延期申请在等待审批';
  if (c.extensions.filter((e) => e.status === 'approved').length >= rules.extensions.maxPerCase) return `每件事项最多延期${rules.extensions.maxPerCase}次`;
  if (now > c.dueAt) return '已超过办理期限，不能再申请延期';
  return null;
}

/**
 * 问题还在吗 as a reporter answers it: why not now, or null (asked, within the window). Each
 * reporter answers once for themselves (stillThereAnsweredProblem in followup.ts, asked with the caller).
 */
export function stillThereProblem(c: CaseRecord, rules: Rules, now: number): string | null {
  const q = c.stillThere;
  if (!q) return `办结${rules.stillThere.askAfterDays}天后才会询问问题是否还在`;
  if (now > q.answerBy) return `回答期限（${monthDay(q.answerDate)}）已过，如问题仍在，请重新反映`;
  return null;
}

/** The office's review of held content (内容核对): these act on the held words, not through them. */
export const MODERATION: readonly CaseAction[] = ['release', 'withhold'];
/** Public actions with no words and no change of state: they go ahead while someone's words wait for review. */
const WORDLESS: readonly CaseAction[] = ['urge'];
const hasHeldAction = (c: CaseRecord) => c.held !== null && c.status !== 'held';

export const TRANSITIONS: readonly Transition[] = [
  // a held request: the office lets it go on to the representative, or keeps it back and tells the resident why
  { action: 'release', from: ['held'], to: 'submitted', by: ['office'], visibility: 'internal' },
  { action: 'withhold', from: ['held'], to: 'withheld', by: ['office'], visibility: 'public' },
  // a held action (a reply, a rating…): released it is applied as its author sent it; withheld it goes back to the author
  { action: 'release', from: ALL_STATUSES, to: 'same', by: ['office'], guard: hasHeldAction, visibility: 'internal' },
  { action: 'withhold', from: ALL_STATUSES, to: 'same', by: ['office'], guard: hasHeldAction, visibility: 'internal' },
  { action: 'withdraw', from: ['held', 'submitted'], to: 'withdrawn', by: ['resident'], visibility: 'public' },
  { action: 'accept', from: ['submitted'], to: 'accepted', by: ['representative'], visibility: 'public' },
  { action: 'reject', from: ['submitted'], to: 'not_accepted', by: ['representative'], visibility: 'public' },
  { action: 'answer', from: ['submitted', 'accepted'], to: 'replied', by: ['representative'], visibility: 'public' },
  { action: 'assign', from: ['accepted'], to: 'assigned', by: ['representative', 'assigner'], visibility: 'public' },
  { action: 'assign', from: ['returned', 'reassigning', 'escalated'], to: 'assigned', by: ['assigner'], visibility: 'public' },
  { action: 'sign', from: ['assigned'], to: 'handling', by: ['handler'], visibility: 'public' },
  { action: 'return', from: ['assigned', 'handling'], to: 'returned', by: ['handler'], visibility: 'internal' },
  { action: 'reply', from: ['handling'], to: 'same', by: ['handler'], visibility: 'public' },
  { action: 'close', from: ['handling'], to: 'replied', by: ['handler'], visibility: 'public' },
  {
    action: 'rate',
    from: ['replied'],
    to: 'reassigning',
    by: ['resident'],
    guard: (c, input, rules) => input.rating === 'dissatisfied' && c.reassignCount < rules.maxReassignments,
    visibility: 'public',
  },
  { action: 'rate', from: ['replied'], to: 'closed', by: ['resident'], visibility: 'public' },
  { action: 'note', from: ALL_STATUSES, to: 'same', by: STAFF, visibility: 'internal' },
  // the window (late, or due within two working days, once per three) needs the calendar: urgeProblem
  // a request a representative entered for a walk-in resident is theirs to move until a unit holds it;
  // then they may press the unit for the resident
  { action: 'urge', from: ON_THE_CLOCK, to: 'same', by: ['resident'], guard: (c) => !standsIn(c) || c.unitId !== null, visibility: 'public' },
  { action: 'supervise', from: ON_THE_CLOCK, to: 'same', by: ['supervisor', 'office'], visibility: 'internal' },
  { action: 'escalate', from: WITH_UNIT, to: 'escalated', by: ['handler'], problem: aboveCounty, visibility: 'internal' },
  {
    action: 'escalate',
    from: ['accepted', 'returned', 'reassigning', 'escalated'],
    to: 'escalated',
    by: ['assigner'],
    problem: aboveCounty,
    visibility: 'internal',
  },
  { action: 'extend', from: WITH_UNIT, to: 'same', by: ['handler'], problem: extensionProblem, visibility: 'internal' },
  { action: 'approve_extension', from: WITH_UNIT, to: 'same', by: ['assigner', 'supervisor'], problem: noPendingExtension, visibility: 'internal' },
  { action: 'refuse_extension', from: WITH_UNIT, to: 'same', by: ['assigner', 'supervisor'], problem: noPendingExtension, visibility: 'internal' },
  // 问题还在吗, asked a month after 已办结 and answerable for a while: 还在 reopens it as 再交办 to the
  // unit that closed it (or, answered on the spot without a unit, back to the representative); 已解决 is recorded.
  // Whoever raised it may answer: its resident, a follower, or a resident who said 我也反映
  {
    action: 'still_there',
    from: ['closed'],
    to: 'assigned',
    by: ['resident', 'co_reporter'],
    guard: (c, input) => input.answer === 'still' && c.unitId !== null,
    problem: stillThereProblem,
    visibility: 'public',
  },
  {
    action: 'still_there',
    from: ['closed'],
    to: 'accepted',
    by: ['resident', 'co_reporter'],
    guard: (_c, input) => input.answer === 'still',
    problem: stillThereProblem,
    visibility: 'public',
  },
  { action: 'still_there', from: ['closed'], to: 'same', by: ['resident', 'co_reporter'], problem: stillThereProblem, visibility: 'public' },
];

/**
 * Why a row cannot be taken now: its own reason, or, for anything others would read, that words
 * sent earlier are still under review (they would be overtaken).
 */
function rowProblem(t: Transition, c: CaseRecord, rules: Rules, now: number): string | null {
  if (hasHeldAction(c) && t.visibility === 'public' && !MODERATION.includes(t.action) && !WORDLESS.includes(t.action))
    return '上一条内容正在核对，核对后才能继续办理';
  return t.problem?.(c, rules, now) ?? null;
}

export type Decision = TableDecision<Transition, CaseStatus>;

/** Decides one action: who (relations) may do it, in this state, with this input. */
export function decide(
  c: CaseRecord,
  action: CaseAction,
  relations: readonly Relation[],
  input: GuardInput,
  rules: Rules,
  now: number,
  table: readonly Transition[] = TRANSITIONS,
): Decision {
  return decideRow(table, c.status, action, relations, {
    applies: (t) => !t.guard || t.guard(c, input, rules),
    problem: (t) => rowProblem(t, c, rules, now),
  });
}

/**
 * The actions a caller may take on a case now (for the pages' buttons). Guards are asked without
 * input: a row whose guard needs the caller's choice (a rating) has another row for the others.
 */
export function allowedActions(
  c: CaseRecord,
  relations: readonly Relation[],
  rules: Rules,
  now: number,
  table: readonly Transition[] = TRANSITIONS,
): CaseAction[] {
  return allowedRows(table, c.status, relations, {
    applies: (t) => !t.guard || t.guard(c, {}, rules),
    problem: (t) => rowProblem(t, c, rules, now),
  });
}
