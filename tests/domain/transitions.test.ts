import { RULES } from '../../config/rules';
import { ALL_STATUSES, allowedActions, decide, TRANSITIONS } from '../../src/domain/transitions';
import { makeCase } from '../fixtures';
import { ACTIONS, expectedNext, NEEDS_PENDING_EXTENSION, RELATIONS } from '../rules-table';
import type { CaseAction, CaseStatus } from '../../types/domain';

const NOW = Date.parse('2026-11-24T10:00:00+08:00');
const DUE = { dueDate: '2026-12-14', dueAt: Date.parse('2026-12-14T23:59:59.999+08:00') };
const pending = {
  requestedAt: NOW,
  unitName: '青石镇村镇建设服务中心',
  reason: '需要采购材料',
  fromDate: DUE.dueDate,
  toDate: '2026-12-21',
  status: 'pending',
  decidedAt: null,
  decidedBy: null,
  note: null,
} as const;
/** A township case as the table's guards expect it: due in the future, a pending 延期 where an action needs one. */
const caseFor = (status: CaseStatus, action: CaseAction) =>
  makeCase({ status, level: 'township', ...DUE, extensions: NEEDS_PENDING_EXTENSION.includes(action) ? [pending] : [] });

describe('case state machine', () => {
  it('allows exactly the listed (state, action, role) triples and refuses every other one', () => {
    let checked = 0;
    for (const status of ALL_STATUSES) {
      for (const action of ACTIONS) {
        for (const relation of RELATIONS) {
          const next = expectedNext(status, action, [relation]);
          const d = decide(caseFor(status, action), action, [relation], { rating: 'satisfied' }, RULES, NOW);
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
    expect(decide(makeCase({ status: 'submitted' }), 'sign', ['resident'], {}, RULES, NOW)).toEqual({ ok: false, reason: 'forbidden' });
    expect(decide(makeCase({ status: 'submitted' }), 'sign', ['handler'], {}, RULES, NOW)).toEqual({ ok: false, reason: 'invalid_state' });
  });

  it('sends a dissatisfied rating back for re-assignment while re-assignments are left', () => {
    const c = makeCase({ status: 'replied', reassignCount: RULES.maxReassignments - 1 });
    const d = decide(c, 'rate', ['resident'], { rating: 'dissatisfied' }, RULES, NOW);
    expect(d.ok && d.to).toBe('reassigning');
  });

  it('closes a dissatisfied case as rated once the re-assignments are used up', () => {
    const c = makeCase({ status: 'replied', reassignCount: RULES.maxReassignments });
    const d = decide(c, 'rate', ['resident'], { rating: 'dissatisfied' }, RULES, NOW);
    expect(d.ok && d.to).toBe('closed');
  });

  it('closes on 满意 and 基本满意', () => {
    for (const rating of ['satisfied', 'basic'] as const) {
      const d = decide(makeCase({ status: 'replied' }), 'rate', ['resident'], { rating }, RULES, NOW);
      expect(d.ok && d.to).toBe('closed');
    }
  });

  it('lists the actions a caller may take, combining all their relations', () => {
    const allowed = (status: CaseStatus, relations: Parameters<typeof allowedActions>[1], over = {}) =>
      allowedActions(makeCase({ status, level: 'township', ...DUE, ...over }), relations, RULES, NOW);
    expect(allowed('submitted', ['resident'])).toEqual(['withdraw', 'urge']); // 催办's window is the view's (urgeProblem)
    expect(allowed('submitted', ['representative'])).toEqual(['accept', 'reject', 'answer', 'note']);
    expect(allowed('assigned', ['handler', 'representative'])).toEqual(['sign', 'return', 'note', 'escalate', 'extend']);
    expect(allowed('closed', ['resident'])).toEqual([]);
    expect(allowed('replied', ['resident'])).toEqual(['rate']);
    expect(allowed('handling', ['supervisor'])).toEqual(['note', 'supervise']);
    expect(allowed('handling', ['supervisor'], { extensions: [pending] })).toEqual(['note', 'supervise', 'approve_extension', 'refuse_extension']);
  });

  it('offers 延期 only before the due day has passed, once at a time, up to the limit', () => {
    const c = makeCase({ status: 'handling', level: 'township', ...DUE });
    expect(decide(c, 'extend', ['handler'], {}, RULES, NOW).ok).toBe(true);
    expect(decide(c, 'extend', ['handler'], {}, RULES, DUE.dueAt + 1)).toEqual({
      ok: false,
      reason: 'invalid_state',
      message: '已超过办理期限，不能再申请延期',
    });
    expect(decide({ ...c, extensions: [pending] }, 'extend', ['handler'], {}, RULES, NOW).ok).toBe(false);
    const granted = { ...pending, status: 'approved' as const };
    expect(decide({ ...c, extensions: [granted] }, 'extend', ['handler'], {}, RULES, NOW).ok).toBe(RULES.extensions.maxPerCase > 1);
    expect(decide(c, 'approve_extension', ['assigner'], {}, RULES, NOW)).toEqual({ ok: false, reason: 'invalid_state', message: '没有待审批的延期申请' });
  });

  it('refuses 上报 above the county', () => {
    const c = makeCase({ status: 'handling', level: 'county', ...DUE });
    expect(decide(c, 'escalate', ['handler'], {}, RULES, NOW)).toEqual({ ok: false, reason: 'invalid_state', message: '县级事项已是最高层级，不能再上报' });
    expect(decide({ ...c, level: 'village' }, 'escalate', ['handler'], {}, RULES, NOW).ok).toBe(true);
  });

  it('has every action of the glossary in the table', () => {
    expect(new Set(TRANSITIONS.map((t) => t.action))).toEqual(new Set(ACTIONS));
  });
});
