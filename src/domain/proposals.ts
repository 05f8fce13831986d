/**
 * Representatives' proposals (提议 at any time, 提案 inside the office's collection window before
 * the party congress): drafted, co-signed (附议), reviewed (立案 / 转作意见建议 / 并案 / 不予立案),
 * handled by a lead unit with co-units against a deadline, replied in the standard classes (A 已解决或
 * 采纳, B 正在解决或列入计划, C 因条件限制暂时无法解决，作出解释) and rated by the proposer; 不满意
 * sends it round once more. Like the case table (transitions.ts), who may do what, from which
 * state to which, is one list of rows; the checks that need the record are pure functions.
 */
import type { ProposalRules } from '../../config/rules';
import type { Rating } from '../../types/domain';
import { allowedRows, decideRow, type Row, type RowQuestions, type TableDecision } from './table';

export const PROPOSAL_KINDS = ['motion', 'proposal'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export const PROPOSAL_STATUSES = [
  'draft', // 草稿: the proposer's alone
  'cosigning', // 征集附议: other representatives may co-sign
  'submitted', // 待审查: waiting for the office or its committee
  'registered', // 已立案: waiting to be assigned to units
  'converted', // 转作意见建议: it became a case routed like any request
  'merged', // 已并案: joined to another proposal
  'declined', // 不予立案: with a reason
  'handling', // 办理中: a lead unit holds it, against its deadline
  'replied', // 已答复: the lead unit's reply, waiting for the proposer's rating
  'closed', // 已办结: rated
  'withdrawn', // 已撤回: by the proposer before review
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_ACTIONS = [
  'edit',
  'circulate',
  'cosign',
  'submit',
  'withdraw',
  'register',
  'convert',
  'merge',
  'decline',
  'assign',
  'reply',
  'rate',
  'supervise',
] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

/** How a caller stands towards one proposal. */
export const PROPOSAL_RELATIONS = [
  'proposer', // the representative who drafted it
  'cosigner', // a representative who co-signed it
  'representative', // any other representative of the county
  'reviewer', // the office, or a member of the committee it named (议案审查委员会)
  'office', // the county office
  'lead_handler', // a handler of the lead unit
  'co_handler', // a handler of a co-unit
  'supervisor', // a county supervisor (督办)
] as const;
export type ProposalRelation = (typeof PROPOSAL_RELATIONS)[number];

/** The standard reply classes. */
export const REPLY_CLASSES = ['A', 'B', 'C'] as const;
export type ReplyClass = (typeof REPLY_CLASSES)[number];

/** What the rows' checks read of a proposal. */
export interface ProposalState {
  kind: ProposalKind;
  status: ProposalStatus;
  proposerId: string;
  cosignerIds: string[];
  /** rounds sent back by a 不满意 rating so far */
  rounds: number;
  /** the collection window the 提案 was drafted in, as days (YYYY-MM-DD, Asia/Shanghai) */
  window: { from: string; to: string } | null;
}

/** What a caller brings to a check: who they are, the day (Asia/Shanghai), and what they chose. */
export interface ProposalInput {
  representativeId?: string;
  today: string;
  rating?: Rating;
}

export interface ProposalTransition extends Row<ProposalAction, ProposalStatus, ProposalRelation> {
  /** the row applies only when this holds (a 不满意 rating with a round left) */
  guard?: (p: ProposalState, input: ProposalInput, rules: ProposalRules) => boolean;
  /** why the row cannot be taken now, in words, or null */
  problem?: (p: ProposalState, input: ProposalInput, rules: ProposalRules) => string | null;
}

const KIND_TEXT: Record<ProposalKind, string> = { motion: '提议', proposal: '提案' };

/** 附议: a representative other than the proposer, once. */
function cosignProblem(p: ProposalState, input: ProposalInput): string | null {
  if (input.representativeId === p.proposerId) return '不能附议自己的' + KIND_TEXT[p.kind];
  if (input.representativeId && p.cosignerIds.includes(input.representativeId)) return '您已经附议过了';
  return null;
}

/** 提交: enough co-signers for its kind, and a 提案 inside its collection window. */
function submitProblem(p: ProposalState, input: ProposalInput, rules: ProposalRules): string | null {
  const min = rules.minCosigners[p.kind];
  if (p.cosignerIds.length < min) return `${KIND_TEXT[p.kind]}需要至少${min}位代表附议，现在有${p.cosignerIds.length}位`;
  if (p.kind === 'proposal' && (!p.window || input.today < p.window.from || input.today > p.window.to)) return '不在提案征集期内，可以作为提议提交';
  return null;
}

const EDITABLE: readonly ProposalStatus[] = ['draft', 'cosigning'];

export const PROPOSAL_TRANSITIONS: readonly ProposalTransition[] = [
  { action: 'edit', from: EDITABLE, to: 'same', by: ['proposer'] },
  { action: 'circulate', from: ['draft'], to: 'cosigning', by: ['proposer'] },
  { action: 'cosign', from: ['cosigning'], to: 'same', by: ['representative'], problem: cosignProblem },
  { action: 'submit', from: EDITABLE, to: 'submitted', by: ['proposer'], problem: submitProblem },
  { action: 'withdraw', from: [...EDITABLE, 'submitted'], to: 'withdrawn', by: ['proposer'] },
  { action: 'register', from: ['submitted'], to: 'registered', by: ['reviewer'] },
  { action: 'convert', from: ['submitted'], to: 'converted', by: ['reviewer'] },
  { action: 'merge', from: ['submitted'], to: 'merged', by: ['reviewer'] },
  { action: 'decline', from: ['submitted'], to: 'declined', by: ['reviewer'] },
  { action: 'assign', from: ['registered'], to: 'handling', by: ['office'] },
  { action: 'reply', from: ['handling'], to: 'replied', by: ['lead_handler'] },
  {
    action: 'rate',
    from: ['replied'],
    to: 'handling',
    by: ['proposer'],
    guard: (p, input, rules) => input.rating === 'dissatisfied' && p.rounds < rules.maxRounds,
  },
  { action: 'rate', from: ['replied'], to: 'closed', by: ['proposer'] },
  { action: 'supervise', from: ['handling'], to: 'same', by: ['office', 'supervisor'] },
];

export type ProposalDecision = TableDecision<ProposalTransition, ProposalStatus>;

const questions = (p: ProposalState, input: ProposalInput, rules: ProposalRules): RowQuestions<ProposalTransition> => ({
  applies: (t) => !t.guard || t.guard(p, input, rules),
  problem: (t) => t.problem?.(p, input, rules) ?? null,
});

/** Decides one action on a proposal: who (relations) may do it, in this state, with this input. */
export function decideProposal(
  p: ProposalState,
  action: ProposalAction,
  relations: readonly ProposalRelation[],
  input: ProposalInput,
  rules: ProposalRules,
  table: readonly ProposalTransition[] = PROPOSAL_TRANSITIONS,
): ProposalDecision {
  return decideRow(table, p.status, action, relations, questions(p, input, rules));
}

/** The actions a caller may take on a proposal now (the pages' buttons). */
export function allowedProposalActions(
  p: ProposalState,
  relations: readonly ProposalRelation[],
  input: ProposalInput,
  rules: ProposalRules,
  table: readonly ProposalTransition[] = PROPOSAL_TRANSITIONS,
): ProposalAction[] {
  return allowedRows(table, p.status, relations, questions(p, input, rules));
}
