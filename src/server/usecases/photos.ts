/**
 * Photos and files people attach (a request's photos, a briefing's pictures, a proposal's or a
 * group activity's photos): each must be one the caller uploaded to their own folder, and readers
 * get temporary addresses the functions sign for them. What is kept is never the upload itself:
 * each new photo is shrunk and encoded again without its metadata (EXIF and its GPS position
 * first of all: src/server/images.ts) into a file of its own under `kept/`, the record holds that
 * copy, and the upload is deleted once the record is written.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../ctx';
import { invalid } from '../errors';
import { cleanPhoto, UnreadablePhoto } from '../images';

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

/** The photos kept: JPEG and PNG (what src/server/images.ts reads); the local server's upload takes no other. */
export const ONLY_JPEG_PNG = '只能用 JPG 或 PNG 照片，请重新选择照片';
/** The refusal of a photo that cannot be read as a JPEG or PNG photo (or is gone from storage). */
export const UNREADABLE_PHOTO = '有照片无法读取（只能用 JPG 或 PNG 照片），请重新选择照片';

/**
 * Where the clean copy of an upload is kept: named after the upload — and, when given, the record
 * it is for (`owner`) —, so a retried send that cleans it again writes the same file (never a second
 * copy) and the record it ends in holds it. A copy named for its record is that record's alone: one
 * written for a send that then fails can be deleted without taking another record's photo with it.
 */
export const keptPhotoPath = (upload: string, owner?: string): string =>
  `kept/${createHash('sha256')
    .update(owner === undefined ? upload : `${owner}\u0000${upload}`)
    .digest('hex')
    .slice(0, 32)}.jpg`;

/** Photos ready to be kept: the ids to write on the record, and the uploads to delete once it is written. */
export interface CleanPhotos {
  photos: string[];
  /** deletes the raw uploads: after the record holding `photos` is written (a failed write leaves them for the retry) */
  discard(): Promise<void>;
  /** deletes the clean copies written: the send failed and no record holds them (the uploads stay, for the retry) */
  abandon(): Promise<void>;
}

/**
 * The caller's photos as they are to be kept (`requireOwnPhotos` first): each new upload
 * shrunk to `RULES.photos.maxSide` and stripped of its metadata into a file of its own; photos
 * already `kept` on the record are left as they are. On a platform without uploads (the in-memory
 * one of tests) an id stands for itself.
 */
export async function cleanOwnPhotos(
  ctx: Ctx,
  openid: string,
  photos: readonly string[],
  { field, message, kept = [], owner }: { field: string; message: string; kept?: readonly string[]; owner?: string },
): Promise<CleanPhotos> {
  await requireOwnPhotos(ctx, openid, photos, field, message, kept);
  const fresh = photos.filter((p) => !kept.includes(p));
  if (!ctx.platform.uploads || fresh.length === 0) return { photos: [...photos], discard: async () => {}, abandon: async () => {} };
  const clean = new Map<string, string>();
  const abandon = () =>
    clean.size === 0
      ? Promise.resolve()
      : ctx.platform.deleteFiles([...clean.values()]).catch((err: unknown) => {
          ctx.log.warn('clean copies of a failed send not deleted', { files: [...clean.values()], error: err instanceof Error ? err.message : String(err) });
        });
  // one at a time: each decoded photo takes tens of megabytes of a function's memory
  try {
    for (const upload of new Set(fresh)) {
      let bytes: Buffer;
      try {
        bytes = await ctx.platform.readFile(upload);
      } catch (err) {
        ctx.log.warn('photo unreadable from storage', { upload, error: err instanceof Error ? err.message : String(err) });
        throw invalid(field, UNREADABLE_PHOTO);
      }
      let copy: Buffer;
      try {
        copy = cleanPhoto(bytes, ctx.rules.photos);
      } catch (err) {
        if (err instanceof UnreadablePhoto) throw invalid(field, UNREADABLE_PHOTO);
        throw err;
      }
      clean.set(upload, await ctx.platform.saveFile(keptPhotoPath(upload, owner), copy));
    }
  } catch (err) {
    // a later photo refused: the copies of the earlier ones go too (only when named for their record: else another may hold them)
    if (owner !== undefined) await abandon();
    throw err;
  }
  return {
    abandon,
    photos: photos.map((p) => clean.get(p) ?? p),
    // the record is written by now: an upload left behind is logged, never a failure of the send
    discard: () =>
      ctx.platform.deleteFiles([...clean.keys()]).catch((err: unknown) => {
        ctx.log.warn('raw uploads not deleted', { uploads: [...clean.keys()], error: err instanceof Error ? err.message : String(err) });
      }),
  };
}

/** The temporary addresses of kept photos, in their order (one request to storage). */
export async function keptPhotos(ctx: Ctx, ids: readonly string[]): Promise<KeptPhoto[]> {
  const urls = ids.length ? await ctx.platform.fileUrls(ids) : [];
  return ids.map((id, i) => ({ id, url: urls[i] ?? '' }));
}
