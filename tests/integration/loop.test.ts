/**
 * The whole loop through the HTTP API on the embedded store: submit → triage → assign → sign →
 * reply → close → rate, for each outcome, the return path, and dissatisfied → 再交办.
 */
import type { CaseView } from '../../types/api';
import { ASSIGNER, BUILD, LI_RESIDENT, OFFICE, REP_LI, SOCIAL, startHarness, submission, SUP_TOWNSHIP, TRANSPORT, WANG, WATER, type Harness } from '../harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

const DAY = 24 * 3600 * 1000;

async function submitted(over: Record<string, unknown> = {}) {
  return h.ok<{ id: string; no: string; created: boolean }>('resident', submission(over), WANG);
}

async function detail(caseId: string, openid: string): Promise<CaseView> {
  return h.ok('case', { action: 'detail', caseId }, openid);
}

async function messagesOf(openid: string) {
  await h.runtime.deliver();
  return (await h.ok('messages', { action: 'list' }, openid)).items as Array<{ kind: string; caseId: string; title: string; body: string }>;
}

/** Submitted, accepted and routed to 青石镇村镇建设服务中心 by the representative. */
async function assignedToBuild(over: Record<string, unknown> = {}) {
  const { id } = await submitted(over);
  await h.ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
  await h.ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  return id;
}

async function handled(id: string, handler = BUILD) {
  await h.ok('case', { action: 'sign', caseId: id }, handler);
}

describe('the case loop', () => {
  it('carries a resolved case from the card to a 满意 rating, with messages at each step', async () => {
    const card = await h.ok('card', { action: 'get', cardCode: 'QX0001' }, WANG);
    expect(card).toMatchObject({ name: '李秀英', phone: '13800000001', villages: [{ id: 'taoyuan', name: '桃源村' }] });

    const sub = await submitted();
    expect(sub).toMatchObject({ created: true, no: '202611230001' });
    expect((await h.ok('resident', { action: 'myCases' }, WANG)).items.map((c: { id: string }) => c.id)).toEqual([sub.id]);

    // the representative is told, sees it among new cases, with the resident's phone
    expect((await messagesOf(REP_LI)).map((m) => m.kind)).toEqual(['case_submitted']);
    const fresh = await h.ok('staff', { action: 'inbox', box: 'new' }, REP_LI);
    expect(fresh.items.map((c: { id: string }) => c.id)).toEqual([sub.id]);
    const seen = await detail(sub.id, REP_LI);
    expect(seen.resident).toMatchObject({ phone: '13912345678', phoneMasked: false });
    expect(seen.actions).toEqual(['accept', 'reject', 'answer', 'note']);

    await h.ok('case', { action: 'accept', caseId: sub.id, level: 'township' }, REP_LI);
    const options = await h.ok('case', { action: 'routeOptions', caseId: sub.id }, REP_LI);
    expect(options.suggestion).toEqual({ level: 'township', unitId: 'qingshi-build' });
    const assigned = await h.ok<CaseView>('case', { action: 'assign', caseId: sub.id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
    // Mon 23 Nov + 15 working days = Mon 14 Dec
    expect(assigned).toMatchObject({ status: 'assigned', unitName: '青石镇村镇建设服务中心', dueDate: '2026-12-14', workingDaysLeft: 15 });

    const todo = await h.ok('staff', { action: 'inbox', box: 'todo' }, BUILD);
    expect(todo.items.map((c: { id: string }) => c.id)).toEqual([sub.id]);
    expect((await messagesOf(BUILD)).map((m) => m.kind)).toEqual(['case_assigned']);

    h.clock.advance(DAY);
    await h.ok('case', { action: 'sign', caseId: sub.id }, BUILD);
    await h.ok('case', { action: 'note', caseId: sub.id, note: '已联系供电所' }, BUILD);
    await h.ok('case', { action: 'reply', caseId: sub.id, reply: '已报修，供电所本周内更换灯泡。' }, BUILD);
    const closed = await h.ok<CaseView>(
      'case',
      { action: 'close', caseId: sub.id, outcome: 'resolved', feedbackMethod: 'message', reply: '三盏路灯已全部修好，请您查看。' },
      BUILD,
    );
    expect(closed).toMatchObject({ status: 'replied', outcome: 'resolved', outcomeText: '已办结' });

    const kinds = (await messagesOf(WANG)).map((m) => m.kind).sort();
    expect(kinds).toEqual(['case_accepted', 'case_progress', 'case_progress', 'case_replied']);
    const mine = await detail(sub.id, WANG);
    expect(mine).toMatchObject({ status: 'replied', stage: 3, reply: '三盏路灯已全部修好，请您查看。', actions: ['rate'] });
    expect(mine.timeline.some((e) => e.action === 'note')).toBe(false); // internal note hidden from the resident

    const rated = await h.ok<CaseView>('case', { action: 'rate', caseId: sub.id, rating: 'satisfied' }, WANG);
    expect(rated).toMatchObject({ status: 'closed', rating: 'satisfied', ratingText: '满意', actions: [] });
    expect((await messagesOf(REP_LI)).map((m) => m.kind)).toContain('case_closed');
    const timeline = (await detail(sub.id, REP_LI)).timeline.map((e) => e.action);
    expect(timeline).toEqual(['submit', 'accept', 'assign', 'sign', 'note', 'reply', 'close', 'rate']);
  });

  it('closes with a plan and expected date when work has started (已启动办理)', async () => {
    const id = await assignedToBuild();
    await handled(id);
    const missing = await h.api('case', { action: 'close', caseId: id, outcome: 'in_progress', feedbackMethod: 'in_person', reply: '已立项' }, BUILD);
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { plan: expect.any(String), expectedDate: expect.any(String) } } });
    const closed = await h.ok<CaseView>(
      'case',
      {
        action: 'close',
        caseId: id,
        outcome: 'in_progress',
        feedbackMethod: 'in_person',
        reply: '已立项',
        plan: '明年春耕前硬化路面',
        expectedDate: '2027-03-31',
      },
      BUILD,
    );
    expect(closed).toMatchObject({ outcome: 'in_progress', plan: '明年春耕前硬化路面', expectedDate: '2027-03-31', feedbackMethodText: '上门反馈' });
    expect((await h.ok<CaseView>('case', { action: 'rate', caseId: id, rating: 'basic' }, WANG)).status).toBe('closed');
  });

  it('closes as explained (已解释说明) with notice-board feedback', async () => {
    const id = await assignedToBuild();
    await handled(id);
    const closed = await h.ok<CaseView>(
      'case',
      { action: 'close', caseId: id, outcome: 'explained', feedbackMethod: 'notice_board', reply: '该路段属国道，已向上级反映并在公开栏说明。' },
      BUILD,
    );
    expect(closed).toMatchObject({ outcome: 'explained', outcomeText: '已解释说明', feedbackMethod: 'notice_board' });
    expect((await h.ok<CaseView>('case', { action: 'rate', caseId: id, rating: 'satisfied' }, WANG)).status).toBe('closed');
  });

  it('lets the representative answer on the spot (当场答复) or decline with a reason (不予受理)', async () => {
    const a = await submitted();
    const answered = await h.ok<CaseView>(
      'case',
      { action: 'answer', caseId: a.id, outcome: 'explained', feedbackMethod: 'in_person', reply: '这是政策问题，当面给您解释了。' },
      REP_LI,
    );
    expect(answered.status).toBe('replied');
    const b = await submitted();
    const rejected = await h.ok<CaseView>('case', { action: 'reject', caseId: b.id, reason: '属于法院正在审理的案件' }, REP_LI);
    expect(rejected).toMatchObject({ status: 'not_accepted', actions: ['note'] });
    const mine = await detail(b.id, WANG);
    expect(mine.timeline.at(-1)).toMatchObject({ action: 'reject', note: '属于法院正在审理的案件' });
    expect((await messagesOf(WANG)).map((m) => m.kind)).toContain('case_not_accepted');
  });

  it('returns a case to the assigner (退回), who routes it again with a fresh deadline', async () => {
    const id = await assignedToBuild({ category: 'welfare' });
    h.clock.advance(2 * DAY);
    const returned = await h.ok<CaseView>('case', { action: 'return', caseId: id, reason: '低保问题归社会事务办' }, BUILD);
    expect(returned.status).toBe('returned');
    expect((await messagesOf(ASSIGNER)).map((m) => m.kind)).toEqual(['case_returned']);
    const box = await h.ok('staff', { action: 'inbox', box: 'returned' }, ASSIGNER);
    expect(box.items.map((c: { id: string }) => c.id)).toEqual([id]);
    // the representative may no longer route it; the assigner does
    expect(await h.api('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-social' }, REP_LI)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const again = await h.ok<CaseView>('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-social' }, ASSIGNER);
    // Wed 25 Nov + 15 working days = Wed 16 Dec
    expect(again).toMatchObject({ status: 'assigned', unitName: '青石镇社会事务办公室', dueDate: '2026-12-16' });
    expect(await h.api('case', { action: 'sign', caseId: id }, BUILD)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await handled(id, SOCIAL);
    await h.ok('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: '已纳入低保' }, SOCIAL);
    expect((await h.ok<CaseView>('case', { action: 'rate', caseId: id, rating: 'satisfied' }, WANG)).status).toBe('closed');
  });

  it('sends a dissatisfied case back for 再交办 up to the limit, then closes it as rated', async () => {
    const id = await assignedToBuild();
    for (let round = 1; round <= 3; round++) {
      await handled(id);
      await h.ok('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: `第${round}次答复` }, BUILD);
      const noReason = await h.api('case', { action: 'rate', caseId: id, rating: 'dissatisfied' }, WANG);
      expect(noReason).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { comment: expect.any(String) } } });
      const rated = await h.ok<CaseView>('case', { action: 'rate', caseId: id, rating: 'dissatisfied', comment: '路灯还是不亮' }, WANG);
      if (round === 3) {
        expect(rated).toMatchObject({ status: 'closed', rating: 'dissatisfied', reassignCount: 2 });
        break;
      }
      expect(rated.status).toBe('reassigning');
      expect((await messagesOf(ASSIGNER)).filter((m) => m.kind === 'case_reassigning')).toHaveLength(round);
      const waiting = await h.ok('staff', { action: 'inbox', box: 'to_assign' }, ASSIGNER);
      expect(waiting.items.map((c: { id: string }) => c.id)).toEqual([id]);
      h.clock.advance(DAY);
      const again = await h.ok<CaseView>(
        'case',
        { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build', note: '群众不满意，请重新核实' },
        ASSIGNER,
      );
      expect(again).toMatchObject({ status: 'assigned', reassignCount: round, reply: null, rating: null });
    }
  });

  it('routes a county case to a lead unit and a co-handling unit, only the lead closes it', async () => {
    const { id } = await submitted({ category: 'utilities' });
    await h.ok('case', { action: 'accept', caseId: id, level: 'county' }, REP_LI);
    expect((await h.ok('case', { action: 'routeOptions', caseId: id }, REP_LI)).levels).toEqual(['village', 'township']);
    const box = await h.ok('staff', { action: 'inbox', box: 'to_assign' }, OFFICE);
    expect(box.items.map((c: { id: string }) => c.id)).toEqual([id]);
    const assigned = await h.ok<CaseView>(
      'case',
      { action: 'assign', caseId: id, level: 'county', unitId: 'county-water', coUnitIds: ['county-transport'] },
      OFFICE,
    );
    // one calendar month: 23 Dec 2026
    expect(assigned).toMatchObject({ level: 'county', unitName: '县水利局', coUnitNames: ['县交通运输局'], dueDate: '2026-12-23' });
    expect((await h.ok('staff', { action: 'inbox', box: 'co_handling' }, TRANSPORT)).items).toHaveLength(1);
    expect((await detail(id, TRANSPORT)).actions).toEqual(['note']);
    await h.ok('case', { action: 'note', caseId: id, note: '管线在县道下，需要协调' }, TRANSPORT);
    expect(await h.api('case', { action: 'sign', caseId: id }, TRANSPORT)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await handled(id, WATER);
    await h.ok('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: '水管已接通' }, WATER);
  });

  it('hides an anonymous sender from everyone handling the case', async () => {
    const { id } = await submitted({ anonymous: true, phone: undefined, name: undefined });
    for (const who of [REP_LI, OFFICE]) {
      const v = await detail(id, who);
      expect(v.resident).toEqual({ anonymous: true });
      expect(v.timeline[0]!.actor.name).toBe('匿名群众');
    }
    expect((await detail(id, WANG)).resident).toMatchObject({ anonymous: true });
    const both = await h.api('resident', submission({ anonymous: true }), WANG);
    expect(both).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { anonymous: expect.any(String) } } });
  });

  it('masks the phone for supervisors and keeps other residents out', async () => {
    const id = await assignedToBuild();
    expect((await detail(id, SUP_TOWNSHIP)).resident).toMatchObject({ phone: '139****5678', phoneMasked: true });
    expect((await detail(id, OFFICE)).resident).toMatchObject({ phoneMasked: true });
    expect(await h.api('case', { action: 'detail', caseId: id }, LI_RESIDENT)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('makes one case of a double-tapped or retried submission', async () => {
    const event = submission();
    const [a, b] = await Promise.all([h.ok('resident', event, WANG), h.ok('resident', event, WANG)]);
    expect(a.id).toBe(b.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const again = await h.ok('resident', event, WANG);
    expect(again).toMatchObject({ id: a.id, created: false });
    expect((await h.ok('resident', { action: 'myCases' }, WANG)).total).toBe(1);
    expect((await messagesOf(REP_LI)).length).toBe(1);
  });

  it('limits how often one resident can submit', async () => {
    for (let i = 0; i < h.runtime.rules.submit.perHour; i++) await submitted();
    const limited = await h.api('resident', submission(), WANG);
    expect(limited).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(await h.api('resident', submission(), LI_RESIDENT)).toMatchObject({ ok: true });
    h.clock.advance(3600 * 1000 + 1);
    expect(await h.api('resident', submission(), WANG)).toMatchObject({ ok: true });
  });

  it('limits submissions per day as well as per hour', async () => {
    const { perHour, perDay } = h.runtime.rules.submit;
    for (let sent = 0; sent < perDay; sent++) {
      if (sent > 0 && sent % perHour === 0) h.clock.advance(3600 * 1000 + 1);
      await submitted();
    }
    h.clock.advance(3600 * 1000 + 1);
    expect(await h.api('resident', submission(), WANG)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    h.clock.advance(24 * 3600 * 1000);
    expect(await h.api('resident', submission(), WANG)).toMatchObject({ ok: true });
  });

  it('numbers cases per day in Shanghai time', async () => {
    expect((await submitted()).no).toBe('202611230001');
    expect((await submitted()).no).toBe('202611230002');
    h.clock.advance(15 * 3600 * 1000); // 00:00 the next day in Shanghai
    expect((await submitted()).no).toBe('202611240001');
  });
});
