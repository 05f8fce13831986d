/**
 * After the answer, as use cases: 问题还在吗 asked by the remind timer and answered by the resident
 * (`case · still_there`), the representative's 回访 list (`staff · callbacks`, `staff · callback`),
 * and the share of residents reached within a day for the office's statistics.
 */
import type { CaseView, Page } from '../../../types/api';
import type { Callback, CallbackOutcome, CallbackReason, CaseRecord, Reach } from '../../../types/domain';
import { endOfShanghaiDay, shanghaiDate, startOfShanghaiDay } from '../../domain/calendar';
import {
  askStillThere,
  callerStillThereReply,
  CALLBACK_OUTCOME_TEXT,
  CALLBACK_REASON_TEXT,
  noPhoneText,
  reachedShare,
  type ReachFigures,
} from '../../domain/followup';
import { categoryName } from '../../domain/labels';
import type { Ctx } from '../ctx';
import { AppError, forbidden, notFound } from '../errors';
import { checked, collection, getAll, getById, getPage } from '../store';
import { auditPhoneSeen } from './audit';
import type { ActInput } from './case-input';
import { actOnCase, caseDetail, loadVisible } from './cases';
import { outboxEntries, saveCase } from './outbox';
import { requireStaff, type Caller } from './people';

/**
 * Asks the residents whose cases closed `askAfterDays` ago (the remind timer): found through the
 * indexed `stillThereAt`, each asked in its own transaction and only if its cursor is still the one
 * the query saw, so a resident is asked once however often, or however many at once, the sweep runs.
 */
export async function sweepStillThere(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const _ = ctx.db.command;
  const { data } = checked(
    await collection<CaseRecord>(ctx.db, 'cases')
      .where({ stillThereAt: _.gt(0).and(_.lte(now)) })
      .orderBy('stillThereAt', 'asc')
      .limit(ctx.rules.sweep.maxCasesPerRun)
      .field({ _id: true, stillThereAt: true })
      .get(),
  );
  let asked = 0;
  for (const seen of data) {
    asked += await ctx.db.runTransaction(async (tx) => {
      const fresh = checked(await tx.collection<CaseRecord>('cases').doc(seen._id).get()).data;
      if (!fresh || fresh.status !== 'closed' || fresh.stillThereAt !== seen.stillThereAt) return 0;
      const applied = askStillThere(fresh, ctx.rules, now);
      await saveCase(tx, fresh, applied.next, outboxEntries(applied.next, applied.event.id, applied.notifications, now));
      return 1;
    });
  }
  if (asked > 0) ctx.log.info('asked whether problems are still there', { asked });
  return asked;
}

/**
 * `case · still_there`: a reporter's answer — the case's resident or a co-reporter, each for
 * themselves, once — through the transition table (any one 还在 reopens the case as 再交办). The
 * same request again (a retried tap whose answer was lost) answers the case as it stands.
 */
export async function answerStillThere(ctx: Ctx, input: ActInput<'still_there'>): Promise<CaseView> {
  const { c, caller, relations } = await loadVisible(ctx, input.caseId);
  const mine = callerStillThereReply(c, relations, caller.openid);
  if (mine && mine.requestId === input.requestId) return caseDetail(ctx, input.caseId);
  return actOnCase(ctx, input);
}

/** Who may see and record 回访: a representative (their cases') and the office (its county's). */
async function callbackViewer(ctx: Ctx): Promise<{ caller: Caller; officeCounty: string | null; representativeIds: string[] }> {
  const caller = await requireStaff(ctx);
  const officeCounty = caller.user.grants.find((g) => g.role === 'office')?.countyId ?? null;
  const representativeIds = caller.user.grants.filter((g) => g.role === 'representative' && g.representativeId).map((g) => g.representativeId!);
  if (!officeCounty && representativeIds.length === 0) throw forbidden('只有党代表和联系群众工作办公室可以查看回访');
  return { caller, officeCounty, representativeIds };
}

const mayHandle = (v: { officeCounty: string | null; representativeIds: string[] }, cb: Callback) =>
  (v.officeCounty !== null && cb.countyId === v.officeCounty) || (cb.representativeId !== null && v.representativeIds.includes(cb.representativeId));

export interface CallbackItem {
  id: string;
  caseId: string;
  caseNo: string;
  categoryName: string;
  villageName: string;
  reason: CallbackReason;
  reasonText: string;
  /** what to tell the resident: the answer that did not reach them */
  title: string;
  body: string;
  createdAt: number;
  /** YYYY-MM-DD (Asia/Shanghai) and whether it is past */
  dueDate: string;
  late: boolean;
  status: Callback['status'];
  outcome: CallbackOutcome | null;
  outcomeText: string | null;
  attempts: Array<{ at: number; date: string; outcome: CallbackOutcome; outcomeText: string; note: string | null; byName: string }>;
  /** the resident as the case keeps them: the name (null when anonymous) and the phone to call (null when none was left) */
  resident: { name: string | null; phone: string | null };
  /** when there is no phone to call: how else the answer reaches them */
  otherwise: string | null;
}

function callbackItem(cb: Callback, c: CaseRecord | undefined, now: number): CallbackItem {
  const phone = c?.resident.phone ?? null;
  return {
    id: cb._id,
    caseId: cb.caseId,
    caseNo: cb.caseNo,
    categoryName: c ? categoryName(c.category) : '',
    villageName: c?.villageName ?? '',
    reason: cb.reason,
    reasonText: CALLBACK_REASON_TEXT[cb.reason],
    title: cb.title,
    body: cb.body,
    createdAt: cb.createdAt,
    dueDate: shanghaiDate(cb.due),
    late: cb.status === 'open' && now > cb.due,
    status: cb.status,
    outcome: cb.outcome,
    outcomeText: cb.outcome ? CALLBACK_OUTCOME_TEXT[cb.outcome] : null,
    attempts: cb.attempts.map((a) => ({ ...a, date: shanghaiDate(a.at), outcomeText: CALLBACK_OUTCOME_TEXT[a.outcome] })),
    resident: { name: c && !c.resident.anonymous ? c.resident.name : null, phone },
    otherwise: c ? noPhoneText(c) : null,
  };
}

/** The 回访 items matching `where` that a viewer handles: their county's for the office, their cases' for a representative. */
function callbacksOf(ctx: Ctx, viewer: { officeCounty: string | null; representativeIds: string[] }, where: Record<string, unknown>) {
  const _ = ctx.db.command;
  const mine = [
    ...(viewer.officeCounty ? [{ countyId: viewer.officeCounty }] : []),
    ...(viewer.representativeIds.length ? [{ representativeId: _.in(viewer.representativeIds) }] : []),
  ];
  return collection<Callback>(ctx.db, 'callbacks').where(_.and([where, _.or(mine)]));
}

/**
 * `staff · callbackCount`: how many 回访 wait for a call, and how many of them are past their day,
 * for the workbench's link. Counts only: no phone is read, so nothing is audited.
 */
export async function countCallbacks(ctx: Ctx): Promise<{ open: number; late: number }> {
  const viewer = await callbackViewer(ctx);
  const _ = ctx.db.command;
  const [open, late] = await Promise.all([
    callbacksOf(ctx, viewer, { status: 'open' }).count(),
    callbacksOf(ctx, viewer, { status: 'open', due: _.lt(ctx.clock.now()) }).count(),
  ]);
  return { open: checked(open).total, late: checked(late).total };
}

/** `staff · callbacks`: the 回访 list, open ones first by due time (done ones: the latest first). */
export async function listCallbacks(ctx: Ctx, status: Callback['status'], page: number, pageSize: number): Promise<Page<CallbackItem>> {
  const viewer = await callbackViewer(ctx);
  const _ = ctx.db.command;
  const query = callbacksOf(ctx, viewer, { status })
    .orderBy(status === 'open' ? 'due' : 'updatedAt', status === 'open' ? 'asc' : 'desc')
    .orderBy('_id', 'asc');
  const found = await getPage(query, page, pageSize);
  const cases = found.items.length
    ? await getAll(
        collection<CaseRecord>(ctx.db, 'cases')
          .where({ _id: _.in([...new Set(found.items.map((cb) => cb.caseId))]) })
          .orderBy('_id', 'asc'),
      )
    : [];
  const byId = new Map(cases.map((c) => [c._id, c]));
  // the representative handles the case, so may see the resident's phone to call them: seeing it is kept in the audit trail
  const name = viewer.caller.user?.name ?? '工作人员';
  for (const c of new Set(found.items.map((cb) => byId.get(cb.caseId)).filter((c): c is CaseRecord => !!c?.resident.phone))) {
    await auditPhoneSeen(ctx, { openid: viewer.caller.openid, name }, c);
  }
  const now = ctx.clock.now();
  return { ...found, items: found.items.map((cb) => callbackItem(cb, byId.get(cb.caseId), now)) };
}

/**
 * `staff · callback`: the outcome of one call. Reached or a wrong number closes the item; no answer
 * keeps it open to try again later. Reached marks the answer as having reached its resident.
 */
export async function recordCallback(ctx: Ctx, input: { callbackId: string; outcome: CallbackOutcome; note?: string }): Promise<CallbackItem> {
  const viewer = await callbackViewer(ctx);
  const now = ctx.clock.now();
  const byName = viewer.caller.user?.name ?? '工作人员';
  const saved = await ctx.db.runTransaction(async (tx) => {
    const cb = checked(await tx.collection<Callback>('callbacks').doc(input.callbackId).get()).data;
    if (!cb || !mayHandle(viewer, { ...cb, _id: input.callbackId })) return null;
    if (cb.status === 'done') return new AppError('INVALID_STATE', `这条回访已记录为“${CALLBACK_OUTCOME_TEXT[cb.outcome!]}”`);
    const next: Callback = {
      ...cb,
      _id: input.callbackId,
      status: input.outcome === 'no_answer' ? 'open' : 'done',
      outcome: input.outcome,
      attempts: [...cb.attempts, { at: now, outcome: input.outcome, note: input.note ?? null, byName }],
      updatedAt: now,
    };
    const { _id, ...rest } = next;
    checked(await tx.collection('callbacks').doc(_id).set(rest));
    if (input.outcome === 'reached') {
      const reach = checked(await tx.collection<Reach>('reaches').doc(_id).get()).data;
      if (reach && reach.reachedAt === null) checked(await tx.collection('reaches').doc(_id).update({ reachedAt: now, via: 'call' }));
    }
    return next;
  });
  if (saved === null) throw notFound('回访');
  if (saved instanceof AppError) throw saved;
  return callbackItem(saved, (await getById<CaseRecord>(ctx.db, 'cases', saved.caseId)) ?? undefined, now);
}

/** 24小时触达率 of a county for a period: its answers' reach records, read by the day they were sent. */
export async function reachFigures(ctx: Ctx, countyId: string, from: string, to: string): Promise<ReachFigures> {
  const _ = ctx.db.command;
  const reaches = await getAll(
    collection<Reach>(ctx.db, 'reaches')
      .where({ countyId, answeredAt: _.gte(startOfShanghaiDay(from)).and(_.lte(endOfShanghaiDay(to))) })
      .orderBy('_id', 'asc')
      .field({ answeredAt: true, reachedAt: true, via: true }),
  );
  return reachedShare(reaches, { from, to }, ctx.rules.reach.withinHours);
}
