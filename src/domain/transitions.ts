/**
 * The case state machine as one table: (state, action) → next state, and who may do it.
 * The server checks every action against it, and the `actions` list each case view carries
 * (what the pages show as buttons) is read from it too.
 */
import type { Rules } from '../../config/rules';
import type { CaseAction, CaseRecord, CaseStatus, Rating, Relation } from '../../types/domain';

export interface Transition {
  action: CaseAction;
  from: readonly CaseStatus[];
  /** 'same' keeps the state (replies, notes) */
  to: CaseStatus | 'same';
  by: readonly Relation[];
  /** when several rows share an action, the first whose guard holds decides */
  guard?: (c: CaseRecord, input: GuardInput, rules: Rules, now: number) => boolean;
  /** whether the resident sees the timeline event */
  visibility: 'public' | 'internal';
}

export interface GuardInput {
  rating?: Rating;
}

export const ALL_STATUSES: readonly CaseStatus[] = [
  'submitted',
  'accepted',
  'not_accepted',
  'withdrawn',
  'assigned',
  'returned',
  'handling',
  'replied',
  'reassigning',
  'escalated',
  'closed',
];
export const TERMINAL: readonly CaseStatus[] = ['not_accepted', 'withdrawn', 'closed'];
const STAFF: readonly Relation[] = ['representative', 'assigner', 'handler', 'co_handler', 'supervisor', 'office'];
const WITH_UNIT: readonly CaseStatus[] = ['assigned', 'handling'];

/** 上报 goes one level up; nothing is above the county. */
const belowCounty = (c: CaseRecord) => c.level !== 'county';
export const pendingExtension = (c: Pick<CaseRecord, 'extensions'>) => c.extensions.find((e) => e.status === 'pending') ?? null;
/** 延期: before the due day has passed, one request at a time, at most `maxPerCase` granted. */
export function extensionProblem(c: CaseRecord, rules: Rules, now: number): string | null {
  if (c.dueAt === null) return '这件事项还没有办理期限';
  if (pendingExtension(c)) return '已有延期申请在等待审批';
  if (c.extensions.filter((e) => e.status === 'approved').length >= rules.extensions.maxPerCase)
    return `每件事项最多延期${rules.extensions.maxPerCase}次`;
  if (now > c.dueAt) return '已超过办理期限，不能再申请延期';
  return null;
}

export const TRANSITIONS: readonly Transition[] = [
  { action: 'withdraw', from: ['submitted'], to: 'withdrawn', by: ['resident'], visibility: 'public' },
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
  { action: 'supervise', from: WITH_UNIT, to: 'same', by: ['supervisor', 'office'], visibility: 'internal' },
  { action: 'escalate', from: WITH_UNIT, to: 'escalated', by: ['handler'], guard: belowCounty, visibility: 'internal' },
  {
    action: 'escalate',
    from: ['accepted', 'returned', 'reassigning', 'escalated'],
    to: 'escalated',
    by: ['assigner'],
    guard: belowCounty,
    visibility: 'internal',
  },
  { action: 'extend', from: WITH_UNIT, to: 'same', by: ['handler'], guard: (c, _i, rules, now) => !extensionProblem(c, rules, now), visibility: 'internal' },
  { action: 'approve_extension', from: WITH_UNIT, to: 'same', by: ['assigner', 'supervisor'], guard: (c) => !!pendingExtension(c), visibility: 'internal' },
  { action: 'refuse_extension', from: WITH_UNIT, to: 'same', by: ['assigner', 'supervisor'], guard: (c) => !!pendingExtension(c), visibility: 'internal' },
];

export type Decision =
  | { ok: true; transition: Transition; to: CaseStatus }
  | { ok: false; reason: 'forbidden' | 'invalid_state' };

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
  const mine = (t: Transition) => t.by.some((r) => relations.includes(r));
  const rows = table.filter((t) => t.action === action);
  // never allowed to this caller at all, or allowed in this state but to someone else: forbidden
  if (!rows.some(mine)) return { ok: false, reason: 'forbidden' };
  const here = rows.filter((t) => t.from.includes(c.status));
  if (here.length > 0 && !here.some(mine)) return { ok: false, reason: 'forbidden' };
  const row = here.find((t) => mine(t) && (!t.guard || t.guard(c, input, rules, now)));
  if (!row) return { ok: false, reason: 'invalid_state' };
  return { ok: true, transition: row, to: row.to === 'same' ? c.status : row.to };
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
  const out: CaseAction[] = [];
  for (const t of table) {
    if (out.includes(t.action) || !t.from.includes(c.status) || !t.by.some((r) => relations.includes(r))) continue;
    if (!t.guard || t.guard(c, {}, rules, now)) out.push(t.action);
  }
  return out;
}
