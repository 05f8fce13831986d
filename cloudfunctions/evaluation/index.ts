/**
 * evaluation: 述职评议 by residents — the office opens an evaluation of a representative, the
 * representative writes their 述职报告, residents rate it from their village's board, the office
 * publishes the result. The board itself (`card · board`) shows open evaluations and results.
 */
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import {
  castVote,
  countyEvaluations,
  evaluationDetail,
  myEvaluations,
  openEvaluation,
  publishResult,
  writeReport,
} from '../../src/server/usecases/evaluations';
import { date, event, id, rating, text } from '../../src/server/validate';

const evaluationId = id('述职评议');

export const fn = defineFunction('evaluation', {
  // the office
  open: action(
    event({
      representativeId: id('党代表'),
      name: text('名称', 40),
      from: date('述职期间开始日期'),
      to: date('述职期间结束日期'),
      opensOn: date('评议开始日期'),
      closesOn: date('评议结束日期'),
    }),
    openEvaluation,
  ),
  county: action(event({ representativeId: id('党代表').optional() }), (ctx, input) => countyEvaluations(ctx, input.representativeId)),
  publish: action(event({ evaluationId }), (ctx, input) => publishResult(ctx, input.evaluationId)),
  // the office or the representative evaluated
  detail: action(event({ evaluationId }), (ctx, input) => evaluationDetail(ctx, input.evaluationId)),
  // the representative
  mine: action(event({}), (ctx) => myEvaluations(ctx)),
  report: action(event({ evaluationId, text: text('述职报告', RULES.text.reportMax) }), (ctx, input) => writeReport(ctx, input.evaluationId, input.text)),
  // a resident, from the board of one of the representative's villages
  vote: action(event({ evaluationId, villageId: id('村(社区)'), rating, comment: text('意见', RULES.text.reasonMax).optional() }), castVote),
});
export const main = cloudMain(fn);
