/**
 * 重大事项通报 and 征求意见 through the `briefing` function: the office publishes to all its
 * representatives or to chosen activity groups; each one of the audience is told, reads and
 * acknowledges it once, and gives an opinion until the closing day; the office sees who has and
 * has not read it and exports the opinions; the acknowledgements feed the 百分制 count.
 */
import ExcelJS from 'exceljs';
import { RULES } from '../../config/rules';
import type { ApiResult } from '../../types/api';
import type { ActivityGroup, Briefing, BriefingRead, Message, OutboxEntry } from '../../types/domain';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { briefingsAcknowledged, type CountyBriefing, type MyBriefing, type OfficeBriefingDetail } from '../../src/server/usecases/briefings';
import { checked, getAll } from '../../src/server/store';
import { inviteFirstOffice } from '../../src/server/usecases/staff';
import { FixedClock, MONDAY_9AM, OFFICE, quietLog, REP_LI, REP_ZHANG, requestId } from '../harness';

const REP_ZHAO = 'dev-rep-zhao';
const DAY = 86_400_000;
const ALL = ['rep-1', 'rep-2', 'rep-3', 'rep-4', 'rep-5', 'rep-6', 'rep-7', 'rep-8'];
const NEWS = { title: '县委关于乡村振兴重点项目的通报', text: '明年全县安排乡村振兴重点项目十二个，请各位代表知悉并宣传。' };

let rt: LocalRuntime;
let clock: FixedClock;
const GROUPS: ActivityGroup[] = [
  { _id: 'qingxi:g-qingshi', countyId: 'qingxi', name: '青石镇第一活动小组', leaderId: 'rep-1', memberIds: ['rep-1', 'rep-3'] },
  { _id: 'qingxi:g-mixed', countyId: 'qingxi', name: '跨镇调研小组', leaderId: 'rep-5', memberIds: ['rep-5', 'rep-3'] },
  { _id: 'other:g-1', countyId: 'other', name: '外县小组', leaderId: 'rep-2', memberIds: ['rep-2'] },
];

beforeEach(async () => {
  clock = new FixedClock(MONDAY_9AM);
  rt = await openLocalRuntime({ clock, log: quietLog });
  // group import is built elsewhere: the groups as it will store them
  for (const { _id, ...g } of GROUPS) checked(await rt.db.collection('groups').doc(_id).set(g));
});
afterEach(() => rt.close());

const call = <T = unknown>(event: Record<string, unknown>, openid: string | null) => rt.call('briefing', event, openid) as Promise<ApiResult<T>>;
const ok = async <T = any>(event: Record<string, unknown>, openid: string): Promise<T> => {
  const res = await call<T>(event, openid);
  if (!res.ok) throw new Error(`${String(event.action)}: ${res.error.message}`);
  return res.data;
};
const publish = (over: Record<string, unknown> = {}) =>
  ok<CountyBriefing>({ action: 'publish', requestId: requestId(), ...NEWS, audience: 'all', ...over }, OFFICE);
const stored = <T>(name: string) => rt.db.dump().then((d) => (d[name] ?? []) as unknown as T[]);

it('tells every active representative of the county of a briefing to all, in the message centre and through the outbox', async () => {
  const b = await publish();
  expect([b.audienceCount, b.readCount, b.opinionCount, b.audienceText, b.publishedOn]).toEqual([8, 0, 0, '全体党代表', '2026-11-23']);
  const [briefing] = await stored<Briefing>('briefings');
  expect(briefing!.representativeIds).toEqual(ALL);
  const entries = (await stored<OutboxEntry>('outbox')).filter((e) => e.caseId === b.id);
  expect(entries.map((e) => (e.to as { key: string }).key).sort()).toEqual(ALL.map((id) => `representative:qingxi:${id}`));
  expect(entries.every((e) => e.kind === 'briefing_published' && e.page === `/staff/briefings/index?id=${b.id}`)).toBe(true);

  await rt.deliver();
  // the three representatives who use the mini-program have it in their message centre
  const messages = (await stored<Message>('messages')).filter((m) => m.caseId === b.id);
  expect(messages.map((m) => m.to).sort()).toEqual([REP_LI, REP_ZHANG, REP_ZHAO].sort());
  expect(messages[0]).toMatchObject({ kind: 'briefing_published', title: `重大事项通报：${NEWS.title}`, body: '请阅读并确认已阅', read: false });
  const inbox = (await rt.call('messages', { action: 'list' }, REP_ZHAO)) as ApiResult<{ items: Array<{ kind: string; page: string }> }>;
  expect(inbox.ok && inbox.data.items.map((m) => [m.kind, m.page])).toEqual([['briefing_published', `/staff/briefings/index?id=${b.id}`]]);
});

it('reaches exactly the members of the chosen groups, once each, and nobody outside them can open it', async () => {
  const b = await publish({ audience: 'groups', groupIds: ['qingxi:g-qingshi', 'qingxi:g-mixed'], opinionsUntil: '2026-11-30' });
  expect([b.audienceCount, b.audienceText]).toEqual([3, '青石镇第一活动小组、跨镇调研小组']);
  const [briefing] = await stored<Briefing>('briefings');
  expect(briefing!.representativeIds).toEqual(['rep-1', 'rep-3', 'rep-5']);
  expect((await stored<OutboxEntry>('outbox')).map((e) => (e.to as { key: string }).key)).toEqual(
    ['rep-1', 'rep-3', 'rep-5'].map((id) => `representative:qingxi:${id}`),
  );
  await rt.deliver();
  expect((await stored<Message>('messages')).map((m) => m.to).sort()).toEqual([REP_LI, REP_ZHAO].sort());

  // 张建国 (rep-2) is in neither group: the briefing is not his to list, open, acknowledge or answer
  expect((await ok<{ items: MyBriefing[] }>({ action: 'mine' }, REP_ZHANG)).items).toEqual([]);
  const before = await rt.db.dump();
  for (const action of ['open', 'ack'])
    expect(await call({ action, briefingId: b.id }, REP_ZHANG)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '找不到该重大事项通报' } });
  expect(await call({ action: 'opine', briefingId: b.id, opinion: '同意' }, REP_ZHANG)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  // a representative is not the office
  expect(await call({ action: 'detail', briefingId: b.id }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await rt.db.dump()).toEqual(before);
  expect(await ok({ action: 'open', briefingId: b.id }, REP_LI)).toMatchObject({ title: NEWS.title, text: NEWS.text, readAt: null, opinionsOpen: true });
});

describe('publishing again with the same request id', () => {
  const told = async () => (await stored<OutboxEntry>('outbox')).map((e) => (e.to as { key: string }).key).sort();
  const everyone = ALL.map((id) => `representative:qingxi:${id}`);

  it('answers the briefing the first send published: no second briefing, nobody told twice', async () => {
    const again = { requestId: 'brief-retry-0001' };
    const first = await publish(again);
    await rt.deliver();
    const [delivered, entries] = [await stored<Message>('messages'), await stored<OutboxEntry>('outbox')];
    clock.advance(60_000);
    const retried = await publish(again);
    expect(retried).toEqual(first);
    expect(await stored<Briefing>('briefings')).toHaveLength(1);
    // the entries already delivered are left as they are: nothing goes out again
    expect(await stored<OutboxEntry>('outbox')).toEqual(entries);
    expect(await told()).toEqual(everyone);
    await rt.deliver();
    expect(await stored<Message>('messages')).toEqual(delivered);
    // a new request id is a new briefing
    expect((await publish()).id).not.toBe(first.id);
  });

  it('leaves one briefing and one entry per representative when the same request is sent twice at once', async () => {
    const [a, b] = await Promise.all([publish({ requestId: 'brief-twice-0001' }), publish({ requestId: 'brief-twice-0001' })]);
    expect(a.id).toBe(b.id);
    expect(await stored<Briefing>('briefings')).toHaveLength(1);
    expect(await told()).toEqual(everyone);
  });

  it('completes a publish cut short: the retry tells exactly those the first send had not reached', async () => {
    const first = await publish({ requestId: 'brief-crash-0001' });
    await rt.deliver();
    // the first send died after telling some: the entries of rep-2, rep-5 and rep-8 were never written
    const missed = ['rep-2', 'rep-5', 'rep-8'];
    for (const id of missed) checked(await rt.db.collection('outbox').doc(`${first.id}-${id}`).remove());
    for (const m of await stored<Message>('messages'))
      if (m.to === REP_ZHANG || m.to === REP_ZHAO) checked(await rt.db.collection('messages').doc(m._id).remove());
    expect(await told()).toHaveLength(ALL.length - missed.length);

    expect((await publish({ requestId: 'brief-crash-0001' })).id).toBe(first.id);
    expect(await told()).toEqual(everyone);
    const entries = await stored<OutboxEntry>('outbox');
    expect(entries.filter((e) => e.status === 'pending').map((e) => e._id)).toEqual(missed.map((id) => `${first.id}-${id}`));
    await rt.deliver();
    // every one of the audience who uses the mini-program has the briefing once
    expect((await stored<Message>('messages')).map((m) => m.to).sort()).toEqual([REP_LI, REP_ZHANG, REP_ZHAO].sort());
    expect(await stored<Briefing>('briefings')).toHaveLength(1);
  });

  it('never answers another county’s office with this office’s briefing of the same request id', async () => {
    const mine = await publish({ requestId: 'brief-shared-0001' });
    const { code } = await inviteFirstOffice(rt.db, RULES, clock.now(), { countyId: 'other', countyName: '别县', name: '别县办公室' });
    expect((await rt.call('staff', { action: 'redeem', code }, 'dev-office-other')).ok).toBe(true);
    // 别县 has no representatives yet: its own publish is refused, and ours is not handed over
    expect(await call({ action: 'publish', requestId: 'brief-shared-0001', ...NEWS, audience: 'all' }, 'dev-office-other')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '本县还没有在任的党代表' },
    });
    expect((await stored<Briefing>('briefings')).map((b) => b._id)).toEqual([mine.id]);
  });
});

it('refuses a group of another county, groups with an audience to all, and a closing day already past, writing nothing', async () => {
  const before = await rt.db.dump();
  for (const [event, field, message] of [
    [{ audience: 'groups', groupIds: ['other:g-1'] }, 'groupIds', '所选的活动小组有的不在本县，请重新选择'],
    [{ audience: 'groups' }, 'groupIds', '请选择要通报的活动小组'],
    [{ audience: 'all', groupIds: ['qingxi:g-qingshi'] }, 'groupIds', '发给全体党代表时不用选择活动小组'],
    [{ audience: 'all', opinionsUntil: '2026-11-22' }, 'opinionsUntil', '征求意见的截止日期已经过去了'],
    [{ audience: 'all', text: '加群刷单返利，日入过千' }, 'text', '通报内容没有通过微信的内容安全检查，请修改后再发布'],
  ] as const) {
    expect(await call({ action: 'publish', requestId: requestId(), ...NEWS, ...event }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message, fields: { [field]: expect.any(String) } },
    });
  }
  expect(await call({ action: 'publish', requestId: requestId(), ...NEWS, audience: 'all' }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  expect(await rt.db.dump()).toEqual(before);
});

it('counts an acknowledgement once, and shows the office exactly who has not read it', async () => {
  const b = await publish();
  const first = await ok({ action: 'ack', briefingId: b.id }, REP_LI);
  expect(first.readAt).toBe(MONDAY_9AM);
  clock.advance(3600_000);
  const reads = await stored<BriefingRead>('briefingReads');
  const again = await ok({ action: 'ack', briefingId: b.id }, REP_LI);
  expect(again.readAt).toBe(MONDAY_9AM);
  expect(await stored<BriefingRead>('briefingReads')).toEqual(reads);
  expect(reads).toEqual([
    {
      _id: `${b.id}:rep-1`,
      briefingId: b.id,
      countyId: 'qingxi',
      representativeId: 'rep-1',
      representativeName: '李秀英',
      readAt: MONDAY_9AM,
      opinion: null,
      opinionAt: null,
    },
  ]);
  await ok({ action: 'ack', briefingId: b.id }, REP_ZHAO);

  const [listed] = await ok<CountyBriefing[]>({ action: 'county' }, OFFICE);
  expect([listed!.id, listed!.readCount, listed!.audienceCount]).toEqual([b.id, 2, 8]);
  const detail = await ok<OfficeBriefingDetail>({ action: 'detail', briefingId: b.id }, OFFICE);
  expect(detail.read.map((r) => [r.name, r.readAt])).toEqual([
    ['李秀英', MONDAY_9AM],
    ['赵红梅', MONDAY_9AM + 3600_000],
  ]);
  expect(detail.unread.map((r) => [r.name, r.villages.join('、')])).toEqual([
    ['张建国', '桃源村、柳河村、石桥社区'],
    ['陈海燕', '柳河村'],
    ['刘志强', '石桥社区'],
    ['孙立新', '白沙村、红星村、新河社区'],
    ['周桂兰', '红星村'],
    ['吴德明', '新河社区'],
  ]);
});

it('lists a representative’s briefings unread first, then the newest', async () => {
  const older = await publish({ title: '第一份通报' });
  clock.advance(DAY);
  const middle = await publish({ title: '第二份通报' });
  clock.advance(DAY);
  const newest = await publish({ title: '第三份通报' });
  await ok({ action: 'ack', briefingId: newest.id }, REP_LI);
  const mine = await ok<{ unread: number; items: MyBriefing[] }>({ action: 'mine' }, REP_LI);
  expect(mine.unread).toBe(2);
  expect(mine.items.map((i) => [i.id, i.readAt !== null])).toEqual([
    [middle.id, false],
    [older.id, false],
    [newest.id, true],
  ]);
});

it('takes an opinion, checked and changeable, until the closing day, and refuses it after, writing nothing', async () => {
  const b = await publish({ opinionsUntil: '2026-11-25' });
  // words WeChat's check flags are sent back to be changed
  expect(await call({ action: 'opine', briefingId: b.id, opinion: '代开发票找我' }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '意见没有通过微信的内容安全检查，请修改后再提交' },
  });
  const given = await ok({ action: 'opine', briefingId: b.id, opinion: '建议优先安排机耕道项目' }, REP_LI);
  // an opinion acknowledges the briefing too
  expect([given.opinion, given.readAt, given.opined]).toEqual(['建议优先安排机耕道项目', MONDAY_9AM, true]);
  clock.advance(2 * DAY); // Wednesday the 25th, the closing day: still open
  const changed = await ok({ action: 'opine', briefingId: b.id, opinion: '建议优先安排机耕道和饮水项目' }, REP_LI);
  expect([changed.opinion, changed.readAt, changed.opinionAt]).toEqual(['建议优先安排机耕道和饮水项目', MONDAY_9AM, MONDAY_9AM + 2 * DAY]);

  clock.advance(DAY); // the 26th: closed
  const before = await rt.db.dump();
  for (const openid of [REP_LI, REP_ZHANG])
    expect(await call({ action: 'opine', briefingId: b.id, opinion: '再补充一点' }, openid)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: '征求意见已于2026-11-25截止，不能再提交或修改意见' },
    });
  expect(await rt.db.dump()).toEqual(before);
  expect(await ok({ action: 'open', briefingId: b.id }, REP_LI)).toMatchObject({ opinionsOpen: false, opinion: '建议优先安排机耕道和饮水项目' });

  // a briefing that asks for none takes none
  const plain = await publish();
  expect(await call({ action: 'opine', briefingId: plain.id, opinion: '同意' }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: '这份通报没有征求意见' },
  });

  const detail = await ok<OfficeBriefingDetail>({ action: 'detail', briefingId: b.id }, OFFICE);
  expect(detail.opinions.map((o) => [o.name, o.opinion])).toEqual([['李秀英', '建议优先安排机耕道和饮水项目']]);
  expect([detail.opinionCount, detail.readCount]).toEqual([1, 1]);
});

it('exports every member of the audience with their read time and opinion', async () => {
  const b = await publish({ audience: 'groups', groupIds: ['qingxi:g-qingshi', 'qingxi:g-mixed'], opinionsUntil: '2026-11-30' });
  await ok({ action: 'opine', briefingId: b.id, opinion: '建议分批实施' }, REP_LI);
  clock.advance(90 * 60_000);
  await ok({ action: 'ack', briefingId: b.id }, REP_ZHAO);
  const file = await ok<{ fileId: string; fileName: string }>({ action: 'export', briefingId: b.id }, OFFICE);
  expect(file.fileName).toBe(`通报意见_2026-11-23_${NEWS.title}.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await rt.timerCtx().platform.readFile(file.fileId)) as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('阅读和意见')!;
  const rows = [1, 2, 3, 4].map((n) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 16) : v)));
  // times are Beijing's wall clock
  expect(rows).toEqual([
    ['党代表', '联系村(社区)', '阅读时间', '意见', '提出意见时间'],
    ['李秀英', '桃源村', '2026-11-23T09:00', '建议分批实施', '2026-11-23T09:00'],
    ['陈海燕', '柳河村'],
    ['赵红梅', '白沙村', '2026-11-23T10:30'],
  ]);
  expect(sheet.rowCount).toBe(4);
  expect(await call({ action: 'export', briefingId: b.id }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

it('counts, per representative, the briefings acknowledged within a period of the county', async () => {
  const first = await publish({ title: '第一份通报' });
  const second = await publish({ title: '第二份通报' });
  await ok({ action: 'ack', briefingId: first.id }, REP_LI);
  await ok({ action: 'ack', briefingId: first.id }, REP_ZHAO);
  clock.advance(10 * DAY); // 3 December
  await ok({ action: 'ack', briefingId: second.id }, REP_LI);
  await ok({ action: 'ack', briefingId: second.id }, REP_LI);

  expect(await briefingsAcknowledged(rt.timerCtx(), 'qingxi', { from: '2026-11-01', to: '2026-12-31' })).toEqual({ 'rep-1': 2, 'rep-5': 1 });
  expect(await briefingsAcknowledged(rt.timerCtx(), 'qingxi', { from: '2026-11-24', to: '2026-12-03' })).toEqual({ 'rep-1': 1 });
  expect(await briefingsAcknowledged(rt.timerCtx(), 'qingxi', { fromAt: MONDAY_9AM, toAt: MONDAY_9AM })).toEqual({ 'rep-1': 1, 'rep-5': 1 });
  expect(await briefingsAcknowledged(rt.timerCtx(), 'other', { from: '2026-01-01', to: '2026-12-31' })).toEqual({});
  // as read from the store: each acknowledgement is one record
  const reads = await getAll(rt.db.collection<BriefingRead>('briefingReads').where({ representativeId: 'rep-1' }).orderBy('_id', 'asc'));
  expect(reads).toHaveLength(2);
});
