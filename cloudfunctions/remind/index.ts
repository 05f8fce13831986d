/** remind (timer): runs the clock — reminders, overdue marking, 督办 notices — on cases and proposals that are due. */
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { defineTimer } from '../../src/server/handler';
import { sweepProposalReminders, sweepReminders, sweepWallReminders } from '../../src/server/usecases/clock';

export const fn = defineTimer('remind', async (ctx) => ({
  ...(await sweepReminders(ctx)),
  proposalReminders: await sweepProposalReminders(ctx),
  wallReminders: await sweepWallReminders(ctx),
}));
export const main = cloudMain(fn);
