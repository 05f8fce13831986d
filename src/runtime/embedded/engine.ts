/**
 * The embedded twin of the CloudBase database: the same API surface the application uses
 * (types/db.ts), over @seald-io/nedb, persisted one file per collection under a data directory
 * (or in memory for tests). It keeps CloudBase's limits so code that works here works there:
 * collections must be created, `get()` returns 100 records unless limited and never more than
 * 1000, transactions hold single-document operations only.
 *
 * Writes are serialised through one lock; a transaction holds it from start to commit, so a
 * transaction's reads stay valid until its writes land (serialisable, hence never a conflict to
 * retry). Transaction writes are buffered and applied at commit; a thrown error or a rollback
 * writes nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
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

// eslint-disable-next-line @typescript-eslint/no-require-imports
const model = require('@seald-io/nedb/lib/model.js') as {
  modify(doc: Doc, update: Record<string, unknown>): Doc;
  deepCopy<T>(value: T): T;
};

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export interface EmbeddedOptions {
  /** persist one `<collection>.db` file per collection here; omitted = in memory */
  dir?: string;
  /** fields to index, per collection (dotted paths allowed) */
  indexes?: Record<string, readonly string[] | undefined>;
  /** the clock behind `serverDate()` */
  now?: () => number;
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
  async run<R>(fn: () => Promise<R>): Promise<R> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => held);
    await before;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

type Store = Datastore<Doc>;

interface QueryState {
  where: Where;
  orderBy: Array<[string, 1 | -1]>;
  skip: number;
  limit?: number;
  projection?: Projection;
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) throw new TypeError('doc(id): id must be a non-empty string');
  return id;
}

function plainData(data: unknown, op: string, now: number): Doc {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new TypeError(`${op} expects an object`);
  return resolveData(data, now, op) as Doc;
}

function setData(data: unknown, now: number): Doc {
  const doc = plainData(data, 'set', now);
  if ('_id' in doc) throw new TypeError('set: data must not contain _id (the id is the doc reference)');
  return doc;
}

export async function openEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const now = options.now ?? (() => Date.now());
  const stores = new Map<string, Store>();
  const lock = new Lock();
  const inTransaction = new AsyncLocalStorage<true>();
  let closed = false;

  if (options.dir) mkdirSync(options.dir, { recursive: true });

  async function openStore(name: string): Promise<Store> {
    const store = new Datastore<Doc>(options.dir ? { filename: join(options.dir, `${name}.db`) } : { inMemoryOnly: true });
    await store.loadDatabaseAsync();
    for (const fieldName of options.indexes?.[name] ?? []) await store.ensureIndexAsync({ fieldName });
    stores.set(name, store);
    return store;
  }

  // existing files are existing collections
  if (options.dir) {
    for (const file of readdirSync(options.dir)) if (file.endsWith('.db')) await openStore(file.slice(0, -3));
  }

  const alive = () => {
    if (closed) throw new Error('the embedded database is closed');
  };

  /** Runs a write under the lock; refuses a plain write from inside a transaction (it would deadlock). */
  const write = <R>(fn: () => Promise<R>): Promise<R> => {
    alive();
    if (inTransaction.getStore()) {
      throw new Error('inside runTransaction, write through the transaction (tx.collection(...)), not db.collection(...)');
    }
    return lock.run(fn);
  };

  async function find(store: Store, q: QueryState): Promise<Doc[]> {
    let cursor = store.findAsync(toQuery(q.where, now()));
    if (q.orderBy.length) cursor = cursor.sort(Object.fromEntries(q.orderBy));
    if (q.skip) cursor = cursor.skip(q.skip);
    cursor = cursor.limit(q.limit ?? DEFAULT_LIMIT);
    if (q.projection) cursor = cursor.projection(toProjection(q.projection));
    return cursor;
  }

  function query<T extends DocShape>(name: string, q: QueryState): Query<T> {
    const next = (patch: Partial<QueryState>) => query<T>(name, { ...q, ...patch });
    const withStore = async <R>(fn: (s: Store) => Promise<R>): Promise<R | ErrorResult> => {
      alive();
      const store = stores.get(name);
      return store ? fn(store) : notExist(name);
    };
    return {
      where: (condition) => {
        toQuery(condition, now()); // reject a malformed condition where it is written
        return next({ where: condition });
      },
      orderBy: (field, direction) => {
        if (typeof field !== 'string' || !field) throw new TypeError('orderBy: field must be a non-empty string');
        if (direction !== 'asc' && direction !== 'desc') throw new TypeError(`orderBy: direction must be 'asc' or 'desc'`);
        return next({ orderBy: [...q.orderBy, [field, direction === 'asc' ? 1 : -1]] });
      },
      skip: (n) => {
        if (!Number.isInteger(n) || n < 0) throw new TypeError('skip: n must be a non-negative integer');
        return next({ skip: n });
      },
      limit: (n) => {
        if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
          throw new RangeError(
            `limit(${n}): must be an integer from 1 to ${MAX_LIMIT}. CloudBase silently returns at most ${MAX_LIMIT} records per get(); page with skip()`,
          );
        }
        return next({ limit: n });
      },
      field: (projection) => next({ projection }),
      get: () => withStore(async (s): Promise<GetResult<T>> => ({ data: (await find(s, q)) as T[] })),
      count: () => withStore(async (s): Promise<CountResult> => ({ total: await s.countAsync(toQuery(q.where, now())) })),
      update: (patch: Patch) =>
        withStore((s) =>
          write(async (): Promise<UpdateResult> => {
            const { numAffected } = await s.updateAsync(toQuery(q.where, now()), toModifiers(patch, now()), { multi: true });
            return { updated: numAffected };
          }),
        ),
      remove: () =>
        withStore((s) => write(async (): Promise<RemoveResult> => ({ deleted: await s.removeAsync(toQuery(q.where, now()), { multi: true }) }))),
    };
  }

  function doc<T extends DocShape>(name: string, id: string, projection?: Projection): DocumentReference<T> {
    checkId(id);
    const withStore = async <R>(fn: (s: Store) => Promise<R>): Promise<R | ErrorResult> => {
      alive();
      const store = stores.get(name);
      return store ? fn(store) : notExist(name);
    };
    return {
      field: (p) => doc<T>(name, id, p),
      get: () =>
        withStore(async (s): Promise<GetResult<T>> => {
          const found = await s.findAsync({ _id: id }, projection ? toProjection(projection) : {});
          return { data: found as T[] };
        }),
      set: (data) => {
        const body = setData(data, now());
        return withStore((s) =>
          write(async (): Promise<SetResult> => {
            const { numAffected, upsert } = await s.updateAsync({ _id: id }, { ...body, _id: id }, { upsert: true });
            return upsert ? { updated: 0, upsertedId: id } : { updated: numAffected };
          }),
        );
      },
      update: (patch) => {
        const mods = toModifiers(patch, now());
        return withStore((s) =>
          write(async (): Promise<UpdateResult> => ({ updated: (await s.updateAsync({ _id: id }, mods, {})).numAffected })),
        );
      },
      remove: () => withStore((s) => write(async (): Promise<RemoveResult> => ({ deleted: await s.removeAsync({ _id: id }, {}) }))),
    };
  }

  async function insert(s: Store, data: Doc): Promise<AddResult | ErrorResult> {
    const body = { ...data, _id: data._id ?? newId() };
    if (typeof body._id !== 'string' || !body._id) throw new TypeError('add: _id must be a non-empty string');
    try {
      await s.insertAsync(body);
    } catch (err) {
      if ((err as { errorType?: string }).errorType === 'uniqueViolated') {
        return { code: 'DATABASE_DUPLICATE_WRITE', message: `duplicate _id ${body._id}. 记录已存在` };
      }
      throw err;
    }
    return { id: body._id };
  }

  function collection<T extends DocShape>(name: string): CollectionReference<T> {
    if (typeof name !== 'string' || !name) throw new TypeError('collection name is required');
    return {
      ...query<T>(name, { where: {}, orderBy: [], skip: 0 }),
      doc: (id) => doc<T>(name, id),
      add: async (data) => {
        alive();
        const body = plainData(data, 'add', now());
        const store = stores.get(name);
        if (!store) return notExist(name);
        return write(() => insert(store, body));
      },
    };
  }

  type Pending = { kind: 'put'; doc: Doc } | { kind: 'delete' } | { kind: 'insert'; doc: Doc };

  async function runTransaction<R>(fn: (tx: Transaction) => Promise<R>, times = 3): Promise<R> {
    alive();
    if (inTransaction.getStore()) throw new Error('runTransaction cannot be nested');
    if (!Number.isInteger(times) || times < 1) throw new TypeError('runTransaction: times must be a positive integer');
    return lock.run(async () => {
      const pending = new Map<string, Map<string, Pending>>();
      let finished = false;
      let aborted: { reason: unknown } | undefined;
      const open = () => {
        if (finished) throw new Error('this transaction has already finished');
        if (aborted) throw new Error('this transaction was rolled back');
      };
      const writesOf = (name: string) => {
        let m = pending.get(name);
        if (!m) pending.set(name, (m = new Map()));
        return m;
      };
      /** The document as this transaction sees it: its own writes first, then the store. */
      const current = async (name: string, id: string): Promise<Doc | null> => {
        const p = pending.get(name)?.get(id);
        if (p) return p.kind === 'delete' ? null : model.deepCopy(p.doc);
        const [found] = await stores.get(name)!.findAsync({ _id: id });
        return found ?? null;
      };

      const txCollection = <T extends DocShape>(name: string): TransactionCollection<T> => {
        if (typeof name !== 'string' || !name) throw new TypeError('collection name is required');
        const guard = async <X>(body: () => Promise<X>): Promise<X | ErrorResult> => {
          open();
          return stores.has(name) ? body() : notExist(name);
        };
        const txDoc = (id: string): TransactionDocument<T> => {
          checkId(id);
          return {
            get: () => guard(async () => ({ data: (await current(name, id)) as T | null })),
            set: (data) =>
              guard(async (): Promise<SetResult> => {
                const existed = (await current(name, id)) !== null;
                writesOf(name).set(id, { kind: 'put', doc: { ...setData(data, now()), _id: id } });
                return existed ? { updated: 1 } : { updated: 0, upsertedId: id };
              }),
            update: (patch) =>
              guard(async (): Promise<UpdateResult> => {
                const mods = toModifiers(patch, now());
                const before = await current(name, id);
                if (!before) return { updated: 0 };
                writesOf(name).set(id, { kind: 'put', doc: model.modify(before, mods) });
                return { updated: 1 };
              }),
            delete: () =>
              guard(async (): Promise<RemoveResult> => {
                const before = await current(name, id);
                if (!before) return { deleted: 0 };
                writesOf(name).set(id, { kind: 'delete' });
                return { deleted: 1 };
              }),
          };
        };
        return {
          doc: txDoc,
          add: (data) =>
            guard(async (): Promise<AddResult | ErrorResult> => {
              const body = plainData(data, 'add', now());
              const id = typeof body._id === 'string' && body._id ? body._id : newId();
              if ((await current(name, id)) !== null) return { code: 'DATABASE_DUPLICATE_WRITE', message: `duplicate _id ${id}. 记录已存在` };
              writesOf(name).set(id, { kind: 'insert', doc: { ...body, _id: id } });
              return { id };
            }),
        };
      };

      const tx: Transaction = {
        collection: txCollection,
        rollback: async (reason?: unknown) => {
          open();
          aborted = { reason };
          return {};
        },
      };

      let value: R;
      try {
        value = await inTransaction.run(true, () => fn(tx));
      } finally {
        finished = true;
      }
      if (aborted) throw aborted.reason;
      // commit: every buffered write, in parallel (they touch distinct documents)
      await Promise.all(
        [...pending].flatMap(([name, writes]) => {
          const s = stores.get(name)!;
          return [...writes].map(([id, p]) => {
            if (p.kind === 'delete') return s.removeAsync({ _id: id }, {});
            if (p.kind === 'insert') return s.insertAsync(p.doc);
            return s.updateAsync({ _id: id }, p.doc, { upsert: true });
          });
        }),
      );
      return value;
    });
  }

  const db: EmbeddedDatabase = {
    command,
    collection,
    serverDate: (opts) => new EmbeddedServerDate(opts?.offset ?? 0),
    runTransaction,
    async createCollection(name: string) {
      alive();
      if (typeof name !== 'string' || !/^[A-Za-z][\w-]{0,63}$/.test(name)) throw new TypeError(`createCollection: bad name ${String(name)}`);
      if (!stores.has(name)) await openStore(name);
      return {};
    },
    async dump() {
      alive();
      const out: Record<string, Doc[]> = {};
      for (const name of [...stores.keys()].sort()) out[name] = await stores.get(name)!.findAsync({}).sort({ _id: 1 });
      return out;
    },
    async close() {
      if (closed) return;
      await lock.run(async () => {
        closed = true;
        if (options.dir) for (const s of stores.values()) await s.compactDatafileAsync();
      });
    },
  };
  return db;
}
