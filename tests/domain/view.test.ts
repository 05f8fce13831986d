import type { Relation } from '../../types/domain';
import { RULES } from '../../config/rules';
import { applyAction } from '../../src/domain/case';
import { createCalendar } from '../../src/domain/calendar';
import { caseView } from '../../src/domain/view';
import { makeCase, unit } from '../fixtures';

const cal = createCalendar();
const now = Date.parse('2026-11-24T10:00:00+08:00');
const view = (c: ReturnType<typeof makeCase>, relations: Relation[]) => caseView(c, { relations, scopes: [] }, cal, RULES, now, [], (id) => `${id}?signed`);

describe('what each caller sees of a case', () => {
  const c = makeCase({
    status: 'handling',
    events: [
      { id: 'e1', action: 'submit', at: 1, actor: { relation: 'resident', name: '王大爷' }, visibility: 'public', from: null, to: 'submitted' },
      {
        id: 'e2',
        action: 'note',
        at: 2,
        actor: { relation: 'handler', name: '黄涛' },
        visibility: 'internal',
        note: '已联系电力所',
        from: 'handling',
        to: 'handling',
      },
    ],
  });

  it('shows the resident their own phone and only public timeline events', () => {
    const v = view(c, ['resident']);
    expect(v.resident).toEqual({ anonymous: false, name: '王大爷', phone: '13912345678', phoneMasked: false });
    expect(v.timeline.map((e) => e.id)).toEqual(['e1']);
  });

  it('shows the handling staff the phone in full and the internal notes', () => {
    for (const r of ['representative', 'assigner', 'handler', 'co_handler'] as Relation[]) {
      const v = view(c, [r]);
      expect(v.resident).toMatchObject({ phone: '13912345678', phoneMasked: false });
      expect(v.timeline.map((e) => e.id)).toEqual(['e1', 'e2']);
    }
  });

  it('masks the phone for supervisors and the office, who do not handle the case', () => {
    for (const r of ['supervisor', 'office'] as Relation[]) {
      expect(view(c, [r]).resident).toEqual({ anonymous: false, name: '王大爷', phone: '139****5678', phoneMasked: true });
    }
  });

  it('never reveals who sent an anonymous case, even to its handlers', () => {
    const anon = makeCase({ resident: { openid: 'o-x', name: null, phone: null, anonymous: true } });
    for (const r of ['representative', 'handler', 'office'] as Relation[]) {
      const v = view(anon, [r]);
      expect(v.resident).toEqual({ anonymous: true });
      expect(JSON.stringify(v)).not.toContain('o-x');
    }
  });

  it('never puts the resident openid in any view', () => {
    expect(JSON.stringify(view(c, ['office']))).not.toContain('o-resident');
    expect(JSON.stringify(view(c, ['resident']))).not.toContain('o-resident');
  });

  it('reports overdue and working days left from the due date', () => {
    const due = makeCase({ status: 'handling', dueDate: '2026-11-23', dueAt: Date.parse('2026-11-23T23:59:59.999+08:00') });
    const v = view(due, ['handler']);
    expect(v.overdue).toBe(true);
    expect(v.workingDaysLeft).toBe(-1);
    expect(view({ ...due, status: 'closed' }, ['handler']).overdue).toBe(false);
  });
});

describe('applying an action', () => {
  const at = Date.parse('2026-11-23T10:00:00+08:00');
  const actor = { relation: 'assigner' as const, name: '何平' };
  const lead = unit({ _id: 'qingshi-build', level: 'township', townshipId: 'qingshi', name: '青石镇村镇建设服务中心' });
  const due = { dueDate: '2026-12-14', dueAt: Date.parse('2026-12-14T23:59:59.999+08:00'), warning: null };

  it('assigns with the deadline, appends the event, and notifies the unit and the resident', () => {
    const c = makeCase({ status: 'accepted' });
    const { next, event, notifications } = applyAction(c, { action: 'assign', level: 'township', lead, coUnits: [], due }, 'assigned', actor, 'public', at);
    expect(next).toMatchObject({ status: 'assigned', level: 'township', unitId: 'qingshi-build', dueDate: '2026-12-14', assignedAt: at, version: 2 });
    expect(next.events).toEqual([event]);
    expect(event).toMatchObject({ action: 'assign', from: 'accepted', to: 'assigned', actor, data: { dueDate: '2026-12-14', again: false } });
    expect(notifications.map((n) => [n.kind, n.to])).toEqual([
      ['case_assigned', { key: 'handler:qingxi:qingshi-build' }],
      ['case_progress', { resident: true }],
    ]);
    expect(notifications[1]!.body).toBe('您反映的问题已交给青石镇村镇建设服务中心处理，预计12月14日前答复。');
  });

  it('counts a re-assignment after dissatisfaction and clears the previous answer', () => {
    const c = makeCase({ status: 'reassigning', reassignCount: 0, outcome: 'resolved', reply: '已修好', rating: 'dissatisfied' });
    const { next } = applyAction(c, { action: 'assign', level: 'township', lead, coUnits: [], due }, 'assigned', actor, 'public', at);
    expect(next).toMatchObject({ reassignCount: 1, outcome: null, reply: null, rating: null });
  });

  it('keeps the plan and expected date only for work started with a plan', () => {
    const c = makeCase({ status: 'handling' });
    const closing = {
      action: 'close' as const,
      outcome: 'in_progress' as const,
      feedbackMethod: 'message' as const,
      reply: '已列入明年计划',
      plan: '春节后开工',
      expectedDate: '2027-03-31',
    };
    expect(applyAction(c, closing, 'replied', actor, 'public', at).next).toMatchObject({ plan: '春节后开工', expectedDate: '2027-03-31' });
    const resolved = { ...closing, outcome: 'resolved' as const };
    expect(applyAction(c, resolved, 'replied', actor, 'public', at).next).toMatchObject({ plan: null, expectedDate: null });
  });

  it('tells the assigner when a unit returns a case', () => {
    const c = makeCase({ status: 'assigned', level: 'township', unitId: 'qingshi-build', unitName: '青石镇村镇建设服务中心' });
    const { next, notifications } = applyAction(c, { action: 'return', reason: '不属于本单位职责' }, 'returned', actor, 'internal', at);
    expect(next.returnCount).toBe(1);
    expect(notifications).toEqual([expect.objectContaining({ kind: 'case_returned', to: { key: 'assigner:qingxi:township:qingshi' } })]);
  });
});
