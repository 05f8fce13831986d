/** case: one case's detail and every action of the state machine, for whoever may take it. */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { act, caseDetail, routeOptions, type ActInput } from '../../src/server/usecases/cases';
import { releasePhoto } from '../../src/server/usecases/moderation';
import { category, date, event, feedbackMethod, id, level, outcome, photo, rating, text } from '../../src/server/validate';

const { text: t } = RULES;
const caseId = id('事项编号');
const reason = text('理由', t.reasonMax);
const reply = text('答复内容', t.replyMax);
const closing = {
  outcome,
  feedbackMethod,
  reply,
  plan: text('办理计划', t.replyMax).optional(),
  expectedDate: date('预计完成日期').optional(),
};

/** One action of the table: `{ action, caseId, ...fields }`. */
function caseAction(name: ActInput['action'], shape: z.ZodRawShape) {
  return action(event({ caseId, ...shape }), (ctx, input) => {
    const { caseId: target, ...fields } = input as { caseId: string } & Record<string, unknown>;
    return act(ctx, target, { action: name, ...fields } as ActInput);
  });
}

export const fn = defineFunction('case', {
  detail: action(event({ caseId }), (ctx, input) => caseDetail(ctx, input.caseId)),
  routeOptions: action(event({ caseId }), (ctx, input) => routeOptions(ctx, input.caseId)),
  withdraw: caseAction('withdraw', { reason: reason.optional() }),
  accept: caseAction('accept', { category: category.optional(), level: level.optional() }),
  reject: caseAction('reject', { reason }),
  answer: caseAction('answer', closing),
  assign: caseAction('assign', {
    level,
    unitId: id('承办单位'),
    coUnitIds: z.array(id('协办单位'), { error: '协办单位格式不对' }).max(5, '协办单位最多5个').optional(),
    note: text('交办说明', t.noteMax).optional(),
  }),
  sign: caseAction('sign', { note: text('签收说明', t.noteMax).optional() }),
  return: caseAction('return', { reason }),
  reply: caseAction('reply', { reply }),
  close: caseAction('close', closing),
  rate: caseAction('rate', { rating, comment: text('评价意见', t.reasonMax).optional() }),
  urge: caseAction('urge', {}),
  note: caseAction('note', { note: text('备注', t.noteMax) }),
  supervise: caseAction('supervise', { note: text('督办意见', t.noteMax) }),
  escalate: caseAction('escalate', { reason: text('上报理由', t.reasonMax) }),
  extend: caseAction('extend', { reason: text('延期理由', t.reasonMax), toDate: date('延期到') }),
  approve_extension: caseAction('approve_extension', { note: text('审批意见', t.noteMax).optional() }),
  refuse_extension: caseAction('refuse_extension', { note: text('不同意的理由', t.noteMax) }),
  release: caseAction('release', {}),
  withhold: caseAction('withhold', { reason: text('不予放行的原因', t.reasonMax) }),
  releasePhoto: action(event({ caseId, photo }), (ctx, input) => releasePhoto(ctx, input.caseId, input.photo)),
});
export const main = cloudMain(fn);
