/** Small helpers over the CloudBase database API that every use case shares. */
import { createHash } from 'node:crypto';
import type { Database, DocShape, ErrorResult, Query } from '../../types/db';
import type { CollectionName } from './schema';

/** CloudBase returns some request errors as `{ code, message }` instead of throwing. */
export function checked<T>(res: T | ErrorResult): T {
  if (res && typeof res === 'object' && 'code' in res && typeof (res as ErrorResult).code === 'string') {
    const e = res as ErrorResult;
    throw new Error(`database error ${e.code}: ${e.message}`);
  }
  return res as T;
}

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

/** One page of a query plus the total it matches. */
export async function getPage<T extends DocShape>(query: Query<T>, page: number, pageSize: number) {
  const [{ data }, { total }] = await Promise.all([
    query.skip((page - 1) * pageSize).limit(pageSize).get().then(checked),
    query.count().then(checked),
  ]);
  return { items: data, total, page, pageSize };
}

/** Hex SHA-256, for ids derived from what they identify (createHash: the functions run on Node 18). */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
