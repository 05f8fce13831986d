/** card: the public profile behind a contact card's code, the code itself for printing, the office's sheet of cards and a village's board. */
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { cardCode, cardInfo, cardSheet, villageBoard } from '../../src/server/usecases/cards';
import { RULES } from '../../config/rules';
import { villageNotices } from '../../src/server/usecases/notices';
import { event, id, pageNo, pageSize } from '../../src/server/validate';

export const fn = defineFunction('card', {
  get: action(event({ cardCode: id('联系卡编号') }), (ctx, input) => cardInfo(ctx, input.cardCode)),
  code: action(event({ cardCode: id('联系卡编号') }), (ctx, input) => cardCode(ctx, input.cardCode)),
  sheet: action(event({}), (ctx) => cardSheet(ctx)),
  board: action(event({ villageId: id('村(社区)') }), (ctx, input) => villageBoard(ctx, input.villageId)),
  notices: action(event({ villageId: id('村(社区)'), page: pageNo.default(1), pageSize: pageSize.default(RULES.pageSize.default) }), (ctx, input) =>
    villageNotices(ctx, input.villageId, input.page, input.pageSize),
  ),
});
export const main = cloudMain(fn);
