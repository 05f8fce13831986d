/**
 * What each caller may see of a case. A resident's phone and name reach only the people handling
 * the case (and the resident); supervisors and the office see them masked; an anonymous case
 * shows nobody who sent it. Internal timeline events never reach the resident.
 */
import type { Rules } from '../../config/rules';
import type { CaseSummary, CaseView, NoticeView, ResidentView } from '../../types/api';
import type { CaseRecord, Notice, Relation } from '../../types/domain';
import { photoFlagged } from './case';
import { workingDaysLeft, type WorkingCalendar } from './calendar';
import { callerStillThereReply, isReporter, STILL_THERE_TEXT } from './followup';
import { ACTION_TEXT, categoryName, FEEDBACK_TEXT, heldWhy, LEVEL_TEXT, OUTCOME_TEXT, RATING_TEXT, RELATION_TEXT, STAGE, STATUS_TEXT } from './labels';
import { MESSENGER_KIND_TEXT } from './messengers';
import { coRateProblem, OPEN_FOR_METOO, raisedBy } from './metoo';
import { assignableLevels, HANDLING } from './roles';
import { allowedActions, lateNow, ON_THE_CLOCK, TERMINAL, urgeProblem } from './transitions';

const SUMMARY_CHARS = 40;
/** what a list says of a request said only by voice (语音说事) */
const VOICE_ONLY = '（语音反映，没有写字）';

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function caseSummary(c: CaseRecord, calendar: WorkingCalendar, now: number): CaseSummary {
  const open = !TERMINAL.includes(c.status) && c.status !== 'replied';
  return {
    id: c._id,
    no: c.no,
    category: c.category,
    categoryName: categoryName(c.category),
    summary: c.description.length > SUMMARY_CHARS ? `${c.description.slice(0, SUMMARY_CHARS)}…` : c.description || (c.recordings?.length ? VOICE_ONLY : ''),
    status: c.status,
    statusText: STATUS_TEXT[c.status],
    stage: STAGE[c.status],
    level: c.level,
    levelText: c.level ? LEVEL_TEXT[c.level] : null,
    unitName: c.unitName,
    townshipName: c.townshipName,
    villageName: c.villageName,
    dueDate: c.dueDate,
    // counted only while the case is on the clock (a returned case keeps its old date until it is routed again)
    workingDaysLeft: c.dueDate && ON_THE_CLOCK.includes(c.status) ? workingDaysLeft(calendar, now, c.dueDate) : null,
    // an open case is late by its date now (a new, later date clears it); a finished one, if it ever was
    overdue: open ? lateNow(c, now) : c.overdue,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    raisedBy: raisedBy(c),
    mergedInto: c.mergedInto ?? null,
  };
}

/** Relations that see the case as residents do: the resident (and followers), and co-reporters (我也反映). */
const RESIDENTS: readonly Relation[] = ['resident', 'co_reporter'];
/** A co-reporter and nobody else of the case's people: sees it as a resident, never who sent it. */
export const onlyCoReporter = (relations: readonly Relation[]): boolean => relations.length > 0 && relations.every((r) => r === 'co_reporter');

function residentView(c: CaseRecord, relations: readonly Relation[]): ResidentView {
  const own = relations.includes('resident');
  if ((c.resident.anonymous && !own) || onlyCoReporter(relations)) return { anonymous: true };
  const full = own || relations.some((r) => HANDLING.includes(r));
  const phone = c.resident.phone;
  // cleared after the retention period: only its masked form is left
  if (phone === null)
    return { anonymous: c.resident.anonymous, name: c.resident.name, phone: c.resident.maskedPhone ?? null, phoneMasked: !!c.resident.maskedPhone };
  return {
    anonymous: c.resident.anonymous,
    name: c.resident.name,
    phone: full ? phone : maskPhone(phone),
    phoneMasked: !full,
  };
}

/**
 * Who hears a recording (语音说事): a voice tells who spoke, so it reaches those who may see the
 * resident's phone — the resident, and those handling a case not sent anonymously once the check
 * passed it — and the office only while the check has it flagged (to decide on it).
 */
function hearsRecording(c: CaseRecord, relations: readonly Relation[], passed: boolean, flagged: boolean): boolean {
  if (relations.includes('resident')) return true;
  if (relations.includes('office') && flagged) return true;
  return passed && !c.resident.anonymous && relations.some((r) => HANDLING.includes(r));
}

/** A photo the image check did not pass (or could not check): the office decides. */

export function noticeView(n: Notice): NoticeView {
  return { id: n._id, title: n.title, body: n.body, publisher: n.publisher, publishedAt: n.publishedAt, answers: n.caseIds.length };
}

export function caseView(
  c: CaseRecord,
  caller: { relations: readonly Relation[]; scopes: readonly string[]; openid?: string },
  calendar: WorkingCalendar,
  rules: Rules,
  now: number,
  notices: readonly Notice[],
  /** a temporary address for each kept photo (worked out by the platform for this view) */
  urlOf: (fileId: string) => string,
): CaseView {
  const { relations } = caller;
  const staff = relations.some((r) => !RESIDENTS.includes(r));
  // a co-reporter reads the resident's own steps without their name (群众)
  const actorOf = (actor: CaseRecord['events'][number]['actor']) =>
    onlyCoReporter(relations) && actor.relation === 'resident' ? { relation: actor.relation, name: RELATION_TEXT.resident } : actor;
  // a photo reaches the people handling the case once WeChat's image check passes it
  const seesAllPhotos = relations.includes('resident') || relations.includes('office');
  const passed = (photo: string) => (c.photoChecks.find((p) => p.photo === photo)?.suggest ?? 'pass') === 'pass';
  const flagged = (file: string) => c.photoChecks.some((p) => p.photo === file && photoFlagged(p));
  // 催办 has a window the table cannot see (the calendar's working days): outside it, the resident is told why
  const urgeWhy = allowedActions(c, relations, rules, now).includes('urge') ? urgeProblem(c, rules, now, calendar) : null;
  // 问题还在吗: each reporter answers once, for themselves
  const myReply = callerStillThereReply(c, relations, caller.openid);
  const actions = allowedActions(c, relations, rules, now).filter((a) => (a !== 'urge' || !urgeWhy) && (a !== 'still_there' || !myReply));
  // a reporter reads their own answer; staff the latest
  const shownAnswer = isReporter(relations) ? (myReply?.answer ?? null) : (c.stillThere?.answer ?? null);
  return {
    ...caseSummary(c, calendar, now),
    description: c.description,
    photos: (seesAllPhotos ? c.photos : c.photos.filter(passed)).map((id) => ({ id, url: urlOf(id) })).filter((p) => p.url),
    recordings: (c.recordings ?? [])
      .filter((r) => hearsRecording(c, relations, passed(r.file), flagged(r.file)))
      .map((r) => ({ id: r.file, url: urlOf(r.file), seconds: r.seconds, flagged: flagged(r.file) }))
      .filter((r) => r.url),
    // an anonymous resident's address may be their home: a co-reporter does not read it
    location: c.resident.anonymous && onlyCoReporter(relations) ? null : c.location,
    address: c.resident.anonymous && onlyCoReporter(relations) ? null : c.address,
    resident: residentView(c, relations),
    messenger: c.messenger ? { name: c.messenger.name, kind: c.messenger.kind, kindText: MESSENGER_KIND_TEXT[c.messenger.kind] } : null,
    representative: { id: c.representativeId, name: c.representativeName, phone: null },
    coUnitNames: c.coUnitNames,
    assignedAt: c.assignedAt,
    dueAt: c.dueAt,
    outcome: c.outcome,
    outcomeText: c.outcome ? OUTCOME_TEXT[c.outcome] : null,
    feedbackMethod: c.feedbackMethod,
    feedbackMethodText: c.feedbackMethod ? FEEDBACK_TEXT[c.feedbackMethod] : null,
    reply: c.reply,
    plan: c.plan,
    expectedDate: c.expectedDate,
    rating: c.rating,
    ratingText: c.rating ? RATING_TEXT[c.rating] : null,
    ratingComment: c.ratingComment,
    myCoRating: (relations.includes('co_reporter') && c.coRatings?.find((r) => r.openid === caller.openid)?.rating) || null,
    canCoRate: relations.includes('co_reporter') && !coRateProblem(c, caller.openid ?? ''),
    villageId: c.villageId,
    canMerge: relations.includes('office') && OPEN_FOR_METOO.includes(c.status),
    reassignCount: c.reassignCount,
    closedAt: c.closedAt,
    timeline: c.events
      .filter((e) => staff || e.visibility === 'public')
      .map((e) => ({
        id: e.id,
        action: e.action,
        actionText: ACTION_TEXT[e.action],
        at: e.at,
        actor: actorOf(e.actor),
        note: e.note ?? null,
        visibility: e.visibility,
        data: e.data ?? {},
      })),
    stillThere: c.stillThere
      ? {
          askedAt: c.stillThere.askedAt,
          answerDate: c.stillThere.answerDate,
          answer: shownAnswer,
          answerText: shownAnswer ? STILL_THERE_TEXT[shownAnswer] : null,
        }
      : null,
    reopenCount: c.reopenCount ?? 0,
    actions,
    relations: [...relations],
    assignableLevels: actions.includes('assign') ? assignableLevels(c, caller.scopes) : [],
    warnings: staff ? c.warnings.map((w) => w.message) : [],
    superviseCount: c.superviseCount,
    urgeCount: c.urgeCount ?? 0,
    urgeNote: urgeWhy && c.events.some((e) => e.action === 'urge') ? urgeWhy : null,
    escalations: staff ? c.escalations : [],
    extensions: staff ? c.extensions : [],
    held: c.held && {
      actionText: ACTION_TEXT[c.held.action],
      byName: actorOf(c.held.by).name,
      at: c.held.at,
      ...(relations.includes('office') || relations.includes(c.held.by.relation)
        ? { text: c.held.text, why: heldWhy(c.held.verdict.label) }
        : { text: null, why: null }),
    },
    notices: notices.map(noticeView),
    photoReview: {
      hidden: seesAllPhotos ? 0 : c.photos.filter((p) => !passed(p)).length,
      flagged: relations.includes('office')
        ? c.photoChecks.filter((p) => photoFlagged(p) && c.photos.includes(p.photo)).map((p) => ({ id: p.photo, url: urlOf(p.photo) }))
        : [],
    },
    version: c.version,
  };
}
