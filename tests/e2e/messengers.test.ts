/**
 * 民情信使 through real pages: the office invites a messenger of a grid, a resident accepts the code
 * from 我的反映, passes on a named neighbour's request (phone with consent) and an anonymous one; the
 * grid's representative sees who passed it on; the messenger reads the reply and rates for the
 * neighbour; the neighbour opens the follow code and sees the case; the office's list shows the figures.
 */
import { BUILD, OFFICE, REP_LI } from '../harness';
import { passOnRequest } from './flows';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(300_000);

const { url, pageAs, api } = browserSuite();
const shots = screenshots('messengers');
const MESSENGER = 'dev-e2e-messenger-zhangsan';
const NEIGHBOUR = 'dev-e2e-neighbour-wang';

beforeAll(async () => {
  await api(
    'grid',
    { action: 'save', code: 'TY-1', name: '桃源村一网格', villageId: 'taoyuan', staffNames: ['赵网格长'], representativeIds: ['rep-1'] },
    OFFICE,
  );
});

it('lets a messenger pass on neighbours’ requests, follow them, rate for them, and the office see what came of them', async () => {
  // the office invites 张三 as the messenger of 桃源村一网格
  const office = await pageAs(OFFICE);
  await office.goto(url('/staff/workbench/index'));
  await office.locator('.link', { hasText: '民情信使' }).click();
  await office.locator('input[aria-label="姓名"]').fill('张三');
  await office.locator('input[aria-label="电话"]').fill('13911112222');
  await office.locator('.chip', { hasText: '桃源村一网格' }).click();
  await button(office, '邀请').click();
  const code = (await office.locator('.invite-code').innerText()).trim();
  expect(code).toMatch(/^[A-Z0-9]{8}$/);
  await shots.take(office, 'office-invited');

  // 张三 accepts it from 我的反映
  const messenger = await pageAs(MESSENGER);
  await messenger.goto(url('/pages/mine/index'));
  await messenger.locator('.link', { hasText: '输入邀请码或跟进码' }).click();
  await messenger.locator('input[aria-label="邀请码或跟进码"]').fill(code);
  await button(messenger, '确定').click();
  await messenger.locator('.term .card-title', { hasText: '民情信使 · 桃源村 · 桃源村一网格' }).waitFor();

  // back on 我的反映 a moment later (the page opened just before is shown again, not opened anew),
  // the messenger's way in is there at once: a page reloads whenever it is shown after being hidden
  await messenger.goBack();
  await messenger.locator('.btn', { hasText: '我是民情信使：代邻居反映' }).waitFor();

  // a named neighbour, who agreed to be called, and an anonymous one
  const named = await passOnRequest(messenger, url, {
    description: '王大爷家门口的下水道堵了，污水漫到路上',
    neighbour: { name: '王大爷', phone: '13955556666' },
  });
  expect(named.follow).toMatch(new RegExp(`^${named.no}-[A-Z0-9]{6}$`));
  await messenger.locator('.follow', { hasText: '输入这个码，就能自己看办理进度和答复' }).waitFor();
  await shots.take(messenger, 'receipt-named');
  const anonymous = await passOnRequest(messenger, url, { description: '三组晚上有人在河边电鱼，吵得睡不着', neighbour: 'anonymous' });
  expect(anonymous.follow).toBeNull();

  // the grid's representative sees who passed it on, and for whom
  const rep = await pageAs(REP_LI);
  await rep.goto(url(`/pages/case/index?id=${named.id}`));
  await rep.locator('.row', { hasText: '民情信使张三代邻居反映' }).waitFor();
  await rep.locator('.row', { hasText: '王大爷' }).waitFor();
  await rep.goto(url(`/pages/case/index?id=${anonymous.id}`));
  await rep.locator('.row', { hasText: '民情信使张三代匿名群众反映' }).waitFor();

  // answered: the messenger reads the reply and rates for the neighbour
  await api('case', { action: 'accept', caseId: named.id }, REP_LI);
  await api('case', { action: 'assign', caseId: named.id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  await api('case', { action: 'sign', caseId: named.id }, BUILD);
  await api('case', { action: 'close', caseId: named.id, outcome: 'resolved', feedbackMethod: 'message', reply: '下水道已经疏通，污水清理干净了。' }, BUILD);
  await messenger.goto(url('/pages/messenger/index'));
  await messenger.locator('.case-item', { hasText: '替王大爷反映' }).click();
  await messenger.locator('.reply-text', { hasText: '下水道已经疏通' }).waitFor();
  await messenger.locator('.rate .chip', { hasText: /^满意$/ }).click();
  await button(messenger.locator('.rate'), '提交评价').click();
  await messenger.locator('.event', { hasText: '民情信使张三代群众' }).first().waitFor();
  await shots.take(messenger, 'case-rated');

  // the neighbour opens the follow code and sees the case
  const neighbour = await pageAs(NEIGHBOUR);
  await neighbour.goto(url('/pages/code/index'));
  await neighbour.locator('input[aria-label="邀请码或跟进码"]').fill(named.follow!);
  await button(neighbour, '确定').click();
  await neighbour.locator('.description', { hasText: '王大爷家门口的下水道堵了' }).waitFor();
  await neighbour.locator('.reply-text', { hasText: '下水道已经疏通' }).waitFor();
  await shots.take(neighbour, 'neighbour-follows');

  // the office's list: two passed on, one closed and rated 满意, one open
  await office.goto(url('/office/messengers/index'));
  const card = office.locator('.messenger', { hasText: '张三' });
  await card.locator('.small', { hasText: '代为反映 2 件：办理中 1，已办结 1；满意 1' }).waitFor();
  await card.locator('.btn', { hasText: '查看代为反映的事' }).click();
  await office.locator('.case-item').nth(1).waitFor();
  expect(await office.locator('.case-item').count()).toBe(2);
  await shots.take(office, 'office-cases');
});
