/**
 * Content security (内容安全): words others will read pass WeChat's content check before they are
 * shown. What does not pass is held for the office (内容核对), never dropped; see HeldContent.
 */
import type { TextVerdict } from '../../../types/domain';
import type { Ctx, TextScene } from '../ctx';

export const PASSED: TextVerdict = { suggest: 'pass', label: 100 };

/**
 * The verdict on words `openid` wrote. When the check cannot answer, the words are held as if
 * it had asked for review: nothing is shown unchecked, and nothing is lost.
 */
export async function screen(ctx: Ctx, openid: string, scene: TextScene, text: string): Promise<TextVerdict> {
  if (!text.trim()) return PASSED;
  try {
    return await ctx.platform.checkText({ openid, scene, text });
  } catch (err) {
    ctx.log.warn('content check failed: held for review', { error: err instanceof Error ? err.message : String(err) });
    return { suggest: 'review', label: 0 };
  }
}
