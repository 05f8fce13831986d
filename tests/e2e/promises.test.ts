/**
 * What the resident is promised, kept in a real browser on `npm start`'s program: the date on the
 * done page is the case's real first deadline, and a request nobody accepts by then is late like
 * any other, on the resident's page and in the office's list, with the local clock set ahead; the
 * resident presses 催办 and is given the representative's number.
 */
import { OFFICE, WANG } from '../harness';
import { browserSuite, button } from './local';

jest.setTimeout(180_000);

const { url, pageAs, setClock } = browserSuite();

it('holds a request nobody accepts to the date the done page promised, and shows it late to the resident and the office', async () => {
  const resident = await pageAs(WANG);
  await resident.goto(url('/pages/card/index?code=QX0001'));
  await button(resident, '我要反映').click();
  await resident.locator('.textarea textarea').first().fill('桃源村小学门口的减速带坏了，车开得很快');
  await resident.locator('.chip', { hasText: '道路交通' }).click();
  await button(resident, '提交').click();
  // sent on Monday 16 November: a working day to accept it, then a township's 15 working days
  await resident.locator('.due', { hasText: '预计答复时间：2026年12月8日前' }).waitFor();
  await button(resident, '查看办理进度').click();
  await resident.locator('.due:visible', { hasText: '答复期限 2026年12月8日（还剩16个工作日）' }).waitFor();

  // the representative never opens it; the day after the promised date
  await setClock('2026-12-09T10:00:00+08:00');
  await resident.reload();
  await resident.locator('.big-status', { hasText: '待受理' }).waitFor();
  await resident.locator('.due.overdue:visible', { hasText: '已超期1个工作日' }).waitFor();

  // the resident presses 催办, and may call the representative
  await resident.locator('.urge .card-title', { hasText: '已经超过答复期限了' }).waitFor();
  await resident.locator('.urge .call', { hasText: '打电话给党代表李秀英：13800000001' }).waitFor();
  await button(resident, '催办').click();
  await resident.locator('.urge .hint', { hasText: '您12月9日已催办过，12月14日起可以再催办' }).waitFor();
  await resident.locator('.event:visible', { hasText: '催办' }).first().waitFor();
  expect(await button(resident, '催办').count()).toBe(0);

  const office = await pageAs(OFFICE);
  await office.goto(url('/staff/workbench/index'));
  await office.locator('.chip', { hasText: '已超期' }).click();
  await office.locator('.case-overdue:visible', { hasText: '减速带' }).waitFor();
  await office.goto(url('/office/ledger/index'));
  await office.locator('.chip', { hasText: '超期的' }).click();
  await office.locator('.case-item:visible', { hasText: '减速带' }).waitFor();
});

it('offers the half-year just ended when a new one has only begun, so the office never starts on an empty report', async () => {
  await setClock('2027-01-02T09:00:00+08:00');
  const office = await pageAs(OFFICE);
  await office.goto(url('/office/stats/index'));
  await office.locator('.state-empty', { hasText: '本半年刚开始，还没有收集到诉求' }).waitFor();
  await button(office, '看上个半年').click();
  await office.locator('.small', { hasText: '2026年7月1日 至 2026年12月31日' }).waitFor();
  await office.locator('.row', { hasText: '收集诉求' }).locator('.row-value', { hasText: '1 件' }).waitFor();
  await office.goto(url('/office/ledger/index'));
  await button(office, '看上个半年').click();
  await office.locator('.lead', { hasText: '共 1 件' }).waitFor();
});
