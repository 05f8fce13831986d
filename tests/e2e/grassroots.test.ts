/**
 * The grassroots rhythm walked through real pages in a real browser, in order, each person in their
 * own context on one local system:
 * 1. a messenger of 桃源村's grid passes on a neighbour's request, and the representative's case page
 *    says who passed it on;
 * 2. a resident posts on 桃源村's wall without a name; the village committee answers after the seven
 *    working days, and the wall marks the post 逾期 in public;
 * 3. the committee turns the post into a case, and the wall shows its number;
 * 4. the township puts a road fund to the village: two residents of three approve, exactly two
 *    thirds, and the board publishes it as passed;
 * 5. 青石镇's monthly problem meeting takes an overdue township case and presses it with a new date,
 *    which the case's page then shows.
 */
import type { SubmitResult } from '../../src/server/usecases/submit';
import { ASSIGNER, BUILD, LI_RESIDENT, OFFICE, REP_LI, submission, TAOYUAN, WANG } from '../harness';
import { passOnRequest, postOnWall, pressAtMonthlyMeeting } from './flows';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(600_000);

const { url, pageAs, api, advanceClock, setClock } = browserSuite();
const shots = screenshots('grassroots');
const MESSENGER = 'dev-e2e-messenger-sun';
const POSTER = 'dev-e2e-wall-poster';

it('walks a messenger’s request, a late wall post turned into a case, a two-thirds vote and a township meeting pressing an overdue case', async () => {
  // a township case signed for on Monday 16 November (due early December), to be overdue by the meeting
  const overdue = await api<SubmitResult>('resident', submission({ description: '青石镇中心路口的红绿灯坏了一个月' }), WANG);
  await api('case', { action: 'accept', caseId: overdue.id, level: 'township' }, REP_LI);
  await api('case', { action: 'assign', caseId: overdue.id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  await api('case', { action: 'sign', caseId: overdue.id }, BUILD);

  // 1. 孙桂芳, messenger of 桃源村一网格, passes on her neighbour's request
  await api('grid', { action: 'save', code: 'TY-1', name: '桃源村一网格', villageId: 'taoyuan', staffNames: ['王秀兰'], representativeIds: ['rep-1'] }, OFFICE);
  const invited = await api<{ code: string }>(
    'messenger',
    { action: 'invite', kind: 'messenger', name: '孙桂芳', phone: '13755501000', gridId: 'qingxi:TY-1' },
    OFFICE,
  );
  await api('messenger', { action: 'accept', code: invited.code }, MESSENGER);
  const messenger = await pageAs(MESSENGER);
  const passed = await passOnRequest(messenger, url, {
    description: '周大娘家屋后的排水沟堵了，下雨就漫进院子',
    neighbour: { name: '周大娘', phone: '13666601000' },
  });
  await shots.take(messenger, '1-passed-on');
  const rep = await pageAs(REP_LI);
  await rep.goto(url(`/pages/case/index?id=${passed.id}`));
  await rep.locator('text=民情信使孙桂芳代邻居反映').first().waitFor();

  // 2. an anonymous post on 桃源村's wall, answered after its seven working days: 逾期 in public
  const poster = await pageAs(POSTER);
  await poster.goto(url('/pages/board/index?village=taoyuan'));
  await poster.locator('.wall-link').click();
  expect(await postOnWall(poster, '村小学门口早上车太多，孩子过马路危险，希望派人疏导')).toContain('留言已公开');
  await advanceClock(12);
  const committee = await pageAs(TAOYUAN);
  await committee.goto(url('/staff/wall/index'));
  const post = committee.locator('.wall-post', { hasText: '村小学门口早上车太多' });
  await button(post, '回复').click();
  await post.locator('.editing textarea').fill('已和派出所商量，上学时段安排辅警在路口疏导。');
  await button(post, '确定回复').click();
  await committee.locator('.wall-post', { hasText: '已和派出所商量' }).waitFor();
  await poster.reload();
  const onWall = poster.locator('.wall-post', { hasText: '村小学门口早上车太多' });
  await onWall.locator('.late-mark', { hasText: '逾期' }).waitFor();
  await onWall.locator('.wall-took.overdue').waitFor();
  await shots.take(poster, '2-late-on-the-wall');

  // 3. the committee turns it into a case; the wall shows which
  await button(post, '转为事项').click();
  await post.locator('.chip', { hasText: '道路交通' }).click();
  await button(post, '确定转为事项').click();
  await poster.reload();
  expect(await onWall.locator('.wall-case').innerText({ timeout: 30_000 })).toMatch(/^已转为事项 \d{12}$/);
  await shots.take(poster, '3-turned-into-a-case');

  // 4. a road fund put to 桃源村 for today; two of three residents approve: exactly two thirds passes
  const clock = (await (await fetch(`${new URL(url('/')).origin}/api/dev/clock`)).json()) as { data: { now: number } };
  const today = new Date(clock.data.now + 8 * 3_600_000).toISOString().slice(0, 10);
  await api(
    'matter',
    {
      action: 'open',
      requestId: 'e2e-grassroots-road',
      title: '桃源村村口道路硬化集资',
      body: '村口到小学的道路硬化，受益群众每人集资200元，其余由镇里补助。',
      kind: 'approval',
      mode: 'vote',
      villageIds: ['taoyuan'],
      opensOn: today,
      closesOn: today,
    },
    ASSIGNER,
  );
  for (const [who, choice] of [
    [WANG, '同意'],
    [LI_RESIDENT, '同意'],
    [POSTER, '不同意'],
  ] as const) {
    const resident = await pageAs(who);
    await resident.goto(url('/pages/board/index?village=taoyuan'));
    const matter = resident.locator('.matter', { hasText: '桃源村村口道路硬化集资' });
    await button(matter, choice).click();
    await button(matter, '确定投票').click();
    await matter.locator('.vote-done', { hasText: '投票已提交' }).waitFor();
    await resident.close();
  }
  await advanceClock(1);
  const township = await pageAs(ASSIGNER);
  await township.goto(url('/staff/matters/index'));
  const mine = township.locator('.matter', { hasText: '桃源村村口道路硬化集资' });
  await mine.locator('.tally', { hasText: '目前 3 票' }).waitFor();
  await button(mine, '统计并公布结果').click();
  await mine.locator('.matter-decided').waitFor();
  await poster.goto(url('/pages/board/index?village=taoyuan'));
  const decided = poster.locator('.matter', { hasText: '桃源村村口道路硬化集资' }).locator('.matter-decided');
  await decided.locator('.matter-result', { hasText: '通过' }).waitFor();
  expect(await decided.textContent()).toContain('3人投票');
  await shots.take(poster, '4-two-thirds-passed');

  // 5. 青石镇's December meeting takes the overdue case and presses it with a new date
  await setClock('2026-12-16T10:00:00+08:00');
  // opened that day: the page's 今天 is the meeting's date
  const meeting = await pageAs(ASSIGNER);
  await pressAtMonthlyMeeting(meeting, {
    url: url('/staff/meeting/index?township=qingshi&month=2026-12'),
    caseNo: overdue.no,
    unitName: '青石镇村镇建设服务中心',
    dueDate: '2027-01-15',
  });
  await shots.take(meeting, '5-meeting-pressed');
  const resident = await pageAs(WANG);
  await resident.goto(url(`/pages/case/index?id=${overdue.id}`));
  await resident.locator('.event', { hasText: '青石镇12月问题会商会研究，由青石镇村镇建设服务中心牵头办理，1月15日前办结' }).waitFor();
});
