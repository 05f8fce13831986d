/** staff: the workbench — who am I, my work lists, the figures by unit, bind by invitation code. */
import { z } from 'zod';
import type { CaseStatus } from '../../types/domain';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { BOXES, byUnit, inbox, type Box } from '../../src/server/usecases/cases';
import { ALL_STATUSES } from '../../src/domain/transitions';
import { me, redeemInvitation } from '../../src/server/usecases/staff';
import { event, oneOf, pageNo, pageSize } from '../../src/server/validate';

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
    event({ code: z.string({ error: '请输入邀请码' }).trim().toUpperCase().regex(/^[A-Z0-9]{8}$/, '邀请码是8位字母或数字') }),
    (ctx, input) => redeemInvitation(ctx, input.code),
  ),
});
export const main = cloudMain(fn);
