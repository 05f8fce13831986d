/**
 * The office in a real browser on the h5 build: it imports a county's organisation from a
 * workbook, prints a new representative's card, watches the statistics change as a case closes,
 * and exports the ledger, which is downloaded and read back.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { BUILD, OFFICE, REP_LI, submission, WANG } from '../harness';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(180_000);
const { url, pageAs, api } = browserSuite();

async function countyWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheets: Record<string, string[][]> = {
    乡镇: [
      ['编号', '名称'],
      ['dongshan', '东山镇'],
    ],
    村社区: [
      ['编号', '名称', '乡镇编号'],
      ['dongcun', '东村', 'dongshan'],
    ],
    承办单位: [
      ['编号', '名称', '层级', '乡镇编号', '村编号', '类别'],
      ['dongshan-build', '东山镇村镇建设服务中心', '乡镇(街道)', 'dongshan', '', '道路交通'],
    ],
    党代表: [
      ['编号', '姓名', '层级', '职务', '电话', '联系村', '接待小组', '联系卡编号', '照片'],
      ['rep-ds1', '周红', '乡镇党代表', '东山镇党代表、东村党支部书记', '13900000011', 'dongcun', '', 'DS0001', ''],
    ],
    工作室: [
      ['编号', '名称', '村编号', '接待周期', '接待日', '首次接待日期', '接待时段', '党代表编号'],
      ['ws-dongcun', '东村党代表工作室', 'dongcun', '每周', '星期一', '', '上午9:00—12:00', 'rep-ds1'],
    ],
    工作人员: [
      ['姓名', '身份', '单位编号', '乡镇编号', '村编号', '党代表编号'],
      ['郑强', '承办人', 'dongshan-build', '', '', ''],
    ],
  };
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const r of rows) sheet.addRow(r);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A row's value on the statistics page, as a number. */
async function figure(page: Page, label: string): Promise<number> {
  const text = await page.locator('.stats-table .row', { hasText: label }).first().locator('.row-value').innerText();
  return Number(/\d+/.exec(text)![0]);
}

it('imports a county, prints its card, follows the statistics as a case closes, exports the ledger, and counts a reception day', async () => {
  const office = await pageAs(OFFICE);
  await office.goto(url('/staff/workbench/index'));
  await office.locator('.link', { hasText: '导入组织架构' }).click();

  // import: the dry run first, then for real, with the invitation code to hand out
  const chooser = office.waitForEvent('filechooser');
  await button(office, '选择文件（.xlsx 或 .csv）').click();
  await (
    await chooser
  ).setFiles({ name: '东山镇.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await countyWorkbook() });
  await office.locator('.import-result', { hasText: '试导入，尚未写入' }).waitFor();
  await office.locator('.import-result .row', { hasText: '党代表' }).filter({ hasText: '新增 1' }).waitFor();
  await button(office, '正式导入').click();
  await office.locator('.import-result', { hasText: '已导入' }).waitFor();
  const code = /[A-HJ-NP-Z2-9]{8}/.exec(await office.locator('.row', { hasText: '郑强（承办人）' }).innerText())![0];
  expect(await api('staff', { action: 'redeem', code }, 'e2e-zheng')).toMatchObject({ grants: [{ role: 'handler', unitId: 'qingxi:dongshan-build' }] });

  // the new representative's card prints with its code
  await office.goto(url('/').replace(/\/#\/$/, '/print/card/DS0001'));
  await office.locator('.print-card', { hasText: '周红' }).waitFor();
  await office.waitForFunction(() => (document.querySelector<HTMLImageElement>('.print-code-img img')?.naturalWidth ?? 0) > 0);
  // and with every other card of the county, on A4 sheets
  await office.goto(url('/office/cards/index'));
  await office.locator('.card-sheet .print-card', { hasText: '周红' }).waitFor();
  expect(await office.locator('.card-sheet .print-card').count()).toBe((await api<unknown[]>('card', { action: 'sheet' }, OFFICE)).length);
  await button(office, '打印（A4，每页4张）').waitFor();

  // the statistics before and after a case closes
  await office.goto(url('/office/stats/index'));
  await office.locator('.stats-table').waitFor();
  const [collected, resolved] = [await figure(office, '收集诉求'), await figure(office, '已办结并反馈')];
  const { id } = await api<{ id: string }>('resident', submission({ description: '东村路口的路灯坏了，晚上看不清路' }), WANG);
  await api('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
  await api('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  await api('case', { action: 'sign', caseId: id }, BUILD);
  await api('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: '路灯已经修好了' }, BUILD);
  await office.reload();
  await office.locator('.stats-table').waitFor();
  expect([await figure(office, '收集诉求'), await figure(office, '已办结并反馈')]).toEqual([collected + 1, resolved + 1]);
  await office.locator('.rate', { hasText: '解决率' }).waitFor();

  // the unit answers it on the 公开栏 too: the notice shows on the case and on the village's board
  const handler = await pageAs(BUILD);
  await handler.goto(url(`/pages/case/index?id=${id}`));
  await handler.locator('.link:visible', { hasText: '发布公开栏公告' }).click();
  await handler.locator('.input:visible input').first().fill('东村路灯维修公告');
  await handler.locator('.textarea:visible textarea').fill('东村路口的路灯已于今天修好，晚上可以正常照明。');
  await button(handler, '发布').click();
  await handler.locator('.notice:visible', { hasText: '东村路灯维修公告' }).waitFor();
  const resident = await pageAs(WANG);
  await resident.goto(url('/pages/notices/index?village=taoyuan'));
  await resident.locator('.notice', { hasText: '青石镇村镇建设服务中心' }).waitFor();

  // the ledger: as many rows in the workbook as cases on the page
  await office.goto(url('/office/ledger/index'));
  const total = Number(/共 (\d+) 件/.exec(await office.locator('.lead', { hasText: '共' }).innerText())![1]);
  expect(total).toBe(collected + 1);
  const download = office.waitForEvent('download');
  await button(office, '导出Excel').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^台账_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('台账')!;
  expect(sheet.rowCount).toBe(total + 1);
  const descriptions = sheet.getColumn(6).values as unknown[];
  expect(descriptions).toContain('东村路口的路灯坏了，晚上看不清路');

  // a reception day: the representative logs the session with her group, enters a walk-in's
  // request with the resident's consent, and the office sees the attendances and residents
  await office.goto(url('/office/stats/index'));
  await office.locator('.stats-table').waitFor();
  const [attendances, received, collectedNow] = [await figure(office, '党代表接待'), await figure(office, '接待群众'), await figure(office, '收集诉求')];
  const rep = await pageAs(REP_LI);
  await rep.goto(url('/staff/workbench/index'));
  await rep.locator('.link:visible', { hasText: '接待日志' }).click();
  await rep.locator('.card:visible', { hasText: '桃源村党群服务中心党代表工作室' }).first().waitFor();
  await rep.locator('.chip:visible', { hasText: '张建国' }).click();
  for (let i = 0; i < 3; i++) await rep.locator('[aria-label="多一人"]:visible').click();
  await rep.locator('.textarea:visible textarea').fill('群众反映桃源村机耕道雨后积水');
  await button(rep, '保存接待日志').click();
  await rep.locator('.card:visible', { hasText: '已保存' }).filter({ hasText: '接待群众3人' }).waitFor();
  await rep.locator('.textarea:visible textarea').fill('桃源村三组机耕道雨后积水，农机下不了田');
  await rep.locator('.input:visible input').nth(1).fill('13900001111');
  await button(rep, '登记并受理').click();
  await rep.locator('[role=alert]:visible', { hasText: '须经群众同意' }).waitFor();
  await rep.locator('.switch-row:visible', { hasText: '群众同意' }).click();
  await button(rep, '登记并受理').click();
  await rep.locator('.link:visible', { hasText: '已登记' }).waitFor();
  await office.reload();
  await office.locator('.stats-table').waitFor();
  expect([await figure(office, '党代表接待'), await figure(office, '接待群众'), await figure(office, '收集诉求')]).toEqual([
    attendances + 2,
    received + 3,
    collectedNow + 1,
  ]);
  // 重新核算 rebuilds the figures from the cases: they stay as they were kept
  await button(office, '重新核算').click();
  await office.locator('[role=status]', { hasText: '重新核算' }).waitFor();
  await office.locator('.stats-table').waitFor();
  expect([await figure(office, '党代表接待'), await figure(office, '收集诉求')]).toEqual([attendances + 2, collectedNow + 1]);
  await office.goto(url('/office/records/index'));
  await office.locator('.record', { hasText: '李秀英' }).filter({ hasText: '当面登记 1 件' }).waitFor();
  await office.locator('.card', { hasText: '群众反映桃源村机耕道雨后积水' }).waitFor();
});

it('takes a handler’s role away and retires a representative from 人员与权限, the card then pointing residents to the board', async () => {
  const shots = screenshots('people');
  const office = await pageAs(OFFICE);
  await office.goto(url('/staff/workbench/index'));
  await office.locator('.link:visible', { hasText: '人员与权限' }).click();
  await office.locator('.person:visible').first().waitFor();
  await shots.take(office, 'people');
  const handler = office.locator('.person:visible', { hasText: '黄涛' });
  await button(handler, '取消这个身份').click();
  await office.locator('.editing:visible .textarea textarea').fill('调往县水利局工作');
  await button(office, '确认取消').click();
  await office.locator('.banner:visible', { hasText: '已取消黄涛的承办人身份' }).waitFor();
  await office.locator('.person', { hasText: '黄涛' }).waitFor({ state: 'detached' });
  expect(await api('staff', { action: 'inbox', box: 'todo' }, BUILD).catch((e: Error) => e.message)).toContain('绑定身份');

  // a representative leaves: her open request goes to 张建国
  const open = await api<{ id: string }>('resident', submission({ description: '村口垃圾桶满了没人清' }), 'e2e-leaving');
  const li = office.locator('.person:visible', { hasText: 'QX0001' });
  await button(li, '离任（联系卡停用）').click();
  await office.locator('.editing:visible .textarea textarea').fill('换届后不再担任党代表');
  await office.locator('.editing:visible .chip', { hasText: '张建国' }).click();
  await button(office, '确认离任').click();
  await office.locator('.banner:visible', { hasText: /\d+件未办结的事项转给张建国跟进/ }).waitFor();
  await shots.take(office, 'people-after-leaving');
  await office.locator('.person:visible', { hasText: 'QX0001' }).filter({ hasText: '已离任' }).waitFor();

  const resident = await pageAs(WANG);
  await resident.goto(url('/pages/card/index?code=QX0001'));
  await resident.locator('.banner:visible', { hasText: '不再接收反映' }).waitFor();
  expect(await button(resident, '我要反映').count()).toBe(0);
  await shots.take(resident, 'card-of-one-who-left');
  await button(resident, '看桃源村现在的党代表').click();
  await resident.locator('.lead', { hasText: '青石镇桃源村的党代表' }).waitFor();
  expect(await resident.locator('.rep:visible .rep-name').allInnerTexts()).toEqual(['张建国']);
  expect(await api<{ representative: { name: string } }>('case', { action: 'detail', caseId: open.id }, 'e2e-leaving')).toMatchObject({
    representative: { name: '张建国' },
  });

  // both changes are in the audit trail
  await office.goto(url('/office/audit/index'));
  await office.locator('.audit:visible', { hasText: '取消身份' }).filter({ hasText: '调往县水利局工作' }).waitFor();
  await office.locator('.audit:visible', { hasText: '党代表离任' }).filter({ hasText: '李秀英' }).waitFor();
  await shots.take(office, 'audit');
  console.log(`screenshots: ${shots.dir}`);
});
