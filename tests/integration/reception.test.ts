/**
 * Reception (三固定 and 接待日志): a representative's desk, the log of a session and of home visits,
 * requests entered for the residents met there (with their consent before a phone is kept), and
 * the figures the office reads from them — attendances and residents in the statistics, and each
 * representative's record for the yearly evaluation.
 */
import ExcelJS from 'exceljs';
import type { CaseRecord, Reception } from '../../types/domain';
import type { CaseView } from '../../types/api';
import type { RepresentativeRecord, Statistics } from '../../src/domain/statistics';
import type { ReceptionDesk } from '../../src/server/usecases/reception';
import type { SubmitResult } from '../../src/server/usecases/submit';
import { getById } from '../../src/server/store';
import { OFFICE, REP_LI, REP_ZHANG, requestId, startHarness, TAOYUAN, tempDir, WANG, type Harness } from '../harness';

const REP_ZHAO = 'dev-rep-zhao'; // 白沙村: not in 桃源村's reception group
const SESSION = 'rc-ws-taoyuan-2026-11-20';
const session = (over: Record<string, unknown> = {}) => ({
  action: 'logReception',
  kind: 'reception',
  workroomId: 'ws-taoyuan',
  date: '2026-11-20',
  representativeIds: ['rep-1', 'rep-2'],
  residents: 5,
  notes: '机耕道积水、低保政策咨询',
  ...over,
});
const entry = (over: Record<string, unknown> = {}) => ({
  action: 'enterRequest',
  receptionId: SESSION,
  requestId: requestId(),
  category: 'road',
  description: '桃源村三组机耕道雨后积水，农机下不了田',
  name: '王大爷',
  ...over,
});

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ uploadsDir: tempDir('lianxin-reception-') });
});
afterEach(() => h.stop());

it('shows a representative their workrooms, reception group and next reception day', async () => {
  const desk = await h.ok<ReceptionDesk>('staff', { action: 'receptionDesk' }, REP_LI);
  expect(desk).toMatchObject({ today: '2026-11-23', representative: { id: 'rep-1', name: '李秀英' }, villages: [{ id: 'taoyuan', name: '桃源村' }], logs: [] });
  expect(desk.workrooms).toEqual([
    {
      id: 'ws-taoyuan',
      name: '桃源村党群服务中心党代表工作室',
      villageId: 'taoyuan',
      times: '每月20日 上午9:00—12:00',
      next: '2026-12-20',
      today: false,
      group: [
        { id: 'rep-1', name: '李秀英' },
        { id: 'rep-2', name: '张建国' },
      ],
      // the 接待前民意清单 of that coming session
      list: expect.objectContaining({ date: '2026-12-20', receptionId: 'rc-ws-taoyuan-2026-12-20', items: [], canAdd: false }),
    },
  ]);
  expect(await h.api('staff', { action: 'receptionDesk' }, WANG)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

it('logs a session once per workroom and day, corrected in place', async () => {
  const log = await h.ok<Reception>('staff', session(), REP_LI);
  expect(log).toMatchObject({
    _id: SESSION,
    kind: 'reception',
    scheduled: true,
    villageName: '桃源村',
    townshipId: 'qingshi',
    representativeNames: ['李秀英', '张建国'],
    residents: 5,
    caseIds: [],
    loggedByName: '李秀英',
  });
  // 张建国 of the same group corrects it, as he read it; a write from a stale copy is refused
  const fixed = await h.ok<Reception>('staff', session({ residents: 6, updatedAt: log.updatedAt }), REP_ZHANG);
  expect(fixed).toMatchObject({ _id: SESSION, residents: 6, loggedByName: '张建国' });
  expect(await h.api('staff', session({ residents: 2 }), REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT', message: expect.stringContaining('张建国已记过这次接待') },
  });
  expect(await h.api('staff', session({ residents: 2, updatedAt: log.updatedAt - 1 }), REP_LI)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  expect((await h.runtime.db.dump()).receptions).toHaveLength(1);
  // an extra session on another day is logged as not scheduled
  expect(await h.ok<Reception>('staff', session({ date: '2026-11-21' }), REP_LI)).toMatchObject({ scheduled: false });
});

it('refuses a log from outside the group, for the future or long past, or for a village not theirs, writing nothing', async () => {
  const before = await h.runtime.db.dump();
  const refused = async (event: Record<string, unknown>, openid: string, code: string, message?: string) =>
    expect(await h.api('staff', event, openid)).toMatchObject({ ok: false, error: { code, ...(message ? { message } : {}) } });
  await refused(session({ representativeIds: ['rep-5'] }), REP_ZHAO, 'FORBIDDEN');
  await refused(session({ date: '2026-11-24' }), REP_LI, 'INVALID_INPUT', '接待日期不能晚于今天');
  await refused(session({ date: '2026-09-01' }), REP_LI, 'INVALID_INPUT', '只能补记60天以内的接待');
  await refused(session({ representativeIds: ['rep-2'] }), REP_LI, 'INVALID_INPUT', '填写接待日志的代表须在参加接待的代表中');
  await refused(session({ representativeIds: ['rep-1', 'rep-3'] }), REP_LI, 'INVALID_INPUT', '参加接待的代表须是这个工作室接待小组的成员');
  await refused(
    session({ kind: 'visit', workroomId: undefined, villageId: 'taoyuan', representativeIds: ['rep-1', 'rep-2'] }),
    REP_LI,
    'INVALID_INPUT',
    '走访日志每位代表各记各的',
  );
  await refused(
    session({ kind: 'visit', workroomId: undefined, villageId: 'baishacun', representativeIds: ['rep-1'] }),
    REP_LI,
    'INVALID_INPUT',
    '请选择您联系的村(社区)',
  );
  await refused(session({ residents: -1 }), REP_LI, 'INVALID_INPUT');
  await refused(session(), WANG, 'FORBIDDEN');
  expect(await h.runtime.db.dump()).toEqual(before);
});

it('enters a walk-in’s request, accepted and bound to the session, keeping the phone only with consent', async () => {
  await h.ok('staff', session(), REP_LI);
  const before = await h.runtime.db.dump();
  const noConsent = await h.api('staff', entry({ phone: '13900001111', consent: false }), REP_LI);
  expect(noConsent).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { consent: expect.stringContaining('须经群众同意') } } });
  expect(await h.runtime.db.dump()).toEqual(before);

  const event = entry({ phone: '13900001111', consent: true });
  const made = await h.ok<SubmitResult>('staff', event, REP_LI);
  expect(made).toMatchObject({ created: true, held: false, representativeName: '李秀英' });
  const c = (await getById<CaseRecord>(h.runtime.db, 'cases', made.id))!;
  expect(c).toMatchObject({
    status: 'accepted',
    receptionId: SESSION,
    representativeId: 'rep-1',
    respondedAt: h.clock.now(),
    // the resident has no WeChat identity here: whoever follows the case stands in for them
    resident: { openid: `entered:${made.id}`, name: '王大爷', phone: '13900001111', anonymous: false },
    events: [{ action: 'submit', actor: { relation: 'representative', name: '李秀英' }, to: 'accepted', data: { entered: '接待日登记' } }],
  });
  // nobody is told of a request its representative entered; the log lists it, once however often it is sent
  expect((await h.runtime.db.dump()).outbox ?? []).toEqual([]);
  expect(await h.ok<SubmitResult>('staff', event, REP_LI)).toMatchObject({ id: made.id, created: false });
  expect((await getById<Reception>(h.runtime.db, 'receptions', SESSION))!.caseIds).toEqual([made.id]);
  // a correction of the log keeps the requests entered there
  const { updatedAt } = (await getById<Reception>(h.runtime.db, 'receptions', SESSION))!;
  await h.ok('staff', session({ residents: 7, updatedAt }), REP_LI);
  expect((await getById<Reception>(h.runtime.db, 'receptions', SESSION))!).toMatchObject({ residents: 7, caseIds: [made.id] });

  // only the representatives on duty enter requests there; a session must exist
  expect(await h.api('staff', entry(), REP_ZHAO)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await h.api('staff', entry({ receptionId: 'rc-ws-taoyuan-2026-11-19' }), REP_LI)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

it('lets the representative follow the case for the resident to the end and rate it for them', async () => {
  await h.ok('staff', session(), REP_LI);
  const { id } = await h.ok<SubmitResult>('staff', entry({ phone: '13900001111', consent: true }), REP_LI);
  await h.ok('case', { action: 'assign', caseId: id, level: 'village', unitId: 'vc-taoyuan' }, REP_LI);
  // the unit handling it sees the phone the resident agreed to give
  expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, TAOYUAN)).resident).toMatchObject({ phone: '13900001111' });
  await h.ok('case', { action: 'sign', caseId: id }, TAOYUAN);
  await h.ok('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'in_person', reply: '机耕道已清淤，排水沟已疏通' }, TAOYUAN);
  const rated = await h.ok<CaseView>('case', { action: 'rate', caseId: id, rating: 'satisfied' }, REP_LI);
  expect(rated.status).toBe('closed');
  const c = (await getById<CaseRecord>(h.runtime.db, 'cases', id))!;
  expect(c.events.at(-1)).toMatchObject({ action: 'rate', actor: { relation: 'resident', name: '王大爷（党代表李秀英代）' } });
  // what the resident would be told reaches the representative once, not once as resident and once as representative
  await h.runtime.deliver();
  const told = (await h.ok('messages', { action: 'list', pageSize: 50 }, REP_LI)).items.filter(
    (m: { caseId: string; kind: string }) => m.caseId === id && m.kind === 'case_replied',
  );
  expect(told).toHaveLength(1);
});

it('counts attendances and residents in the statistics and in each representative’s record, to the figure', async () => {
  await h.ok('staff', session(), REP_LI); // 李秀英 and 张建国 on duty, 5 residents
  // 张建国 reads the log 李秀英 wrote by her name; the office reads every log the same way: never by her WeChat identity
  for (const [fn, event, reader] of [
    ['staff', { action: 'receptionDesk' }, REP_ZHANG],
    ['office', { action: 'receptions', from: '2026-11-01', to: '2026-11-23' }, OFFICE],
  ] as const) {
    const seen = JSON.stringify(await h.ok(fn, event, reader));
    expect(seen).toContain('李秀英');
    expect(seen).not.toContain(REP_LI);
  }
  await h.ok('staff', { action: 'logReception', kind: 'visit', villageId: 'taoyuan', date: '2026-11-22', representativeIds: ['rep-1'], residents: 3 }, REP_LI);
  await h.ok(
    'staff',
    { action: 'logReception', kind: 'reception', workroomId: 'ws-baishacun', date: '2026-11-20', representativeIds: ['rep-5'], residents: 4 },
    REP_ZHAO,
  );
  const a = await h.ok<SubmitResult>('staff', entry(), REP_LI);
  await h.ok<SubmitResult>('staff', entry({ description: '低保复核的材料不知道交到哪里', category: 'welfare' }), REP_ZHANG);
  await h.ok('resident', { action: 'submit', cardCode: 'QX0001', requestId: requestId(), category: 'road', description: '村口的路灯坏了两个月了' }, WANG);
  await h.ok('case', { action: 'answer', caseId: a.id, outcome: 'explained', feedbackMethod: 'in_person', reply: '已当面解释' }, REP_LI);
  await h.ok('case', { action: 'rate', caseId: a.id, rating: 'basic' }, REP_LI);

  const stats = await h.ok<Statistics>('office', { action: 'statistics', from: '2026-11-01', to: '2026-11-23' }, OFFICE);
  expect(stats.reception).toEqual({ sessions: 2, visits: 1, attendances: 4, residents: 12, requests: 2 });
  expect(stats.totals).toMatchObject({ collected: 3, explained: 1 });
  const qingshi = await h.ok<Statistics>('office', { action: 'statistics', from: '2026-11-01', to: '2026-11-23', townshipId: 'qingshi' }, OFFICE);
  expect(qingshi.reception).toEqual({ sessions: 1, visits: 1, attendances: 3, residents: 8, requests: 2 });
  const before = await h.ok<Statistics>('office', { action: 'statistics', from: '2026-11-01', to: '2026-11-19' }, OFFICE);
  expect(before.reception.attendances).toBe(0);

  const { records } = await h.ok<{ records: RepresentativeRecord[] }>(
    'office',
    { action: 'representativeRecords', from: '2026-01-01', to: '2026-11-23' },
    OFFICE,
  );
  const of = (id: string) => records.find((r) => r.representativeId === id)!;
  expect(of('rep-1')).toEqual({
    representativeId: 'rep-1',
    name: '李秀英',
    received: 2,
    inPerson: 1,
    answered: 1,
    resolved: 0,
    closed: 1,
    attendances: 2,
    visits: 1,
    residents: 8,
    groupActivities: 0,
    inspected: 0,
    absent: 0,
    // the card's request came today: its triage limit has not passed; the one entered in person was
    // accepted as entered, and rated by 李秀英 for the resident: neither counts for her rates
    response: { numerator: 0, denominator: 0, percent: null },
    satisfaction: { numerator: 0, denominator: 0, percent: null },
  });
  expect(of('rep-2')).toMatchObject({ received: 1, inPerson: 1, attendances: 1, visits: 0, residents: 5 });
  expect(of('rep-5')).toMatchObject({ received: 0, attendances: 1, residents: 4 });
  expect(of('rep-3')).toMatchObject({ received: 0, attendances: 0, satisfaction: { percent: null } });
  expect(records.length).toBe(8);

  const logs = await h.ok<Reception[]>('office', { action: 'receptions', from: '2026-11-01', to: '2026-11-23', townshipId: 'qingshi' }, OFFICE);
  expect(logs.map((l) => [l.date, l.kind, l.residents])).toEqual([
    ['2026-11-22', 'visit', 3],
    ['2026-11-20', 'reception', 5],
  ]);
  expect(await h.api('office', { action: 'representativeRecords' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  // the evaluation workbook: a row per representative, and the logs
  const file = await h.ok<{ url: string; fileName: string }>('office', { action: 'exportRepresentativeRecords', from: '2026-01-01', to: '2026-11-23' }, OFFICE);
  expect(file.fileName).toBe('党代表履职_2026-01-01_2026-11-23.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await (await fetch(`${h.base}${file.url}`)).arrayBuffer());
  const rows = book
    .getWorksheet('党代表履职')!
    .getSheetValues()
    .slice(2)
    .map((r) => (r as unknown[]).slice(1));
  // a rate with nothing to count is a blank cell, not a dash or text
  expect(rows.find((r) => r[0] === '李秀英')).toEqual(['李秀英', 2, 1, 8, 0, 0, 0, 2, 1, undefined, 1, 0, 1]);
  expect(book.getWorksheet('接待日志')!.rowCount).toBe(1 + 3);
});

it('does not count the requests a representative entered against their own requests from a card', async () => {
  await h.ok('staff', session(), REP_LI);
  for (let i = 0; i < 8; i++) await h.ok('staff', entry({ description: `第${i + 1}位群众反映的机耕道积水问题` }), REP_LI);
  expect(
    await h.api('resident', { action: 'submit', cardCode: 'QX0002', requestId: requestId(), category: 'road', description: '我家门口的路灯也坏了' }, REP_LI),
  ).toMatchObject({ ok: true });
});
