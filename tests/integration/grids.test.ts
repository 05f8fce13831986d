/**
 * Grids (网格) through the `grid` function: the office or a township's assigner keeps a village's
 * grids; the grid's people log household visits and enter the requests met there, which the one
 * who entered follows for the resident — a village handler too, also when the case is then theirs
 * to handle; the office reads visits against the rule, requests raised per grid, the statistics'
 * by-grid breakdown and the ledger's 网格 column and filter.
 */
import ExcelJS from 'exceljs';
import type { CaseView, Page, CaseSummary } from '../../types/api';
import type { CaseRecord, GridVisit, Reception } from '../../types/domain';
import type { Statistics } from '../../src/domain/statistics';
import type { GridFigures, GridView, KeptVillage, MyGrids } from '../../src/server/usecases/grids';
import type { SubmitResult } from '../../src/server/usecases/submit';
import { getById } from '../../src/server/store';
import { ASSIGNER, ASSIGNER_BAISHA, BUILD, OFFICE, REP_LI, REP_ZHANG, requestId, startHarness, TAOYUAN, tempDir, WANG, type Harness } from '../harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ uploadsDir: tempDir('lianxin-grids-') }); // Monday 23 November 2026, 09:00
});
afterEach(() => h.stop());

const GRID = {
  code: 'g-ty1',
  name: '桃源村第一网格',
  villageId: 'taoyuan',
  staffNames: ['王网格', '林国富'],
  representativeIds: ['rep-1'],
  backbones: ['孙大伯'],
};
const GRID_ID = 'qingxi:g-ty1';
const save = (over: Record<string, unknown> = {}, who = OFFICE) => h.api<GridView>('grid', { action: 'save', ...GRID, ...over }, who);
const visit = (over: Record<string, unknown> = {}) => ({ action: 'logVisit', gridId: GRID_ID, date: '2026-11-23', people: ['王网格'], households: 6, ...over });
const request = (visitId: string, over: Record<string, unknown> = {}) => ({
  action: 'enterRequest',
  visitId,
  requestId: requestId(),
  category: 'environment',
  description: '三组的垃圾池满了一个星期没有清运',
  name: '周大娘',
  ...over,
});

describe('keeping grids', () => {
  it('lets the office add a grid to any village and edit it by its code, naming its people', async () => {
    const made = await save();
    expect(made.ok && made.data).toEqual({
      id: GRID_ID,
      code: 'g-ty1',
      name: '桃源村第一网格',
      townshipId: 'qingshi',
      villageId: 'taoyuan',
      villageName: '桃源村',
      head: '王网格',
      staffNames: ['王网格', '林国富'],
      representatives: [{ id: 'rep-1', name: '李秀英' }],
      backbones: ['孙大伯'],
      people: ['王网格', '林国富', '李秀英', '孙大伯'],
    });
    await save({ name: '桃源一网格', staffNames: ['林国富'] });
    expect(await getById(h.runtime.db, 'grids', GRID_ID)).toMatchObject({ countyId: 'qingxi', name: '桃源一网格', staffNames: ['林国富'] });
    expect((await h.ok<{ grids: GridView[] }>('grid', { action: 'list' }, OFFICE)).grids.map((g) => g.id)).toEqual([GRID_ID]);
  });

  it('lets a township’s assigner keep the grids of its own villages only', async () => {
    expect(await save({ code: 'g-lh1', villageId: 'liuhe', representativeIds: ['rep-3'] }, ASSIGNER)).toMatchObject({ ok: true });
    expect(await save({ code: 'g-bs1', villageId: 'baishacun', representativeIds: [] }, ASSIGNER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // nor move a grid of its township to another township's village
    expect(await save({ code: 'g-lh1', villageId: 'baishacun', representativeIds: [] }, ASSIGNER_BAISHA)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await h.ok<{ grids: GridView[] }>('grid', { action: 'list' }, ASSIGNER_BAISHA)).grids).toEqual([]);
    expect((await h.ok<{ grids: GridView[] }>('grid', { action: 'list', villageId: 'liuhe' }, ASSIGNER)).grids.map((g) => g.code)).toEqual(['g-lh1']);
    expect(await h.api('grid', { action: 'list', villageId: 'liuhe' }, ASSIGNER_BAISHA)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await save({}, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('lists the villages a keeper may add grids to, each with the serving representatives a grid of it may name', async () => {
    const { villages } = await h.ok<{ villages: KeptVillage[] }>('grid', { action: 'list' }, ASSIGNER);
    expect(villages.map((v) => v.name)).toEqual(['柳河村', '石桥社区', '桃源村']);
    expect(villages.find((v) => v.id === 'taoyuan')!.representatives).toEqual([
      { id: 'rep-1', name: '李秀英' },
      { id: 'rep-2', name: '张建国' },
    ]);
    expect((await h.ok<{ villages: KeptVillage[] }>('grid', { action: 'list' }, OFFICE)).villages).toHaveLength(6);
    expect((await h.ok<{ villages: KeptVillage[] }>('grid', { action: 'list', villageId: 'liuhe' }, ASSIGNER)).villages).toEqual([
      {
        id: 'liuhe',
        name: '柳河村',
        representatives: [
          { id: 'rep-2', name: '张建国' },
          { id: 'rep-3', name: '陈海燕' },
        ],
      },
    ]);
    await h.ok('office', { action: 'deactivateRepresentative', representativeId: 'rep-2', reason: '调任外地', successorId: null }, OFFICE);
    expect((await h.ok<{ villages: KeptVillage[] }>('grid', { action: 'list', villageId: 'liuhe' }, ASSIGNER)).villages[0]!.representatives).toEqual([
      { id: 'rep-3', name: '陈海燕' },
    ]);
  });

  it('refuses representatives who do not link the village or left, in Chinese, writing nothing', async () => {
    const before = await h.runtime.db.dump();
    expect(await save({ representativeIds: ['rep-5'] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { representativeIds: '党代表赵红梅不联系这个村(社区)' } },
    });
    expect(await save({ representativeIds: ['rep-404'] })).toMatchObject({
      ok: false,
      error: { fields: { representativeIds: '党代表rep-404不是本县的党代表' } },
    });
    expect(await save({ staffNames: [] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { staffNames: expect.stringContaining('网格长') } },
    });
    expect(await h.runtime.db.dump()).toEqual(before);
  });
});

describe('visits', () => {
  beforeEach(async () => {
    await save();
  });

  it('are logged by the grid’s representative, the village’s handler or the township’s assigner, and no one else', async () => {
    const byRep = await h.ok<GridVisit>('grid', visit({ people: ['李秀英', '孙大伯'], households: 8, notes: '走访三组' }), REP_LI);
    expect(byRep).toMatchObject({
      gridId: GRID_ID,
      gridName: '桃源村第一网格',
      villageName: '桃源村',
      people: ['李秀英', '孙大伯'],
      households: 8,
      loggedByRepresentativeId: 'rep-1',
    });
    expect(await h.api('grid', visit(), TAOYUAN)).toMatchObject({ ok: true, data: { loggedByName: '林国富', loggedByRepresentativeId: null } });
    expect(await h.api('grid', visit(), ASSIGNER)).toMatchObject({ ok: true });
    // 张建国 links 桃源村 but is not named on the grid; a township unit's handler is no village staff
    for (const who of [REP_ZHANG, BUILD, ASSIGNER_BAISHA, WANG])
      expect(await h.api('grid', visit(), who)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) } });
    // three logs of the day, each its own; none among the representatives' reception logs
    expect((await h.runtime.db.dump()).gridVisits).toHaveLength(3);
    expect((await h.runtime.db.dump()).receptions ?? []).toEqual([]);
  });

  it('refuses a future day, a day too far back and people the grid does not name; a second log of the day needs the one read', async () => {
    const before = await h.runtime.db.dump();
    expect(await h.api('grid', visit({ date: '2026-11-24' }), REP_LI)).toMatchObject({ ok: false, error: { fields: { date: '走访日期不能晚于今天' } } });
    expect(await h.api('grid', visit({ date: '2026-09-01' }), REP_LI)).toMatchObject({ ok: false, error: { fields: { date: '只能补记60天以内的走访' } } });
    expect(await h.api('grid', visit({ people: ['王网格', '张三'] }), REP_LI)).toMatchObject({
      ok: false,
      error: { fields: { people: '张三不是这个网格的人员' } },
    });
    expect(await h.runtime.db.dump()).toEqual(before);
    const first = await h.ok<GridVisit>('grid', visit(), REP_LI);
    expect(await h.api('grid', visit({ households: 9 }), REP_LI)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    h.clock.advance(60_000);
    const fixed = await h.ok<GridVisit>('grid', visit({ households: 9, updatedAt: first.updatedAt }), REP_LI);
    expect(fixed).toMatchObject({ _id: first._id, households: 9, createdAt: first.createdAt });
  });

  it('shows each of the grid’s people their grids with the latest visits, theirs editable', async () => {
    await h.ok('grid', visit({ date: '2026-11-20' }), TAOYUAN);
    const mine = await h.ok<MyGrids>('grid', { action: 'mine' }, REP_LI);
    expect(mine).toMatchObject({ today: '2026-11-23', earliest: '2026-09-24' });
    expect(mine.grids.map((g) => [g.id, g.visits.map((v) => [v.date, v.loggedByName, v.editable])])).toEqual([[GRID_ID, [['2026-11-20', '林国富', false]]]]);
    expect((await h.ok<MyGrids>('grid', { action: 'mine' }, TAOYUAN)).grids[0]!.visits[0]!.editable).toBe(true);
    // the logger is named, never by WeChat identity
    expect(JSON.stringify(mine)).not.toContain(TAOYUAN);
    expect((await h.ok<MyGrids>('grid', { action: 'mine' }, REP_ZHANG)).grids).toEqual([]);
  });
});

describe('requests met on a visit', () => {
  let visitId: string;
  beforeEach(async () => {
    await save();
  });
  const logAs = async (who: string) => (visitId = (await h.ok<GridVisit>('grid', visit(), who))._id);

  it('are entered by a representative like a walk-in: accepted, bound to the visit and the grid, theirs to follow', async () => {
    await logAs(REP_LI);
    const made = await h.ok<SubmitResult>('grid', request(visitId), REP_LI);
    expect(made).toMatchObject({ created: true, held: false, representativeName: '李秀英' });
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', made.id)).toMatchObject({
      status: 'accepted',
      gridId: GRID_ID,
      gridVisitId: visitId,
      receptionId: null,
      representativeId: 'rep-1',
      resident: { openid: `entered:${made.id}`, name: '周大娘', phone: null },
      events: [{ actor: { relation: 'representative', name: '李秀英' }, to: 'accepted', data: { entered: '网格走访登记' } }],
    });
    expect((await getById<GridVisit>(h.runtime.db, 'gridVisits', visitId))!.caseIds).toEqual([made.id]);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: made.id }, REP_LI)).relations).toEqual(['resident', 'representative']);
  });

  it('are entered by a village handler for the grid’s representative, the handler following it for the resident until their own unit handles it, when they may not rate it', async () => {
    await logAs(TAOYUAN);
    const before = await h.runtime.db.dump();
    expect(await h.api('grid', request(visitId, { phone: '13900002222' }), TAOYUAN)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { consent: expect.stringContaining('须经群众同意') } },
    });
    // only the one who logged the visit enters on it
    expect(await h.api('grid', request(visitId), REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await h.runtime.db.dump()).toEqual(before);

    const { id } = await h.ok<SubmitResult>('grid', request(visitId, { phone: '13900002222', consent: true }), TAOYUAN);
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', id)).toMatchObject({
      status: 'accepted',
      gridId: GRID_ID,
      representativeId: 'rep-1',
      resident: { openid: TAOYUAN, phone: '13900002222' },
      events: [{ actor: { relation: 'handler', name: '林国富' }, data: { entered: '网格走访登记' } }],
    });
    // the handler follows it for the resident; the representative answers for it, not for the resident
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, TAOYUAN)).relations).toEqual(['resident']);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, REP_LI)).relations).toEqual(['representative']);
    // it is among the requests the handler follows, not a resident's own
    expect((await h.ok<Page<CaseSummary>>('resident', { action: 'myCases' }, TAOYUAN)).items.map((c) => c.id)).toEqual([id]);

    await h.ok('case', { action: 'assign', caseId: id, level: 'village', unitId: 'vc-taoyuan' }, REP_LI);
    const handling = await h.ok<CaseView>('case', { action: 'detail', caseId: id }, TAOYUAN);
    // handling it, they no longer speak for its resident: they may not rate (or press) their own unit's work
    expect(handling.relations).toEqual(['handler']);
    expect(handling.actions).toContain('sign');
    await h.ok('case', { action: 'sign', caseId: id }, TAOYUAN);
    await h.ok('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'in_person', reply: '垃圾池已清运，每周清运两次' }, TAOYUAN);
    expect(await h.api('case', { action: 'rate', caseId: id, rating: 'satisfied' }, TAOYUAN)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', id))!).toMatchObject({ status: 'replied', rating: null });
    // what the resident would hear goes to the handler who follows it, by their openid (the representative hears it as its representative)
    const outbox = ((await h.runtime.db.dump()).outbox ?? []) as Array<{ caseId: string; kind: string; to: Record<string, string> }>;
    expect(outbox.filter((e) => e.caseId === id && e.kind === 'case_replied').map((e) => e.to)).toEqual(
      expect.arrayContaining([{ openid: TAOYUAN }, { key: 'representative:qingxi:rep-1' }]),
    );
    await h.runtime.deliver();
    const replied = async (who: string) =>
      (await h.ok('messages', { action: 'list', pageSize: 50 }, who)).items.filter(
        (m: { caseId: string; kind: string }) => m.caseId === id && m.kind === 'case_replied',
      );
    expect(await replied(TAOYUAN)).toHaveLength(1);
    // answered and unrated (the unit does not rate itself): nothing of it in the representative's 满意率
    const records = await h.ok('office', { action: 'representativeRecords', from: '2026-11-01', to: '2026-11-23' }, OFFICE);
    expect(records.records.find((r: { representativeId: string }) => r.representativeId === 'rep-1')).toMatchObject({
      received: 1,
      inPerson: 0,
      closed: 0,
      satisfaction: { denominator: 0 },
    });
  });

  it('go to the village’s first serving representative when the grid names none, and are refused when the village has none', async () => {
    await save({ code: 'g-lh1', name: '柳河村网格', villageId: 'liuhe', staffNames: ['柳网格'], representativeIds: [] });
    const lh = await h.ok<GridVisit>('grid', visit({ gridId: 'qingxi:g-lh1', people: ['柳网格'] }), ASSIGNER);
    const made = await h.ok<SubmitResult>('grid', request(lh._id), ASSIGNER);
    expect(made.representativeName).toBe('张建国');
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', made.id)).toMatchObject({ representativeId: 'rep-2', resident: { openid: ASSIGNER } });
    for (const rep of ['rep-2', 'rep-3']) await h.runtime.db.collection('representatives').doc(rep).update({ active: false });
    const before = await h.runtime.db.dump();
    expect(await h.api('grid', request(lh._id), ASSIGNER)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: '这个村(社区)还没有在任的党代表，不能登记诉求：请联系县联系群众工作办公室' },
    });
    expect(await h.runtime.db.dump()).toEqual(before);
  });
});

describe('the office’s figures', () => {
  it('gives each grid’s visit days against the rule, households and requests, the statistics by grid and the ledger’s 网格', async () => {
    await save();
    await save({ code: 'g-ty2', name: '桃源村第二网格', staffNames: ['赵网格'], representativeIds: [] });
    // week of 9 November: three days (met); week of 16 November: two days (missed); this week is under way
    for (const date of ['2026-11-09', '2026-11-10', '2026-11-12', '2026-11-16', '2026-11-18', '2026-11-23'])
      await h.ok('grid', visit({ date, households: 5 }), REP_LI);
    await h.ok('grid', visit({ date: '2026-11-12', households: 2 }), TAOYUAN); // a second logger the same day: one more visit, not one more day
    const rep = (await getById<GridVisit>(h.runtime.db, 'gridVisits', (await h.ok<MyGrids>('grid', { action: 'mine' }, REP_LI)).grids[0]!.visits[0]!._id))!;
    const { id: open } = await h.ok<SubmitResult>('grid', request(rep._id), REP_LI);
    const { id: closed } = await h.ok<SubmitResult>('grid', request(rep._id, { description: '路灯不亮了，晚上走路看不见' }), REP_LI);
    await h.ok('case', { action: 'answer', caseId: closed, outcome: 'explained', feedbackMethod: 'in_person', reply: '已报修，下周换新灯' }, REP_LI);
    await h.ok('case', { action: 'rate', caseId: closed, rating: 'satisfied' }, REP_LI);
    await h.ok('resident', { action: 'submit', cardCode: 'QX0001', requestId: requestId(), category: 'road', description: '村口的路灯坏了两个月了' }, WANG);

    const figures = await h.ok<GridFigures>('grid', { action: 'figures', from: '2026-11-09', to: '2026-11-30' }, OFFICE);
    expect(figures.visitDaysPerWeek).toBe(3);
    expect(figures.grids.map((g) => [g.name, g.visits, g.visitDays, g.households, g.compliance, g.requests, g.open, g.closed, g.overdue])).toEqual([
      ['桃源村第一网格', 7, 6, 32, { numerator: 1, denominator: 2, percent: 50 }, 2, 1, 1, 0],
      ['桃源村第二网格', 0, 0, 0, { numerator: 0, denominator: 2, percent: 0 }, 0, 0, 0, 0],
    ]);
    expect(figures.grids[0]!.weeks.map((w) => w.standing)).toEqual(['met', 'missed', 'under_way', 'under_way']);
    // a township's assigner reads its own township's, and no other
    expect((await h.ok<GridFigures>('grid', { action: 'figures', from: '2026-11-09', to: '2026-11-30' }, ASSIGNER)).grids).toHaveLength(2);
    expect((await h.ok<GridFigures>('grid', { action: 'figures', from: '2026-11-09', to: '2026-11-30' }, ASSIGNER_BAISHA)).grids).toEqual([]);
    expect(await h.api('grid', { action: 'figures' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const stats = await h.ok<Statistics>('office', { action: 'statistics', from: '2026-11-01', to: '2026-11-23' }, OFFICE);
    expect(stats.totals.collected).toBe(3);
    expect(stats.grids).toEqual([
      {
        gridId: GRID_ID,
        gridName: '桃源村第一网格',
        villageName: '桃源村',
        collected: 2,
        resolved: 0,
        inProgress: 0,
        explained: 1,
        notAccepted: 0,
        withdrawn: 0,
        open: 1,
        overdueTotal: 0,
      },
    ]);
    // the grid visits are no reception logs: the representatives' attendances stay as they were
    expect(stats.reception).toEqual({ sessions: 0, visits: 0, attendances: 0, residents: 0, requests: 0 });
    expect((await getById<Reception>(h.runtime.db, 'receptions', 'none')) ?? null).toBeNull();

    const ledger = await h.ok<Page<CaseSummary>>('office', { action: 'ledger', from: '2026-11-01', to: '2026-11-23', gridId: GRID_ID }, OFFICE);
    expect(ledger.items.map((c) => c.id).sort()).toEqual([open, closed].sort());
    const file = await h.ok<{ url: string }>('office', { action: 'exportLedger', from: '2026-11-01', to: '2026-11-23' }, OFFICE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(`${h.base}${file.url}`)).arrayBuffer());
    const sheet = book.getWorksheet('台账')!;
    const column = (sheet.getRow(1).values as unknown[]).indexOf('网格');
    expect((sheet.getRow(1).values as unknown[])[column - 1]).toBe('村(社区)');
    expect([2, 3, 4].map((n) => sheet.getRow(n).getCell(column).value)).toEqual(['桃源村第一网格', '桃源村第一网格', null]);
  });
});
