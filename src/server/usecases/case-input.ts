/**
 * What each action of the transition table takes from a caller (`case · <action>`): one schema per
 * action, and the use case's input derived from them, so the two cannot drift apart.
 */
import { z } from 'zod';
import { RULES } from '../../../config/rules';
import { STILL_THERE_ANSWERS, type CaseAction } from '../../../types/domain';
import { category, date, event, feedbackMethod, id, level, oneOf, outcome, rating, requestId, text } from '../validate';

const { text: t } = RULES;
export const caseId = id('事项编号');
const reason = text('理由', t.reasonMax);
const reply = text('答复内容', t.replyMax);
const closing = {
  outcome,
  feedbackMethod,
  reply,
  plan: text('办理计划', t.replyMax).optional(),
  expectedDate: date('预计完成日期').optional(),
};

export const CASE_ACTION_INPUT = {
  withdraw: event({ caseId, reason: reason.optional() }),
  accept: event({ caseId, category: category.optional(), level: level.optional() }),
  reject: event({ caseId, reason }),
  answer: event({ caseId, ...closing }),
  assign: event({
    caseId,
    level,
    unitId: id('承办单位'),
    coUnitIds: z.array(id('协办单位'), { error: '协办单位格式不对' }).max(5, '协办单位最多5个').optional(),
    note: text('交办说明', t.noteMax).optional(),
  }),
  sign: event({ caseId, note: text('签收说明', t.noteMax).optional() }),
  return: event({ caseId, reason }),
  reply: event({ caseId, reply }),
  close: event({ caseId, ...closing }),
  rate: event({ caseId, rating, comment: text('评价意见', t.reasonMax).optional() }),
  urge: event({ caseId }),
  note: event({ caseId, note: text('备注', t.noteMax) }),
  supervise: event({ caseId, note: text('督办意见', t.noteMax) }),
  escalate: event({ caseId, reason: text('上报理由', t.reasonMax) }),
  extend: event({ caseId, reason: text('延期理由', t.reasonMax), toDate: date('延期到') }),
  approve_extension: event({ caseId, note: text('审批意见', t.noteMax).optional() }),
  refuse_extension: event({ caseId, note: text('不同意的理由', t.noteMax) }),
  release: event({ caseId }),
  withhold: event({ caseId, reason: text('不予放行的原因', t.reasonMax) }),
  // 问题还在吗: requestId makes a retried tap answer the same, not a second time
  still_there: event({ caseId, answer: oneOf('问题是否还在', STILL_THERE_ANSWERS), requestId }),
} satisfies Record<CaseAction, z.ZodType>;

/** Each action's checked fields, as its schema answers them. */
export type CaseFields = { [A in CaseAction]: z.output<(typeof CASE_ACTION_INPUT)[A]> };

/** One action as the use case takes it: its name and its checked fields (`ActInput<'assign'>`, or any of them). */
export type ActInput<A extends CaseAction = CaseAction> = { [P in A]: { action: P } & CaseFields[P] }[A];
