/** Staff bind by an invitation code the office issues; the workbench shows what their grants allow. */
import { ASSIGNER, BUILD, OFFICE, REP_LI, startHarness, SUP_VILLAGE, type Harness } from '../harness';

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

  it('refuses an expired invitation code', async () => {
    const { code } = await h.ok('office', { action: 'issueInvitation', name: '老李', role: 'assigner', level: 'township', townshipId: 'baisha' }, OFFICE);
    h.clock.advance(8 * 24 * 3600 * 1000);
    expect(await h.api('staff', { action: 'redeem', code }, 'wx-late')).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringContaining('过期') } });
  });

  it('gives each role the work lists it is responsible for', async () => {
    const boxes = async (openid: string) => (await h.ok('staff', { action: 'me' }, openid)).boxes;
    expect(await boxes(REP_LI)).toEqual(['new', 'following', 'done']);
    expect(await boxes(ASSIGNER)).toEqual(['to_assign', 'returned', 'done']);
    expect(await boxes(BUILD)).toEqual(['todo', 'co_handling', 'done']);
    expect(await boxes(SUP_VILLAGE)).toEqual(['supervised', 'done']);
    expect(await boxes(OFFICE)).toEqual(['to_assign', 'returned', 'done', 'county']);
  });
});
