/**
 * Proposals, the representatives' part, through the `proposal` function: the office's collection
 * window, drafting, co-signing, submitting and withdrawing, and what each refuses, writing nothing.
 */
import { RULES } from '../../config/rules';
import type { ApiResult } from '../../types/api';
import ExcelJS from 'exceljs';
import type { Page } from '../../types/api';
import type { CaseRecord, OutboxEntry, Proposal } from '../../types/domain';
import type { ProposalFigures } from '../../src/domain/proposals';
import type { PublicProposal } from '../../src/server/usecases/proposals';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import type { ProposalDetail } from '../../src/server/usecases/proposals';
import { keptPhotoPath } from '../../src/server/usecases/photos';
import { checked } from '../../src/server/store';
import {
  BUILD,
  FixedClock,
  MONDAY_9AM,
  OFFICE,
  quietLog,
  REP_LI,
  REP_ZHANG,
  startHarness,
  submission,
  SUP_COUNTY,
  tempDir,
  TRANSPORT,
  uploadedPhoto,
  WANG,
  WATER,
} from '../harness';

let rt: LocalRuntime;
let clock: FixedClock;
const DAY = 86_400_000;
const WORDS = { title: '修缮桃源村机耕道', category: 'road', problem: '机耕道雨后积水，农机下不了田', suggestion: '列入明年村道硬化计划' };

beforeEach(async () => {
  // one co-signer makes either kind ready, so the demo county's two signed-in representatives can try it all
  clock = new FixedClock(MONDAY_9AM);
  rt = await openLocalRuntime({
    clock,
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

it('lets the office set how many co-signers each kind needs in its county, and holds submitting to it', async () => {
  const p = await ok({ action: 'draft', kind: 'motion', ...WORDS }, REP_LI);
  await ok({ action: 'circulate', proposalId: p._id }, REP_LI);
  await ok({ action: 'cosign', proposalId: p._id }, REP_ZHANG);
  // only the office sets it, and only in whole numbers
  expect(await call({ action: 'cosigners', motion: 0, proposal: 0 }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await call({ action: 'cosigners', motion: 1.5, proposal: 3 }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '填写有误：提议的附议人数须为整数' },
  });
  expect(await ok({ action: 'cosigners', motion: 2, proposal: 3 }, OFFICE)).toEqual({ motion: 2, proposal: 3 });
  expect((await ok({ action: 'county' }, OFFICE)) as unknown as { minCosigners: unknown }).toMatchObject({ minCosigners: { motion: 2, proposal: 3 } });
  // the proposal's page says what it needs, and it cannot be submitted with one
  expect(await ok({ action: 'detail', proposalId: p._id }, REP_LI)).toMatchObject({
    terms: { minCosigners: 2, handlingMonths: 3, maxRounds: 1 },
    actions: ['edit', 'withdraw'],
  });
  expect(await call({ action: 'submit', proposalId: p._id }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: '提议需要至少2位代表附议，现在有1位' },
  });
  // set back to one, it goes
  await ok({ action: 'cosigners', motion: 1, proposal: 3 }, OFFICE);
  expect(await ok({ action: 'submit', proposalId: p._id }, REP_LI)).toMatchObject({ status: 'submitted' });
});

it('keeps the county’s collection windows apart, and lists them newest first', async () => {
  await ok({ action: 'openWindow', name: '2026年党代会提案征集', from: '2026-03-01', to: '2026-12-31' }, OFFICE);
  expect(await call({ action: 'openWindow', name: '2027年党代会提案征集', from: '2026-11-20', to: '2027-01-20' }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '这段日期和「2026年党代会提案征集」（2026-03-01 至 2026-12-31）重叠了' },
  });
  // the open window itself is changed: its end moves
  await ok({ action: 'openWindow', name: '2026年党代会提案征集', from: '2026-03-01', to: '2026-11-30' }, OFFICE);
  await ok({ action: 'openWindow', name: '2027年党代会提案征集', from: '2026-12-01', to: '2027-01-20' }, OFFICE);
  const { windows } = (await ok({ action: 'county' }, OFFICE)) as unknown as { windows: Array<{ name: string; from: string; to: string }> };
  expect(windows.map((w) => [w.name, w.from, w.to])).toEqual([
    ['2027年党代会提案征集', '2026-12-01', '2027-01-20'],
    ['2026年党代会提案征集', '2026-03-01', '2026-11-30'],
  ]);
});

it('gives a round after 不满意 a month when the first due day is close, so the unit is not pressed at once', async () => {
  const p = await submitted('机耕道排水');
  await ok({ action: 'register', proposalId: p._id }, OFFICE);
  await ok({ action: 'assign', proposalId: p._id, leadUnitId: 'county-transport' }, OFFICE);
  // answered three days before the due day (2027-02-23), rated 不满意 the day before it
  clock.advance(89 * DAY);
  await ok({ action: 'reply', proposalId: p._id, replyClass: 'B', text: '已列入计划' }, TRANSPORT);
  clock.advance(2 * DAY);
  const back = await ok({ action: 'rate', proposalId: p._id, rating: 'dissatisfied' }, REP_LI);
  expect([back.status, back.handling?.dueDate, back.handling?.overdue]).toEqual(['handling', '2027-03-22', false]);
  // the on-time figure still reads the first reply
  expect(back.handling?.firstReplyAt).toBe(MONDAY_9AM + 89 * DAY);
});

it('circulates changed words again: an edit takes away the co-signatures given to the old ones', async () => {
  const p = await ok({ action: 'draft', kind: 'motion', ...WORDS }, REP_LI);
  await ok({ action: 'circulate', proposalId: p._id }, REP_LI);
  await ok({ action: 'cosign', proposalId: p._id }, REP_ZHANG);
  const edited = await ok({ action: 'edit', proposalId: p._id, ...WORDS, suggestion: '改为建设新的排灌站' }, REP_LI);
  expect([edited.status, edited.cosigners]).toEqual(['cosigning', []]);
  expect(await call({ action: 'submit', proposalId: p._id }, REP_LI)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  // signed again, it goes
  await ok({ action: 'cosign', proposalId: p._id }, REP_ZHANG);
  expect(await ok({ action: 'submit', proposalId: p._id }, REP_LI)).toMatchObject({ status: 'submitted' });
});

it('holds a 提案 to the window as the office last set it: extended, a draft goes in; shortened, it does not', async () => {
  await ok({ action: 'openWindow', name: '2027年党代会提案征集', from: '2026-11-20', to: '2026-11-30' }, OFFICE);
  const ready = async () => {
    const p = await ok({ action: 'draft', kind: 'proposal', ...WORDS }, REP_LI);
    await ok({ action: 'circulate', proposalId: p._id }, REP_LI);
    await ok({ action: 'cosign', proposalId: p._id }, REP_ZHANG);
    return p._id;
  };
  const [first, second] = [await ready(), await ready()];
  // shortened to 25 November: on the 27th the second does not go in
  await ok({ action: 'openWindow', name: '2027年党代会提案征集', from: '2026-11-20', to: '2026-11-25' }, OFFICE);
  clock.advance(4 * DAY);
  expect(await call({ action: 'submit', proposalId: second }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: '不在提案征集期内，可以作为提议提交' },
  });
  // extended to 20 December: on 10 December the first does
  await ok({ action: 'openWindow', name: '2027年党代会提案征集', from: '2026-11-20', to: '2026-12-20' }, OFFICE);
  clock.advance(13 * DAY);
  expect(await ok({ action: 'submit', proposalId: first }, REP_LI)).toMatchObject({ status: 'submitted' });
});

it('opens one of two overlapping windows sent at the same moment', async () => {
  const tries = await Promise.all([
    call({ action: 'openWindow', name: '甲', from: '2026-11-20', to: '2026-12-20' }, OFFICE),
    call({ action: 'openWindow', name: '乙', from: '2026-12-01', to: '2027-01-20' }, OFFICE),
  ]);
  expect(tries.filter((t) => t.ok)).toHaveLength(1);
  expect((await rt.db.dump()).proposalWindows).toHaveLength(1);
});

it('merges one of two proposals merged into each other at the same moment, and leaves the other standing', async () => {
  const [a, b] = [await submitted('修缮机耕道'), await submitted('机耕道排水')];
  const tries = await Promise.all([
    call({ action: 'merge', proposalId: a._id, intoId: b._id }, OFFICE),
    call({ action: 'merge', proposalId: b._id, intoId: a._id }, OFFICE),
  ]);
  expect(tries.filter((t) => t.ok)).toHaveLength(1);
  const statuses = ((await stored()) as unknown as Proposal[]).map((p) => p.status).sort();
  expect(statuses).toEqual(['merged', 'submitted']);
  const standing = ((await stored()) as unknown as Proposal[]).find((p) => p.status === 'submitted')!;
  expect(standing.joined).toEqual([{ id: expect.not.stringMatching(standing._id), proposerId: 'rep-1' }]);
});

it('leaves no case behind when 转作意见建议 and 不予立案 are sent at the same moment', async () => {
  for (let i = 0; i < 4; i++) {
    const p = await submitted(`村口装路灯${i}`);
    const [converted, declined] = await Promise.all([
      call({ action: 'convert', proposalId: p._id }, OFFICE),
      call({ action: 'decline', proposalId: p._id, reason: '不属于党代会提案范围' }, OFFICE),
    ]);
    // one wins; a case exists exactly when the conversion did
    expect([converted.ok, declined.ok].filter(Boolean)).toHaveLength(1);
    const cases = ((await rt.db.dump()).cases ?? []).filter((c) => (c as unknown as CaseRecord).proposalId === p._id);
    expect(cases).toHaveLength(converted.ok ? 1 : 0);
  }
});

it('takes each co-signature once when representatives sign at the same moment', async () => {
  const p = await ok({ action: 'draft', kind: 'motion', ...WORDS }, REP_LI);
  await ok({ action: 'circulate', proposalId: p._id }, REP_LI);
  const tries = await Promise.all(Array.from({ length: 5 }, () => call({ action: 'cosign', proposalId: p._id }, REP_ZHANG)));
  expect(tries.filter((t) => t.ok)).toHaveLength(1);
  expect(((await stored())[0] as unknown as Proposal).cosigners).toHaveLength(1);
});

/** A 提议 of 李秀英's, co-signed by 张建国 and submitted. */
const submitted = async (title: string) => {
  const p = await ok({ action: 'draft', kind: 'motion', ...WORDS, title }, REP_LI);
  await ok({ action: 'circulate', proposalId: p._id }, REP_LI);
  await ok({ action: 'cosign', proposalId: p._id }, REP_ZHANG);
  return ok({ action: 'submit', proposalId: p._id }, REP_LI);
};

it('lets the office review what was submitted: 立案, 并案 into another, or 不予立案 with a reason', async () => {
  const [first, second, third] = [await submitted('修缮机耕道'), await submitted('机耕道排水'), await submitted('村口装路灯')];
  const draft = await ok({ action: 'draft', kind: 'motion', ...WORDS, title: '还在起草' }, REP_LI);
  // the office's list: what was submitted, never a draft
  expect(((await ok({ action: 'county' }, OFFICE)) as unknown as { proposals: Proposal[] }).proposals.map((p) => p.title).sort()).toEqual(
    ['机耕道排水', '村口装路灯', '修缮机耕道'].sort(),
  );
  // with the county's units, for the office to assign them to
  const { units } = (await ok({ action: 'county' }, OFFICE)) as unknown as { units: Array<{ id: string; name: string; level: string }> };
  expect(units).toEqual(expect.arrayContaining([{ id: 'county-transport', name: '县交通运输局', level: 'county' }]));
  expect(units.every((u) => u.id && u.name)).toBe(true);
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

it('lets the committee the office names review with it, never a member on their own proposal, and refuses a non-member', async () => {
  const p = await submitted('修缮机耕道');
  // not on the committee: no review, no list
  expect(await call({ action: 'register', proposalId: p._id }, REP_ZHANG)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await call({ action: 'county' }, REP_ZHANG)).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN', message: '只有联系群众工作办公室和审查委员可以审查提案、提议' },
  });
  // the office names its members: representatives of its county in office only
  expect(await call({ action: 'committee', representativeIds: ['rep-nowhere'] }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: '审查委员须是本县在任的党代表' },
  });
  expect(await call({ action: 'committee', representativeIds: ['rep-2'] }, REP_ZHANG)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await ok({ action: 'committee', representativeIds: ['rep-2', 'rep-1'] }, OFFICE)).toEqual({
    members: [
      { id: 'rep-2', name: '张建国' },
      { id: 'rep-1', name: '李秀英' },
    ],
  });
  // a member reviews the others' proposals from the same list as the office, but not their own
  const list = (await ok({ action: 'county' }, REP_ZHANG)) as unknown as { proposals: Proposal[]; committee: { members: unknown[] } };
  expect([list.proposals.map((x) => x._id), list.committee.members.length]).toEqual([[p._id], 2]);
  expect(await call({ action: 'register', proposalId: p._id }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await ok({ action: 'register', proposalId: p._id }, REP_ZHANG)).toMatchObject({
    status: 'registered',
    review: { decision: 'register', byName: '张建国' },
  });
  // assigning units stays the office's
  expect(await call({ action: 'assign', proposalId: p._id, leadUnitId: 'county-transport' }, REP_ZHANG)).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
});

it('转作意见建议 makes one case routed like any request, followed by the proposer, however often it is converted', async () => {
  const p = await submitted('村口装路灯');
  const tries = await Promise.all([OFFICE, OFFICE, OFFICE].map((who) => call({ action: 'convert', proposalId: p._id }, who)));
  expect(tries.filter((t) => t.ok)).toHaveLength(1);
  const converted = (tries.find((t) => t.ok) as { data: Proposal }).data;
  const cases = (await rt.db.dump()).cases ?? [];
  expect(cases).toHaveLength(1);
  const made = cases[0] as unknown as CaseRecord;
  expect([converted.status, converted.review?.decision, converted.review?.caseId]).toEqual(['converted', 'convert', made._id]);
  expect(converted.events.at(-1)?.note).toBe(`转作意见建议，事项编号${made.no}`);
  // accepted as made, in the proposer's village, waiting to be assigned; the proposer stands in for a resident
  expect([made.status, made.proposalId, made.representativeName, made.villageId, made.category, made.resident.openid]).toEqual([
    'accepted',
    p._id,
    '李秀英',
    'taoyuan',
    'road',
    `entered:${made._id}`,
  ]);
  expect(made.description).toBe('村口装路灯。机耕道雨后积水，农机下不了田\n建议：列入明年村道硬化计划');
  const view = await rt.call('case', { action: 'detail', caseId: made._id }, REP_LI);
  expect(view).toMatchObject({ ok: true, data: { status: 'accepted', actions: expect.arrayContaining(['assign']) } });
  expect(await call({ action: 'convert', proposalId: p._id }, OFFICE)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
});

it('is handled by the units the office names, replied in a class, rated by the proposer, and goes round once more after 不满意', async () => {
  // with a photo (no uploads folder here: any well-formed upload counts as the caller's own)
  const p = await ok({ action: 'draft', kind: 'motion', ...WORDS, photos: ['/uploads/0123456789abcdef0123456789abcdef.jpg'] }, REP_LI);
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
  // the lead unit, the co-unit and the county's leaders find it in their lists; a representative has no such list
  for (const who of [TRANSPORT, WATER, SUP_COUNTY])
    expect(((await ok({ action: 'assigned' }, who)) as unknown as Proposal[]).map((x) => x._id)).toEqual([p._id]);
  expect(await ok({ action: 'assigned' }, BUILD)).toEqual([]);
  expect(await call({ action: 'assigned' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
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
  // sent back well before the due day, the round keeps it (2027-02-23)
  expect(back.handling).toMatchObject({ dueDate: '2027-02-23', overdue: false });
  await ok({ action: 'reply', proposalId: p._id, replyClass: 'A', text: '排水沟已修好' }, TRANSPORT);
  const closed = await ok({ action: 'rate', proposalId: p._id, rating: 'dissatisfied' }, REP_LI);
  // who acted is shown by name: no list or page carries a WeChat identity (the office's, a handler's, a representative's)
  const seen = [
    await ok({ action: 'detail', proposalId: p._id }, REP_ZHANG),
    await ok({ action: 'county' }, OFFICE),
    await ok({ action: 'assigned' }, TRANSPORT),
    await ok({ action: 'desk' }, REP_LI),
  ];
  for (const openid of [OFFICE, TRANSPORT, REP_LI, REP_ZHANG, SUP_COUNTY]) expect(JSON.stringify(seen)).not.toContain(openid);
  expect(await ok({ action: 'detail', proposalId: p._id }, REP_LI)).toMatchObject({ review: { decision: 'register', byName: '马丽' } });
  expect([closed.status, closed.rating, closed.events.map((e) => e.action)]).toEqual([
    'closed',
    'dissatisfied',
    ['edit', 'circulate', 'cosign', 'submit', 'register', 'assign', 'supervise', 'reply', 'rate', 'reply', 'rate'],
  ]);

  // answered, it is public from the villages' boards: its words and reply, never its photos, the cases it cited nor who handled it inside
  const published = (await ok({ action: 'published', villageId: 'taoyuan', page: 1, pageSize: 10 }, WANG)) as unknown as Page<PublicProposal>;
  expect(published.items).toEqual([
    {
      id: p._id,
      kindText: '提议',
      title: WORDS.title,
      categoryName: '道路交通',
      problem: WORDS.problem,
      suggestion: WORDS.suggestion,
      proposerName: '李秀英',
      cosignerNames: ['张建国'],
      submittedOn: '2026-11-23',
      leadUnitName: '县交通运输局',
      coUnitNames: ['县水利局'],
      replyClass: 'A',
      replyClassText: '已解决或采纳',
      reply: '排水沟已修好',
      repliedOn: '2026-11-23',
      ratingText: '不满意',
    },
  ]);
  // the office's figures: answered on time, class A standing, the proposer not satisfied
  const figures = (await ok({ action: 'figures', from: '2026-11-01', to: '2026-11-30' }, OFFICE)) as unknown as ProposalFigures;
  expect([figures.total.assigned, figures.total.onTime.percent, figures.total.classes, figures.total.satisfaction.percent]).toEqual([
    1,
    100,
    { A: 1, B: 0, C: 0 },
    0,
  ]);
  expect(figures.byUnit.map((r) => r.name)).toEqual(['县交通运输局']);
  expect(await call({ action: 'figures', from: '2026-11-01', to: '2026-11-30' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  // 提案汇编: the proposal with its reply, and the figures by category and by unit
  const file = (await ok({ action: 'compilation', from: '2026-11-01', to: '2026-11-30' }, OFFICE)) as unknown as { fileId: string; fileName: string };
  expect(file.fileName).toBe('提案汇编_2026-11-01_2026-11-30.xlsx');
  const book = new ExcelJS.Workbook();
  const content = (await rt.timerCtx().platform.readFile(file.fileId))!;
  await book.xlsx.load(content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer);
  const row = (book.getWorksheet('提案汇编')!.getRow(2).values as unknown[]).slice(1);
  expect([row[0], row[1], row[2], row[4], row[5], row[9], row[10], row[14], row[15], row[16]]).toEqual([
    1,
    '提议',
    WORDS.title,
    '李秀英',
    '张建国',
    '已办结',
    '县交通运输局',
    'A类',
    '排水沟已修好',
    '不满意',
  ]);
  expect(book.worksheets.map((w) => w.name)).toEqual(['提案汇编', '按类别', '按承办单位']);
});

it('numbers it when submitted, tells each party as it moves, and the remind timer presses the lead unit before and after the due day', async () => {
  const p = await submitted('修缮机耕道');
  expect(p.no).toBe('2026-001');
  expect((await submitted('村口装路灯')).no).toBe('2026-002');
  await ok({ action: 'register', proposalId: p._id }, OFFICE);
  await ok({ action: 'assign', proposalId: p._id, leadUnitId: 'county-transport', coUnitIds: ['county-water'] }, OFFICE);
  const entries = async () => ((await rt.db.dump()).outbox ?? []) as unknown as OutboxEntry[];
  const told = async () =>
    (await entries())
      .filter((e) => e.caseId === p._id)
      .sort((x, y) => x.createdAt - y.createdAt || x._id.localeCompare(y._id))
      .map((e) => [e.kind, 'key' in e.to ? e.to.key : '', e.caseNo]);
  expect(await told()).toEqual([
    ['proposal_submitted', 'office:qingxi', '2026-001'],
    ['proposal_reviewed', 'representative:qingxi:rep-1', '2026-001'],
    ['proposal_assigned', 'handler:qingxi:county-transport', '2026-001'],
    ['proposal_assigned', 'handler:qingxi:county-water', '2026-001'],
  ]);
  // due 2027-02-23: reminded 15 and 3 days before, at nine; the day after, overdue, to the unit, the office and the county's leaders
  const at = (iso: string) => Date.parse(`${iso}+08:00`);
  const run = async (iso: string) => {
    clock.t = at(iso);
    const res = await rt.runTimer('remind');
    if (!res.ok) throw new Error(res.error.message);
    return (await told()).slice(4);
  };
  expect(await run('2027-02-08T08:59')).toEqual([]);
  expect(await run('2027-02-08T09:00')).toEqual([['proposal_reminder', 'handler:qingxi:county-transport', '2026-001']]);
  expect(await run('2027-02-08T09:01')).toHaveLength(1);
  expect(await run('2027-02-20T09:00')).toHaveLength(2);
  const overdue = await run('2027-02-24T09:00');
  expect(overdue.slice(2).map((e) => [e[0], e[1]])).toEqual([
    ['proposal_overdue', 'handler:qingxi:county-transport'],
    ['proposal_overdue', 'office:qingxi'],
    ['proposal_overdue', 'supervisor:qingxi:county'],
  ]);
  expect((await ok({ action: 'detail', proposalId: p._id }, OFFICE)).handling?.overdue).toBe(true);
  // pressed again a week on, once however often the timer runs; answered, the clock stops
  expect(await run('2027-03-03T09:00')).toHaveLength(8);
  expect(await run('2027-03-03T09:30')).toHaveLength(8);
  await ok({ action: 'reply', proposalId: p._id, replyClass: 'B', text: '已列入明年计划' }, TRANSPORT);
  expect((await told()).at(-1)).toEqual(['proposal_replied', 'representative:qingxi:rep-1', '2026-001']);
  expect(await run('2027-03-10T09:00')).toHaveLength(9);
  // a late answer is not on time in the figures
  const figures = (await ok({ action: 'figures', from: '2026-11-01', to: '2026-11-30' }, OFFICE)) as unknown as ProposalFigures;
  expect([figures.total.onTime.numerator, figures.total.onTime.denominator]).toEqual([0, 1]);
});

describe('the proposal clock on the remind timer', () => {
  // due 2027-02-23 (three months from Monday 2026-11-23); calendar days: 15 and 3 days before, then the day after and every 7 days
  const at = (iso: string) => Date.parse(`${iso}+08:00`);
  let p: Proposal;
  const told = async () =>
    (((await rt.db.dump()).outbox ?? []) as unknown as OutboxEntry[])
      .filter((e) => e.caseId === p._id && (e.kind === 'proposal_reminder' || e.kind === 'proposal_overdue'))
      .sort((x, y) => x.createdAt - y.createdAt || x._id.localeCompare(y._id))
      .map((e) => [e.kind, 'key' in e.to ? e.to.key : '', e.title]);
  const run = async (iso: string) => {
    clock.t = at(iso);
    const res = await rt.runTimer('remind');
    if (!res.ok) throw new Error(res.error.message);
    return told();
  };
  const handling = async () => (await ok({ action: 'detail', proposalId: p._id }, OFFICE)).handling;
  const cursor = async () => ((await stored()) as unknown as Proposal[]).find((s) => s._id === p._id)!.nextReminderAt;
  const reminded = ['proposal_reminder', 'handler:qingxi:county-transport', '提议「修缮机耕道」2月23日到期'];
  const overdue = '提议「修缮机耕道」已超过答复期限（2月23日）';
  const pressed = [
    ['proposal_overdue', 'handler:qingxi:county-transport', overdue],
    ['proposal_overdue', 'office:qingxi', overdue],
    ['proposal_overdue', 'supervisor:qingxi:county', overdue],
  ];

  beforeEach(async () => {
    p = await submitted('修缮机耕道');
    await ok({ action: 'register', proposalId: p._id }, OFFICE);
    await ok({ action: 'assign', proposalId: p._id, leadUnitId: 'county-transport', coUnitIds: ['county-water'] }, OFFICE);
    expect(await handling()).toMatchObject({ dueDate: '2027-02-23' });
  });

  it('marks a proposal found two days past its due day overdue at once, presses the unit, the office and the supervisors, and skips the stale reminder', async () => {
    expect(await run('2027-02-08T09:00')).toEqual([reminded]);
    // the timer was down from before the "3 days before" reminder (02-20) until two days after the due day
    expect(await run('2027-02-25T09:00')).toEqual([reminded, ...pressed]);
    expect((await handling())?.overdue).toBe(true);
    // the next round stays on the rules' schedule: 7 days after the first press (02-24), once however often the timer runs
    expect(await cursor()).toBe(at('2027-03-03T09:00'));
    expect(await run('2027-02-25T10:00')).toHaveLength(4);
    expect(await run('2027-03-03T08:59')).toHaveLength(4);
    expect((await run('2027-03-03T09:00')).slice(4)).toEqual(pressed);
  });

  it('catches up a proposal nothing was swept for since it was assigned the same way: no reminder from before its due day', async () => {
    expect(await run('2027-02-25T09:00')).toEqual(pressed);
    expect((await handling())?.overdue).toBe(true);
    expect((await run('2027-03-10T09:00')).slice(3)).toEqual(pressed);
    expect(await cursor()).toBe(at('2027-03-17T09:00'));
  });

  it('marks it overdue the moment its due day has ended, telling no one until the day after at nine, and sends no stale reminder in between', async () => {
    expect(await run('2027-02-08T09:00')).toEqual([reminded]);
    // the "3 days before" reminder (02-20) was missed; the sweep after midnight finds the due day over
    expect(await run('2027-02-24T00:30')).toEqual([reminded]);
    expect((await handling())?.overdue).toBe(true);
    expect(await cursor()).toBe(at('2027-02-24T09:00'));
    expect(await run('2027-02-24T09:00')).toEqual([reminded, ...pressed]);
  });

  it("reads a cursor kept under the clock's former keys (before-15, before-3, overdue-0, …) as the point at its instant", async () => {
    checked(
      await rt.db
        .collection('proposals')
        .doc(p._id)
        .update({ nextReminderAt: at('2027-02-24T09:00'), nextReminderKey: 'overdue-0' }),
    );
    expect(await run('2027-02-24T09:00')).toEqual(pressed);
    expect(await cursor()).toBe(at('2027-03-03T09:00'));
  });

  it('sends on time what it sent before: each reminder at its point, overdue and pressed the day after the due day, then every 7 days', async () => {
    expect(await run('2027-02-08T08:59')).toEqual([]);
    expect(await run('2027-02-08T09:00')).toEqual([reminded]);
    expect(await run('2027-02-20T09:00')).toEqual([reminded, reminded]);
    expect(await run('2027-02-23T23:59')).toHaveLength(2);
    expect((await handling())?.overdue).toBeFalsy();
    expect(await run('2027-02-24T09:00')).toEqual([reminded, reminded, ...pressed]);
    expect((await handling())?.overdue).toBe(true);
    expect(await run('2027-03-02T09:00')).toHaveLength(5);
    expect((await run('2027-03-03T09:00')).slice(5)).toEqual(pressed);
    expect(await cursor()).toBe(at('2027-03-10T09:00'));
  });
});

describe('photos of a proposal', () => {
  it('keeps the proposer’s own photos, shows them in the proposal to those who read it, and refuses someone else’s upload, writing nothing', async () => {
    const h = await startHarness({ uploadsDir: tempDir('lianxin-proposal-photos-') });
    try {
      const [road, ditch, zhangs] = [
        await uploadedPhoto(h, REP_LI, '机耕道'),
        await uploadedPhoto(h, REP_LI, '排水沟'),
        await uploadedPhoto(h, REP_ZHANG, '张的照片'),
      ];
      const p = await h.ok<Proposal>('proposal', { action: 'draft', kind: 'motion', ...WORDS, photos: [road, road, ditch] }, REP_LI);
      // kept as clean copies of the uploads (no metadata), the uploads themselves gone
      const [keptRoad, keptDitch] = [road, ditch].map((u) => `/uploads/${keptPhotoPath(u)}`);
      expect(p.photos).toEqual([keptRoad, keptDitch]);
      const shown = await h.ok<ProposalDetail>('proposal', { action: 'detail', proposalId: p._id }, REP_LI);
      expect(shown.photoFiles.map((f) => f.id)).toEqual([keptRoad, keptDitch]);
      // a temporary address anyone allowed to read the proposal can open
      const image = await fetch(`${h.base}${shown.photoFiles[0]!.url}`, { headers: { 'x-lianxin-openid': OFFICE } });
      expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/jpeg']);

      const before = await h.runtime.db.dump();
      const refusal = {
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringContaining('照片须是您自己刚上传的'), fields: { photos: expect.any(String) } },
      };
      expect(await h.api('proposal', { action: 'draft', kind: 'motion', ...WORDS, photos: [zhangs] }, REP_LI)).toMatchObject(refusal);
      expect(await h.api('proposal', { action: 'edit', proposalId: p._id, ...WORDS, photos: [keptDitch, zhangs] }, REP_LI)).toMatchObject(refusal);
      expect((await h.runtime.db.dump()).proposals).toEqual(before.proposals);

      // an edit without photos keeps them; with, it replaces them
      expect((await h.ok<Proposal>('proposal', { action: 'edit', proposalId: p._id, ...WORDS, title: '改个标题' }, REP_LI)).photos).toEqual([
        keptRoad,
        keptDitch,
      ]);
      expect((await h.ok<Proposal>('proposal', { action: 'edit', proposalId: p._id, ...WORDS, photos: [keptDitch] }, REP_LI)).photos).toEqual([keptDitch]);
      // circulating, the county's representatives read it with its photos
      await h.ok('proposal', { action: 'circulate', proposalId: p._id }, REP_LI);
      expect((await h.ok<ProposalDetail>('proposal', { action: 'detail', proposalId: p._id }, REP_ZHANG)).photoFiles.map((f) => f.id)).toEqual([keptDitch]);
    } finally {
      await h.stop();
    }
  });
});
