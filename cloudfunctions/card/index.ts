/** card: the public profile behind a contact card's code, and the code itself for printing. */
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { cardCode, cardInfo } from '../../src/server/usecases/cards';
import { event, id } from '../../src/server/validate';

export const fn = defineFunction('card', {
  get: action(event({ cardCode: id('联系卡编号') }), (ctx, input) => cardInfo(ctx, input.cardCode)),
  code: action(event({ cardCode: id('联系卡编号') }), (ctx, input) => cardCode(ctx, input.cardCode)),
});
export const main = cloudMain(fn);
