/**
 * The embedded twin of the CloudBase database: the same API surface the application uses
 * (types/db.ts), with @seald-io/nedb as the in-memory query engine and indexes, made durable by a
 * journal (journal.ts) under a data directory, or kept in memory for tests. It keeps CloudBase's
 * limits so code that works here works there: collections must be created, `get()` returns 100
 * records unless limited and never more than 1000, transactions hold single-document operations.
 *
 * Writes are serialised through one lock; a transaction holds it from start to commit, so its
 * reads stay valid until its writes land (serialisable, hence never a conflict to retry). A write
 * that waits too long behind a transaction gives up with an error saying why (it is most likely
 * a plain write inside that transaction's callback). Every write, a transaction's writes
 * together, is one journal record flushed to disk before it is applied and acknowledged: readers
 * never see what a crash could take back, a thrown error or a rollback writes nothing, and a crash
 * keeps a transaction whole or not at all.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Datastore from '@seald-io/nedb';
import type {
  AddResult,
  CollectionReference,
  CountResult,
  Database,
  Doc,
  DocShape,
  DocumentReference,
  ErrorResult,
  GetResult,
  IndexSpec,
  Patch,
  Projection,
  Query,
  RemoveResult,
  SetResult,
  Transaction,
  TransactionCollection,
  TransactionDocument,
  UpdateResult,
  Where,
} from '../../../types/db';
import { command, EmbeddedServerDate, resolveData, toModifiers, toProjection, toQuery } from './commands';
import { Journal, type Op, type Sync } from './journal';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const model = require('@seald-io/nedb/lib/model.js') as {
  match(doc: Doc, query: Record<string, unknown>): boolean;
  modify(doc: Doc, update: Record<string, unknown>): Doc;
  deepCopy<T>(value: T): T;
  getDotValue(doc: Doc, field: string): unknown;
  getDotValues(doc: Doc, fields: string[]): unknown;
  compareThings(a: unknown, b: unknown): number;
};

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
const DEFAULT_COMPACT_AT = 32 * 1024 * 1024;
const DEFAULT_LOCK_WAIT_MS = 5000;

export interface EmbeddedOptions {
  /** persist one `<collection>.db` file per collection here; omitted = in memory */
  dir?: string;
  /** fields to index, per collection (dotted paths allowed), or a field then another (compound) */
  indexes?: Record<string, readonly IndexSpec[] | undefined>;
  /** the clock behind `serverDate()` */
  now?: () => number;
  /** fold the journal into the snapshots once it holds this many bytes */
  compactAt?: number;
  /** how long a write waits behind a running transaction before it gives up */
  lockWaitMs?: number;
  /** how a journal record is made durable (fdatasync); tests hold it back to watch a write in flight */
  sync?: Sync;
}

export interface EmbeddedDatabase extends Database {
  /** every collection's documents, sorted by _id (tests compare dumps to prove nothing changed) */
  dump(): Promise<Record<string, Doc[]>>;
  /** compacts the files and stops accepting work */
  close(): Promise<void>;
}

const notExist = (name: string): ErrorResult => ({
  code: 'DATABASE_COLLECTION_NOT_EXIST',
  message: `Db or Table not exist: ${name}. 集合 ${name} 不存在，请先创建`,
});

/** A 32-hex-digit id, the shape CloudBase generates. */
const newId = () => randomBytes(16).toString('hex');

/** One lock for all writes: a promise chain. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  /**
   * Runs `fn` once the lock is free. With `waitLimit`, gives up (rejecting with `giveUp()`) if the
   * lock is not free by then, leaving its place in the queue to the next.
   */
  async run<R>(fn: () => Promise<R>, waitLimit?: { ms: number; giveUp: () => Error }): Promise<R> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => held);
    if (waitLimit) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(waitLimit.giveUp()), waitLimit.ms)));
      try {
        await Promise.race([before, late]);
      } catch (err) {
        void before.then(release);
        throw err;
      } finally {
        clearTimeout(timer);
      }
    } else {
      await before;
    }
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

type Store = Datastore<Doc>;

/**
 * The parts of a NeDB datastore (pinned 4.1.2) the engine drives directly: its index updates,
 * synchronous, without NeDB's queue or its copies of documents the engine has already checked
 * and copied (`resolveData`, `model.modify`).
 */
interface StoreIndex {
  _fields: string[];
  /** the documents filed under each key (the list itself, as kept) */
  tree: { search(key: unknown): Doc[]; executeOnEveryNode(fn: (node: { data: Doc[] }) => void): void };
  insert(doc: Doc | Doc[]): void;
  remove(doc: Doc): void;
  /** a compound index's second field (`keepInOrder`), as a path */
  then?: string[];
}
interface StoreInternals {
  indexes: Record<string, StoreIndex>;
  /** the documents an index narrows `query` to (all of them when none applies), not yet matched */
  _getRawCandidates(query: Record<string, unknown>): Doc[];
  _addToIndexes(doc: Doc): void;
  _removeFromIndexes(doc: Doc): void;
}

/**
 * Replaces a stored document's contents with `next` in place, moving it only in the indexes
 * whose key changed. NeDB's own update re-files the document in every index, and removing one
 * document from a key shared by many (a county id, a status) walks all of them: at 200,000 cases
 * a write would cost time in proportion to the collection. Readers get copies, never the object.
 */
function replaceInPlace(s: StoreInternals, stored: Doc, next: Doc): void {
  const moved = Object.values(s.indexes).filter(
    (ix) =>
      model.compareThings(model.getDotValues(stored, ix._fields), model.getDotValues(next, ix._fields)) !== 0 ||
      (ix.then && compareKeys(valueAt(stored, ix.then), valueAt(next, ix.then)) !== 0),
  );
  for (const ix of moved) ix.remove(stored);
  for (const k of Object.keys(stored)) if (!(k in next)) delete stored[k];
  Object.assign(stored, next);
  for (const ix of moved) ix.insert(stored);
}
const internals = (s: Store) => s as unknown as StoreInternals;

/**
 * Runs a NeDB cursor at once rather than through NeDB's task queue: the engine applies writes
 * synchronously (`Core.commit`), so a query has nothing to wait for.
 */
const run = <R>(cursor: PromiseLike<R>): Promise<R> => (cursor as unknown as { _execAsync(): Promise<R> })._execAsync();
type NedbQuery = Record<string, unknown>;

interface QueryState {
  /** the `where` condition, already translated */
  query: NedbQuery;
  orderBy: Array<[string, 1 | -1]>;
  skip: number;
  limit?: number;
  projection?: Projection;
}

/** The first index from `lo` to `hi` where `past` holds (`hi` if none), `past` holding from some index on: a binary search. */
function firstPast(lo: number, hi: number, past: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Two values in the order a query sorts them: numbers (dates, counts) as numbers, anything else as NeDB compares. */
const compareKeys = (a: unknown, b: unknown): number =>
  typeof a === 'number' && typeof b === 'number' ? (a < b ? -1 : a > b ? 1 : 0) : model.compareThings(a, b);

/**
 * Makes `ix` a compound index on its field then `then`: the documents under each of its keys are
 * kept in ascending order of `then` (equal ones in the order they came), from now on and for those
 * it holds. A query for some of its keys ordered by `then` reads them in turn (`inOrderOf`).
 */
function keepInOrder(ix: StoreIndex, then: string): void {
  const path = then.split('.');
  const field = ix._fields[0]!.split('.');
  const order = (a: Doc, b: Doc) => compareKeys(valueAt(a, path), valueAt(b, path));
  ix.tree.executeOnEveryNode((node) => node.data.sort(order));
  const insert = ix.insert.bind(ix);
  ix.insert = (doc) => {
    // NeDB files a list one document at a time, through this same method
    insert(doc);
    if (Array.isArray(doc)) return;
    const value = valueAt(doc, field);
    for (const key of new Set(Array.isArray(value) ? value : [value])) {
      // filed last under `key`: where it stays when it comes after the one before (a case just sent),
      // else moved up past those that come after it
      const list = ix.tree.search(key);
      const at = list.lastIndexOf(doc);
      if (at === list.length - 1 && (at === 0 || order(list[at - 1]!, doc) <= 0)) continue;
      const stays = list.splice(at, 1)[0]!;
      list.splice(
        firstPast(0, list.length, (i) => order(list[i]!, stays) > 0),
        0,
        stays,
      );
    }
  };
  ix.then = path;
}

/**
 * The first `n` documents of `lists` (each in ascending order of the value at `path`), merged in
 * the order `direction` gives, each once, in the order a stable sort of the lists one after another
 * gives: equal values in list order (newest first too: a run of equal values is walked from its
 * start). Only the documents taken, and where each list goes on, are read.
 */
function inOrderOf(lists: ReadonlyArray<readonly Doc[]>, path: readonly string[], direction: 1 | -1, n: number): Doc[] {
  const value = (list: readonly Doc[], i: number) => valueAt(list[i]!, path);
  // where a list goes on: `list[next]` to `list[last]` all hold `value` (ascending, each its own run)
  type Cursor = { first: number; next: number; last: number; value: unknown } | null;
  const ascending = (list: readonly Doc[], i: number): Cursor => (i < list.length ? { first: i, next: i, last: i, value: value(list, i) } : null);
  const runEndingAt = (list: readonly Doc[], last: number): Cursor => {
    if (last < 0) return null;
    const v = value(list, last);
    // most runs are one document (a value of its own): the one before says so
    if (last === 0 || compareKeys(value(list, last - 1), v) < 0) return { first: last, next: last, last, value: v };
    const first = firstPast(0, last, (i) => compareKeys(value(list, i), v) >= 0);
    return { first, next: first, last, value: v };
  };
  const cursors = lists.map((l) => (direction === 1 ? ascending(l, 0) : runEndingAt(l, l.length - 1)));
  const taken = new Set<Doc>();
  while (taken.size < n) {
    let best = -1;
    for (let i = 0; i < cursors.length; i++) {
      if (cursors[i] && (best < 0 || direction * compareKeys(cursors[i]!.value, cursors[best]!.value) < 0)) best = i;
    }
    if (best < 0) break;
    const list = lists[best]!;
    const at = cursors[best]!;
    taken.add(list[at.next]!);
    if (at.next < at.last) at.next++;
    else cursors[best] = direction === 1 ? ascending(list, at.last + 1) : runEndingAt(list, at.first - 1);
  }
  return [...taken];
}

/** Each store's documents by _id (`Core.byId`): a query for ids reads them from it, not from NeDB's ordered _id index. */
const byIdOf = new WeakMap<Store, ReadonlyMap<unknown, Doc>>();

/** The stored documents (not copies) a query matches, in the order its candidates came. */
function matching(s: Store, query: NedbQuery): Doc[] {
  const asked = indexedValues(s, query);
  if (!asked) return candidatesOf(s, query).filter((d) => model.match(d, query));
  const ids = asked.index._fields[0] === '_id' ? byIdOf.get(s) : undefined;
  return union(asked.values.map((v) => (ids ? (ids.has(v) ? [ids.get(v)!] : []) : asked.index.tree.search(v))));
}

/**
 * What a query returns, as NeDB's cursor would give it but without its per-comparison path
 * lookups and its projection by update (`model.modify`): the documents NeDB's indexes narrow the
 * query to, matched by NeDB's own matcher, sorted by keys read once, the page cut, then copies of
 * the fields asked for. A lookup weighing a hundred cases pays for a hundred copies of three fields.
 */
function select(s: Store, q: QueryState): Doc[] {
  const end = q.skip + (q.limit ?? DEFAULT_LIMIT);
  // some keys of a compound index, in the order of its second field: read in turn, only those returned
  const asked = q.orderBy.length === 1 ? indexedValues(s, q.query) : null;
  const then = asked?.index.then;
  if (asked && then && then.join('.') === q.orderBy[0]![0]) {
    const docs = inOrderOf(
      asked.values.map((v) => asked.index.tree.search(v)),
      then,
      q.orderBy[0]![1],
      end,
    );
    return projected(docs.slice(q.skip), q.projection);
  }
  let docs = matching(s, q.query);
  if (q.orderBy.length) docs = sorted(docs, q.orderBy);
  return projected(docs.slice(q.skip, end), q.projection);
}

const INDEX_OPERATORS = ['$in', '$lt', '$lte', '$gt', '$gte'];
const plain = (value: unknown) => value === null || typeof value !== 'object' || value instanceof Date;
/** Whether NeDB's indexes narrow `query` (a plain value, `$in` or a range on an indexed field), rather than it reading every document. */
const narrowed = (s: Store, query: NedbQuery) =>
  Object.entries(query).some(
    ([field, value]) => field in internals(s).indexes && (plain(value) || INDEX_OPERATORS.some((op) => Object.hasOwn(value as object, op))),
  );

/**
 * The documents a query may match, to be matched. Like NeDB's own use of its indexes, this relies on
 * an index filing a document under each value of its field: a value that is an array within an
 * array (`a.b` where `a` holds objects whose `b` is a list) is filed as one key and not found
 * through the index. No indexed field of src/server/schema.ts holds one.
 *
 * Which documents: where it names plain values of indexed fields, the
 * fewest any one of them is filed with (NeDB takes the last named: a case's resident and
 * `receptionId: null` would read every case sent in the app); for `_.or` of branches each narrowed
 * by an index (我的反映: sent, followed or co-reported by one person), the union of each branch's,
 * where NeDB would read the whole collection; otherwise those NeDB's indexes narrow it to.
 */
function candidatesOf(s: Store, query: NedbQuery): Doc[] {
  const branches = query.$or;
  if (Object.keys(query).length === 1 && Array.isArray(branches) && branches.every((b: NedbQuery) => narrowed(s, b))) {
    return union((branches as NedbQuery[]).map((b) => candidatesOf(s, b)));
  }
  let fewest: Doc[] | null = null;
  for (const [field, value] of Object.entries(query)) {
    const index = internals(s).indexes[field];
    if (!index || !plain(value)) continue;
    const filed = index.tree.search(value);
    if (!fewest || filed.length < fewest.length) fewest = filed;
  }
  return fewest ?? internals(s)._getRawCandidates(query);
}

/** `docs` in the order `orderBy` gives, each key read once; numbers (dates, counts) compared as numbers, anything else as NeDB compares. */
function sorted(docs: Doc[], orderBy: ReadonlyArray<[string, 1 | -1]>): Doc[] {
  const keys = orderBy.map(([field]) => {
    const path = field.split('.');
    return docs.map((doc) => valueAt(doc, path));
  });
  const order = docs.map((_, i) => i);
  order.sort((a, b) => {
    for (let f = 0; f < orderBy.length; f++) {
      const c = orderBy[f]![1] * compareKeys(keys[f]![a], keys[f]![b]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return order.map((i) => docs[i]!);
}

const isKey = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
/**
 * The values a query asks of one indexed field, when it is that one condition, equal to or among
 * plain values: the documents the index files under them (any element of an array field counting,
 * as in matching) are exactly those it matches, and matching them again would repeat the index's work.
 */
function indexedValues(s: Store, query: NedbQuery): { index: StoreIndex; values: Array<string | number> } | null {
  const fields = Object.keys(query);
  const index = fields.length === 1 ? internals(s).indexes[fields[0]!] : undefined;
  if (!index) return null;
  const value = query[fields[0]!];
  if (isKey(value)) return { index, values: [value] };
  const among = value !== null && typeof value === 'object' && Object.keys(value).length === 1 ? (value as { $in?: unknown }).$in : undefined;
  return Array.isArray(among) && among.every(isKey) ? { index, values: among } : null;
}

/** Each document of any of `lists`, once, in the order first met. */
function union(lists: ReadonlyArray<readonly Doc[]>): Doc[] {
  const found = new Set<Doc>();
  for (const list of lists) for (const doc of list) found.add(doc);
  return [...found];
}

/** Copies of `docs`, whole or only the fields `projection` keeps (dotted paths as nested objects; `_id` unless it says 0) or drops. */
function projected(docs: readonly Doc[], projection: Projection | undefined): Doc[] {
  const fields = projection ? toProjection(projection) : {};
  const { _id: id, ...rest } = fields;
  const keys = Object.keys(rest);
  // `{ _id: true }` alone keeps only the id, as CloudBase answers it
  if (!keys.length && id === 1) return docs.map((d) => ({ _id: d._id }));
  if (!keys.length) return docs.map((d) => (id === 0 ? omit(model.deepCopy(d), ['_id']) : model.deepCopy(d)));
  const keep = rest[keys[0]!] === 1;
  if (keys.some((k) => (rest[k] === 1) !== keep)) throw new Error("field(): can't both keep and omit fields except for _id");
  const paths = keys.map((k) => k.split('.'));
  return docs.map((d) => {
    const out = keep ? pick(d, paths) : omit(model.deepCopy(d), keys);
    if (id === 0) delete out._id;
    else out._id = d._id;
    return out;
  });
}

/** `doc`'s value at a dotted path; NeDB's own reading where an array lies on the way (`a.b` of an array is each element's `b`). */
function valueAt(doc: Doc, path: readonly string[]): unknown {
  let at: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    if (at === null || typeof at !== 'object') return undefined;
    const next = (at as Record<string, unknown>)[path[i]!];
    if (Array.isArray(next) && i < path.length - 1) return model.getDotValue(at as Doc, path.slice(i).join('.'));
    at = next;
  }
  return at;
}

function pick(doc: Doc, paths: ReadonlyArray<readonly string[]>): Doc {
  const out: Doc = {};
  for (const path of paths) {
    if (path.length === 1) {
      // a top-level field (most are): read once, no nesting to make
      const value = doc[path[0]!];
      if (value !== undefined) out[path[0]!] = value !== null && typeof value === 'object' ? model.deepCopy(value) : value;
      continue;
    }
    const value = valueAt(doc, path);
    if (value === undefined) continue;
    let at = out as Record<string, unknown>;
    for (let i = 0; i < path.length - 1; i++) at = (at[path[i]!] ??= {}) as Record<string, unknown>;
    at[path[path.length - 1]!] = value !== null && typeof value === 'object' ? model.deepCopy(value) : value;
  }
  return out;
}

function omit(doc: Doc, keys: readonly string[]): Doc {
  for (const key of keys) {
    const path = key.split('.');
    let at: unknown = doc;
    for (const part of path.slice(0, -1)) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
    if (at && typeof at === 'object') delete (at as Record<string, unknown>)[path[path.length - 1]!];
  }
  return doc;
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) throw new TypeError('doc(id): id must be a non-empty string');
  return id;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !name) throw new TypeError('collection name is required');
  return name;
}

function plainData(data: unknown, op: string, now: number): Doc {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new TypeError(`${op} expects an object`);
  return resolveData(data, now, op) as Doc;
}

/** `set` data as the document stored under `id` (a fresh object: resolveData copies). */
function setData(data: unknown, id: string, now: number): Doc {
  const doc = plainData(data, 'set', now);
  if ('_id' in doc) throw new TypeError('set: data must not contain _id (the id is the doc reference)');
  doc._id = id;
  return doc;
}

const duplicate = (id: string): ErrorResult => ({ code: 'DATABASE_DUPLICATE_WRITE', message: `duplicate _id ${id}. 记录已存在` });

/** What every reference shares: the stores, the write lock, the clock. */
class Core {
  readonly stores = new Map<string, Store>();
  /** each store's documents by _id: lookups without NeDB's ordered index */
  readonly byId = new Map<string, Map<string, Doc>>();
  readonly lock = new Lock();
  /** transactions running now: a write queued behind one may be a write it is waiting for */
  transactions = 0;
  closed = false;
  /** set once the journal could not be written: every later write is refused */
  broken: Error | undefined;
  journal: Journal | undefined;
  /** gives the data directory back on close */
  release: (() => void) | undefined;
  /** each collection's ids in order, kept until one is added or removed */
  private readonly ordered = new Map<string, string[]>();

  constructor(readonly options: EmbeddedOptions) {}

  now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  alive(): void {
    if (this.closed) throw new Error('the embedded database is closed');
  }

  /** An in-memory store (the journal makes it durable) holding `docs`, with its indexes. */
  async openStore(name: string, docs: Iterable<Doc> = []): Promise<Store> {
    const store = new Datastore<Doc>({ inMemoryOnly: true });
    await store.loadDatabaseAsync();
    const all = [...docs];
    if (all.length) await store.insertAsync(all);
    const specs = this.options.indexes?.[name] ?? [];
    const fields = specs.map((spec) => (typeof spec === 'string' ? spec : spec.field));
    // NeDB keeps one index a field
    const twice = fields.find((field, i) => fields.indexOf(field) !== i);
    if (twice) throw new Error(`${name}: more than one index on ${twice}`);
    for (const [i, spec] of specs.entries()) {
      const fieldName = fields[i]!;
      await store.ensureIndexAsync({ fieldName });
      if (typeof spec !== 'string') keepInOrder(internals(store).indexes[fieldName]!, spec.then);
    }
    this.stores.set(name, store);
    this.byId.set(name, new Map(store.getAllData().map((d) => [d._id!, d])));
    byIdOf.set(store, this.byId.get(name)!);
    this.ordered.delete(name);
    return store;
  }

  /** A collection's ids in ascending order (NeDB compares strings by code unit, as sort() does). */
  idsInOrder(name: string): string[] {
    let ids = this.ordered.get(name);
    if (!ids) this.ordered.set(name, (ids = [...this.byId.get(name)!.keys()].sort()));
    return ids;
  }

  /** Every document of every collection as stored (for snapshots). */
  live(): Map<string, Doc[]> {
    return new Map([...this.stores].map(([name, s]) => [name, s.getAllData()]));
  }

  /**
   * Journals a group of writes as one record, waits until it is on disk, then applies them: a
   * reader never sees a write that a crash could still take back. Call it inside `write`, which
   * holds the lock until then. Documents arrive checked: plain data by `resolveData`, updated
   * ones by the store's `modify`.
   */
  async commit(ops: readonly Op[]): Promise<void> {
    if (ops.length === 0) return;
    if (this.broken) throw this.broken;
    try {
      if (this.journal) await this.journal.durable(this.journal.write(ops));
    } catch (err) {
      // the journal may hold part of this record, or all of it unsynced: nothing more is written
      // until a restart replays what is on disk
      this.broken = new Error(
        `the data directory could not be written (${err instanceof Error ? err.message : String(err)}): restart to recover from what is on disk`,
      );
      throw this.broken;
    }
    // applied in one synchronous step: a reader sees all of a commit or none of it
    for (const op of ops) {
      if (op[1] === 'create') continue;
      const s = internals(this.stores.get(op[0])!);
      const byId = this.byId.get(op[0])!;
      const id = op[1] === 'put' ? op[2]._id! : op[2];
      const old = byId.get(id);
      if (!old || op[1] === 'del') this.ordered.delete(op[0]);
      if (op[1] === 'del') {
        if (old) s._removeFromIndexes(old);
        byId.delete(id);
      } else {
        if (old) replaceInPlace(s, old, op[2]);
        else {
          s._addToIndexes(op[2]);
          byId.set(id, op[2]);
        }
      }
    }
    if (this.journal?.due) {
      try {
        this.journal.compact(this.live());
      } catch (err) {
        // the write is in and on disk: the journal folds in at the next try
        console.error(`compacting the journal failed, it will be tried again: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** The stored document itself: callers copy it before handing it out. */
  stored(name: string, id: string): Doc | undefined {
    return this.byId.get(name)!.get(id);
  }

  /** Runs `fn` on the named store, or answers as CloudBase does for a missing collection. */
  async on<R>(name: string, fn: (s: Store) => Promise<R>): Promise<R | ErrorResult> {
    this.alive();
    const store = this.stores.get(name);
    return store ? fn(store) : notExist(name);
  }

  /** Runs a write (or a whole transaction) under the lock; it is durable and visible when this resolves. */
  async write<R>(fn: () => Promise<R>): Promise<R> {
    return this.lock.run(fn, this.waitLimit());
  }

  /**
   * A write queued behind a running transaction gives up after `lockWaitMs`: if the transaction
   * itself is waiting for that write (a plain write or a nested transaction inside its callback)
   * the two would otherwise wait for each other forever.
   */
  waitLimit(): { ms: number; giveUp: () => Error } | undefined {
    if (this.transactions === 0) return undefined;
    const ms = this.options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    return {
      ms,
      giveUp: () =>
        new Error(
          `waited ${ms} ms for a running transaction. Inside runTransaction, write through the transaction (tx.collection(...)), not db.collection(...), and do not nest transactions`,
        ),
    };
  }
}

class EmbeddedQuery<T extends DocShape> implements Query<T> {
  constructor(
    protected readonly core: Core,
    protected readonly name: string,
    protected readonly state: QueryState,
  ) {}

  private next(patch: Partial<QueryState>): Query<T> {
    return new EmbeddedQuery<T>(this.core, this.name, { ...this.state, ...patch });
  }

  where(condition: Where): Query<T> {
    return this.next({ query: toQuery(condition, this.core.now()) });
  }

  orderBy(field: string, direction: 'asc' | 'desc'): Query<T> {
    if (typeof field !== 'string' || !field) throw new TypeError('orderBy: field must be a non-empty string');
    if (direction !== 'asc' && direction !== 'desc') throw new TypeError(`orderBy: direction must be 'asc' or 'desc'`);
    return this.next({ orderBy: [...this.state.orderBy, [field, direction === 'asc' ? 1 : -1]] });
  }

  skip(n: number): Query<T> {
    if (!Number.isInteger(n) || n < 0) throw new TypeError('skip: n must be a non-negative integer');
    return this.next({ skip: n });
  }

  limit(n: number): Query<T> {
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      throw new RangeError(
        `limit(${n}): must be an integer from 1 to ${MAX_LIMIT}. CloudBase silently returns at most ${MAX_LIMIT} records per get(); page with skip()`,
      );
    }
    return this.next({ limit: n });
  }

  field(projection: Projection): Query<T> {
    return this.next({ projection });
  }

  get(): Promise<GetResult<T> | ErrorResult> {
    return this.core.on(this.name, async (s) => ({ data: (this.pageInIdOrder() ?? select(s, this.state)) as T[] }));
  }

  /**
   * A page in ascending _id order without skip — how `scanAll` pages, by `_id > last` — read by
   * walking the ids in order from `last` until the page is full. NeDB would match and sort every
   * document of the collection for each page, so a scan of n records would cost n²/1000.
   */
  private pageInIdOrder(): Doc[] | null {
    const q = this.state;
    if (q.orderBy.length !== 1 || q.orderBy[0]![0] !== '_id' || q.orderBy[0]![1] !== 1 || q.skip) return null;
    const ids = this.core.idsInOrder(this.name);
    const after = (q.query._id as { $gt?: unknown } | undefined)?.$gt;
    const lo = typeof after === 'string' ? firstPast(0, ids.length, (i) => ids[i]! > after) : 0;
    const limit = q.limit ?? DEFAULT_LIMIT;
    const byId = this.core.byId.get(this.name)!;
    const matched: Doc[] = [];
    for (let i = lo; i < ids.length && matched.length < limit; i++) {
      const doc = byId.get(ids[i]!)!;
      if (model.match(doc, q.query)) matched.push(doc);
    }
    return projected(matched, q.projection);
  }

  count(): Promise<CountResult | ErrorResult> {
    return this.core.on(this.name, async (s) => ({ total: matching(s, this.state.query).length }));
  }

  /** Every matching document, not only the first page: CloudBase updates and removes them all. */
  async update(patch: Patch): Promise<UpdateResult | ErrorResult> {
    const mods = toModifiers(patch, this.core.now());
    return this.core.on(this.name, (s) =>
      this.core.write(async () => {
        const docs = matching(s, this.state.query);
        await this.core.commit(docs.map((d): Op => [this.name, 'put', model.modify(d, mods)]));
        return { updated: docs.length };
      }),
    );
  }

  remove(): Promise<RemoveResult | ErrorResult> {
    return this.core.on(this.name, (s) =>
      this.core.write(async () => {
        const ids = matching(s, this.state.query).map((d) => d._id!);
        await this.core.commit(ids.map((id): Op => [this.name, 'del', id]));
        return { deleted: ids.length };
      }),
    );
  }
}

class EmbeddedCollection<T extends DocShape> extends EmbeddedQuery<T> implements CollectionReference<T> {
  constructor(core: Core, name: string) {
    super(core, checkName(name), { query: {}, orderBy: [], skip: 0 });
  }

  doc(id: string): DocumentReference<T> {
    return new EmbeddedDocument<T>(this.core, this.name, checkId(id));
  }

  async add(data: object): Promise<AddResult | ErrorResult> {
    this.core.alive();
    const body = plainData(data, 'add', this.core.now());
    const id = body._id ?? newId();
    if (typeof id !== 'string' || !id) throw new TypeError('add: _id must be a non-empty string');
    return this.core.on(this.name, () =>
      this.core.write(async () => {
        if (this.core.stored(this.name, id)) return duplicate(id);
        await this.core.commit([[this.name, 'put', { ...body, _id: id }]]);
        return { id };
      }),
    );
  }
}

class EmbeddedDocument<T extends DocShape> implements DocumentReference<T> {
  constructor(
    private readonly core: Core,
    private readonly name: string,
    private readonly id: string,
    private readonly projection?: Projection,
  ) {}

  field(projection: Projection): DocumentReference<T> {
    return new EmbeddedDocument<T>(this.core, this.name, this.id, projection);
  }

  get(): Promise<GetResult<T> | ErrorResult> {
    return this.core.on(this.name, async () => {
      const doc = this.core.stored(this.name, this.id);
      return { data: projected(doc ? [doc] : [], this.projection) as T[] };
    });
  }

  async set(data: object): Promise<SetResult | ErrorResult> {
    const body = setData(data, this.id, this.core.now());
    return this.core.on(this.name, () =>
      this.core.write(async (): Promise<SetResult> => {
        const existed = this.core.stored(this.name, this.id) !== undefined;
        await this.core.commit([[this.name, 'put', body]]);
        return existed ? { updated: 1 } : { updated: 0, upsertedId: this.id };
      }),
    );
  }

  async update(patch: Patch): Promise<UpdateResult | ErrorResult> {
    const mods = toModifiers(patch, this.core.now());
    return this.core.on(this.name, () =>
      this.core.write(async () => {
        const doc = this.core.stored(this.name, this.id);
        if (!doc) return { updated: 0 };
        await this.core.commit([[this.name, 'put', model.modify(doc, mods)]]);
        return { updated: 1 };
      }),
    );
  }

  remove(): Promise<RemoveResult | ErrorResult> {
    return this.core.on(this.name, () =>
      this.core.write(async () => {
        if (!this.core.stored(this.name, this.id)) return { deleted: 0 };
        await this.core.commit([[this.name, 'del', this.id]]);
        return { deleted: 1 };
      }),
    );
  }
}

type Pending = { kind: 'put'; doc: Doc } | { kind: 'delete' };

/**
 * A transaction's view: its own buffered writes over the stores, applied together at commit.
 * It holds the write lock throughout, so what it has read stays true until it commits: each
 * document is read from the store at most once.
 */
class EmbeddedTransaction implements Transaction {
  private readonly pending = new Map<string, Map<string, Pending>>();
  /** documents read from the store (null: absent), by collection and id */
  private readonly seen = new Map<string, Map<string, Doc | null>>();
  finished = false;
  aborted: { reason: unknown } | undefined;

  constructor(readonly core: Core) {}

  collection<T extends DocShape = Doc>(name: string): TransactionCollection<T> {
    return new TxCollection<T>(this, checkName(name));
  }

  async rollback(reason?: unknown): Promise<unknown> {
    this.open();
    this.aborted = { reason };
    return {};
  }

  open(): void {
    if (this.finished) throw new Error('this transaction has already finished');
    if (this.aborted) throw new Error('this transaction was rolled back');
  }

  /** Runs `fn` for a collection that exists, or answers as CloudBase does. */
  async on<R>(name: string, fn: () => Promise<R>): Promise<R | ErrorResult> {
    this.open();
    return this.core.stores.has(name) ? fn() : notExist(name);
  }

  /** The document as this transaction sees it: its own writes first, then the store. */
  async current(name: string, id: string): Promise<Doc | null> {
    const p = this.pending.get(name)?.get(id);
    if (p) return p.kind === 'delete' ? null : model.deepCopy(p.doc);
    const seen = this.seen.get(name) ?? new Map<string, Doc | null>();
    this.seen.set(name, seen);
    if (!seen.has(id)) seen.set(id, this.core.stored(name, id) ?? null);
    const doc = seen.get(id)!;
    return doc && model.deepCopy(doc);
  }

  stage(name: string, id: string, write: Pending): void {
    let writes = this.pending.get(name);
    if (!writes) this.pending.set(name, (writes = new Map()));
    writes.set(id, write);
  }

  /** The buffered writes as one atomic group. */
  ops(): Op[] {
    const ops: Op[] = [];
    for (const [name, docs] of this.pending) {
      for (const [id, p] of docs) {
        if (p.kind === 'put') ops.push([name, 'put', p.doc]);
        else if (this.seen.get(name)?.get(id) !== null) ops.push([name, 'del', id]);
      }
    }
    return ops;
  }
}

class TxCollection<T extends DocShape> implements TransactionCollection<T> {
  constructor(
    private readonly tx: EmbeddedTransaction,
    private readonly name: string,
  ) {}

  doc(id: string): TransactionDocument<T> {
    return new TxDocument<T>(this.tx, this.name, checkId(id));
  }

  add(data: object): Promise<AddResult | ErrorResult> {
    return this.tx.on(this.name, async () => {
      const body = plainData(data, 'add', this.tx.core.now());
      const id = typeof body._id === 'string' && body._id ? body._id : newId();
      if ((await this.tx.current(this.name, id)) !== null) return duplicate(id);
      this.tx.stage(this.name, id, { kind: 'put', doc: { ...body, _id: id } });
      return { id };
    });
  }
}

class TxDocument<T extends DocShape> implements TransactionDocument<T> {
  constructor(
    private readonly tx: EmbeddedTransaction,
    private readonly name: string,
    private readonly id: string,
  ) {}

  get(): Promise<{ data: T | null } | ErrorResult> {
    return this.tx.on(this.name, async () => ({ data: (await this.tx.current(this.name, this.id)) as T | null }));
  }

  set(data: object): Promise<SetResult | ErrorResult> {
    return this.tx.on(this.name, async (): Promise<SetResult> => {
      const body = setData(data, this.id, this.tx.core.now());
      const existed = (await this.tx.current(this.name, this.id)) !== null;
      this.tx.stage(this.name, this.id, { kind: 'put', doc: body });
      return existed ? { updated: 1 } : { updated: 0, upsertedId: this.id };
    });
  }

  update(patch: Patch): Promise<UpdateResult | ErrorResult> {
    return this.tx.on(this.name, async () => {
      const mods = toModifiers(patch, this.tx.core.now());
      const before = await this.tx.current(this.name, this.id);
      if (!before) return { updated: 0 };
      this.tx.stage(this.name, this.id, { kind: 'put', doc: model.modify(before, mods) });
      return { updated: 1 };
    });
  }

  delete(): Promise<RemoveResult | ErrorResult> {
    return this.tx.on(this.name, async () => {
      if ((await this.tx.current(this.name, this.id)) === null) return { deleted: 0 };
      this.tx.stage(this.name, this.id, { kind: 'delete' });
      return { deleted: 1 };
    });
  }
}

class Embedded implements EmbeddedDatabase {
  readonly command = command;
  constructor(private readonly core: Core) {}

  collection<T extends DocShape = Doc>(name: string): CollectionReference<T> {
    return new EmbeddedCollection<T>(this.core, name);
  }

  serverDate(options?: { offset?: number }): EmbeddedServerDate {
    return new EmbeddedServerDate(options?.offset ?? 0);
  }

  async runTransaction<R>(fn: (tx: Transaction) => Promise<R>, times = 3): Promise<R> {
    const core = this.core;
    core.alive();
    if (!Number.isInteger(times) || times < 1) throw new TypeError('runTransaction: times must be a positive integer');
    return core.write(async () => {
      core.transactions++;
      const tx = new EmbeddedTransaction(core);
      let value: R;
      try {
        value = await fn(tx);
      } finally {
        tx.finished = true;
        core.transactions--;
      }
      if (tx.aborted) throw tx.aborted.reason;
      await core.commit(tx.ops());
      return value;
    });
  }

  async createCollection(name: string): Promise<unknown> {
    this.core.alive();
    if (typeof name !== 'string' || !/^[A-Za-z][\w-]{0,63}$/.test(name)) throw new TypeError(`createCollection: bad name ${String(name)}`);
    await this.core.write(async () => {
      if (this.core.stores.has(name)) return;
      await this.core.openStore(name);
      await this.core.commit([[name, 'create']]);
    });
    return {};
  }

  async dump(): Promise<Record<string, Doc[]>> {
    this.core.alive();
    const out: Record<string, Doc[]> = {};
    for (const name of [...this.core.stores.keys()].sort()) out[name] = await run(this.core.stores.get(name)!.findAsync({}).sort({ _id: 1 }));
    return out;
  }

  async close(): Promise<void> {
    const core = this.core;
    if (core.closed) return;
    await core.lock.run(async () => {
      core.closed = true;
      await core.journal?.close(core.live());
      core.release?.();
    });
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One process per data directory: two writing one journal would interleave their records. The
 * claim is a file created exclusively (`owner.pid`, flag `wx`): of two processes starting at once,
 * one creates it and the other is refused. A claim left by a process that is gone (killed, the
 * machine lost power) is taken over: moved aside under a name of this process's own, checked to
 * be the dead one's (not a claim another process made meanwhile), removed, and made anew.
 * Answers the release.
 */
export function claimDirectory(dir: string): () => void {
  const file = join(dir, 'owner.pid');
  const inUse = (pid: number) => new Error(`the data directory ${dir} is in use by process ${pid} (is \`npm start\` running?): stop it first`);
  const ownerOf = (path: string) => Number(readFileSync(path, 'utf8')) || 0;
  // the claim is written whole beside the file and then linked into place: link refuses an existing
  // file, and no other process ever sees the claim empty (and takes it for a dead one)
  const mine = `${file}.${process.pid}.claim`;
  const fd = openSync(mine, 'w');
  writeSync(fd, String(process.pid));
  fsyncSync(fd);
  closeSync(fd);
  for (let attempt = 0; ; attempt++) {
    try {
      linkSync(mine, file);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) {
        unlinkSync(mine);
        throw err;
      }
    }
    let owner: number;
    try {
      owner = ownerOf(file);
    } catch {
      continue; // released meanwhile: try again
    }
    if (owner === process.pid) break;
    if (owner && alive(owner)) {
      unlinkSync(mine);
      throw inUse(owner);
    }
    const aside = `${file}.${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue; // someone else moved it first
    }
    const moved = ownerOf(aside);
    if (moved !== owner && moved && alive(moved)) {
      // not the dead claim but a live one made meanwhile: put it back, unless yet another claim was made since
      try {
        linkSync(aside, file);
      } finally {
        unlinkSync(aside);
        unlinkSync(mine);
      }
      throw inUse(moved);
    }
    unlinkSync(aside);
  }
  unlinkSync(mine);
  return () => {
    if (existsSync(file) && ownerOf(file) === process.pid) unlinkSync(file);
  };
}

export async function openEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const core = new Core(options);
  if (options.dir) {
    mkdirSync(options.dir, { recursive: true });
    core.release = claimDirectory(options.dir);
    const { journal, collections } = Journal.open(options.dir, options.compactAt ?? DEFAULT_COMPACT_AT, options.sync);
    core.journal = journal;
    // existing files are existing collections
    for (const [name, docs] of collections) await core.openStore(name, docs.values());
  }
  return new Embedded(core);
}
