/**
 * The housekeeping timer: what must not be kept, or must not be left waiting, is dealt with here.
 * - a photo whose image check WeChat has not answered within `retention.photoCheckMinutes` goes to
 *   the office's review, as a flagged one does (it is never shown unchecked, nor stranded);
 * - workbooks exported for the office are deleted after `retention.exportHours`;
 * - a resident's phone is cleared `retention.phoneDays` after the case is closed, its masked form
 *   kept for the ledger.
 * - an organisation import a function left half-applied (it died midway) is carried on;
 * - the counts of attempts (limits) of those who tried nothing for a day are forgotten;
 * - open cases still with a representative who left (a move cut short, a request that came in as
 *   they left) go where the office said their cases go.
 * Each step handles a bounded page per run; the next run (every ten minutes) takes the rest.
 */
import type { CaseRecord } from '../../../types/domain';
import { heldNotifications } from '../../domain/case';
import { maskPhone } from '../../domain/view';
import type { Ctx } from '../ctx';
import { isMissingCollection } from '../store';
import { checked, collection } from '../store';
import { deleteOldExports } from './exports';
import { finishStalledImports } from './organisation';
import { finishDepartures } from './roster';
import { forgetIdleLimits } from './limits';
import { outboxEntries, saveCase } from './outbox';

const PAGE = 100;

export interface Housekeeping {
  idleLimitsForgotten: number;
  importsFinished: number;
  departuresFinished: number;
  photosToReview: number;
  exportsDeleted: number;
  phonesCleared: number;
}

/** Photos WeChat has not answered for in time: brought to the office's review (检查超时). */
export async function expirePhotoChecks(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const before = now - ctx.rules.retention.photoCheckMinutes * 60_000;
  const _ = ctx.db.command;
  const { data } = checked(
    await collection<CaseRecord>(ctx.db, 'cases')
      .where({ 'photoChecks.suggest': 'pending', 'photoChecks.at': _.lt(before) })
      .field({ _id: true })
      .limit(PAGE)
      .get(),
  );
  let expired = 0;
  for (const { _id } of data) {
    expired += await ctx.db.runTransaction(async (tx) => {
      const c = checked(await tx.collection<CaseRecord>('cases').doc(_id).get()).data;
      const late = c?.photoChecks.filter((p) => p.suggest === 'pending' && p.at < before) ?? [];
      if (!c || late.length === 0) return 0;
      // label 0: no answer (the office reads 内容检查暂时没有结果)
      const photoChecks = c.photoChecks.map((p) => (late.includes(p) ? { ...p, suggest: 'review' as const, label: 0 } : p));
      const next: CaseRecord = { ...c, photoChecks, updatedAt: now, version: c.version + 1 };
      const notify =
        c.status === 'held' ? [] : heldNotifications(c, `群众上传的${late.length}张照片（微信图片检查${ctx.rules.retention.photoCheckMinutes}分钟未回复）`);
      await saveCase(tx, c, next, outboxEntries(next, `${_id}-photo-${next.version}`, notify, now));
      return late.length;
    });
  }
  if (expired) ctx.log.warn('image checks unanswered: photos brought to the office', { photos: expired });
  return expired;
}

/** Residents' phones on cases closed longer ago than the retention period: cleared, the masked form kept. */
export async function clearOldPhones(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const before = now - ctx.rules.retention.phoneDays * 24 * 3600 * 1000;
  const _ = ctx.db.command;
  const { data } = checked(
    await collection<CaseRecord>(ctx.db, 'cases')
      .where({ closedAt: _.gt(0).and(_.lt(before)), 'resident.phone': _.neq(null) })
      .field({ _id: true })
      .limit(PAGE)
      .get(),
  );
  let cleared = 0;
  for (const { _id } of data) {
    cleared += await ctx.db.runTransaction(async (tx) => {
      const c = checked(await tx.collection<CaseRecord>('cases').doc(_id).get()).data;
      if (!c?.resident.phone || c.closedAt === null || c.closedAt >= before) return 0;
      const resident = { ...c.resident, phone: null, maskedPhone: maskPhone(c.resident.phone) };
      await saveCase(tx, c, { ...c, resident, version: c.version + 1 }, []);
      return 1;
    });
  }
  if (cleared) ctx.log.info('residents’ phones cleared after the retention period', { cases: cleared });
  return cleared;
}

/** Each step on its own: one that fails (and is logged) does not keep the others from running. */
export async function housekeeping(ctx: Ctx): Promise<Housekeeping & { failed: string[] }> {
  const failed: string[] = [];
  const step = async (name: string, run: (ctx: Ctx) => Promise<number>) => {
    try {
      return await run(ctx);
    } catch (err) {
      if (isMissingCollection(err)) throw err; // not set up yet: the timer waits (defineTimer)
      failed.push(name);
      ctx.log.error('housekeeping step failed', { step: name, error: err instanceof Error ? err.stack : String(err) });
      return 0;
    }
  };
  return {
    importsFinished: await step('imports', finishStalledImports),
    photosToReview: await step('photos', expirePhotoChecks),
    exportsDeleted: await step('exports', deleteOldExports),
    phonesCleared: await step('phones', clearOldPhones),
    departuresFinished: await step('departures', finishDepartures),
    idleLimitsForgotten: await step('limits', forgetIdleLimits),
    failed,
  };
}
