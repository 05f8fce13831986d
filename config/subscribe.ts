/**
 * WeChat subscribe messages (订阅消息) as data: which template each kind of message goes out
 * with, and which part of the message fills each keyword of the template. An office picks, in
 * 微信公众平台 → 订阅消息 → 公共模板库, a template with the keywords listed here (the keyword
 * types and numbers must match: `thing2` is the second keyword, of type thing) and puts its id in
 * `.env.local` (config/deployment.ts). `fields` is the default numbering: if the template it picked
 * numbers its keywords otherwise, the deployment says so (LIANXIN_TEMPLATE_<NAME>_KEYWORDS), and
 * `npm run deploy` checks both against the account's templates.
 */
import type { MessageKind, StaffRole } from '../types/domain';
import type { TemplateName } from './deployment';

/**
 * What a keyword shows, taken from the message: caseNo 事项编号 · title the message's one-line
 * title · body its text (reason, reply, unit…) · time when it happened (Asia/Shanghai) · status a
 * short phrase for the kind of message (MESSAGE_PHRASE)
 */
export const FIELD_SOURCES = ['caseNo', 'title', 'body', 'time', 'status'] as const;
export type FieldSource = (typeof FIELD_SOURCES)[number];

export interface TemplateSpec {
  /** the template to look for in the public library (its title, as an office searches for it) */
  pick: string;
  /** keyword → what fills it (the default: the deployment may number them otherwise); the type prefix decides the limits it is trimmed to */
  fields: Record<string, FieldSource>;
}

export const TEMPLATES: Record<TemplateName, TemplateSpec> = {
  case_new: { pick: '新工单提醒', fields: { character_string1: 'caseNo', thing2: 'title', thing3: 'body', time4: 'time' } },
  case_assigned: { pick: '工单派发通知', fields: { character_string1: 'caseNo', thing2: 'title', thing3: 'body', time4: 'time' } },
  case_reminder: { pick: '工单超时提醒', fields: { character_string1: 'caseNo', phrase2: 'status', thing3: 'title', time4: 'time' } },
  case_progress: { pick: '办理进度通知', fields: { character_string1: 'caseNo', phrase2: 'status', thing3: 'body', time4: 'time' } },
  case_closed: { pick: '办结结果通知', fields: { character_string1: 'caseNo', phrase2: 'status', thing3: 'body', time4: 'time' } },
  case_reassigned: { pick: '工单退回提醒', fields: { character_string1: 'caseNo', thing2: 'title', thing3: 'body', time4: 'time' } },
  // 重大事项通报 to representatives: the public library's 通知公告 templates have no number to show, only
  // 通知标题 (thing), 通知内容 (thing) and 发布时间 (time); the office may pick one that numbers them otherwise
  briefing_new: { pick: '通知公告提醒', fields: { thing1: 'title', thing2: 'body', time3: 'time' } },
};

/** Which template each kind of message goes out with. */
export const TEMPLATE_FOR: Record<MessageKind, TemplateName> = {
  case_submitted: 'case_new',
  case_escalated: 'case_new',
  extension_requested: 'case_new',
  case_assigned: 'case_assigned',
  case_reminder: 'case_reminder',
  case_overdue: 'case_reminder',
  case_supervised: 'case_reminder',
  case_urged: 'case_reminder',
  case_accepted: 'case_progress',
  case_not_accepted: 'case_progress',
  case_progress: 'case_progress',
  extension_decided: 'case_progress',
  case_replied: 'case_closed',
  case_closed: 'case_closed',
  case_returned: 'case_reassigned',
  case_reassigning: 'case_reassigned',
  content_held: 'case_new',
  content_withheld: 'case_reassigned',
  case_transferred: 'case_new',
  briefing_published: 'briefing_new',
  // a matter put to residents goes out as a notice: its title and what it asks
  matter_put: 'briefing_new',
  // proposals go out with the case templates that fit, their number in the number keyword
  proposal_submitted: 'case_new',
  proposal_reviewed: 'case_progress',
  proposal_assigned: 'case_assigned',
  proposal_replied: 'case_closed',
  proposal_returned: 'case_reminder',
  proposal_supervised: 'case_reminder',
  proposal_reminder: 'case_reminder',
  proposal_overdue: 'case_reminder',
  wall_posted: 'case_assigned',
  wall_supervised: 'case_reminder',
  wall_reminder: 'case_reminder',
  wall_overdue: 'case_reminder',
  // 问题还在吗 goes to the resident with the progress template; a reopened case to the representative as new work
  case_still_there: 'case_progress',
  case_reopened: 'case_new',
};

/**
 * One `requestSubscribeMessage` asks for at most this many templates (3 on older WeChat
 * clients; 5 on current ones).
 */
export const TEMPLATES_PER_REQUEST = 3;

/** What a resident is asked for after submitting: to hear how it goes and how it ends. */
export const RESIDENT_TEMPLATES: readonly TemplateName[] = ['case_progress', 'case_closed'];

/** What a resident is asked for on a village's board: to hear of matters put to the village. */
export const VILLAGE_TEMPLATES: readonly TemplateName[] = ['briefing_new'];

/** What staff are asked for on the workbench, by role, most important first. */
export const STAFF_TEMPLATES: Record<StaffRole, readonly TemplateName[]> = {
  handler: ['case_assigned', 'case_reminder'],
  assigner: ['case_new', 'case_reassigned', 'case_reminder'],
  representative: ['case_new', 'case_closed', 'briefing_new'],
  supervisor: ['case_reminder', 'case_new'],
  office: ['case_reminder', 'case_new'],
};
