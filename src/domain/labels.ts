/** The words users read: plain Simplified Chinese, one place. */
import { RULES } from '../../config/rules';
import type { Stage } from '../../types/api';
import type {
  AuditKind,
  CaseAction,
  CaseStatus,
  FeedbackMethod,
  Level,
  MessageKind,
  Outcome,
  Rating,
  Reception,
  Relation,
  SystemEvent,
  TransferEvent,
  MetooEvent,
} from '../../types/domain';
import type { BriefingAudience } from './briefings';
import type { GroupActivityKind } from './groups';

export const STATUS_TEXT: Record<CaseStatus, string> = {
  held: '内容核对中',
  withheld: '未通过核对',
  submitted: '待受理',
  accepted: '已受理，待交办',
  not_accepted: '不予受理',
  withdrawn: '已撤回',
  assigned: '已交办，待签收',
  returned: '已退回，待重新交办',
  handling: '办理中',
  replied: '已答复，待评价',
  reassigning: '不满意，待再交办',
  escalated: '已上报，待上级交办',
  closed: '已办结',
  merged: '已并案',
};

/** The resident's four steps: 已提交 → 已受理 → 办理中 → 已答复 */
export const STAGE: Record<CaseStatus, Stage> = {
  held: 0,
  withheld: 1,
  submitted: 0,
  withdrawn: 0,
  not_accepted: 1,
  accepted: 1,
  assigned: 2,
  // back with the assigner to be routed again (退回, 不满意, 上报): accepted, waiting for 交办
  returned: 1,
  handling: 2,
  reassigning: 1,
  escalated: 1,
  replied: 3,
  closed: 3,
  // merged into another case: followed there
  merged: 1,
};

export const ACTION_TEXT: Record<CaseAction | SystemEvent | TransferEvent | MetooEvent | 'submit', string> = {
  submit: '提交反映',
  withdraw: '撤回',
  accept: '受理',
  reject: '不予受理',
  answer: '当场答复',
  assign: '交办',
  sign: '签收',
  return: '退回',
  reply: '进展答复',
  close: '办结答复',
  rate: '评价',
  urge: '催办',
  note: '内部备注',
  supervise: '督办',
  escalate: '上报',
  extend: '申请延期',
  approve_extension: '同意延期',
  refuse_extension: '不同意延期',
  release: '核对放行',
  withhold: '不予放行',
  still_there: '回答问题是否还在',
  ask_still_there: '询问问题是否还在',
  remind: '提醒',
  overdue: '超期',
  transfer: '改由他人跟进',
  metoo: '我也反映',
  co_rate: '评价',
  merge: '并案',
};

export const LEVEL_TEXT: Record<Level, string> = { village: '村(社区)', township: '乡镇(街道)', county: '县级部门' };
export const OUTCOME_TEXT: Record<Outcome, string> = {
  resolved: '已办结',
  in_progress: '已启动办理',
  explained: '已解释说明',
};
export const FEEDBACK_TEXT: Record<FeedbackMethod, string> = {
  message: '消息/电话告知',
  notice_board: '公开栏公示',
  in_person: '上门反馈',
};
export const RATING_TEXT: Record<Rating, string> = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' };
export const RELATION_TEXT: Record<Relation | 'system', string> = {
  resident: '群众',
  representative: '党代表',
  assigner: '交办人',
  handler: '承办人',
  co_handler: '协办人',
  supervisor: '督办领导',
  office: '联系群众工作办公室',
  co_reporter: '同样反映的群众',
  system: '系统',
};

export const ANONYMOUS_NAME = '匿名群众';

export function categoryName(id: string): string {
  return RULES.categories.find((c) => c.id === id)?.name ?? '其他';
}

/** 11月23日, from a YYYY-MM-DD day (read off the day itself: a day is already Shanghai's) */
export const monthDay = (date: string): string => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** Each kind of message in five Chinese characters at most (a subscribe message's phrase keyword). */
export const MESSAGE_PHRASE: Record<MessageKind, string> = {
  case_submitted: '新反映',
  case_accepted: '已受理',
  case_not_accepted: '不予受理',
  case_assigned: '新交办',
  case_returned: '被退回',
  case_progress: '有新进展',
  case_replied: '已答复',
  case_reassigning: '请再交办',
  case_closed: '已办结',
  case_reminder: '办理提醒',
  case_overdue: '已超期',
  case_supervised: '督办',
  case_urged: '群众催办',
  case_still_there: '问题还在吗',
  case_reopened: '再交办',
  case_escalated: '已上报',
  extension_requested: '申请延期',
  extension_decided: '延期已审批',
  content_held: '待核对',
  content_withheld: '未通过核对',
  case_transferred: '转来跟进',
  briefing_published: '新通报',
  matter_put: '重大事项征求意见',
  proposal_submitted: '提案待审查',
  proposal_reviewed: '提案已审查',
  proposal_assigned: '交办提案',
  proposal_replied: '提案已答复',
  proposal_returned: '提案再办理',
  proposal_supervised: '提案督办',
  proposal_reminder: '提案提醒',
  proposal_overdue: '提案超期',
  wall_posted: '回音墙留言',
  wall_supervised: '回音墙督办',
  wall_reminder: '回音墙提醒',
  wall_overdue: '回音墙超期',
};

/** 重大事项通报: whom it was sent to. */
export const BRIEFING_AUDIENCE_TEXT: Record<BriefingAudience, string> = { all: '全体党代表', groups: '活动小组' };

/** Why WeChat's content check held words (msgSecCheck v2 `label`), for the office reviewing them. */
export function heldWhy(label: number): string {
  const WHY: Record<number, string> = {
    10001: '可能含广告',
    20001: '可能涉及时政',
    20002: '可能含色情内容',
    20003: '可能含辱骂',
    20006: '可能涉及违法犯罪',
    20008: '可能涉及欺诈',
    20012: '可能低俗',
    20013: '可能涉及版权',
  };
  return label === 0 ? '内容检查暂时没有结果' : (WHY[label] ?? '微信内容检查提示需人工核对');
}

/** A rate as the office reads it: 81.3%, or — when there is nothing to divide. */
export const percentText = (r: { percent: number | null }): string => (r.percent === null ? '—' : `${r.percent}%`);

/** 接待日志's two kinds: a session at a workroom, or home visits */
export const RECEPTION_KIND_TEXT = { reception: '接待日', visit: '走访' } as const;

/** A log's kind in words: a session on none of the workroom's reception days is an extra one (加开接待). */
export const receptionKindText = (l: Pick<Reception, 'kind' | 'scheduled'>): string =>
  l.kind === 'reception' && !l.scheduled ? '加开接待' : RECEPTION_KIND_TEXT[l.kind];

/** 小组活动的类型 */
export const GROUP_ACTIVITY_KIND_TEXT: Record<GroupActivityKind, string> = { inspection: '调研视察', joint_contact: '集中联系', visit: '走访' };

/** The audit trail's kinds of line, as the office reads them. */
export const AUDIT_TEXT: Record<AuditKind, string> = {
  invite: '发放邀请码',
  uninvite: '收回邀请码',
  grant: '绑定身份',
  revoke: '取消身份',
  deactivate: '党代表离任',
  import: '导入组织架构',
  release: '核对放行',
  withhold: '不予放行',
  release_photo: '放行照片',
  merge: '并案',
  view_phone: '查看群众电话',
};

/** Why an anonymous request carries no recording (语音说事): the form and the server say the same. */
export const ANONYMOUS_VOICE = '匿名反映不能带录音（听声音能认出是谁）：请删掉录音、把话写下来，或者不选匿名';
