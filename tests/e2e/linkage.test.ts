/**
 * 三联动 through the pages: the village adds what it heard to the coming reception day's list and
 * the representative enters it as a request at that session; the township's monthly meeting takes an
 * overdue case and presses it with a new date, which the case then shows; the office draws reception
 * days at random and records an absence.
 */
import type { SubmitResult } from '../../src/server/usecases/submit';
import { ASSIGNER, BUILD, OFFICE, REP_LI, submission, TAOYUAN, WANG } from '../harness';
import { pressAtMonthlyMeeting } from './flows';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(300_000);

const { url, pageAs, api, setClock } = browserSuite();
const shots = screenshots('linkage');

it('takes a village’s item to the reception, an overdue case through the township’s meeting, and a drawn reception day through 督查', async () => {
  // the village's staff add what they heard to the list of 20 November
  const village = await pageAs(TAOYUAN);
  await village.goto(url('/staff/workbench/index'));
  await village.locator('.link', { hasText: '接待前民意清单' }).click();
  await village.locator('.card-title', { hasText: '11月20日接待前民意清单' }).waitFor();
  const add = village.locator('.add-item');
  await add.locator('textarea').fill('五组王婆婆想问高龄补贴怎么申请');
  await add.locator('.field', { hasText: '群众姓名' }).locator('input').fill('王婆婆');
  await button(add, '加入清单').click();
  await village.locator('.list-item', { hasText: '五组王婆婆想问高龄补贴怎么申请' }).locator('.small', { hasText: '王婆婆 · 林国富记' }).waitFor();
  await shots.take(village, 'village-list');

  // a township case, signed for by the township's unit on the 16th: due early in December
  const overdue = await api<SubmitResult>('resident', submission({ description: '青石镇中心路口的红绿灯坏了一个月' }), WANG);
  await api('case', { action: 'accept', caseId: overdue.id, level: 'township' }, REP_LI);
  await api('case', { action: 'assign', caseId: overdue.id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  await api('case', { action: 'sign', caseId: overdue.id }, BUILD);

  // reception day: the representative logs the session, then enters the village's item at it
  await setClock('2026-11-20T09:30:00+08:00');
  const rep = await pageAs(REP_LI);
  await rep.goto(url('/staff/reception/index'));
  await rep.locator('.hint', { hasText: '记下接待日志后' }).waitFor();
  await button(rep, '保存接待日志').click();
  await button(rep, '这次接待登记完了').click();
  const item = rep.locator('.pre-list .list-item', { hasText: '五组王婆婆想问高龄补贴怎么申请' });
  await button(item, '登记为诉求').click();
  await rep.locator('.lead', { hasText: '把清单里的民意登记为诉求' }).waitFor();
  expect(await rep.locator('textarea').first().inputValue()).toBe('五组王婆婆想问高龄补贴怎么申请');
  await button(rep, '登记并受理').click();
  const entered = (await rep.locator('.link', { hasText: '已登记' }).innerText()).match(/已登记 (\S+)：/)![1]!;
  await button(rep, '这次接待登记完了').click();
  await item.locator('.link', { hasText: `已登记为诉求 ${entered}` }).waitFor();
  await shots.take(rep, 'rep-entered');

  // the month's meeting: the overdue case pressed with a new date, which its page then shows
  await setClock('2026-12-16T10:00:00+08:00');
  const assigner = await pageAs(ASSIGNER);
  await assigner.goto(url('/staff/workbench/index'));
  await assigner.locator('.link', { hasText: '问题会商会' }).waitFor();
  await pressAtMonthlyMeeting(assigner, {
    url: url('/staff/meeting/index?township=qingshi&month=2026-12'),
    caseNo: overdue.no,
    unitName: '青石镇村镇建设服务中心',
    dueDate: '2027-01-15',
  });
  await shots.take(assigner, 'meeting-recorded');
  await assigner.locator('.agenda-item .link', { hasText: overdue.no }).click();
  await assigner.locator('.event', { hasText: '青石镇12月问题会商会研究，由青石镇村镇建设服务中心牵头办理，1月15日前办结' }).waitFor();
  await assigner.locator('.due:visible', { hasText: '2027年1月15日' }).waitFor();

  // the office draws reception days of December so far and records an absence at one
  const office = await pageAs(OFFICE);
  await office.goto(url('/staff/inspect/index'));
  await button(office.locator('.draw'), '随机抽取').click();
  const session = office.locator('.session').first();
  await session.waitFor();
  await office.locator('.inspection .small', { hasText: '随机种子' }).waitFor();
  const absentee = (await session.locator('.chip').first().innerText()).trim();
  await session.locator('.chip').first().click();
  await button(session, '记录督查情况').click();
  await session.locator('.row', { hasText: `缺岗：${absentee}` }).waitFor();
  await shots.take(office, 'inspection');
});
