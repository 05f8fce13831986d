/**
 * staff: the workbench — who am I, my work lists, the figures by unit, bind by invitation code,
 * publish a 公开栏 notice; a representative's reception desk (接待日志, requests entered in person).
 */
import { z } from 'zod';
import { CALLBACK_OUTCOMES, type CaseStatus } from '../../types/domain';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { BOXES, byUnit, inbox, type Box } from '../../src/server/usecases/cases';
import { ALL_STATUSES } from '../../src/domain/transitions';
import { publishNotice } from '../../src/server/usecases/notices';
import { enterRequest, logReception, receptionDesk } from '../../src/server/usecases/reception';
import { me, redeemInvitation } from '../../src/server/usecases/staff';
import { date, enteredRequestFields, event, id, logReadAt, oneOf, pageNo, pageSize, text, year } from '../../src/server/validate';
import { myScore } from '../../src/server/usecases/scores';
import { countCallbacks, listCallbacks, recordCallback } from '../../src/server/usecases/followup';

const CASE_STATUSES = ALL_STATUSES as unknown as [CaseStatus, ...CaseStatus[]];

export const fn = defineFunction('staff', {
  me: action(event({}), (ctx) => me(ctx)),
  inbox: action(
    event({
      box: oneOf('工作列表', Object.keys(BOXES) as [Box, ...Box[]]),
      page: pageNo.default(1),
      pageSize: pageSize.default(RULES.pageSize.default),
      statuses: z.array(oneOf('状态', CASE_STATUSES), { error: '状态格式不对' }).min(1).max(CASE_STATUSES.length).optional(),
    }),
    (ctx, input) => inbox(ctx, input.box, input.page, input.pageSize, input.statuses),
  ),
  byUnit: action(event({}), (ctx) => byUnit(ctx)),
  redeem: action(
    event({
      code: z
        .string({ error: '请输入邀请码' })
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9]{8}$/, '邀请码是8位字母或数字'),
    }),
    (ctx, input) => redeemInvitation(ctx, input.code),
  ),
  publishNotice: action(
    event({
      title: text('标题', 40),
      body: text('公告内容', RULES.text.replyMax),
      caseNos: z
        .array(z.string({ error: '事项编号格式不对' }).regex(/^\d{12}$/, '事项编号是12位数字'), { error: '请填写事项编号' })
        .min(1, '请至少关联一件事项')
        .max(100, '一次最多关联100件事项'),
      villageIds: z.array(id('村(社区)'), { error: '村(社区)格式不对' }).max(50).optional(),
    }),
    publishNotice,
  ),
  receptionDesk: action(event({}), (ctx) => receptionDesk(ctx)),
  // 百分制: a representative's own score for a year, with its breakdown
  myScore: action(event({ year }), (ctx, input) => myScore(ctx, input.year)),
  logReception: action(
    event({
      kind: oneOf('接待方式', ['reception', 'visit'] as const),
      workroomId: id('工作室').optional(),
      villageId: id('村(社区)').optional(),
      date: date('接待日期'),
      representativeIds: z.array(id('党代表'), { error: '请选择参加接待的代表' }).min(1, '请选择参加接待的代表').max(20, '参加接待的代表最多20位'),
      residents: z.number({ error: '接待群众人数须为数字' }).int('接待群众人数须为整数').min(0, '接待群众人数不能为负').max(1000, '接待群众人数过大，请核对'),
      notes: text('记事', RULES.text.replyMax, 0).optional(),
      updatedAt: logReadAt('日志版本'),
    }),
    logReception,
  ),
  // 回访: answers that could not be pushed to their residents, for the case's representative (and the office) to call
  callbacks: action(
    event({
      status: oneOf('回访状态', ['open', 'done'] as const).default('open'),
      page: pageNo.default(1),
      pageSize: pageSize.default(RULES.pageSize.default),
    }),
    (ctx, input) => listCallbacks(ctx, input.status, input.page, input.pageSize),
  ),
  // how many wait, for the workbench's link (counts only: no phone read)
  callbackCount: action(event({}), (ctx) => countCallbacks(ctx)),
  callback: action(
    event({ callbackId: id('回访'), outcome: oneOf('回访结果', CALLBACK_OUTCOMES), note: text('回访情况', RULES.text.noteMax, 0).optional() }),
    recordCallback,
  ),
  enterRequest: action(event({ receptionId: id('接待记录'), ...enteredRequestFields, itemId: id('清单事项').optional() }), enterRequest),
});
export const main = cloudMain(fn);
