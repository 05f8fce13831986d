/**
 * 催办: a resident whose case is late, or due within two working days, presses it; once per three
 * working days. The press reaches the representative and whoever holds the case, shows in the
 * timeline and the statistics; a late case gives the resident the representative's phone.
 */
import type { CaseView } from '../../types/api';
import type { Message } from '../../types/domain';
import { getAll } from '../../src/server/store';
import { BUILD, OFFICE, REP_LI, startHarness, submission, WANG, type Harness } from '../harness';

let h: Harness;
afterEach(() => h.stop());
const at = (local: string) => Date.parse(`${local}+08:00`);
const view = (id: string, who = WANG) => h.ok<CaseView>('case', { action: 'detail', caseId: id }, who);
const urge = (id: string) => h.api('case', { action: 'urge', caseId: id }, WANG);
async function told(openid: string): Promise<string[]> {
  await h.runtime.deliver();
  return (await getAll(h.runtime.db.collection<Message>('messages').where({ to: openid, kind: 'case_urged' }).orderBy('_id', 'asc'))).map((m) => m.title);
}

/** A township road case sent on Monday 23 November and signed for by 青石镇村镇建设服务中心 (BUILD). */
async function handlingCase(): Promise<string> {
  h = await startHarness({ now: at('2026-11-23T09:00:00') });
  const { id } = await h.ok('resident', submission(), WANG);
  await h.ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
  await h.ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  await h.ok('case', { action: 'sign', caseId: id }, BUILD);
  return id;
}

it('lets the resident press 催办 from two working days before the due day, once per three working days, reaching the representative and the unit', async () => {
  const id = await handlingCase();
  expect((await view(id)).dueDate).toBe('2026-12-14');

  // too early: refused in words, and not offered
  expect(await urge(id)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '答复期限是12月14日，到期前2个工作日起可以催办' } });
  expect((await view(id)).actions).not.toContain('urge');

  h.clock.t = at('2026-12-10T10:00:00'); // two working days left (11 and 14 December)
  expect((await view(id)).actions).toContain('urge');
  expect(await urge(id)).toMatchObject({ ok: true });
  const pressed = await view(id);
  expect([pressed.urgeCount, pressed.timeline.at(-1)?.actionText, pressed.timeline.at(-1)?.visibility]).toEqual([1, '催办', 'public']);
  const title = `群众催办：事项${pressed.no}12月14日到期，请尽快办理`;
  expect([await told(REP_LI), await told(BUILD)]).toEqual([[title], [title]]);

  // once per three working days: 11, 14 and 15 December
  h.clock.t = at('2026-12-11T10:00:00');
  expect(await urge(id)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: '您12月10日已催办过，12月15日起可以再催办' } });
  expect((await view(id)).urgeNote).toBe('您12月10日已催办过，12月15日起可以再催办');

  // late: pressed again, and the resident is given the representative's number (staff are not shown it here)
  h.clock.t = at('2026-12-15T10:00:00');
  const late = await view(id);
  expect([late.overdue, late.actions.includes('urge'), late.representative.phone]).toEqual([true, true, '13800000001']);
  expect((await view(id, BUILD)).representative.phone).toBeNull();
  expect(await urge(id)).toMatchObject({ ok: true });
  expect((await told(BUILD)).sort()).toEqual([title, `群众催办：事项${pressed.no}已超期（期限12月14日），请尽快办理`].sort());

  const stats = await h.ok('office', { action: 'statistics', from: '2026-11-01', to: '2026-12-31' }, OFFICE);
  expect(stats.urged).toEqual({ times: 2, cases: 1 });
});

it('lets the resident press a late request nobody accepted, which reaches its representative', async () => {
  h = await startHarness({ now: at('2026-11-23T09:00:00') });
  const { id, no, expectedDueDate } = await h.ok('resident', submission(), WANG);
  expect(expectedDueDate).toBe('2026-12-15');
  h.clock.t = at('2026-12-16T10:00:00');
  expect(await urge(id)).toMatchObject({ ok: true });
  expect(await told(REP_LI)).toEqual([`群众催办：事项${no}已超期（期限12月15日），请尽快办理`]);
  expect((await view(id)).representative.phone).toBe('13800000001');
});

it('presses once when the resident taps 催办 twice at once', async () => {
  h = await startHarness({ now: at('2026-11-23T09:00:00') });
  const { id } = await h.ok('resident', submission(), WANG);
  h.clock.t = at('2026-12-16T10:00:00');
  const both = await Promise.all([urge(id), urge(id)]);
  expect(both.filter((r) => r.ok)).toHaveLength(1);
  expect(both.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(INVALID_STATE|CONFLICT)$/) } });
  expect((await view(id)).urgeCount).toBe(1);
  expect(await told(REP_LI)).toHaveLength(1);
});

it('lets the resident press a late case while a handler’s words wait for the content review', async () => {
  const id = await handlingCase();
  await h.ok('case', { action: 'reply', caseId: id, reply: '正在联系施工队，有人说可以网络赌博筹钱' }, BUILD);
  expect((await view(id, OFFICE)).held).not.toBeNull();
  h.clock.t = at('2026-12-15T10:00:00');
  const late = await view(id);
  expect([late.overdue, late.actions.includes('urge'), late.urgeNote]).toEqual([true, true, null]);
  expect(await urge(id)).toMatchObject({ ok: true });
  // the held words still wait for the office, untouched by the press
  expect((await view(id, OFFICE)).held).toMatchObject({ actionText: '进展答复' });
});

it('lets a representative press the unit for a walk-in resident they entered a request for, never themselves', async () => {
  h = await startHarness({ now: at('2026-11-20T09:30:00') });
  await h.ok(
    'staff',
    { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-11-20', representativeIds: ['rep-1', 'rep-2'], residents: 1 },
    REP_LI,
  );
  const entered = await h.ok(
    'staff',
    {
      action: 'enterRequest',
      receptionId: 'rc-ws-taoyuan-2026-11-20',
      requestId: `req-urge-${process.pid}`,
      category: 'road',
      description: '桃源村三组机耕道雨后积水，农机下不了田',
      name: '王大爷',
    },
    REP_LI,
  );
  const press = () => h.api('case', { action: 'urge', caseId: entered.id }, REP_LI);
  h.clock.t = at('2026-12-28T10:00:00'); // late, and still with the representative who entered it
  expect((await view(entered.id, REP_LI)).actions).not.toContain('urge');
  expect(await press()).toMatchObject({ ok: false });
  h.clock.t = at('2026-11-23T10:00:00');
  expect((await view(entered.id, REP_LI)).status).toBe('accepted'); // entered at the desk, accepted there
  await h.ok('case', { action: 'assign', caseId: entered.id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  h.clock.t = at('2026-12-28T10:00:00');
  expect(await press()).toMatchObject({ ok: true });
  expect([await told(REP_LI), (await told(BUILD)).length]).toEqual([[], 1]);
});
