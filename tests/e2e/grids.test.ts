/**
 * Grids (网格) in a real browser on the h5 build: the office adds a grid to 桃源村 with its
 * representative and staff; the village's handler, one of its staff, logs a day's visit there and
 * enters a request met on it (the phone kept only once the resident consents); the office's grid
 * figures show the visit and the request, the statistics count it by grid, and the ledger opened
 * from the grid shows the case.
 */
import type { Page } from 'playwright-core';
import { OFFICE, TAOYUAN } from '../harness';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(180_000);
const { url, pageAs } = browserSuite();
const shots = screenshots('grids');

/** The typed box of the visible form field labelled `label`. */
const field = (page: Page, label: string) => page.locator('.field:visible', { hasText: label }).locator('input, textarea').first();

it('takes a grid from the office to a logged visit, a request met there and the office’s figures and ledger', async () => {
  const office = await pageAs(OFFICE);
  await office.goto(url('/staff/workbench/index'));
  await office.locator('.link:visible', { hasText: '网格管理' }).click();
  await button(office, '新增网格').click();
  const form = office.locator('.grid-form');
  await field(office, '编号').fill('ty-1');
  await field(office, '网格名称').fill('桃源村第一网格');
  await form.locator('.chip', { hasText: '桃源村' }).click();
  await field(office, '网格员').fill('王网格、林国富');
  await form.locator('.chip', { hasText: '李秀英' }).click();
  await field(office, '群众骨干').fill('孙大伯');
  await button(office, '保存网格').click();
  const card = office.locator('.grid-figures', { hasText: '桃源村第一网格' });
  await card.filter({ hasText: '网格长 王网格' }).filter({ hasText: '党代表 李秀英' }).waitFor();
  await office.locator('.small', { hasText: '每周至少走访3天' }).waitFor();
  await card.filter({ hasText: '0天，0次，0户' }).waitFor();
  await shots.take(office, 'office-grid-added');

  // the village's handler, named among the grid's staff, logs today's visit and enters a request met there
  const handler = await pageAs(TAOYUAN);
  await handler.goto(url('/staff/workbench/index'));
  await handler.locator('.link:visible', { hasText: '我的网格' }).click();
  await handler.locator('.grid-card', { hasText: '桃源村第一网格' }).filter({ hasText: '孙大伯' }).waitFor();
  await handler.locator('.visit-form .chip', { hasText: '林国富' }).click();
  await handler.locator('.visit-form .chip', { hasText: '孙大伯' }).click();
  for (let i = 0; i < 5; i++) await handler.locator('[aria-label="多一户"]:visible').click();
  await field(handler, '记事').fill('三组老人反映路灯不亮');
  await button(handler, '保存走访记录').click();
  await handler.locator('.card:visible', { hasText: '已保存' }).filter({ hasText: '走访5户' }).waitFor();
  await field(handler, '群众反映的问题').fill('桃源村三组路灯坏了三盏，老人晚上出门看不清');
  await field(handler, '群众电话').fill('13900002222');
  await button(handler, '登记并受理').click();
  await handler.locator('[role=alert]:visible', { hasText: '须经群众同意' }).waitFor();
  await handler.locator('.switch-row:visible', { hasText: '群众同意' }).click();
  await button(handler, '登记并受理').click();
  const entered = handler.locator('.link:visible', { hasText: '已登记' });
  await entered.waitFor();
  const no = /已登记 (\S+)：/.exec(await entered.innerText())![1]!;
  await shots.take(handler, 'handler-request-entered');
  await button(handler, '这次走访登记完了').click();
  await handler.locator('.grid-visit', { hasText: '走访5户 · 登记诉求1件' }).filter({ hasText: '林国富、孙大伯' }).waitFor();

  // the office: the visit and the request in the grid's figures, by grid in the statistics, the case in the grid's ledger
  await office.reload();
  await card.filter({ hasText: '1天，1次，5户' }).filter({ hasText: '1件：未办结 1，已办结 0，超期 0' }).waitFor();
  await shots.take(office, 'office-grid-figures');
  await office.goto(url('/office/stats/index'));
  await office.locator('.by-grid .row', { hasText: '桃源村 桃源村第一网格' }).filter({ hasText: '收集 1' }).waitFor();
  await office.goto(url('/staff/workbench/index'));
  await office.locator('.link:visible', { hasText: '网格管理' }).click();
  await card.locator('.link', { hasText: '诉求台账' }).click();
  await office.locator('.chip-on:visible', { hasText: '桃源村第一网格' }).waitFor();
  await office.locator('.case-item:visible', { hasText: '路灯坏了三盏' }).waitFor();
  expect(await office.locator('.case-item:visible').count()).toBe(1);
  expect(await office.locator('.lead:visible', { hasText: '共 1 件' }).count()).toBe(1);
  await shots.take(office, 'office-ledger-by-grid');
  await office.locator('.case-item:visible').click();
  await office.locator('.screen:visible', { hasText: no }).waitFor();
});
