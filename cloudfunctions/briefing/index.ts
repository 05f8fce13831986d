/**
 * briefing: 重大事项通报 and 征求意见 — the county office publishes a briefing to all its
 * representatives or to chosen activity groups, follows who has read it and exports the opinions;
 * a representative of its audience lists, opens, acknowledges (确认已阅) and answers it.
 */
import { z } from 'zod';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { BRIEFING_AUDIENCES, BRIEFING_LIMITS } from '../../src/domain/briefings';
import {
  acknowledgeBriefing,
  briefingDetail,
  countyBriefings,
  exportBriefingOpinions,
  giveOpinion,
  myBriefings,
  openBriefing,
  publishBriefing,
} from '../../src/server/usecases/briefings';
import { date, event, id, oneOf, photoList, requestId, text } from '../../src/server/validate';

const briefingId = id('重大事项通报');

export const fn = defineFunction('briefing', {
  // the office; publish once per form's request id: a retry answers the briefing it published and tells whoever was missed
  publish: action(
    event({
      requestId,
      title: text('标题', BRIEFING_LIMITS.titleMax),
      text: text('通报内容', BRIEFING_LIMITS.textMax),
      files: photoList(BRIEFING_LIMITS.maxFiles, '附件', '个'),
      audience: oneOf('通报对象', BRIEFING_AUDIENCES),
      groupIds: z
        .array(id('活动小组'), { error: '活动小组格式不对' })
        .max(BRIEFING_LIMITS.maxGroups, `最多选${BRIEFING_LIMITS.maxGroups}个活动小组`)
        .optional(),
      opinionsUntil: date('征求意见截止日期').optional(),
    }),
    publishBriefing,
  ),
  county: action(event({}), (ctx) => countyBriefings(ctx)),
  detail: action(event({ briefingId }), (ctx, input) => briefingDetail(ctx, input.briefingId)),
  export: action(event({ briefingId }), (ctx, input) => exportBriefingOpinions(ctx, input.briefingId)),
  // a representative of its audience
  mine: action(event({}), (ctx) => myBriefings(ctx)),
  open: action(event({ briefingId }), (ctx, input) => openBriefing(ctx, input.briefingId)),
  ack: action(event({ briefingId }), (ctx, input) => acknowledgeBriefing(ctx, input.briefingId)),
  opine: action(event({ briefingId, opinion: text('意见', BRIEFING_LIMITS.opinionMax) }), (ctx, input) => giveOpinion(ctx, input.briefingId, input.opinion)),
});
export const main = cloudMain(fn);
