/**
 * The case state machine as one table: (state, action) → next state, and who may do it.
 * The server checks every action against it, and the `actions` list each case view carries
 * (what the pages show as buttons) is read from it too. Escalation (上报), supervision (督办) and
 * extensions (延期) are rows still to come.
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
  guard?: (c: CaseRecord, input: GuardInput, rules: Rules) => boolean;
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
  'closed',
];
export const TERMINAL: readonly CaseStatus[] = ['not_accepted', 'withdrawn', 'closed'];
const STAFF: readonly Relation[] = ['representative', 'assigner', 'handler', 'co_handler', 'supervisor', 'office'];

export const TRANSITIONS: readonly Transition[] = [
  { action: 'withdraw', from: ['submitted'], to: 'withdrawn', by: ['resident'], visibility: 'public' },
  { action: 'accept', from: ['submitted'], to: 'accepted', by: ['representative'], visibility: 'public' },
  { action: 'reject', from: ['submitted'], to: 'not_accepted', by: ['representative'], visibility: 'public' },
  { action: 'answer', from: ['submitted', 'accepted'], to: 'replied', by: ['representative'], visibility: 'public' },
  { action: 'assign', from: ['accepted'], to: 'assigned', by: ['representative', 'assigner'], visibility: 'public' },
  { action: 'assign', from: ['returned', 'reassigning'], to: 'assigned', by: ['assigner'], visibility: 'public' },
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
  table: readonly Transition[] = TRANSITIONS,
): Decision {
  const mine = (t: Transition) => t.by.some((r) => relations.includes(r));
  const rows = table.filter((t) => t.action === action);
  // never allowed to this caller at all, or allowed in this state but to someone else: forbidden
  if (!rows.some(mine)) return { ok: false, reason: 'forbidden' };
  const now = rows.filter((t) => t.from.includes(c.status));
  if (now.length > 0 && !now.some(mine)) return { ok: false, reason: 'forbidden' };
  const row = now.find((t) => mine(t) && (!t.guard || t.guard(c, input, rules)));
  if (!row) return { ok: false, reason: 'invalid_state' };
  return { ok: true, transition: row, to: row.to === 'same' ? c.status : row.to };
}

/** The actions a caller may take on a case now (for the pages' buttons). */
export function allowedActions(
  status: CaseStatus,
  relations: readonly Relation[],
  table: readonly Transition[] = TRANSITIONS,
): CaseAction[] {
  const out: CaseAction[] = [];
  for (const t of table) {
    if (!out.includes(t.action) && t.from.includes(status) && t.by.some((r) => relations.includes(r))) out.push(t.action);
  }
  return out;
}
