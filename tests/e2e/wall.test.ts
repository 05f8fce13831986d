/**
 * The echo wall and a matter put to residents in a real browser on the h5 build: a resident
 * posts on the village's wall from its board (up at once), another's words the content check
 * holds wait until the office releases them; the village's unit replies two working days later
 * and the wall shows the reply and the days it took. A resident votes on a matter from the board,
 * and once the window is over and its township closes it, the board shows the tally.
 */
import { ASSIGNER, LI_RESIDENT, OFFICE, TAOYUAN, WANG } from '../harness';
import { postOnWall } from './flows';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(240_000);

const { url, pageAs, api, advanceClock } = browserSuite();

it('takes a post from the board to the wall, a held one through the office, and shows the unit’s reply with the days it took', async () => {
  const shots = screenshots('wall');
  const resident = await pageAs(WANG);
  await resident.goto(url('/pages/board/index?village=taoyuan'));
  await resident.locator('.wall-link').click();
  await resident.locator('.lead', { hasText: '青石镇桃源村民意回音墙' }).waitFor();
  expect(await postOnWall(resident, '文化广场的路灯晚上七点就关了，跳舞的人看不见')).toContain('留言已公开');
  await resident.locator('.wall-post', { hasText: '文化广场的路灯' }).waitFor();
  await shots.take(resident, 'resident-posted');

  // another resident's words the content check holds: not on the wall until the office releases them
  const other = await pageAs(LI_RESIDENT);
  await other.goto(url('/pages/wall/index?village=taoyuan'));
  expect(await postOnWall(other, '有人在群里说刷单返利，大家小心')).toContain('核对后会公开');
  expect(await other.locator('.wall-post', { hasText: '刷单返利' }).count()).toBe(0);
  const office = await pageAs(OFFICE);
  await office.goto(url('/office/wall/index'));
  const held = office.locator('.wall-post', { hasText: '刷单返利' });
  await button(held, '放行').click();
  await office.locator('.state-empty', { hasText: '没有等待核对的留言' }).waitFor();
  await other.reload();
  await other.locator('.wall-post', { hasText: '刷单返利' }).waitFor();
  // the village's printed wall code: an image that loads, to print
  await office.goto(url('/office/wall/index?part=codes'));
  const code = office.locator('.wall-code', { hasText: '桃源村' }).locator('img');
  await code.waitFor();
  await office.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await code.elementHandle());

  // two working days later, the village's unit replies in public from its workbench
  await advanceClock(2);
  const unit = await pageAs(TAOYUAN);
  await unit.goto(url('/staff/workbench/index'));
  await unit.locator('.link', { hasText: '回音墙留言' }).click();
  const post = unit.locator('.wall-post', { hasText: '文化广场的路灯' });
  await button(post, '回复').click();
  await unit.locator('.wall-reply .textarea textarea, .editing .textarea textarea').first().fill('已和供电所商量，路灯改到晚上十点关。');
  await button(unit, '确定回复').click();
  await unit.locator('.wall-post', { hasText: '已和供电所商量' }).waitFor();
  await shots.take(unit, 'unit-replied');

  await resident.reload();
  const answered = resident.locator('.wall-post', { hasText: '文化广场的路灯' });
  await answered.locator('.wall-took', { hasText: '用了2个工作日' }).waitFor();
  expect(await answered.textContent()).toContain('桃源村');
  expect(await answered.locator('.late-mark').count()).toBe(0);
  await shots.take(resident, 'resident-reply');
});

it('takes a resident’s vote from the board and shows the tally once the township closes the matter', async () => {
  const shots = screenshots('matter');
  // put for today only: today on the local system's clock, wherever the test above left it
  const clock = (await (await fetch(`${new URL(url('/')).origin}/api/dev/clock`)).json()) as { data: { now: number } };
  const today = new Date(clock.data.now + 8 * 3_600_000).toISOString().slice(0, 10);
  await api(
    'matter',
    {
      action: 'open',
      requestId: 'e2e-wall-matter',
      title: '桃源村道路硬化集资',
      body: '村口到小学的道路硬化，每人集资200元',
      kind: 'approval',
      mode: 'vote',
      villageIds: ['taoyuan'],
      opensOn: today,
      closesOn: today,
    },
    ASSIGNER,
  );
  const resident = await pageAs(WANG);
  await resident.goto(url('/pages/board/index?village=taoyuan'));
  const matter = resident.locator('.matter', { hasText: '桃源村道路硬化集资' });
  await button(matter, '同意').click();
  await matter.locator('.vote-confirm', { hasText: '您选的是「同意」' }).waitFor();
  await button(matter, '确定投票').click();
  await matter.locator('.vote-done', { hasText: '投票已提交' }).waitFor();
  await shots.take(resident, 'resident-voted');

  await advanceClock(1);
  const township = await pageAs(ASSIGNER);
  await township.goto(url('/staff/matters/index'));
  const mine = township.locator('.matter', { hasText: '桃源村道路硬化集资' });
  await mine.locator('.tally', { hasText: '目前 1 票' }).waitFor();
  await button(mine, '统计并公布结果').click();
  await mine.locator('.matter-decided').waitFor();

  await resident.reload();
  const decided = resident.locator('.matter', { hasText: '桃源村道路硬化集资' }).locator('.matter-decided');
  await decided.locator('.matter-result', { hasText: '通过' }).waitFor();
  expect(await decided.locator('.matter-count-chosen').textContent()).toMatch(/同意\s*1 票/);
  expect(await decided.textContent()).toContain('1人投票');
  await shots.take(resident, 'resident-tally');
});
