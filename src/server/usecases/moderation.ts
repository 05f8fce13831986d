/**
 * Content security (内容安全): words others will read pass WeChat's content check before they are
 * shown. What does not pass is held for the office (内容核对), never dropped; see HeldContent.
 */
import type { CaseRecord, PhotoCheck, Recording, TextVerdict } from '../../../types/domain';
import { heldNotifications } from '../../domain/case';
import { mediaWhat, photoFlagged } from '../../domain/case';
import type { Ctx, MediaKind, TextScene } from '../ctx';
import { AppError, forbidden, notFound } from '../errors';
import { checked, collection } from '../store';
import { loadVisible } from './cases';
import { outboxEntries, saveCase } from './outbox';
import { audit } from './audit';

export const PASSED: TextVerdict = { suggest: 'pass', label: 100 };

/**
 * The verdict on words `openid` wrote. When the check cannot answer, the words are held as if
 * it had asked for review: nothing is shown unchecked, and nothing is lost.
 */
export async function checkWords(ctx: Ctx, openid: string, scene: TextScene, text: string): Promise<TextVerdict> {
  if (!text.trim()) return PASSED;
  try {
    return await ctx.platform.checkText({ openid, scene, text });
  } catch (err) {
    ctx.log.warn('content check failed: held for review', { error: err instanceof Error ? err.message : String(err) });
    return { suggest: 'review', label: 0 };
  }
}

/** How words that did not pass are refused: the message, what the field says, and the check's scene. */
export interface WordsRefusal {
  message: string;
  hint?: string;
  scene?: TextScene;
}

const REFUSED: WordsRefusal = { message: '内容没有通过微信的内容安全检查，请修改后再提交' };

/**
 * Words someone writes for others to read, refused unless the check passes: theirs to change (a
 * proposal, an activity log, a briefing, a report, a notice), not held for the office. `field` is
 * where the form shows it.
 */
export async function requirePassedWords(ctx: Ctx, openid: string, texts: readonly string[], field: string, refusal = REFUSED): Promise<void> {
  const verdict = await checkWords(ctx, openid, refusal.scene ?? 'post', texts.join('\n'));
  if (verdict.suggest !== 'pass') throw new AppError('INVALID_INPUT', refusal.message, { [field]: refusal.hint ?? '请修改' });
}

/** A kept file of a request the media check looks at: a photo, or a recording (语音说事). */
export interface MediaFile {
  fileId: string;
  kind: MediaKind;
}

/** A request's photos and recordings, as the media check takes them. */
export const mediaOf = (photos: readonly string[], recordings: readonly Recording[]): MediaFile[] => [
  ...photos.map((fileId) => ({ fileId, kind: 'image' as const })),
  ...recordings.map((r) => ({ fileId: r.file, kind: 'audio' as const })),
];

/**
 * Asks for the media check of each photo and recording of a request (each kept as a PhotoCheck of
 * its file). A verdict known at once is kept; otherwise the file waits for WeChat's answer
 * (`pending`). A check that cannot be asked holds the file for the office, as words are held.
 */
export function checkMedia(ctx: Ctx, openid: string, files: readonly MediaFile[], now: number): Promise<PhotoCheck[]> {
  return Promise.all(
    files.map(async ({ fileId: photo, kind }): Promise<PhotoCheck> => {
      try {
        const asked = await ctx.platform.checkMedia({ openid, fileId: photo, kind });
        return 'traceId' in asked
          ? { photo, traceId: asked.traceId, suggest: 'pending', label: null, at: now }
          : { photo, traceId: null, suggest: asked.verdict.suggest, label: asked.verdict.label, at: now };
      } catch (err) {
        ctx.log.warn('media check failed: file held for review', { kind, error: err instanceof Error ? err.message : String(err) });
        return { photo, traceId: null, suggest: 'review', label: 0, at: now };
      }
    }),
  );
}

/** What the file a trace id was asked for is, as the office's notice names it. */
const flaggedWhat = (c: CaseRecord, traceId: string) => mediaWhat(c, c.photoChecks.find((p) => p.traceId === traceId)?.photo ?? '');

/** WeChat's answer to an image check, as its message push (wxa_media_check, version 2) carries it. */
export interface MediaCheckResult {
  traceId: string;
  suggest: TextVerdict['suggest'];
  label: number;
}

/**
 * Records WeChat's answer on the photo it is for. A flagged photo stays hidden from the people
 * handling the case and is brought to the office. An answer for no known trace id (never
 * handed out to pages) is ignored.
 */
export async function recordMediaCheck(ctx: Ctx, result: MediaCheckResult): Promise<{ matched: boolean }> {
  const { data } = checked(await collection<CaseRecord>(ctx.db, 'cases').where({ 'photoChecks.traceId': result.traceId }).field({ _id: true }).limit(1).get());
  const caseId = data[0]?._id;
  if (!caseId) {
    ctx.log.info('image check answer for no known photo', { traceId: result.traceId });
    return { matched: false };
  }
  const now = ctx.clock.now();
  await ctx.db.runTransaction(async (tx) => {
    const c = checked(await tx.collection<CaseRecord>('cases').doc(caseId).get()).data;
    if (!c) return;
    // a photo the office already let through stays through, whatever a late answer says
    const photoChecks = c.photoChecks.map((p) => (p.traceId === result.traceId && !p.releasedBy ? { ...p, suggest: result.suggest, label: result.label } : p));
    const next: CaseRecord = { ...c, photoChecks, updatedAt: now, version: c.version + 1 };
    const flagged = photoChecks.some((p, i) => photoFlagged(p) && !photoFlagged(c.photoChecks[i]!));
    const notify = flagged && c.status !== 'held' ? heldNotifications(c, flaggedWhat(c, result.traceId)) : [];
    await saveCase(tx, c, next, outboxEntries(next, `${caseId}-photo-${next.version}`, notify, now));
  });
  return { matched: true };
}

/** The office lets a photo the check flagged through to the people handling the case. */
export async function releasePhoto(ctx: Ctx, caseId: string, photo: string): Promise<{ released: string }> {
  const { c, caller, relations } = await loadVisible(ctx, caseId);
  if (!relations.includes('office')) throw forbidden('只有联系群众工作办公室可以核对照片');
  if (!c.photoChecks.some((p) => p.photo === photo && photoFlagged(p))) throw notFound('待核对的照片');
  const now = ctx.clock.now();
  const name = caller.user?.name ?? '办公室';
  const result = await ctx.db.runTransaction(async (tx) => {
    const fresh = checked(await tx.collection<CaseRecord>('cases').doc(caseId).get()).data;
    if (!fresh) return notFound('事项');
    const target = fresh.photoChecks.find((p) => p.photo === photo && photoFlagged(p));
    if (!target) return new AppError('INVALID_STATE', '这张照片已经核对过了');
    const photoChecks = fresh.photoChecks.map((p) => (p === target ? { ...p, suggest: 'pass' as const, releasedBy: name } : p));
    await saveCase(tx, fresh, { ...fresh, photoChecks, updatedAt: now, version: fresh.version + 1 }, []);
    await audit(tx, {
      countyId: fresh.countyId,
      kind: 'release_photo',
      at: now,
      by: caller.openid,
      byName: name,
      subject: `事项${fresh.no}`,
      caseId,
      detail: `放行照片（${target.suggest === 'risky' ? '检查认为有风险' : '待人工核对'}）`,
    });
    return null;
  });
  if (result) throw result;
  return { released: photo };
}
