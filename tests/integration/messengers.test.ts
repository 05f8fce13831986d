/**
 * 民情信使 and 代办党员 through the `messenger` function: the office invites a resident as the
 * messenger of a grid of 桃源村; they accept with the code and pass on neighbours' requests — named
 * with consent, or anonymous — to the grid's representative; they follow them as residents do,
 * rate for the neighbour, and read nothing else; a 代办党员 runs an errand and hands the resident a
 * follow code; the office and the township see what came of what each passed on.
 */
import { RULES } from '../../config/rules';
import type { CaseView } from '../../types/api';
import type { CaseRecord, Grid, Messenger, User } from '../../types/domain';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { identities } from '../../src/runtime/local/demo-county';
import type { MessengerView, PassResult, PassedOn } from '../../src/server/usecases/messengers';
import { checked } from '../../src/server/store';
import {
  ASSIGNER,
  ASSIGNER_BAISHA,
  FixedClock,
  functionCaller,
  MONDAY_9AM,
  OFFICE,
  quietLog,
  REP_LI,
  REP_ZHANG,
  requestId,
  submission,
  SUP_COUNTY,
  WANG,
} from '../harness';

const ZHANG_SAN = 'wx-messenger-zhangsan';
const LI_SI = 'wx-errand-lisi';
const NEIGHBOUR_PHONE = '13955556666';
const MESSENGER_PHONE = '13911112222';

let rt: LocalRuntime;
let clock: FixedClock;
const open = async (errands: boolean) => {
  clock = new FixedClock(MONDAY_9AM);
  rt = await openLocalRuntime({ clock, log: quietLog, rules: { ...RULES, counties: { qingxi: { messengers: { errands } } } } });
  // 桃源村一网格 answers to 张建国 (rep-2) before 李秀英 (rep-1, the village's first); 二网格 has no representative of its own
  const grid = (id: string, name: string, representativeIds: string[]): Omit<Grid, '_id'> => ({
    countyId: 'qingxi',
    code: id,
    townshipId: 'qingshi',
    villageId: 'taoyuan',
    name,
    staffNames: ['网格长'],
    representativeIds,
    backbones: [],
  });
  checked(
    await rt.db
      .collection('grids')
      .doc('g-taoyuan-1')
      .set(grid('g-taoyuan-1', '桃源村一网格', ['rep-2'])),
  );
  checked(
    await rt.db
      .collection('grids')
      .doc('g-taoyuan-2')
      .set(grid('g-taoyuan-2', '桃源村二网格', [])),
  );
};
beforeEach(() => open(true));
afterEach(() => rt.close());

const { call, ok } = functionCaller(() => rt, 'messenger');
const caseCall = functionCaller(() => rt, 'case');

/** A messenger invited by `by` and accepted by `openid`: their term's id. */
async function messengerOf(openid: string, over: Record<string, unknown> = {}, by = OFFICE): Promise<string> {
  const invited = await ok<MessengerView & { code: string }>(
    { action: 'invite', kind: 'messenger', name: '张三', phone: MESSENGER_PHONE, gridId: 'g-taoyuan-1', ...over },
    by,
  );
  await ok({ action: 'accept', code: invited.code }, openid);
  return invited.id;
}
const pass = (messengerId: string, over: Record<string, unknown> = {}, openid = ZHANG_SAN) => {
  const { action: _a, cardCode: _c, phone: _p, name: _n, ...request } = submission();
  return ok<PassResult>({ action: 'pass', messengerId, ...request, name: '王奶奶', phone: NEIGHBOUR_PHONE, consent: true, ...over }, openid);
};
const stored = async (id: string) => checked(await rt.db.collection<CaseRecord>('cases').doc(id).get()).data[0]!;
/** refused with this code, the store unchanged */
async function expectRefused(event: Record<string, unknown>, openid: string | null, code: string, message?: string): Promise<void> {
  const before = await rt.db.dump();
  expect(await call(event, openid)).toMatchObject({ ok: false, error: { code, ...(message ? { message: expect.stringContaining(message) } : {}) } });
  const { limits: _l, ...after } = await rt.db.dump();
  const { limits: _b, ...was } = before;
  expect(after).toEqual(was);
}

describe('invitation', () => {
  it('makes a resident the messenger of a grid by a one-use code, and never staff', async () => {
    const invited = await ok<MessengerView & { code: string }>(
      { action: 'invite', kind: 'messenger', name: '张三', phone: MESSENGER_PHONE, gridId: 'g-taoyuan-1' },
      OFFICE,
    );
    expect(invited).toMatchObject({
      kindText: '民情信使',
      villageName: '桃源村',
      gridName: '桃源村一网格',
      townshipName: '青石镇',
      status: 'invited',
      expiresOn: '2026-11-30',
    });
    expect(await ok({ action: 'accept', code: invited.code.toLowerCase() }, ZHANG_SAN)).toMatchObject({
      id: invited.id,
      kindText: '民情信使',
      gridName: '桃源村一网格',
      active: true,
    });
    // sent again by the same resident (the answer was lost): the same term, nothing changed
    const before = await rt.db.dump();
    expect(await ok({ action: 'accept', code: invited.code }, ZHANG_SAN)).toMatchObject({ id: invited.id, active: true });
    expect(await rt.db.dump()).toEqual(before);
    // one use: nobody else takes the term with the same code
    await expectRefused({ action: 'accept', code: invited.code }, 'wx-someone-else', 'INVALID_STATE', '已经用过');
    // no grant, no user record: the workbench is not theirs
    expect(checked(await rt.db.collection<User>('users').doc(ZHANG_SAN).get()).data).toEqual([]);
    expect(await rt.call('staff', { action: 'me' }, ZHANG_SAN)).toMatchObject({ ok: true, data: { grants: [], boxes: [] } });
    for (const box of ['new', 'following', 'todo', 'county'])
      expect(await rt.call('staff', { action: 'inbox', box }, ZHANG_SAN)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const [fn, action] of [
      ['office', 'ledger'],
      ['office', 'statistics'],
      ['messenger', 'list'],
    ])
      expect(await rt.call(fn, { action }, ZHANG_SAN)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses an expired code, a grid of another township to its assigner, and 代办 where the county does not run it', async () => {
    const invited = await ok<{ code: string }>({ action: 'invite', kind: 'messenger', name: '张三', phone: MESSENGER_PHONE, gridId: 'g-taoyuan-1' }, ASSIGNER);
    clock.advance(8 * 24 * 3600 * 1000);
    await expectRefused({ action: 'accept', code: invited.code }, ZHANG_SAN, 'INVALID_STATE', '已过期');
    await expectRefused({ action: 'accept', code: 'NOSUCHCD' }, ZHANG_SAN, 'NOT_FOUND');
    await expectRefused({ action: 'invite', kind: 'messenger', name: '张三', phone: MESSENGER_PHONE, gridId: 'g-taoyuan-1' }, ASSIGNER_BAISHA, 'NOT_FOUND');
    await expectRefused({ action: 'invite', kind: 'messenger', name: '张三', phone: MESSENGER_PHONE, gridId: 'g-taoyuan-1' }, REP_LI, 'FORBIDDEN');
    await expectRefused({ action: 'invite', kind: 'messenger', name: '张三', phone: MESSENGER_PHONE }, OFFICE, 'INVALID_INPUT');
    await rt.close();
    await open(false);
    await expectRefused(
      { action: 'invite', kind: 'errand', name: '李四', phone: MESSENGER_PHONE, villageId: 'taoyuan' },
      OFFICE,
      'INVALID_STATE',
      '党员代办制',
    );
  });
});

describe('passing on (代为反映)', () => {
  it('sends a named neighbour’s request to the grid’s representative, says so in public, and lets the messenger follow and rate it', async () => {
    const id = await messengerOf(ZHANG_SAN);
    const sent = await pass(id);
    expect(sent).toMatchObject({ created: true, representativeName: '张建国', held: false, next: expect.stringContaining('请转告群众') });
    expect(sent.follow?.code).toMatch(new RegExp(`^${sent.no}-[A-Z0-9]{6}$`));
    const c = await stored(sent.id);
    expect(c).toMatchObject({
      representativeId: 'rep-2',
      villageId: 'taoyuan',
      gridId: 'g-taoyuan-1',
      status: 'submitted',
      resident: { openid: ZHANG_SAN, name: '王奶奶', phone: NEIGHBOUR_PHONE, anonymous: false },
      messenger: { id, name: '张三', kind: 'messenger' },
    });
    // the same request id again: the same case
    expect((await pass(id, { requestId: c.requestId })).id).toBe(sent.id);

    // the representative sees who passed it on, and the neighbour who agreed to be called
    const seen = await caseCall.ok<CaseView>({ action: 'detail', caseId: sent.id }, REP_ZHANG);
    expect(seen.messenger).toEqual({ name: '张三', kind: 'messenger', kindText: '民情信使' });
    expect(seen.resident).toEqual({ anonymous: false, name: '王奶奶', phone: NEIGHBOUR_PHONE, phoneMasked: false });
    expect(seen.timeline[0]).toMatchObject({
      action: 'submit',
      actor: { relation: 'resident', name: '民情信使张三' },
      note: '民情信使张三代邻居反映',
      visibility: 'public',
    });

    // the messenger hears the reply as its resident, and rates for the neighbour
    await caseCall.ok({ action: 'answer', caseId: sent.id, outcome: 'resolved', feedbackMethod: 'message', reply: '路灯已修好' }, REP_ZHANG);
    await rt.deliver();
    const inbox = await rt.call('messages', { action: 'list' }, ZHANG_SAN);
    expect(JSON.stringify(inbox)).toContain('您反映的问题已答复');
    const mine = await caseCall.ok<CaseView>({ action: 'detail', caseId: sent.id }, ZHANG_SAN);
    expect(mine).toMatchObject({ relations: ['resident'], reply: '路灯已修好', actions: expect.arrayContaining(['rate']) });
    const rated = await caseCall.ok<CaseView>({ action: 'rate', caseId: sent.id, rating: 'satisfied' }, ZHANG_SAN);
    expect(rated.timeline.at(-1)).toMatchObject({ action: 'rate', actor: { relation: 'resident', name: '民情信使张三代群众' } });
    expect(`${rated.timeline.at(-1)!.actor.name}${rated.timeline.at(-1)!.actionText}`).toBe('民情信使张三代群众评价');

    const listed = await ok<{ cases: { items: PassedOn[] } }>({ action: 'mine' }, ZHANG_SAN);
    expect(listed.cases.items.map((i) => [i.id, i.neighbour, i.statusText])).toEqual([[sent.id, '王奶奶', expect.any(String)]]);
  });

  it('keeps no phone without the neighbour’s consent, and goes to the village’s representative when the grid has none', async () => {
    const id = await messengerOf(ZHANG_SAN, { gridId: 'g-taoyuan-2' });
    await expectRefused({ action: 'pass', messengerId: id, ...fields(), name: '王奶奶', phone: NEIGHBOUR_PHONE }, ZHANG_SAN, 'INVALID_INPUT', '同意');
    await expectRefused({ action: 'pass', messengerId: id, ...fields(), anonymous: true, name: '王奶奶' }, ZHANG_SAN, 'INVALID_INPUT');
    await expectRefused({ action: 'pass', messengerId: id, ...fields() }, ZHANG_SAN, 'INVALID_INPUT', '称呼');
    const sent = await pass(id, { phone: undefined, consent: false });
    expect(await stored(sent.id)).toMatchObject({ representativeId: 'rep-1', gridId: 'g-taoyuan-2', resident: { name: '王奶奶', phone: null } });
  });

  it('keeps nothing of an anonymous neighbour, and shows no role who they are; the messenger stays a named public role', async () => {
    const id = await messengerOf(ZHANG_SAN);
    const sent = await pass(id, { anonymous: true, name: undefined, phone: undefined, consent: false });
    expect(sent.follow).toBeNull();
    const c = await stored(sent.id);
    expect(c.resident).toEqual({ openid: ZHANG_SAN, name: null, phone: null, anonymous: true });
    expect(c.events[0]!.note).toBe('民情信使张三代匿名群众反映');
    // carried through its handling: accepted, assigned to the village
    await caseCall.ok({ action: 'accept', caseId: sent.id, level: 'village' }, REP_ZHANG);
    await caseCall.ok({ action: 'assign', caseId: sent.id, level: 'village', unitId: 'vc-taoyuan' }, REP_ZHANG);
    let seenBy = 0;
    for (const u of identities) {
      const res = await caseCall.call<CaseView>({ action: 'detail', caseId: sent.id }, u.openid);
      if (!res.ok) continue;
      seenBy++;
      const words = JSON.stringify(res.data);
      expect({ who: u.openid, resident: res.data.resident }).toEqual({ who: u.openid, resident: { anonymous: true } });
      expect({ who: u.openid, messenger: res.data.messenger }).toEqual({ who: u.openid, messenger: { name: '张三', kind: 'messenger', kindText: '民情信使' } });
      for (const secret of [ZHANG_SAN, MESSENGER_PHONE, NEIGHBOUR_PHONE, '王奶奶'])
        expect({ who: u.openid, leaks: words.includes(secret) }).toEqual({ who: u.openid, leaks: false });
    }
    // the representative, the township's assigner, the village's handler and supervisor, the office
    expect(seenBy).toBe(5);
    const own = await caseCall.ok<CaseView>({ action: 'detail', caseId: sent.id }, ZHANG_SAN);
    expect(own.resident).toMatchObject({ anonymous: true, name: null, phone: null });
  });

  it('lets a messenger read only what they passed on, not a neighbour’s own request from the same village', async () => {
    const id = await messengerOf(ZHANG_SAN);
    const theirs = await pass(id);
    const neighbours = (await rt.call('resident', submission(), WANG)) as { data: { id: string } };
    const before = await rt.db.dump();
    for (const action of ['detail', 'rate', 'urge', 'withdraw'])
      expect(await caseCall.call({ action, caseId: neighbours.data.id, ...(action === 'rate' ? { rating: 'satisfied' } : {}) }, ZHANG_SAN)).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    expect(await rt.db.dump()).toEqual(before);
    const listed = await ok<{ cases: { items: PassedOn[] } }>({ action: 'mine' }, ZHANG_SAN);
    expect(listed.cases.items.map((i) => i.id)).toEqual([theirs.id]);
    // someone who is no messenger has no list, and may not pass on through another's term
    await expectRefused({ action: 'mine' }, WANG, 'FORBIDDEN');
    await expectRefused({ action: 'pass', messengerId: id, ...fields(), name: '王奶奶' }, WANG, 'FORBIDDEN');
  });

  it('stops a messenger whose term the township ended, who still follows what they passed on', async () => {
    const id = await messengerOf(ZHANG_SAN, {}, ASSIGNER);
    const sent = await pass(id);
    await expectRefused({ action: 'end', messengerId: id, reason: '搬走了' }, ASSIGNER_BAISHA, 'NOT_FOUND');
    expect(await ok({ action: 'end', messengerId: id, reason: '搬走了' }, ASSIGNER)).toMatchObject({
      status: 'ended',
      statusText: '已卸任',
      endReason: '搬走了',
    });
    await expectRefused({ action: 'pass', messengerId: id, ...fields(), name: '王奶奶' }, ZHANG_SAN, 'INVALID_STATE', '任期已经结束');
    await expectRefused({ action: 'end', messengerId: id, reason: '再次' }, OFFICE, 'INVALID_STATE');
    expect(await caseCall.ok<CaseView>({ action: 'detail', caseId: sent.id }, ZHANG_SAN)).toMatchObject({ relations: ['resident'] });
  });
});

describe('代办', () => {
  it('names the party member running the errand, and the resident who opens the follow code follows the case as its resident', async () => {
    const id = await messengerOf(LI_SI, { kind: 'errand', name: '李四', gridId: undefined, villageId: 'taoyuan' });
    const sent = await pass(id, { name: '周大妈' }, LI_SI);
    const c = await stored(sent.id);
    expect(c).toMatchObject({ representativeId: 'rep-1', gridId: null, messenger: { name: '李四', kind: 'errand' } });
    expect(c.events[0]).toMatchObject({ actor: { name: '党员李四' }, note: '党员李四代办' });
    await expectRefused({ action: 'pass', messengerId: id, ...fields(), anonymous: true }, LI_SI, 'INVALID_INPUT', '代办');

    const ZHOU = 'wx-resident-zhou';
    await expectRefused({ action: 'follow', code: `${sent.no}-AAAAAA` }, ZHOU, 'NOT_FOUND');
    await expectRefused({ action: 'follow', code: sent.follow!.code }, LI_SI, 'INVALID_STATE');
    expect(await ok({ action: 'follow', code: sent.follow!.code.toLowerCase() }, ZHOU)).toEqual({ id: sent.id, no: sent.no });
    // sent again by the same resident (the answer was lost): the same case, not a wrong code
    expect(await ok({ action: 'follow', code: sent.follow!.code }, ZHOU)).toEqual({ id: sent.id, no: sent.no });
    // one use
    await expectRefused({ action: 'follow', code: sent.follow!.code }, 'wx-another', 'NOT_FOUND');
    const view = await caseCall.ok<CaseView>({ action: 'detail', caseId: sent.id }, ZHOU);
    expect(view).toMatchObject({ relations: ['resident'], resident: { name: '周大妈', phone: NEIGHBOUR_PHONE }, messenger: { kindText: '代办党员' } });
    expect((await rt.call('resident', { action: 'myCases' }, ZHOU)) as unknown).toMatchObject({ ok: true, data: { items: [{ id: sent.id }] } });
    // told what its resident is told: the acceptance reaches the member and the resident
    await caseCall.ok({ action: 'accept', caseId: sent.id, level: 'village' }, REP_LI);
    await rt.deliver();
    for (const who of [ZHOU, LI_SI]) {
      const list = (await rt.call('messages', { action: 'list' }, who)) as { data: { items: Array<{ kind: string; caseId: string }> } };
      expect(list.data.items).toContainEqual(expect.objectContaining({ kind: 'case_accepted', caseId: sent.id }));
    }
  });
});

describe('the office’s and the township’s view', () => {
  it('shows each messenger with what they passed on and what came of it, the township its own only', async () => {
    const zhang = await messengerOf(ZHANG_SAN);
    const li = await messengerOf(LI_SI, { kind: 'errand', name: '李四', gridId: undefined, villageId: 'taoyuan' });
    const a = await pass(zhang);
    await pass(zhang, { anonymous: true, name: undefined, phone: undefined, consent: false });
    await caseCall.ok({ action: 'answer', caseId: a.id, outcome: 'resolved', feedbackMethod: 'message', reply: '已修好' }, REP_ZHANG);
    await caseCall.ok({ action: 'rate', caseId: a.id, rating: 'dissatisfied', comment: '还是不亮' }, ZHANG_SAN);
    await pass(li, { name: '周大妈' }, LI_SI);
    // six weeks on, the two open requests nobody accepted are late
    clock.advance(42 * 24 * 3600 * 1000);

    const { messengers, totals } = await ok<{ messengers: MessengerView[]; totals: Record<string, number> }>({ action: 'list' }, OFFICE);
    const byId = new Map(messengers.map((m) => [m.id, m]));
    expect(byId.get(zhang)).toMatchObject({ name: '张三', phone: MESSENGER_PHONE, status: 'active', acceptedOn: '2026-11-23', gridName: '桃源村一网格' });
    expect(byId.get(zhang)!.figures).toMatchObject({ passed: 2, dissatisfied: 1, satisfied: 0, overdue: 1 });
    expect(byId.get(li)!.figures).toMatchObject({ passed: 1, open: 1, overdue: 1 });
    expect(totals).toMatchObject({ passed: 3, dissatisfied: 1 });
    // what the office reads never carries a messenger's WeChat identity
    expect(JSON.stringify(messengers)).not.toContain(ZHANG_SAN);

    const cases = await ok<{ items: Array<{ id: string }>; messenger: MessengerView }>({ action: 'cases', messengerId: zhang }, ASSIGNER);
    expect(cases.items).toHaveLength(2);
    expect(await ok({ action: 'list' }, ASSIGNER)).toMatchObject({ messengers: expect.arrayContaining([expect.objectContaining({ id: zhang })]) });
    expect(await ok({ action: 'list' }, ASSIGNER_BAISHA)).toMatchObject({ messengers: [] });
    await expectRefused({ action: 'cases', messengerId: zhang }, ASSIGNER_BAISHA, 'NOT_FOUND');
    await expectRefused({ action: 'list', townshipId: 'qingshi' }, ASSIGNER_BAISHA, 'FORBIDDEN');
    await expectRefused({ action: 'list' }, SUP_COUNTY, 'FORBIDDEN');
    const stored = checked(await rt.db.collection<Messenger>('messengers').doc(zhang).get()).data[0]!;
    expect(stored.openid).toBe(ZHANG_SAN);
  });
});

/** A request's fields, as `pass` takes them (no card, no neighbour). */
function fields() {
  const { action: _a, cardCode: _c, phone: _p, name: _n, ...request } = submission();
  return { ...request, requestId: requestId() };
}
