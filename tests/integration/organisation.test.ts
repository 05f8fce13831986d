/**
 * Setting up a county from the office's spreadsheet: a dry run that writes nothing, an import,
 * the same import again changing nothing, an edited row updating in place, files with mistakes
 * refused row by row with nothing written, CSV, the template, and invitation codes withdrawn.
 */
import ExcelJS from 'exceljs';
import type { Representative, Unit, Village } from '../../types/domain';
import type { ImportResult } from '../../src/server/usecases/organisation';
import { getById, inOwnFolder } from '../../src/server/store';
import { FUNCTIONS } from '../../src/runtime/local/functions';
import { expectLoggedError, OFFICE, REP_LI, WANG, startHarness, tempDir, uploaded, type Harness } from '../harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ uploadsDir: tempDir('lianxin-org-') });
});
afterEach(() => h.stop());

type Sheets = Record<string, string[][]>;
const COUNTY: Sheets = {
  乡镇: [
    ['编号', '名称'],
    ['dongshan', '东山镇'],
    ['xishui', '西水乡'],
  ],
  村社区: [
    ['编号', '名称', '乡镇编号'],
    ['dongcun', '东村', 'dongshan'],
    ['nancun', '南村', 'dongshan'],
    ['0012', '西水社区', 'xishui'],
  ],
  承办单位: [
    ['编号', '名称', '层级', '乡镇编号', '村编号', '类别'],
    ['vc-dongcun', '东村村委会', '村(社区)', '', 'dongcun', '环境卫生、邻里纠纷'],
    ['dongshan-build', '东山镇村镇建设服务中心', '乡镇(街道)', 'dongshan', '', '道路交通、水电气'],
    ['county-health', '县卫生健康委', '县级部门', '', '', '社会保障'],
  ],
  党代表: [
    ['编号', '姓名', '层级', '职务', '电话', '联系村', '接待小组', '联系卡编号', '照片'],
    ['rep-ds1', '周红', '乡镇党代表', '东山镇党代表、东村党支部书记', '13900000011', 'dongcun、nancun', '吴刚', 'DS0001', ''],
    ['rep-ds2', '吴刚', '县党代表', '县党代表、东山镇人大主席', '13900000012', 'nancun', '周红', 'DS0002', ''],
  ],
  工作室: [
    ['编号', '名称', '村编号', '接待周期', '接待日', '首次接待日期', '接待时段', '党代表编号'],
    ['ws-dongcun', '东村党群服务中心党代表工作室', 'dongcun', '每月', '20', '', '上午9:00—12:00', 'rep-ds1'],
    ['ws-nancun', '南村党代表接待点', 'nancun', '每两周', '星期二', '2026-01-06', '下午2:30—5:00', 'rep-ds1、rep-ds2'],
  ],
  工作人员: [
    ['姓名', '身份', '单位编号', '乡镇编号', '村编号', '党代表编号'],
    ['郑强', '承办人', 'dongshan-build', '', '', ''],
    ['冯敏', '交办人', '', 'dongshan', '', ''],
    ['孔亮', '督办领导', '', '', 'dongcun、nancun', ''],
    ['周红', '党代表', '', '', '', 'rep-ds1'],
  ],
};

/** A workbook of the sheets; `dates`: cells written as Excel and WPS store a typed date (a date cell, not text). */
async function xlsx(sheets: Sheets, dates = false): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const r of rows) sheet.addRow(r.map((v) => (dates && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : v)));
  }
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}
const upload = async (sheets: Sheets, dryRun: boolean, fileName = '清溪县组织架构.xlsx') =>
  h.api<ImportResult>(
    'office',
    { action: 'importOrganisation', fileName, fileId: await uploaded(h.runtime, OFFICE, fileName, await xlsx(sheets)), dryRun },
    OFFICE,
  );
const ok = async (sheets: Sheets, dryRun: boolean) => {
  const res = await upload(sheets, dryRun);
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
};

/** Whether an uploaded workbook is still in storage. */
const stored = (fileId: string) =>
  h.runtime
    .timerCtx()
    .platform.readFile(fileId)
    .then(
      () => true,
      () => false,
    );

it('shows what an import would add and writes nothing of the county in a dry run', async () => {
  const { exports: none, ...before } = await h.runtime.db.dump();
  expect(none ?? []).toEqual([]);
  const plan = await ok(COUNTY, true);
  expect(plan).toMatchObject({ applied: false, errors: [] });
  expect(plan.counts).toEqual([
    { sheet: '乡镇', added: 2, updated: 0, unchanged: 0 },
    { sheet: '村社区', added: 3, updated: 0, unchanged: 0 },
    { sheet: '承办单位', added: 3, updated: 0, unchanged: 0 },
    { sheet: '党代表', added: 2, updated: 0, unchanged: 0 },
    { sheet: '工作室', added: 2, updated: 0, unchanged: 0 },
    { sheet: '活动小组', added: 0, updated: 0, unchanged: 0 },
    { sheet: '网格', added: 0, updated: 0, unchanged: 0 },
  ]);
  expect(plan.invitations.map((i) => [i.name, i.roleText, i.code])).toEqual([
    ['郑强', '承办人', null],
    ['冯敏', '交办人', null],
    ['孔亮', '督办领导', null],
    ['周红', '党代表', null],
  ]);
  // only the note that the workbook it read leaves storage within a day, unless imported before
  const { exports, ...after } = await h.runtime.db.dump();
  expect(after).toEqual(before);
  expect(exports).toEqual([
    {
      _id: expect.stringMatching(/^upload-[0-9a-f]{32}$/),
      fileId: expect.stringMatching(/^\/uploads\/imports\/[0-9a-f]+\/[0-9a-f]{32}\.xlsx$/),
      createdAt: h.clock.now(),
    },
  ]);
  const fileId = String(exports![0]!.fileId);
  h.clock.advance(23 * 3600_000);
  await h.runtime.runTimer('housekeeping');
  expect(await stored(fileId)).toBe(true);
  h.clock.advance(2 * 3600_000);
  expect(await h.runtime.runTimer('housekeeping')).toMatchObject({ ok: true, data: { exportsDeleted: 1 } });
  expect(await stored(fileId)).toBe(false);
});

it('deletes the uploaded workbook once it is imported, or refused for its mistakes', async () => {
  const good = await uploaded(h.runtime, OFFICE, 'a.xlsx', await xlsx(COUNTY));
  expect(await h.api('office', { action: 'importOrganisation', fileName: 'a.xlsx', fileId: good, dryRun: true }, OFFICE)).toMatchObject({ ok: true });
  expect(await stored(good)).toBe(true); // kept for 正式导入
  expect(await h.api('office', { action: 'importOrganisation', fileName: 'a.xlsx', fileId: good, dryRun: false }, OFFICE)).toMatchObject({
    ok: true,
    data: { applied: true },
  });
  expect(await stored(good)).toBe(false);
  const wrong = await uploaded(h.runtime, OFFICE, 'b.xlsx', await xlsx({ ...COUNTY, 村社区: [...COUNTY['村社区']!, ['beicun', '北村', 'nowhere']] }));
  expect(await h.api('office', { action: 'importOrganisation', fileName: 'b.xlsx', fileId: wrong, dryRun: true }, OFFICE)).toMatchObject({
    ok: true,
    data: { errors: [expect.anything()] },
  });
  expect(await stored(wrong)).toBe(false);
  const broken = await uploaded(h.runtime, OFFICE, 'c.xlsx', Buffer.from('这不是表格').toString('base64'));
  expect(await h.api('office', { action: 'importOrganisation', fileName: 'c.xlsx', fileId: broken, dryRun: true }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });
  expect(await stored(broken)).toBe(false);
  // someone else's file is neither read nor deleted
  const others = await uploaded(h.runtime, REP_LI, 'd.xlsx', await xlsx(COUNTY));
  expect(await h.api('office', { action: 'importOrganisation', fileName: 'd.xlsx', fileId: others, dryRun: true }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });
  expect(await stored(others)).toBe(true);
  // nor is a file reached by climbing out of one's own folder
  const own = (await uploaded(h.runtime, OFFICE, 'e.xlsx', await xlsx(COUNTY))).replace(/[^/]+$/, '');
  for (const climb of [`${own}../../exports/e.xlsx`, `${own}..%2F..%2Fexports%2Fe.xlsx`, `${own}sub/e.xlsx`, `${own}..`]) {
    expect(inOwnFolder('imports', OFFICE, climb)).toBe(false);
    const target = await h.runtime.timerCtx().platform.saveFile('exports/e.xlsx', Buffer.from('办公室导出的台账'));
    expect(await h.api('office', { action: 'importOrganisation', fileName: 'e.xlsx', fileId: climb, dryRun: false }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { fileId: expect.any(String) } },
    });
    expect(await stored(target)).toBe(true);
  }
});

it('imports the county, issues invitation codes that bind, and changes nothing when imported again', async () => {
  const first = await ok(COUNTY, false);
  expect(first.applied).toBe(true);
  expect(await getById<Village>(h.runtime.db, 'villages', 'qingxi:0012')).toMatchObject({
    code: '0012',
    countyId: 'qingxi',
    townshipId: 'qingxi:xishui',
    name: '西水社区',
  });
  expect(await getById<Unit>(h.runtime.db, 'units', 'qingxi:vc-dongcun')).toMatchObject({
    level: 'village',
    townshipId: 'qingxi:dongshan',
    villageId: 'qingxi:dongcun',
    categories: ['environment', 'dispute'],
  });
  expect(await getById<Representative>(h.runtime.db, 'representatives', 'qingxi:rep-ds1')).toMatchObject({
    cardCode: 'DS0001',
    villageIds: ['qingxi:dongcun', 'qingxi:nancun'],
    team: ['吴刚'],
    level: 'township',
    active: true,
  });
  const codes = first.invitations.map((i) => i.code);
  expect(codes.every((c) => /^[A-HJ-NP-Z2-9]{8}$/.test(c ?? ''))).toBe(true);
  const handler = await h.ok('staff', { action: 'redeem', code: codes[0] }, 'wx-zheng');
  expect(handler.grants).toEqual([{ role: 'handler', countyId: 'qingxi', unitId: 'qingxi:dongshan-build' }]);
  const supervisor = await h.ok('staff', { action: 'redeem', code: codes[2] }, 'wx-kong');
  expect(supervisor.grants).toEqual([{ role: 'supervisor', countyId: 'qingxi', level: 'village', villageIds: ['qingxi:dongcun', 'qingxi:nancun'] }]);
  // the new card works at once
  expect(await h.ok('card', { action: 'get', cardCode: 'DS0002' }, null)).toMatchObject({
    name: '吴刚',
    levelText: '县党代表',
    workrooms: [{ name: '南村党代表接待点', times: '每两周的星期二 下午2:30—5:00', next: '2026-11-24' }],
  });
  // 三固定: both workrooms of 周红's groups, with the next reception day after Monday 23 November 2026
  expect(await h.ok('card', { action: 'get', cardCode: 'DS0001' }, null)).toMatchObject({
    workrooms: [
      { name: '东村党群服务中心党代表工作室', times: '每月20日 上午9:00—12:00', next: '2026-12-20' },
      { name: '南村党代表接待点', times: '每两周的星期二 下午2:30—5:00', next: '2026-11-24' },
    ],
  });

  const before = await h.runtime.db.dump();
  const again = await ok(COUNTY, false);
  expect(again.counts.every((c) => c.added === 0 && c.updated === 0)).toBe(true);
  // unused codes are kept, not issued twice; used ones are issued anew for a second person
  expect(again.invitations.filter((i) => i.reused).map((i) => i.code)).toEqual([codes[1], codes[3]]);
  const after = await h.runtime.db.dump();
  expect(after.townships).toEqual(before.townships);
  expect(after.representatives).toEqual(before.representatives);
  expect(after.workrooms).toEqual(before.workrooms);
  expect(after.invitations!.length).toBe(before.invitations!.length + 2);
});

it('updates an edited row in place', async () => {
  await ok(COUNTY, false);
  const edited: Sheets = { 党代表: COUNTY['党代表']!.map((r, i) => (i === 1 ? r.map((cell, j) => (j === 4 ? '13900000099' : cell)) : r)) };
  const res = await ok(edited, false);
  expect(res.counts.find((c) => c.sheet === '党代表')).toEqual({ sheet: '党代表', added: 0, updated: 1, unchanged: 1 });
  expect(await getById<Representative>(h.runtime.db, 'representatives', 'qingxi:rep-ds1')).toMatchObject({ phone: '13900000099', cardCode: 'DS0001' });
});

it('imports a first reception day typed into Excel as a date cell, as if typed in the stated form', async () => {
  const fileId = await uploaded(h.runtime, OFFICE, '组织架构.xlsx', await xlsx(COUNTY, true));
  const res = await h.api<ImportResult>('office', { action: 'importOrganisation', fileName: '组织架构.xlsx', fileId, dryRun: false }, OFFICE);
  expect(res).toMatchObject({ ok: true, data: { applied: true, errors: [] } });
  const card = await h.ok('card', { action: 'get', cardCode: 'DS0002' }, WANG);
  expect(card.workrooms).toEqual([{ name: '南村党代表接待点', times: '每两周的星期二 下午2:30—5:00', next: '2026-11-24' }]);
});

it('refuses a file with mistakes row by row, and writes nothing of it', async () => {
  const before = await h.runtime.db.dump();
  const wrong: Sheets = {
    ...COUNTY,
    村社区: [...COUNTY['村社区']!, ['beicun', '北村', 'nowhere'], ['dongcun', '东村二组', 'dongshan']],
    党代表: [
      COUNTY['党代表']![0]!,
      COUNTY['党代表']![1]!.map((cell, j) => (j === 4 ? '1234' : cell)),
      COUNTY['党代表']![2]!.map((cell, j) => (j === 7 ? 'QX0001' : cell)),
    ],
    工作室: [
      ...COUNTY['工作室']!,
      ['ws-x1', '西水接待点', '0012', '每两周', '星期二', '', '上午', 'rep-1'],
      ['ws-x2', '西水接待点二', '0012', '每月', '31', '', '上午', 'rep-1'],
      ['ws-x3', '西水接待点三', '0012', '每周', '周二', '', '上午', 'rep-nobody'],
      ['ws-x4', '西水接待点四', '0012', '每两周', '星期三', '2026-01-06', '上午', 'rep-1'],
      ['ws-x5', '西水接待点五', '0012', '每两周', '星期日', '2026-00-10', '上午', 'rep-1'],
      ['ws-x6', '桃源村接待点', 'taoyuan', '每周', '星期二', '', '上午', 'rep-1、rep-5'],
    ],
  };
  const res = await upload(wrong, false);
  expect(res).toMatchObject({ ok: true, data: { applied: false } });
  const errors = (res as { data: ImportResult }).data.errors;
  expect(errors).toEqual(
    expect.arrayContaining([
      { sheet: '村社区', row: 5, message: '「乡镇编号」nowhere不在「乡镇」表里' },
      { sheet: '村社区', row: 6, message: '「dongcun」与第2行重复' },
      { sheet: '党代表', row: 2, message: '「电话」不是有效的电话号码' },
      { sheet: '党代表', row: 3, message: '「联系卡编号」QX0001已是另一位党代表的卡' },
      { sheet: '工作室', row: 4, message: '每两周接待的须填写「首次接待日期」' },
      { sheet: '工作室', row: 5, message: '「接待日」每月的须为1到28之间的日子，如 20' },
      { sheet: '工作室', row: 6, message: '「党代表编号」rep-nobody不在「党代表」表里' },
      { sheet: '工作室', row: 7, message: '「首次接待日期」2026-01-06不是星期三' },
      { sheet: '工作室', row: 8, message: '「首次接待日期」须为“年-月-日”格式的有效日期，如 2026-01-06' },
      { sheet: '工作室', row: 9, message: '「党代表编号」rep-5的「联系村」里没有taoyuan' },
    ]),
  );
  expect(await h.runtime.db.dump()).toEqual(before);

  const missing = await upload({ 乡镇: [['编号'], ['a1']] }, true);
  expect(missing).toMatchObject({ ok: true, data: { errors: [{ sheet: '乡镇', row: null, message: '缺少列：名称（请用导入模板）' }] } });
  const notExcel = await h.api(
    'office',
    {
      action: 'importOrganisation',
      fileName: '名单.xlsx',
      fileId: await uploaded(h.runtime, OFFICE, '名单.xlsx', Buffer.from('这不是表格').toString('base64')),
      dryRun: false,
    },
    OFFICE,
  );
  expect(notExcel).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('文件打不开') } });
  const noSheets = await upload({ Sheet1: [['a']] }, false);
  expect(noSheets).toMatchObject({ ok: false, error: { message: expect.stringContaining('没有可导入的表') } });
  expect(await h.runtime.db.dump()).toEqual(before);
  expect(
    await h.api(
      'office',
      { action: 'importOrganisation', fileName: 'x.xlsx', fileId: await uploaded(h.runtime, REP_LI, 'x.xlsx', await xlsx(COUNTY)), dryRun: true },
      REP_LI,
    ),
  ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

it('imports one sheet as CSV, telling the sheet by its columns and keeping codes as written', async () => {
  const csv = '编号,名称\nxishui,西水乡\n';
  const res = await h.ok<ImportResult>(
    'office',
    {
      action: 'importOrganisation',
      fileName: '乡镇.csv',
      fileId: await uploaded(h.runtime, OFFICE, '乡镇.csv', Buffer.from(csv).toString('base64')),
      dryRun: false,
    },
    OFFICE,
  );
  expect(res.counts[0]).toEqual({ sheet: '乡镇', added: 1, updated: 0, unchanged: 0 });
  const villages = '编号,名称,乡镇编号\n0012,西水社区,xishui\n';
  await h.ok(
    'office',
    {
      action: 'importOrganisation',
      fileName: '村社区.csv',
      fileId: await uploaded(h.runtime, OFFICE, '村社区.csv', Buffer.from(villages).toString('base64')),
      dryRun: false,
    },
    OFFICE,
  );
  expect(await getById<Village>(h.runtime.db, 'villages', 'qingxi:0012')).toMatchObject({ code: '0012', name: '西水社区' });
});

it('hands out the template with every sheet and a sheet saying how to fill it', async () => {
  const file = await h.ok<{ url: string; fileName: string }>('office', { action: 'organisationTemplate' }, OFFICE);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await (await fetch(`${h.base}${file.url}`)).arrayBuffer());
  expect(book.worksheets.map((s) => s.name)).toEqual(['说明', '乡镇', '村社区', '承办单位', '党代表', '工作室', '工作人员', '活动小组', '网格']);
  expect((book.getWorksheet('网格')!.getRow(1).values as unknown[]).slice(1)).toEqual(['编号', '名称', '村编号', '网格员', '党代表编号', '群众骨干']);
  expect(book.getWorksheet('说明')!.getColumn(1).values).toContain('网格');
  expect((book.getWorksheet('党代表')!.getRow(1).values as unknown[]).slice(1)).toEqual(COUNTY['党代表']![0]);
  expect(book.getWorksheet('说明')!.rowCount).toBeGreaterThan(20);
});

describe('grids (网格) in the import', () => {
  const GRID_HEAD = ['编号', '名称', '村编号', '网格员', '党代表编号', '群众骨干'];
  const GRIDS: Sheets = {
    网格: [GRID_HEAD, ['g-dc1', '东村第一网格', 'dongcun', '王芳、李明，赵强', 'rep-ds1', '孙大伯、钱阿姨'], ['g-nc1', '南村网格', 'nancun', '周平', '', '']],
  };
  const grids = async () => (await h.runtime.db.dump()).grids ?? [];

  it('adds each grid with its head first, its representatives and backbones, and changes nothing imported again', async () => {
    const first = await ok({ ...COUNTY, ...GRIDS }, false);
    expect(first.counts.find((c) => c.sheet === '网格')).toEqual({ sheet: '网格', added: 2, updated: 0, unchanged: 0 });
    expect(await getById(h.runtime.db, 'grids', 'qingxi:g-dc1')).toEqual({
      _id: 'qingxi:g-dc1',
      code: 'g-dc1',
      countyId: 'qingxi',
      townshipId: 'qingxi:dongshan',
      villageId: 'qingxi:dongcun',
      name: '东村第一网格',
      staffNames: ['王芳', '李明', '赵强'],
      representativeIds: ['qingxi:rep-ds1'],
      backbones: ['孙大伯', '钱阿姨'],
    });
    expect(await getById(h.runtime.db, 'grids', 'qingxi:g-nc1')).toMatchObject({ staffNames: ['周平'], representativeIds: [], backbones: [] });
    const again = await ok({ ...COUNTY, ...GRIDS }, false);
    expect(again.counts.find((c) => c.sheet === '网格')).toEqual({ sheet: '网格', added: 0, updated: 0, unchanged: 2 });
    // an edited row updates its grid in place, by 编号; a grid the sheet leaves out stays
    const edited = await ok({ 网格: [GRID_HEAD, ['g-dc1', '东村一网格', 'dongcun', '李明、王芳', 'rep-ds1', '']] }, false);
    expect(edited.counts.find((c) => c.sheet === '网格')).toEqual({ sheet: '网格', added: 0, updated: 1, unchanged: 0 });
    expect(await getById(h.runtime.db, 'grids', 'qingxi:g-dc1')).toMatchObject({ name: '东村一网格', staffNames: ['李明', '王芳'], backbones: [] });
    expect(await grids()).toHaveLength(2);
  });

  it('refuses rows naming an unknown village, no staff, or representatives who are not of the county or do not link the village, writing nothing', async () => {
    await ok(COUNTY, false);
    const res = await upload(
      {
        网格: [
          GRID_HEAD,
          ['g-1', '北村网格', 'beicun', '王芳', '', ''],
          ['g-2', '东村网格', 'dongcun', '', '', ''],
          ['g-3', '东村网格', 'dongcun', '王芳', 'rep-ds2', ''],
          ['g-4', '东村网格', 'dongcun', '王芳', 'rep-none', ''],
          ['g-5', '南村网格', 'nancun', '周平', 'rep-ds1、rep-ds2', ''],
          ['g-5', '南村网格', 'nancun', '周平', '', ''],
        ],
      },
      false,
    );
    expect(res).toMatchObject({ ok: true, data: { applied: false } });
    expect(res.ok && res.data.errors).toEqual([
      { sheet: '网格', row: 2, message: '「村编号」beicun不在「村社区」表里' },
      { sheet: '网格', row: 3, message: '「网格员」不能为空' },
      { sheet: '网格', row: 4, message: '「党代表编号」rep-ds2不联系这个村(社区)' },
      { sheet: '网格', row: 5, message: '「党代表编号」rep-none不是本县的党代表' },
      { sheet: '网格', row: 7, message: '「g-5」与第6行重复' },
    ]);
    expect(await getById(h.runtime.db, 'grids', 'qingxi:g-5')).toBeNull();
    expect(await grids()).toEqual([]);
  });
});

it('withdraws an unused invitation code, and not a used one', async () => {
  const { invitations } = await ok(COUNTY, false);
  const [used, unused] = [invitations[0]!.code!, invitations[1]!.code!];
  await h.ok('staff', { action: 'redeem', code: used }, 'wx-zheng');
  expect(await h.ok('office', { action: 'revokeInvitation', code: unused }, OFFICE)).toEqual({ revoked: unused });
  expect(await h.api('staff', { action: 'redeem', code: unused }, 'wx-feng')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await h.api('office', { action: 'revokeInvitation', code: used }, OFFICE)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
});

describe('an import the function does not live to finish', () => {
  /** The database as a function sees it until it dies: after `n` more writes, every write fails. */
  function dyingAfter(n: number) {
    const db = h.runtime.db;
    let left = n;
    const doc = (name: string, id: string) => {
      const real = db.collection(name).doc(id);
      return Object.assign(Object.create(real) as typeof real, {
        set: (data: object) => (left-- > 0 ? real.set(data) : Promise.reject(new Error('the function timed out'))),
        update: (data: Parameters<typeof real.update>[0]) => (left-- > 0 ? real.update(data) : Promise.reject(new Error('the function timed out'))),
      });
    };
    return Object.assign(Object.create(db) as typeof db, {
      collection: (name: string) =>
        Object.assign(Object.create(db.collection(name)) as ReturnType<typeof db.collection>, { doc: (id: string) => doc(name, id) }),
    });
  }
  let dyingFile = '';
  const importDying = async (n: number) => {
    dyingFile = await uploaded(h.runtime, OFFICE, 'x.xlsx', await xlsx(COUNTY));
    return FUNCTIONS.get('office')!.handler(
      { action: 'importOrganisation', fileName: '清溪县组织架构.xlsx', fileId: dyingFile, dryRun: false },
      { ...h.runtime.timerCtx(), db: dyingAfter(n), caller: { openid: OFFICE } },
    );
  };
  const organisation = async () => {
    const { townships, villages, units, representatives, workrooms, invitations } = await h.runtime.db.dump();
    return { townships, villages, units, representatives, workrooms, invitations: invitationsOf(invitations!) };
  };
  /** invitations as issued, whatever their (random) codes */
  const invitationsOf = (list: Array<Record<string, unknown>>) =>
    list.map(({ name, grant, usedBy }) => ({ name, grant, usedBy })).sort((a, b) => String(a.name).localeCompare(String(b.name)));

  it('is finished by the housekeeping timer when the function died midway: all of it, never half', async () => {
    const before = await organisation();
    expect(await importDying(6)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expectLoggedError(/handler failed .*the function timed out/);
    // half of it is in, and the rest is on record
    const half = await organisation();
    expect(half).not.toEqual(before);
    expect((await h.runtime.db.dump()).imports).toEqual([expect.objectContaining({ status: 'staged', done: expect.any(Number) })]);
    // a new import waits while the first might still be running…
    const waiting = await uploaded(h.runtime, OFFICE, 'y.xlsx', await xlsx({ ...COUNTY, 乡镇: [...COUNTY['乡镇']!, ['beishan', '北山镇']] }));
    expect(await h.api('office', { action: 'importOrganisation', fileName: 'y.xlsx', fileId: waiting, dryRun: false }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('上一次导入还在写入') },
    });
    expect(await stored(waiting)).toBe(false); // chosen again later: nothing left behind meanwhile
    h.clock.advance(3 * 60_000);
    expect(await stored(dyingFile)).toBe(true);
    expect(await h.runtime.runTimer('housekeeping')).toMatchObject({ ok: true, data: { importsFinished: 1 } });
    // the run that finished it also deleted the workbook
    expect(await stored(dyingFile)).toBe(false);
    const after = await organisation();

    // …and ends exactly where an import that ran through would have
    const control = await startHarness();
    try {
      const res = await control.api<ImportResult>(
        'office',
        {
          action: 'importOrganisation',
          fileName: '清溪县组织架构.xlsx',
          fileId: await uploaded(control.runtime, OFFICE, 'x.xlsx', await xlsx(COUNTY)),
          dryRun: false,
        },
        OFFICE,
      );
      expect(res.ok).toBe(true);
      const { townships, villages, units, representatives, workrooms, invitations } = await control.runtime.db.dump();
      expect(after).toEqual({ townships, villages, units, representatives, workrooms, invitations: invitationsOf(invitations!) });
    } finally {
      await control.stop();
    }
    expect((await h.ok('office', { action: 'audit', kind: 'import' }, OFFICE)).items).toHaveLength(1);
    // and importing again changes nothing
    expect((await ok(COUNTY, false)).counts.every((c) => c.added === 0 && c.updated === 0)).toBe(true);
  });

  it('writes nothing when the function dies before the import is on record', async () => {
    const { cardcodes: _none, ...before } = await h.runtime.db.dump();
    expect(await importDying(0)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expectLoggedError(/handler failed .*the function timed out/);
    // only its card codes stay reserved for the county (each claimed in a transaction of its own, before the import is staged)
    const { cardcodes, ...after } = await h.runtime.db.dump();
    expect(after).toEqual(before);
    expect(cardcodes!.map((c) => [c._id, c.countyId])).toEqual([
      ['DS0001', 'qingxi'],
      ['DS0002', 'qingxi'],
    ]);
    expect(await h.runtime.runTimer('housekeeping')).toMatchObject({ ok: true, data: { importsFinished: 0 } });
  });
});

it('accepts an import too large for one run, and the timer writes the rest', async () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => [`v${String(i).padStart(4, '0')}`, `第${i}村`, 'dongshan']);
  const big: Sheets = { 乡镇: COUNTY['乡镇']!, 村社区: [COUNTY['村社区']![0]!, ...many(700)] };
  const res = await ok(big, false);
  expect(res).toMatchObject({ applied: true, finishing: true });
  const villages = async () => (await h.runtime.db.dump()).villages!.filter((v) => v.countyId === 'qingxi' && String(v._id).startsWith('qingxi:v')).length;
  expect(await villages()).toBeLessThan(700);
  h.clock.advance(3 * 60_000);
  expect(await h.runtime.runTimer('housekeeping')).toMatchObject({ ok: true, data: { importsFinished: 1 } });
  expect(await villages()).toBe(700);
});

it('reserves nothing when one card code is another county’s: the codes it would have claimed stay free', async () => {
  await h.runtime.db.collection('cardcodes').doc('TAKEN1').set({ countyId: 'elsewhere', representativeId: 'elsewhere:rep-9', claimedAt: 0 });
  const reps: Sheets = {
    党代表: [
      COUNTY['党代表']![0]!,
      ['rep-n1', '钱一', '乡镇党代表', '党代表', '13900000021', 'taoyuan', '', 'FREE1', ''],
      ['rep-n2', '钱二', '乡镇党代表', '党代表', '13900000022', 'taoyuan', '', 'TAKEN1', ''],
    ],
  };
  const res = await ok(reps, false);
  expect(res).toMatchObject({ applied: false, errors: [{ sheet: '党代表', row: 3, message: expect.stringContaining('TAKEN1已被其他县(区)使用') }] });
  expect((await h.runtime.db.dump()).cardcodes!.map((c) => c._id)).toEqual(['TAKEN1']);
});
