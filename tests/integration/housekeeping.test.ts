/**
 * The housekeeping timer: a photo WeChat never answered for goes to the office's review after 30
 * minutes; exported workbooks are deleted after a day; a resident's phone is cleared 180 days after
 * the case is closed, the ledger keeping its masked form.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseView } from '../../types/api';
import type { CaseRecord, OutboxEntry } from '../../types/domain';
import { checked, getAll, getById } from '../../src/server/store';
import { BUILD, expectLoggedError, OFFICE, REP_LI, startHarness, submission, tempDir, WANG, type Harness } from '../harness';
import { mediaCheckPush } from '../fixtures';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
let h: Harness;
afterEach(() => h.stop());

const tidy = async () => {
  const res = await h.runtime.runTimer('housekeeping');
  if (!res.ok) throw new Error(res.error.message);
  return res.data as { photosToReview: number; exportsDeleted: number; phonesCleared: number; failed: string[] };
};

describe('photos whose image check is never answered', () => {
  const PHOTO = '/uploads/0123456789abcdef0123456789abcdef.jpg';
  beforeEach(async () => {
    // WeChat takes the photo and never answers
    h = await startHarness({ platform: { checkMedia: async () => ({ traceId: 'trace-lost' }) } });
  });

  it('go to the office’s review after 30 minutes, never shown unchecked, never stranded', async () => {
    const { id } = await h.ok('resident', submission({ photos: [PHOTO] }), WANG);
    h.clock.advance(29 * MINUTE);
    expect(await tidy()).toMatchObject({ photosToReview: 0 });
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, OFFICE)).photoReview.flagged).toEqual([]);

    h.clock.advance(2 * MINUTE);
    expect(await tidy()).toMatchObject({ photosToReview: 1 });
    const office = await h.ok<CaseView>('case', { action: 'detail', caseId: id }, OFFICE);
    expect(office.photoReview.flagged.map((p) => p.id)).toEqual([PHOTO]);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, REP_LI)).photoReview).toEqual({ hidden: 1, flagged: [] });
    const { data: outbox } = checked(await h.runtime.db.collection<OutboxEntry>('outbox').where({ caseId: id, kind: 'content_held' }).get());
    expect(outbox).toEqual([expect.objectContaining({ to: { key: 'office:qingxi' }, body: expect.stringContaining('30分钟未回复') })]);
    // once is enough
    expect(await tidy()).toMatchObject({ photosToReview: 0 });

    await h.ok('case', { action: 'releasePhoto', caseId: id, photo: PHOTO }, OFFICE);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, REP_LI)).photos.map((p) => p.id)).toEqual([PHOTO]);
  });

  it('still pass if WeChat answers late', async () => {
    const { id } = await h.ok('resident', submission({ photos: [PHOTO] }), WANG);
    h.clock.advance(31 * MINUTE);
    await tidy();
    await h.runtime.push('media', mediaCheckPush('trace-lost'));
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, REP_LI)).photos.map((p) => p.id)).toEqual([PHOTO]);
  });
});

describe('exported workbooks', () => {
  it('are deleted after a day, the newer ones kept', async () => {
    const uploads = tempDir('lianxin-exports-');
    h = await startHarness({ uploadsDir: uploads });
    const old = await h.ok('office', { action: 'exportLedger' }, OFFICE);
    h.clock.advance(20 * 3600 * 1000);
    const recent = await h.ok('office', { action: 'organisationTemplate' }, OFFICE);
    const file = (url: string) => join(uploads, decodeURIComponent(url.split('?')[0]!.slice('/uploads/'.length)));
    expect([existsSync(file(old.url)), existsSync(file(recent.url))]).toEqual([true, true]);

    h.clock.advance(5 * 3600 * 1000);
    expect(await tidy()).toMatchObject({ exportsDeleted: 1 });
    expect([existsSync(file(old.url)), existsSync(file(recent.url))]).toEqual([false, true]);
    expect((await fetch(`${h.base}${old.url}`)).status).toBe(404);
    // (its first address has expired by now: a fresh one is handed out on asking)
    const [again] = await h.runtime.timerCtx().platform.fileUrls([decodeURIComponent(recent.url.split('?')[0]!)]);
    expect((await fetch(`${h.base}${again}`)).status).toBe(200);
    expect(await getAll(h.runtime.db.collection('exports').orderBy('_id', 'asc'))).toHaveLength(1);
  });
});

describe('a resident’s phone', () => {
  it('is cleared 180 days after the case is closed, the ledger keeping its masked form; open cases keep theirs', async () => {
    h = await startHarness();
    const closed = (await h.ok('resident', submission(), WANG)).id;
    await h.ok('case', { action: 'answer', caseId: closed, outcome: 'resolved', feedbackMethod: 'message', reply: '已修好' }, REP_LI);
    await h.ok('case', { action: 'rate', caseId: closed, rating: 'satisfied' }, WANG);
    const open = (await h.ok('resident', submission({ phone: '13700001111' }), 'wx-neighbour')).id;
    await h.ok('case', { action: 'accept', caseId: open, level: 'township' }, REP_LI);
    await h.ok('case', { action: 'assign', caseId: open, level: 'township', unitId: 'qingshi-build' }, REP_LI);

    h.clock.advance(179 * DAY);
    expect(await tidy()).toMatchObject({ phonesCleared: 0 });
    h.clock.advance(2 * DAY);
    expect(await tidy()).toMatchObject({ phonesCleared: 1 });

    expect((await getById<CaseRecord>(h.runtime.db, 'cases', closed))!.resident).toMatchObject({ phone: null, maskedPhone: '139****5678' });
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: closed }, REP_LI)).resident).toMatchObject({ phone: '139****5678', phoneMasked: true });
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', open))!.resident.phone).toBe('13700001111');
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: open }, BUILD)).resident).toMatchObject({ phone: '13700001111', phoneMasked: false });
    const ledger = await h.ok('office', { action: 'ledger', from: '2026-11-01', to: '2027-06-30' }, OFFICE);
    expect(ledger.total).toBe(2);
    expect(await tidy()).toMatchObject({ phonesCleared: 0 });
  });
});

it('runs every step even when one fails', async () => {
  h = await startHarness({ uploadsDir: tempDir('lianxin-exports-'), platform: { deleteFiles: () => Promise.reject(new Error('storage unreachable')) } });
  await h.ok('office', { action: 'exportLedger' }, OFFICE);
  const closed = (await h.ok('resident', submission(), WANG)).id;
  await h.ok('case', { action: 'answer', caseId: closed, outcome: 'resolved', feedbackMethod: 'message', reply: '已修好' }, REP_LI);
  await h.ok('case', { action: 'rate', caseId: closed, rating: 'satisfied' }, WANG);
  h.clock.advance(181 * DAY);
  expect(await tidy()).toMatchObject({ exportsDeleted: 0, phonesCleared: 1, failed: ['exports'] });
  expectLoggedError(/storage unreachable/);
});

it('refuses to be called by a user', async () => {
  h = await startHarness();
  expect(await h.api('housekeeping', { action: 'run' }, OFFICE)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
});
