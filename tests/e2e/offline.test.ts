/**
 * Poor signal (FixMyStreet #271) in a real browser: requests written without a network, a photo with
 * them, wait on the phone through closing the page, and go by themselves when the network returns,
 * one case each, even when a send reached the server and its answer was lost.
 */
import type { Page } from 'playwright-core';
import type { CaseSummary, CaseView, Page as ListPage } from '../../types/api';
import { browserSuite, button, photo, screenshots } from './local';
import { network } from './network';

jest.setTimeout(240_000);

const { url, pageAs, api } = browserSuite();
const SUBMIT = '/pages/submit/index?code=QX0001';
const shots = screenshots('offline');

const description = (page: Page) => page.locator('.textarea textarea').first();

async function typeDescription(page: Page, text: string): Promise<void> {
  await description(page).fill(text);
  await page.locator('.counter', { hasText: new RegExp(`^${text.length}/`) }).waitFor();
}

const casesOf = (openid: string) => api<ListPage<CaseSummary>>('resident', { action: 'myCases' }, openid);
const waitingTitle = (page: Page) => page.locator('.waiting .card-title');

it('keeps requests written without a network, with a photo, through closing the page, and sends each once when the network returns', async () => {
  const who = 'dev-e2e-offline';
  const first = await pageAs(who);
  const context = first.context();
  const net = await network(context);
  const errors: string[] = [];
  context.on('weberror', (e) => errors.push(e.error().message));
  await first.goto(url(SUBMIT));
  await description(first).waitFor();

  await net.set(true);
  await typeDescription(first, '村口的路灯坏了两个月，晚上孩子放学很危险');
  const [chooser] = await Promise.all([first.waitForEvent('filechooser'), first.locator('.photo-add').click()]);
  await chooser.setFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: await photo() });
  // the upload failed for want of a network: the photo is kept on the phone, and says so
  await first.locator('.photo .photo-note', { hasText: '待上传' }).waitFor();
  await first.locator('.photo img').first().waitFor();
  await button(first, '提交').click();
  await first.locator('.queued', { hasText: '没有网络，已存好，有网时会自动发出' }).waitFor();
  await waitingTitle(first).filter({ hasText: '待发送 1 件' }).waitFor();
  await first.locator('.waiting-item', { hasText: '村口的路灯坏了两个月' }).filter({ hasText: '带 1 张照片' }).waitFor();
  // the form is empty again, for another request
  expect(await description(first).inputValue()).toBe('');
  await shots.take(first, 'waiting-one');
  await first.close();

  // the app opened again, still without a network: the card as last read, the draft still waiting
  const second = await context.newPage();
  await second.goto(url(SUBMIT));
  await net.set(true);
  await waitingTitle(second).filter({ hasText: '待发送 1 件' }).waitFor();
  await typeDescription(second, '桃源村三组的水渠堵了，下雨就淹到路上');
  await button(second, '提交').click();
  await waitingTitle(second).filter({ hasText: '待发送 2 件' }).waitFor();
  await shots.take(second, 'waiting-two');
  expect((await casesOf(who)).total).toBe(0);

  // the network returns: both go by themselves, one after the other
  await net.set(false);
  await waitingTitle(second).filter({ hasText: '没网时存的事都已发出' }).waitFor({ timeout: 30_000 });
  const mine = await casesOf(who);
  expect(mine.items.map((c) => c.summary).sort()).toEqual(['村口的路灯坏了两个月，晚上孩子放学很危险', '桃源村三组的水渠堵了，下雨就淹到路上']);
  for (const c of mine.items) await second.locator('.waiting-sent', { hasText: `已发出，编号 ${c.no}` }).waitFor();
  const lamp = mine.items.find((c) => c.summary.startsWith('村口'))!;
  expect((await api<CaseView>('case', { action: 'detail', caseId: lamp.id }, who)).photos).toHaveLength(1);
  await shots.take(second, 'sent');
  // nothing is left waiting on the phone: not in storage, and no kept photo
  expect(
    await second.evaluate(() => JSON.parse(localStorage.getItem('lianxin:waiting') ?? '{"data":[]}').data.filter((w: { sent?: object }) => !w.sent)),
  ).toEqual([]);
  expect(
    await second.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open('lianxin', 1);
          open.onsuccess = () => {
            const count = open.result.transaction('files').objectStore('files').count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    ),
  ).toBe(0);
  // 我的 lists them as sent too; 知道了 takes each away
  await second.goto(url('/pages/mine/index'));
  await second.locator('.waiting-sent').first().waitFor();
  while ((await second.locator('.waiting-sent').count()) > 0) await button(second.locator('.waiting-sent').first(), '知道了').click();
  await second.locator('.case-item').first().waitFor();
  expect(await second.locator('.waiting').count()).toBe(0);
  expect(errors).toEqual([]);
});

it('makes one case of a draft whose send reached the server but whose answer was lost, however many times the network comes back', async () => {
  const who = 'dev-e2e-offline-lost';
  const page = await pageAs(who);
  await page.goto(url(SUBMIT));
  await typeDescription(page, '自来水这几天一直是黄的，烧开了也有沉淀');
  // the request reaches the server but the answer is lost on the way back
  await page.route('**/api/fn/resident', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  });
  await button(page, '提交').click();
  await page.locator('.queued', { hasText: '没有网络，已存好' }).waitFor();
  await waitingTitle(page).filter({ hasText: '待发送 1 件' }).waitFor();
  expect((await casesOf(who)).total).toBe(1);
  await page.unroute('**/api/fn/resident');
  // the signal comes back twice at once (two events): one send at a time, the same request id
  await page.evaluate(() => {
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new Event('online'));
  });
  const mine = await casesOf(who);
  await page.locator('.waiting-sent', { hasText: `已发出，编号 ${mine.items[0]!.no}` }).waitFor({ timeout: 30_000 });
  await page.context().setOffline(true);
  await page.context().setOffline(false);
  await page.waitForTimeout(500);
  expect((await casesOf(who)).total).toBe(1);
});

it('keeps a request the server refused on the page, to change and send again, never in the waiting list', async () => {
  const who = 'dev-e2e-offline-refused';
  const page = await pageAs(who);
  await page.goto(url(SUBMIT));
  await typeDescription(page, '村委会门口的垃圾桶满了好几天');
  await page.route('**/api/fn/resident', (route) =>
    route.fulfill({ json: { ok: false, error: { code: 'INVALID_INPUT', message: '内容没有通过检查', fields: { description: '请换一种说法再提交' } } } }),
  );
  await button(page, '提交').click();
  await page.locator('.banner-error', { hasText: '没有发送成功：内容没有通过检查' }).waitFor();
  await page.locator('.field-error', { hasText: '请换一种说法再提交' }).waitFor();
  expect(await page.locator('.waiting, .queued').count()).toBe(0);
  expect(await description(page).inputValue()).toBe('村委会门口的垃圾桶满了好几天');
  expect(await button(page, '重新提交').count()).toBe(1);
});
