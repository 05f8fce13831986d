/**
 * 我也反映 and 并案 in a real browser: a resident writing what another already raised sees it before
 * sending and joins it instead of filing it again; the office merges two cases of one problem and
 * both pages say so (what the pages look like is measured by reach.test.ts).
 */
import type { SubmitResult } from '../../src/server/usecases/submit';
import type { CaseSummary, Page as ListPage } from '../../types/api';
import { LI_RESIDENT, OFFICE, WANG } from '../harness';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(180_000);

const { url, pageAs, api } = browserSuite();
const CARD = 'QX0001';
const shots = screenshots('metoo');
let seq = 0;
const submit = (who: string, description: string) =>
  api<SubmitResult>('resident', { action: 'submit', cardCode: CARD, requestId: `metoo-e2e-${seq++}`, category: 'road', description }, who);
const casesOf = (openid: string) => api<ListPage<CaseSummary>>('resident', { action: 'myCases' }, openid);

describe('我也反映', () => {
  it('shows a resident writing the same problem the case already raised, and 是同一件事 makes them its co-reporter instead of a second case', async () => {
    const first = await submit(WANG, '村口路灯坏了好几天，晚上黑漆漆的，老人出门不方便');
    const page = await pageAs(LI_RESIDENT);
    await page.goto(url(`/pages/submit/index?code=${CARD}`));
    await page.locator('.textarea textarea').first().fill('村口路灯坏了好几天，晚上走路看不见');

    const card = page.locator('.similar-card', { hasText: '村口路灯坏了好几天' });
    await card.waitFor();
    await page.locator('.similar .card-title', { hasText: '附近已有人反映过类似的事' }).waitFor();
    await card.locator('.small', { hasText: '已有1位群众反映' }).waitFor();
    // sending their own stays one tap away
    expect(await button(page, '提交').isVisible()).toBe(true);
    await shots.take(page, 'similar');

    await button(card, '是同一件事').click();
    await page.locator('.raised-by', { hasText: '共2位群众反映了这件事' }).waitFor();
    expect(page.url()).toContain(`id=${first.id}`);
    await shots.take(page, 'co-reporter');

    // no second case: the resident's own list holds the one they joined
    const mine = await casesOf(LI_RESIDENT);
    expect(mine.items.map((c) => c.id)).toEqual([first.id]);
    await page.goto(url('/pages/mine/index'));
    await page.locator('.case-item', { hasText: '村口路灯坏了好几天' }).waitFor();
    // the draft went with it: the form is empty again
    await page.goto(url(`/pages/submit/index?code=${CARD}`));
    await page.locator('.textarea').waitFor();
    expect(await page.locator('.textarea textarea').first().inputValue()).toBe('');
  });
});

describe('并案', () => {
  it('lets the office merge a case into another of the village: the first says where it went, the other counts both reporters', async () => {
    const x = await submit(WANG, '三组桥头的护栏被车撞断了一截');
    const y = await submit(LI_RESIDENT, '桥头护栏断了，晚上看不清很危险');
    const office = await pageAs(OFFICE);
    await office.goto(url(`/pages/case/index?id=${x.id}`));
    await office.locator('.link', { hasText: '并案' }).click();

    await office.locator('.card-title', { hasText: `并案 · ${x.no}` }).waitFor();
    await office.locator('input.input, .input input').first().fill(y.no);
    await office.locator('.case-item', { hasText: '桥头护栏断了' }).click();
    await office.locator('.case-item', { hasText: `已选：事项 ${y.no}` }).waitFor();
    await office.locator('.textarea textarea').first().fill('同一处护栏');
    await shots.take(office, 'merge-form');
    await button(office, `确认并入事项 ${y.no}`).click();
    await office.locator('.taro-modal__foot', { hasText: '并案' }).locator('text=并案').last().click();

    await office.locator('.merged-done', { hasText: `已并入事项 ${y.no}` }).waitFor();
    await office.locator('.merged-done', { hasText: '共2位群众反映' }).waitFor();
    await shots.take(office, 'merged');

    await office.goto(url(`/pages/case/index?id=${x.id}`));
    await office.locator('.merged', { hasText: `已并入事项 ${y.no}` }).waitFor();
    await office.locator('.merged .link', { hasText: '看并入后的事项' }).click();
    await office.locator('.raised-by', { hasText: '共2位群众反映了这件事' }).waitFor();
    expect(office.url()).toContain(`id=${y.id}`);

    // the office's figures: two requests, one problem
    await office.goto(url('/office/stats/index'));
    await office.locator('.problems', { hasText: '并入别的事项' }).waitFor();
    expect(await office.locator('.problems').innerText()).toMatch(/并入别的事项\s*1 件/);
  });
});
