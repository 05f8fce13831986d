/**
 * 述职评议 in a real browser on the h5 build: the office opens an evaluation of 李秀英 from its page,
 * she writes her report, three residents vote from 桃源村's board — one of them trying twice — and
 * the office reads the running tally and the comments, without names; once voting is over it
 * publishes the result, which its 百分制 then counts.
 */
import { LI_RESIDENT, OFFICE, REP_LI, WANG } from '../harness';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(180_000);
const { url, pageAs, api, advanceClock } = browserSuite();

it('opens an evaluation as the office, takes three residents’ votes from the board, refuses a second, and shows the office the tally', async () => {
  const shots = screenshots('evaluation');
  const office = await pageAs(OFFICE);
  await office.goto(url('/staff/workbench/index'));
  await office.locator('.link', { hasText: '述职评议' }).click();
  await office.locator('.open-evaluation .chip', { hasText: '李秀英' }).click();
  await button(office, '开启评议').click();
  // opened: the page shows the new evaluation, voting today
  await office.locator('.evaluation-detail .evaluation-phase', { hasText: '评议中' }).waitFor();
  await shots.take(office, 'opened');
  const { id } = (await api<Array<{ id: string; representative: { id: string } }>>('evaluation', { action: 'county' }, OFFICE)).find(
    (e) => e.representative.id === 'rep-1',
  )!;
  await api('evaluation', { action: 'report', evaluationId: id, text: '今年接待群众四十多人次，跟踪办结了村口路灯、水渠清淤等事项。' }, REP_LI);

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
    if (who === WANG) await shots.take(resident, 'voted');
    // opened again: the board says they have voted, and offers no buttons
    await resident.reload();
    await resident.locator('.vote-done', { hasText: '您已经评议过了' }).waitFor();
    expect(await resident.locator('.vote-btn').count()).toBe(0);
    await resident.context().close();
  }

  // a second vote sent all the same (an old page left open) is refused in the API's words
  await expect(api('evaluation', { action: 'vote', evaluationId: id, villageId: 'taoyuan', rating: 'satisfied' }, WANG)).rejects.toThrow(
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
  await shots.take(office, 'tally');

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
