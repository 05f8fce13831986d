/** messages: the caller's message centre. */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { markRead, myMessages } from '../../src/server/usecases/messages';
import { event, id, pageNo, pageSize } from '../../src/server/validate';

export const fn = defineFunction('messages', {
  list: action(event({ page: pageNo.default(1), pageSize: pageSize.default(RULES.pageSize.default) }), (ctx, input) =>
    myMessages(ctx, input.page, input.pageSize),
  ),
  markRead: action(event({ ids: z.array(id('消息'), { error: '消息格式不对' }).min(1, '请选择消息').max(100, '一次最多100条') }), (ctx, input) =>
    markRead(ctx, input.ids),
  ),
});
export const main = cloudMain(fn);
