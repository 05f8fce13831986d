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

function twin(dir?: string, indexes?: Record<string, IndexSpec[]>) {
  return async (): Promise<Subject> => {
    const db = await openEmbeddedDatabase({ dir, indexes });
    let n = 0;
    return {
      db,
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
  /** what a query for some keys, ordered by `at`, answers: ids in order */
  const asked = async (db: EmbeddedDatabase, keys: string[], direction: 'asc' | 'desc', skip: number, limit: number) =>
    (
      (await db
        .collection('things')
        .where({ keys: db.command.in(keys) })
        .orderBy('at', direction)
        .skip(skip)
        .limit(limit)
        .field({ _id: true, at: true })
        .get()) as { data: Array<{ _id: string; at: number }> }
    ).data;

  it('answers a query for some keys ordered by its second field as a scan and sort does, through writes and a restart', async () => {
    const next = random(7);
    const dir = tempDir('lianxin-compound-');
    const open = () => openEmbeddedDatabase({ dir, indexes: { things: [{ field: 'keys', then: 'at' }] } });
    let indexed = await open();
    const scanned = await openEmbeddedDatabase();
    for (const db of [indexed, scanned]) await db.createCollection('things');
    // every `at` its own, so the order is one; a document under one to three keys
    const ats = Array.from({ length: 400 }, (_, i) => i).sort(() => next() - 0.5);
    const pick = () => [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => KEYS[Math.floor(next() * KEYS.length)]!))];
    for (let i = 0; i < 300; i++) {
      const doc = { keys: pick(), at: ats[i]! };
      for (const db of [indexed, scanned]) await db.collection('things').doc(`d${i}`).set(doc);
    }
    const compare = async () => {
      for (let q = 0; q < 40; q++) {
        const keys = KEYS.filter(() => next() < 0.3);
        const [direction, skip, limit] = [next() < 0.5 ? 'asc' : 'desc', Math.floor(next() * 20), 1 + Math.floor(next() * 40)] as const;
        const want = await asked(scanned, keys, direction, skip, limit);
        expect({ keys, direction, skip, limit, got: await asked(indexed, keys, direction, skip, limit) }).toEqual({ keys, direction, skip, limit, got: want });
      }
    };
    await compare();
    // moved in time, given other keys, removed, added: each list stays in order
    for (let i = 0; i < 120; i++) {
      const id = `d${Math.floor(next() * 300)}`;
      const change = next();
      const patch = change < 0.4 ? { at: ats[300 + (i % 100)]! + 1000 * i } : change < 0.8 ? { keys: pick() } : null;
      for (const db of [indexed, scanned]) {
        if (patch) await db.collection('things').doc(id).update(patch);
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

  it('returns a document under several of the keys asked once, and ties each once', async () => {
    const db = await openEmbeddedDatabase({ indexes: { things: [{ field: 'keys', then: 'at' }] } });
    await db.createCollection('things');
    await db
      .collection('things')
      .doc('both')
      .set({ keys: ['a', 'b'], at: 5 });
    await db
      .collection('things')
      .doc('a-tie')
      .set({ keys: ['a'], at: 5 });
    await db
      .collection('things')
      .doc('b-old')
      .set({ keys: ['b'], at: 1 });
    await db
      .collection('things')
      .doc('other')
      .set({ keys: ['c'], at: 9 });
    const newest = await asked(db, ['a', 'b'], 'desc', 0, 10);
    expect(newest.map((d) => d.at)).toEqual([5, 5, 1]);
    expect(newest.map((d) => d._id).sort()).toEqual(['a-tie', 'b-old', 'both']);
    expect((await asked(db, ['a', 'b'], 'desc', 0, 2)).map((d) => d._id).sort()).toEqual(['a-tie', 'both']);
    expect(await asked(db, ['a', 'b'], 'asc', 2, 10)).toHaveLength(1);
    await db.close();
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
