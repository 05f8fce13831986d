/**
 * 重大事项民意 / 坝坝会 through the `matter` function and the village board: 青石镇 puts a road fund to
 * the residents of 桃源村 and 柳河村; residents known there are told; they vote from their board once
 * each inside the window; the result (two thirds passes) and turnout go on the board and into the
 * archive; a meeting held in person decides another by its chair's counts. What each refuses,
 * writing nothing; nothing says who voted.
 */
import { RULES } from '../../config/rules';
import type { ApiResult, NoticeView, Page } from '../../types/api';
import type { Matter } from '../../types/domain';
import { getById } from '../../src/server/store';
import { changeVersioned } from '../../src/server/usecases/versioned';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import type { BoardMatter, MatterView } from '../../src/server/usecases/matters';
import {
  ASSIGNER,
  ASSIGNER_BAISHA,
  FixedClock,
  functionCaller,
  LI_RESIDENT,
  MONDAY_9AM,
  OFFICE,
  quietLog,
  REP_LI,
  requestId,
  submission,
  SUP_TOWNSHIP,
  TAOYUAN,
  TRANSPORT,
  WANG,
} from '../harness';

const ROAD = {
  title: '方山村道路集资',
  body: '村口到小学的道路硬化，直接受益群众每人集资500元，间接受益群众每人集资100元。',
  kind: 'approval',
  mode: 'vote',
  villageIds: ['taoyuan', 'liuhe'],
  opensOn: '2026-11-25',
  closesOn: '2026-12-01',
};

let rt: LocalRuntime;
let clock: FixedClock;
beforeEach(async () => {
  clock = new FixedClock(MONDAY_9AM);
  rt = await openLocalRuntime({ clock, log: quietLog });
});
afterEach(() => rt.close());

const { call, ok } = functionCaller(() => rt, 'matter');
const onDay = (date: string) => (clock.t = Date.parse(`${date}T09:00:00+08:00`));
const board = async (villageId = 'taoyuan', openid: string | null = null) => {
  const res = await rt.call('card', { action: 'board', villageId }, openid);
  if (!res.ok) throw new Error(res.error.message);
  return (res.data as { matters: BoardMatter[] }).matters;
};
/** refused with this code (and message), the store unchanged */
async function expectRefused(event: Record<string, unknown>, openid: string | null, code: string, message?: string): Promise<void> {
  const before = await rt.db.dump();
  const res = await call(event, openid);
  expect(res).toMatchObject({ ok: false, error: { code, ...(message ? { message } : {}) } });
  expect(await rt.db.dump()).toEqual(before);
}
const residents = (n: number, prefix = 'wx-voter') => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
async function voteAll(matterId: string, openids: readonly string[], option: number, villageId = 'taoyuan') {
  for (const openid of openids) await ok({ action: 'vote', matterId, villageId, option }, openid);
}

it('puts a matter to its township’s villages once however often the page sends it, tells each resident known there once, and the board shows how to vote', async () => {
  // 王大爷 twice and 李 once from 桃源村; a resident of 白沙镇 is not told
  for (const [who, card] of [
    [WANG, 'QX0001'],
    [WANG, 'QX0001'],
    [LI_RESIDENT, 'QX0001'],
  ] as const) {
    const res = await rt.call('resident', submission({ cardCode: card }), who);
    if (!res.ok) throw new Error(res.error.message);
  }
  // an anonymous wall post of 桃源村 turned into a case: no resident of its own to tell
  const posted = await rt.call('wall', { action: 'post', villageId: 'taoyuan', text: '村口的路坑坑洼洼' }, 'wx-wall-poster');
  if (!posted.ok) throw new Error(posted.error.message);
  const converted = await rt.call('wall', { action: 'convert', postId: (posted.data as { id: string }).id, category: 'road' }, OFFICE);
  if (!converted.ok) throw new Error(converted.error.message);
  const put = { action: 'open', requestId: requestId(), ...ROAD };
  const m = await ok<MatterView & { told: number }>(put, ASSIGNER);
  // the page sent it twice (the answer was lost on a weak signal): still one matter, nobody told twice
  expect((await ok<MatterView>(put, ASSIGNER)).id).toBe(m.id);
  expect((await rt.db.dump()).matters).toHaveLength(1);
  expect(m).toMatchObject({
    options: [
      { index: 0, text: '同意' },
      { index: 1, text: '不同意' },
    ],
    publisher: '青石镇',
    phase: 'upcoming',
    thresholdText: '三分之二',
    told: 2,
  });
  expect(m.villages).toEqual([
    { id: 'taoyuan', name: '桃源村' },
    { id: 'liuhe', name: '柳河村' },
  ]);
  const outbox = ((await rt.db.dump()).outbox ?? []) as Array<{ kind: string; to: { openid?: string }; title: string }>;
  const told = outbox.filter((e) => e.kind === 'matter_put');
  expect(told.map((e) => e.to.openid).sort()).toEqual([LI_RESIDENT, WANG].sort());
  expect(told[0]!.title).toBe('征求意见：方山村道路集资');
  await rt.deliver();
  const inbox = await rt.call('messages', { action: 'list' }, WANG);
  expect(JSON.stringify(inbox)).toContain('方山村道路集资');

  onDay('2026-11-25');
  const [shown] = await board('liuhe', WANG);
  expect(shown).toMatchObject({ id: m.id, phase: 'open', voted: false, result: null });
  expect(shown!.howTo).toContain('12月1日前');
  expect(await board('baishacun')).toEqual([]);
});

it('passes at exactly two thirds and publishes the result and turnout on the board and the 公开栏, without a word of who voted', async () => {
  const m = await ok<MatterView>({ action: 'open', requestId: requestId(), ...ROAD }, ASSIGNER);
  onDay('2026-11-25');
  const yes = residents(4, 'wx-yes');
  const no = residents(2, 'wx-no');
  await voteAll(m.id, yes.slice(0, 2), 0, 'taoyuan');
  await voteAll(m.id, yes.slice(2), 0, 'liuhe');
  await voteAll(m.id, no, 1);
  expect((await board('taoyuan', yes[0]!))[0]!.voted).toBe(true);
  // the township reads the count so far, not the voters
  const detail = await ok<{ counted: unknown; cast: number }>({ action: 'detail', matterId: m.id }, ASSIGNER);
  expect(detail).toMatchObject({
    counted: [
      { option: '同意', count: 4 },
      { option: '不同意', count: 2 },
    ],
    cast: 6,
  });
  await expectRefused({ action: 'close', matterId: m.id }, ASSIGNER, 'INVALID_STATE', '投票12月1日结束后才能公布结果');
  onDay('2026-12-02');
  const closed = await ok<MatterView>({ action: 'close', matterId: m.id }, TAOYUAN);
  expect(closed.result).toMatchObject({
    cast: 6,
    passed: true,
    chosen: '同意',
    text: '通过（同意4票，共6票，达到三分之二）',
    turnoutText: '6人投票',
    decidedOn: '2026-12-02',
  });
  const [onBoard] = await board('taoyuan');
  expect(onBoard).toMatchObject({ phase: 'decided', howTo: null, result: { passed: true } });
  // and on the 公开栏 of each village it concerns, kept there as the archive
  const notices = await Promise.all(
    ['taoyuan', 'liuhe'].map((villageId) => rt.call('card', { action: 'notices', villageId }, null) as Promise<ApiResult<Page<NoticeView>>>),
  );
  for (const res of notices) {
    expect(res.ok && res.data.items).toEqual([
      expect.objectContaining({
        title: '表决结果：方山村道路集资',
        body: '桃源村、柳河村群众就“方山村道路集资”于11月25日至12月1日网上投票。同意4票，不同意2票；6人投票。结果：通过（同意4票，共6票，达到三分之二）。',
      }),
    ]);
  }
  const dump = await rt.db.dump();
  const stored = JSON.stringify([
    dump.matterVotes,
    dump.matters,
    dump.notices,
    await call({ action: 'detail', matterId: m.id }, OFFICE),
    await board(),
    notices,
  ]);
  for (const openid of [...yes, ...no]) expect(stored).not.toContain(openid);
  expect(Object.keys((dump.matterVotes as object[])[0]!).sort()).toEqual(['_id', 'countyId', 'matterId', 'option', 'villageId']);
  // the archive: the office's county and the township's area; not another township's
  expect((await ok<MatterView[]>({ action: 'list' }, OFFICE)).map((x) => x.id)).toEqual([m.id]);
  expect((await ok<MatterView[]>({ action: 'list', villageId: 'liuhe' }, ASSIGNER)).map((x) => x.id)).toEqual([m.id]);
  expect(await ok<MatterView[]>({ action: 'list' }, ASSIGNER_BAISHA)).toEqual([]);
});

it('fails one vote short of two thirds', async () => {
  const m = await ok<MatterView>({ action: 'open', requestId: requestId(), ...ROAD }, OFFICE);
  onDay('2026-12-01');
  await voteAll(m.id, residents(3, 'wx-yes'), 0);
  await voteAll(m.id, residents(2, 'wx-no'), 1);
  onDay('2026-12-02');
  const closed = await ok<MatterView>({ action: 'close', matterId: m.id }, OFFICE);
  expect(closed.result).toMatchObject({ cast: 5, passed: false, chosen: null, text: '未通过（同意3票，共5票，未达到三分之二）' });
  await expectRefused({ action: 'close', matterId: m.id }, OFFICE, 'INVALID_STATE', '结果已经公布过了');
});

it('refuses a second vote, a vote before or after the window, and one from a village the matter does not concern', async () => {
  const m = await ok<MatterView>({ action: 'open', requestId: requestId(), ...ROAD }, ASSIGNER);
  const vote = { action: 'vote', matterId: m.id, villageId: 'taoyuan', option: 0 };
  await expectRefused(vote, WANG, 'INVALID_STATE', '投票11月25日开始，请到时再来');
  onDay('2026-11-25');
  await ok(vote, WANG);
  await expectRefused({ ...vote, option: 1 }, WANG, 'INVALID_STATE', '您已经投过票了，每人一次');
  await expectRefused({ ...vote, villageId: 'baishacun' }, LI_RESIDENT, 'INVALID_STATE', '只有这件事所涉及村(社区)的群众可以投票');
  await expectRefused({ ...vote, option: 2 }, LI_RESIDENT, 'INVALID_INPUT', '请选择一个选项');
  onDay('2026-12-02');
  await expectRefused(vote, LI_RESIDENT, 'INVALID_STATE', '投票已经结束了');
});

it('keeps one of two votes sent at once by the same WeChat identity', async () => {
  const m = await ok<MatterView>({ action: 'open', requestId: requestId(), ...ROAD }, ASSIGNER);
  onDay('2026-11-25');
  const results = await Promise.all([0, 1, 0].map((option) => call({ action: 'vote', matterId: m.id, villageId: 'taoyuan', option }, WANG)));
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  expect((await rt.db.dump()).matterVotes).toHaveLength(1);
});

it('lets staff put matters only to villages of their own village or township', async () => {
  // 桃源村's unit: its own village, not its neighbour; 白沙镇's assigner: not 青石镇's villages; a county bureau and a supervisor: none
  await expectRefused({ action: 'open', requestId: requestId(), ...ROAD }, TAOYUAN, 'FORBIDDEN');
  expect((await ok<MatterView>({ action: 'open', requestId: requestId(), ...ROAD, villageIds: ['taoyuan'] }, TAOYUAN)).publisher).toBe('桃源村村委会');
  await expectRefused({ action: 'open', requestId: requestId(), ...ROAD }, ASSIGNER_BAISHA, 'FORBIDDEN', '只能向本村(社区)或本乡镇(街道)的群众征求意见');
  await expectRefused({ action: 'open', requestId: requestId(), ...ROAD }, TRANSPORT, 'FORBIDDEN');
  await expectRefused({ action: 'open', requestId: requestId(), ...ROAD }, SUP_TOWNSHIP, 'FORBIDDEN');
  await expectRefused(
    { action: 'open', requestId: requestId(), ...ROAD, villageIds: ['taoyuan', 'baishacun'] },
    OFFICE,
    'INVALID_INPUT',
    '所选的村(社区)须属于同一个乡镇(街道)',
  );
  await expectRefused({ action: 'open', requestId: requestId(), ...ROAD, kind: 'choice' }, ASSIGNER, 'INVALID_INPUT', '请给出2到6个选项');
  // another township's staff may not record, publish or read a matter of 青石镇
  const m = await ok<MatterView>({ action: 'open', requestId: requestId(), ...ROAD, mode: 'meeting' }, ASSIGNER);
  onDay('2026-11-26');
  const meeting = {
    action: 'meeting',
    matterId: m.id,
    date: '2026-11-26',
    place: '村委会坝子',
    attendance: 30,
    counts: [25, 5],
    minutes: '群众议定集资修路。',
  };
  await expectRefused(meeting, ASSIGNER_BAISHA, 'FORBIDDEN');
  await expectRefused({ action: 'detail', matterId: m.id }, ASSIGNER_BAISHA, 'FORBIDDEN');
  await expectRefused({ action: 'close', matterId: m.id }, ASSIGNER_BAISHA, 'FORBIDDEN');
  await expectRefused(meeting, REP_LI, 'FORBIDDEN');
});

it('offers each staff member the villages they may put a matter to: the office its county, a township its own, a village unit its village', async () => {
  const names = async (who: string) =>
    ((await ok({ action: 'villages' }, who)) as Array<{ name: string; townshipName: string }>).map((v) => `${v.townshipName}${v.name}`);
  expect(await names(OFFICE)).toHaveLength(6);
  expect(await names(ASSIGNER)).toEqual(['青石镇柳河村', '青石镇石桥社区', '青石镇桃源村']);
  expect(await names(TAOYUAN)).toEqual(['青石镇桃源村']);
  expect(await call({ action: 'villages' }, TRANSPORT)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

it('decides a 坝坝会 matter by its chair’s counts, and publishes them with the attendance and minutes', async () => {
  const m = await ok<MatterView>(
    { action: 'open', requestId: requestId(), ...ROAD, mode: 'meeting', kind: 'choice', options: ['每人500元', '每人300元', '暂缓'] },
    ASSIGNER,
  );
  onDay('2026-11-25');
  expect((await board())[0]!.howTo).toContain('召开坝坝会');
  await expectRefused({ action: 'vote', matterId: m.id, villageId: 'taoyuan', option: 0 }, WANG, 'INVALID_STATE', '这件事在坝坝会上表决，不在网上投票');
  const meeting = {
    action: 'meeting',
    matterId: m.id,
    date: '2026-11-25',
    place: '桃源村村委会坝子',
    attendance: 60,
    counts: [41, 12, 3],
    minutes: '群众代表冯正祥率先发言，大家充分发表意见后议定。',
  };
  await expectRefused({ ...meeting, counts: [50, 12, 3] }, TAOYUAN, 'INVALID_INPUT', '表决票数合计不能多于到会人数');
  await expectRefused({ ...meeting, counts: [41, 12] }, TAOYUAN, 'INVALID_INPUT');
  await expectRefused({ ...meeting, date: '2026-11-26' }, TAOYUAN, 'INVALID_INPUT', '会议还没有开，开过以后再录入');
  const decided = await ok<MatterView>(meeting, ASSIGNER);
  expect(decided.meeting).toEqual({ date: '2026-11-25', place: '桃源村村委会坝子', attendance: 60, minutes: meeting.minutes, chairName: expect.any(String) });
  expect(decided.result).toMatchObject({ cast: 56, chosen: '每人500元', passed: null, turnoutText: '到会60人，56人表决', decidedByText: '坝坝会表决' });
  expect((await board('liuhe'))[0]).toMatchObject({ phase: 'decided', result: { chosen: '每人500元' } });
  const posted = await rt.call('card', { action: 'notices', villageId: 'liuhe' }, null);
  expect(posted).toMatchObject({
    ok: true,
    data: { items: [{ title: expect.stringMatching(/^表决结果：/), body: expect.stringContaining('召开坝坝会表决') }] },
  });
  await expectRefused(meeting, ASSIGNER, 'INVALID_INPUT', '这件事已经有结果了');
  const stored = ((await rt.db.dump()).matters as unknown as Matter[])[0]!;
  expect(stored.result).toMatchObject({ counts: [41, 12, 3], cast: 56 });
});

it('keeps the threshold the county had when the matter was put', async () => {
  await rt.close();
  rt = await openLocalRuntime({
    clock,
    log: quietLog,
    rules: { ...RULES, counties: { qingxi: { matters: { threshold: { numerator: 3, denominator: 4 } } } } },
  });
  const m = await ok<MatterView>({ action: 'open', requestId: requestId(), ...ROAD }, ASSIGNER);
  expect(m.thresholdText).toBe('3/4');
});

it('leaves a matter undecided when its result cannot be posted on the 公开栏: the decision and the notice are one write', async () => {
  const m = await ok<MatterView>({ action: 'open', requestId: requestId(), ...ROAD }, ASSIGNER);
  onDay('2026-12-02');
  const before = await getById<Matter>(rt.db, 'matters', m.id);
  const failing = new Error('the notice could not be written');
  await expect(
    changeVersioned<Matter, 'result'>(
      rt.timerCtx(),
      'matters',
      m.id,
      '事项',
      () => ({ result: { counts: [0, 0], cast: 0, passed: false, chosen: null, decidedAt: clock.now(), decidedBy: ASSIGNER } }),
      async () => {
        throw failing;
      },
    ),
  ).rejects.toBe(failing);
  expect(await getById<Matter>(rt.db, 'matters', m.id)).toEqual(before);
  // and through the function, the decision brings its notice
  await ok({ action: 'close', matterId: m.id }, ASSIGNER);
  expect((await rt.db.dump()).notices).toHaveLength(1);
});
