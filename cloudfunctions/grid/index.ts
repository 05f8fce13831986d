/**
 * grid: grids (网格) — the office or a township's assigner adds and edits a village's grids and
 * lists them; a grid's people see their grids, log a day's household visits (走访) and enter the
 * requests met there; the office (a township's assigner for its township) reads the figures per grid.
 */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { enterVisitRequest, gridFigures, listGrids, logVisit, myGrids, saveGrid } from '../../src/server/usecases/grids';
import { count, date, enteredRequestFields, event, id, logReadAt, periodFilter, periodUnless, text } from '../../src/server/validate';

const names = (label: string, max: number) => z.array(text(label, RULES.text.nameMax), { error: `${label}格式不对` }).max(max, `${label}最多${max}位`);
const thisMonthUnless = periodUnless('month');

export const fn = defineFunction('grid', {
  // the office or the township's assigner: a grid of a village, by the office's 编号 (saved again, it is edited)
  save: action(
    event({
      code: z.string({ error: '编号格式不对' }).regex(/^[\w.-]{1,64}$/, '编号只能用字母、数字和 - _ .'),
      name: text('网格名称', 40),
      villageId: id('村(社区)'),
      staffNames: names('网格员', 30).min(1, '请填写网格员，第一位是网格长'),
      representativeIds: z.array(id('党代表'), { error: '党代表格式不对' }).max(20, '党代表最多20位').optional(),
      backbones: names('群众骨干', 50).optional(),
    }),
    saveGrid,
  ),
  list: action(event({ villageId: id('村(社区)').optional() }), listGrids),
  // a grid's people: the grids they log visits on, with the latest visits
  mine: action(event({}), (ctx) => myGrids(ctx)),
  logVisit: action(
    event({
      gridId: id('网格'),
      date: date('走访日期'),
      people: names('走访人员', 50).min(1, '请选择参加走访的人员'),
      households: count('走访户数', 1000),
      notes: text('记事', RULES.text.replyMax, 0).optional(),
      updatedAt: logReadAt('记录版本'),
    }),
    logVisit,
  ),
  enterRequest: action(event({ visitId: id('走访记录'), ...enteredRequestFields }), enterVisitRequest),
  // this month so far unless a period is given
  figures: action(event({ ...periodFilter, townshipId: id('乡镇(街道)').optional(), villageId: id('村(社区)').optional() }), (ctx, input) =>
    gridFigures(ctx, thisMonthUnless(ctx, input)),
  ),
});
export const main = cloudMain(fn);
