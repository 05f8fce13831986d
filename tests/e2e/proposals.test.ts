/**
 * The representatives' own work, the whole path through real pages in a real browser, each person in
 * their own context:
 * 1. the office opens a collection window (提案征集) and sets a 提案's co-signers to two, from its page;
 * 2. 李秀英 drafts a 提案 and circulates it;
 * 3. 张建国 co-signs from his desk, 赵红梅 from the proposal, and she submits it;
 * 4. the office registers it (立案) and assigns the county transport bureau (交办);
 * 5. the bureau answers B;
 * 6. 李秀英 rates it 不满意, it goes round again, is answered A and rated 满意;
 * 7. the office opens 述职评议 of 李秀英, three residents vote from 桃源村's board — one trying twice —,
 *    the office reads the tally without names, publishes it, and her 百分制 shows it.
 */
import type { Page } from 'playwright-core';
import type { Proposal } from '../../types/domain';
import { LI_RESIDENT, OFFICE, REP_LI, REP_ZHANG, TRANSPORT, WANG } from '../harness';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(480_000);

const { url, pageAs, api, advanceClock } = browserSuite();
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

it('walks a 提案 from the collection window to 满意, and 述职评议 from three residents’ votes to the score', async () => {
  // 1. the office opens the window and lets a 提案 go with two co-signers
  const office = await pageAs(OFFICE);
  await office.goto(url('/office/proposals/index'));
  const minimums = office.locator('.cosigner-minimums');
  await minimums.locator('.stepper-value').first().waitFor();
  for (let i = 0; i < 3; i++) await minimums.locator('.cosigners-proposal [aria-label="少一位"]').click();
  expect(await minimums.locator('.cosigners-proposal .stepper-value').innerText()).toBe('2');
  await button(minimums, '保存附议人数').click();
  const windowCard = office.locator('.open-window');
  expect(await windowCard.locator('.hint', { hasText: '还没有开启过提案征集' }).count()).toBe(1);
  await windowCard.locator('input').first().fill('2027年党代会提案征集');
  await button(windowCard, '开启征集').click();
  await windowCard.locator('.window-opened', { hasText: '已开启「2027年党代会提案征集」：2026年11月16日 至 2026年12月16日' }).waitFor();
  await windowCard.locator('.window-item', { hasText: '2027年党代会提案征集（征集中）' }).waitFor();
  await shots.take(office, 'window');

  // 2. 李秀英 drafts a 提案 from her desk
  const li = await pageAs(REP_LI);
  await li.goto(url('/staff/proposals/index'));
  await button(li, '提建议').click();
  await li.locator('.draft-form').waitFor();
  const kinds = li.locator('.draft-form .chips').first().locator('.chip');
  await kinds.filter({ hasText: '提案' }).click();
  expect(await kinds.allInnerTexts()).toEqual(['提议', '✓ 提案']);
  await li.locator('.proposal-title-input input').fill(TITLE);
  await li.locator('.chip', { hasText: '道路交通' }).click();
  await li.locator('.proposal-problem textarea').fill('机耕道雨后积水，农机下不了田，群众多次反映');
  await li.locator('.proposal-suggestion textarea').fill('列入明年村道硬化计划，先清理排水沟');
  await shots.take(li, 'draft');
  await button(li, '保存草稿').click();
  await statusIs(li, '提案 · 草稿');
  const id = /id=(\w+)/.exec(li.url())![1]!;
  await button(li, '征集附议').click();
  await statusIs(li, '征集附议');
  // not enough co-signers yet: no 提交, and the page says how many the office asked for
  await li.locator('.proposal', { hasText: '0位，提案至少需要2位' }).waitFor();
  expect(await li.locator('.act-submit').count()).toBe(0);

  // 3. 张建国 co-signs from his desk's list, 赵红梅 from the proposal itself
  const zhang = await pageAs(REP_ZHANG);
  await zhang.goto(url('/staff/proposals/index'));
  const item = zhang.locator('.proposal-item', { hasText: TITLE });
  await button(item, '附议').click();
  await item.locator('.cosigned', { hasText: '您已附议' }).waitFor();
  await shots.take(zhang, 'desk-cosigned');
  const zhao = await open(REP_ZHAO, id);
  await button(zhao, '附议').click();
  await zhao.locator('.cosigners', { hasText: '张建国、赵红梅' }).waitFor();
  expect(await zhao.locator('.act-cosign').count()).toBe(0);
  await li.reload();
  await button(li, '提交').click();
  await statusIs(li, '待审查');
  expect(await stored(id)).toMatchObject({ kind: 'proposal', no: '2026-001', cosigners: [{ name: '张建国' }, { name: '赵红梅' }] });

  // 4. the office registers it and assigns the county transport bureau
  const review = await open(OFFICE, id);
  await button(review, '立案').click();
  await statusIs(review, '已立案');
  await button(review, '交办').click();
  await review.locator('.act-form-assign .chip', { hasText: '县交通运输局' }).click();
  await shots.take(review, 'assign');
  await button(review, '确认交办').click();
  await statusIs(review, '办理中');
  await review.locator('.proposal-handling', { hasText: '县交通运输局' }).waitFor();

  // 5. the bureau answers B; 6. 李秀英 is not satisfied, it goes back once, is answered A and closed 满意
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

  // 7. 述职评议: the office opens it from its workbench
  await office.goto(url('/staff/workbench/index'));
  await office.locator('.link', { hasText: '述职评议' }).click();
  await office.locator('.open-evaluation .chip', { hasText: '李秀英' }).click();
  await button(office, '开启评议').click();
  // opened: the page shows the new evaluation, voting today
  await office.locator('.evaluation-detail .evaluation-phase', { hasText: '评议中' }).waitFor();
  await shots.take(office, 'evaluation-opened');
  const { id: evaluationId } = (await api<Array<{ id: string; representative: { id: string } }>>('evaluation', { action: 'county' }, OFFICE)).find(
    (e) => e.representative.id === 'rep-1',
  )!;
  await api('evaluation', { action: 'report', evaluationId, text: '今年接待群众四十多人次，跟踪办结了村口路灯、水渠清淤等事项。' }, REP_LI);

  const votes: Array<[string, string, string]> = [
    [WANG, '满意', '路灯修得快'],
    [LI_RESIDENT, '基本满意', ''],
    ['dev-resident-taoyuan-3', '不满意', '水渠还没有修好'],
  ];
  for (const [who, rating, comment] of votes) {
    const resident = await pageAs(who);
    await resident.goto(url('/pages/board/index?village=taoyuan'));
    await resident.locator('.evaluation', { hasText: '今年接待群众四十多人次' }).waitFor();
    if (comment) await resident.locator('.vote .textarea textarea').fill(comment);
    await button(resident.locator('.vote-btn'), rating).click();
    await resident.locator('.vote-done', { hasText: '评议已提交，谢谢您' }).waitFor();
    if (who === WANG) await shots.take(resident, 'evaluation-voted');
    // opened again: the board says they have voted, and offers no buttons
    await resident.reload();
    await resident.locator('.vote-done', { hasText: '您已经评议过了' }).waitFor();
    expect(await resident.locator('.vote-btn').count()).toBe(0);
    await resident.context().close();
  }

  // a second vote sent all the same (an old page left open) is refused in the API's words
  await expect(api('evaluation', { action: 'vote', evaluationId, villageId: 'taoyuan', rating: 'satisfied' }, WANG)).rejects.toThrow(
    '您已经评议过了，每人一次',
  );

  await office.reload();
  const detail = office.locator('.evaluation-detail');
  await detail.locator('.tally', { hasText: '3 人评议' }).waitFor();
  expect(await detail.locator('.tally').innerText()).toBe('3 人评议：满意 1，基本满意 1，不满意 1；满意率 66.7%');
  const comments = await office.locator('.comments .comment').allInnerTexts();
  expect(comments.map((c) => c.replace(/\s+/g, ' ').trim())).toEqual(['路灯修得快 满意 · 桃源村', '水渠还没有修好 不满意 · 桃源村']);
  // without names: nothing on the page says who voted
  expect(await office.locator('.screen').innerText()).not.toMatch(/王大爷|李阿姨/);
  await shots.take(office, 'evaluation-tally');

  // voting over (two weeks on), the office publishes the result, and the 百分制 counts it
  await advanceClock(15);
  await office.reload();
  await button(office.locator('.evaluation-detail'), '公布结果').click();
  await office.locator('.evaluation-detail .evaluation-phase', { hasText: '已公布结果' }).waitFor();
  await office.goto(url('/office/scores/index'));
  await office.locator('.score-row .score-head', { hasText: '李秀英' }).click();
  const line = office.locator('.score-row', { hasText: '李秀英' }).locator('.row', { hasText: '述职评议群众满意率' });
  expect((await line.locator('.row-value').innerText()).trim()).toMatch(/依据 66\.7%$/);
  await shots.take(office, 'score');
});
