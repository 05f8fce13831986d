/** 公开栏: notices that answer many requests, shown on the cases they answer and on each village's board. */
import type { CaseView, NoticeView, Page } from '../../types/api';
import { BUILD, OFFICE, REP_LI, REP_ZHANG, startHarness, submission, TAOYUAN, WANG, type Harness } from '../harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

/** A township road case at 青石镇村镇建设服务中心 (BUILD), from one of 李秀英's villages. */
async function handled(villageId = 'taoyuan', cardCode = 'QX0001', rep = REP_LI): Promise<{ id: string; no: string }> {
  const sent = await h.ok('resident', submission({ cardCode, villageId }), WANG);
  await h.ok('case', { action: 'accept', caseId: sent.id, level: 'township' }, rep);
  await h.ok('case', { action: 'assign', caseId: sent.id, level: 'township', unitId: 'qingshi-build' }, rep);
  await h.ok('case', { action: 'sign', caseId: sent.id }, BUILD);
  return sent;
}
const board = (villageId: string) => h.ok<Page<NoticeView>>('card', { action: 'notices', villageId }, null);

it('answers several requests with one notice, shown on each case and on the village’s board', async () => {
  const [a, b] = [await handled(), await handled()];
  const notice = await h.ok<NoticeView>(
    'staff',
    { action: 'publishNotice', title: '村口路灯维修公告', body: '村口至小学路段6盏路灯已于11月25日全部更换。', caseNos: [a.no, b.no] },
    BUILD,
  );
  expect(notice).toMatchObject({ title: '村口路灯维修公告', publisher: '青石镇村镇建设服务中心', answers: 2 });
  for (const id of [a.id, b.id]) {
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, WANG)).notices).toEqual([notice]);
  }
  expect((await board('taoyuan')).items).toEqual([notice]);
  expect((await board('liuhe')).items).toEqual([]);
});

it('posts the office’s notice in the villages of the cases it answers', async () => {
  const [a, b] = [await handled('taoyuan'), await handled('liuhe', 'QX0002', REP_ZHANG)];
  const notice = await h.ok<NoticeView>(
    'staff',
    { action: 'publishNotice', title: '关于饮水安全的说明', body: '全镇自来水已检测合格。', caseNos: [a.no, b.no] },
    OFFICE,
  );
  expect(notice.publisher).toBe('联系群众工作办公室');
  expect((await board('taoyuan')).items.map((n) => n.id)).toEqual([notice.id]);
  expect((await board('liuhe')).items.map((n) => n.id)).toEqual([notice.id]);
});

it('lets a unit answer only its own cases, and refuses residents, unknown numbers and flagged words', async () => {
  const a = await handled();
  const before = await h.runtime.db.dump();
  expect(await h.api('staff', { action: 'publishNotice', title: '公告', body: '内容', caseNos: [a.no] }, TAOYUAN)).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  expect(await h.api('staff', { action: 'publishNotice', title: '公告', body: '内容', caseNos: [a.no] }, WANG)).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  expect(await h.api('staff', { action: 'publishNotice', title: '公告', body: '内容', caseNos: [a.no, '209901010001'] }, BUILD)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '找不到这些事项：209901010001' },
  });
  expect(await h.api('staff', { action: 'publishNotice', title: '公告', body: '有人在村里搞网络赌博', caseNos: [a.no] }, BUILD)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '公告内容没有通过微信内容检查，请修改后再发布' },
  });
  expect(await h.runtime.db.dump()).toEqual(before);
  expect(await h.api('card', { action: 'notices', villageId: 'nowhere' }, null)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

it('lets a unit post only in the villages of the cases it answers; the office anywhere in its county', async () => {
  const a = await handled();
  const before = await h.runtime.db.dump();
  // a 青石镇 unit on 白沙镇's board, or on another 青石镇 village's
  for (const villageIds of [['baishacun'], ['taoyuan', 'baishacun'], ['liuhe']]) {
    expect(await h.api('staff', { action: 'publishNotice', title: '公告', body: '路灯已修好', caseNos: [a.no], villageIds }, BUILD)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('所答复事项所在的村') },
    });
  }
  expect(await h.runtime.db.dump()).toEqual(before);
  expect((await board('baishacun')).items).toEqual([]);
  const office = await h.ok<NoticeView>(
    'staff',
    { action: 'publishNotice', title: '全县路灯维修公告', body: '各村路灯统一更换。', caseNos: [a.no], villageIds: ['taoyuan', 'baishacun'] },
    OFFICE,
  );
  expect((await board('baishacun')).items.map((n) => n.id)).toEqual([office.id]);
});
