/** Staff bind by an invitation code the office issues; the workbench shows what their grants allow. */
import type { OutboxEntry } from '../../types/domain';
import { RULES } from '../../config/rules';
import { checked, getById } from '../../src/server/store';
import { inviteFirstOffice } from '../../src/server/usecases/staff';
import { ASSIGNER, BUILD, OFFICE, REP_LI, startHarness, submission, SUP_VILLAGE, WANG, type Harness } from '../harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

describe('staff binding and the workbench', () => {
  it('binds a new handler by invitation code, once, and gives them their unit’s work list', async () => {
    const { code } = await h.ok('office', { action: 'issueInvitation', name: '新来的小周', role: 'handler', unitId: 'qingshi-build' }, OFFICE);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const before = await h.ok('staff', { action: 'me' }, 'wx-newcomer');
    expect(before).toMatchObject({ name: null, grants: [], boxes: [] });
    expect(await h.api('staff', { action: 'inbox', box: 'todo' }, 'wx-newcomer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const me = await h.ok('staff', { action: 'redeem', code: code.toLowerCase() }, 'wx-newcomer');
    expect(me).toMatchObject({ name: '新来的小周', grants: [{ role: 'handler', unitId: 'qingshi-build' }] });
    expect(me.boxes).toEqual(['todo', 'co_handling', 'done']);
    expect(await h.ok('staff', { action: 'inbox', box: 'todo' }, 'wx-newcomer')).toMatchObject({ items: [], total: 0 });
    expect(await h.api('staff', { action: 'redeem', code }, 'wx-someone-else')).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('starts a new county from the invitation issued at setup, whose office then invites everyone else', async () => {
    const db = h.runtime.db;
    const { code } = await inviteFirstOffice(db, RULES, h.clock.now(), { countyId: '500231', countyName: '垫江县', name: '刘主任' });
    expect(await getById(db, 'counties', '500231')).toMatchObject({ name: '垫江县' });

    const me = await h.ok('staff', { action: 'redeem', code }, 'wx-dianjiang-office');
    expect(me).toMatchObject({ name: '刘主任', grants: [{ role: 'office', countyId: '500231' }] });
    const next = await h.ok('office', { action: 'issueInvitation', name: '县督办', role: 'supervisor', level: 'county' }, 'wx-dianjiang-office');
    expect(await h.ok('staff', { action: 'redeem', code: next.code }, 'wx-dianjiang-sup')).toMatchObject({
      grants: [{ role: 'supervisor', countyId: '500231' }],
    });

    await expect(inviteFirstOffice(db, RULES, h.clock.now(), { countyId: '500231', countyName: '垫江县', name: '另一个人' })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('已经有办公室账号'),
    });
  });

  it('refuses an expired invitation code', async () => {
    const { code } = await h.ok('office', { action: 'issueInvitation', name: '老李', role: 'assigner', level: 'township', townshipId: 'baisha' }, OFFICE);
    h.clock.advance(8 * 24 * 3600 * 1000);
    expect(await h.api('staff', { action: 'redeem', code }, 'wx-late')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: expect.stringContaining('过期') },
    });
  });

  it('gives each role the work lists it is responsible for', async () => {
    const boxes = async (openid: string) => (await h.ok('staff', { action: 'me' }, openid)).boxes;
    expect(await boxes(REP_LI)).toEqual(['new', 'following', 'done']);
    expect(await boxes(ASSIGNER)).toEqual(['to_assign', 'returned', 'done']);
    expect(await boxes(BUILD)).toEqual(['todo', 'co_handling', 'done']);
    expect(await boxes(SUP_VILLAGE)).toEqual(['overdue', 'supervised', 'done']);
    // the office also follows the cases of representatives who left (新反映, 我跟进的)
    expect(await boxes(OFFICE)).toEqual(['new', 'following', 'to_assign', 'returned', 'overdue', 'held', 'done', 'county']);
  });

  it('delivers to whoever holds the role at delivery time, and marks an entry nobody holds as undeliverable', async () => {
    const { id } = await h.ok('resident', submission(), WANG);
    await h.ok('case', { action: 'accept', caseId: id, category: 'environment', level: 'township' }, REP_LI);
    await h.ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-env' }, REP_LI);
    const { code } = await h.ok('office', { action: 'issueInvitation', name: '新来的小周', role: 'handler', unitId: 'qingshi-env' }, OFFICE);
    await h.ok('staff', { action: 'redeem', code }, 'wx-env-handler');
    await h.runtime.deliver();
    // bound after the assignment, before delivery: the message reaches the new handler
    const inbox = await h.ok('messages', { action: 'list' }, 'wx-env-handler');
    expect(inbox.items.map((m: { caseId: string; kind: string }) => [m.caseId, m.kind])).toEqual([[id, 'case_assigned']]);

    // 代表 rep-3 has no one signed in with that role yet: the entry is set aside, not retried forever
    const unheld = await h.ok('resident', submission({ cardCode: 'QX0003' }), WANG);
    await h.runtime.deliver();
    const { data: entries } = checked(await h.runtime.db.collection<OutboxEntry>('outbox').where({ caseId: unheld.id }).get());
    expect(entries.map((e) => [e.to, e.status])).toEqual([[{ key: 'representative:qingxi:rep-3' }, 'undeliverable']]);
  });
});
