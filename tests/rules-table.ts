/**
 * The business rules (types/GLOSSARY.md) written out independently of src/domain/transitions.ts:
 * who may do what in which state, and where it leads. Everything not listed must be refused.
 */
import { CASE_STATUSES, type CaseAction, type CaseStatus, type Relation } from '../types/domain';

// the vocabulary is the code's own (types/domain.ts): a new state, action or relation is in the matrix at once, refused unless listed below
export const STATUSES: readonly CaseStatus[] = CASE_STATUSES;
export { CASE_ACTIONS as ACTIONS, RELATIONS } from '../types/domain';
/** Actions that need a pending 延期 request on the case to be possible at all. */
export const NEEDS_PENDING_EXTENSION: CaseAction[] = ['approve_extension', 'refuse_extension'];
const STAFF: Relation[] = ['representative', 'assigner', 'handler', 'co_handler', 'supervisor', 'office'];

export const EXPECTED: Array<[CaseStatus, CaseAction, Relation[], CaseStatus]> = [
  // a request held for the office's content review (内容核对)
  ['held', 'withdraw', ['resident'], 'withdrawn'],
  ['held', 'release', ['office'], 'submitted'],
  ['held', 'withhold', ['office'], 'withheld'],
  ['submitted', 'withdraw', ['resident'], 'withdrawn'],
  ['submitted', 'accept', ['representative'], 'accepted'],
  ['submitted', 'reject', ['representative'], 'not_accepted'],
  ['submitted', 'answer', ['representative'], 'replied'],
  ['accepted', 'answer', ['representative'], 'replied'],
  ['accepted', 'assign', ['representative', 'assigner'], 'assigned'],
  ['returned', 'assign', ['assigner'], 'assigned'],
  ['reassigning', 'assign', ['assigner'], 'assigned'],
  ['escalated', 'assign', ['assigner'], 'assigned'],
  ['assigned', 'sign', ['handler'], 'handling'],
  ['assigned', 'return', ['handler'], 'returned'],
  ['handling', 'return', ['handler'], 'returned'],
  ['handling', 'reply', ['handler'], 'handling'],
  ['handling', 'close', ['handler'], 'replied'],
  ['replied', 'rate', ['resident'], 'closed'],
  // below the county level (the cases these tables use are township or village cases)
  ['assigned', 'escalate', ['handler'], 'escalated'],
  ['handling', 'escalate', ['handler'], 'escalated'],
  ...(['accepted', 'returned', 'reassigning', 'escalated'] as const).map((s): [CaseStatus, CaseAction, Relation[], CaseStatus] => [
    s,
    'escalate',
    ['assigner'],
    'escalated',
  ]),
  // 催办 by the resident wherever the answer is due (its window on the calendar: urgeProblem)
  ...(['submitted', 'accepted', 'assigned', 'handling'] as const).map((s): [CaseStatus, CaseAction, Relation[], CaseStatus] => [s, 'urge', ['resident'], s]),
  // 督办 wherever the answer is due: a unit's case, or a request not yet accepted or routed
  ...(['submitted', 'accepted', 'assigned', 'handling'] as const).map((s): [CaseStatus, CaseAction, Relation[], CaseStatus] => [
    s,
    'supervise',
    ['supervisor', 'office'],
    s,
  ]),
  ...(['assigned', 'handling'] as const).flatMap(
    (s): Array<[CaseStatus, CaseAction, Relation[], CaseStatus]> => [
      [s, 'extend', ['handler'], s],
      [s, 'approve_extension', ['assigner', 'supervisor'], s],
      [s, 'refuse_extension', ['assigner', 'supervisor'], s],
    ],
  ),
  ...STATUSES.map((s): [CaseStatus, CaseAction, Relation[], CaseStatus] => [s, 'note', STAFF, s]),
];

/** The expected next state, or null when the action must be refused. */
export function expectedNext(status: CaseStatus, action: CaseAction, relations: readonly Relation[]): CaseStatus | null {
  const row = EXPECTED.find(([s, a, rs]) => s === status && a === action && rs.some((r) => relations.includes(r)));
  return row ? row[3] : null;
}
