/** What each case adds to its day's rollup, and how a change moves it (src/domain/rollups.ts). */
import { caseContribution, revised, rollupsOf, type Rollup } from '../../src/domain/rollups';
import { makeCase } from '../fixtures';

const SENT = Date.parse('2026-11-20T22:30:00+08:00');
const countsOf = (doc: Rollup) => doc.cells.map((c) => Object.fromEntries(c.counts));

it('counts a held request only once it is released, on the day it was sent in Shanghai', () => {
  expect(caseContribution(makeCase({ status: 'held', heldAt: SENT, createdAt: SENT }))).toBeNull();
  expect(caseContribution(makeCase({ status: 'withdrawn', heldAt: SENT, createdAt: SENT }))).toBeNull();
  // 22:30 in Shanghai on the 20th is 14:30 UTC: the 20th, not the 21st
  expect(caseContribution(makeCase({ status: 'submitted', createdAt: SENT }))?.day).toBe('2026-11-20');
});

it('moves a case from one cell to another when it is routed to a unit, leaving nothing behind', () => {
  const before = makeCase({ status: 'accepted', createdAt: SENT, unitId: null, level: 'township', respondedAt: SENT + 3600_000 });
  const after = { ...before, status: 'assigned' as const, unitId: 'qingxi:build.dept', dueAt: SENT + 10 * 86_400_000 };
  const once = revised(null, 'qingxi', 'cells', null, caseContribution(before));
  expect(once.cells).toHaveLength(1);
  const moved = revised(once, 'qingxi', 'cells', caseContribution(before), caseContribution(after));
  expect(moved.cells.map((c) => c.unitId)).toEqual(['qingxi:build.dept']);
  expect(countsOf(moved)[0]).toMatchObject({ collected: 1, open: 1, 'answeredOn:2026-11-20': 1, [`unitDueAt:${after.dueAt}`]: 1 });
  // the stored document names ids only in values: no field name carries a dot
  const keys = (v: unknown): string[] => (v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : []);
  expect(keys(moved).filter((k) => k.includes('.'))).toEqual([]);
  // taken off again, the day is empty
  expect(revised(moved, 'qingxi', 'cells', caseContribution(after), null).cells).toEqual([]);
});

it('builds from scratch what one change at a time builds', () => {
  const a = makeCase({ _id: 'a', status: 'closed', outcome: 'resolved', rating: 'satisfied', createdAt: SENT, unitId: 'u1', superviseCount: 2 });
  const b = makeCase({ _id: 'b', status: 'handling', createdAt: SENT, unitId: 'u1', overdue: true, overdueUnitIds: ['u1'] });
  const c = makeCase({ _id: 'c', status: 'replied', outcome: 'explained', createdAt: SENT, unitId: 'u2', returnedUnitIds: ['u1'] });
  let doc: Rollup | null = null;
  for (const x of [a, b, c]) doc = revised(doc, 'qingxi', 'cells', null, caseContribution(x));
  const [scratch] = rollupsOf('qingxi', [c, a, b], []);
  const normal = (d: Rollup) => [...d.cells].map((cell) => JSON.stringify(cell)).sort();
  expect(normal(doc!)).toEqual(normal(scratch!));
  expect(countsOf(scratch!).reduce((n, c) => n + (c.collected ?? 0), 0)).toBe(3);
});
