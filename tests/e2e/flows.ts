/**
 * Steps through real pages that more than one browser test takes: kept here so a walk-through
 * test repeats what a person does in the same words as the test of the feature.
 */
import type { Page } from 'playwright-core';
import { button, type BrowserSuite } from './local';

/** For whom a messenger passes a request on: a named neighbour (with their phone, they agreed to be called) or an anonymous one. */
export type Neighbour = { name: string; phone?: string } | 'anonymous';

export interface PassedOnReceipt {
  /** the case's id and number, from the receipt */
  id: string;
  no: string;
  /** the follow code handed to a named neighbour; null for an anonymous one */
  follow: string | null;
}

/**
 * 代邻居反映 as a messenger does it: from 我的反映 to their page, the big button, the description,
 * for whom (the phone with the neighbour's consent ticked), 提交; answers what the receipt shows.
 * `page` is signed in as an active messenger; `url` makes a page's address (browserSuite's).
 */
export async function passOnRequest(
  page: Page,
  url: (path: string) => string,
  request: { description: string; neighbour: Neighbour },
): Promise<PassedOnReceipt> {
  await page.goto(url('/pages/mine/index'));
  await page.locator('.btn', { hasText: '代邻居反映' }).first().click();
  await page.locator('.term .btn', { hasText: '代邻居反映' }).first().click();
  const description = page.locator('textarea[aria-label="问题描述"]');
  await description.fill(request.description);
  await page.locator('.counter', { hasText: new RegExp(`^${request.description.trim().length}/`) }).waitFor();
  const { neighbour } = request;
  if (neighbour === 'anonymous') await page.locator('.chip', { hasText: '匿名' }).click();
  else {
    await page.locator('input[aria-label="邻居的称呼"]').fill(neighbour.name);
    if (neighbour.phone) {
      await page.locator('input[aria-label="邻居的电话"]').fill(neighbour.phone);
      await page.locator('[role=switch][aria-label="邻居同意办理人员打电话联系"]').click();
      await page.locator('[role=switch][aria-checked="true"]').waitFor();
    }
  }
  await button(page, '提交').click();
  try {
    await page.locator('.done-title').waitFor();
  } catch (err) {
    const said = (await page.locator('.banner-error, .field-error').allInnerTexts()).join(' / ');
    throw new Error(`not passed on; the page says: ${said || '(nothing)'}`, { cause: err });
  }
  const params = new URLSearchParams(page.url().split('?')[1] ?? '');
  const follow = page.locator('.follow-code');
  return {
    id: params.get('id')!,
    no: (await page.locator('.case-no').first().innerText()).replace(/\D+/g, ''),
    follow: (await follow.count()) > 0 ? (await follow.innerText()).trim() : null,
  };
}

/**
 * 乡镇每月问题会商会: on the meeting page at `url` (a township's month, opened by its assigner or
 * supervisor), finds the case `caseNo` on the agenda as overdue, records the meeting — today, a
 * place, attendees — with `unitName` leading it by `dueDate` (YYYY-MM-DD), and waits until the item
 * says the 督办 with the new date reached the case.
 */
export async function pressAtMonthlyMeeting(
  page: Page,
  { url, caseNo, unitName, dueDate }: { url: string; caseNo: string; unitName: string; dueDate: string },
) {
  await page.goto(url);
  const item = page.locator('.agenda-item', { hasText: caseNo });
  await item.locator('.reason', { hasText: '超期未办结' }).waitFor();
  const form = page.locator('.record-meeting');
  await form.locator('.field', { hasText: '地点' }).locator('input').fill('镇政府三楼会议室');
  await form.locator('.field', { hasText: '参会人员' }).locator('input').fill('何平、钱进');
  const decision = form.locator('.decision-form', { hasText: caseNo });
  await decision.locator('.switch-row').click();
  await decision.locator('.chip', { hasText: unitName }).click();
  await decision.locator('.field', { hasText: '办结日期' }).locator('input').fill(dueDate);
  await button(form, '保存会商记录').click();
  const [y, m, d] = dueDate.split('-').map(Number);
  await item.locator('.applied', { hasText: `新期限${y}年${m}月${d}日` }).waitFor();
}

/** Posts `text` on the wall page open in `page` (no name asked), answering what the page then says (公开 at once, or held for checking). */
export async function postOnWall(page: Page, text: string): Promise<string> {
  await page.locator('.wall-form .textarea textarea').fill(text);
  await button(page, '公开留言').click();
  return (await page.locator('.wall-posted').textContent({ timeout: 30_000 }))!;
}

/**
 * A request 李秀英 (`rep`) entered for 张大妈 at a reception day (`receptionId`) and answered on the
 * spot: entered for her, its answer reaches her only by a 回访 call once the outbox is delivered.
 */
export async function enteredAndAnswered(api: BrowserSuite['api'], rep: string, receptionId: string, requestId: string): Promise<{ id: string; no: string }> {
  const resident = { name: '张大妈', phone: '13900001111', consent: true };
  const problem = { category: 'road', description: '桃源村三组机耕道雨后积水，农机下不了田' };
  const c = await api<{ id: string; no: string }>('staff', { action: 'enterRequest', receptionId, requestId, ...problem, ...resident }, rep);
  await api('case', { action: 'answer', caseId: c.id, outcome: 'explained', feedbackMethod: 'in_person', reply: '已当面解释，机耕道明年春耕前硬化。' }, rep);
  return c;
}
