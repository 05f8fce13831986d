import { RULES } from '../../config/rules';
import type { CaseAction, CaseStatus, Relation } from '../../types/domain';
import { ALL_STATUSES, allowedActions, decide, TRANSITIONS } from '../../src/domain/transitions';
import { makeCase } from '../fixtures';

const RELATIONS: Relation[] = ['resident', 'representative', 'assigner', 'handler', 'co_handler', 'supervisor', 'office'];
const ACTIONS: CaseAction[] = ['withdraw', 'accept', 'reject', 'answer', 'assign', 'sign', 'return', 'reply', 'close', 'rate', 'note'];
const STAFF: Relation[] = ['representative', 'assigner', 'handler', 'co_handler', 'supervisor', 'office'];

/**
 * The rules of DOMAIN.md written out independently of the table: who may do what in which
 * state, and where it leads. Everything not listed must be refused.
 */
const EXPECTED: Array<[CaseStatus, CaseAction, Relation[], CaseStatus]> = [
  ['submitted', 'withdraw', ['resident'], 'withdrawn'],
  ['submitted', 'accept', ['representative'], 'accepted'],
  ['submitted', 'reject', ['representative'], 'not_accepted'],
  ['submitted', 'answer', ['representative'], 'replied'],
  ['accepted', 'answer', ['representative'], 'replied'],
  ['accepted', 'assign', ['representative', 'assigner'], 'assigned'],
  ['returned', 'assign', ['assigner'], 'assigned'],
  ['reassigning', 'assign', ['assigner'], 'assigned'],
  ['assigned', 'sign', ['handler'], 'handling'],
  ['assigned', 'return', ['handler'], 'returned'],
  ['handling', 'return', ['handler'], 'returned'],
  ['handling', 'reply', ['handler'], 'handling'],
  ['handling', 'close', ['handler'], 'replied'],
  ['replied', 'rate', ['resident'], 'closed'],
  ...ALL_STATUSES.map((s): [CaseStatus, CaseAction, Relation[], CaseStatus] => [s, 'note', STAFF, s]),
];

describe('case state machine', () => {
  it('allows exactly the listed (state, action, role) triples and refuses every other one', () => {
    let checked = 0;
    for (const status of ALL_STATUSES) {
      for (const action of ACTIONS) {
        for (const relation of RELATIONS) {
          const row = EXPECTED.find(([s, a, rs]) => s === status && a === action && rs.includes(relation));
          const d = decide(makeCase({ status }), action, [relation], { rating: 'satisfied' }, RULES);
          expect({ status, action, relation, ok: d.ok, to: d.ok ? d.to : null }).toEqual({
            status,
            action,
            relation,
            ok: Boolean(row),
            to: row ? row[3] : null,
          });
          checked++;
        }
      }
    }
    expect(checked).toBe(ALL_STATUSES.length * ACTIONS.length * RELATIONS.length);
  });

  it('tells a wrong role apart from a wrong state', () => {
    expect(decide(makeCase({ status: 'submitted' }), 'sign', ['resident'], {}, RULES)).toEqual({ ok: false, reason: 'forbidden' });
    expect(decide(makeCase({ status: 'submitted' }), 'sign', ['handler'], {}, RULES)).toEqual({ ok: false, reason: 'invalid_state' });
  });

  it('sends a dissatisfied rating back for re-assignment while re-assignments are left', () => {
    const c = makeCase({ status: 'replied', reassignCount: RULES.maxReassignments - 1 });
    const d = decide(c, 'rate', ['resident'], { rating: 'dissatisfied' }, RULES);
    expect(d.ok && d.to).toBe('reassigning');
  });

  it('closes a dissatisfied case as rated once the re-assignments are used up', () => {
    const c = makeCase({ status: 'replied', reassignCount: RULES.maxReassignments });
    const d = decide(c, 'rate', ['resident'], { rating: 'dissatisfied' }, RULES);
    expect(d.ok && d.to).toBe('closed');
  });

  it('closes on 满意 and 基本满意', () => {
    for (const rating of ['satisfied', 'basic'] as const) {
      const d = decide(makeCase({ status: 'replied' }), 'rate', ['resident'], { rating }, RULES);
      expect(d.ok && d.to).toBe('closed');
    }
  });

  it('lists the actions a caller may take, combining all their relations', () => {
    expect(allowedActions('submitted', ['resident'])).toEqual(['withdraw']);
    expect(allowedActions('submitted', ['representative'])).toEqual(['accept', 'reject', 'answer', 'note']);
    expect(allowedActions('assigned', ['handler', 'representative'])).toEqual(['sign', 'return', 'note']);
    expect(allowedActions('closed', ['resident'])).toEqual([]);
    expect(allowedActions('replied', ['resident'])).toEqual(['rate']);
  });

  it('has every action of the glossary in the table', () => {
    expect(new Set(TRANSITIONS.map((t) => t.action))).toEqual(new Set(ACTIONS));
  });
});
