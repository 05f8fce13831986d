/** Small helpers over the CloudBase database API that every use case shares. */
import { createHash } from 'node:crypto';
import type { Database, DocShape, ErrorResult, Projection, Query, Where } from '../../types/db';
import type { CollectionName } from './schema';

/** An error the database answered with: its code (CloudBase's, e.g. DATABASE_COLLECTION_NOT_EXIST) kept. */
export class DatabaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`database error ${code}: ${message}`);
  }
}

/** CloudBase returns some request errors as `{ code, message }` instead of throwing. */
export function checked<T>(res: T | ErrorResult): T {
  if (res && typeof res === 'object' && 'code' in res && typeof (res as ErrorResult).code === 'string') {
    const e = res as ErrorResult;
    throw new DatabaseError(e.code, e.message);
  }
  return res as T;
}

/** Whether an error says a collection does not exist (the database is not set up yet), whether answered or thrown. */
export const isMissingCollection = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'DATABASE_COLLECTION_NOT_EXIST';

export function collection<T extends DocShape>(db: Database, name: CollectionName) {
  return db.collection<T>(name);
}

export async function getById<T extends DocShape>(db: Database, name: CollectionName, id: string): Promise<T | null> {
  const res = checked(await db.collection<T>(name).doc(id).get());
  return res.data[0] ?? null;
}

const PAGE = 1000;

/**
 * Every record a query matches, fetched 1000 at a time (the most CloudBase returns per call).
 * The query must carry an orderBy so pages are stable.
 */
export async function getAll<T extends DocShape>(query: Query<T>): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const { data } = checked(await query.skip(skip).limit(PAGE).get());
    out.push(...data);
    if (data.length < PAGE) return out;
  }
}

/**
 * Every record matching `where` (plain field conditions, no `_id`), in _id order, 1000 a call by
 * `_id > last`: each page costs the same however deep into the collection it is — on CloudBase
 * through the _id index, in the embedded twin by walking its ids in order — where skip() paging
 * makes a scan of n records cost n²/1000.
 */
/** Plain field conditions, as opposed to a command (`_.and(…)`, `_.or(…)`), which both SDKs make as class instances. */
const isConditions = (where: Where): where is Record<string, unknown> => Object.getPrototypeOf(where) === Object.prototype;

export async function scanAll<T extends DocShape>(db: Database, name: CollectionName, where: Where, projection?: Projection): Promise<T[]> {
  if (isConditions(where) && '_id' in where) throw new Error('scanAll pages by _id: leave it out of the conditions');
  const _ = db.command;
  const out: T[] = [];
  for (let last: string | null = null; ; ) {
    const page: Query<T> = db
      .collection<T>(name)
      .where(last === null ? where : isConditions(where) ? { ...where, _id: _.gt(last) } : _.and([where, { _id: _.gt(last) }]))
      .orderBy('_id', 'asc');
    const { data }: { data: T[] } = checked(await (projection ? page.field(projection) : page).limit(PAGE).get());
    out.push(...data);
    if (data.length < PAGE) return out;
    last = (data[data.length - 1] as { _id: string })._id;
  }
}

/** One page of a query plus the total it matches. */
export async function getPage<T extends DocShape>(query: Query<T>, page: number, pageSize: number) {
  const [{ data }, { total }] = await Promise.all([
    query
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .get()
      .then(checked),
    query.count().then(checked),
  ]);
  return { items: data, total, page, pageSize };
}

/** Hex SHA-256, for ids derived from what they identify (createHash: the functions run on Node 18). */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * An id derived from what it identifies (`prefix` and 24 hex of the parts' hash): the same parts
 * always give the same id, so writing the thing again finds or overwrites the first — a client's
 * retried request (its request id among the parts) makes one record, whoever retries.
 */
export const derivedId = (prefix: string, ...parts: readonly string[]): string => `${prefix}${sha256(parts.join('\u0000')).slice(0, 24)}`;

/**
 * The storage folders a person uploads to (`photos/<16 hex>`, `imports/<16 hex>`): the mini-program
 * uploads there, and a file outside the sender's folder is not theirs (cloud storage keeps no owner
 * the functions can read cheaply).
 */
export const uploadFolder = (kind: 'photos' | 'imports', openid: string): string => `${kind}/${sha256(`photo-folder\u0000${openid}`).slice(0, 16)}`;
export const photoFolder = (openid: string): string => uploadFolder('photos', openid);

/** The path of a kept file within storage: `cloud://<env>.<bucket>/<path>` or `/uploads/<path>`. */
export const storagePath = (fileId: string): string | null => /^(?:cloud:\/\/[^/]+|\/uploads)\/(.+)$/.exec(fileId)?.[1] ?? null;

/** A file's name within an upload folder: one plain segment (`1764400000000-k3j9x2ab.jpg`), never `..` or a subfolder. */
const UPLOAD_NAME = /^[0-9A-Za-z_-]+(?:\.[0-9A-Za-z]+)?$/;

/** Whether a kept file lies directly in the uploader's own folder of that kind (a `..` climbs out of nothing). */
export function inOwnFolder(kind: 'photos' | 'imports', openid: string, fileId: string): boolean {
  const folder = `${uploadFolder(kind, openid)}/`;
  const path = storagePath(fileId);
  return !!path && path.startsWith(folder) && UPLOAD_NAME.test(path.slice(folder.length));
}
