/**
 * 民意回音墙 through the `wall` function: anonymous posts, the content check's holds released or
 * rejected by the office, public replies against the working-day clock (across the National Day
 * holiday), 逾期, 督办 and reminders from the remind timer, 转为事项, and the office's figures.
 */
import { RULES } from '../../config/rules';
import type { ApiResult } from '../../types/api';
import type { CaseRecord, OutboxEntry, Village, WallPost } from '../../types/domain';
import type { CodeTarget } from '../../src/server/ctx';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { BUILD, FixedClock, LI_RESIDENT, OFFICE, quietLog, SUP_COUNTY, TAOYUAN, WANG } from '../harness';
import { checked, getById } from '../../src/server/store';

let rt: LocalRuntime;
let clock: FixedClock;
const at = (iso: string) => Date.parse(`${iso}+08:00`);

beforeEach(async () => {
  // Wednesday before the National Day holiday (10-01..07; Saturday 10-10 is worked)
  clock = new FixedClock(at('2026-09-30T10:00'));
  rt = await openLocalRuntime({ clock, log: quietLog, rules: RULES });
});
afterEach(() => rt.close());

const call = (event: Record<string, unknown>, openid: string | null) => rt.call('wall', event, openid) as Promise<ApiResult<Record<string, unknown>>>;
const ok = async <T = Record<string, unknown>>(event: Record<string, unknown>, openid: string | null): Promise<T> => {
  const res = await call(event, openid);
  if (!res.ok) throw new Error(`${String(event.action)}: ${res.error.message}`);
  return res.data as T;
};
const post = (text: string, openid = WANG, villageId = 'taoyuan') => ok<{ id: string; no: string; held: boolean }>({ action: 'post', villageId, text }, openid);
const wall = async (villageId = 'taoyuan') =>
  (await ok<{ items: Array<Record<string, unknown>> }>({ action: 'list', villageId, page: 1, pageSize: 20 }, LI_RESIDENT)).items;
const posts = async () => ((await rt.db.dump()).wallPosts ?? []) as unknown as WallPost[];

it('puts a passed post up at once, holds a flagged one for the office, which releases one and keeps the other off the wall', async () => {
  const up = await post('村口路灯坏了一个月');
  expect(up).toMatchObject({ held: false, no: '2026-00001' });
  const held = await post('加微信刷单返利，日结');
  const other = await post('有人在群里说刷单返利');
  expect([held.held, other.held]).toEqual([true, true]);
  expect((await wall()).map((p) => p.id)).toEqual([up.id]);
  const pending = await ok<{ items: Array<{ _id: string }> }>({ action: 'pending', page: 1, pageSize: 10 }, OFFICE);
  expect(pending.items.map((p) => p._id)).toEqual([held.id, other.id]);
  // a unit does not review; the office does, once
  expect(await call({ action: 'release', postId: held.id }, TAOYUAN)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await ok({ action: 'release', postId: held.id }, OFFICE)).toMatchObject({ status: 'open', publishedOn: '2026-09-30', dueDate: '2026-10-15' });
  expect(await ok({ action: 'reject', postId: other.id, reason: '含有广告' }, OFFICE)).toMatchObject({ status: 'rejected' });
  expect(await call({ action: 'release', postId: other.id }, OFFICE)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  expect((await wall()).map((p) => p.id)).toEqual([held.id, up.id]);
});

it('refuses a post of only emoji or punctuation, writing nothing', async () => {
  expect(await call({ action: 'post', villageId: 'taoyuan', text: '😡😡😡！！！' }, WANG)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '填写有误：留言不能只有表情或符号，请用文字填写' },
  });
  expect(await posts()).toEqual([]);
  expect((await rt.db.dump()).limits ?? []).toEqual([]);
});

it.each([['1️⃣2️⃣3️⃣'], ['\u1160'], ['１'], ['好']])('refuses a post that only looks like words (%s), writing nothing', async (text) => {
  expect(await call({ action: 'post', villageId: 'taoyuan', text }, WANG)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: expect.stringMatching(/表情/) },
  });
  expect(await posts()).toEqual([]);
});

it('refuses a reply of only emoji, leaving the post unanswered', async () => {
  const p = await post('桃源村小学门口没有减速带');
  expect(await call({ action: 'reply', postId: p.id, text: '👍' }, TAOYUAN)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '填写有误：回复内容不能只有表情或符号，请用文字填写' },
  });
  expect((await posts())[0]).toMatchObject({ status: 'open', reply: null });
});

it('limits posting per WeChat identity, in a record that does not name the post', async () => {
  for (let i = 0; i < RULES.wall.perHour; i++) await post(`第${i + 1}条意见：垃圾清运不及时`);
  expect(await call({ action: 'post', villageId: 'taoyuan', text: '再说一条' }, WANG)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  // another identity is not held back by it
  await post('我也有意见', LI_RESIDENT);
});

it('keeps the poster unknown to everyone: no post, answer, figure, case made from it or limit record holds their openid', async () => {
  const p = await post('桃源村小学门口没有减速带', 'wx-anon-poster-7');
  await ok({ action: 'reply', postId: p.id, text: '已报镇里，下周安装' }, TAOYUAN);
  const made = await ok<{ case: { id: string; no: string } }>({ action: 'convert', postId: p.id, category: 'road' }, OFFICE);
  const answers = JSON.stringify([
    await wall(),
    await ok({ action: 'figures' }, OFFICE),
    await ok({ action: 'assigned' }, TAOYUAN),
    await rt.call('case', { action: 'detail', caseId: made.case.id }, OFFICE),
  ]);
  expect(answers).not.toContain('wx-anon-poster-7');
  const dump = await rt.db.dump();
  const holding = Object.entries(dump).flatMap(([name, docs]) => docs.filter((d) => JSON.stringify(d).includes('wx-anon-poster-7')).map((d) => [name, d]));
  // nothing stored holds it, not even the limit on posting, kept under a pseudonym of the identity
  expect(holding).toEqual([]);
  const limits = dump.limits ?? [];
  expect(limits.map((l) => l._id)).toEqual([expect.stringMatching(/^wall:[0-9a-f]{32}$/)]);
  // and the limit record names neither the post nor its wall
  expect(JSON.stringify(limits)).not.toContain(p.id);
  expect(JSON.stringify(limits)).not.toContain('taoyuan');
  const stored = (await posts())[0]!;
  expect(stored).not.toHaveProperty('createdAt');
  expect(stored.postedOn).toBe('2026-09-30');
});

it('lets only the post’s village unit reply, shows the working days it took, and marks a late one 逾期 in public', async () => {
  const mine = await post('柳河村的渠道堵了', WANG, 'liuhe');
  // another village's unit, and the township's, are refused
  expect(await call({ action: 'reply', postId: mine.id, text: '我们来修' }, TAOYUAN)).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN', message: '只有这个村(社区)或所属乡镇(街道)的单位可以回复这条留言' },
  });
  expect(await call({ action: 'reply', postId: mine.id, text: '我们来修' }, BUILD)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect((await posts())[0]).toMatchObject({ status: 'open', reply: null, version: 1 });

  const a = await post('垃圾桶太少');
  const b = await post('晚上路太黑');
  // a: on the due day (the holiday not counted); b: the day after it
  clock.t = at('2026-10-15T17:00');
  await ok({ action: 'reply', postId: a.id, text: '已添置十个垃圾桶' }, TAOYUAN);
  clock.t = at('2026-10-16T10:00');
  await ok({ action: 'reply', postId: b.id, text: '路灯已装' }, TAOYUAN);
  expect(await call({ action: 'reply', postId: b.id, text: '再答一次' }, TAOYUAN)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  const shown = await wall();
  expect(shown.map((p) => [p.text, (p.reply as { workingDays: number }).workingDays, p.late, p.lateText])).toEqual([
    ['晚上路太黑', 8, true, '逾期'],
    ['垃圾桶太少', 7, false, null],
  ]);
  const figures = await ok<{ villages: Array<{ villageName: string; posts: number; replied: number; late: number; onTime: { percent: number } }> }>(
    { action: 'figures' },
    OFFICE,
  );
  expect(figures.villages.map((v) => [v.villageName, v.posts, v.replied, v.late, v.onTime.percent])).toEqual([
    ['桃源村', 2, 2, 1, 50],
    ['柳河村', 1, 0, 1, 0],
  ]);
});

it('turns a post into a routed, anonymous case once, and the wall shows its number', async () => {
  const p = await post('村道塌了一段，很危险');
  expect(await call({ action: 'convert', postId: p.id, category: 'road' }, BUILD)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const view = await ok<{ case: { id: string; no: string } }>({ action: 'convert', postId: p.id, category: 'road' }, TAOYUAN);
  const c = ((await rt.db.dump()).cases as unknown as CaseRecord[]).find((x) => x._id === view.case.id)!;
  expect([c.status, c.wallPostId, c.villageId, c.resident.anonymous, c.resident.name, c.representativeName]).toEqual([
    'accepted',
    p.id,
    'taoyuan',
    true,
    null,
    expect.any(String),
  ]);
  expect(c.resident.openid).toBe(`entered:${c._id}`);
  // assignable like any accepted request
  expect(c.dueDate).toBeTruthy();
  expect(await call({ action: 'convert', postId: p.id, category: 'road' }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: `这条留言已经转为事项（编号${c.no}）` },
  });
  expect((await wall())[0]).toMatchObject({ caseNo: c.no });
});

it('reminds the unit before the due day, presses it past it once however often the timer runs, and 督办 reaches it', async () => {
  const p = await post('菜市场污水横流');
  const told = async () =>
    (((await rt.db.dump()).outbox ?? []) as unknown as OutboxEntry[])
      .filter((e) => e.kind.startsWith('wall_'))
      .sort((x, y) => x.createdAt - y.createdAt || x._id.localeCompare(y._id))
      .map((e) => [e.kind, (e.to as { key: string }).key]);
  expect(await told()).toEqual([['wall_posted', 'handler:qingxi:vc-taoyuan']]);
  const run = async (iso: string) => {
    clock.t = at(iso);
    const res = await rt.runTimer('remind');
    if (!res.ok) throw new Error(res.error.message);
    return (await told()).slice(1);
  };
  // due 2026-10-15: reminded two days before at nine; the day after, overdue to the unit, the office and the county's leaders
  expect(await run('2026-10-13T08:59')).toEqual([]);
  expect(await run('2026-10-13T09:00')).toEqual([['wall_reminder', 'handler:qingxi:vc-taoyuan']]);
  expect(await run('2026-10-13T12:00')).toHaveLength(1);
  expect((await run('2026-10-16T09:00')).slice(1)).toEqual([
    ['wall_overdue', 'handler:qingxi:vc-taoyuan'],
    ['wall_overdue', 'office:qingxi'],
    ['wall_overdue', 'supervisor:qingxi:county'],
  ]);
  expect(await run('2026-10-16T11:00')).toHaveLength(4);
  expect((await posts())[0]).toMatchObject({ overdue: true });
  await ok({ action: 'supervise', postId: p.id, note: '请今天内回复' }, SUP_COUNTY);
  expect((await told()).at(-1)).toEqual(['wall_supervised', 'handler:qingxi:vc-taoyuan']);
  // answered, the clock stops
  await ok({ action: 'reply', postId: p.id, text: '已清理' }, TAOYUAN);
  expect(await run('2026-10-25T09:00')).toHaveLength(5);
});

describe('the wall clock on working days, caught up like a case’s', () => {
  const told = async () =>
    (((await rt.db.dump()).outbox ?? []) as unknown as OutboxEntry[])
      .filter((e) => e.kind === 'wall_reminder' || e.kind === 'wall_overdue')
      .sort((x, y) => x.createdAt - y.createdAt || x._id.localeCompare(y._id))
      .map((e) => [e.kind, (e.to as { key: string }).key, e.title]);
  const run = async (iso: string) => {
    clock.t = at(iso);
    const res = await rt.runTimer('remind');
    if (!res.ok) throw new Error(res.error.message);
    return told();
  };
  const overdue = '桃源村回音墙留言已超过回复期限（12月15日）';
  const pressed = [
    ['wall_overdue', 'handler:qingxi:vc-taoyuan', overdue],
    ['wall_overdue', 'office:qingxi', overdue],
    ['wall_overdue', 'supervisor:qingxi:county', overdue],
  ];

  beforeEach(async () => {
    // posted Friday 2026-12-04: due Tuesday 12-15, the 7th working day after
    clock.t = at('2026-12-04T10:00');
    await post('小区门口积水严重');
    expect((await posts())[0]).toMatchObject({ dueDate: '2026-12-15', overdue: false });
  });

  it('reminds two working days before and on the due day, marks it overdue when the day ends, and presses every three working days — never on a weekend', async () => {
    expect(await run('2026-12-11T09:00')).toEqual([['wall_reminder', 'handler:qingxi:vc-taoyuan', '桃源村回音墙留言12月15日到期']]);
    // Sunday 12-13 (two calendar days before) sends nothing
    expect(await run('2026-12-13T09:00')).toHaveLength(1);
    expect((await run('2026-12-15T09:00')).at(-1)).toEqual(['wall_reminder', 'handler:qingxi:vc-taoyuan', '桃源村回音墙留言今天到期']);
    expect(await run('2026-12-16T00:30')).toHaveLength(2);
    expect((await posts())[0]).toMatchObject({ overdue: true });
    expect((await run('2026-12-16T09:00')).slice(2)).toEqual(pressed);
    // Saturday 12-19 (three calendar days on) sends nothing; the third working day, Monday 12-21, presses again
    expect(await run('2026-12-19T09:00')).toHaveLength(5);
    expect((await run('2026-12-21T09:00')).slice(5)).toEqual(pressed);
  });

  it('marks a post found past its due day by a late sweep overdue at once and presses the office and supervisors, skipping the stale reminders', async () => {
    // nothing ran since it was posted: the first sweep is the day after the due day
    expect(await run('2026-12-16T10:00')).toEqual(pressed);
    expect((await posts())[0]).toMatchObject({ overdue: true, nextReminderAt: at('2026-12-21T09:00') });
    expect(await run('2026-12-16T11:00')).toHaveLength(3);
    expect((await run('2026-12-21T09:00')).slice(3)).toEqual(pressed);
  });

  it('reads a cursor kept under the calendar-day clock’s former keys by its time: the press at that instant is sent', async () => {
    // as an earlier version left it: its next point, the first overdue press at 9:00 on 12-16, under the key overdue-0
    const [stored] = await posts();
    checked(
      await rt.db
        .collection('wallPosts')
        .doc(stored!._id)
        .update({ nextReminderAt: at('2026-12-16T09:00'), nextReminderKey: 'overdue-0' }),
    );
    expect(await run('2026-12-16T09:00')).toEqual(pressed);
  });
});

it('gives the office a code for each village’s wall, opening that wall, made once and kept', async () => {
  await rt.close();
  const made: CodeTarget[] = [];
  rt = await openLocalRuntime({
    clock,
    log: quietLog,
    rules: RULES,
    platform: {
      codeImage: async (target) => {
        made.push(target);
        return Buffer.from(JSON.stringify(target));
      },
    },
  });
  const codes = await ok<Array<{ villageId: string; villageName: string; townshipName: string; fileId: string; url: string }>>({ action: 'codes' }, OFFICE);
  expect(codes.map((c) => [c.villageId, c.villageName, c.townshipName])).toEqual([
    ['baishacun', '白沙村', '白沙镇'],
    ['hongxing', '红星村', '白沙镇'],
    ['liuhe', '柳河村', '青石镇'],
    ['shiqiao', '石桥社区', '青石镇'],
    ['taoyuan', '桃源村', '青石镇'],
    ['xinhe', '新河社区', '白沙镇'],
  ]);
  expect(made).toContainEqual({ page: 'wall', villageId: 'taoyuan' });
  expect(made).toHaveLength(6);
  const taoyuan = codes.find((c) => c.villageId === 'taoyuan')!;
  expect(taoyuan.fileId).toMatch(/^\/uploads\/walls\/local\/v[0-9a-f]{24}\.png$/);
  expect(taoyuan.url).toContain(taoyuan.fileId);
  expect((await getById<Village>(rt.db, 'villages', 'taoyuan'))?.wallCodeFileIds).toEqual({ local: taoyuan.fileId });
  // printed again: the kept images, none made anew
  expect((await ok<typeof codes>({ action: 'codes' }, OFFICE)).map((c) => c.fileId)).toEqual(codes.map((c) => c.fileId));
  expect(made).toHaveLength(6);
  // the office's alone
  for (const who of [TAOYUAN, SUP_COUNTY, WANG]) expect(await call({ action: 'codes' }, who)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

it('makes a village’s wall code open the wall page with the village (the local one: its h5 address)', async () => {
  const { codeUrl } = await import('../../src/runtime/local/platform');
  expect(codeUrl('http://x', { page: 'wall', villageId: 'qingxi:taoyuan' })).toBe('http://x/#/pages/wall/index?village=qingxi%3Ataoyuan');
});
