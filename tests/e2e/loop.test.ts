/**
 * The whole loop in a real browser on the h5 build, served by `npm start`'s program on a fresh
 * data directory, each person in their own browser context: scan → submit with a photo → accept →
 * route → sign → close → rate; the dissatisfied path back through the assigner; and, with the
 * local clock moved ahead, an overdue case pressed by its supervisor (督办), pushed up to the
 * county (上报) and closed there.
 */
import type { Page } from 'playwright-core';
import { ASSIGNER, BUILD, OFFICE, REP_LI, SUP_TOWNSHIP, TRANSPORT, WANG } from '../harness';
import { browserSuite, button, photo, screenshots } from './local';

jest.setTimeout(240_000);

const { url, pageAs, runTimer, advanceClock, setClock } = browserSuite();
const CARD = 'QX0001';

/** Runs the deliver timer now rather than at its next minute. */
const deliver = () => runTimer('deliver');

async function statusIs(page: Page, text: string): Promise<void> {
  await page.locator('.big-status', { hasText: text }).waitFor();
}

/** From the case page: open an action's form, fill it, confirm, and land back on the case. */
async function act(page: Page, action: string, fill: (page: Page) => Promise<void> = async () => {}): Promise<void> {
  await button(page, action).click();
  await page.waitForURL(/#\/staff\/act\/index/);
  await page.locator('.card-title', { hasText: action }).waitFor();
  await fill(page);
  await button(page, `确认${action}`).click();
  await page.waitForURL(/#\/pages\/case\/index/);
  await page.locator('.big-status').waitFor();
}

async function openFromWorkbench(page: Page, box: string, summary: string): Promise<void> {
  await page.goto(url('/staff/workbench/index'));
  await page.locator('.chip', { hasText: box }).click();
  await page.locator('.case-item', { hasText: summary }).first().click();
  await page.locator('.big-status').waitFor();
}

/** Scan, write, add a photo, send: answers the case number shown. */
async function submitAsResident(resident: Page, description: string, shots: ReturnType<typeof screenshots>, phone?: string): Promise<string> {
  await resident.goto(url(`/pages/card/index?code=${CARD}`));
  await resident.locator('.rep-name', { hasText: '李秀英' }).waitFor();
  await shots.take(resident, 'resident-card');
  await button(resident, '我要反映').click();
  await resident.locator('.textarea textarea').first().fill(description);
  await resident.locator('.chip', { hasText: '道路交通' }).click();
  const [chooser] = await Promise.all([resident.waitForEvent('filechooser'), resident.locator('.photo-add').click()]);
  await chooser.setFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: await photo() });
  await resident.locator('.photo img').first().waitFor();
  if (phone) await resident.locator('.input input[type="number"]').fill(phone);
  await shots.take(resident, 'resident-submit');
  await button(resident, '提交').click();
  const no = (await resident.locator('.case-no').textContent({ timeout: 30_000 }))!.match(/\d{12}/)![0];
  await shots.take(resident, 'resident-done');
  return no;
}

async function handlerCloses(handler: Page, summary: string, reply: string, shots: ReturnType<typeof screenshots>): Promise<void> {
  await openFromWorkbench(handler, '待办理', summary);
  await act(handler, '签收');
  await statusIs(handler, '办理中');
  await act(handler, '办结答复', async (p) => {
    await p.locator('.chip', { hasText: '已办结' }).waitFor();
    await p.locator('.textarea textarea').first().fill(reply);
    await shots.take(p, 'handler-close');
  });
  await statusIs(handler, '已答复，待评价');
}

async function residentRates(resident: Page, no: string, rating: string, comment: string | null, shots: ReturnType<typeof screenshots>): Promise<void> {
  await deliver();
  await resident.goto(url('/pages/messages/index'));
  const message = resident.locator('.message', { hasText: no }).first();
  await message.waitFor();
  await shots.take(resident, 'resident-messages');
  await message.click();
  await resident.locator('.rate').waitFor();
  await resident.locator('.rate .chip', { hasText: new RegExp(`^\\s*${rating}\\s*$`) }).click();
  if (comment) await resident.locator('.rate textarea').fill(comment);
  await shots.take(resident, 'resident-rate');
  await button(resident, '提交评价').click();
  await resident.locator('.rate').waitFor({ state: 'detached' });
}

it('carries a case from scan to a satisfied rating, each person in their own browser', async () => {
  const shots = screenshots('satisfied');
  const description = '村口到小学的路灯坏了两个月，晚上孩子放学很危险';
  const [resident, rep, handler] = await Promise.all([pageAs(WANG), pageAs(REP_LI), pageAs(BUILD)]);

  const no = await submitAsResident(resident, description, shots, '13912345678');

  // the representative gets a message and finds it among new cases on her card
  await deliver();
  await rep.goto(url('/pages/messages/index'));
  await rep.locator('.message', { hasText: '您有一条新的群众反映' }).waitFor();
  await openFromWorkbench(rep, '新反映', description);
  await shots.take(rep, 'rep-case');
  // storage is private: the representative sees the resident's photo only through the address the
  // function signed for her, and the picture is really drawn (its pixels decoded), not a broken image
  const shown = rep.locator('.photos img');
  expect(await shown.count()).toBe(1);
  await rep.waitForFunction(() => (document.querySelector<HTMLImageElement>('.photos img')?.naturalWidth ?? 0) > 0);
  expect(await shown.getAttribute('src')).toMatch(/\?expires=\d+&sig=[0-9a-f]{32}$/);
  // she handles it, so she may call the resident back
  await rep.locator('.call', { hasText: '打电话给反映人' }).waitFor();
  await act(rep, '受理');
  await statusIs(rep, '已受理，待交办');
  await act(rep, '交办', async (p) => {
    // the category (道路交通) suggests the township's construction centre
    await p.locator('.chip-on', { hasText: '青石镇村镇建设服务中心' }).waitFor();
    await shots.take(p, 'rep-assign');
  });
  await statusIs(rep, '已交办，待签收');

  await handlerCloses(handler, description, '路灯已经换好了，晚上可以正常照明。', shots);

  // the resident sees the reply and a message, and rates it
  await residentRates(resident, no, '满意', null, shots);
  await statusIs(resident, '已办结');
  await resident.locator('.reply-text', { hasText: '路灯已经换好了' }).waitFor();
  await shots.take(resident, 'resident-closed');
  console.log(`screenshots: ${shots.dir}`);
});

it('sends a dissatisfied case back to the assigner, who routes it again until it is closed', async () => {
  const shots = screenshots('dissatisfied');
  const description = '桃源村三组的水渠堵了，下雨就淹到路上';
  const [resident, rep, assigner, handler] = await Promise.all([pageAs(WANG), pageAs(REP_LI), pageAs(ASSIGNER), pageAs(BUILD)]);

  const no = await submitAsResident(resident, description, shots);
  await openFromWorkbench(rep, '新反映', description);
  await act(rep, '受理');
  await act(rep, '交办');
  await handlerCloses(handler, description, '已经派人清理过了。', shots);

  await residentRates(resident, no, '不满意', '只清了一半，还是堵', shots);
  await statusIs(resident, '不满意，待再交办');
  // sent back: the step bar says it waits to be routed again, and no old date is shown
  await resident.locator('.step-now .step-name', { hasText: '已受理' }).waitFor();
  expect(await resident.locator('.due:visible').count()).toBe(0);
  const casePage = resident.url();

  // routed again on Wednesday: the resident is told the new date, and sees it
  await setClock('2026-11-18T09:00:00+08:00');
  await openFromWorkbench(assigner, '待交办', description);
  await assigner.locator('.event', { hasText: '评价' }).first().waitFor();
  await act(assigner, '交办');
  await statusIs(assigner, '已交办，待签收');
  await deliver();
  await resident.goto(url('/pages/messages/index'));
  await resident.locator('.message', { hasText: '预计12月9日前答复' }).waitFor();
  await resident.goto(casePage);
  await resident.locator('.due:visible', { hasText: '答复期限 2026年12月9日' }).waitFor();

  await handlerCloses(handler, description, '水渠已经全部清通，加了盖板。', shots);
  await residentRates(resident, no, '满意', null, shots);
  await statusIs(resident, '已办结');
  await shots.take(resident, 'resident-closed');
  console.log(`screenshots: ${shots.dir}`);
});

it('takes an overdue case through 督办 and 上报 to a close, with the local clock moved ahead', async () => {
  const shots = screenshots('overdue');
  const description = '青石镇到桃源村的公路塌了一段，车过不去';
  const [resident, rep, supervisor, handler, office, county] = await Promise.all(
    [WANG, REP_LI, SUP_TOWNSHIP, BUILD, OFFICE, TRANSPORT].map((who) => pageAs(who)),
  );
  const no = await submitAsResident(resident, description, shots);
  await openFromWorkbench(rep, '新反映', description);
  await act(rep, '受理');
  await act(rep, '交办');
  await openFromWorkbench(handler, '待办理', description);
  await act(handler, '签收');
  await handler.locator('.due:visible', { hasText: '还剩' }).waitFor();

  // 15 working days pass, and more: the case is overdue, and the clock says so
  await advanceClock(30);
  await supervisor.goto(url('/staff/workbench/index'));
  await supervisor.locator('.dev-bar', { hasText: '已快进30天' }).waitFor();
  await supervisor.locator('.chip', { hasText: '已超期' }).click();
  await supervisor.locator('.unit-row', { hasText: '青石镇村镇建设服务中心' }).locator('.overdue', { hasText: '正超期 1 件' }).waitFor();
  await supervisor.locator('.case-overdue', { hasText: description }).click();
  await supervisor.locator('.due.overdue:visible', { hasText: '已超期' }).waitFor();
  await shots.take(supervisor, 'supervisor-overdue');
  await act(supervisor, '督办', async (p) => {
    await p.locator('.textarea textarea').first().fill('群众出行受阻，请三日内拿出办法');
  });
  await supervisor.locator('.event:visible', { hasText: '督办' }).first().waitFor();

  // the unit is told, and pushes it up: the road needs the county
  await runTimer('deliver');
  await handler.goto(url('/pages/messages/index'));
  await handler.locator('.message', { hasText: '被督办' }).waitFor();
  await openFromWorkbench(handler, '待办理', description);
  await button(handler, '上报').click();
  await handler.locator('.textarea textarea').first().fill('塌方需要县交通局组织抢修，镇里没有能力');
  await button(handler, '确认上报').click();
  // it has left the unit: back on the workbench, no longer among its cases
  await handler.waitForURL(/#\/staff\/workbench\/index/);
  await handler.locator('.state-empty:visible, .case-item:visible').first().waitFor();
  expect(await handler.locator('.case-item:visible', { hasText: description }).count()).toBe(0);

  // the county office routes it to the transport bureau, under the county's time limit
  await office.goto(url('/staff/workbench/index'));
  // the office is told the holiday data ends with 2026 (the clock is now past mid-December)
  await office.locator('.banner:visible', { hasText: /2027(、2028)?年的节假日安排尚未录入/ }).waitFor();
  await openFromWorkbench(office, '待交办', description);
  await act(office, '交办', async (p) => {
    await p.locator('.chip-on', { hasText: '县级部门' }).waitFor();
    await p.locator('.chip', { hasText: '县交通运输局' }).click();
  });
  await statusIs(office, '已交办，待签收');
  await handlerCloses(county, description, '已组织抢修，公路恢复通行。', shots);
  await residentRates(resident, no, '满意', null, shots);
  await statusIs(resident, '已办结');
  console.log(`screenshots: ${shots.dir}`);
});
