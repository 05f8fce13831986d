/**
 * 三联动: the village's list before a reception day (open requests, those raised since the last
 * session, items gathered by hand and entered at the session); the township's monthly problem
 * meeting taking an overdue case and pressing it with a new date (due day, timeline, reminders,
 * the unit told), recorded once, corrected by version, idempotent; the county's inspections drawn
 * from a recorded seed, their findings in the records and, where the county's table has the item,
 * in the 百分制; the 通报 workbook; and who may do what.
 */
import ExcelJS from 'exceljs';
import type { CaseView } from '../../types/api';
import type { CaseRecord, Inspection, Message } from '../../types/domain';
import { drawSessions, sessionKey } from '../../src/domain/linkage';
import type { RepresentativeRecord } from '../../src/domain/statistics';
import { ANONYMOUS_LINE, type LinkageDesk, type MeetingsYear, type MeetingView, type PreReceptionList } from '../../src/server/usecases/linkage';
import type { SubmitResult } from '../../src/server/usecases/submit';
import { getAll, getById } from '../../src/server/store';
import {
  ASSIGNER,
  ASSIGNER_BAISHA,
  BUILD,
  OFFICE,
  REP_LI,
  REP_ZHANG,
  SOCIAL,
  startHarness,
  submission,
  SUP_COUNTY,
  SUP_TOWNSHIP,
  TAOYUAN,
  tempDir,
  WANG,
  type Harness,
} from '../harness';

const at = (local: string) => Date.parse(`${local}+08:00`);
let h: Harness;
afterEach(() => h.stop());

describe('接待前民意清单', () => {
  it('lists an anonymous request without its words, to the village’s staff and everyone else who reads the list', async () => {
    h = await startHarness({ now: at('2026-11-23T09:00:00') });
    const words = '村干部优亲厚友，低保名额给了自己亲戚';
    const sent = await h.ok<SubmitResult>('resident', submission({ description: words, anonymous: true, name: undefined, phone: undefined }), WANG);
    for (const who of [TAOYUAN, ASSIGNER, REP_LI]) {
      const list = await h.ok<PreReceptionList>('linkage', { action: 'list', workroomId: 'ws-taoyuan' }, who);
      expect(list.open.find((c) => c.id === sent.id)).toMatchObject({ description: ANONYMOUS_LINE, categoryText: '道路交通' });
      expect(JSON.stringify(list)).not.toContain('优亲厚友');
    }
  });

  it('shows the village’s open requests and those raised since the last session, with items gathered by hand, entered at the session', async () => {
    h = await startHarness({ now: at('2026-11-19T10:00:00'), uploadsDir: tempDir('lianxin-linkage-') });
    const before = await h.ok<SubmitResult>('resident', submission({ description: '村口到小学的路灯坏了两个月，晚上很危险' }), WANG);
    h.clock.t = at('2026-11-20T11:00:00');
    await h.ok(
      'staff',
      { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-11-20', representativeIds: ['rep-1'], residents: 3 },
      REP_LI,
    );
    h.clock.t = at('2026-11-23T09:00:00');
    const since = await h.ok<SubmitResult>('resident', submission({ category: 'environment', description: '三组垃圾池满了一周没人清运，气味很大' }), WANG);

    // the village's staff add what they heard; the reception group reads it, and may not add
    const added = await h.ok<PreReceptionList>(
      'linkage',
      { action: 'addItem', workroomId: 'ws-taoyuan', date: '2026-12-20', text: '五组王婆婆想问高龄补贴怎么申请', residentName: '王婆婆' },
      TAOYUAN,
    );
    expect(added.items).toMatchObject([{ id: 'i1', text: '五组王婆婆想问高龄补贴怎么申请', residentName: '王婆婆', addedByName: '林国富', caseNo: null }]);
    const list = await h.ok<PreReceptionList>('linkage', { action: 'list', workroomId: 'ws-taoyuan' }, REP_LI);
    expect(list).toMatchObject({ date: '2026-12-20', scheduled: true, lastSession: '2026-11-20', canAdd: false, receptionId: 'rc-ws-taoyuan-2026-12-20' });
    expect(list.open.map((c) => [c.no, c.categoryText, c.statusText])).toEqual([
      [before.no, '道路交通', '待受理'],
      [since.no, '环境卫生', '待受理'],
    ]);
    expect(list.raised.map((c) => c.id)).toEqual([since.id]);
    expect(list.items).toHaveLength(1);
    // nothing of who sent them
    expect(JSON.stringify(list)).not.toMatch(/13912345678|王大爷/);
    // the township's assigner reads it and may add; a representative may not add; others may not read
    expect((await h.ok<PreReceptionList>('linkage', { action: 'list', workroomId: 'ws-taoyuan' }, ASSIGNER)).canAdd).toBe(true);
    for (const [who, code] of [
      [REP_LI, 'FORBIDDEN'],
      [SOCIAL, 'FORBIDDEN'],
    ] as const)
      expect(await h.api('linkage', { action: 'addItem', workroomId: 'ws-taoyuan', date: '2026-12-20', text: '想问问医保' }, who)).toMatchObject({
        ok: false,
        error: { code },
      });
    for (const who of [ASSIGNER_BAISHA, SOCIAL, WANG])
      expect(await h.api('linkage', { action: 'list', workroomId: 'ws-taoyuan' }, who)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await h.api('linkage', { action: 'addItem', workroomId: 'ws-taoyuan', date: '2026-12-21', text: '想问问医保' }, TAOYUAN)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '2026-12-21不是这个工作室的接待日（每月20日）' },
    });

    // the reception day: the representative on duty enters the item as a request; the item keeps its number, once
    h.clock.t = at('2026-12-20T10:00:00');
    const desk = await h.ok<{ workrooms: Array<{ list: PreReceptionList }> }>('staff', { action: 'receptionDesk' }, REP_LI);
    expect(desk.workrooms[0]!.list.items.map((i) => i.text)).toEqual(['五组王婆婆想问高龄补贴怎么申请']);
    await h.ok(
      'staff',
      { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-12-20', representativeIds: ['rep-1'], residents: 1 },
      REP_LI,
    );
    const enter = (requestId: string) => ({
      action: 'enterRequest',
      receptionId: 'rc-ws-taoyuan-2026-12-20',
      requestId,
      category: 'welfare',
      description: '五组王婆婆想问高龄补贴怎么申请',
      name: '王婆婆',
      itemId: 'i1',
    });
    const entered = await h.ok<SubmitResult>('staff', enter('req-linkage-item-1'), REP_LI);
    // a retry of the same entry is the same case, and the item stays entered as it
    expect((await h.ok<SubmitResult>('staff', enter('req-linkage-item-1'), REP_LI)).id).toBe(entered.id);
    const after = await h.ok<PreReceptionList>('linkage', { action: 'list', workroomId: 'ws-taoyuan', date: '2026-12-20' }, TAOYUAN);
    expect(after.items).toMatchObject([{ id: 'i1', caseId: entered.id, caseNo: entered.no }]);
    expect(await h.api('staff', enter('req-linkage-item-2'), REP_LI)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: `清单这一项已登记为事项${entered.no}` },
    });
  });
});

describe('三联动 desk', () => {
  it('gives each caller the workrooms whose lists they read, the townships whose meetings they hold or read, and whether they inspect', async () => {
    h = await startHarness({ now: at('2026-11-23T09:00:00') });
    const desk = (who: string) => h.ok<LinkageDesk>('linkage', { action: 'desk' }, who);
    expect(await desk(TAOYUAN)).toEqual({
      workrooms: [{ id: 'ws-taoyuan', name: '桃源村党群服务中心党代表工作室', villageName: '桃源村', next: '2026-12-20' }],
      townships: [],
      inspector: false,
    });
    const assigner = await desk(ASSIGNER);
    expect(assigner.workrooms.map((w) => w.id)).toEqual(['ws-liuhe', 'ws-shiqiao', 'ws-taoyuan']);
    expect(assigner.townships).toEqual([{ id: 'qingshi', name: '青石镇', canRecord: true }]);
    expect((await desk(REP_ZHANG)).workrooms.map((w) => w.id)).toEqual(['ws-liuhe', 'ws-shiqiao', 'ws-taoyuan']);
    expect(await desk(SUP_TOWNSHIP)).toMatchObject({ workrooms: [], townships: [{ id: 'qingshi', canRecord: true }], inspector: false });
    expect(await desk(SUP_COUNTY)).toEqual({ workrooms: [], townships: [], inspector: true });
    expect(await desk(OFFICE)).toMatchObject({
      workrooms: [],
      townships: [
        { id: 'baisha', canRecord: false },
        { id: 'qingshi', canRecord: false },
      ],
      inspector: true,
    });
    expect(await desk(BUILD)).toEqual({ workrooms: [], townships: [], inspector: false });
    expect(await h.api('linkage', { action: 'desk' }, WANG)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('乡镇每月问题会商会', () => {
  /** A township road case signed for by 青石镇村镇建设服务中心 on 23 November, due 14 December; the clock then on 16 December, past it. */
  async function overdueCase(): Promise<string> {
    h = await startHarness({ now: at('2026-11-23T09:00:00') });
    const { id } = await h.ok('resident', submission(), WANG);
    await h.ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
    await h.ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
    await h.ok('case', { action: 'sign', caseId: id }, BUILD);
    h.clock.t = at('2026-12-16T10:00:00');
    return id;
  }
  const record = (caseId: string, over: Record<string, unknown> = {}) => ({
    action: 'recordMeeting',
    townshipId: 'qingshi',
    month: '2026-12',
    date: '2026-12-16',
    place: '青石镇政府三楼会议室',
    attendees: ['陈志强', '吴海'],
    decisions: [{ key: caseId, leadUnitId: 'qingshi-build', dueDate: '2026-12-31', note: '先修好两盏，年底前全部换新' }],
    ...over,
  });

  it('takes an overdue case on its agenda and presses it with a new date: due day, timeline, reminders, the unit told', async () => {
    const id = await overdueCase();
    const agenda = await h.ok<MeetingView>('linkage', { action: 'agenda', townshipId: 'qingshi', month: '2026-12' }, ASSIGNER);
    expect(agenda.items).toMatchObject([
      { key: id, kind: 'case', reasons: ['overdue'], reasonText: '超期未办结', unitName: '青石镇村镇建设服务中心', dueDate: '2026-12-14' },
    ]);
    expect(agenda.units.map((u) => u.id)).toContain('qingshi-build');
    expect(agenda.units.map((u) => u.id)).not.toContain('baisha-build');
    await h.ok('linkage', { action: 'addAgendaItem', townshipId: 'qingshi', month: '2026-12', text: '柳河村饮水管网老化，多户反映水压不足' }, SUP_TOWNSHIP);

    const held = await h.ok<MeetingView>('linkage', record(id), ASSIGNER);
    expect(held.held).toMatchObject({ date: '2026-12-16', attendees: ['陈志强', '吴海'], recordedByName: expect.any(String) });
    // who recorded it is named, never by WeChat identity, to whoever reads the meeting
    for (const reader of [ASSIGNER, OFFICE])
      expect(JSON.stringify(await h.ok('linkage', { action: 'agenda', townshipId: 'qingshi', month: '2026-12' }, reader))).not.toContain(ASSIGNER);
    expect(held.items.map((i) => [i.key, i.kind])).toEqual([
      [id, 'case'],
      ['h1', 'hand'],
    ]);
    expect(held.items[0]).toMatchObject({
      decision: { leadUnitName: '青石镇村镇建设服务中心', dueDate: '2026-12-31' },
      dueDate: '2026-12-31',
      status: 'handling',
    });

    const stored = (await getById<CaseRecord>(h.runtime.db, 'cases', id))!;
    expect(stored).toMatchObject({ dueDate: '2026-12-31', dueAt: at('2026-12-31T23:59:59.999'), superviseCount: 1, overdue: true });
    // the clock counts to the new day: 29 December's reminder, two working days before it
    expect(stored.nextReminderKey).toBe('due:2026-12-31:soon');
    expect(stored.nextReminderAt).toBe(at('2026-12-29T09:00:00'));
    // the resident reads 督办 with the date; the meeting's own words are the staff's
    const theirs = await h.ok<CaseView>('case', { action: 'detail', caseId: id }, WANG);
    const pressed = theirs.timeline.filter((e) => e.action === 'supervise');
    expect(pressed).toEqual([
      expect.objectContaining({
        actionText: '督办',
        actor: { relation: 'supervisor', name: '青石镇问题会商会' },
        note: '青石镇12月问题会商会研究，由青石镇村镇建设服务中心牵头办理，12月31日前办结',
        data: expect.objectContaining({ dueDate: '2026-12-31' }),
      }),
    ]);
    expect(theirs.timeline.some((e) => e.note === '先修好两盏，年底前全部换新')).toBe(false);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, BUILD)).timeline.some((e) => e.note === '先修好两盏，年底前全部换新')).toBe(true);
    await h.runtime.deliver();
    const messages = await getAll(h.runtime.db.collection<Message>('messages').where({ caseId: id }).orderBy('_id', 'asc'));
    expect(messages.filter((m) => m.to === BUILD && m.kind === 'case_supervised').map((m) => m.title)).toEqual([`事项${stored.no}被督办，请于12月31日前办结`]);
    expect(messages.filter((m) => m.to === WANG && m.kind === 'case_progress').map((m) => m.body)).toContain(
      '青石镇村镇建设服务中心正在办理，预计12月31日前答复。',
    );

    // a retry changes nothing and presses nobody again; a correction needs the version read
    const again = await h.ok<MeetingView>('linkage', record(id), ASSIGNER);
    expect(again.version).toBe(held.version);
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', id))!.version).toBe(stored.version);
    expect(await h.api('linkage', record(id, { place: '镇便民服务中心' }), SUP_TOWNSHIP)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const corrected = await h.ok<MeetingView>('linkage', record(id, { place: '镇便民服务中心', version: held.version }), SUP_TOWNSHIP);
    expect(corrected).toMatchObject({ held: { place: '镇便民服务中心' }, version: held.version + 1 });
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', id))!.superviseCount).toBe(1);

    // the office sees which months each township met
    const year = await h.ok<MeetingsYear>('linkage', { action: 'meetings', year: 2026 }, OFFICE);
    const qingshi = year.townships.find((t) => t.id === 'qingshi')!;
    expect(qingshi.months.filter((m) => m.held)).toEqual([{ month: '2026-12', held: '2026-12-16', items: 2, decided: 1 }]);
    expect(year.townships.find((t) => t.id === 'baisha')!.months.every((m) => m.held === null)).toBe(true);
  });

  it('settles a pending request to extend with the meeting’s date, which approving it later cannot undo', async () => {
    h = await startHarness({ now: at('2026-11-23T09:00:00') });
    const { id } = await h.ok('resident', submission(), WANG);
    await h.ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
    await h.ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
    await h.ok('case', { action: 'sign', caseId: id }, BUILD);
    h.clock.t = at('2026-12-10T10:00:00');
    await h.ok('case', { action: 'extend', caseId: id, reason: '灯具要从县里调货', toDate: '2026-12-24' }, BUILD);
    h.clock.t = at('2026-12-16T10:00:00');
    await h.ok<MeetingView>('linkage', record(id), ASSIGNER);
    const stored = (await getById<CaseRecord>(h.runtime.db, 'cases', id))!;
    expect(stored).toMatchObject({ dueDate: '2026-12-31' });
    expect(stored.extensions.map((e) => e.status)).toEqual(['refused']);
    expect(await h.api('case', { action: 'approve_extension', caseId: id }, ASSIGNER)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', id))!.dueDate).toBe('2026-12-31');
  });

  it('refuses to press a case its unit escalated to the county after the meeting took it up', async () => {
    const id = await overdueCase();
    const held = await h.ok<MeetingView>('linkage', record(id, { decisions: [] }), ASSIGNER);
    await h.ok('case', { action: 'escalate', caseId: id, reason: '需要县里协调资金' }, BUILD);
    const before = (await getById<CaseRecord>(h.runtime.db, 'cases', id))!;
    expect(before.level).toBe('county');
    expect(await h.api('linkage', record(id, { version: held.version }), ASSIGNER)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: `事项${before.no}已上报到县级办理，乡镇问题会商会不能再督办` },
    });
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', id))!).toEqual(before);
  });

  it('refuses a date not in the future, a unit not of the township, another lead than the unit handling it, and callers not of the township', async () => {
    const id = await overdueCase();
    const decision = (over: Record<string, unknown>) => ({ decisions: [{ key: id, leadUnitId: 'qingshi-build', dueDate: '2026-12-31', ...over }] });
    expect(await h.api('linkage', record(id, decision({ dueDate: '2026-12-16' })), ASSIGNER)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // the message names the date given and today, each as a date
    expect(await h.api('linkage', record(id, decision({ dueDate: '2026-11-30' })), ASSIGNER)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('办结日期11月30日须晚于今天（12月') },
    });
    expect(await h.api('linkage', record(id, decision({ leadUnitId: 'baisha-build' })), ASSIGNER)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '牵头单位须为本乡镇(街道)的站所或村(社区)' },
    });
    expect(await h.api('linkage', record(id, decision({ leadUnitId: 'qingshi-social' })), ASSIGNER)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
    expect(await h.api('linkage', record(id, { date: '2026-12-17' }), ASSIGNER)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '会商会日期不能晚于今天' },
    });
    for (const who of [ASSIGNER_BAISHA, REP_LI, BUILD, OFFICE, SUP_COUNTY])
      expect(await h.api('linkage', record(id), who)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const who of [ASSIGNER_BAISHA, REP_LI, WANG])
      expect(await h.api('linkage', { action: 'agenda', townshipId: 'qingshi', month: '2026-12' }, who)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    expect(await h.api('linkage', { action: 'meetings', year: 2026 }, ASSIGNER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // nothing was written
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', id))!).toMatchObject({ dueDate: '2026-12-14', superviseCount: 0 });
    expect((await h.ok<MeetingView>('linkage', { action: 'agenda', townshipId: 'qingshi', month: '2026-12' }, OFFICE)).held).toBeNull();
  });
});

describe('督查', () => {
  it('draws reception sessions from a recorded seed anyone can replay, and counts absences in the records and the 通报', async () => {
    h = await startHarness({ now: at('2026-11-23T09:00:00'), uploadsDir: tempDir('lianxin-linkage-') });
    const drawn = await h.ok<Inspection>('linkage', { action: 'draw', from: '2026-11-16', to: '2026-11-22', count: 3 }, SUP_COUNTY);
    expect(drawn.candidates.length).toBeGreaterThan(3);
    expect(drawn.sessions.map((s) => s.key)).toEqual(
      drawSessions(
        drawn.candidates.map((k) => ({ key: k })),
        3,
        drawn.seed,
      ).map((c) => c.key),
    );
    // asked again, the same draw; another count for the period is refused
    expect((await h.ok<Inspection>('linkage', { action: 'draw', from: '2026-11-16', to: '2026-11-22', count: 3 }, OFFICE)).seed).toBe(drawn.seed);
    expect(await h.api('linkage', { action: 'draw', from: '2026-11-16', to: '2026-11-22', count: 4 }, SUP_COUNTY)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
    for (const who of [SUP_TOWNSHIP, ASSIGNER, REP_LI])
      expect(await h.api('linkage', { action: 'draw', from: '2026-12-01', to: '2026-12-31', count: 2 }, who)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });

    // a period overlapping one drawn is refused: a session is drawn once, an absence counted once
    expect(await h.api('linkage', { action: 'draw', from: '2026-11-20', to: '2026-11-20', count: 10 }, SUP_COUNTY)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '这段日期和已抽取的督查（2026-11-16 至 2026-11-22）重叠了：同一个接待日只抽查一次' },
    });

    // 桃源村's session of 20 October, drawn in a draw of that day alone: 张建国 absent
    const day = await h.ok<Inspection>('linkage', { action: 'draw', from: '2026-10-20', to: '2026-10-20', count: 10 }, SUP_COUNTY);
    const taoyuan = sessionKey({ workroomId: 'ws-taoyuan', date: '2026-10-20' });
    expect(day.sessions.find((s) => s.key === taoyuan)).toMatchObject({ representativeNames: ['李秀英', '张建国'], finding: null });
    const found = await h.ok<Inspection>(
      'linkage',
      { action: 'inspect', inspectionId: day._id, session: taoyuan, absentIds: ['rep-2'], notes: '张建国未到岗' },
      SUP_COUNTY,
    );
    expect(found.sessions.find((s) => s.key === taoyuan)!.finding).toMatchObject({ absentIds: ['rep-2'], notes: '张建国未到岗' });
    expect(await h.api('linkage', { action: 'inspect', inspectionId: day._id, session: taoyuan, absentIds: ['rep-5'] }, SUP_COUNTY)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // the same record sent again (its answer lost) answers as it stands
    const resent = await h.ok<Inspection>(
      'linkage',
      { action: 'inspect', inspectionId: day._id, session: taoyuan, absentIds: ['rep-2'], notes: '张建国未到岗' },
      SUP_COUNTY,
    );
    expect(resent.sessions.find((s) => s.key === taoyuan)!.finding).toEqual(found.sessions.find((s) => s.key === taoyuan)!.finding);
    // recording it again without naming the finding it corrects is refused, and the first stands
    const recordedAt = found.sessions.find((s) => s.key === taoyuan)!.finding!.at;
    expect(await h.api('linkage', { action: 'inspect', inspectionId: day._id, session: taoyuan, absentIds: [] }, SUP_COUNTY)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('已于') },
    });
    // a correction of the finding seen is taken
    const corrected = await h.ok<Inspection>(
      'linkage',
      { action: 'inspect', inspectionId: day._id, session: taoyuan, absentIds: ['rep-2'], notes: '张建国未到岗，未请假', replaces: recordedAt },
      SUP_COUNTY,
    );
    expect(corrected.sessions.find((s) => s.key === taoyuan)!.finding).toMatchObject({ absentIds: ['rep-2'], notes: '张建国未到岗，未请假' });

    const { records } = await h.ok<{ records: RepresentativeRecord[] }>(
      'office',
      { action: 'representativeRecords', from: '2026-01-01', to: '2026-11-23' },
      OFFICE,
    );
    expect(records.find((r) => r.representativeId === 'rep-1')).toMatchObject({ inspected: 1, absent: 0 });
    expect(records.find((r) => r.representativeId === 'rep-2')).toMatchObject({ inspected: 1, absent: 1 });
    // the default table has no 督查缺岗 item: nothing is taken off
    const score = await h.ok<{ row: { score: { lines: Array<{ item: string }> } } }>('staff', { action: 'myScore', year: 2026 }, REP_ZHANG);
    expect(score.row.score.lines.map((l) => l.item)).not.toContain('absences');

    const file = await h.ok<{ url: string; fileName: string }>('linkage', { action: 'circular', from: '2026-10-01', to: '2026-11-30' }, OFFICE);
    expect(file.fileName).toBe('督查通报_2026-10-01_2026-11-30.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(`${h.base}${file.url}`)).arrayBuffer());
    const rows = book.getWorksheet('缺岗通报')!.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => r.slice(3))).toEqual([['桃源村', '桃源村党群服务中心党代表工作室', '李秀英、张建国', '部分缺岗', '张建国', '张建国未到岗，未请假']]);
    expect(await h.api('linkage', { action: 'circular', from: '2026-11-01', to: '2026-11-30' }, ASSIGNER)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
