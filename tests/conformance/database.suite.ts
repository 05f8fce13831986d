/**
 * The CloudBase database behaviour Lianxin relies on, written against the interface in
 * types/db.ts. It runs on the embedded twin in `npm test` (embedded.test.ts) and on a real
 * CloudBase environment with `npm run conformance:cloud` (cloud.conformance.ts), so the twin
 * cannot drift from what production does with the same calls.
 */
import type { Database, Doc, ErrorResult } from '../../types/db';

export interface Subject {
  db: Database;
  /** the database's clock, as `serverDate()` reads it: the twin's is set by the test, CloudBase's is its server's */
  now(): number;
  /** a new, empty collection for one test */
  newCollection(): Promise<string>;
  close(): Promise<void>;
}

const isError = (r: unknown): r is ErrorResult => !!r && typeof r === 'object' && typeof (r as ErrorResult).code === 'string';

/** Unwraps a result, failing the test on an error result. */
function ok<T>(r: T | ErrorResult): T {
  if (isError(r)) throw new Error(`database error ${r.code}: ${r.message}`);
  return r;
}

/** The failure of an operation, whether the SDK returns it or throws it. */
async function failure(op: () => Promise<unknown>): Promise<string | null> {
  try {
    const r = await op();
    return isError(r) ? r.code : null;
  } catch (err) {
    return (err as { code?: string }).code ?? 'THROWN';
  }
}

const ids = (docs: Doc[]) => docs.map((d) => d._id).sort();

export function describeDatabaseConformance(label: string, open: () => Promise<Subject>): void {
  describe(`database conformance: ${label}`, () => {
    let s: Subject;
    let db: Database;
    let name: string;
    const col = () => db.collection(name);
    const put = async (docs: Doc[]) => {
      for (const d of docs) ok(await col().add(d));
    };
    const find = async (where: Parameters<ReturnType<typeof col>['where']>[0]) => ids(ok(await col().where(where).get()).data);

    beforeAll(async () => {
      s = await open();
      db = s.db;
    });
    afterAll(() => s.close());
    beforeEach(async () => {
      name = await s.newCollection();
    });

    describe('documents', () => {
      it('reports a collection that was never created as an error', async () => {
        expect(await failure(() => db.collection('never_created_by_anyone').get())).toBe('DATABASE_COLLECTION_NOT_EXIST');
      });

      it('adds a document under a generated id and reads it back by id', async () => {
        const { id } = ok(await col().add({ title: '路灯坏了', n: 1, when: new Date('2026-11-23T01:00:00Z') }));
        expect(typeof id).toBe('string');
        const { data } = ok(await col().doc(id).get());
        expect(data).toEqual([{ _id: id, title: '路灯坏了', n: 1, when: new Date('2026-11-23T01:00:00Z') }]);
      });

      it('adds under a given id and refuses a second document with the same id', async () => {
        expect(ok(await col().add({ _id: 'a1', v: 1 })).id).toBe('a1');
        expect(await failure(() => col().add({ _id: 'a1', v: 2 }))).not.toBeNull();
        expect(ok(await col().doc('a1').get()).data).toEqual([{ _id: 'a1', v: 1 }]);
      });

      it('keeps what was stored when the caller changes the data it wrote or read', async () => {
        const data = { _id: 'k1', tags: ['a'], at: new Date('2026-11-23T01:00:00Z'), inner: { n: 1 } };
        ok(await col().add(data));
        data.tags.push('b');
        data.at.setUTCFullYear(2000);
        data.inner.n = 2;
        const [read] = ok(await col().doc('k1').get()).data as Array<typeof data>;
        read!.tags.push('c');
        read!.inner.n = 3;
        const [listed] = ok(await col().where({ _id: 'k1' }).get()).data as Array<typeof data>;
        listed!.tags.push('d');
        expect(ok(await col().doc('k1').get()).data).toEqual([{ _id: 'k1', tags: ['a'], at: new Date('2026-11-23T01:00:00Z'), inner: { n: 1 } }]);
      });

      it('reads a missing document as an empty list', async () => {
        expect(ok(await col().doc('missing').get()).data).toEqual([]);
      });

      it('set creates a missing document and replaces an existing one whole', async () => {
        ok(
          await col()
            .doc('s1')
            .set({ a: 1, b: { c: 2 } }),
        );
        expect(ok(await col().doc('s1').get()).data).toEqual([{ _id: 's1', a: 1, b: { c: 2 } }]);
        ok(
          await col()
            .doc('s1')
            .set({ b: { d: 3 } }),
        );
        expect(ok(await col().doc('s1').get()).data).toEqual([{ _id: 's1', b: { d: 3 } }]);
      });

      it('refuses set data that carries an _id', async () => {
        expect(await failure(() => col().doc('s2').set({ _id: 'other', a: 1 }))).not.toBeNull();
        expect(ok(await col().doc('s2').get()).data).toEqual([]);
      });

      it('update merges nested objects field by field; command.set replaces a sub-object', async () => {
        const _ = db.command;
        await put([{ _id: 'u1', a: 1, b: { x: 1, y: 2 }, c: { x: 1, y: 2 } }]);
        expect(
          ok(
            await col()
              .doc('u1')
              .update({ a: 2, b: { y: 3 }, c: _.set({ z: 9 }) }),
          ).updated,
        ).toBe(1);
        expect(ok(await col().doc('u1').get()).data).toEqual([{ _id: 'u1', a: 2, b: { x: 1, y: 3 }, c: { z: 9 } }]);
      });

      it('update of a missing document updates nothing and creates nothing', async () => {
        expect(ok(await col().doc('ghost').update({ a: 1 })).updated).toBe(0);
        expect(ok(await col().doc('ghost').get()).data).toEqual([]);
      });

      it('applies inc, push, pull, addToSet and remove', async () => {
        const _ = db.command;
        await put([{ _id: 'm1', n: 1, list: ['a', 'b', 'c', 'b'], set: ['x'], gone: true, keep: 1 }]);
        ok(
          await col()
            .doc('m1')
            .update({ n: _.inc(2), list: _.pull('b'), set: _.addToSet('x'), gone: _.remove() }),
        );
        ok(
          await col()
            .doc('m1')
            .update({ list: _.push(['d', 'e']), set: _.addToSet('y') }),
        );
        ok(
          await col()
            .doc('m1')
            .update({ list: _.pull(_.in(['a', 'e'])) }),
        );
        expect(ok(await col().doc('m1').get()).data).toEqual([{ _id: 'm1', n: 3, list: ['c', 'd'], set: ['x', 'y'], keep: 1 }]);
      });

      it('removes a document by id', async () => {
        await put([{ _id: 'r1' }, { _id: 'r2' }]);
        expect(ok(await col().doc('r1').remove()).deleted).toBe(1);
        expect(ok(await col().doc('r1').remove()).deleted).toBe(0);
        expect(ids(ok(await col().get()).data)).toEqual(['r2']);
      });

      it('stores serverDate as the server time', async () => {
        const before = s.now();
        ok(await col().add({ _id: 'd1', at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) }));
        const [d] = ok(await col().doc('d1').get()).data as Array<{ at: Date; later: Date }>;
        expect(d!.at).toBeInstanceOf(Date);
        expect(Math.abs(d!.at.getTime() - before)).toBeLessThan(5 * 60_000);
        expect(d!.later.getTime() - d!.at.getTime()).toBe(60_000);
      });

      it('hands out copies: changing a result changes nothing stored', async () => {
        await put([{ _id: 'c1', tags: ['a'], o: { k: 1 } }]);
        const [d] = ok(await col().doc('c1').get()).data as Array<{ tags: string[]; o: { k: number } }>;
        d!.tags.push('b');
        d!.o.k = 2;
        expect(ok(await col().doc('c1').get()).data).toEqual([{ _id: 'c1', tags: ['a'], o: { k: 1 } }]);
      });
    });

    describe('queries', () => {
      const people: Doc[] = [
        { _id: 'p1', name: '王', age: 70, town: 'qingshi', tags: ['elder', 'farmer'], org: { township: 'qingshi', village: 'taoyuan' } },
        { _id: 'p2', name: '李', age: 45, town: 'qingshi', tags: ['farmer'], org: { township: 'qingshi', village: 'liuhe' } },
        { _id: 'p3', name: '张', age: 30, town: 'baisha', tags: [], org: { township: 'baisha', village: 'xinhe' }, phone: '139' },
        { _id: 'p4', name: '赵', age: 55, town: 'baisha', tags: ['cadre'], org: { township: 'baisha', village: 'hongxing' } },
      ];
      beforeEach(() => put(people));

      it('matches equality, nested objects as dotted paths, and array elements', async () => {
        expect(await find({ town: 'qingshi' })).toEqual(['p1', 'p2']);
        expect(await find({ org: { village: 'liuhe' } })).toEqual(['p2']);
        expect(await find({ 'org.township': 'baisha' })).toEqual(['p3', 'p4']);
        expect(await find({ tags: 'farmer' })).toEqual(['p1', 'p2']);
        expect(await find({ town: 'qingshi', tags: 'elder' })).toEqual(['p1']);
      });

      it('applies comparison operators', async () => {
        const _ = db.command;
        expect(await find({ age: _.eq(45) })).toEqual(['p2']);
        expect(await find({ town: _.neq('qingshi') })).toEqual(['p3', 'p4']);
        expect(await find({ age: _.lt(45) })).toEqual(['p3']);
        expect(await find({ age: _.lte(45) })).toEqual(['p2', 'p3']);
        expect(await find({ age: _.gt(55) })).toEqual(['p1']);
        expect(await find({ age: _.gte(55) })).toEqual(['p1', 'p4']);
        expect(await find({ _id: _.in(['p1', 'p3', 'nope']) })).toEqual(['p1', 'p3']);
        expect(await find({ tags: _.in(['cadre', 'elder']) })).toEqual(['p1', 'p4']);
        expect(await find({ town: _.nin(['qingshi']) })).toEqual(['p3', 'p4']);
        expect(await find({ phone: _.exists(true) })).toEqual(['p3']);
        expect(await find({ phone: _.exists(false) })).toEqual(['p1', 'p2', 'p4']);
      });

      it('combines conditions within a field and across fields', async () => {
        const _ = db.command;
        expect(await find({ age: _.gt(40).and(_.lt(60)) })).toEqual(['p2', 'p4']);
        expect(await find({ age: _.lt(40).or(_.gt(60)) })).toEqual(['p1', 'p3']);
        expect(await find({ age: _.or(_.lt(40), _.gt(60)) })).toEqual(['p1', 'p3']);
        expect(await find(_.or([{ town: 'baisha', age: _.gt(50) }, { tags: 'elder' }]))).toEqual(['p1', 'p4']);
        expect(await find(_.and([{ town: 'qingshi' }, { age: _.lt(60) }]))).toEqual(['p2']);
        expect(await find(_.and(_.or([{ 'org.village': 'taoyuan' }, { 'org.village': 'xinhe' }]), { age: _.in([30, 45]) }))).toEqual(['p3']);
      });

      it('orders by several fields, skips and limits', async () => {
        const page = async (skip: number, limit: number) =>
          ok(await col().orderBy('town', 'asc').orderBy('age', 'desc').skip(skip).limit(limit).get()).data.map((d) => d._id);
        expect(await page(0, 4)).toEqual(['p4', 'p3', 'p1', 'p2']);
        expect(await page(1, 2)).toEqual(['p3', 'p1']);
        expect(await page(3, 10)).toEqual(['p2']);
      });

      it('projects fields in or out', async () => {
        const [only] = ok(await col().where({ _id: 'p3' }).field({ name: true }).get()).data;
        expect(only).toEqual({ _id: 'p3', name: '张' });
        const [without] = ok(await col().where({ _id: 'p3' }).field({ org: false, tags: false, phone: false }).get()).data;
        expect(without).toEqual({ _id: 'p3', name: '张', age: 30, town: 'baisha' });
        expect(ok(await col().doc('p1').field({ age: true }).get()).data).toEqual([{ _id: 'p1', age: 70 }]);
        expect(ok(await col().where({ town: 'baisha' }).orderBy('age', 'asc').field({ _id: true }).get()).data).toEqual([{ _id: 'p3' }, { _id: 'p4' }]);
        // a field inside an object comes back inside its object; one a record lacks is left out
        const nested = ok(await col().where({ town: 'baisha' }).orderBy('age', 'asc').field({ 'org.village': true, phone: true }).get()).data;
        expect(nested).toEqual([
          { _id: 'p3', org: { village: 'xinhe' }, phone: '139' },
          { _id: 'p4', org: { village: 'hongxing' } },
        ]);
      });

      it('answers copies: changing what a read returned changes nothing stored', async () => {
        const [read] = ok(await col().where({ _id: 'p1' }).field({ tags: true, org: true }).get()).data as Array<{ tags: string[]; org: { village: string } }>;
        read!.tags.push('changed');
        read!.org.village = 'changed';
        const [whole] = ok(await col().where({ _id: 'p1' }).get()).data as Array<{ tags: string[]; org: { village: string } }>;
        whole!.tags.push('changed');
        expect(ok(await col().doc('p1').get()).data).toEqual([people[0]]);
      });

      it('counts what a query matches', async () => {
        const _ = db.command;
        expect(ok(await col().count()).total).toBe(4);
        expect(
          ok(
            await col()
              .where({ age: _.gte(45) })
              .count(),
          ).total,
        ).toBe(3);
      });

      it('updates and removes every document a query matches', async () => {
        const _ = db.command;
        expect(ok(await col().where({ town: 'qingshi' }).update({ flagged: true })).updated).toBe(2);
        expect(await find({ flagged: true })).toEqual(['p1', 'p2']);
        expect(
          ok(
            await col()
              .where({ age: _.lt(50) })
              .remove(),
          ).deleted,
        ).toBe(2);
        expect(ids(ok(await col().get()).data)).toEqual(['p1', 'p4']);
        expect(ok(await col().where({ town: 'nowhere' }).update({ x: 1 })).updated).toBe(0);
      });
    });

    describe('limits', () => {
      it('returns 100 records when no limit is set and up to 1000 when asked', async () => {
        for (let i = 0; i < 150; i++) ok(await col().add({ _id: `n${String(i).padStart(4, '0')}`, i }));
        expect(ok(await col().get()).data).toHaveLength(100);
        expect(ok(await col().limit(1000).get()).data).toHaveLength(150);
        expect(ok(await col().orderBy('i', 'asc').skip(100).limit(1000).get()).data.map((d) => d.i)).toEqual(Array.from({ length: 50 }, (_, k) => k + 100));
      });

      it('pages in _id order by _id > last, seeing what is added or removed between pages', async () => {
        const _ = db.command;
        const id = (k: number) => `k${String(k).padStart(4, '0')}`;
        // added out of order: the order is the ids', not the insertion's
        for (const k of Array.from({ length: 240 }, (_x, i) => (i * 97) % 240)) ok(await col().add({ _id: id(k), k, town: k % 2 ? 'b' : 'a' }));
        const page = async (last: string | null) =>
          ok(
            await col()
              .where(last === null ? { town: 'a' } : { town: 'a', _id: _.gt(last) })
              .orderBy('_id', 'asc')
              .field({ k: true })
              .limit(50)
              .get(),
          ).data;
        const first = await page(null);
        expect(first.map((d) => d._id)).toEqual(Array.from({ length: 50 }, (_x, i) => id(i * 2)));
        expect(first[0]).toEqual({ _id: 'k0000', k: 0 });
        ok(await col().add({ _id: 'k0099a', k: 99.5, town: 'a' })); // after the first page: in the second
        ok(await col().add({ _id: 'k0001a', k: 1.5, town: 'a' })); // before it: not seen again
        ok(await col().doc(id(100)).remove());
        const second = await page(first[first.length - 1]!._id!);
        expect(second.map((d) => d._id)).toEqual(['k0099a', ...Array.from({ length: 49 }, (_x, i) => id(102 + i * 2))]);
      });
    });

    describe('transactions', () => {
      it('resolves with the callback value and commits every write together', async () => {
        await put([{ _id: 't1', n: 1 }]);
        const value = await db.runTransaction(async (tx) => {
          const before = ok(await tx.collection(name).doc('t1').get()).data as { n: number };
          ok(
            await tx
              .collection(name)
              .doc('t1')
              .update({ n: before.n + 1 }),
          );
          ok(await tx.collection(name).doc('t2').set({ n: 10 }));
          return before.n;
        });
        expect(value).toBe(1);
        expect(ok(await col().orderBy('n', 'asc').get()).data).toEqual([
          { _id: 't1', n: 2 },
          { _id: 't2', n: 10 },
        ]);
      });

      it('reads a missing document as null and its own writes back', async () => {
        const seen = await db.runTransaction(async (tx) => {
          const missing = ok(await tx.collection(name).doc('t3').get()).data;
          ok(await tx.collection(name).doc('t3').set({ v: 1 }));
          const after = ok(await tx.collection(name).doc('t3').get()).data as { v: number } | null;
          return { missing, after: after?.v };
        });
        expect(seen).toEqual({ missing: null, after: 1 });
      });

      it('writes nothing when the callback throws, and rejects with its error', async () => {
        await put([{ _id: 't4', n: 1 }]);
        const boom = new Error('boom');
        await expect(
          db.runTransaction(async (tx) => {
            ok(await tx.collection(name).doc('t4').update({ n: 2 }));
            ok(await tx.collection(name).doc('t5').set({ n: 1 }));
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(ok(await col().get()).data).toEqual([{ _id: 't4', n: 1 }]);
      });

      it('writes nothing after rollback, and rejects with the reason', async () => {
        await put([{ _id: 't6', n: 1 }]);
        await expect(
          db.runTransaction(async (tx) => {
            ok(await tx.collection(name).doc('t6').delete());
            await tx.rollback('changed my mind');
          }),
        ).rejects.toBe('changed my mind');
        expect(ok(await col().get()).data).toEqual([{ _id: 't6', n: 1 }]);
      });

      it('loses no update among 50 concurrent read-modify-write transactions', async () => {
        await put([{ _id: 'counter', n: 0 }]);
        const bump = () =>
          db.runTransaction(async (tx) => {
            const c = ok(await tx.collection(name).doc('counter').get()).data as { n: number };
            ok(
              await tx
                .collection(name)
                .doc('counter')
                .update({ n: c.n + 1 }),
            );
          }, 100);
        await Promise.all(Array.from({ length: 50 }, bump));
        expect(ok(await col().doc('counter').get()).data).toEqual([{ _id: 'counter', n: 50 }]);
      });

      it('lets exactly one of 50 concurrent conditional updates on one version win', async () => {
        const _ = db.command;
        await put([{ _id: 'case', version: 0, owner: null }]);
        const results = await Promise.all(
          Array.from({ length: 50 }, (_x, i) =>
            col()
              .where({ _id: 'case', version: 0 })
              .update({ version: _.inc(1), owner: `u${i}` }),
          ),
        );
        expect(results.map((r) => ok(r).updated).reduce((a, b) => a + b, 0)).toBe(1);
        const [doc] = ok(await col().doc('case').get()).data as Array<{ version: number; owner: string }>;
        expect(doc!.version).toBe(1);
        expect(doc!.owner).toMatch(/^u\d+$/);
      });
    });
  });
}
