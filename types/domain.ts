/**
 * Shared vocabulary: the records Lianxin keeps, named as the business names them (the Chinese
 * term beside each identifier; types/GLOSSARY.md lists every term with its identifier). No logic here: each enumerated value is one `as const` list, and its
 * type is derived from the list.
 */
import type { ProposalAction, ProposalKind, ProposalStatus, ReplyClass } from '../src/domain/proposals';
import type { Command } from '../src/domain/case';
import type { BriefingAudience } from '../src/domain/briefings';
import type { RecordFigures } from '../src/domain/statistics';
import type { GroupActivityKind } from '../src/domain/groups';
import type { WallStatus } from '../src/domain/wall';
import type { MessengerKind } from '../src/domain/messengers';
import type { TemplateName } from '../config/deployment';

/** 村(社区) / 乡镇(街道) / 县级部门 — the three ways a case is assigned (三向交办). */
export const LEVELS = ['village', 'township', 'county'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * Where a case stands. Resident-facing words are in src/domain/labels.ts.
 * submitted 待受理 · accepted 已受理待交办 · not_accepted 不予受理 · withdrawn 已撤回 ·
 * assigned 已交办待签收 · returned 已退回 · handling 办理中 · replied 已答复待评价 ·
 * reassigning 不满意待再交办 · escalated 已上报待交办 · closed 已办结 ·
 * held 内容核对中 (WeChat's content check did not pass the request: the office reviews it first) ·
 * withheld 未通过核对 (the office kept a held request back; it never reached the representative) ·
 * merged 已并案 (the office merged it into another case of the same problem: `mergedInto`)
 */
export const CASE_STATUSES = [
  'held',
  'withheld',
  'submitted',
  'accepted',
  'not_accepted',
  'withdrawn',
  'assigned',
  'returned',
  'handling',
  'replied',
  'reassigning',
  'escalated',
  'closed',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What a user can do to a case; the transition table (src/domain/transitions.ts) says who and when. */
export const CASE_ACTIONS = [
  'withdraw', // 撤回 (resident, before it is accepted)
  'accept', // 受理 (representative)
  'reject', // 不予受理 (representative, with a reason)
  'answer', // 当场答复 (representative answers on the spot)
  'assign', // 交办 / 再交办 (representative or assigner)
  'sign', // 签收 (unit handler)
  'return', // 退回 (unit handler: not ours)
  'reply', // 进展答复 (unit handler)
  'close', // 办结答复 with an outcome (unit handler)
  'rate', // 评价 (resident)
  'urge', // 催办 (resident: a late case, or one due within two working days)
  'note', // 内部备注 (anyone working on the case)
  'supervise', // 督办 (supervisor or office presses the unit)
  'escalate', // 上报 (handler or assigner: this level cannot solve it)
  'extend', // 申请延期 (handler asks for more time)
  'approve_extension', // 同意延期 (assigner or supervisor)
  'refuse_extension', // 不同意延期
  'release', // 放行: the office lets held content through (内容核对)
  'withhold', // 不予放行: the office keeps held content back, with a reason
  'still_there', // 问题还在吗: the resident's answer, a month after 已办结 (还在 reopens it as 再交办)
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Timeline events the clock writes, not a person. */
export type SystemEvent = 'remind' | 'overdue' | 'ask_still_there';
/** 改由他人跟进: the office moved a case from a representative who left to a successor or to itself. */
export type TransferEvent = 'transfer';
/**
 * 我也反映: another resident said it is their problem too (`metoo`); a co-reporter rated the answer
 * (`co_rate`); the office merged one case into another (`merge`, on both: 并案, usecases/metoo.ts).
 */
export type MetooEvent = 'metoo' | 'co_rate' | 'merge';

/** 已办结 / 已启动办理 (with a plan and expected date) / 已解释说明 */
export const OUTCOMES = ['resolved', 'in_progress', 'explained'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** 反馈方式: 消息/电话 · 公开栏 · 上门 */
export const FEEDBACK_METHODS = ['message', 'notice_board', 'in_person'] as const;
export type FeedbackMethod = (typeof FEEDBACK_METHODS)[number];
/** 满意 / 基本满意 / 不满意 */
export const RATINGS = ['satisfied', 'basic', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/** A user's standing grants (users collection). Residents need none. */
export const STAFF_ROLES = ['representative', 'assigner', 'handler', 'supervisor', 'office'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** How a caller stands towards one case; the transition table is written in these terms. */
export const RELATIONS = [
  'resident', // the person who submitted it
  'representative', // the representative whose card it came through (首办责任制)
  'assigner', // the township 组织委员 or the county office for its level
  'handler', // a handler of the lead unit
  'co_handler', // a handler of a co-handling unit (county cases)
  'supervisor', // the leader supervising that level
  'office', // the county office: sees everything in its county
  'co_reporter', // 我也反映: a resident who raised the same problem; hears and sees it as its resident does, but not who sent it
] as const;
export type Relation = (typeof RELATIONS)[number];

export interface RoleGrant {
  role: StaffRole;
  countyId: string;
  /** township assigners, township supervisors */
  townshipId?: string;
  /** village-link supervisors (the township leader linked to these villages) */
  villageIds?: string[];
  /** handlers */
  unitId?: string;
  /** representatives */
  representativeId?: string;
  /** assigners and supervisors: the level they cover */
  level?: Level;
}

export interface User {
  _id: string; // openid
  name: string;
  phone?: string;
  grants: RoleGrant[];
  /** city or province offices (市、省联系群众工作办公室) whose counties' figures this person may read: never their cases */
  regions?: string[];
  /** one key per grant (src/domain/roles.ts `scopeKeys`), indexed: "who handles unit X" is one query */
  scopes: string[];
  createdAt: number;
  updatedAt: number;
}

/**
 * 公开栏: a notice that answers many requests at once (feedback method 公开栏公示), posted for some
 * villages, published by the office or a unit; the cases it answers show it.
 */
export interface Notice {
  _id: string;
  countyId: string;
  title: string;
  body: string;
  villageIds: string[];
  caseIds: string[];
  publishedAt: number;
  /** who the village reads it from: a unit's name, or the office */
  publisher: string;
  publishedBy: string;
}

export interface County {
  _id: string;
  name: string;
  /** since when its statistics' daily rollups are kept (set when the county is set up, or by its first recount) */
  rollupsFrom?: number;
  /** the representatives the office named to review proposals with it (议案审查委员会) */
  proposalCommittee?: string[];
  /** the co-signers (附议) a 提议 and a 提案 need before they are submitted, as its office set them (else the rules' defaults) */
  proposalCosigners?: { motion: number; proposal: number };
}

export const REGION_LEVELS = ['city', 'province'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/**
 * A city or a province above counties: its office reads the figures of the counties under it,
 * side by side and in total, from their rollups. It holds no grant in any county and never sees a
 * case or a resident.
 */
export interface Region {
  _id: string;
  name: string;
  level: RegionLevel;
  countyIds: string[];
}

/** An invitation to read a region's figures, kept with the county invitations (the code is the id). */
export interface RegionInvitation {
  _id: string;
  regionId: string;
  name: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  usedBy: string | null;
  usedAt: number | null;
}

/**
 * What the office's organisation records share: `code` is the office's own 编号, unique within
 * its county (two counties may both have a `qingshi`); `_id` is unique across the environment
 * (an imported record's is `<county>:<code>`), and every reference between records holds it.
 */
export interface OrgRecord {
  _id: string;
  countyId: string;
  code: string;
}
export interface Township extends OrgRecord {
  name: string;
}
export interface Village extends OrgRecord {
  townshipId: string;
  name: string;
  /** the stored image of its echo wall's code (回音墙), once made, by the version of the mini-program it opens (an import drops it: it is made again) */
  wallCodeFileIds?: Partial<Record<string, string>>;
}
export interface Unit extends OrgRecord {
  level: Level;
  name: string;
  townshipId?: string; // township and village units
  villageId?: string; // village units (村委会/居委会)
  /** categories this unit usually handles: drives the suggestion the representative confirms */
  categories: string[];
}
export interface Representative extends OrgRecord {
  name: string;
  photoUrl: string;
  position: string;
  phone: string;
  /** 县级党代表 / 乡镇党代表 */
  level: 'county' | 'township';
  /** the reception group (接待小组) this representative belongs to: the other members' names */
  team: string[];
  villageIds: string[];
  /** printed on the contact card and in its mini-program code (scene): unique across the environment */
  cardCode: string;
  /**
   * the stored image of the card's code, once made, by the version of the mini-program it opens
   * (a trial version's code never stands in for the released one's)
   */
  codeFileIds?: Partial<Record<string, string>>;
  /** false once the office deactivated them: their card takes no new requests */
  active: boolean;
  /** when they left, and why (the office's words) */
  leftAt?: number;
  leftReason?: string;
  /** who follows their open cases since: another representative, or null for the office */
  successorId?: string | null;
}

/**
 * 三固定's fixed time: when a workroom receives residents. Weekdays 1 (Monday) … 7 (Sunday);
 * a fortnightly point (remote villages) counts its weeks from its first reception day.
 */
export type ReceptionSchedule = { every: 'month'; day: number } | { every: 'week'; weekday: number } | { every: 'fortnight'; weekday: number; from: string };

/** 党代表工作室: the fixed place, time and people (三固定) where a reception group receives residents. */
export interface Workroom extends OrgRecord {
  townshipId: string;
  villageId: string;
  name: string;
  schedule: ReceptionSchedule;
  /** the hours, as posted: 上午9:00—12:00 */
  hours: string;
  /** the reception group (固定人员) */
  representativeIds: string[];
}

/**
 * 接待日志: one reception session at a workroom (kind `reception`, one per workroom and day) or
 * one representative's home visits (走访) in a village; the requests entered there are bound to it.
 */
export interface Reception {
  _id: string;
  countyId: string;
  townshipId: string;
  villageId: string;
  villageName: string;
  kind: 'reception' | 'visit';
  workroomId: string | null;
  workroomName: string | null;
  /** the day, YYYY-MM-DD (Asia/Shanghai) */
  date: string;
  /** whether the date is one of the workroom's reception days (an extra session is not) */
  scheduled: boolean;
  /** on duty: each is one attendance (人次) */
  representativeIds: string[];
  representativeNames: string[];
  /** residents received (接待群众, 人) */
  residents: number;
  notes: string;
  /** requests entered for residents met there */
  caseIds: string[];
  loggedBy: string;
  loggedByName: string;
  createdAt: number;
  updatedAt: number;
}

/** A log as the pages read it: who logged it by name, never by WeChat identity. */
export type LoggedReception = Omit<Reception, 'loggedBy'>;

export interface Actor {
  relation: Relation | 'system';
  name: string;
}

export interface TimelineEvent {
  id: string;
  action: CaseAction | SystemEvent | TransferEvent | MetooEvent | 'submit';
  at: number;
  actor: Actor;
  /** the words shown: a reason, a reply, a note */
  note?: string;
  /** public events are shown to the resident; internal ones to staff only */
  visibility: 'public' | 'internal';
  /** structured facts of the event (level, unit, outcome, rating…) */
  data?: Record<string, string | number | boolean | string[] | null>;
  /** state before and after, so the timeline alone replays the case */
  from: CaseStatus | null;
  to: CaseStatus;
}

export interface CaseWarning {
  kind: 'calendar_uncovered';
  message: string;
  at: number;
}

/** 上报: one step up, kept for the record and counted against the unit that pushed it up (两倒查). */
export interface Escalation {
  at: number;
  from: Level | null;
  to: Level;
  unitId: string | null;
  unitName: string | null;
  reason: string;
}

/** 延期: a handler's request for more time and what became of it. */
export interface Extension {
  requestedAt: number;
  unitName: string | null;
  reason: string;
  fromDate: string;
  toDate: string;
  status: 'pending' | 'approved' | 'refused';
  decidedAt: number | null;
  decidedBy: string | null;
  note: string | null;
}

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** WeChat's content check (security.msgSecCheck v2): pass, review (suspect) or risky, and why (label). */
export interface TextVerdict {
  suggest: 'pass' | 'review' | 'risky';
  /** 100 normal · 10001 广告 · 20001 时政 · 20002 色情 · 20003 辱骂 · 20006 违法犯罪 · 20008 欺诈 · 20012 低俗 · 20013 版权 · 21000 其他 */
  label: number;
}

/**
 * Words that did not pass the content check, held until the office releases or withholds them:
 * a whole request (status `held`), or one action whose words others would read (a reply, a
 * rating comment), kept with everything needed to apply it on release.
 */
export interface HeldContent {
  action: CaseAction | 'submit';
  /** the resolved command of a held action, applied as it is on release; null for a request */
  command: Command | null;
  by: { openid: string; relation: Relation; name: string };
  text: string;
  verdict: TextVerdict;
  at: number;
}

/**
 * WeChat's image check of one photo (security.mediaCheckAsync): asked when the request is sent,
 * answered later through message push, matched by `traceId` (kept server-side only). Until it
 * passes, the photo is the resident's and the office's alone.
 */
export interface PhotoCheck {
  photo: string;
  traceId: string | null;
  suggest: TextVerdict['suggest'] | 'pending';
  label: number | null;
  at: number;
  /** the office let a flagged photo through (its name) */
  releasedBy?: string;
}

/**
 * 语音说事: a recording the resident made (kept in their own upload folder), with the seconds it
 * lasts as their phone measured it. A voice tells who spoke: it reaches only those handling the case.
 */
export interface Recording {
  file: string;
  seconds: number;
}

export interface CaseRecord {
  _id: string;
  /** the number residents read out on the phone: YYYYMMDD + 4-digit daily sequence */
  no: string;
  requestId: string;
  countyId: string;
  townshipId: string;
  villageId: string;
  townshipName: string;
  villageName: string;
  /**
   * who follows it to the end (首办责任制): the representative of the card it came through, a
   * successor, or null once the office took over the cases of a representative who left
   */
  representativeId: string | null;
  representativeName: string;
  cardCode: string;
  category: string;
  description: string;
  photos: string[];
  /** what the resident said by voice (none on records from before 语音说事); checked as photos are, in `photoChecks` */
  recordings?: Recording[];
  location: GeoPoint | null;
  address: string | null;
  /**
   * who sent it: for a request a representative entered for a resident met in person, `openid`
   * is that representative's (they act for the resident and hear the replies) and the phone is
   * kept only with the resident's consent to be contacted
   */
  resident: {
    openid: string;
    name: string | null;
    phone: string | null;
    anonymous: boolean;
    /** once the phone is cleared (RULES.retention.phoneDays after closing): its masked form, for the ledger */
    maskedPhone?: string;
  };
  /** the reception session or home visit (接待日志) it was entered at; null when sent from a card */
  receptionId: string | null;
  /** the proposal it was made from (转作意见建议): its proposer follows it and stands in for a resident */
  proposalId?: string | null;
  /** the echo-wall post it was made from: anonymous, no resident follows it */
  wallPostId?: string | null;
  /** the grid (网格) it belongs to: entered on a grid visit, passed on by the grid's messenger, or set by staff */
  gridId?: string | null;
  /**
   * 代为反映 / 代办: the messenger (民情信使) or party member (代办党员) who passed it on for a
   * neighbour; `resident.openid` is theirs (they follow it, hear its replies and may rate), `resident`
   * holds the neighbour's name and (with consent) phone, or nothing of an anonymous neighbour
   */
  messenger?: CaseMessenger | null;
  /** others who follow it as its resident does (hear its replies, see it): a resident who opened a 代办's follow code (indexed) */
  followers?: string[];
  /**
   * 我也反映: residents who raised the same problem (是同一件事, or their case was merged into this
   * one); they hear its messages and may rate it, never see who sent it (indexed)
   */
  coReporters?: string[];
  /** each co-reporter's own rating of the answer (a co-reporter rates once; the resident's is `rating`) */
  coRatings?: Array<{ openid: string; rating: Rating; at: number }>;
  /**
   * where and about what it was sent, `<county>|<village>|<category>|<fault>|<thing>` (indexed with
   * `createdAt`, newest first): 我也反映's lookup of a village's newest alike cases (src/domain/metoo.ts
   * `similarKeys`), written with every save while the case is open and empty once it is not
   * (`caseSimilarKeys`). A case last saved before this field (or its present form) existed has none
   * until its next save.
   */
  similarKeys?: string[];
  /** 并案: the case this one was merged into (status `merged`; indexed) */
  mergedInto?: string | null;
  /** the one-time follow code's token and until when it opens (cleared once used): handed to the resident a 代办 is for */
  follow?: { token: string; expiresAt: number } | null;
  /**
   * the grid visit (网格走访) it was entered on: whoever entered it follows it for the resident —
   * a representative as for a reception (its `representativeId`), village staff by their own
   * openid (`resident.openid`)
   */
  gridVisitId?: string | null;
  status: CaseStatus;
  level: Level | null;
  unitId: string | null;
  unitName: string | null;
  coUnitIds: string[];
  coUnitNames: string[];
  assignedAt: number | null;
  /** end of the last day allowed (23:59:59.999 Asia/Shanghai), epoch ms */
  dueAt: number | null;
  /** the last day allowed, YYYY-MM-DD in Asia/Shanghai */
  dueDate: string | null;
  outcome: Outcome | null;
  feedbackMethod: FeedbackMethod | null;
  reply: string | null;
  plan: string | null;
  /** in_progress outcomes: when the work is expected to finish, YYYY-MM-DD */
  expectedDate: string | null;
  rating: Rating | null;
  ratingComment: string | null;
  reassignCount: number;
  returnCount: number;
  /** the units that returned it (退回), for 两倒查 */
  returnedUnitIds: string[];
  /** the representative's first answer to the request (受理, 不予受理 or 当场答复): for the response rate */
  respondedAt: number | null;
  /** the clock: when the next reminder is due (indexed; null when nothing is) and which one */
  nextReminderAt: number | null;
  nextReminderKey: string | null;
  /** went past its due day while open (kept after closing, for statistics) */
  overdue: boolean;
  overdueAt: number | null;
  /** units under which it went overdue: counted against them */
  overdueUnitIds: string[];
  superviseCount: number;
  /** 催办 pressed by the resident (absent on cases from before it existed) */
  urgeCount?: number;
  escalationCount: number;
  escalations: Escalation[];
  extensions: Extension[];
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  version: number;
  events: TimelineEvent[];
  warnings: CaseWarning[];
  /** the image check of each photo (see PhotoCheck) */
  photoChecks: PhotoCheck[];
  /** content waiting for the office's review, and since when (indexed: the office's list) */
  held: HeldContent | null;
  heldAt: number | null;
  /** 问题还在吗: when the resident is to be asked (indexed cursor; null once asked, or when not to be asked) */
  stillThereAt?: number | null;
  /** the latest question and its answer */
  stillThere?: StillThere | null;
  /** how many times the resident was asked (statistics: 复发率's denominator) */
  stillThereAsked?: number;
  /** reopened by 还在 (再交办 to the same unit): 复发率's numerator */
  reopenCount?: number;
}

/** 问题还在吗: 已解决 (gone) or 还在 (still). */
export const STILL_THERE_ANSWERS = ['gone', 'still'] as const;
export type StillThereAnswer = (typeof STILL_THERE_ANSWERS)[number];

/** The question put to the resident `RULES.stillThere.askAfterDays` after 已办结, answered within `answerDays`. */
export interface StillThere {
  askedAt: number;
  /** the last day to answer, YYYY-MM-DD, and its end (epoch ms) */
  answerDate: string;
  answerBy: number;
  /** the latest answer (any reporter's; 还在 is the last, since it reopens the case) */
  answer: StillThereAnswer | null;
  answeredAt: number | null;
  /** the latest answering request's id */
  requestId: string | null;
  /**
   * each reporter's own answer, at most one each (absent on questions from before each reporter
   * answered for themselves: their single answer is read as the resident's, see stillThereAnswers)
   */
  answers?: StillThereReply[];
}

/** One reporter's answer to 问题还在吗. */
export interface StillThereReply {
  /** null: the case's own resident (or whoever stands in for them); else the co-reporter's openid */
  reporter: string | null;
  answer: StillThereAnswer;
  at: number;
  /** the answering request's id: the same request again answers the same */
  requestId: string;
}

/** Kinds of notification an action causes; the outbox carries them to the message centre. */
export const MESSAGE_KINDS = [
  'case_submitted', // to the representative: a new request on your card
  'case_accepted', // to the resident
  'case_not_accepted', // to the resident
  'case_assigned', // to the unit's handlers
  'case_returned', // to the assigners
  'case_progress', // to the resident
  'case_replied', // to the resident (and the representative, who follows it to the end)
  'case_reassigning', // to the assigners: the resident was dissatisfied
  'case_closed', // to the representative
  'case_reminder', // to whoever the clock waits for: triage, routing, signing, due soon, due today
  'case_overdue', // to the handlers, the level's supervisor and the office
  'case_supervised', // 督办: to the unit's handlers
  'case_urged', // 催办: the resident pressed; to the representative and whoever holds the case
  'case_escalated', // 上报: to the new level's assigner and the representative (首办责任制)
  'extension_requested', // to the assigner and the supervisor
  'extension_decided', // to the unit's handlers
  'content_held', // to the office: content waits for its review
  'content_withheld', // to whoever wrote content the office kept back
  'case_transferred', // to whoever now follows a case whose representative left
  'briefing_published', // 重大事项通报: to each representative of its audience (`caseId` holds the briefing's id)
  'matter_put', // 重大事项民意: to residents known in its villages (`caseId` holds the matter's id)
  // proposals (`caseId` holds the proposal's id, `caseNo` its number)
  'proposal_submitted', // to the office: a proposal waits for review
  'proposal_reviewed', // to the proposer: 立案, 转作意见建议, 并案 or 不予立案
  'proposal_assigned', // to the lead unit and the co-units
  'proposal_replied', // to the proposer: the lead unit's reply, to rate
  'proposal_returned', // to the lead unit: 不满意, one more round
  'proposal_supervised', // 督办: to the lead unit
  'proposal_reminder', // to the lead unit: the due day is near
  'proposal_overdue', // to the lead unit, the office and the county's supervisors
  // the echo wall (`caseId` holds the post's id, `caseNo` its number)
  'wall_posted', // to the replying unit: a post to answer in public
  'wall_supervised', // 督办: to the replying unit
  'wall_reminder', // to the replying unit: the due day is near
  'wall_overdue', // to the replying unit, the office and the county's supervisors
  'case_still_there', // 问题还在吗: to the resident, a month after 已办结
  'case_reopened', // 还在: to the representative (and the assigner when no unit held it): the case is handled again
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Who an outbox entry is for: everyone holding a scope key when it is delivered, or one person. */
export type Recipient = { key: string } | { openid: string };

export interface OutboxEntry {
  _id: string;
  /** the county whose office sees it when it cannot be delivered */
  countyId: string;
  kind: MessageKind;
  to: Recipient;
  caseId: string;
  caseNo: string;
  title: string;
  body: string;
  /** the page that opens the case */
  page: string;
  /**
   * pending: not tried yet · failed: a try failed, retried at `nextAttemptAt` · sent · dead: gave
   * up after the last retry (the office's dead-letter list, which can resend) · undeliverable:
   * nobody holds the scope key (logged for the office to bind someone)
   */
  status: 'pending' | 'failed' | 'sent' | 'dead' | 'undeliverable';
  createdAt: number;
  sentAt: number | null;
  attempts: number;
  /** when the deliver timer should try it next (indexed with status); null once settled */
  nextAttemptAt: number | null;
  lastError: string | null;
  /** recipients it has reached, so a retry after a partial failure sends only to the rest */
  deliveredTo: string[];
  /**
   * recipients WeChat sent no subscribe message to because they had no subscription left (43101):
   * they have it in the in-app message centre; not retried
   */
  unsubscribed?: string[];
}

/** One outbox entry for one person: what a messenger sends. */
export type Delivery = Pick<OutboxEntry, 'kind' | 'caseId' | 'caseNo' | 'title' | 'body' | 'page' | 'createdAt'> & {
  _id: string;
  to: string;
  /** the outbox entry it delivers (whose id its reach and 回访 item carry) */
  entryId: string;
};

export interface Message {
  _id: string; // the delivery's id: delivering twice writes the same message
  to: string;
  kind: MessageKind;
  caseId: string;
  caseNo: string;
  title: string;
  body: string;
  page: string;
  createdAt: number;
  read: boolean;
  /** the outbox entry it came from (absent on messages delivered before it was kept) */
  entryId?: string;
}

export interface Invitation {
  _id: string; // the code
  countyId: string;
  name: string;
  grant: RoleGrant;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  usedBy: string | null;
  usedAt: number | null;
}

/** Office calendar overrides (调休 the official data does not know, or local holidays). */
export interface CalendarOverride {
  _id: string; // `${countyId}:${date}` or `${countyId}:year:${year}`
  countyId: string;
  kind: 'holiday' | 'workday' | 'year_published';
  /** YYYY-MM-DD for holiday/workday */
  date: string | null;
  /** for year_published: the office has entered that year's holidays, so it counts as covered */
  year: number | null;
  name: string;
}

/** What the audit trail records: who gave or took away a role, imported, released held content, saw a phone. */
export const AUDIT_KINDS = [
  'invite', // the office issued an invitation code
  'uninvite', // the office withdrew an unused code
  'grant', // someone bound a role with a code
  'revoke', // the office took a role away
  'deactivate', // the office deactivated a representative
  'import', // the office imported its organisation
  'release', // the office let held words through (核对放行)
  'withhold', // the office kept held words back (不予放行)
  'release_photo', // the office let a flagged photo through
  'view_phone', // someone saw a resident's full phone on a case
  'merge', // the office merged one case into another (并案)
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/**
 * One line of the audit trail (PIPL: who saw personal data, who gave access to it). Written with
 * the change it records; the office of the county reads it.
 */
export interface AuditEntry {
  _id: string;
  countyId: string;
  kind: AuditKind;
  at: number;
  /** who did it: an openid, or `setup` for the first office's invitation */
  by: string;
  byName: string;
  /** whom or what it concerns, in words (a person and their role, a case number, a file) */
  subject: string;
  caseId: string | null;
  /** the reason given, or what changed */
  detail: string;
}

/**
 * A limit kept in the same transaction as the write it limits: the times of the recent attempts
 * of one identity (or of everyone), oldest first, never more than the limit allows.
 */
export interface LimitWindow {
  _id: string;
  times: number[];
  /** the latest attempt (indexed: idle records are deleted after a day) */
  last: number;
}

/** A workbook kept for the office to download, deleted once it is older than the rules allow. */
export interface KeptExport {
  _id: string;
  fileId: string;
  createdAt: number;
}

/**
 * A representative's proposal (提议 / 提案, src/domain/proposals.ts for its states and who may
 * move it). Its words are the proposer's; co-signers and reviewers read them.
 */
export interface Proposal {
  _id: string;
  countyId: string;
  kind: ProposalKind;
  status: ProposalStatus;
  title: string;
  category: string;
  problem: string;
  suggestion: string;
  /** the cases that prompted it */
  caseIds: string[];
  /** photos or pictures of files the proposer uploaded (file ids; private: shown to those who may read it, never on the public board) */
  photos: string[];
  proposerId: string;
  proposerName: string;
  cosigners: Array<{ representativeId: string; name: string; at: number }>;
  /** the number it was given when submitted: the year and its place in the county's year (2026-007) */
  no: string | null;
  /** the collection window a 提案 was drafted in */
  window: { id: string; from: string; to: string } | null;
  /** rounds sent back by a 不满意 rating so far */
  rounds: number;
  /** set while 转作意见建议 makes its case, so that no other review lands meanwhile */
  converting?: boolean;
  /** the proposals 并案 into this one, and their proposers (told of its reply) */
  joined?: Array<{ id: string; proposerId: string }>;
  events: Array<{ at: number; action: ProposalAction; by: string; byName: string; note?: string }>;
  submittedAt: number | null;
  /** 交办: the lead unit and co-units, and the day the reply is due */
  handling: {
    leadUnitId: string;
    leadUnitName: string;
    coUnitIds: string[];
    coUnitNames: string[];
    dueDate: string;
    dueAt: number;
    assignedAt: number;
    /** the lead unit's first reply (答复是否按期) */
    firstReplyAt: number | null;
    /** marked by the remind timer once the due day passed unanswered */
    overdue?: boolean;
  } | null;
  /** the proposal clock's next reminder while a unit handles it (indexed), and which one it is */
  nextReminderAt: number | null;
  nextReminderKey: string | null;
  /** the lead unit's reply in the standard classes, until a 不满意 sends it round again */
  reply: { replyClass: ReplyClass; text: string; at: number; byName: string } | null;
  /** the proposer's rating of the reply that closed it */
  rating: Rating | null;
  /** the review: 立案, 转作意见建议 (the case it became), 并案 (into another), 不予立案 (with a reason) */
  review: {
    decision: 'register' | 'convert' | 'merge' | 'decline';
    by: string;
    byName: string;
    at: number;
    reason: string | null;
    intoId: string | null;
    caseId: string | null;
  } | null;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** 提案征集: the days the office takes 提案 before a party congress. */
export interface ProposalWindow {
  _id: string;
  countyId: string;
  name: string;
  from: string;
  to: string;
  openedBy: string;
  openedAt: number;
}

/**
 * 重大事项通报: a major matter the county office tells its representatives of, optionally asking
 * for their opinions (征求意见) until a closing day. Its audience is resolved to representatives
 * when it is published and kept: who joins a group later was not told.
 */
export interface Briefing {
  _id: string;
  countyId: string;
  title: string;
  text: string;
  /** attached images, kept like requests' photos (uploaded to the office's own folder) */
  files: string[];
  audience: BriefingAudience;
  /** the groups chosen (audience `groups`), with their names as they were */
  groups: Array<{ id: string; name: string }>;
  /** the representatives it reached */
  representativeIds: string[];
  /** 征求意见: the last day opinions are taken (YYYY-MM-DD, Asia/Shanghai), or null when none are asked */
  opinionsUntil: string | null;
  publishedAt: number;
  publishedBy: string;
  publishedByName: string;
}

/**
 * One representative's answer to one briefing (id `<briefingId>:<representativeId>`): when they
 * acknowledged reading it (确认已阅), and their opinion, changed at will until the closing day.
 */
export interface BriefingRead {
  _id: string;
  briefingId: string;
  countyId: string;
  representativeId: string;
  representativeName: string;
  /** 确认已阅: the first acknowledgement (giving an opinion acknowledges it too) */
  readAt: number | null;
  opinion: string | null;
  opinionAt: number | null;
}

/**
 * 述职评议: the office's evaluation of one representative by the residents of their villages
 * (src/domain/evaluation.ts for who may vote and the tally). The representative's report and the
 * result are published on those villages' boards (公示牌).
 */
export interface Evaluation {
  /** `<representativeId>:e<seq>`: two evaluations opened for one representative at once collide */
  _id: string;
  countyId: string;
  representativeId: string;
  representativeName: string;
  /** the representative's n-th evaluation (1, 2, …) */
  seq: number;
  /** 2026年度述职评议 */
  name: string;
  /** the days the report's figures cover, YYYY-MM-DD */
  period: { from: string; to: string };
  /** first and last day of voting, both included */
  opensOn: string;
  closesOn: string;
  /** the representative's villages when it was opened: their boards show it, their residents vote */
  villageIds: string[];
  /** 述职报告: the representative's words and their record's figures for the period, as of when they were submitted */
  report: { text: string; figures: RecordFigures; submittedAt: number } | null;
  /** set by the first vote: the report no longer changes */
  voted?: boolean;
  /** the tally the office published once voting closed */
  result: { satisfied: number; basic: number; dissatisfied: number; publishedAt: number; publishedBy: string; publishedByName: string } | null;
  openedBy: string;
  openedByName: string;
  openedAt: number;
  updatedAt: number;
  version: number;
}

/**
 * One resident's vote. Its id is `<evaluationId>:<key>`, the key a hash of the voter's openid and
 * the evaluation: one vote per WeChat identity, and nothing stored says who cast it, or when.
 */
export interface EvaluationVote {
  _id: string;
  evaluationId: string;
  countyId: string;
  /** the board it came through: one of the representative's villages */
  villageId: string;
  rating: Rating;
  /** content-checked words, shown to the office and the representative without the voter */
  comment: string | null;
}

/**
 * 重大事项民意 / 坝坝会: a matter a village or township puts to the residents of some of its villages
 * (src/domain/matters.ts), decided by an online vote or by a meeting held in person (`mode`).
 */
export interface Matter {
  _id: string;
  countyId: string;
  townshipId: string;
  villageIds: string[];
  title: string;
  /** what it is, content-checked */
  body: string;
  kind: 'approval' | 'choice';
  mode: 'vote' | 'meeting';
  /** 2–6; an approval's first option is the approving one */
  options: string[];
  /** first and last day of the vote (or the days the meeting may be held), both included */
  opensOn: string;
  closesOn: string;
  /** the county's threshold when it was put: a later change of the rules does not change it */
  threshold: { numerator: number; denominator: number };
  /** who put it, and in whose name (unit, township or office) */
  putBy: string;
  putByName: string;
  publisher: string;
  putAt: number;
  /** the meeting held in person (坝坝会), as its chair recorded it */
  meeting: { date: string; place: string; attendance: number; counts: number[]; minutes: string; chair: string; chairName: string; recordedAt: number } | null;
  /** the counts that decided it (the votes, or the meeting's), once published */
  result: { counts: number[]; cast: number; passed: boolean | null; chosen: number | null; decidedAt: number; decidedBy: string } | null;
  updatedAt: number;
  version: number;
}

/**
 * One resident's vote on a matter: its id is `<matterId>:<key>`, the key a hash of the voter's
 * openid and the matter. Nothing stored says who cast it, or when.
 */
export interface MatterVote {
  _id: string;
  matterId: string;
  countyId: string;
  /** the board it came through: one of the matter's villages */
  villageId: string;
  option: number;
}

/**
 * An activity group (活动小组): representatives of a county organised to visit, inspect (调研视察)
 * and gather opinions together, with a leader (组长). Imported with the organisation.
 */
export interface ActivityGroup {
  _id: string;
  countyId: string;
  name: string;
  /** the leader, one of the members */
  leaderId: string;
  memberIds: string[];
  /** the office's 编号 of an imported group (its `_id` is `<county>:<code>`) */
  code?: string;
}

/**
 * 小组活动: one activity of an activity group — a 调研视察, a 集中联系 or a day of 走访 — logged by
 * its leader or a member, with who of the group was there and how many opinions were gathered.
 * Read by the group's members and the county office; corrected by whoever logged it, checked by
 * `version`, within the days a reception log may be written.
 */
export interface GroupActivity {
  _id: string;
  countyId: string;
  groupId: string;
  groupName: string;
  kind: GroupActivityKind;
  /** the day, YYYY-MM-DD (Asia/Shanghai) */
  date: string;
  place: string;
  subject: string;
  /** the members present (each one attendance) */
  attendeeIds: string[];
  attendeeNames: string[];
  notes: string;
  /** photos the logger uploaded to their own photos/ folder */
  photos: string[];
  /** opinions gathered (条), when counted */
  opinions: number | null;
  /** the representative who logged it (and alone may correct it), and their openid */
  loggedById: string;
  loggedByName: string;
  loggedBy: string;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** 办公室加减分: a manual score item the office adds for a representative's year, with its reason. */
export interface ScoreAdjustment {
  _id: string;
  countyId: string;
  representativeId: string;
  year: number;
  /** positive or negative, to one decimal */
  points: number;
  reason: string;
  by: string;
  byName: string;
  at: number;
}

/**
 * 民意回音墙: an opinion posted on a village's public wall WITHOUT a name. It keeps nothing of who
 * wrote it (no openid, no exact time: only the day), so no one, the office included, can tell.
 */
export interface WallPost {
  _id: string;
  countyId: string;
  townshipId: string;
  townshipName: string;
  villageId: string;
  villageName: string;
  /** the county's year and its place in it (2026-00007): the wall's order */
  no: string;
  text: string;
  status: WallStatus;
  /** the day it was written, and the day it went up on the wall (the reply clock starts the day after) */
  postedOn: string;
  publishedOn: string | null;
  /** who replies (the county's rule when it was posted) and the units that may */
  replyBy: 'village' | 'township';
  unitIds: string[];
  /** the reply is due by the end of this day (set once published) */
  dueDate: string | null;
  dueAt: number | null;
  /** marked by the remind timer once the due day passed unanswered */
  overdue: boolean;
  /** the office's review of a post the content check held (放行 / 不予公开) */
  review: { decision: 'release' | 'reject'; byName: string; at: number; reason: string | null } | null;
  reply: { text: string; unitId: string; unitName: string; byName: string; at: number; repliedOn: string; workingDays: number; late: boolean } | null;
  supervisions: Array<{ byName: string; at: number; note: string }>;
  /** the case it became (转为事项) */
  case: { id: string; no: string; byName: string; at: number } | null;
  /** the wall clock's next reminder while it waits for its reply (indexed), and which one it is */
  nextReminderAt: number | null;
  nextReminderKey: string | null;
  version: number;
}

/**
 * 网格: a part of a village whose responsible people visit its households on the county's visit
 * rule (`RULES.counties[id].grids`). Imported with the organisation (sheet 网格, by 编号).
 */
export interface Grid extends OrgRecord {
  townshipId: string;
  villageId: string;
  name: string;
  /** the grid's head (网格长) and its village staff (网格员), by name as the office keeps them */
  staffNames: string[];
  /** representatives who answer for it */
  representativeIds: string[];
  /** resident backbones (群众骨干) who help, by name */
  backbones: string[];
}

/** Who passed a case on for a neighbour, as the case keeps it: a public role, never their WeChat identity or phone. */
export interface CaseMessenger {
  id: string;
  name: string;
  kind: MessengerKind;
}

/**
 * 民情信使 (kind `messenger`: a resident who passes on the requests of their grid's neighbours) or
 * 代办党员 (kind `errand`: a party member of a village who runs errands for residents, 党员代办制).
 * Invited by the office or the township's assigner, accepted by the resident with the code while
 * signed in. Never staff: no RoleGrant, nothing in `users`; what they may do rests on this record.
 */
export interface Messenger {
  _id: string;
  countyId: string;
  townshipId: string;
  villageId: string;
  /** the grid a messenger serves (null for a 代办党员, who serves the village) */
  gridId: string | null;
  kind: MessengerKind;
  name: string;
  /** how the office reaches them (shown to the office and the township, never on a case) */
  phone: string;
  /** the WeChat identity that accepted (indexed); null until then; never shown to anyone */
  openid: string | null;
  /** the one-use invitation code (indexed), good until `expiresAt` while nobody accepted it */
  code: string;
  expiresAt: number;
  invitedBy: string;
  invitedByName: string;
  invitedAt: number;
  acceptedAt: number | null;
  /** false once the office or township ended their term (任期结束) */
  active: boolean;
  ended: { at: number; byName: string; reason: string } | null;
}

/**
 * 接待前民意清单: what the village gathered by hand for one workroom's reception day (one record per
 * workroom and day, `<workroomId>@<date>`); the open requests and those raised since the last
 * session are read from the cases. A representative on duty enters an item as a request there.
 */
export interface ReceptionList {
  _id: string;
  countyId: string;
  townshipId: string;
  villageId: string;
  workroomId: string;
  date: string;
  items: Array<{
    /** i1, i2… within the list */
    id: string;
    /** content-checked words */
    text: string;
    residentName: string | null;
    addedBy: string;
    addedByName: string;
    at: number;
    /** once entered at the session (当面登记): the case it became */
    caseId: string | null;
    caseNo: string | null;
  }>;
  updatedAt: number;
  version: number;
}

/** One item of a township's monthly problem meeting: a case the agenda took up, or an item added by hand. */
export interface MeetingItem {
  /** the case's id, or h1, h2… for an item added by hand */
  key: string;
  caseId: string | null;
  caseNo: string | null;
  /** the case's category and words (shortened), or the hand item's words */
  category: string | null;
  text: string;
  /** why a case is on the agenda (src/domain/linkage.ts AGENDA_REASONS), as when it was taken up */
  reasons: Array<'overdue' | 'escalated' | 'returned' | 'dissatisfied'>;
  addedByName: string | null;
  /** the meeting's decision: who leads, by when */
  decision: { leadUnitId: string; leadUnitName: string; dueDate: string; note: string | null } | null;
  /** what reached the case (督办 with the new date): a correction with the same lead and date presses nobody again */
  applied: { unitId: string; dueDate: string; at: number } | null;
}

/**
 * 乡镇每月问题会商会: one per township and month (`<townshipId>@<YYYY-MM>`): the items added by hand
 * before it, and once held, its record — date, place, attendees — and each item's decision.
 */
export interface ProblemMeeting {
  _id: string;
  countyId: string;
  townshipId: string;
  townshipName: string;
  month: string;
  items: MeetingItem[];
  held: { date: string; place: string; attendees: string[]; recordedBy: string; recordedByName: string; recordedAt: number } | null;
  updatedAt: number;
  version: number;
}

/** A reception session drawn for inspection: the workroom, the day, and its reception group on duty. */
export interface InspectedSession {
  key: string;
  workroomId: string;
  workroomName: string;
  townshipId: string;
  villageName: string;
  date: string;
  representativeIds: string[];
  representativeNames: string[];
  /** what the inspectors found: who of the group was absent (everyone else present), notes */
  finding: { absentIds: string[]; notes: string; byName: string; at: number } | null;
}

/**
 * 督查: the county's draw of reception sessions to inspect in a period (one per county and period,
 * `<countyId>:<from>:<to>`): the candidates, the seed and the chosen (src/domain/linkage.ts
 * `drawSessions` replays it), and the findings per session.
 */
export interface Inspection {
  _id: string;
  countyId: string;
  from: string;
  to: string;
  count: number;
  seed: number;
  /** every scheduled session of the period, `<workroomId>@<date>`, in the order drawn from */
  candidates: string[];
  sessions: InspectedSession[];
  drawnBy: string;
  drawnByName: string;
  drawnAt: number;
  updatedAt: number;
}

/**
 * 网格走访: one day of household visits in a grid, logged by one of its responsible people (a
 * representative named on the grid, a handler of the village's unit, or the township's assigner):
 * one log per grid, day and logger (its id derived from the three), corrected with the
 * `updatedAt` it was read with. The requests met on the visit are bound to it (`caseIds`).
 */
export interface GridVisit {
  _id: string;
  countyId: string;
  townshipId: string;
  villageId: string;
  villageName: string;
  gridId: string;
  gridName: string;
  /** the day, YYYY-MM-DD (Asia/Shanghai) */
  date: string;
  /** who went: people of the grid, by name */
  people: string[];
  /** households visited (户) */
  households: number;
  notes: string;
  caseIds: string[];
  /** who logged it: their openid and name, and the representative they are when they are one */
  loggedBy: string;
  loggedByName: string;
  loggedByRepresentativeId: string | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * One-time subscribe consents (一次性订阅) one person gave for one template: each accept in the
 * dialog allows one push. `_id` = derivedId('consent', openid, template). A push uses one up; a
 * push WeChat refused (43101) sets the count to zero and notes the refusal until the next accept.
 */
export interface Consent {
  _id: string;
  openid: string;
  template: TemplateName;
  count: number;
  refusedAt: number | null;
  updatedAt: number;
}

/**
 * Why a resident must be called (回访): no consent left, WeChat refused the push, the request was
 * entered for them, or this deployment has no subscribe template for the answer (in-app only).
 */
export const CALLBACK_REASONS = ['no_consent', 'refused', 'entered', 'in_app'] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];
/** 回访's outcome: 已联系上 · 无人接听 (try again later) · 号码有误 */
export const CALLBACK_OUTCOMES = ['reached', 'no_answer', 'wrong_number'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

export interface CallbackAttempt {
  at: number;
  outcome: CallbackOutcome;
  note: string | null;
  byName: string;
}

/**
 * 回访: an answer (a reply, a close, a refusal) the resident could not be sent, on the list of the
 * case's representative (indexed by representativeId; the office sees its county's). `_id` derives
 * from the outbox entry, so an answer is put on the list once.
 */
export interface Callback {
  _id: string;
  countyId: string;
  caseId: string;
  caseNo: string;
  representativeId: string | null;
  reason: CallbackReason;
  /** what the resident is to be told */
  kind: MessageKind;
  title: string;
  body: string;
  createdAt: number;
  /** when it should be done by: `RULES.reach.withinHours` after the answer */
  due: number;
  /** open until reached or the number proves wrong; no_answer keeps it open */
  status: 'open' | 'done';
  outcome: CallbackOutcome | null;
  attempts: CallbackAttempt[];
  updatedAt: number;
}

/**
 * Whether a resident heard an answer (reached within 24 h, the office's figure): one per answer
 * message to a case's resident, `_id` its outbox entry's. `reachedAt`: pushed, or a 回访 reached.
 */
export interface Reach {
  _id: string;
  countyId: string;
  caseId: string;
  kind: MessageKind;
  answeredAt: number;
  reachedAt: number | null;
  /** pushed, told by a 回访 call, or read in the mini-program's message centre before anyone called */
  via: 'push' | 'call' | 'app' | null;
}
