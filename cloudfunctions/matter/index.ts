/**
 * matter: 重大事项民意 / 坝坝会 — a village's or township's staff (or the office) put a matter to the
 * residents of villages of their own area; residents vote from those villages' boards, or a meeting
 * held in person decides it and its chair records the counts; the result and turnout go on the
 * boards (`board` here, and `card · board`) and into the area's archive.
 */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { MATTER_KINDS, MATTER_MODES, OPTIONS_MAX } from '../../src/domain/matters';
import { action, defineFunction } from '../../src/server/handler';
import { areaMatters, closeMatter, matterBoard, matterDetail, matterVillages, putMatter, recordMeeting, voteOnMatter } from '../../src/server/usecases/matters';
import { count, date, event, id, oneOf, requestId, text } from '../../src/server/validate';

const matterId = id('征求意见事项');
const villageId = id('村(社区)');
const option = z
  .number({ error: '请选择一个选项' })
  .int('请选择一个选项')
  .min(0, '请选择一个选项')
  .max(OPTIONS_MAX - 1, '请选择一个选项');

export const fn = defineFunction('matter', {
  // village and township staff, the office
  open: action(
    event({
      requestId,
      title: text('事项名称', 40),
      body: text('事项内容', RULES.text.noteMax),
      kind: oneOf('事项类型', MATTER_KINDS),
      mode: oneOf('表决方式', MATTER_MODES),
      options: z.array(text('选项', 20), { error: '选项须为列表' }).max(OPTIONS_MAX, `最多${OPTIONS_MAX}个选项`).optional(),
      villageIds: z.array(villageId, { error: '请选择村(社区)' }).min(1, '请选择村(社区)').max(50, '一次最多选择50个村(社区)'),
      opensOn: date('开始日期'),
      closesOn: date('结束日期'),
    }),
    putMatter,
  ),
  villages: action(event({}), (ctx) => matterVillages(ctx)),
  list: action(event({ villageId: villageId.optional() }), (ctx, input) => areaMatters(ctx, input.villageId)),
  detail: action(event({ matterId }), (ctx, input) => matterDetail(ctx, input.matterId)),
  close: action(event({ matterId }), (ctx, input) => closeMatter(ctx, input.matterId)),
  meeting: action(
    event({
      matterId,
      date: date('会议日期'),
      place: text('会议地点', RULES.text.addressMax),
      attendance: count('到会人数', 100000),
      counts: z.array(count('票数', 100000), { error: '票数须为列表' }).min(2, '请为每个选项填写票数').max(OPTIONS_MAX, '请为每个选项填写票数'),
      minutes: text('会议记录', RULES.text.replyMax),
    }),
    recordMeeting,
  ),
  // anyone who opens a village's board
  board: action(event({ villageId }), (ctx, input) => matterBoard(ctx, input.villageId)),
  // a resident, from the board of one of the matter's villages
  vote: action(event({ matterId, villageId, option }), voteOnMatter),
});
export const main = cloudMain(fn);
