/**
 * The resident's form, the workbench's binding and the printable card in a real browser: what is checked before sending,
 * drafts that survive leaving, a failed send that keeps the text and makes one case on retry (without a network: offline.test.ts), a
 * double tap that makes one case (what each page looks like is measured by reach.test.ts).
 */
import type { Page } from 'playwright-core';
import type { CaseSummary, Page as ListPage } from '../../types/api';
import { OFFICE, WANG } from '../harness';
import { browserSuite, button } from './local';

jest.setTimeout(180_000);

const { url, pageAs, api } = browserSuite();
const SUBMIT = '/pages/submit/index?code=QX0001';
const description = (page: Page) => page.locator('.textarea textarea').first();

/** Types the description, and waits until the page has taken it in (its counter shows the count), as a person sees before tapping. */
async function typeDescription(page: Page, text: string): Promise<void> {
  await description(page).fill(text);
  await page.locator('.counter', { hasText: new RegExp(`^${text.trim().length}/`) }).waitFor();
}

/** Waits for the page after 提交: the done page, or else fails with what the page said instead. */
async function sent(page: Page): Promise<void> {
  try {
    await page.locator('.done-title').waitFor();
  } catch (err) {
    throw new Error(`not sent; the page says: ${(await page.locator('.banner-error, .field-error').allInnerTexts()).join(' / ') || '(nothing)'}`, {
      cause: err,
    });
  }
}

/** The cases a resident has, asked of the API directly. */
const casesOf = (openid: string) => api<ListPage<CaseSummary>>('resident', { action: 'myCases' }, openid);

describe('the submit form', () => {
  it('says what is missing and sends nothing when the description is empty or too short', async () => {
    const page = await pageAs('dev-e2e-empty');
    await page.goto(url(SUBMIT));
    await button(page, '提交').click();
    await page.locator('.field-error', { hasText: '请说一说遇到了什么问题' }).waitFor();
    await typeDescription(page, '路灯');
    await button(page, '提交').click();
    await page.locator('.field-error', { hasText: '至少5个字' }).waitFor();
    expect((await casesOf('dev-e2e-empty')).total).toBe(0);
  });

  it('shows the error beside its field and moves the page to it, where the resident is looking', async () => {
    const page = await pageAs('dev-e2e-eye');
    await page.goto(url(SUBMIT));
    await button(page, '提交').scrollIntoViewIfNeeded();
    await button(page, '提交').click();
    const error = page.locator('.field-has-error .field-error', { hasText: '请说一说遇到了什么问题' });
    await error.waitFor();
    // the page has moved: the description's error is on screen, not above it
    await page.waitForFunction(() => {
      const r = document.querySelector('.field-has-error .field-error')!.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    // and beside the button, a word that nothing was sent
    await page.locator('.field-error', { hasText: '还没有提交' }).waitFor();
  });

  it('keeps a long paste whole with a warning to shorten it, and sends nothing until it is', async () => {
    const page = await pageAs('dev-e2e-paste');
    await page.goto(url(SUBMIT));
    const pasted = '村里的排水沟堵了，下雨天积水很深。'.repeat(300).slice(0, 5000);
    await typeDescription(page, pasted);
    expect(await description(page).inputValue()).toHaveLength(5000);
    await page.locator('.banner-warn', { hasText: '写了5000个字，超过了1000个字。内容都还在' }).waitFor();
    await button(page, '提交').click();
    await page.locator('.field-error', { hasText: '最多1000个字，现在有5000个字' }).waitFor();
    expect((await casesOf('dev-e2e-paste')).total).toBe(0);
    await typeDescription(page, pasted.slice(0, 1000));
    await button(page, '提交').click();
    await sent(page);
  });

  it('refuses, kindly, a request made only of emoji', async () => {
    const page = await pageAs('dev-e2e-emoji');
    await page.goto(url(SUBMIT));
    await typeDescription(page, '😡😡😡😡😡😡😡😡');
    await button(page, '提交').click();
    await page.locator('.field-error', { hasText: '请用文字说一说遇到了什么问题' }).waitFor();
    expect((await casesOf('dev-e2e-emoji')).total).toBe(0);
  });

  it('keeps the draft when the resident leaves the page and comes back', async () => {
    const page = await pageAs('dev-e2e-draft');
    await page.goto(url(SUBMIT));
    await typeDescription(page, '桥上的栏杆松了，老人小孩走过去很危险');
    await page.locator('.chip', { hasText: '道路交通' }).click();
    await page.goto(url('/pages/card/index?code=QX0001'));
    await page.reload();
    await page.goto(url(SUBMIT));
    await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('.textarea textarea')?.value.includes('栏杆松了'));
    await page.locator('.chip-on', { hasText: '道路交通' }).waitFor();
  });

  it('keeps the text when the server fails to answer, and makes one case when it is sent again', async () => {
    const who = 'dev-e2e-retry';
    const page = await pageAs(who);
    await page.goto(url(SUBMIT));
    await typeDescription(page, '自来水这几天一直是黄的，烧开了也有沉淀');
    // the request reaches the server, which then answers with a failure of its own (a lost answer is offline.test.ts's)
    let failed = false;
    await page.route('**/api/fn/resident', async (route) => {
      if (failed) return route.continue();
      failed = true;
      await route.fetch();
      await route.fulfill({ json: { ok: false, error: { code: 'INTERNAL', message: '服务器忙，请稍后再试' } } });
    });
    await button(page, '提交').click();
    await page.locator('.banner-error', { hasText: '您写的内容都还在' }).waitFor();
    expect(await description(page).inputValue()).toContain('自来水');
    await button(page, '重新提交').click();
    await sent(page);
    const mine = await casesOf(who);
    expect(mine.total).toBe(1);
    expect(await page.locator('.case-no').textContent()).toContain(mine.items[0]!.no);
  });

  it('makes one case of a double tap on send', async () => {
    const who = 'dev-e2e-double';
    const page = await pageAs(who);
    await page.goto(url(SUBMIT));
    await typeDescription(page, '垃圾站好几天没人清运，味道很大');
    await button(page, '提交').dblclick();
    await sent(page);
    expect((await casesOf(who)).total).toBe(1);
  });
});

describe('the workbench', () => {
  it('binds a new handler by the invitation code the office gave them', async () => {
    const { code } = await api<{ code: string }>('office', { action: 'issueInvitation', name: '周敏', role: 'handler', unitId: 'qingshi-social' }, OFFICE);
    const page = await pageAs('dev-e2e-newstaff');
    await page.goto(url('/staff/workbench/index'));
    await page.locator('.card-title', { hasText: '绑定工作身份' }).waitFor();
    await page.locator('.code-input input').fill('WRONG123');
    await button(page, '绑定').click();
    await page.locator('.field-error').waitFor();
    await page.locator('.code-input input').fill(code.toLowerCase());
    await button(page, '绑定').click();
    await page.locator('.chip', { hasText: '待办理' }).waitFor();
    await page.locator('.lead', { hasText: '周敏' }).waitFor();
  });
});

describe('the printable contact card', () => {
  it('opens from /print/card/<code> with the representative and the card’s code, ready to print', async () => {
    const page = await pageAs(OFFICE);
    await page.goto(url('/').replace(/\/#\/$/, '/print/card/QX0001'));
    await page.locator('.print-card', { hasText: '李秀英' }).waitFor();
    for (const text of ['党代表联系卡', '接待时间', '微信扫一扫 反映问题', 'QX0001']) await page.locator('.print-card', { hasText: text }).waitFor();
    // the code image is the one `card · code` keeps, and it loads
    const img = page.locator('.print-code-img img');
    await img.waitFor();
    expect(await img.getAttribute('src')).toMatch(/^\/uploads\/cards\/local\/QX0001\.png\?expires=\d+&sig=[0-9a-f]{32}$/);
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.print-code-img img')?.naturalWidth ?? 0) > 0);
    await button(page, '打印').waitFor();
  });

  it('explains sign-in to someone who opens the print link in a browser, and comes back to the card after', async () => {
    const page = await pageAs(OFFICE);
    const base = url('/').replace(/\/#\/$/, '');
    await page.context().request.post(`${base}/api/dev/signout`, { data: {} });
    await page.goto(`${base}/print/card/QX0001`);
    await page.locator('.state-title', { hasText: '请先选择身份' }).waitFor();
    await button(page, '选择身份').click();
    // the sign-in page, grouped by role, each group saying what it does
    await page.locator('.card', { hasText: '办公室' }).locator('.hint', { hasText: '全县台账、统计、人员和公开栏' }).waitFor();
    expect(await page.locator('.identities .card-title').allInnerTexts()).toEqual(['群众', '党代表', '交办人', '承办人', '督办领导', '办公室']);
    await button(page, '马丽（县联系群众工作办公室，县级交办）').click();
    await page.locator('.print-card', { hasText: '李秀英' }).waitFor();
  });

  it('prints a card on one A4 page, and the sheet of every card two across', async () => {
    const page = await pageAs(OFFICE);
    const pagesOf = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    await page.goto(url('/office/card/index?code=QX0001'));
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.print-code-img img')?.naturalWidth ?? 0) > 0);
    expect(pagesOf(await page.pdf({ format: 'A4', printBackground: true }))).toBe(1);
    await page.goto(url('/office/cards/index'));
    await page.locator('.card-sheet .print-card').first().waitFor();
    const cards = await page.locator('.card-sheet .print-card').count();
    const printed = pagesOf(await page.pdf({ format: 'A4', printBackground: true }));
    // two across, about two rows to a page: never a page per card, never cards cut off
    expect([cards > 2, printed <= Math.ceil(cards / 2), printed >= 1]).toEqual([true, true, true]);
  });

  it('leads from a card to its village’s board of representatives', async () => {
    const page = await pageAs(WANG);
    await page.goto(url('/pages/card/index?code=QX0001'));
    await page.locator('.link', { hasText: '桃源村的党代表' }).click();
    await page.locator('.lead', { hasText: '青石镇桃源村的党代表' }).waitFor();
    expect(await page.locator('.rep:visible .rep-name').allInnerTexts()).toEqual(['李秀英', '张建国']);
    await button(page, '向张建国反映').waitFor();
  });

  it('asks for a scanned card once, before the page’s own script has arrived', async () => {
    const page = await pageAs(WANG);
    const asked: string[] = [];
    page.on('request', (req) => {
      const path = new URL(req.url()).pathname;
      if (path === '/api/fn/card') asked.push(`card ${req.postData() ?? ''}`);
      else if (path.startsWith('/chunk/')) asked.push('chunk');
    });
    await page.goto(url('/pages/card/index?code=qx0001%20'));
    await button(page, '我要反映').waitFor();
    expect(asked.filter((a) => a.startsWith('card'))).toEqual(['card {"action":"get","cardCode":"QX0001"}']);
    expect(asked[0]).toMatch(/^card /);
  });

  it('is refused to someone who is neither the card’s representative nor its office', async () => {
    const page = await pageAs(WANG);
    await page.goto(url('/office/card/index?code=QX0001'));
    await page.locator('.state-error').waitFor();
    expect(await page.locator('.print-card').count()).toBe(0);
  });
});
