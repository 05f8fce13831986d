/** Drafts waiting for the network, as data: the list kept on the phone, what goes next, what the resident is shown. */
import {
  attachUploaded,
  enqueue,
  firstWords,
  nextToSend,
  passes,
  pendingOf,
  removeWaiting,
  restoreWaiting,
  SHOW_SENT_MS,
  stillWaiting,
  updateWaiting,
  withoutOldSent,
  withPending,
  type PendingFile,
} from '../../src/services/drafts';
import { ANONYMOUS_VOICE } from '../../src/domain/labels';
import { checkDraft, emptyDraft, isBlank, restoreDraft } from '../../src/services/submit-form';

const draft = (requestId: string, description = '村口的路灯坏了两个月') => ({ ...emptyDraft(requestId), description });
const photo = (kept: string): PendingFile => ({ kind: 'photo', kept });
const recording = (kept: string, seconds = 4): PendingFile => ({ kind: 'recording', kept, seconds });

describe('the waiting list', () => {
  it('keeps several drafts at once and sends the oldest first, each with its own request id', () => {
    let list = enqueue([], 'QX0001', draft('r-1'), 1000);
    list = enqueue(list, 'QX0002', draft('r-2', '水渠堵了，下雨就淹到路上'), 2000);
    expect(stillWaiting(list).map((w) => [w.cardCode, w.draft.requestId])).toEqual([
      ['QX0001', 'r-1'],
      ['QX0002', 'r-2'],
    ]);
    expect(nextToSend(list)!.draft.requestId).toBe('r-1');
    // the first answered: the second goes next, the first stays only to tell the resident its number
    list = updateWaiting(list, 'r-1', { sent: { id: 'c1', no: '202611160001', at: 3000 } });
    expect(nextToSend(list)!.draft.requestId).toBe('r-2');
    list = updateWaiting(list, 'r-2', { sent: { id: 'c2', no: '202611160002', at: 4000 } });
    expect(nextToSend(list)).toBeNull();
    expect(list).toHaveLength(2);
  });

  it('never holds the same draft twice: queueing it again replaces it', () => {
    let list = enqueue([], 'QX0001', draft('r-1', '第一次写的内容写的'), 1000);
    list = enqueue(list, 'QX0001', draft('r-1', '后来改过的内容写的'), 2000);
    expect(list.map((w) => w.draft.description)).toEqual(['后来改过的内容写的']);
  });

  it('takes a deleted draft out, and no longer sends one the server refused for good', () => {
    let list = enqueue(enqueue([], 'QX0001', draft('r-1'), 1), 'QX0001', draft('r-2'), 2);
    list = updateWaiting(list, 'r-1', { refused: { code: 'NOT_FOUND', message: '这张联系卡已停用' } });
    expect(nextToSend(list)!.draft.requestId).toBe('r-2');
    expect(removeWaiting(list, 'r-2').map((w) => w.draft.requestId)).toEqual(['r-1']);
  });

  it('tells a refusal that passes (no network, busy, no identity yet) from one that is the draft’s', () => {
    expect(passes({ code: 'INTERNAL', message: '网络不通，请检查网络后再试' })).toBe(true);
    expect(passes({ code: 'RATE_LIMITED', message: '提交太频繁' })).toBe(true);
    expect(passes({ code: 'UNAUTHENTICATED', message: '请先登录' })).toBe(true);
    expect(passes({ code: 'INVALID_INPUT', message: '内容不合规' })).toBe(false);
    expect(passes({ code: 'NOT_FOUND', message: '联系卡不存在' })).toBe(false);
  });

  it('shows a sent draft for three days, then lets it go', () => {
    const list = updateWaiting(enqueue([], 'QX0001', draft('r-1'), 0), 'r-1', { sent: { id: 'c1', no: '1', at: 1000 } });
    expect(withoutOldSent(list, 1000 + SHOW_SENT_MS - 1)).toHaveLength(1);
    expect(withoutOldSent(list, 1000 + SHOW_SENT_MS)).toHaveLength(0);
    // what still waits is never let go, however old
    expect(withoutOldSent(enqueue([], 'QX0001', draft('r-2'), 0), 10 * SHOW_SENT_MS)).toHaveLength(1);
  });

  it('restores what storage kept, dropping what no longer has the shape of a draft', () => {
    const kept = JSON.parse(JSON.stringify(enqueue([], 'QX0001', draft('r-1'), 5)));
    expect(restoreWaiting(kept, restoreDraft)).toEqual(kept);
    expect(restoreWaiting([...kept, null, { cardCode: 'QX0001', queuedAt: 1, draft: { description: 7 } }, { draft: kept[0].draft }], restoreDraft)).toEqual(
      kept,
    );
    expect(restoreWaiting('', restoreDraft)).toEqual([]);
    // a draft kept by an older version, before files could wait, still comes back (with none waiting)
    const { pending: _none, ...older } = draft('r-old');
    expect(restoreWaiting([{ cardCode: 'QX0001', queuedAt: 1, draft: older }], restoreDraft)[0]!.draft.pending).toEqual([]);
  });

  it('names each draft by its first words', () => {
    expect(firstWords(draft('r', '  村口的路灯\n坏了两个月，晚上孩子放学很危险  '))).toBe('村口的路灯 坏了两个月，晚上孩子…');
    expect(firstWords(draft('r', '路灯坏了五天'))).toBe('路灯坏了五天');
    expect(firstWords(draft('r', ''))).toBe('（没有写字）');
  });
});

describe('files waiting to upload with their draft', () => {
  it('joins an uploaded photo to the draft’s photos and takes it off the files still to upload', () => {
    const d = { ...draft('r-1'), photos: ['/uploads/a.png'], pending: [photo('k-1'), photo('k-2')] };
    const once = attachUploaded(d, photo('k-1'), '/uploads/b.png');
    expect(once.photos).toEqual(['/uploads/a.png', '/uploads/b.png']);
    expect(once.pending).toEqual([photo('k-2')]);
    expect(pendingOf(attachUploaded(once, photo('k-2'), '/uploads/c.png'), 'photo')).toEqual([]);
  });

  it('counts photos kept on the phone towards the 9, and a draft with only a kept photo is not blank', () => {
    const eight = Array.from({ length: 8 }, (_, i) => `/uploads/${i}.png`);
    expect(checkDraft({ ...draft('r'), photos: eight, pending: [photo('k-1')] })).toEqual({});
    expect(checkDraft({ ...draft('r'), photos: eight, pending: [photo('k-1'), photo('k-2')] }).photos).toBe('照片最多9张');
    expect(isBlank({ ...emptyDraft('r'), pending: [photo('k-1')] })).toBe(false);
  });

  it('joins an uploaded recording to the draft’s recordings with its seconds, leaving the photos kept alone', () => {
    const d = { ...draft('r-1', ''), recordings: [{ file: '/uploads/a.webm', seconds: 7 }], pending: [photo('k-1'), recording('k-2', 12)] };
    const sent = attachUploaded(d, recording('k-2', 12), '/uploads/b.webm');
    expect(sent.recordings).toEqual([
      { file: '/uploads/a.webm', seconds: 7 },
      { file: '/uploads/b.webm', seconds: 12 },
    ]);
    expect(sent.photos).toEqual([]);
    expect(sent.pending).toEqual([photo('k-1')]);
    expect(pendingOf(sent, 'recording')).toEqual([]);
    // a kind's files replaced, the other kind's kept
    expect(withPending(d, 'recording', [])).toEqual([photo('k-1')]);
    expect(withPending(d, 'photo', [])).toEqual([recording('k-2', 12)]);
  });

  it('needs no typed words with a recording kept on the phone, counts it towards the 3, and refuses it when anonymous', () => {
    const said = { ...draft('r', ''), pending: [recording('k-1')] };
    expect(checkDraft(draft('r', ''))).toHaveProperty('description');
    expect(checkDraft(said)).toEqual({});
    expect(firstWords(said)).toBe('（只有录音，没有写字）');
    const two = [1, 2].map((i) => ({ file: `/uploads/${i}.webm`, seconds: 5 }));
    expect(checkDraft({ ...said, recordings: two })).toEqual({});
    expect(checkDraft({ ...said, recordings: two, pending: [recording('k-1'), recording('k-2')] }).recordings).toBe('录音最多3段');
    expect(checkDraft({ ...said, anonymous: true }).recordings).toBe(ANONYMOUS_VOICE);
    expect(isBlank({ ...emptyDraft('r'), pending: [recording('k-1')] })).toBe(false);
  });
});
