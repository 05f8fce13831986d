/**
 * 语音说事: the recordings a request carries. Each must be one the sender uploaded to their own
 * folder (as photos are), no bigger in storage than the rules allow; a voice tells who spoke, so an
 * anonymous request carries none. Those handling the case play them from temporary addresses
 * (src/domain/view.ts decides who hears them).
 */
import type { Recording } from '../../../types/domain';
import { ANONYMOUS_VOICE } from '../../domain/labels';
import type { Ctx } from '../ctx';
import { invalid } from '../errors';
import { requireOwnPhotos } from './photos';

export const NOT_OWN_RECORDINGS = '录音须是您自己刚录的，请重新录一段';
export const SAME_RECORDING_TWICE = '同一段录音只能添加一次，请删去重复的那段';

/** Refuses recordings of an anonymous request, the same one twice, someone else's, or bigger than `maxBytes` as kept (read from storage). */
export async function requireRecordings(ctx: Ctx, openid: string, recordings: readonly Recording[], anonymous: boolean): Promise<void> {
  if (recordings.length === 0) return;
  if (anonymous) throw invalid('recordings', ANONYMOUS_VOICE);
  const files = recordings.map((r) => r.file);
  if (new Set(files).size < files.length) throw invalid('recordings', SAME_RECORDING_TWICE);
  await requireOwnPhotos(ctx, openid, files, 'recordings', NOT_OWN_RECORDINGS);
  const { maxBytes } = ctx.rules.voice;
  const sizes = await Promise.all(
    files.map((f) =>
      ctx.platform.readFile(f).then(
        (content) => content.length,
        () => -1,
      ),
    ),
  );
  if (sizes.some((n) => n <= 0)) throw invalid('recordings', '录音没有传上去，请重新录一段');
  if (sizes.some((n) => n > maxBytes)) throw invalid('recordings', `录音文件太大了（每段最大${Math.round(maxBytes / 1024 / 1024)}MB），请录短一些`);
}
