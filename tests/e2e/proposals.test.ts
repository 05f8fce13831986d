/**
 * A 提议 through the staff pages in a real browser, each person in their own context: drafted and
 * circulated by 李秀英, co-signed by 张建国 from his desk and by 赵红梅 from the proposal, submitted;
 * registered and assigned by the office; answered B by the county transport bureau, rated 不满意 and
 * sent round again; answered A and rated 满意.
 */
import type { Page } from 'playwright-core';
import type { Proposal } from '../../types/domain';
import { OFFICE, REP_LI, REP_ZHANG, TRANSPORT } from '../harness';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(300_000);

const { url, pageAs, api } = browserSuite();
const REP_ZHAO = 'dev-rep-zhao';
const TITLE = '修缮桃源村三组机耕道';
const shots = screenshots('proposals');

const statusIs = (page: Page, text: string) => page.locator('.proposal-status', { hasText: text }).waitFor();

/** Opens the proposal's page as `who`. */
async function open(who: string, id: string): Promise<Page> {
  const page = await pageAs(who);
  await page.goto(url(`/staff/proposal/index?id=${id}`));
  await page.locator('.proposal-status').waitFor();
  return page;
}

/** The proposal as stored, asked of the API as its proposer. */
const stored = (id: string) => api<Proposal>('proposal', { action: 'detail', proposalId: id }, REP_LI);

it('drafts, circulates, takes two co-signatures, submits, and is assigned, answered, sent back once and closed satisfied', async () => {
  // 李秀英 drafts from her desk
  const li = await pageAs(REP_LI);
  await li.goto(url('/staff/proposals/index'));
  await button(li, '提建议').click();
  await li.locator('.draft-form').waitFor();
  // no collection window is open: a 提议 only
  expect(await li.locator('.draft-form .chips').first().locator('.chip').allInnerTexts()).toEqual(['✓ 提议']);
  await li.locator('.proposal-title-input input').fill(TITLE);
  await li.locator('.chip', { hasText: '道路交通' }).click();
  await li.locator('.proposal-problem textarea').fill('机耕道雨后积水，农机下不了田，群众多次反映');
  await li.locator('.proposal-suggestion textarea').fill('列入明年村道硬化计划，先清理排水沟');
  await shots.take(li, 'draft');
  await button(li, '保存草稿').click();
  await statusIs(li, '提议 · 草稿');
  const id = /id=(\w+)/.exec(li.url())![1]!;
  await button(li, '征集附议').click();
  await statusIs(li, '征集附议');
  // not enough co-signers yet: no 提交, and the page says how many it needs
  await li.locator('.proposal', { hasText: '0位，提议至少需要2位' }).waitFor();
  expect(await li.locator('.act-submit').count()).toBe(0);

  // 张建国 co-signs from his desk's list
  const zhang = await pageAs(REP_ZHANG);
  await zhang.goto(url('/staff/proposals/index'));
  const item = zhang.locator('.proposal-item', { hasText: TITLE });
  await button(item, '附议').click();
  await item.locator('.cosigned', { hasText: '您已附议' }).waitFor();
  await shots.take(zhang, 'desk-cosigned');

  // 赵红梅 co-signs from the proposal itself
  const zhao = await open(REP_ZHAO, id);
  await button(zhao, '附议').click();
  await zhao.locator('.cosigners', { hasText: '张建国、赵红梅' }).waitFor();
  expect(await zhao.locator('.act-cosign').count()).toBe(0);

  // 李秀英 submits
  await li.reload();
  await button(li, '提交').click();
  await statusIs(li, '待审查');
  expect((await stored(id)).cosigners.map((c) => c.name)).toEqual(['张建国', '赵红梅']);

  // the office registers it and assigns the county transport bureau
  const office = await open(OFFICE, id);
  await button(office, '立案').click();
  await statusIs(office, '已立案');
  await button(office, '交办').click();
  await office.locator('.act-form-assign .chip', { hasText: '县交通运输局' }).click();
  await shots.take(office, 'assign');
  await button(office, '确认交办').click();
  await statusIs(office, '办理中');
  await office.locator('.proposal-handling', { hasText: '县交通运输局' }).waitFor();

  // the bureau answers B; 李秀英 is not satisfied, and it goes back once
  const answer = async (replyClass: 'A' | 'B', text: string) => {
    const unit = await open(TRANSPORT, id);
    await unit.locator(`.reply-class-${replyClass}`).click();
    await unit.locator('.reply-input textarea').fill(text);
    await shots.take(unit, `reply-${replyClass}`);
    await button(unit, '确认答复').click();
    await statusIs(unit, '已答复');
    await unit.context().close();
  };
  await answer('B', '已列入明年村道硬化计划，汛期前先清理排水沟');
  await li.reload();
  await li.locator('.reply-class-text', { hasText: 'B类 · 正在解决或列入计划' }).waitFor();
  await li.locator('.act-rate .hint', { hasText: '会退回主办单位重新办理一次' }).waitFor();
  await shots.take(li, 'rate');
  await button(li.locator('.rate-dissatisfied'), '不满意').click();
  await statusIs(li, '办理中');

  await answer('A', '排水沟已清理，机耕道已硬化完成');
  await li.reload();
  await li.locator('.reply-class-text', { hasText: 'A类 · 已解决或采纳' }).waitFor();
  await button(li.locator('.rate-satisfied'), '满意').click();
  await statusIs(li, '已办结');
  await shots.take(li, 'closed');
  expect(await stored(id)).toMatchObject({ status: 'closed', rating: 'satisfied', rounds: 1, reply: { replyClass: 'A' } });
});
