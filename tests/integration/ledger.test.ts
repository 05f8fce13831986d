/**
 * The office's ledger (台账) on the county of tests/known-county.ts: filtered as an office asks, and
 * exported to an Excel workbook that is downloaded and read back.
 */
import ExcelJS from 'exceljs';
import type { CaseSummary, Page } from '../../types/api';
import { writeKnownCases } from '../known-county';
import { OFFICE, REP_LI, startHarness, tempDir, type Harness } from '../harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ uploadsDir: tempDir('lianxin-ledger-') });
  await writeKnownCases(h.runtime.db);
});
afterAll(() => h.stop());

const PERIOD = { from: '2026-07-01', to: '2026-11-23' };
const list = (filter: Record<string, unknown>) => h.ok<Page<CaseSummary>>('office', { action: 'ledger', ...PERIOD, pageSize: 50, ...filter }, OFFICE);
const nos = (p: Page<CaseSummary>) => p.items.map((c) => Number(c.no.slice(4)));

it('lists the period’s cases in the order they came, narrowed as the office asks', async () => {
  expect((await list({})).total).toBe(18);
  expect(nos(await list({ townshipId: 'qingshi' }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(nos(await list({ unitId: 'county-hrss' }))).toEqual([10, 11, 12]);
  expect(nos(await list({ overdue: true }))).toEqual([10]);
  expect(nos(await list({ status: 'submitted' }))).toEqual([18, 15]); // in the order they came: 18 on the 16th, 15 this morning
  expect(nos(await list({ outcome: 'in_progress' }))).toEqual([7, 8]);
  expect((await list({ level: 'county' })).total).toBe(4);
  expect((await list({ category: 'welfare', villageId: 'baishacun' })).total).toBe(9);
  expect((await list({ from: '2026-09-01', to: '2026-09-30' })).total).toBe(6);
  // the request held by the content review is left out, as the statistics leave it out, unless asked for
  expect(nos(await list({ status: 'held' }))).toEqual([21]);
});

it('is the office’s alone', async () => {
  expect(await h.api('office', { action: 'ledger' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await h.api('office', { action: 'exportLedger' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await h.api('office', { action: 'ledger', overdue: 'yes' }, OFFICE)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
});

it('exports the filtered cases to a workbook with the columns an office files', async () => {
  const file = await h.ok<{ url: string; rows: number; fileName: string }>('office', { action: 'exportLedger', ...PERIOD, townshipId: 'qingshi' }, OFFICE);
  expect(file).toMatchObject({
    rows: 9,
    fileName: '台账_2026-07-01_2026-11-23.xlsx',
    url: expect.stringMatching(/^\/uploads\/exports\/[0-9a-f]{32}\/[^/?]+\.xlsx\?expires=\d+&sig=[0-9a-f]{32}$/),
  });
  // the bare link carries the file's own name: whatever opens it saves 台账_….xlsx
  expect(decodeURIComponent(new URL(file.url, h.base).pathname.split('/').pop()!)).toBe(file.fileName);
  const res = await fetch(`${h.base}${file.url}`);
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);

  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const sheet = book.getWorksheet('台账')!;
  const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
  expect(row(1)).toEqual([
    '事项编号',
    '反映时间',
    '乡镇(街道)',
    '村(社区)',
    '类别',
    '反映内容',
    '反映人',
    '党代表',
    '层级',
    '承办单位',
    '交办时间',
    '办理期限',
    '状态',
    '办理结果',
    '答复内容',
    '反馈方式',
    '办结时间',
    '群众评价',
    '是否超期',
    '督办次数',
    '群众催办次数',
    '上报次数',
    '退回次数',
  ]);
  expect(sheet.rowCount).toBe(10);
  // case 1: the resident as the office sees them, phone masked
  // times are date cells in Beijing time, not text
  expect(row(2).slice(0, 9)).toEqual([
    '202600000001',
    new Date('2026-09-07T10:00:00Z'),
    '青石镇',
    '桃源村',
    '道路交通',
    '村口的路灯坏了两个月了，晚上出门很不方便',
    '王大爷 139****5678',
    '李秀英',
    '乡镇(街道)',
  ]);
  expect([sheet.getCell('B2').numFmt, sheet.getCell('L2').numFmt]).toEqual(['yyyy-mm-dd hh:mm', 'yyyy-mm-dd']);
  // nothing is a blank cell, not an empty string: an open case has no closing time or rating
  const cells: ExcelJS.Cell[] = [];
  sheet.eachRow((r) => r.eachCell({ includeEmpty: true }, (cell) => void cells.push(cell)));
  expect(cells.filter((cell) => cell.value === '')).toEqual([]);
  expect(cells.some((cell) => cell.type === ExcelJS.ValueType.Null)).toBe(true);
  // columns wide enough for what they hold; printed landscape on A4, one page wide, the header on every page
  expect([sheet.getColumn(6).width, sheet.getColumn(10).width, sheet.getColumn(6).alignment?.wrapText]).toEqual([40, 28, true]);
  expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
  expect(row(2)[9]).toBe('青石镇村镇建设服务中心');
  expect([row(2)[12], row(2)[13], row(2)[17], row(2)[18], row(2)[19]]).toEqual(['已办结', '已办结', '满意', '否', 0]);
  expect(row(10)[13]).toBe('已解释说明');
});

it('refuses a period that ends before it starts', async () => {
  expect(await h.api('office', { action: 'exportLedger', from: '2026-11-01', to: '2026-10-01' }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '结束日期不能早于开始日期' },
  });
});
