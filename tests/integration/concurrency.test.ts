/** Concurrent updates to one case are never lost, and a state change happens once. */
import type { CaseRecord } from '../../types/domain';
import { getById } from '../../src/server/store';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { BUILD, FixedClock, MONDAY_9AM, quietLog, REP_LI, submission, WANG } from '../harness';

let rt: LocalRuntime;
beforeEach(async () => {
  rt = await openLocalRuntime({ clock: new FixedClock(MONDAY_9AM), log: quietLog });
});
afterEach(() => rt.close());

async function assignedCase(): Promise<string> {
  const sub = await rt.call('resident', submission(), WANG);
  const id = (sub as { data: { id: string } }).data.id;
  await rt.call('case', { action: 'accept', caseId: id }, REP_LI);
  await rt.call('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  return id;
}

describe('concurrent updates to one case', () => {
  it('keeps all 50 of 50 concurrent notes and replies', async () => {
    const id = await assignedCase();
    await rt.call('case', { action: 'sign', caseId: id }, BUILD);
    const before = (await getById<CaseRecord>(rt.db, 'cases', id))!;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? rt.call('case', { action: 'note', caseId: id, note: `备注${i}` }, REP_LI)
          : rt.call('case', { action: 'reply', caseId: id, reply: `进展${i}` }, BUILD),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(50);
    const after = (await getById<CaseRecord>(rt.db, 'cases', id))!;
    expect(after.version).toBe(before.version + 50);
    const texts = after.events.slice(before.events.length).map((e) => e.note);
    expect(new Set(texts).size).toBe(50);
    expect(new Set(after.events.map((e) => e.id)).size).toBe(after.events.length);
  });

  it('lets exactly one of 50 concurrent conflicting sign-offs through', async () => {
    const id = await assignedCase();
    const results = await Promise.all(Array.from({ length: 50 }, () => rt.call('case', { action: 'sign', caseId: id }, BUILD)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(Array(49).fill('INVALID_STATE'));
    const after = (await getById<CaseRecord>(rt.db, 'cases', id))!;
    expect(after.events.filter((e) => e.action === 'sign')).toHaveLength(1);
  });

  it('writes each notification once when 50 different notes race', async () => {
    const id = await assignedCase();
    await rt.call('case', { action: 'sign', caseId: id }, BUILD);
    await Promise.all(Array.from({ length: 50 }, (_, i) => rt.call('case', { action: 'reply', caseId: id, reply: `第${i}次进展` }, BUILD)));
    await rt.deliver();
    const list = (await rt.call('messages', { action: 'list', pageSize: 50 }, WANG)) as { ok: true; data: { total: number } };
    // accepted + assigned + 50 progress replies
    expect(list.data.total).toBe(52);
  });
});
