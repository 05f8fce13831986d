/**
 * Photos and files people attach (a request's photos, a briefing's pictures, a proposal's or a
 * group activity's photos): each must be one the caller uploaded to their own folder, and readers
 * get temporary addresses the functions sign for them.
 */
import type { Ctx } from '../ctx';
import { invalid } from '../errors';

/** The refusal of a photo someone else uploaded. */
export const NOT_OWN_PHOTOS = '照片须是您自己刚上传的，请重新选择照片';

/** A kept photo as pages show it: its file id and a temporary address to show it from. */
export interface KeptPhoto {
  id: string;
  url: string;
}

/**
 * Refuses photos the caller did not upload themselves (`field`, with `message`); those already
 * `kept` on the record being changed are not asked about again.
 */
export async function requireOwnPhotos(
  ctx: Ctx,
  openid: string,
  photos: readonly string[],
  field: string,
  message: string,
  kept: readonly string[] = [],
): Promise<void> {
  const own = await Promise.all(photos.filter((p) => !kept.includes(p)).map((p) => ctx.platform.isOwnPhoto(openid, p)));
  if (!own.every(Boolean)) throw invalid(field, message);
}

/** The temporary addresses of kept photos, in their order (one request to storage). */
export async function keptPhotos(ctx: Ctx, ids: readonly string[]): Promise<KeptPhoto[]> {
  const urls = ids.length ? await ctx.platform.fileUrls(ids) : [];
  return ids.map((id, i) => ({ id, url: urls[i] ?? '' }));
}
