/**
 * The office's statistics on cases with known answers (tests/known-county.ts): every figure and
 * rate below is worked out by hand from those cases, to the decimal.
 */
import ExcelJS from 'exceljs';
import type { Statistics } from '../../src/domain/statistics';
import { writeKnownCases } from '../known-county';
import { startHarness, OFFICE, REP_LI, tempDir, type Harness } from '../harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ uploadsDir: tempDir('lianxin-stats-') }); // the clock: Monday 2026-11-23 09:00
  await writeKnownCases(h.runtime.db);
  // written straight into the store, past the use cases: their rollups are counted from them
  await h.ok('office', { action: 'recount' }, OFFICE);
});
afterAll(() => h.stop());

const report = (period: Record<string, string> = { from: '2026-07-01', to: '2026-11-23' }) =>
  h.ok<Statistics>('office', { action: 'statistics', ...period }, OFFICE);

it('reproduces the Dianjiang table for the period: collected, resolved, started, explained', async () => {
  const s = await report();
  expect(s.totals).toEqual({ collected: 18, resolved: 6, inProgress: 2, explained: 1, notAccepted: 1, withdrawn: 1, open: 7 });
  expect(s.byLevel).toEqual({ village: 0, township: 10, county: 4 });
});

it('works out the three rates to the decimal', async () => {
  const { rates, ratings } = await report();
  // answered in time: 1–6, 9, 10–12, 13, 16, 17 = 13; due: those plus 7, 8 (late) and 18 (unanswered) = 16; 14 withdrawn, 15 not yet due
  expect(rates.response).toEqual({ numerator: 13, denominator: 16, percent: 81.3 });
  // resolved 6 of 18 collected less 1 withdrawn
  expect(rates.resolution).toEqual({ numerator: 6, denominator: 17, percent: 35.3 });
  // 满意 4 + 基本满意 2 of 7 rated
  expect(ratings).toEqual({ satisfied: 4, basic: 2, dissatisfied: 1 });
  expect(rates.satisfaction).toEqual({ numerator: 6, denominator: 7, percent: 85.7 });
});

it('counts overdue, 督办 and 两倒查 by unit, worst first', async () => {
  const s = await report();
  expect({ overdue: s.overdue, supervised: s.supervised, escalated: s.escalated, returned: s.returned }).toEqual({
    overdue: { now: 1, total: 1 },
    supervised: 2,
    escalated: 1,
    returned: 1,
  });
  const unit = (id: string) => s.units.find((u) => u.unitId === id);
  expect(unit('county-hrss')).toMatchObject({ unitName: '县人力社保局', overdueNow: 1, overdueTotal: 1, supervised: 2, answered: 0 });
  expect(unit('baisha-social')).toMatchObject({ unitName: '白沙镇社会事务办公室', escalated: 1 });
  expect(unit('baisha-build')).toMatchObject({ unitName: '白沙镇村镇建设服务中心', returned: 1 });
  expect(unit('qingshi-build')).toMatchObject({ answered: 9, resolved: 6, satisfaction: { numerator: 6, denominator: 7, percent: 85.7 }, overdueTotal: 0 });
  expect(s.units[0]!.unitId).toBe('county-hrss');
  expect(new Set(s.units.slice(0, 3).map((u) => u.unitId))).toEqual(new Set(['county-hrss', 'baisha-social', 'baisha-build']));
});

it('ranks the townships and shows the trend by month and by category', async () => {
  const s = await report();
  expect(s.townships.map((t) => [t.rank, t.townshipName, t.collected, t.resolution.percent, t.satisfaction.percent])).toEqual([
    [1, '青石镇', 9, 66.7, 85.7],
    [2, '白沙镇', 9, 0, null],
  ]);
  expect(s.months.map((m) => [m.month, m.collected, m.resolved, m.inProgress, m.explained])).toEqual([
    ['2026-09', 6, 6, 0, 0],
    ['2026-10', 3, 0, 2, 1],
    ['2026-11', 9, 0, 0, 0],
  ]);
  expect(s.categories.map((c) => [c.categoryName, c.collected, c.resolved])).toEqual([
    ['道路交通', 9, 6],
    ['社会保障', 9, 0],
  ]);
});

it('narrows to a township and to a shorter period', async () => {
  const s = await report({ from: '2026-09-01', to: '2026-09-30', townshipId: 'qingshi' });
  expect(s.totals).toEqual({ collected: 6, resolved: 6, inProgress: 0, explained: 0, notAccepted: 0, withdrawn: 0, open: 0 });
  // the default period is this half-year so far
  const half = await h.ok<Statistics>('office', { action: 'statistics' }, OFFICE);
  expect([half.from, half.to, half.totals.collected]).toEqual(['2026-07-01', '2026-11-23', 18]);
});

it('is the office’s alone, and refuses a period that ends before it starts', async () => {
  expect(await h.api('office', { action: 'statistics' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await h.api('office', { action: 'statistics', from: '2026-11-01', to: '2026-10-01' }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '结束日期不能早于开始日期' },
  });
});

it('exports the report to a workbook: the table and rates, then each breakdown', async () => {
  const file = await h.ok<{ url: string; fileName: string }>('office', { action: 'exportStatistics', from: '2026-07-01', to: '2026-11-23' }, OFFICE);
  expect(file.fileName).toBe('统计_2026-07-01_2026-11-23.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await (await fetch(`${h.base}${file.url}`)).arrayBuffer());
  expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '乡镇排名', '单位（两倒查）', '按月', '按类别']);
  const summary = Object.fromEntries(
    book
      .getWorksheet('汇总')!
      .getSheetValues()
      .slice(2)
      .map((r) => [(r as unknown[])[1], (r as unknown[])[2]]),
  );
  // rates are numbers shown as percents (they sort, sum and chart); the period is two date cells
  expect(summary).toMatchObject({
    '收集诉求（件）': 18,
    '已办结并反馈（件）': 6,
    '已启动办理并反馈（件）': 2,
    '已解释说明（件）': 1,
    响应率: 0.813,
    解决率: 0.353,
    满意率: 0.857,
  });
  expect(summary['统计期间（起）']).toEqual(new Date('2026-07-01T00:00:00Z'));
  const sheet = book.getWorksheet('汇总')!;
  const rateRow = sheet.getColumn(1).values.indexOf('响应率');
  expect(sheet.getCell(rateRow, 2).numFmt).toBe('0.0%');
  // the labels' column is as wide as its longest label (已启动办理并反馈（件）: 22 characters wide)
  expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(22);
  expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1 });
  expect((book.getWorksheet('乡镇排名')!.getRow(2).values as unknown[]).slice(1)).toEqual([1, '青石镇', 9, 6, 0.667, 0.857, 0]);
  expect(await h.api('office', { action: 'exportStatistics' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});
