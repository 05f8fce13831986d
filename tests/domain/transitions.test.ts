import { RULES } from '../../config/rules';
import { ALL_STATUSES, allowedActions, decide, TRANSITIONS } from '../../src/domain/transitions';
import { makeCase } from '../fixtures';
import { ACTIONS, expectedNext, RELATIONS } from '../rules-table';

describe('case state machine', () => {
  it('allows exactly the listed (state, action, role) triples and refuses every other one', () => {
    let checked = 0;
    for (const status of ALL_STATUSES) {
      for (const action of ACTIONS) {
        for (const relation of RELATIONS) {
          const next = expectedNext(status, action, [relation]);
          const d = decide(makeCase({ status }), action, [relation], { rating: 'satisfied' }, RULES);
          expect({ status, action, relation, ok: d.ok, to: d.ok ? d.to : null }).toEqual({
            status,
            action,
            relation,
            ok: next !== null,
            to: next,
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
