/** deliver (timer): carries pending outbox entries to the message centre. */
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { defineTimer } from '../../src/server/handler';
import { deliverOutbox } from '../../src/server/usecases/outbox';

export const fn = defineTimer('deliver', (ctx) => deliverOutbox(ctx));
export const main = cloudMain(fn);
