/** case: one case's detail and every action of the state machine, for whoever may take it. */
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { CASE_ACTION_INPUT as I, caseId } from '../../src/server/usecases/case-input';
import { actOnCase, caseDetail, routeOptions } from '../../src/server/usecases/cases';
import { mergeCases } from '../../src/server/usecases/metoo';
import { releasePhoto } from '../../src/server/usecases/moderation';
import { answerStillThere } from '../../src/server/usecases/followup';
import { event, id, photo, recordingFile, text } from '../../src/server/validate';
import { RULES } from '../../config/rules';

// each action of the table, `{ action, caseId, ...fields }`, checked by its schema (case-input.ts)
export const fn = defineFunction('case', {
  detail: action(event({ caseId }), (ctx, input) => caseDetail(ctx, input.caseId)),
  routeOptions: action(event({ caseId }), (ctx, input) => routeOptions(ctx, input.caseId)),
  withdraw: action(I.withdraw, (ctx, input) => actOnCase(ctx, { action: 'withdraw', ...input })),
  accept: action(I.accept, (ctx, input) => actOnCase(ctx, { action: 'accept', ...input })),
  reject: action(I.reject, (ctx, input) => actOnCase(ctx, { action: 'reject', ...input })),
  answer: action(I.answer, (ctx, input) => actOnCase(ctx, { action: 'answer', ...input })),
  assign: action(I.assign, (ctx, input) => actOnCase(ctx, { action: 'assign', ...input })),
  sign: action(I.sign, (ctx, input) => actOnCase(ctx, { action: 'sign', ...input })),
  return: action(I.return, (ctx, input) => actOnCase(ctx, { action: 'return', ...input })),
  reply: action(I.reply, (ctx, input) => actOnCase(ctx, { action: 'reply', ...input })),
  close: action(I.close, (ctx, input) => actOnCase(ctx, { action: 'close', ...input })),
  rate: action(I.rate, (ctx, input) => actOnCase(ctx, { action: 'rate', ...input })),
  urge: action(I.urge, (ctx, input) => actOnCase(ctx, { action: 'urge', ...input })),
  note: action(I.note, (ctx, input) => actOnCase(ctx, { action: 'note', ...input })),
  supervise: action(I.supervise, (ctx, input) => actOnCase(ctx, { action: 'supervise', ...input })),
  escalate: action(I.escalate, (ctx, input) => actOnCase(ctx, { action: 'escalate', ...input })),
  extend: action(I.extend, (ctx, input) => actOnCase(ctx, { action: 'extend', ...input })),
  approve_extension: action(I.approve_extension, (ctx, input) => actOnCase(ctx, { action: 'approve_extension', ...input })),
  refuse_extension: action(I.refuse_extension, (ctx, input) => actOnCase(ctx, { action: 'refuse_extension', ...input })),
  release: action(I.release, (ctx, input) => actOnCase(ctx, { action: 'release', ...input })),
  withhold: action(I.withhold, (ctx, input) => actOnCase(ctx, { action: 'withhold', ...input })),
  releasePhoto: action(event({ caseId, photo: photo.or(recordingFile) }), (ctx, input) => releasePhoto(ctx, input.caseId, input.photo)),
  // 问题还在吗: 'gone' records 已解决, 'still' reopens the case as 再交办 (requestId: a retried tap answers the same)
  still_there: action(I.still_there, (ctx, input) => answerStillThere(ctx, { action: 'still_there', ...input })),
  // 并案 (the county office): `caseId` ends as 已并案, its reporters follow `intoCaseId`
  merge: action(event({ caseId, intoCaseId: id('要并入的事项'), reason: text('并案理由', RULES.text.reasonMax) }), mergeCases),
});
export const main = cloudMain(fn);
