/**
 * Reception (接待, 三固定 and 接待日志): a representative's reception desk — their workrooms and
 * next reception days, logging a session (who was on duty, residents received, notes) or a day of
 * home visits (走访), and entering requests for the residents met there with their consent to be
 * contacted. The office reads the logs and each representative's record (述职评议).
 */
import type { Level, LoggedReception, Reception, Representative, Village, Workroom } from '../../../types/domain';
import { addDays, shanghaiDate } from '../../domain/calendar';
import { receptionKindText } from '../../domain/labels';
import { isReceptionDay, nextReceptionDay, receptionIdOf, scheduleText } from '../../domain/reception';
import { RECORD_FIGURES, representativeRecords, STATS_FIELDS, type RepresentativeRecord, type StatsCase } from '../../domain/statistics';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById, scanAll } from '../store';
import { keepReport, type KeptFile, type ReportSheet } from './exports';
import { requireOffice, sentBetween } from './office';
import { groupActivitiesIn } from './groups';
import { inspectedSessions, listItemFor, markItemEntered, preReceptionList, type PreReceptionList } from './linkage';
import { callerRepresentative, loadCalendar } from './people';
import { saveReception } from './rollups';
import { scoreSheet, scoresIn, yearDays } from './scores';
import { caseIdFor, openCase, type SubmitInput, type SubmitResult } from './submit';

/** A log as the pages read it: whoever logged it by name, not by WeChat identity. */
export const asRead = ({ loggedBy: _by, ...log }: Reception): LoggedReception => log;

/** A log can be written, and requests entered at it, up to this many days after the session. */
export const LOG_WITHIN_DAYS = 60;
/** Whether a day is further back than a log may be written or corrected (reception logs, group activities). */
export const tooOld = (ctx: Ctx, date: string) => date < addDays(shanghaiDate(ctx.clock.now()), -LOG_WITHIN_DAYS);
const RECENT_LOGS = 20;

export interface DeskWorkroom {
  id: string;
  name: string;
  villageId: string;
  times: string;
  next: string;
  today: boolean;
  group: Array<{ id: string; name: string }>;
  /** 接待前民意清单 of its coming session (`next`) */
  list: PreReceptionList;
}

export interface ReceptionDesk {
  today: string;
  representative: { id: string; name: string };
  workrooms: DeskWorkroom[];
  /** where home visits can be logged: the villages on their card */
  villages: Array<{ id: string; name: string }>;
  /** their latest logs, newest first */
  logs: LoggedReception[];
}

/** The representatives of these ids (of any county: the caller checks), by id. */
export const repsById = async (ctx: Ctx, ids: readonly string[]) => {
  const _ = ctx.db.command;
  const reps = ids.length
    ? await getAll(
        collection<Representative>(ctx.db, 'representatives')
          .where({ _id: _.in([...ids]) })
          .orderBy('_id', 'asc'),
      )
    : [];
  return new Map(reps.map((r) => [r._id, r]));
};

export async function receptionDesk(ctx: Ctx): Promise<ReceptionDesk> {
  const { rep } = await callerRepresentative(ctx, '只有党代表可以填写接待日志');
  const today = shanghaiDate(ctx.clock.now());
  const _ = ctx.db.command;
  const [workrooms, villages, mine] = await Promise.all([
    getAll(collection<Workroom>(ctx.db, 'workrooms').where({ representativeIds: rep._id }).orderBy('_id', 'asc')),
    getAll(
      collection<Village>(ctx.db, 'villages')
        .where({ _id: _.in(rep.villageIds) })
        .orderBy('_id', 'asc'),
    ),
    collection<Reception>(ctx.db, 'receptions').where({ representativeIds: rep._id }).orderBy('date', 'desc').limit(RECENT_LOGS).get().then(checked),
  ]);
  // and their groups' sessions, which they may correct or add requests to
  const groups = workrooms.length
    ? checked(
        await collection<Reception>(ctx.db, 'receptions')
          .where({ workroomId: _.in(workrooms.map((w) => w._id)) })
          .orderBy('date', 'desc')
          .limit(RECENT_LOGS)
          .get(),
      ).data
    : [];
  const logs = [...new Map([...mine.data, ...groups].map((l) => [l._id, l])).values()]
    .sort((a, b) => b.date.localeCompare(a.date) || a._id.localeCompare(b._id))
    .slice(0, RECENT_LOGS);
  const group = await repsById(ctx, [...new Set(workrooms.flatMap((w) => w.representativeIds))]);
  const lists = await Promise.all(workrooms.map((w) => preReceptionList(ctx, w._id, nextReceptionDay(w.schedule, today))));
  return {
    today,
    representative: { id: rep._id, name: rep.name },
    workrooms: workrooms.map((w, i) => ({
      id: w._id,
      name: w.name,
      villageId: w.villageId,
      times: `${scheduleText(w.schedule)} ${w.hours}`,
      next: nextReceptionDay(w.schedule, today),
      today: isReceptionDay(w.schedule, today),
      group: w.representativeIds.flatMap((id) => (group.get(id) ? [{ id, name: group.get(id)!.name }] : [])),
      list: lists[i]!,
    })),
    villages: villages.map((v) => ({ id: v._id, name: v.name })),
    logs: logs.map(asRead),
  };
}

export interface LogInput {
  kind: Reception['kind'];
  /** a session: its workroom */
  workroomId?: string;
  /** home visits: the village */
  villageId?: string;
  date: string;
  representativeIds: string[];
  residents: number;
  notes?: string;
  /** correcting a log: its `updatedAt` as read, so nobody's later change is overwritten unseen */
  updatedAt?: number;
}

/**
 * Writes the log of a session (one per workroom and day; those on duty from its group) or of a
 * representative's home visits in a village (one per representative, village and day; the
 * representative alone). Written again with the `updatedAt` it was read with, it is corrected in
 * place and keeps the requests entered there; a log someone changed meanwhile is not overwritten.
 */
export async function logReception(ctx: Ctx, input: LogInput): Promise<LoggedReception> {
  const { caller, rep } = await callerRepresentative(ctx, '只有党代表可以填写接待日志');
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  if (input.date > today) throw invalid('date', '接待日期不能晚于今天');
  if (tooOld(ctx, input.date)) throw invalid('date', `只能补记${LOG_WITHIN_DAYS}天以内的接待`);
  const onDuty = [...new Set(input.representativeIds)];
  if (!onDuty.includes(rep._id)) throw invalid('representativeIds', '填写接待日志的代表须在参加接待的代表中');
  if (input.kind === 'visit' && onDuty.length > 1) throw invalid('representativeIds', '走访日志每位代表各记各的');

  let place: Pick<Reception, '_id' | 'villageId' | 'workroomId' | 'workroomName' | 'scheduled'>;
  if (input.kind === 'reception') {
    if (!input.workroomId) throw invalid('workroomId', '请选择工作室');
    const w = await getById<Workroom>(ctx.db, 'workrooms', input.workroomId);
    if (!w || w.countyId !== rep.countyId) throw notFound('工作室');
    if (!w.representativeIds.includes(rep._id)) throw forbidden('只有这个工作室接待小组的代表可以填写它的接待日志');
    if (onDuty.some((id) => !w.representativeIds.includes(id))) throw invalid('representativeIds', '参加接待的代表须是这个工作室接待小组的成员');
    place = {
      _id: receptionIdOf({ kind: 'reception', workroomId: w._id, villageId: w.villageId, date: input.date, representativeId: rep._id }),
      villageId: w.villageId,
      workroomId: w._id,
      workroomName: w.name,
      scheduled: isReceptionDay(w.schedule, input.date),
    };
  } else {
    if (!input.villageId || !rep.villageIds.includes(input.villageId)) throw invalid('villageId', '请选择您联系的村(社区)');
    place = {
      _id: receptionIdOf({ kind: 'visit', workroomId: null, villageId: input.villageId, date: input.date, representativeId: rep._id }),
      villageId: input.villageId,
      workroomId: null,
      workroomName: null,
      scheduled: false,
    };
  }
  const [village, reps] = await Promise.all([getById<Village>(ctx.db, 'villages', place.villageId), repsById(ctx, onDuty)]);
  if (!village) throw notFound('村(社区)');
  if (onDuty.some((id) => !reps.get(id)?.active)) throw invalid('representativeIds', '参加接待的代表中有已不在任的');

  return ctx.db.runTransaction(async (tx) => {
    const old = checked(await tx.collection<Reception>('receptions').doc(place._id).get()).data;
    if (old && old.updatedAt !== input.updatedAt) {
      throw new AppError('CONFLICT', `${old.loggedByName}已记过这次接待（接待群众${old.residents}人）：请刷新后在那份日志上修改`);
    }
    const log: Reception = {
      ...place,
      countyId: rep.countyId,
      townshipId: village.townshipId,
      villageName: village.name,
      kind: input.kind,
      date: input.date,
      representativeIds: onDuty,
      representativeNames: onDuty.map((id) => reps.get(id)!.name),
      residents: input.residents,
      notes: input.notes ?? '',
      caseIds: old?.caseIds ?? [],
      loggedBy: caller.openid,
      loggedByName: caller.user.name,
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
    };
    await saveReception(tx, old, log);
    ctx.log.info('reception logged', { receptionId: log._id, kind: log.kind, attendances: onDuty.length, residents: log.residents });
    return asRead(log);
  });
}

export type EnterInput = Omit<SubmitInput, 'cardCode' | 'anonymous'> & {
  receptionId: string;
  /** whose responsibility it is (三向交办), as 受理 records it: a county matter goes to the county office */
  level?: Level;
  /** the resident agreed to be called back on this phone */
  consent: boolean;
  /** the item of the session's 接待前民意清单 this request enters (it keeps the case's number) */
  itemId?: string;
};

/**
 * A request a representative on duty enters for a resident met at that session or visit: it is
 * theirs to follow (they hear the replies and rate for the resident), accepted as it is entered,
 * and the resident's phone is kept only with their consent.
 */
export async function enterRequest(ctx: Ctx, input: EnterInput): Promise<SubmitResult> {
  const { caller, rep } = await callerRepresentative(ctx, '只有党代表可以填写接待日志');
  const reception = await getById<Reception>(ctx.db, 'receptions', input.receptionId);
  if (!reception || reception.countyId !== rep.countyId) throw notFound('接待记录');
  if (!reception.representativeIds.includes(rep._id)) throw forbidden('只有参加这次接待的代表可以为群众登记');
  if (tooOld(ctx, reception.date)) throw new AppError('INVALID_STATE', `这次接待已超过${LOG_WITHIN_DAYS}天，不能再登记`);
  if (input.phone && !input.consent) throw invalid('consent', '留电话须经群众同意：请先问过群众，再勾选“同意办理人员打电话联系”');
  const { receptionId: _r, consent: _c, itemId, level, name, phone, ...request } = input;
  const list = itemId ? await listItemFor(ctx, reception, itemId, caseIdFor(caller.openid, input.requestId)) : null;
  const entered = await openCase(ctx, request, {
    rep,
    resident: { openid: caller.openid, name: name ?? null, phone: phone ?? null, anonymous: false },
    actor: { relation: 'representative', name: rep.name },
    reception,
    level: level ?? null,
  });
  if (list && itemId) await markItemEntered(ctx, list._id, itemId, entered);
  return entered;
}

export interface ReceptionFilter {
  from: string;
  to: string;
  townshipId?: string;
  villageId?: string;
}

/** The logs of a period and area, for the office and the statistics. */
export function receptionsIn(ctx: Ctx, countyId: string, filter: ReceptionFilter): Promise<Reception[]> {
  if (filter.from > filter.to) throw invalid('to', '结束日期不能早于开始日期');
  const _ = ctx.db.command;
  return scanAll<Reception>(ctx.db, 'receptions', {
    countyId,
    date: _.and(_.gte(filter.from), _.lte(filter.to)),
    ...(filter.townshipId ? { townshipId: filter.townshipId } : {}),
    ...(filter.villageId ? { villageId: filter.villageId } : {}),
  });
}

/** 接待日志 of the county: every session and visit of the period, newest first. */
export async function countyReceptions(ctx: Ctx, filter: ReceptionFilter): Promise<LoggedReception[]> {
  const { office } = await requireOffice(ctx);
  return newestFirst(await receptionsIn(ctx, office.countyId, filter)).map(asRead);
}

const newestFirst = (logs: Reception[]) => logs.sort((a, b) => b.date.localeCompare(a.date) || a.villageId.localeCompare(b.villageId));

interface Records {
  from: string;
  to: string;
  records: RepresentativeRecord[];
}

/**
 * 述职评议: every representative of the county over a period (this year by default), from the cases
 * and the logs of the area, and the activities of their groups they attended.
 */
export async function countyRepresentativeRecords(ctx: Ctx, filter: ReceptionFilter): Promise<Records> {
  const { records, from, to } = await recordsWithLogs(ctx, filter);
  return { records, from, to };
}

async function recordsWithLogs(ctx: Ctx, filter: ReceptionFilter): Promise<Records & { logs: Reception[]; countyId: string }> {
  const { office } = await requireOffice(ctx);
  const { records, logs } = await recordsIn(ctx, office.countyId, filter);
  return { from: filter.from, to: filter.to, records, logs: newestFirst(logs), countyId: office.countyId };
}

/**
 * The records of a county's representatives over a period and area — or of one of them — from the
 * cases sent in it and the logs of its days; the caller has checked who may read them (the office's
 * records, a representative's 述职报告).
 */
export async function recordsIn(
  ctx: Ctx,
  countyId: string,
  filter: ReceptionFilter,
  representativeId?: string,
): Promise<{ records: RepresentativeRecord[]; logs: Reception[] }> {
  const where = {
    countyId,
    createdAt: sentBetween(ctx, filter.from, filter.to),
    ...(filter.townshipId ? { townshipId: filter.townshipId } : {}),
    ...(filter.villageId ? { villageId: filter.villageId } : {}),
    ...(representativeId ? { representativeId } : {}),
  };
  const [reps, cases, logs, calendar, activities, inspected] = await Promise.all([
    getAll(
      collection<Representative>(ctx.db, 'representatives')
        .where({ countyId, ...(representativeId ? { _id: representativeId } : {}) })
        .orderBy('_id', 'asc')
        .field({ name: true }),
    ),
    scanAll<StatsCase>(ctx.db, 'cases', where, STATS_FIELDS),
    receptionsIn(ctx, countyId, filter),
    loadCalendar(ctx, countyId),
    // a group is not of one village: its activities count whatever the area
    groupActivitiesIn(ctx, countyId, filter),
    // 督查 goes with the representative wherever the session was
    inspectedSessions(ctx, countyId, filter.from, filter.to),
  ]);
  const records = representativeRecords(
    reps,
    cases,
    logs,
    { from: filter.from, to: filter.to, calendar, triageDays: ctx.rules.reminders.triage, now: ctx.clock.now() },
    activities,
    inspected,
  );
  return { records, logs };
}

/** The records as a workbook for the evaluation (述职评议), with the period's reception logs. */
export async function exportRepresentativeRecords(ctx: Ctx, filter: ReceptionFilter): Promise<KeptFile> {
  const { records, from, to, logs, countyId } = await recordsWithLogs(ctx, filter);
  const recordsSheet: ReportSheet = {
    name: '党代表履职',
    columns: ['党代表', ...RECORD_FIGURES.map((f) => f.label)],
    rows: records.map((r) => [
      r.name,
      ...RECORD_FIGURES.map((f) => {
        const value = f.value(r);
        return typeof value === 'number' ? value : { rate: value.percent };
      }),
    ]),
  };
  const logsSheet: ReportSheet = {
    name: '接待日志',
    columns: ['日期', '类型', '村(社区)', '工作室', '接待代表', '接待群众（人）', '登记诉求（件）', { header: '记事', width: 40, wrap: true }],
    rows: logs.map((l) => [
      { day: l.date },
      receptionKindText(l),
      l.villageName,
      l.workroomName,
      l.representativeNames.join('、'),
      l.residents,
      l.caseIds.length,
      l.notes || null,
    ]),
  };
  // the 百分制 of the year the period ends in; the records just computed are the year's when the period is the whole county's year
  const year = Number(to.slice(0, 4));
  const whole = from === yearDays(year).from && to === yearDays(year).to && !filter.townshipId && !filter.villageId;
  const scores = await scoresIn(ctx, countyId, year, whole ? { records } : {});
  return keepReport(ctx, `党代表履职_${from}_${to}.xlsx`, [recordsSheet, scoreSheet(scores), logsSheet]);
}
