/**
 * Proposals, the representatives' part, through the `proposal` function: the office's collection
 * window, drafting, co-signing, submitting and withdrawing, and what each refuses, writing nothing.
 */
import { RULES } from '../../config/rules';
import type { ApiResult } from '../../types/api';
import type { Proposal } from '../../types/domain';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { BUILD, FixedClock, MONDAY_9AM, OFFICE, quietLog, REP_LI, REP_ZHANG, submission, SUP_COUNTY, TRANSPORT, WANG, WATER } from '../harness';

let rt: LocalRuntime;
const WORDS = { title: '修缮桃源村机耕道', category: 'road', problem: '机耕道雨后积水，农机下不了田', suggestion: '列入明年村道硬化计划' };

beforeEach(async () => {
  // one co-signer makes either kind ready, so the demo county's two signed-in representatives can try it all
  rt = await openLocalRuntime({
    clock: new FixedClock(MONDAY_9AM),
    log: quietLog,
    rules: { ...RULES, proposals: { ...RULES.proposals, minCosigners: { motion: 1, proposal: 1 } } },
  });
});
afterEach(() => rt.close());

const call = (event: Record<string, unknown>, openid: string | null) => rt.call('proposal', event, openid) as Promise<ApiResult<Proposal>>;
const ok = async (event: Record<string, unknown>, openid: string) => {
  const res = await call(event, openid);
  if (!res.ok) throw new Error(`${String(event.action)}: ${res.error.message}`);
  return res.data;
};
const stored = async () => (await rt.db.dump()).proposals ?? [];

it('drafts a 提案 inside the office’s window, circulates it, takes a co-signature and submits it', async () => {
  expect(await call({ action: 'draft', kind: 'proposal', ...WORDS }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '现在不在提案征集期内，可以先作为提议提出' },
  });
  await ok({ action: 'openWindow', name: '2027年党代会提案征集', from: '2026-11-20', to: '2026-12-20' }, OFFICE);
  // it may cite the cases that prompted it
  const sent = await rt.call('resident', submission(), WANG);
  if (!sent.ok) throw new Error(sent.error.message);
  const caseId = (sent.data as { id: string }).id;
  const p = await ok({ action: 'draft', kind: 'proposal', ...WORDS, caseIds: [caseId] }, REP_LI);
  expect(p.caseIds).toEqual([caseId]);
  expect([p.status, p.window, p.proposerName]).toEqual(['draft', { id: 'qingxi:2026-11-20', from: '2026-11-20', to: '2026-12-20' }, '李秀英']);
  // a draft is the proposer's alone
  expect(await call({ action: 'detail', proposalId: p._id }, REP_ZHANG)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect((await ok({ action: 'detail', proposalId: p._id }, REP_LI)) as unknown as { actions: string[] }).toMatchObject({
    actions: ['edit', 'circulate', 'withdraw'],
  });

  await ok({ action: 'circulate', proposalId: p._id }, REP_LI);
  const desk = (await ok({ action: 'desk' }, REP_ZHANG)) as unknown as { window: { name: string }; circulating: Proposal[] };
  expect([desk.window.name, desk.circulating.map((c) => c._id)]).toEqual(['2027年党代会提案征集', [p._id]]);
  // the proposer may not co-sign their own; a co-signer signs once
  expect(await call({ action: 'cosign', proposalId: p._id }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: '不能附议自己的提案' },
  });
  const signed = await ok({ action: 'cosign', proposalId: p._id }, REP_ZHANG);
  expect(signed.cosigners.map((c) => c.name)).toEqual(['张建国']);
  expect(await call({ action: 'cosign', proposalId: p._id }, REP_ZHANG)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: '您已经附议过了' },
  });
  // only the proposer submits
  expect(await call({ action: 'submit', proposalId: p._id }, REP_ZHANG)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const submitted = await ok({ action: 'submit', proposalId: p._id }, REP_LI);
  expect([submitted.status, submitted.submittedAt, submitted.events.map((e) => e.action)]).toEqual([
    'submitted',
    MONDAY_9AM,
    ['edit', 'circulate', 'cosign', 'submit'],
  ]);
  // submitted, it is no longer the proposer's to edit
  expect(await call({ action: 'edit', proposalId: p._id, ...WORDS, title: '改个标题' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  // the office reads it; a unit's handler has no part in it
  expect(await ok({ action: 'detail', proposalId: p._id }, OFFICE)).toMatchObject({ status: 'submitted' });
  expect(await call({ action: 'detail', proposalId: p._id }, BUILD)).toMatchObject({ ok: false });
});

it('submits a 提议 at any time once co-signed, and lets the proposer withdraw it before review', async () => {
  const p = await ok({ action: 'draft', kind: 'motion', ...WORDS }, REP_LI);
  expect(await ok({ action: 'edit', proposalId: p._id, ...WORDS, title: '硬化桃源村机耕道' }, REP_LI)).toMatchObject({ title: '硬化桃源村机耕道', version: 2 });
  expect(await call({ action: 'submit', proposalId: p._id }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: '提议需要至少1位代表附议，现在有0位' },
  });
  await ok({ action: 'circulate', proposalId: p._id }, REP_LI);
  await ok({ action: 'cosign', proposalId: p._id }, REP_ZHANG);
  await ok({ action: 'submit', proposalId: p._id }, REP_LI);
  expect(await ok({ action: 'withdraw', proposalId: p._id }, REP_LI)).toMatchObject({ status: 'withdrawn' });
});

it('refuses words that do not pass the content check, a case that is not found, and a resident, writing nothing', async () => {
  expect(await call({ action: 'draft', kind: 'motion', ...WORDS, suggestion: '建议开展网络赌博' }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '内容没有通过微信的内容安全检查，请修改后再提交' },
  });
  expect(await call({ action: 'draft', kind: 'motion', ...WORDS, caseIds: ['c-nowhere'] }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '所引的事项有的找不到' },
  });
  expect(await call({ action: 'draft', kind: 'motion', ...WORDS }, WANG)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await call({ action: 'openWindow', name: '征集', from: '2026-11-20', to: '2026-12-20' }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  expect(await call({ action: 'openWindow', name: '征集', from: '2026-12-20', to: '2026-11-20' }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });
  expect(await stored()).toEqual([]);
});

it('takes each co-signature once when representatives sign at the same moment', async () => {
  const p = await ok({ action: 'draft', kind: 'motion', ...WORDS }, REP_LI);
  await ok({ action: 'circulate', proposalId: p._id }, REP_LI);
  const tries = await Promise.all(Array.from({ length: 5 }, () => call({ action: 'cosign', proposalId: p._id }, REP_ZHANG)));
  expect(tries.filter((t) => t.ok)).toHaveLength(1);
  expect(((await stored())[0] as unknown as Proposal).cosigners).toHaveLength(1);
});

it('lets the office review what was submitted: 立案, 并案 into another, or 不予立案 with a reason', async () => {
  const submitted = async (title: string) => {
    const p = await ok({ action: 'draft', kind: 'motion', ...WORDS, title }, REP_LI);
    await ok({ action: 'circulate', proposalId: p._id }, REP_LI);
    await ok({ action: 'cosign', proposalId: p._id }, REP_ZHANG);
    return ok({ action: 'submit', proposalId: p._id }, REP_LI);
  };
  const [first, second, third] = [await submitted('修缮机耕道'), await submitted('机耕道排水'), await submitted('村口装路灯')];
  const draft = await ok({ action: 'draft', kind: 'motion', ...WORDS, title: '还在起草' }, REP_LI);
  // the office's list: what was submitted, never a draft
  expect(((await ok({ action: 'county' }, OFFICE)) as unknown as Proposal[]).map((p) => p.title).sort()).toEqual(
    ['机耕道排水', '村口装路灯', '修缮机耕道'].sort(),
  );
  // only the office reviews
  expect(await call({ action: 'register', proposalId: first._id }, REP_ZHANG)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await ok({ action: 'register', proposalId: first._id }, OFFICE)).toMatchObject({
    status: 'registered',
    review: { decision: 'register', byName: '马丽' },
  });
  // joined to the first; not into a draft, nor into itself
  expect(await call({ action: 'merge', proposalId: second._id, intoId: draft._id }, OFFICE)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await call({ action: 'merge', proposalId: second._id, intoId: second._id }, OFFICE)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await ok({ action: 'merge', proposalId: second._id, intoId: first._id }, OFFICE)).toMatchObject({
    status: 'merged',
    review: { decision: 'merge', intoId: first._id },
    events: expect.arrayContaining([expect.objectContaining({ action: 'merge', note: '并入「修缮机耕道」' })]),
  });
  expect(await call({ action: 'decline', proposalId: third._id, reason: '' }, OFFICE)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await ok({ action: 'decline', proposalId: third._id, reason: '已列入今年村级项目，无需立案' }, OFFICE)).toMatchObject({
    status: 'declined',
    review: { reason: '已列入今年村级项目，无需立案' },
  });
  // reviewed once: a second review is refused, and the proposer can no longer withdraw it
  expect(await call({ action: 'decline', proposalId: first._id, reason: '重复' }, OFFICE)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  expect(await call({ action: 'withdraw', proposalId: first._id }, REP_LI)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
});

it('is handled by the units the office names, replied in a class, rated by the proposer, and goes round once more after 不满意', async () => {
  const p = await ok({ action: 'draft', kind: 'motion', ...WORDS }, REP_LI);
  await ok({ action: 'circulate', proposalId: p._id }, REP_LI);
  await ok({ action: 'cosign', proposalId: p._id }, REP_ZHANG);
  await ok({ action: 'submit', proposalId: p._id }, REP_LI);
  await ok({ action: 'register', proposalId: p._id }, OFFICE);
  // a unit of the county, and not the lead twice
  expect(await call({ action: 'assign', proposalId: p._id, leadUnitId: 'no-such-unit' }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });
  expect(await call({ action: 'assign', proposalId: p._id, leadUnitId: 'county-transport', coUnitIds: ['county-transport'] }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });
  const assigned = await ok({ action: 'assign', proposalId: p._id, leadUnitId: 'county-transport', coUnitIds: ['county-water'] }, OFFICE);
  // three months from Monday 23 November 2026
  expect(assigned.handling).toMatchObject({ leadUnitName: '县交通运输局', coUnitNames: ['县水利局'], dueDate: '2027-02-23' });
  // the co-unit reads it but does not reply; a county leader presses
  expect(await ok({ action: 'detail', proposalId: p._id }, WATER)).toMatchObject({ status: 'handling' });
  expect(await call({ action: 'reply', proposalId: p._id, replyClass: 'A', text: '已解决' }, WATER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  await ok({ action: 'supervise', proposalId: p._id, note: '请在春耕前答复' }, SUP_COUNTY);
  expect(await call({ action: 'reply', proposalId: p._id, replyClass: 'D', text: '已解决' }, TRANSPORT)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });
  const replied = await ok({ action: 'reply', proposalId: p._id, replyClass: 'B', text: '已列入明年计划，春耕前完成排水沟' }, TRANSPORT);
  expect([replied.status, replied.reply?.replyClass, replied.reply?.byName]).toEqual(['replied', 'B', '郑伟']);
  // only the proposer rates; 不满意 sends it back once
  expect(await call({ action: 'rate', proposalId: p._id, rating: 'satisfied' }, REP_ZHANG)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const back = await ok({ action: 'rate', proposalId: p._id, rating: 'dissatisfied' }, REP_LI);
  expect([back.status, back.rounds, back.reply, back.rating]).toEqual(['handling', 1, null, null]);
  await ok({ action: 'reply', proposalId: p._id, replyClass: 'A', text: '排水沟已修好' }, TRANSPORT);
  const closed = await ok({ action: 'rate', proposalId: p._id, rating: 'dissatisfied' }, REP_LI);
  expect([closed.status, closed.rating, closed.events.map((e) => e.action)]).toEqual([
    'closed',
    'dissatisfied',
    ['edit', 'circulate', 'cosign', 'submit', 'register', 'assign', 'supervise', 'reply', 'rate', 'reply', 'rate'],
  ]);
});
