/**
 * The county office's administration of the clock and the post: the working-day calendar
 * (holidays and make-up working days the official data lacks) and the deliveries that failed.
 */
import type { Page } from '../../../types/api';
import type { CalendarOverride, CaseRecord, OutboxEntry, RoleGrant, User } from '../../../types/domain';
import { createCalendar, endOfShanghaiDay, shanghaiDate, startOfShanghaiDay } from '../../domain/calendar';
import { TERMINAL } from '../../domain/transitions';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid } from '../errors';
import { checked, collection, getAll, getPage } from '../store';
import { calendarOverrides, requireStaff, type Caller } from './people';

export async function requireOffice(ctx: Ctx): Promise<{ caller: Caller & { user: User }; office: RoleGrant }> {
  const caller = await requireStaff(ctx);
  const office = caller.user.grants.find((g) => g.role === 'office');
  if (!office) throw forbidden('只有联系群众工作办公室可以办理');
  return { caller, office };
}

/**
 * The condition on `createdAt` for cases sent in a period — first and last day, Asia/Shanghai,
 * both included — refusing one that ends before it starts (statistics, ledger).
 */
export function sentBetween(ctx: Ctx, from: string, to: string): unknown {
  if (from > to) throw invalid('to', '结束日期不能早于开始日期');
  const _ = ctx.db.command;
  return _.and(_.gte(startOfShanghaiDay(from)), _.lte(endOfShanghaiDay(to)));
}

export interface CalendarStatus {
  overrides: Array<Pick<CalendarOverride, 'kind' | 'date' | 'year' | 'name'>>;
  /** this year and the next two, and whether holiday data covers each */
  years: Array<{ year: number; covered: boolean }>;
  /** open cases whose deadline was worked out on weekends alone: their numbers */
  uncoveredCases: string[];
}

export async function calendarStatus(ctx: Ctx): Promise<CalendarStatus> {
  const { office } = await requireOffice(ctx);
  return statusOf(ctx, office.countyId);
}

async function statusOf(ctx: Ctx, countyId: string): Promise<CalendarStatus> {
  const overrides = await calendarOverrides(ctx, countyId);
  const cal = createCalendar(overrides);
  const thisYear = Number(shanghaiDate(ctx.clock.now()).slice(0, 4));
  const years = [thisYear, thisYear + 1, thisYear + 2].map((year) => ({ year, covered: cal.covers(year) }));
  const _ = ctx.db.command;
  const flagged = await getAll(
    collection<CaseRecord>(ctx.db, 'cases')
      .where({ countyId, 'warnings.kind': 'calendar_uncovered', status: _.nin([...TERMINAL]) })
      .orderBy('no', 'asc')
      .field({ no: true }),
  );
  for (const y of years) if (!y.covered) ctx.log.warn('holiday data missing for a year', { countyId, year: y.year });
  return {
    overrides: overrides.map(({ kind, date, year, name }) => ({ kind, date, year, name })),
    years,
    uncoveredCases: flagged.map((c) => c.no),
  };
}

export type CalendarChange =
  | { op: 'set_day'; date: string; kind: 'holiday' | 'workday'; name: string }
  | { op: 'remove_day'; date: string }
  | { op: 'publish_year'; year: number; name: string };

/**
 * Adds a holiday or a make-up working day, takes one back, or marks a year's holidays as entered
 * (so deadlines in it are no longer warned about). Deadlines set earlier keep their day.
 */
export async function changeCalendar(ctx: Ctx, change: CalendarChange): Promise<CalendarStatus> {
  const { office } = await requireOffice(ctx);
  const { countyId } = office;
  const days = collection<CalendarOverride>(ctx.db, 'calendar');
  if (change.op === 'set_day') {
    const doc: Omit<CalendarOverride, '_id'> = { countyId, kind: change.kind, date: change.date, year: null, name: change.name };
    checked(await days.doc(`${countyId}:${change.date}`).set(doc));
  } else if (change.op === 'remove_day') {
    const res = checked(await days.doc(`${countyId}:${change.date}`).remove());
    if (res.deleted === 0) throw new AppError('NOT_FOUND', '这一天没有调整过');
  } else {
    const doc: Omit<CalendarOverride, '_id'> = { countyId, kind: 'year_published', date: null, year: change.year, name: change.name };
    checked(await days.doc(`${countyId}:year:${change.year}`).set(doc));
  }
  ctx.log.info('calendar changed', { countyId, ...change });
  return statusOf(ctx, countyId);
}

export type DeadLetter = Pick<OutboxEntry, 'kind' | 'caseNo' | 'caseId' | 'title' | 'status' | 'attempts' | 'lastError' | 'createdAt'> & {
  id: string;
  to: string;
};

/** Messages that could not be delivered: given up after the last retry, or nobody to send to. */
export async function deadLetters(ctx: Ctx, page: number, pageSize: number): Promise<Page<DeadLetter>> {
  const { office } = await requireOffice(ctx);
  const _ = ctx.db.command;
  const query = collection<OutboxEntry>(ctx.db, 'outbox')
    .where({ countyId: office.countyId, status: _.in(['dead', 'undeliverable']) })
    .orderBy('createdAt', 'desc');
  const result = await getPage(query, page, pageSize);
  return {
    ...result,
    items: result.items.map((e) => ({
      id: e._id,
      kind: e.kind,
      caseNo: e.caseNo,
      caseId: e.caseId,
      title: e.title,
      status: e.status,
      attempts: e.attempts,
      lastError: e.lastError,
      createdAt: e.createdAt,
      to: 'key' in e.to ? e.to.key : '群众',
    })),
  };
}

/** Puts dead letters back in the queue: the deliver timer tries them again from the first attempt. */
export async function resend(ctx: Ctx, ids: string[]): Promise<{ queued: number }> {
  const { office } = await requireOffice(ctx);
  const _ = ctx.db.command;
  const res = checked(
    await collection(ctx.db, 'outbox')
      .where({ _id: _.in(ids), countyId: office.countyId, status: _.in(['dead', 'undeliverable']) })
      .update({ status: 'pending', attempts: 0, nextAttemptAt: ctx.clock.now() }),
  );
  ctx.log.info('dead letters resent', { countyId: office.countyId, queued: res.updated });
  return { queued: res.updated };
}
