/** The office's sheet of every card, and a village's public board of its representatives. */
import type { PrintableCard } from '../../src/server/usecases/cards';
import { checked } from '../../src/server/store';
import { OFFICE, REP_LI, startHarness, WANG, type Harness } from '../harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

it('gives the office every active representative’s card with its code, and nobody else', async () => {
  checked(await h.runtime.db.collection('representatives').doc('rep-6').update({ active: false }));
  const sheet = await h.ok<PrintableCard[]>('card', { action: 'sheet' }, OFFICE);
  expect(sheet.map((c) => c.cardCode)).toEqual(['QX0001', 'QX0002', 'QX0003', 'QX0004', 'QX0005', 'QX0007', 'QX0008']);
  expect(sheet[0]).toMatchObject({
    name: '李秀英',
    phone: '13800000001',
    workrooms: [{ name: '桃源村党群服务中心党代表工作室', times: '每月20日 上午9:00—12:00', next: '2026-12-20' }],
    villages: [{ id: 'taoyuan', name: '桃源村' }],
    codeUrl: expect.stringMatching(/^\/uploads\/cards\/local\/QX0001\.png\?expires=\d+&sig=[0-9a-f]{32}$/),
  });
  // each code is made once and kept
  const again = await h.ok<PrintableCard[]>('card', { action: 'sheet' }, OFFICE);
  expect(again.map((c) => c.codeUrl.split('?')[0])).toEqual(sheet.map((c) => c.codeUrl.split('?')[0]));
  expect(await h.api('card', { action: 'sheet' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

it('posts a village’s representatives on its public board', async () => {
  const board = await h.ok('card', { action: 'board', villageId: 'taoyuan' }, null);
  expect(board).toMatchObject({ village: '桃源村', township: '青石镇' });
  expect(board.representatives.map((r: { name: string }) => r.name)).toEqual(['李秀英', '张建国']);
  expect(board.representatives[1].villages.map((v: { name: string }) => v.name)).toEqual(['桃源村', '柳河村', '石桥社区']);
  expect(await h.api('card', { action: 'board', villageId: 'nowhere' }, WANG)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});
