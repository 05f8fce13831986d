/**
 * Activity groups (活动小组) through the `group` function and the organisation import: groups
 * imported with their leaders and updated by a re-import, refused row by row; activities logged by
 * a member only, with members only present, on a day neither ahead nor too far back, corrected by
 * whoever logged it against the version they read; the activities each representative attended in
 * their record; the office's view of its county and its workbook.
 */
import ExcelJS from 'exceljs';
import type { ActivityGroup, GroupActivity } from '../../types/domain';
import type { RepresentativeRecord } from '../../src/domain/statistics';
import type { ImportResult } from '../../src/server/usecases/organisation';
import { activitiesAttendedIn, type ActivityView, type CountyGroups, type MyGroups } from '../../src/server/usecases/groups';
import { getById } from '../../src/server/store';
import { OFFICE, REP_LI, REP_ZHANG, requestId, startHarness, tempDir, uploaded, type Harness } from '../harness';

const REP_ZHAO = 'dev-rep-zhao'; // rep-5, of 白沙镇's group, not 青石镇's
const DAY = 24 * 3600_000;

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ uploadsDir: tempDir('lianxin-groups-') });
});
afterEach(() => h.stop());

type Sheets = Record<string, string[][]>;
const HEAD = ['编号', '名称', '组长', '成员'];
const GROUPS: Sheets = {
  活动小组: [HEAD, ['g-east', '东片活动小组', 'rep-1', 'rep-3、rep-4'], ['g-west', '西片活动小组', 'rep-6', 'rep-5，rep-6']],
};

async function importSheets(sheets: Sheets, dryRun = false): Promise<ImportResult> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  const base64 = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
  const fileId = await uploaded(h.runtime, OFFICE, '活动小组.xlsx', base64);
  return h.ok<ImportResult>('office', { action: 'importOrganisation', fileName: '活动小组.xlsx', fileId, dryRun }, OFFICE);
}
const groupCount = (r: ImportResult) => r.counts.find((c) => c.sheet === '活动小组');
const stored = async () => ({ groups: (await h.runtime.db.dump()).groups ?? [], activities: (await h.runtime.db.dump()).groupActivities ?? [] });

/** An inspection by 青石镇's group (rep-1 李秀英, rep-2 张建国 leading, rep-3, rep-4). */
const inspection = (over: Record<string, unknown> = {}) => ({
  action: 'log',
  requestId: requestId(),
  groupId: 'grp-qingshi',
  kind: 'inspection',
  date: '2026-11-20',
  place: '桃源村机耕道',
  subject: '机耕道硬化进度',
  attendeeIds: ['rep-1', 'rep-2'],
  notes: '雨后积水路段约三百米',
  opinions: 4,
  ...over,
});

describe('groups imported with the organisation', () => {
  it('creates the groups with their leaders, the leader counted a member first', async () => {
    const res = await importSheets(GROUPS);
    expect(res).toMatchObject({ applied: true, errors: [] });
    expect(groupCount(res)).toEqual({ sheet: '活动小组', added: 2, updated: 0, unchanged: 0 });
    expect(await getById<ActivityGroup>(h.runtime.db, 'groups', 'qingxi:g-east')).toEqual({
      _id: 'qingxi:g-east',
      code: 'g-east',
      countyId: 'qingxi',
      name: '东片活动小组',
      leaderId: 'rep-1',
      memberIds: ['rep-1', 'rep-3', 'rep-4'],
    });
    expect(await getById<ActivityGroup>(h.runtime.db, 'groups', 'qingxi:g-west')).toMatchObject({ leaderId: 'rep-6', memberIds: ['rep-6', 'rep-5'] });
    // 李秀英 now sees the demo group and the new one, names resolved, the leader first
    const mine = await h.ok<MyGroups>('group', { action: 'mine' }, REP_LI);
    expect(mine.groups.map((g) => [g.name, g.leader.name, g.members.map((m) => m.name)])).toEqual([
      ['青石镇党代表活动小组', '张建国', ['张建国', '李秀英', '陈海燕', '刘志强']],
      ['东片活动小组', '李秀英', ['李秀英', '陈海燕', '刘志强']],
    ]);
    expect(mine).toMatchObject({
      today: '2026-11-23',
      earliest: '2026-09-24',
      kinds: [
        { kind: 'inspection', text: '调研视察' },
        { kind: 'joint_contact', text: '集中联系' },
        { kind: 'visit', text: '走访' },
      ],
    });
  });

  it('updates a group in place on a re-import, and leaves groups alone when the workbook has no 活动小组 sheet', async () => {
    await importSheets(GROUPS);
    expect(groupCount(await importSheets(GROUPS))).toEqual({ sheet: '活动小组', added: 0, updated: 0, unchanged: 2 });
    const edited: Sheets = { 活动小组: [HEAD, ['g-east', '东片调研小组', 'rep-3', 'rep-1、rep-3'], GROUPS['活动小组']![2]!] };
    expect(groupCount(await importSheets(edited))).toEqual({ sheet: '活动小组', added: 0, updated: 1, unchanged: 1 });
    expect(await getById<ActivityGroup>(h.runtime.db, 'groups', 'qingxi:g-east')).toMatchObject({
      name: '东片调研小组',
      leaderId: 'rep-3',
      memberIds: ['rep-3', 'rep-1'],
    });
    const before = (await stored()).groups;
    await importSheets({
      乡镇: [
        ['编号', '名称'],
        ['beishan', '北山镇'],
      ],
    });
    expect((await stored()).groups).toEqual(before);
  });

  it('refuses unknown representatives, a duplicate code and an empty member list row by row, writing no group', async () => {
    const before = await stored();
    const res = await importSheets({
      活动小组: [
        HEAD,
        ['g-1', '一组', 'rep-99', 'rep-1'],
        ['g-2', '二组', 'rep-1', 'rep-2、rep-77、rep-78'],
        ['g-1', '一组重复', 'rep-1', 'rep-2'],
        ['g-4', '四组', 'rep-1', ''],
      ],
    });
    expect(res.applied).toBe(false);
    expect(res.errors).toEqual([
      { sheet: '活动小组', row: 2, message: '「组长」rep-99不在「党代表」表里' },
      { sheet: '活动小组', row: 3, message: '「成员」rep-77、rep-78不在「党代表」表里' },
      { sheet: '活动小组', row: 4, message: '「g-1」与第2行重复' },
      { sheet: '活动小组', row: 5, message: '「成员」不能为空' },
    ]);
    expect(await stored()).toEqual(before);
  });

  it('refuses a representative who left as a member', async () => {
    await h.ok('office', { action: 'deactivateRepresentative', representativeId: 'rep-4', reason: '换届离任', successorId: null }, OFFICE);
    const res = await importSheets({ 活动小组: [HEAD, ['g-1', '一组', 'rep-1', 'rep-3、rep-4']] }, true);
    expect(res.errors).toEqual([{ sheet: '活动小组', row: 2, message: '「成员」rep-4已离任' }]);
  });
});

describe('logging an activity', () => {
  const refused = async (event: Record<string, unknown>, openid: string, code: string, field?: string) => {
    const before = await stored();
    const res = await h.api('group', event, openid);
    expect(res).toMatchObject({ ok: false, error: { code, ...(field ? { fields: { [field]: expect.stringMatching(/[\u4e00-\u9fff]/) } } : {}) } });
    expect(await stored()).toEqual(before);
  };

  it('lets a member log one, with names and words resolved for the page', async () => {
    const a = await h.ok<ActivityView>('group', inspection({ attendeeIds: ['rep-1', 'rep-2', 'rep-1'] }), REP_LI);
    expect(a).toMatchObject({
      countyId: 'qingxi',
      groupId: 'grp-qingshi',
      groupName: '青石镇党代表活动小组',
      kind: 'inspection',
      kindText: '调研视察',
      date: '2026-11-20',
      attendeeIds: ['rep-1', 'rep-2'],
      attendeeNames: ['李秀英', '张建国'],
      opinions: 4,
      photos: [],
      loggedById: 'rep-1',
      loggedByName: '李秀英',
      version: 1,
      editable: true,
    });
    // the other members read it in their groups, and may not correct it
    const mine = await h.ok<MyGroups>('group', { action: 'mine' }, REP_ZHANG);
    expect(mine.groups[0]!.activities.map((x) => [x._id, x.subject, x.editable])).toEqual([[a._id, '机耕道硬化进度', false]]);
    // by the name of who logged it, never their WeChat identity
    expect(JSON.stringify(mine)).not.toContain(REP_LI);
    // another group's member does not see it
    const theirs = await h.ok<MyGroups>('group', { action: 'mine' }, REP_ZHAO);
    expect(theirs.groups.map((g) => [g.name, g.activities.length])).toEqual([['白沙镇党代表活动小组', 0]]);
  });

  it('refuses a representative not of the group, someone else present, a day ahead or too far back, and words that fail the check', async () => {
    await refused(inspection(), REP_ZHAO, 'FORBIDDEN');
    await refused(inspection({ attendeeIds: ['rep-1', 'rep-5'] }), REP_LI, 'INVALID_INPUT', 'attendeeIds');
    await refused(inspection({ date: '2026-11-24' }), REP_LI, 'INVALID_INPUT', 'date');
    await refused(inspection({ date: '2026-09-23' }), REP_LI, 'INVALID_INPUT', 'date');
    await refused(inspection({ notes: '有人在村里搞刷单返利' }), REP_LI, 'INVALID_INPUT', 'subject');
    await refused(inspection({ groupId: 'grp-nowhere' }), REP_LI, 'NOT_FOUND');
    await refused(inspection({ photos: ['/uploads/0123456789abcdef0123456789abcdef.jpg'] }), REP_LI, 'INVALID_INPUT', 'photos');
    await refused(inspection(), OFFICE, 'FORBIDDEN');
    // the first day still open is 60 days back
    expect(await h.ok<ActivityView>('group', inspection({ date: '2026-09-24', kind: 'visit' }), REP_LI)).toMatchObject({ kindText: '走访' });
  });

  it('logs a retried or doubled send once: its attendees count it once', async () => {
    const once = inspection({ requestId: 'log-retry-0001' });
    const first = await h.ok<ActivityView>('group', once, REP_LI);
    h.clock.advance(60_000);
    expect(await h.ok<ActivityView>('group', once, REP_LI)).toEqual(first);
    // a double tap: both sends at once leave one record
    const twice = inspection({ requestId: 'log-twice-0001', date: '2026-11-21' });
    const [a, b] = await Promise.all([h.ok<ActivityView>('group', twice, REP_LI), h.ok<ActivityView>('group', twice, REP_LI)]);
    expect(a._id).toBe(b._id);
    expect((await stored()).activities.map((x) => x._id).sort()).toEqual([first._id, a._id].sort());
    const counts = await activitiesAttendedIn(h.runtime.timerCtx(), 'qingxi', { from: '2026-11-01', to: '2026-11-23' });
    expect(Object.fromEntries(counts)).toEqual({ 'rep-1': 2, 'rep-2': 2 });
  });

  it('keeps one member’s request ids apart from another’s: the same id sent by two members logs two activities', async () => {
    const mine = await h.ok<ActivityView>('group', inspection({ requestId: 'log-shared-0001' }), REP_LI);
    const theirs = await h.ok<ActivityView>('group', inspection({ requestId: 'log-shared-0001', subject: '灌溉渠清淤' }), REP_ZHANG);
    expect(theirs._id).not.toBe(mine._id);
    expect([mine.loggedByName, theirs.loggedByName, theirs.subject]).toEqual(['李秀英', '张建国', '灌溉渠清淤']);
    expect((await stored()).activities).toHaveLength(2);
  });

  it('lets whoever logged it correct it against the version read, within the days it may be logged', async () => {
    const a = await h.ok<ActivityView>('group', inspection(), REP_LI);
    const { action: _a, requestId: _r, groupId: _g, ...fields } = inspection();
    const edit = (over: Record<string, unknown>) => ({ action: 'edit', activityId: a._id, version: 1, ...fields, ...over });
    const fixed = await h.ok<ActivityView>('group', edit({ attendeeIds: ['rep-1', 'rep-2', 'rep-3'], opinions: 6 }), REP_LI);
    expect(fixed).toMatchObject({ version: 2, attendeeNames: ['李秀英', '张建国', '陈海燕'], opinions: 6, createdAt: a.createdAt });
    // a second change from the same stale read is refused: nobody's change is lost unseen
    await refused(edit({ opinions: 1 }), REP_LI, 'CONFLICT');
    await refused(edit({ version: 2 }), REP_ZHANG, 'FORBIDDEN');
    await refused(edit({ version: 2 }), REP_ZHAO, 'NOT_FOUND');
    await refused(edit({ version: 2, attendeeIds: ['rep-1', 'rep-6'] }), REP_LI, 'INVALID_INPUT', 'attendeeIds');
    h.clock.advance(58 * DAY);
    await refused(edit({ version: 2 }), REP_LI, 'INVALID_STATE');
  });
});

describe('the office’s view and the records', () => {
  /** Four activities of 青石镇's group: three in November, one in October. */
  async function logFour(): Promise<void> {
    await h.ok('group', inspection({ date: '2026-11-02', attendeeIds: ['rep-1', 'rep-2'], opinions: 3 }), REP_LI);
    await h.ok('group', inspection({ date: '2026-11-10', kind: 'joint_contact', subject: '集中联系群众', attendeeIds: ['rep-2', 'rep-3'] }), REP_ZHANG);
    await h.ok(
      'group',
      inspection({ date: '2026-11-20', kind: 'visit', subject: '走访困难户', attendeeIds: ['rep-1', 'rep-2', 'rep-4'], opinions: 5 }),
      REP_LI,
    );
    await h.ok('group', inspection({ date: '2026-10-01', attendeeIds: ['rep-1'] }), REP_LI);
  }

  it('counts the activities each representative attended in the period, in the records and for the score', async () => {
    await logFour();
    const november = { from: '2026-11-01', to: '2026-11-23' };
    const { records } = await h.ok<{ records: RepresentativeRecord[] }>('office', { action: 'representativeRecords', ...november }, OFFICE);
    const attended = (id: string) => records.find((r) => r.representativeId === id)!.groupActivities;
    // 李秀英: 2 Nov, 20 Nov; 张建国: 2, 10 and 20 Nov; 陈海燕 10 Nov; 刘志强 20 Nov; 赵红梅 none
    expect(['rep-1', 'rep-2', 'rep-3', 'rep-4', 'rep-5'].map(attended)).toEqual([2, 3, 1, 1, 0]);
    const ctx = h.runtime.timerCtx();
    expect(Object.fromEntries(await activitiesAttendedIn(ctx, 'qingxi', november))).toEqual({ 'rep-1': 2, 'rep-2': 3, 'rep-3': 1, 'rep-4': 1 });
    expect((await activitiesAttendedIn(ctx, 'qingxi', { from: '2026-10-01', to: '2026-11-23' })).get('rep-1')).toBe(3);
    expect((await activitiesAttendedIn(ctx, 'another-county', november)).size).toBe(0);

    const file = await h.ok<{ url: string }>('office', { action: 'exportRepresentativeRecords', ...november }, OFFICE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(`${h.base}${file.url}`)).arrayBuffer());
    const sheet = book.getWorksheet('党代表履职')!;
    const column = (sheet.getRow(1).values as unknown[]).indexOf('参加小组活动（次）');
    const row = sheet.getSheetValues().find((r) => (r as unknown[])?.[1] === '张建国') as unknown[];
    expect(row[column]).toBe(3);
  });

  it('shows the office its county’s groups and the period’s activities, and hands them out as a workbook', async () => {
    await logFour();
    const view = await h.ok<CountyGroups>('group', { action: 'county', from: '2026-11-01', to: '2026-11-23' }, OFFICE);
    expect(view.groups.map((g) => [g.name, g.leader.name, g.activities, g.attendances])).toEqual([
      ['白沙镇党代表活动小组', '孙立新', 0, 0],
      ['青石镇党代表活动小组', '张建国', 3, 7],
    ]);
    expect(view.activities.map((a) => [a.date, a.kindText, a.editable])).toEqual([
      ['2026-11-20', '走访', false],
      ['2026-11-10', '集中联系', false],
      ['2026-11-02', '调研视察', false],
    ]);
    expect(await h.api('group', { action: 'county' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await h.api('group', { action: 'county', from: '2026-11-23', to: '2026-11-01' }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { to: '结束日期不能早于开始日期' } },
    });

    const file = await h.ok<{ url: string; fileName: string }>('group', { action: 'export', from: '2026-11-01', to: '2026-11-23' }, OFFICE);
    expect(file.fileName).toBe('小组活动_2026-11-01_2026-11-23.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(`${h.base}${file.url}`)).arrayBuffer());
    const rows = (name: string) =>
      book
        .getWorksheet(name)!
        .getSheetValues()
        .slice(2)
        .map((r) => (r as unknown[]).slice(1));
    expect(rows('活动小组')).toEqual([
      ['grp-baisha', '白沙镇党代表活动小组', '孙立新', '孙立新、赵红梅、周桂兰、吴德明', 0, 0],
      ['grp-qingshi', '青石镇党代表活动小组', '张建国', '张建国、李秀英、陈海燕、刘志强', 3, 7],
    ]);
    expect(rows('小组活动').map((r) => r.slice(1, 10))).toEqual([
      ['青石镇党代表活动小组', '走访', '桃源村机耕道', '走访困难户', '李秀英、张建国、刘志强', 3, 5, 0, '李秀英'],
      ['青石镇党代表活动小组', '集中联系', '桃源村机耕道', '集中联系群众', '张建国、陈海燕', 2, 4, 0, '张建国'],
      ['青石镇党代表活动小组', '调研视察', '桃源村机耕道', '机耕道硬化进度', '李秀英、张建国', 2, 3, 0, '李秀英'],
    ]);
    expect(rows('小组活动')[0]![0]).toEqual(new Date('2026-11-20T00:00:00Z'));
  });

  it('keeps an activity as it was logged: the stored record holds the ids and names of those present', async () => {
    const a = await h.ok<ActivityView>('group', inspection(), REP_LI);
    const { kindText: _k, photoUrls: _p, editable: _e, ...record } = a;
    // and who logged it, kept on the server: the answer names them only
    expect(await getById<GroupActivity>(h.runtime.db, 'groupActivities', a._id)).toEqual({ ...record, loggedBy: REP_LI });
  });
});
