/** Steps through real pages that more than one browser test takes, each self-contained. */
import type { Page } from 'playwright-core';
import { button } from './local';

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
