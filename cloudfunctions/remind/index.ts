/**
 * remind (timer): runs the clock — reminders, overdue marking, 督办 notices — on cases and proposals
 * that are due, and asks residents whose cases closed a month ago whether the problem is still there.
 */
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { defineTimer } from '../../src/server/handler';
import { sweepProposalReminders, sweepReminders, sweepWallReminders } from '../../src/server/usecases/clock';
import { sweepStillThere } from '../../src/server/usecases/followup';

export const fn = defineTimer('remind', async (ctx) => ({
  ...(await sweepReminders(ctx)),
  proposalReminders: await sweepProposalReminders(ctx),
  wallReminders: await sweepWallReminders(ctx),
  askedStillThere: await sweepStillThere(ctx),
}));
export const main = cloudMain(fn);
