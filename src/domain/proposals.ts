/**
 * Representatives' proposals (提议 at any time, 提案 inside the office's collection window before
 * the party congress): drafted, co-signed (附议), reviewed (立案 / 转作意见建议 / 并案 / 不予立案),
 * handled by a lead unit with co-units against a deadline, replied in the standard classes (A 已解决或
 * 采纳, B 正在解决或列入计划, C 因条件限制暂时无法解决，作出解释) and rated by the proposer; 不满意
 * sends it round once more. Like the case table (transitions.ts), who may do what, from which
 * state to which, is one list of rows; the checks that need the record are pure functions.
 */
import type { ProposalRules } from '../../config/rules';
import type { MessageKind, Proposal, Rating } from '../../types/domain';
import { addDays, endOfShanghaiDay, startOfShanghaiDay } from './calendar';
import { monthDay } from './labels';
import { trackClock, type DueClock, type Reminder } from './reminders';
import { scopeKey } from './roles';
import { rate, type Rate } from './statistics';
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
  /** 转作意见建议 is making its case: the other reviews wait for it */
  converting: boolean;
}

/** What a caller brings to a check: who they are, the day (Asia/Shanghai), and what they chose. */
export interface ProposalInput {
  representativeId?: string;
  today: string;
  rating?: Rating;
  /** the county's collection window open today, as days (YYYY-MM-DD, Asia/Shanghai), if any */
  window?: { from: string; to: string } | null;
}

export interface ProposalTransition extends Row<ProposalAction, ProposalStatus, ProposalRelation> {
  /** the row applies only when this holds (a 不满意 rating with a round left) */
  guard?: (p: ProposalState, input: ProposalInput, rules: ProposalRules) => boolean;
  /** why the row cannot be taken now, in words, or null */
  problem?: (p: ProposalState, input: ProposalInput, rules: ProposalRules) => string | null;
}

export const PROPOSAL_KIND_TEXT: Record<ProposalKind, string> = { motion: '提议', proposal: '提案' };

export const PROPOSAL_STATUS_TEXT: Record<ProposalStatus, string> = {
  draft: '草稿',
  cosigning: '征集附议',
  submitted: '待审查',
  registered: '已立案',
  converted: '转作意见建议',
  merged: '已并案',
  declined: '不予立案',
  handling: '办理中',
  replied: '已答复',
  closed: '已办结',
  withdrawn: '已撤回',
};

/** The actions as the timeline and the buttons name them. */
export const PROPOSAL_ACTION_TEXT: Record<ProposalAction, string> = {
  edit: '修改',
  circulate: '征集附议',
  cosign: '附议',
  submit: '提交',
  withdraw: '撤回',
  register: '立案',
  convert: '转作意见建议',
  merge: '并案',
  decline: '不予立案',
  assign: '交办',
  reply: '答复',
  rate: '评价',
  supervise: '督办',
};

/** 附议: a representative other than the proposer, once. */
function cosignProblem(p: ProposalState, input: ProposalInput): string | null {
  if (input.representativeId === p.proposerId) return '不能附议自己的' + PROPOSAL_KIND_TEXT[p.kind];
  if (input.representativeId && p.cosignerIds.includes(input.representativeId)) return '您已经附议过了';
  return null;
}

/** 提交: enough co-signers for its kind, and a 提案 inside its collection window. */
function submitProblem(p: ProposalState, input: ProposalInput, rules: ProposalRules): string | null {
  const min = rules.minCosigners[p.kind];
  if (p.cosignerIds.length < min) return `${PROPOSAL_KIND_TEXT[p.kind]}需要至少${min}位代表附议，现在有${p.cosignerIds.length}位`;
  const w = input.window;
  if (p.kind === 'proposal' && (!w || input.today < w.from || input.today > w.to)) return '不在提案征集期内，可以作为提议提交';
  return null;
}

const EDITABLE: readonly ProposalStatus[] = ['draft', 'cosigning'];

/** 立案, 并案 and 不予立案 wait while 转作意见建议 makes its case (which would otherwise be left behind). */
const notConverting = (p: ProposalState): string | null => (p.converting ? '这件正在转作意见建议，请稍后刷新再看' : null);

export const PROPOSAL_TRANSITIONS: readonly ProposalTransition[] = [
  { action: 'edit', from: EDITABLE, to: 'same', by: ['proposer'] },
  { action: 'circulate', from: ['draft'], to: 'cosigning', by: ['proposer'] },
  { action: 'cosign', from: ['cosigning'], to: 'same', by: ['representative'], problem: cosignProblem },
  { action: 'submit', from: EDITABLE, to: 'submitted', by: ['proposer'], problem: submitProblem },
  { action: 'withdraw', from: [...EDITABLE, 'submitted'], to: 'withdrawn', by: ['proposer'] },
  { action: 'register', from: ['submitted'], to: 'registered', by: ['reviewer'], problem: notConverting },
  { action: 'convert', from: ['submitted'], to: 'converted', by: ['reviewer'] },
  { action: 'merge', from: ['submitted'], to: 'merged', by: ['reviewer'], problem: notConverting },
  { action: 'decline', from: ['submitted'], to: 'declined', by: ['reviewer'], problem: notConverting },
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

export const REPLY_CLASS_TEXT: Record<ReplyClass, string> = {
  A: '已解决或采纳',
  B: '正在解决或列入计划',
  C: '因条件限制暂时无法解决，作出解释',
};

/** Answered: the lead unit's reply stands (replied, or rated and closed). Public from then on. */
export const ANSWERED_PROPOSAL: readonly ProposalStatus[] = ['replied', 'closed'];

/** What the figures read of a proposal. */
export interface FigureProposal {
  status: ProposalStatus;
  category: string;
  handling: { leadUnitId: string; leadUnitName: string; dueAt: number; firstReplyAt?: number | null } | null;
  reply: { replyClass: ReplyClass } | null;
  rating: Rating | null;
}

/** One line of the figures: the proposals assigned to units, and how they were answered. */
export interface ProposalFigureRow {
  key: string;
  name: string;
  /** assigned to a lead unit (交办) */
  assigned: number;
  /** answered once at least */
  replied: number;
  /** first answered by the due day, of those answered or past it unanswered */
  onTime: Rate;
  /** the standing replies by class, and each class's share of them */
  classes: Record<ReplyClass, number>;
  shares: Record<ReplyClass, Rate>;
  /** the proposers' ratings: 满意 and 基本满意 of those rated */
  ratings: Record<Rating, number>;
  satisfaction: Rate;
}

export interface ProposalFigures {
  total: ProposalFigureRow;
  byCategory: ProposalFigureRow[];
  byUnit: ProposalFigureRow[];
}

function figureRow(key: string, name: string, list: readonly FigureProposal[], now: number): ProposalFigureRow {
  const handled = list.filter((p) => p.handling !== null);
  const replied = handled.filter((p) => p.handling!.firstReplyAt != null);
  const due = handled.filter((p) => p.handling!.firstReplyAt != null || now > p.handling!.dueAt);
  const inTime = replied.filter((p) => p.handling!.firstReplyAt! <= p.handling!.dueAt);
  const standing = handled.filter((p) => ANSWERED_PROPOSAL.includes(p.status) && p.reply);
  const classes = { A: 0, B: 0, C: 0 };
  for (const p of standing) classes[p.reply!.replyClass]++;
  const ratings = { satisfied: 0, basic: 0, dissatisfied: 0 };
  for (const p of handled) if (p.status === 'closed' && p.rating) ratings[p.rating]++;
  const rated = ratings.satisfied + ratings.basic + ratings.dissatisfied;
  return {
    key,
    name,
    assigned: handled.length,
    replied: replied.length,
    onTime: rate(inTime.length, due.length),
    classes,
    shares: { A: rate(classes.A, standing.length), B: rate(classes.B, standing.length), C: rate(classes.C, standing.length) },
    ratings,
    satisfaction: rate(ratings.satisfied + ratings.basic, rated),
  };
}

/** The figures of the proposals assigned to units: in total, by category and by lead unit (most assigned first). */
export function proposalFigures(proposals: readonly FigureProposal[], now: number, categoryName: (id: string) => string): ProposalFigures {
  const handled = proposals.filter((p) => p.handling !== null);
  const groups = (keyOf: (p: FigureProposal) => string, nameOf: (p: FigureProposal) => string) => {
    const by = new Map<string, FigureProposal[]>();
    for (const p of handled) by.set(keyOf(p), [...(by.get(keyOf(p)) ?? []), p]);
    return [...by.values()]
      .map((list) => figureRow(keyOf(list[0]!), nameOf(list[0]!), list, now))
      .sort((a, b) => b.assigned - a.assigned || a.name.localeCompare(b.name, 'zh'));
  };
  return {
    total: figureRow('total', '合计', handled, now),
    byCategory: groups(
      (p) => p.category,
      (p) => categoryName(p.category),
    ),
    byUnit: groups(
      (p) => p.handling!.leadUnitId,
      (p) => p.handling!.leadUnitName,
    ),
  };
}

const HOUR_MS = 3600_000;

/**
 * The proposal clock for a proposal due on `dueDate`, on calendar days (its limits are months and
 * its reminders days): at `hour` (Asia/Shanghai) `daysBefore` days before the due day, to the lead
 * unit; the instant the due day ends it is overdue (a mark that tells no one); from the day after,
 * the lead unit, the office and the county's supervisors, again every `overdueEveryDays`. A sweep
 * that missed points sends only the latest due, as a case's clock does (reminders.ts).
 */
export function proposalClock(dueDate: string, r: ProposalRules['reminders'], hour: number): DueClock {
  const at = (day: string) => startOfShanghaiDay(day) + hour * HOUR_MS;
  const before = [...new Set(r.daysBefore)].filter((d) => d >= 0).sort((a, b) => b - a);
  return trackClock(function* () {
    for (const d of before) yield { key: `due:${dueDate}:before-${d}`, at: at(addDays(dueDate, -d)), kind: 'due_soon', round: 0, to: ['handler'] };
    yield { key: `due:${dueDate}:end`, at: endOfShanghaiDay(dueDate) + 1, kind: 'overdue', round: 0, to: [] };
    for (let round = 0; ; round++) {
      const day = addDays(dueDate, 1 + round * r.overdueEveryDays);
      yield { key: `due:${dueDate}:overdue-${round}`, at: at(day), kind: 'overdue_again', round, to: ['handler', 'office', 'supervisor'] };
    }
  });
}

/** What one event of a proposal tells whom: a scope key each, a kind, a title and a line. */
export interface ProposalNotice {
  kind: MessageKind;
  to: string;
  title: string;
  body: string;
}

type Noticed = Pick<Proposal, 'countyId' | 'kind' | 'title' | 'proposerId' | 'handling' | 'reply' | 'review' | 'status' | 'joined'>;

/** Whom an action on a proposal tells, and what (the proposal as it is after the action). */
export function proposalNotices(p: Noticed, action: ProposalAction, note: string | null): ProposalNotice[] {
  const kindText = PROPOSAL_KIND_TEXT[p.kind];
  const proposer = scopeKey.representative(p.countyId, p.proposerId);
  const lead = p.handling ? [scopeKey.handler(p.countyId, p.handling.leadUnitId)] : [];
  const units = p.handling ? [...lead, ...p.handling.coUnitIds.map((u) => scopeKey.handler(p.countyId, u))] : [];
  const to = (keys: readonly string[], kind: MessageKind, title: string, body: string) => keys.map((key) => ({ kind, to: key, title, body }));
  switch (action) {
    case 'submit':
      return to([scopeKey.office(p.countyId)], 'proposal_submitted', `${kindText}待审查：${p.title}`, '请审查立案');
    case 'register':
    case 'convert':
    case 'merge':
    case 'decline':
      return to([proposer], 'proposal_reviewed', `您的${kindText}「${p.title}」${PROPOSAL_STATUS_TEXT[p.status]}`, note ?? PROPOSAL_STATUS_TEXT[p.status]);
    case 'assign':
      return to(units, 'proposal_assigned', `交办${kindText}：${p.title}`, `请于${monthDay(p.handling!.dueDate)}前答复`);
    case 'reply': {
      // the proposers of those 并案 into it read the reply too; only its own proposer rates it
      const joined = [...new Set((p.joined ?? []).map((j) => j.proposerId).filter((id) => id !== p.proposerId))];
      return [
        ...to([proposer], 'proposal_replied', `${kindText}已答复：${p.title}`, `${p.reply!.replyClass}类，请评价`),
        ...to(
          joined.map((id) => scopeKey.representative(p.countyId, id)),
          'proposal_replied',
          `您并案的${kindText}已答复：${p.title}`,
          `${p.reply!.replyClass}类：${REPLY_CLASS_TEXT[p.reply!.replyClass]}`,
        ),
      ];
    }
    case 'rate':
      return p.status === 'handling' ? to(lead, 'proposal_returned', `提出人不满意，请再次办理：${p.title}`, note ?? '不满意') : [];
    case 'supervise':
      return to(lead, 'proposal_supervised', `督办${kindText}：${p.title}`, note ?? '请加快办理');
    default:
      return [];
  }
}

/** What a reminder of the proposal clock tells: the lead unit before the due day; past it, also the office and the county's supervisors. */
export function reminderNotices(p: Noticed, reminder: Pick<Reminder, 'kind' | 'to'>): ProposalNotice[] {
  const h = p.handling!;
  const parties = {
    handler: scopeKey.handler(p.countyId, h.leadUnitId),
    office: scopeKey.office(p.countyId),
    supervisor: scopeKey.supervisor(p.countyId, 'county'),
  } as const;
  const kindText = PROPOSAL_KIND_TEXT[p.kind];
  const words =
    reminder.kind === 'overdue_again'
      ? { kind: 'proposal_overdue' as const, title: `${kindText}「${p.title}」已超过答复期限（${monthDay(h.dueDate)}）`, body: `主办单位：${h.leadUnitName}` }
      : { kind: 'proposal_reminder' as const, title: `${kindText}「${p.title}」${monthDay(h.dueDate)}到期`, body: `请于${monthDay(h.dueDate)}前答复` };
  return (Object.keys(parties) as Array<keyof typeof parties>)
    .filter((party) => reminder.to.includes(party))
    .map((party) => ({ ...words, to: parties[party] }));
}
