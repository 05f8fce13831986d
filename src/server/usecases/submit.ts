/**
 * A resident's request, sent from a representative's contact card (or entered by the
 * representative for a resident met in person: src/server/usecases/reception.ts). Idempotent on the client's
 * request id (a double tap or a retried send never makes two cases) and rate-limited per resident.
 */
import type { CaseRecord, GeoPoint, GridVisit, Level, Reception, Recording, Relation, Representative, Township, Village } from '../../../types/domain';
import { newCase, type NewCase } from '../../domain/case';
import { withNextReminder } from '../../domain/reminders';
import { shanghaiDate } from '../../domain/calendar';
import { firstDue, type Due } from '../../domain/deadlines';
import { ANONYMOUS_NAME, monthDay } from '../../domain/labels';
import { descriptionProblem, messengerRulesFor, remindersFor } from '../../../config/rules';
import type { Ctx } from '../ctx';
import { AppError, invalid, notFound } from '../errors';
import { checked, derivedId, getById } from '../store';
import { leftNotice, representativeByCard } from './cards';
import { outboxEntries, saveCase } from './outbox';
import { saveReception } from './rollups';
import { checkMedia, checkWords, mediaOf } from './moderation';
import { loadCalendar, requireOpenid } from './people';
import { cleanOwnPhotos, NOT_OWN_PHOTOS } from './photos';
import { requireRecordings } from './recordings';
import { looksAllowed, takeSlot } from './limits';
import { DAY_MS, HOUR_MS, type LimitRule } from '../../domain/limits';
import { ENTERED } from '../../domain/roles';

export interface SubmitInput {
  cardCode: string;
  requestId: string;
  category: string;
  description: string;
  photos?: string[];
  /** 语音说事: recordings from the sender's own folder; with one, typed words may be few or none */
  recordings?: Recording[];
  location?: GeoPoint;
  address?: string;
  phone?: string;
  name?: string;
  anonymous?: boolean;
  villageId?: string;
}

export interface SubmitResult {
  id: string;
  no: string;
  /** false when this request id was already sent: the first case is returned */
  created: boolean;
  representativeName: string;
  /** the deadline if the case goes to its category's usual level today: for "预计X月X日前答复" */
  expectedDueDate: string;
  /** true when the words await the office's review (内容核对) before they reach the representative */
  held: boolean;
  next: string;
}

/** One case per resident and request id, whoever retries. */
export function caseIdFor(openid: string, requestId: string): string {
  return derivedId('c', openid, requestId);
}

/** How a request is sent, for its limit: from a card, entered in person (接待日志), or passed on for a neighbour (代为反映 / 代办). */
type Sending = 'submit' | 'enter' | 'pass';

/** How often one person may send: a resident from cards, a representative entering for residents met in person, a messenger for neighbours. */
function limitOf(ctx: Ctx, openid: string, sending: Sending, countyId: string): { id: string; rules: LimitRule[] } {
  const { perHour, perDay } = sending === 'enter' ? ctx.rules.enter : sending === 'pass' ? messengerRulesFor(ctx.rules, countyId) : ctx.rules.submit;
  return {
    id: `${sending}:${openid}`,
    rules: [
      { ms: HOUR_MS, max: perHour },
      { ms: DAY_MS, max: perDay },
    ],
  };
}

const TOO_OFTEN: Record<Sending, string> = {
  submit: '您提交得太频繁了，请稍后再试；急事请直接拨打代表电话',
  enter: '登记得太频繁了，请稍后再试',
  pass: '代为反映得太频繁了，请稍后再试；急事请直接拨打代表电话',
};
const tooOften = (sending: Sending) => new AppError('RATE_LIMITED', TOO_OFTEN[sending]);

export async function submitCase(ctx: Ctx, input: SubmitInput): Promise<SubmitResult> {
  const openid = requireOpenid(ctx);
  if (input.anonymous && (input.phone || input.name)) throw invalid('anonymous', '匿名反映时不能留姓名和电话');
  const anonymous = input.anonymous ?? false;
  return openCase(ctx, input, {
    rep: representativeByCard(ctx, input.cardCode),
    resident: { openid, name: input.name ?? null, phone: input.phone ?? null, anonymous },
    actor: { relation: 'resident', name: anonymous ? ANONYMOUS_NAME : (input.name ?? '群众') },
    reception: null,
  });
}

/**
 * How a new case came: sent by a resident from a card (status 待受理), or entered by a
 * representative for a resident met at a reception day or on a home visit (接待日志), accepted as
 * it is entered and bound to that log in the same transaction.
 */
export interface Intake {
  /** the card's representative (or the lookup under way: it is read together with the case) */
  rep: Representative | Promise<Representative>;
  /** who sent it (`openid`: the resident, or the representative entering it in person) and what they left */
  resident: CaseRecord['resident'];
  actor: { relation: Relation; name: string };
  reception: Reception | null;
  /**
   * entered on a grid visit (网格走访) by one of the grid's people: a representative follows it as its
   * representative (as at a reception); village staff follow it by their own openid (`resident.openid`)
   */
  visit?: GridVisit | null;
  /** made from a proposal by its reviewer (转作意见建议): one case per proposal, whoever converts it */
  proposal?: { id: string; title: string };
  /** made from an anonymous echo-wall post (转为事项): one case per post, whoever converts it */
  wall?: { id: string; no: string };
  /** entered in person: the level the representative gave it, as 受理 would */
  level?: Level | null;
  /** passed on by a messenger or a 代办党员 (their openid is the resident's: they follow it) */
  messenger?: NonNullable<NewCase['messenger']>;
}

export async function openCase(ctx: Ctx, input: Omit<SubmitInput, 'cardCode' | 'name' | 'phone' | 'anonymous'>, intake: Intake): Promise<SubmitResult> {
  const { reception, proposal, wall } = intake;
  const visit = intake.visit ?? null;
  const inPerson = !!reception || !!visit;
  // who sends it: the resident from a card, the representative entering it, or the proposal's reviewer (idempotency, limits, the content check)
  const { openid } = intake.resident;
  const now = ctx.clock.now();
  const id = caseIdFor(proposal ? `proposal:${proposal.id}` : wall ? `wall:${wall.id}` : openid, input.requestId);
  // entered in person or from a proposal or a wall post, there is no resident's WeChat identity here: whoever follows the case stands in (roles.ts)
  // (village staff who entered it on a grid visit follow it themselves: their openid stays)
  const standIn = reception || proposal || wall || (visit && intake.actor.relation === 'representative');
  const resident = standIn ? { ...intake.resident, openid: `${ENTERED}${id}` } : intake.resident;
  // independent reads together: on CloudBase each is a round trip
  const [rep, existing] = await Promise.all([intake.rep, getById<CaseRecord>(ctx.db, 'cases', id)]);
  const category = ctx.rules.categories.find((c) => c.id === input.category) ?? ctx.rules.categories[0]!;
  const calendar = loadCalendar(ctx, rep.countyId);
  const schedule = remindersFor(ctx.rules, rep.countyId);
  // the first deadline, promised to the resident: the triage days, then the category's level's limit
  const firstDeadline = async () => firstDue(await calendar, ctx.rules, rep.countyId, intake.level ?? category.level, now);
  const expected = async () => (await firstDeadline()).dueDate;
  const result = (c: CaseRecord, created: boolean, expectedDueDate: string): SubmitResult => ({
    id: c._id,
    no: c.no,
    created,
    representativeName: c.representativeName,
    expectedDueDate,
    held: c.status === 'held',
    next:
      c.status === 'held' && inPerson
        ? '登记的内容需要工作人员先核对一下，核对后会回到您的新反映里，再受理交办。'
        : c.status === 'held'
          ? `您写的内容需要工作人员先核对一下，核对后会转给党代表${c.representativeName}，有结果会通知您。`
          : inPerson
            ? `已登记并受理，请交办给有关单位；办理结果请告诉群众，预计${monthDay(expectedDueDate)}前答复。`
            : intake.messenger
              ? `已转给党代表${c.representativeName}，预计${monthDay(expectedDueDate)}前答复；有进展会通知您，请转告群众。`
              : `党代表${c.representativeName}会尽快受理，交给有关单位办理，预计${monthDay(expectedDueDate)}前答复您。`,
  });

  if (existing) return result(existing, false, existing.dueDate ?? (await expected()));

  const recordings = input.recordings ?? [];
  // a request someone sent (not a proposal or a post made into a case) needs words, or a recording that says them
  const unsaid = !proposal && !wall && descriptionProblem(input.description, recordings.length > 0);
  if (unsaid) throw invalid('description', unsaid);
  const villageId = input.villageId ?? reception?.villageId ?? visit?.villageId ?? rep.villageIds[0];
  if (!villageId || !rep.villageIds.includes(villageId)) throw invalid('villageId', '请选择这位代表联系的村(社区)');
  const words = [input.description, input.address].filter(Boolean).join('\n');
  // refused early when over the limit (before WeChat's checks are asked); binding in the transaction below.
  // A reviewer converting proposals (or staff a wall's posts) is bound by them, not by a sender's limit.
  const sending: Sending = inPerson ? 'enter' : intake.messenger ? 'pass' : 'submit';
  const limit = proposal || wall ? null : limitOf(ctx, openid, sending, rep.countyId);
  if (limit && !(await looksAllowed(ctx.db, limit.id, now, limit.rules))) throw tooOften(sending);
  // what refuses a request without writing anything comes first: then the photos are cleaned
  await requireRecordings(ctx, openid, recordings, intake.resident.anonymous);
  // kept only as clean copies (no EXIF, no GPS), named for this case, which WeChat's image check then looks at
  const photos = await cleanOwnPhotos(ctx, openid, input.photos ?? [], { field: 'photos', message: NOT_OWN_PHOTOS, owner: id });
  let written: { saved: { record: CaseRecord; created: boolean }; due: Due };
  try {
    written = await writeCase();
  } catch (err) {
    // refused or failed once the copies were written: none is left behind, unless this very request's
    // case was written meanwhile (the same send retried at once) and holds them
    // (when that cannot be read, the copies stay: better a file left over than a case's photo lost)
    const held = await getById<CaseRecord>(ctx.db, 'cases', id).then(
      (c) => c !== null,
      () => true,
    );
    if (!held) await photos.abandon();
    throw err;
  }
  const { saved, due } = written;
  await photos.discard();
  if (saved.created) ctx.log.info('case submitted', { caseId: id, no: saved.record.no, status: saved.record.status, receptionId: reception?._id ?? null });
  return result(saved.record, saved.created, due.dueDate);

  async function writeCase() {
    const [village, due, cal, verdict, photoChecks] = await Promise.all([
      getById<Village>(ctx.db, 'villages', villageId),
      firstDeadline(),
      calendar,
      checkWords(ctx, openid, 'post', words),
      checkMedia(ctx, openid, mediaOf(photos.photos, recordings), now),
    ]);
    const township = village && (await getById<Township>(ctx.db, 'townships', village.townshipId));
    if (!village || !township) throw notFound('村(社区)');

    const day = shanghaiDate(now).replace(/-/g, '');

    const saved = await ctx.db.runTransaction(async (tx) => {
      const dup = checked(await tx.collection<CaseRecord>('cases').doc(id).get());
      if (dup.data) return { record: dup.data, created: false };
      const log = reception && checked(await tx.collection<Reception>('receptions').doc(reception._id).get()).data;
      if (reception && !log) return { error: notFound('接待记录') };
      const walk = visit && checked(await tx.collection<GridVisit>('gridVisits').doc(visit._id).get()).data;
      if (visit && !walk) return { error: notFound('走访记录') };
      // the card's representative may have left since it was read (what slips through, the housekeeping timer moves on)
      const live = checked(await tx.collection<Representative>('representatives').doc(rep._id).get()).data;
      if (!live?.active) return { error: new AppError('INVALID_STATE', leftNotice(rep)) };
      if (limit && !(await takeSlot(tx, limit.id, now, limit.rules))) return { error: tooOften(sending) };
      const counterId = `case:${rep.countyId}:${day}`;
      const counter = checked(await tx.collection<{ _id?: string; seq: number }>('counters').doc(counterId).get());
      const seq = (counter.data?.seq ?? 0) + 1;
      checked(await tx.collection('counters').doc(counterId).set({ seq }));
      const opened = newCase(
        {
          id,
          no: `${day}${String(seq).padStart(4, '0')}`,
          requestId: input.requestId,
          representative: { id: rep._id, name: rep.name, cardCode: rep.cardCode, countyId: rep.countyId },
          township: { id: township._id, name: township.name },
          village: { id: village._id, name: village.name },
          category: category.id,
          description: input.description,
          photos: photos.photos,
          recordings,
          location: input.location ?? null,
          address: input.address ?? null,
          resident,
          reception: reception ? { id: reception._id, kind: reception.kind } : null,
          visit: visit ? { id: visit._id, gridId: visit.gridId } : null,
          proposal: proposal ?? null,
          wall: wall ?? null,
          messenger: intake.messenger ?? null,
          level: intake.level ?? null,
          by: { openid, ...intake.actor },
          words,
          verdict,
          due,
          photoChecks,
        },
        now,
      );
      const record = withNextReminder(opened.record, schedule, cal, now);
      const notifications = opened.notifications;
      await saveCase(tx, null, record, outboxEntries(record, `${id}-1`, notifications, now));
      if (log) await saveReception(tx, log, { ...log, caseIds: [...log.caseIds, id], updatedAt: now });
      if (walk)
        checked(
          await tx
            .collection('gridVisits')
            .doc(visit!._id)
            .update({ caseIds: [...walk.caseIds, id], updatedAt: now }),
        );
      return { record, created: true };
    });
    if ('error' in saved) throw saved.error;
    return { saved, due };
  }
}
