/** staff: the workbench — who am I, my work lists, bind by invitation code. */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { BOXES, inbox, type Box } from '../../src/server/usecases/cases';
import { me, redeemInvitation } from '../../src/server/usecases/staff';
import { event, oneOf, pageNo, pageSize } from '../../src/server/validate';

export const fn = defineFunction('staff', {
  me: action(event({}), (ctx) => me(ctx)),
  inbox: action(
    event({
      box: oneOf('工作列表', Object.keys(BOXES) as [Box, ...Box[]]),
      page: pageNo.default(1),
      pageSize: pageSize.default(RULES.pageSize.default),
    }),
    (ctx, input) => inbox(ctx, input.box, input.page, input.pageSize),
  ),
  redeem: action(
    event({ code: z.string({ error: '请输入邀请码' }).trim().toUpperCase().regex(/^[A-Z0-9]{8}$/, '邀请码是8位字母或数字') }),
    (ctx, input) => redeemInvitation(ctx, input.code),
  ),
});
export const main = cloudMain(fn);
