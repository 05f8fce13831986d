/**
 * group: activity groups (活动小组) — a representative's groups and their recent activities; a
 * leader or member logs an activity (调研视察, 集中联系, 走访) and corrects it; the office reads the
 * county's groups and activities of a period and downloads them as a workbook.
 */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { GROUP_ACTIVITY_KINDS, MAX_ACTIVITY_PHOTOS } from '../../src/domain/groups';
import { countyGroups, editActivity, exportGroupActivities, logActivity, myGroups } from '../../src/server/usecases/groups';
import { date, event, id, oneOf, periodFilter, periodUnless, photoList, requestId, text } from '../../src/server/validate';

const activity = {
  kind: oneOf('活动类型', GROUP_ACTIVITY_KINDS),
  date: date('活动日期'),
  place: text('地点', 60),
  subject: text('主题', 60),
  attendeeIds: z.array(id('参加活动的代表'), { error: '参加活动的代表格式不对' }).min(1, '请选择参加活动的代表').max(100, '参加活动的代表最多100位'),
  notes: text('记事', RULES.text.replyMax).optional(),
  photos: photoList(MAX_ACTIVITY_PHOTOS),
  opinions: z.number({ error: '收集意见数须为数字' }).int('收集意见数须为整数').min(0, '收集意见数不能为负').max(10000, '收集意见数过大').optional(),
};
const thisHalfYearUnless = periodUnless('half_year');

export const fn = defineFunction('group', {
  mine: action(event({}), (ctx) => myGroups(ctx)),
  // once per form's request id: a retried send answers the activity it logged
  log: action(event({ groupId: id('活动小组'), requestId, ...activity }), logActivity),
  edit: action(
    event({ activityId: id('小组活动'), version: z.number({ error: '版本格式不对' }).int('版本格式不对').min(1, '版本格式不对'), ...activity }),
    (ctx, { activityId, version, ...input }) => editActivity(ctx, activityId, version, input),
  ),
  // the office: this half-year so far unless a period is given
  county: action(event(periodFilter), (ctx, input) => countyGroups(ctx, thisHalfYearUnless(ctx, input))),
  export: action(event(periodFilter), (ctx, input) => exportGroupActivities(ctx, thisHalfYearUnless(ctx, input))),
});
export const main = cloudMain(fn);
