/** remind (timer): runs the clock — reminders, overdue marking, 督办 notices — on cases that are due. */
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { defineTimer } from '../../src/server/handler';
import { sweepReminders } from '../../src/server/usecases/clock';

export const fn = defineTimer('remind', (ctx) => sweepReminders(ctx));
export const main = cloudMain(fn);
