/**
 * The embedded twin: the shared conformance suite in memory and on files, plus what only the
 * twin promises (stricter limits, persistence across restarts, guarded transactions).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEmbeddedDatabase, type EmbeddedDatabase } from '../../src/runtime/embedded/engine';
import type { IndexSpec } from '../../types/db';
import { tempDir } from '../harness';
import { describeDatabaseConformance, type Subject } from './database.suite';

/** Indexes on the fields the suite queries, for every collection it makes: an indexed query must answer as a scan does. */
const QUERIED = ['age', 'town', 'tags', 'village', 'org.village', 'org.township', 'phone', 'flagged', 'name', 'x', 'status'];
const INDEXED = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`t${i}`, QUERIED]));

/** the twin's clock in the shared suite: a fixed moment, never the machine's */
const CLOCK = Date.parse('2026-11-23T01:00:00Z');

function twin(dir?: string, indexes?: Record<string, IndexSpec[]>) {
  return async (): Promise<Subject> => {
    const db = await openEmbeddedDatabase({ dir, indexes, now: () => CLOCK });
    let n = 0;
    return {
      db,
      now: () => CLOCK,
      async newCollection() {
        const name = `t${n++}`;
        await db.createCollection(name);
        return name;
      },
      close: () => db.close(),
    };
  };
}

describeDatabaseConformance('embedded, in memory', twin());
describeDatabaseConformance('embedded, on files', twin(tempDir('lianxin-conformance-')));
describeDatabaseConformance('embedded, indexed', twin(undefined, INDEXED));
/** The same fields as compound indexes, then `age`: a query for one of them ordered by age reads its keys in turn. */
const COMPOUND = Object.fromEntries(
  Array.from({ length: 500 }, (_, i) => [`t${i}`, QUERIED.map((field): IndexSpec => (field === 'age' ? field : { field, then: 'age' }))]),
);
describeDatabaseConformance('embedded, compound-indexed', twin(undefined, COMPOUND));

describe('embedded twin only', () => {
  let db: EmbeddedDatabase;
  const NOW = Date.parse('2026-11-23T01:00:00Z');
  beforeEach(async () => {
    db = await openEmbeddedDatabase({ now: () => NOW, lockWaitMs: 50 });
    await db.createCollection('things');
  });
  afterEach(() => db.close());

  it('throws on a limit CloudBase would silently clamp, telling the caller to page', () => {
    for (const n of [0, 1001, 2.5, -1]) expect(() => db.collection('things').limit(n)).toThrow(/1000.*skip/);
  });

  it('refuses a plain write from inside a transaction instead of waiting forever, and writes nothing', async () => {
    await expect(
      db.runTransaction(async (tx) => {
        await tx.collection('things').doc('a').set({ v: 1 });
        await db.collection('things').add({ v: 2 });
      }),
    ).rejects.toThrow(/write through the transaction/);
    expect((await db.dump()).things).toEqual([]);
  });

  it('refuses nested transactions instead of waiting forever', async () => {
    await expect(db.runTransaction(() => db.runTransaction(async () => 1))).rejects.toThrow(/do not nest transactions/);
  });

  it('reports an unknown collection inside a transaction as an error result', async () => {
    const res = await db.runTransaction(async (tx) => tx.collection('nope').doc('x').get());
    expect(res).toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
  });

  it('refuses update operators inside plain data', async () => {
    await expect(db.collection('things').add({ n: db.command.inc(1) })).rejects.toThrow(/operators/);
    await expect(
      db
        .collection('things')
        .doc('a')
        .set({ n: db.command.inc(1) }),
    ).rejects.toThrow(/operators/);
  });

  it('dates serverDate by its clock', async () => {
    await db.collection('things').add({ _id: 'd', at: db.serverDate({ offset: -1000 }) });
    expect((await db.dump()).things).toEqual([{ _id: 'd', at: new Date(NOW - 1000) }]);
  });

  it('dumps every collection sorted by id', async () => {
    await db.createCollection('others');
    for (const id of ['b', 'c', 'a']) await db.collection('things').add({ _id: id });
    expect(await db.dump()).toEqual({ others: [], things: [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }] });
  });
});

describe('embedded twin compound index', () => {
  /** A seeded generator: the same documents and changes every run. */
  const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];
  type Asked = { keys: string[]; direction: 'asc' | 'desc'; skip: number; limit: number };
  /**
   * What a query for some keys, ordered by `at`, answers: ids and values in order. `sortedAfter`
   * adds a second order on a field all share, which takes the store's general path (sort what
   * matches) instead of reading the keys in turn: the same answer, ties included.
   */
  const asked = async (db: EmbeddedDatabase, q: Asked, sortedAfter = false) => {
    let query = db
      .collection('things')
      .where({ keys: db.command.in(q.keys) })
      .orderBy('at', q.direction);
    if (sortedAfter) query = query.orderBy('same', 'asc');
    const { data } = (await query.skip(q.skip).limit(q.limit).field({ _id: true, at: true }).get()) as { data: Array<{ _id: string; at: number }> };
    return { ids: data.map((d) => d._id), ats: data.map((d) => d.at) };
  };

  it('answers a query for some keys ordered by its second field as sorting what matches does, ties included, through writes and a restart', async () => {
    const next = random(7);
    const dir = tempDir('lianxin-compound-');
    const open = () => openEmbeddedDatabase({ dir, indexes: { things: [{ field: 'keys', then: 'at' }] } });
    let indexed = await open();
    const scanned = await openEmbeddedDatabase();
    for (const db of [indexed, scanned]) await db.createCollection('things');
    // 300 documents over 60 values of `at` (many ties), each under one to three keys
    const pick = () => [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => KEYS[Math.floor(next() * KEYS.length)]!))];
    for (let i = 0; i < 300; i++) {
      const doc = { keys: pick(), at: Math.floor(next() * 60), same: 1 };
      for (const db of [indexed, scanned]) await db.collection('things').doc(`d${i}`).set(doc);
    }
    const compare = async () => {
      for (let n = 0; n < 60; n++) {
        const q: Asked = {
          keys: KEYS.filter(() => next() < 0.3),
          direction: next() < 0.5 ? 'asc' : 'desc',
          skip: Math.floor(next() * 20),
          limit: 1 + Math.floor(next() * 40),
        };
        const got = await asked(indexed, q);
        // the same documents in the same order as the general path on this store; the same values as a store without the index
        expect({ ...q, got: got.ids }).toEqual({ ...q, got: (await asked(indexed, q, true)).ids });
        expect({ ...q, got: got.ats }).toEqual({ ...q, got: (await asked(scanned, q)).ats });
      }
    };
    await compare();
    // moved in time, given other keys, removed, added, some in a transaction: each list stays in order
    for (let i = 0; i < 120; i++) {
      const id = `d${Math.floor(next() * 330)}`;
      const change = next();
      const patch = change < 0.4 ? { at: Math.floor(next() * 80) } : change < 0.8 ? { keys: pick() } : null;
      const whole = { keys: pick(), at: 5, same: 1 };
      for (const db of [indexed, scanned]) {
        if (patch && i % 10 === 0) await db.runTransaction(async (tx) => void (await tx.collection('things').doc(id).set(whole)));
        else if (patch) await db.collection('things').doc(id).update(patch);
        else await db.collection('things').doc(id).remove();
      }
    }
    await compare();
    await indexed.close();
    indexed = await open();
    await compare();
    await indexed.close();
    await scanned.close();
  });

  it('returns a document under several of the keys asked once, and equal values in the order they were filed, newest first too', async () => {
    const db = await openEmbeddedDatabase({ indexes: { things: [{ field: 'keys', then: 'at' }] } });
    await db.createCollection('things');
    for (const [id, keys, at] of [
      ['a', ['k'], 5],
      ['b', ['k', 'j'], 5],
      ['c', ['k'], 5],
      ['d', ['k'], 1],
      ['e', ['j'], 9],
    ] as const) {
      await db
        .collection('things')
        .doc(id)
        .set({ keys: [...keys], at });
    }
    const q = (keys: string[], direction: 'asc' | 'desc', skip: number, limit: number) => asked(db, { keys, direction, skip, limit });
    expect((await q(['k'], 'desc', 0, 10)).ids).toEqual(['a', 'b', 'c', 'd']);
    expect((await q(['k'], 'desc', 0, 2)).ids).toEqual(['a', 'b']);
    expect((await q(['k'], 'asc', 0, 10)).ids).toEqual(['d', 'a', 'b', 'c']);
    expect((await q(['k', 'j'], 'desc', 0, 10)).ids).toEqual(['e', 'a', 'b', 'c', 'd']);
    expect((await q(['k', 'j'], 'asc', 3, 10)).ids).toEqual(['c', 'e']);
    await db.close();
  });

  it('refuses two indexes on one field', async () => {
    await expect(
      openEmbeddedDatabase({ dir: tempDir('lianxin-compound-'), indexes: { things: ['keys', { field: 'keys', then: 'at' }] } }).then(async (db) => {
        await db.createCollection('things');
      }),
    ).rejects.toThrow(/more than one index on keys/);
  });
});

describe('embedded twin persistence', () => {
  it('keeps collections and documents across a restart, compacted to one line per document', async () => {
    const dir = tempDir('lianxin-persist-');
    const first = await openEmbeddedDatabase({ dir, indexes: { cases: ['status'] } });
    await first.createCollection('cases');
    await first.createCollection('empty');
    for (let i = 0; i < 5; i++) await first.collection('cases').add({ _id: `c${i}`, status: 'submitted', n: i });
    for (let i = 0; i < 5; i++) await first.collection('cases').doc(`c${i}`).update({ status: 'accepted' });
    await first.collection('cases').doc('c4').remove();
    await first.close();
    expect(
      readFileSync(join(dir, 'cases.db'), 'utf8')
        .trim()
        .split('\n')
        .filter((l) => !l.includes('$$indexCreated')),
    ).toHaveLength(4);

    const second = await openEmbeddedDatabase({ dir, indexes: { cases: ['status'] } });
    const dump = await second.dump();
    expect(Object.keys(dump)).toEqual(['cases', 'empty']);
    expect(dump.cases!.map((c) => [c._id, c.status])).toEqual([
      ['c0', 'accepted'],
      ['c1', 'accepted'],
      ['c2', 'accepted'],
      ['c3', 'accepted'],
    ]);
    expect(await second.collection('cases').where({ status: 'accepted' }).count()).toEqual({ total: 4 });
    await second.close();
  });

  it('refuses work once closed', async () => {
    const db = await openEmbeddedDatabase();
    await db.createCollection('x');
    await db.close();
    await expect(db.collection('x').get()).rejects.toThrow(/closed/);
  });
});

describe('embedded twin journal', () => {
  const journal = (dir: string) => join(dir, 'journal.log');

  /** Writes through a database left open, as if the process died, and returns the journal bytes. */
  async function crashAfter(dir: string, work: (db: EmbeddedDatabase) => Promise<void>): Promise<Buffer> {
    const db = await openEmbeddedDatabase({ dir });
    await db.createCollection('cases');
    await db.createCollection('outbox');
    await work(db);
    return readFileSync(journal(dir)); // never closed: nothing compacted
  }

  it('recovers acknowledged writes from the journal after a crash', async () => {
    const dir = tempDir('lianxin-journal-');
    await crashAfter(dir, async (db) => {
      await db.collection('cases').add({ _id: 'c1', status: 'submitted' });
      await db.collection('cases').doc('c1').update({ status: 'accepted' });
    });
    const again = await openEmbeddedDatabase({ dir });
    expect((await again.dump()).cases).toEqual([{ _id: 'c1', status: 'accepted' }]);
    await again.close();
  });

  it('keeps a transaction whole or not at all when its record is cut short', async () => {
    const dir = tempDir('lianxin-journal-');
    const bytes = await crashAfter(dir, async (db) => {
      await db.collection('cases').add({ _id: 'c1', status: 'submitted' });
      await db.runTransaction(async (tx) => {
        await tx.collection('cases').doc('c2').set({ status: 'submitted' });
        await tx.collection('outbox').doc('c2-1').set({ status: 'pending' });
      });
    });
    // the disk got only part of the transaction's record
    writeFileSync(journal(dir), bytes.subarray(0, bytes.length - 10));
    const again = await openEmbeddedDatabase({ dir });
    const dump = await again.dump();
    expect(dump.cases).toEqual([{ _id: 'c1', status: 'submitted' }]);
    expect(dump.outbox).toEqual([]);
    await again.close();
  });

  it('refuses to open a journal damaged in the middle, naming the file', async () => {
    const dir = tempDir('lianxin-journal-');
    const bytes = await crashAfter(dir, async (db) => {
      await db.collection('cases').add({ _id: 'c1' });
      await db.collection('cases').add({ _id: 'c2' });
    });
    const damaged = Buffer.from(bytes);
    damaged.fill(0xff, 6, 14); // inside the first record's body
    writeFileSync(journal(dir), damaged);
    await expect(openEmbeddedDatabase({ dir })).rejects.toThrow(/journal\.log is damaged/);
  });

  it('folds the journal into the snapshots once it passes the size set', async () => {
    const dir = tempDir('lianxin-journal-');
    const db = await openEmbeddedDatabase({ dir, compactAt: 4096 });
    await db.createCollection('cases');
    for (let i = 0; i < 50; i++) await db.collection('cases').add({ _id: `c${i}`, text: '路灯坏了'.repeat(20) });
    expect(statSync(journal(dir)).size).toBeLessThan(4096);
    expect(readFileSync(join(dir, 'cases.db'), 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(40);
    await db.close();
  });
});

describe('embedded twin field names', () => {
  it('refuses field names the store cannot keep before anything is journalled', async () => {
    const dir = tempDir('lianxin-keys-');
    const db = await openEmbeddedDatabase({ dir });
    await db.createCollection('things');
    await expect(db.collection('things').add({ 'a.b': 1 })).rejects.toThrow(/a\.b/);
    await expect(
      db
        .collection('things')
        .doc('x')
        .set({ nested: { $bad: 1 } }),
    ).rejects.toThrow(/\$bad/);
    await expect(db.runTransaction(async (tx) => tx.collection('things').doc('y').set({ 'c.d': 1 }))).rejects.toThrow(/c\.d/);
    await db.close();
    const again = await openEmbeddedDatabase({ dir });
    expect((await again.dump()).things).toEqual([]);
    await again.close();
  });
});
