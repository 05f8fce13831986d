/**
 * Proposals (提议 / 提案): who may do what, in which state, and where it leads — written out here
 * independently of src/domain/proposals.ts and tried for every state × action × relation.
 */
import { RULES } from '../../config/rules';
import {
  allowedProposalActions,
  decideProposal,
  PROPOSAL_ACTIONS,
  PROPOSAL_RELATIONS,
  PROPOSAL_STATUSES,
  proposalClock,
  proposalFigures,
  proposalNotices,
  type FigureProposal,
  type ProposalAction,
  type ProposalInput,
  type ProposalRelation,
  type ProposalState,
  type ProposalStatus,
} from '../../src/domain/proposals';

const EXPECTED: Array<[ProposalStatus, ProposalAction, ProposalRelation[], ProposalStatus]> = [
  ['draft', 'edit', ['proposer'], 'draft'],
  ['cosigning', 'edit', ['proposer'], 'cosigning'],
  ['draft', 'circulate', ['proposer'], 'cosigning'],
  ['cosigning', 'cosign', ['representative'], 'cosigning'],
  ['draft', 'submit', ['proposer'], 'submitted'],
  ['cosigning', 'submit', ['proposer'], 'submitted'],
  ['draft', 'withdraw', ['proposer'], 'withdrawn'],
  ['cosigning', 'withdraw', ['proposer'], 'withdrawn'],
  ['submitted', 'withdraw', ['proposer'], 'withdrawn'],
  ['submitted', 'register', ['reviewer'], 'registered'],
  ['submitted', 'convert', ['reviewer'], 'converted'],
  ['submitted', 'merge', ['reviewer'], 'merged'],
  ['submitted', 'decline', ['reviewer'], 'declined'],
  ['registered', 'assign', ['office'], 'handling'],
  ['handling', 'reply', ['lead_handler'], 'replied'],
  ['replied', 'rate', ['proposer'], 'closed'],
  ['handling', 'supervise', ['office', 'supervisor'], 'handling'],
];

/** A proposal every row could take: enough co-signers, inside its window, no round used. */
const state = (status: ProposalStatus, over: Partial<ProposalState> = {}): ProposalState => ({
  kind: 'proposal',
  status,
  proposerId: 'rep-1',
  cosignerIds: ['rep-2', 'rep-3', 'rep-4', 'rep-5', 'rep-6'],
  rounds: 0,
  converting: false,
  ...over,
});
const input: ProposalInput = { representativeId: 'rep-9', today: '2026-11-23', rating: 'satisfied', window: { from: '2026-11-01', to: '2026-11-30' } };
const R = RULES.proposals;

it('lets exactly the listed relation take each action in each state, and refuses every other cell', () => {
  let cells = 0;
  for (const status of PROPOSAL_STATUSES)
    for (const action of PROPOSAL_ACTIONS)
      for (const relation of PROPOSAL_RELATIONS) {
        cells++;
        const row = EXPECTED.find(([s, a, by]) => s === status && a === action && by.includes(relation));
        const decision = decideProposal(state(status), action, [relation], input, R);
        expect({ status, action, relation, ok: decision.ok, to: decision.ok ? decision.to : null }).toEqual({
          status,
          action,
          relation,
          ok: !!row,
          to: row ? row[3] : null,
        });
      }
  expect(cells).toBe(PROPOSAL_STATUSES.length * PROPOSAL_ACTIONS.length * PROPOSAL_RELATIONS.length);
});

it('shows each relation the buttons the table gives it', () => {
  expect(allowedProposalActions(state('draft'), ['proposer'], input, R)).toEqual(['edit', 'circulate', 'submit', 'withdraw']);
  expect(allowedProposalActions(state('submitted'), ['reviewer'], input, R)).toEqual(['register', 'convert', 'merge', 'decline']);
  expect(allowedProposalActions(state('handling'), ['co_handler'], input, R)).toEqual([]);
});

it('refuses a co-signature by the proposer, and a second one by the same representative', () => {
  expect(decideProposal(state('cosigning'), 'cosign', ['representative'], { ...input, representativeId: 'rep-1' }, R)).toEqual({
    ok: false,
    reason: 'invalid_state',
    message: '不能附议自己的提案',
  });
  expect(decideProposal(state('cosigning'), 'cosign', ['representative', 'cosigner'], { ...input, representativeId: 'rep-2' }, R)).toEqual({
    ok: false,
    reason: 'invalid_state',
    message: '您已经附议过了',
  });
});

it('submits only with enough co-signers for its kind, and a 提案 only inside its collection window', () => {
  const few = state('cosigning', { cosignerIds: ['rep-2'] });
  expect(decideProposal(few, 'submit', ['proposer'], input, R)).toMatchObject({ ok: false, message: '提案需要至少5位代表附议，现在有1位' });
  expect(decideProposal({ ...few, kind: 'motion', cosignerIds: ['rep-2', 'rep-3'] }, 'submit', ['proposer'], input, R)).toMatchObject({
    ok: true,
    to: 'submitted',
  });
  // a 提议 needs no window; a 提案 when no window is open is refused, with the way out
  expect(decideProposal(state('cosigning'), 'submit', ['proposer'], { ...input, today: '2026-12-01', window: null }, R)).toMatchObject({
    ok: false,
    message: '不在提案征集期内，可以作为提议提交',
  });
  expect(decideProposal(state('cosigning', { kind: 'motion' }), 'submit', ['proposer'], { ...input, today: '2026-12-01', window: null }, R)).toMatchObject({
    ok: true,
  });
});

it('holds 立案, 并案 and 不予立案 while 转作意见建议 makes its case, and lets the conversion itself go on', () => {
  const converting = state('submitted', { converting: true });
  for (const action of ['register', 'merge', 'decline'] as const)
    expect(decideProposal(converting, action, ['reviewer'], input, R)).toMatchObject({ ok: false, message: '这件正在转作意见建议，请稍后刷新再看' });
  expect(decideProposal(converting, 'convert', ['reviewer'], input, R)).toMatchObject({ ok: true, to: 'converted' });
});

it('sends a 不满意 back to the unit once, and closes it as rated the next time', () => {
  const dissatisfied = { ...input, rating: 'dissatisfied' as const };
  expect(decideProposal(state('replied'), 'rate', ['proposer'], dissatisfied, R)).toMatchObject({ ok: true, to: 'handling' });
  expect(decideProposal(state('replied', { rounds: 1 }), 'rate', ['proposer'], dissatisfied, R)).toMatchObject({ ok: true, to: 'closed' });
  expect(decideProposal(state('replied'), 'rate', ['proposer'], { ...input, rating: 'basic' }, R)).toMatchObject({ ok: true, to: 'closed' });
});

describe('proposal figures', () => {
  const DUE = Date.parse('2027-02-23T23:59:59.999+08:00');
  const NOW = Date.parse('2027-03-01T09:00:00+08:00');
  const unit = (id: string, firstReplyAt: number | null, dueAt = DUE) => ({
    leadUnitId: id,
    leadUnitName: id === 'T' ? '县交通运输局' : '县水利局',
    dueAt,
    firstReplyAt,
  });
  const row = (
    status: FigureProposal['status'],
    category: string,
    handling: FigureProposal['handling'],
    replyClass: 'A' | 'B' | 'C' | null,
    rating: FigureProposal['rating'],
  ) => ({
    status,
    category,
    handling,
    reply: replyClass ? { replyClass } : null,
    rating,
  });
  const LIST: FigureProposal[] = [
    row('closed', 'road', unit('T', DUE - 1), 'A', 'satisfied'), // on time
    row('closed', 'road', unit('T', DUE + 1), 'B', 'basic'), // late
    row('handling', 'water', unit('W', null), null, null), // past due, unanswered
    row('handling', 'water', unit('W', null, NOW + 1), null, null), // not due yet
    row('replied', 'road', unit('W', DUE - 5), 'C', null), // on time, not rated yet
    row('submitted', 'road', null, null, null), // not assigned: not counted
  ];
  const figures = proposalFigures(LIST, NOW, (id) => ({ road: '道路交通', water: '水电气' })[id] ?? id);
  const pct = (r: { percent: number | null }) => r.percent;

  it('counts on time of the answered and the overdue, the standing classes, and the proposers’ satisfaction, in total', () => {
    const t = figures.total;
    expect([t.assigned, t.replied, pct(t.onTime), t.onTime.denominator]).toEqual([5, 3, 50, 4]);
    expect([t.classes, pct(t.shares.A), pct(t.shares.B), pct(t.shares.C)]).toEqual([{ A: 1, B: 1, C: 1 }, 33.3, 33.3, 33.3]);
    expect([t.ratings, pct(t.satisfaction)]).toEqual([{ satisfied: 1, basic: 1, dissatisfied: 0 }, 100]);
  });

  it('breaks them down by category and by lead unit, the most assigned first', () => {
    expect(figures.byCategory.map((r) => [r.name, r.assigned, r.replied, pct(r.onTime), pct(r.satisfaction)])).toEqual([
      ['道路交通', 3, 3, 66.7, 100],
      ['水电气', 2, 0, 0, null],
    ]);
    expect(figures.byUnit.map((r) => [r.name, r.assigned, r.replied, pct(r.onTime), pct(r.shares.C)])).toEqual([
      ['县水利局', 3, 1, 50, 100],
      ['县交通运输局', 2, 2, 50, 0],
    ]);
  });
});

describe('the proposal clock', () => {
  const at = (iso: string) => Date.parse(`${iso}+08:00`);
  const R = { daysBefore: [3, 15], overdueEveryDays: 7 };
  const clock = proposalClock('2027-02-23', R, 9);
  const point = (iso: string) => {
    const r = clock.next(at(iso));
    return r && [new Date(r.at).toISOString(), r.key, r.kind, r.to];
  };
  const utc = (iso: string) => new Date(at(iso)).toISOString();
  const pressed = ['handler', 'office', 'supervisor'];

  it('reminds 15 and 3 calendar days before the due day at nine, marks it overdue as the day ends, then presses the day after and every 7 days', () => {
    expect(point('2026-11-23T09:00')).toEqual([utc('2027-02-08T09:00'), 'due:2027-02-23:before-15', 'due_soon', ['handler']]);
    // Saturday 02-20: calendar days, weekends included
    expect(point('2027-02-08T09:00')).toEqual([utc('2027-02-20T09:00'), 'due:2027-02-23:before-3', 'due_soon', ['handler']]);
    expect(point('2027-02-20T09:00')).toEqual([utc('2027-02-24T00:00'), 'due:2027-02-23:end', 'overdue', []]);
    expect(point('2027-02-24T00:00')).toEqual([utc('2027-02-24T09:00'), 'due:2027-02-23:overdue-0', 'overdue_again', pressed]);
    expect(point('2027-02-24T09:00')).toEqual([utc('2027-03-03T09:00'), 'due:2027-02-23:overdue-1', 'overdue_again', pressed]);
    expect(point('2027-03-20T10:00')).toEqual([utc('2027-03-24T09:00'), 'due:2027-02-23:overdue-4', 'overdue_again', pressed]);
  });

  it('sends, from the cursor, only the latest point due: a sweep that missed some skips the stale ones', () => {
    const from = (iso: string) => ({ at: at(iso), key: '' });
    const sent = (cursor: string, now: string) => clock.due(from(cursor), at(now)).map((r) => r.key);
    // on time: the point the cursor names
    expect(sent('2027-02-20T09:00', '2027-02-20T09:00')).toEqual(['due:2027-02-23:before-3']);
    // the due day's end tells no one
    expect(sent('2027-02-24T00:00', '2027-02-24T00:01')).toEqual([]);
    // missed from the "3 days before" point: past the due day's end, nothing; past the day after's nine, the first press
    expect(sent('2027-02-20T09:00', '2027-02-24T08:00')).toEqual([]);
    expect(sent('2027-02-20T09:00', '2027-02-25T09:00')).toEqual(['due:2027-02-23:overdue-0']);
    // down for weeks: one press, the latest
    expect(sent('2027-02-08T09:00', '2027-03-20T10:00')).toEqual(['due:2027-02-23:overdue-3']);
    // still before the due day: the latest reminder, once
    expect(sent('2027-02-08T09:00', '2027-02-21T09:00')).toEqual(['due:2027-02-23:before-3']);
    expect(sent('2027-03-03T09:00', '2027-03-03T08:59')).toEqual([]);
  });
});

it('tells the proposers of those 并案 into a proposal of its reply, once each, and asks only its own proposer to rate it', () => {
  const p = {
    countyId: 'qingxi',
    kind: 'motion' as const,
    title: '修缮机耕道',
    proposerId: 'rep-1',
    status: 'replied' as const,
    review: null,
    handling: null,
    reply: { replyClass: 'B' as const, text: '已列入计划', at: 0, byName: '郑伟' },
    joined: [
      { id: 'p2', proposerId: 'rep-2' },
      { id: 'p3', proposerId: 'rep-2' },
      { id: 'p4', proposerId: 'rep-1' },
    ],
  };
  expect(proposalNotices(p, 'reply', null).map((n) => [n.to, n.title, n.body])).toEqual([
    ['representative:qingxi:rep-1', '提议已答复：修缮机耕道', 'B类，请评价'],
    ['representative:qingxi:rep-2', '您并案的提议已答复：修缮机耕道', 'B类：正在解决或列入计划'],
  ]);
});
