/**
 * linkage: 三联动 — the village's 接待前民意清单 before each reception day, the township's monthly
 * 问题会商会 (agenda, record, decisions pressing their cases as 督办 with a new date), and the
 * county's 督查 of reception days drawn at random, with the 通报 workbook.
 */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import {
  addAgendaItem,
  addListItem,
  countyInspections,
  drawInspection,
  exportCircular,
  linkageDesk,
  meetingAgenda,
  meetingsHeld,
  preReceptionList,
  recordFinding,
  recordProblemMeeting,
} from '../../src/server/usecases/linkage';
import { count, date, event, id, text, year } from '../../src/server/validate';

const workroomId = id('工作室');
const townshipId = id('乡镇(街道)');
const month = z.string({ error: '月份格式不对' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份须为“年-月”格式');

export const fn = defineFunction('linkage', {
  // where the caller's 三联动 pages start: their workrooms' lists, their townships' meetings, whether they inspect
  desk: action(event({}), (ctx) => linkageDesk(ctx)),
  // 接待前民意清单: village staff, the township's assigner, the workroom's reception group
  list: action(event({ workroomId, date: date('接待日').optional() }), (ctx, input) => preReceptionList(ctx, input.workroomId, input.date)),
  addItem: action(
    event({
      workroomId,
      date: date('接待日'),
      text: text('群众反映的问题', RULES.text.noteMax),
      residentName: text('群众姓名', RULES.text.nameMax).optional(),
    }),
    addListItem,
  ),
  // 乡镇每月问题会商会: the township's assigner and supervisors; the office reads
  agenda: action(event({ townshipId, month }), (ctx, input) => meetingAgenda(ctx, input.townshipId, input.month)),
  addAgendaItem: action(event({ townshipId, month, text: text('会商事项', RULES.text.noteMax) }), addAgendaItem),
  recordMeeting: action(
    event({
      townshipId,
      month,
      date: date('会商会日期'),
      place: text('会商会地点', RULES.text.addressMax),
      attendees: z.array(text('参会人员', RULES.text.nameMax), { error: '参会人员须为列表' }).min(1, '请填写参会人员').max(50, '参会人员最多50位'),
      decisions: z
        .array(
          z.strictObject({
            key: id('会商事项'),
            leadUnitId: id('牵头单位'),
            dueDate: date('办结日期'),
            note: text('会商意见', RULES.text.noteMax).optional(),
          }),
          { error: '会商决定须为列表' },
        )
        .max(100, '一次会商会最多100项决定'),
      version: count('版本', 1_000_000).optional(),
    }),
    recordProblemMeeting,
  ),
  meetings: action(event({ year }), (ctx, input) => meetingsHeld(ctx, input.year)),
  // 督查: the county's supervisors and the office
  draw: action(event({ from: date('开始日期'), to: date('结束日期'), count: count('抽查接待日数', 100).min(1, '请至少抽查1个接待日') }), drawInspection),
  inspections: action(event({}), (ctx) => countyInspections(ctx)),
  inspect: action(
    event({
      inspectionId: id('督查记录'),
      session: z.string({ error: '接待日格式不对' }).regex(/^[\w:.-]+@\d{4}-\d{2}-\d{2}$/, '接待日格式不对'),
      absentIds: z.array(id('缺岗代表'), { error: '缺岗代表须为列表' }).max(30, '缺岗代表最多30位'),
      notes: text('督查记事', RULES.text.noteMax).optional(),
      // a correction names the finding it corrects (its \`at\`), so one supervisor never overwrites another's unseen
      replaces: z.number({ error: '督查记录格式不对' }).int('督查记录格式不对').optional(),
    }),
    recordFinding,
  ),
  circular: action(event({ from: date('开始日期'), to: date('结束日期') }), (ctx, input) => exportCircular(ctx, input.from, input.to)),
});
export const main = cloudMain(fn);
