/**
 * After the answer, in a real browser on the h5 build: the representative's 回访 list for an answer
 * that could not be pushed (a request entered at reception), called twice — no answer, then
 * reached —; and 问题还在吗 a month after 已办结, with the local clock moved ahead: the resident taps
 * 还在, the case is 再交办 and back in the unit's inbox with a new due date.
 */
import type { Page } from 'playwright-core';
import type { SubmitResult } from '../../src/server/usecases/submit';
import type { CaseView } from '../../types/api';
import { monthDayOf } from '../../src/services/format';
import { BUILD, REP_LI, WANG } from '../harness';
import { enteredAndAnswered } from './flows';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(300_000);

const { url, pageAs, api, runTimer, advanceClock } = browserSuite();
const shots = screenshots('followup');

/** The modal's button (Taro's h5 showModal) whose text is `text`. */
const confirmModal = (page: Page, text: string) => page.locator('.taro-modal__foot div', { hasText: new RegExp(`^${text}$`) }).click();

it('lists an answer to a request entered at reception for a call: no answer keeps it open with the attempt, reached moves it to 已回访', async () => {
  await api(
    'staff',
    { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-11-16', representativeIds: ['rep-1'], residents: 1 },
    REP_LI,
  );
  const entered = await enteredAndAnswered(api, REP_LI, 'rc-ws-taoyuan-2026-11-16', 'followup-entered-1');
  await runTimer('deliver');

  const rep = await pageAs(REP_LI);
  await rep.goto(url('/staff/workbench/index'));
  // the workbench says how many wait for a call
  await rep.locator('.callbacks-link', { hasText: /回访 · \d+位群众待打电话告知答复/ }).click();
  const item = rep.locator('.callback', { hasText: entered.no });
  await item.waitFor();
  await expect(item.textContent()).resolves.toMatch(/代群众录入.*已当面解释，机耕道明年春耕前硬化。.*张大妈/);
  await button(item, '拨打电话').waitFor();
  await item.locator('.row', { hasText: '13900001111' }).waitFor();
  await shots.take(rep, 'rep-callbacks-open');

  await button(item, '没人接').click();
  // still to call, the attempt listed under it
  await item.locator('.callback-attempts', { hasText: '无人接听' }).waitFor();
  await rep.locator('.chip-on', { hasText: '待回访' }).waitFor();

  await item.locator('.textarea textarea').fill('张大妈说知道了，谢谢');
  await button(item, '已联系上').click();
  await item.waitFor({ state: 'detached' });
  await rep.locator('.chip', { hasText: '已回访' }).click();
  const done = rep.locator('.callback', { hasText: entered.no });
  await done.locator('.callback-attempts', { hasText: '已联系上，张大妈说知道了，谢谢' }).waitFor();
  await expect(done.locator('.callback-attempts').textContent()).resolves.toContain('无人接听');
  await expect(button(done, '已联系上').count()).resolves.toBe(0);
  await shots.take(rep, 'rep-callbacks-done');
  // back on the workbench, one fewer waits
  const waiting = (await api<{ open: number }>('staff', { action: 'callbackCount' }, REP_LI)).open;
  await rep.goBack();
  await rep.locator('.callbacks-link', { hasText: waiting ? `回访 · ${waiting}位群众待打电话告知答复` : /^回访 · 打电话告诉群众答复$/ }).waitFor();
});

it('asks 问题还在吗 a month after 已办结: 还在, confirmed, reopens the case as 再交办 to the same unit with a new due date', async () => {
  const c = await api<SubmitResult>(
    'resident',
    { action: 'submit', cardCode: 'QX0001', requestId: 'followup-still-1', category: 'road', description: '桃源村口的路灯又不亮了，晚上看不见路' },
    WANG,
  );
  await api('case', { action: 'accept', caseId: c.id }, REP_LI);
  await api('case', { action: 'assign', caseId: c.id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  await api('case', { action: 'sign', caseId: c.id }, BUILD);
  await api('case', { action: 'close', caseId: c.id, outcome: 'resolved', feedbackMethod: 'message', reply: '路灯已经换了新灯泡。' }, BUILD);
  // rated, it is 已办结
  await api('case', { action: 'rate', caseId: c.id, rating: 'satisfied' }, WANG);
  const closed = await api<CaseView>('case', { action: 'detail', caseId: c.id }, BUILD);

  // a month on: moving the clock runs the remind sweep, which asks the resident
  await advanceClock(31);
  const resident = await pageAs(WANG);
  await resident.goto(url(`/pages/case/index?id=${c.id}`));
  const card = resident.locator('.still-there');
  await card.locator('.card-title', { hasText: '问题还在吗？' }).waitFor();
  await expect(card.textContent()).resolves.toMatch(/已办结/);
  await shots.take(resident, 'resident-still-there');
  await button(card, '还在').click();
  await resident.locator('.taro-modal__text', { hasText: `将重新交给${closed.unitName}办理` }).waitFor();
  await confirmModal(resident, '还在');
  await resident.locator('.still-there-reopened', { hasText: '群众反映问题还在，已再交办（第1次）' }).waitFor();
  await expect(card.count()).resolves.toBe(0);
  await expect(resident.locator('.timeline').textContent()).resolves.toContain('再交办');
  await shots.take(resident, 'resident-reopened');

  // the unit sees it again, to sign, due anew from today
  const reopened = await api<CaseView>('case', { action: 'detail', caseId: c.id }, BUILD);
  expect(reopened.unitName).toBe(closed.unitName);
  expect(reopened.dueAt!).toBeGreaterThan(closed.dueAt!);
  // its steps say 办理中 again, since the day it was reopened, not the day it was first assigned
  const reopenedAt = reopened.timeline.filter((e) => e.action === 'still_there').at(-1)!.at;
  const firstAssigned = closed.timeline.find((e) => e.action === 'assign')!.at;
  expect(monthDayOf(reopenedAt)).not.toBe(monthDayOf(firstAssigned));
  await expect(resident.locator('.step-now .step-name').textContent()).resolves.toBe('办理中');
  await expect(resident.locator('.step-now .step-date').textContent()).resolves.toBe(monthDayOf(reopenedAt));
  const unit = await pageAs(BUILD);
  await unit.goto(url('/staff/workbench/index'));
  const inbox = unit.locator('.case-item', { hasText: '桃源村口的路灯又不亮了' });
  await inbox.waitFor();
  await expect(inbox.getAttribute('class')).resolves.not.toContain('case-overdue');
  await inbox.click();
  await button(unit, '签收').waitFor();
  await shots.take(unit, 'handler-reopened');
});
