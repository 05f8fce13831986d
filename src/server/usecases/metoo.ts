/**
 * 我也反映 instead of duplicates. Before sending, a resident sees up to three open cases of the same
 * village that look like theirs (`similarOpen`); "是同一件事" makes them a co-reporter (`metoo`), who
 * hears every message its resident hears and rates the answer for themselves (`coRate`). The office
 * merges two cases of one problem (`mergeCases`, 并案): every reporter of the one follows the other.
 * Rules: src/domain/metoo.ts; matching: src/domain/similar.ts.
 */
import type { CaseRecord, Rating } from '../../../types/domain';
import { caseIdFor } from './submit';
import { categoryName, RATING_TEXT, STATUS_TEXT } from '../../domain/labels';
import { coRateProblem, mergedReporters, mergeProblem, metooProblem, OPEN_FOR_METOO, raisedBy, reporterOpenids, lookupKeys } from '../../domain/metoo';
import { officeKey } from '../../domain/roles';
import { released } from '../../domain/transitions';
import { profile, similarCases, similarTerms } from '../../domain/similar';
import { shanghaiDate } from '../../domain/calendar';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, getById } from '../store';
import { audit } from './audit';
import { representativeByCard } from './cards';
import { loadVisible } from './cases';
import { outboxEntries, saveCase } from './outbox';
import { requireOpenid } from './people';
import { maskNumbers } from '../../domain/publicity';

/** a timeline event's id, as every case event is numbered (the outbox derives its entries' ids from it) */
const newEventId = (c: Pick<CaseRecord, '_id' | 'events'>) => `${c._id}-${c.events.length + 1}`;
/** the summary's length, as a case list shows it */
const SUMMARY_CHARS = 40;

export interface SimilarInput {
  cardCode: string;
  villageId?: string;
  category?: string;
  description: string;
}

/** One case that looks like the draft, as a resident may read it before sending. */
export interface SimilarCase {
  id: string;
  no: string;
  category: string;
  categoryName: string;
  /** the words, shortened; null for an anonymous case (its words may say who sent it) */
  summary: string | null;
  status: CaseRecord['status'];
  statusText: string;
  /** YYYY-MM-DD */
  createdOn: string;
  /** its first photo, once WeChat's image check passed it (or the office released it); null otherwise and for an anonymous case */
  photoUrl: string | null;
  /** how many residents raised it */
  raisedBy: number;
  /** the caller already raised it (theirs, or they said 是同一件事) */
  yours: boolean;
}

/** What the matcher weighs of each case the lookup finds, and its status. */
const MATCHER_FIELDS = { description: true, category: true, createdAt: true, status: true } as const;
/** What a lookup reads of each case it shows: no name, no phone, no address. */
const SIMILAR_FIELDS = {
  no: true,
  description: true,
  category: true,
  createdAt: true,
  status: true,
  photos: true,
  photoChecks: true,
  coReporters: true,
  followers: true,
  receptionId: true,
  proposalId: true,
  gridVisitId: true,
  'resident.openid': true,
  'resident.anonymous': true,
} as const;
type Candidate = Pick<
  CaseRecord,
  | '_id'
  | 'no'
  | 'description'
  | 'category'
  | 'createdAt'
  | 'status'
  | 'photos'
  | 'photoChecks'
  | 'coReporters'
  | 'followers'
  | 'receptionId'
  | 'proposalId'
  | 'gridVisitId'
> & {
  resident: Pick<CaseRecord['resident'], 'openid' | 'anonymous'>;
};

/** A released first photo: its image check passed, or the office let it through. */
const firstReleasedPhoto = (c: Candidate): string | null => {
  const photo = c.photos[0];
  if (!photo || c.resident.anonymous) return null;
  return (c.photoChecks.find((p) => p.photo === photo)?.suggest ?? 'pass') === 'pass' ? photo : null;
};

/** The first words of a request as another resident reads them: numbers masked before it is cut, so no part of a phone survives. */
const publicSummary = (description: string): string => {
  const masked = maskNumbers(description);
  return masked.length > SUMMARY_CHARS ? `${masked.slice(0, SUMMARY_CHARS)}…` : masked;
};

/**
 * 我也反映, before sending: up to `RULES.similar.max` open cases of the card's village (its county,
 * its village, the last `days` days) that look like the draft, best first. Only cases sharing a
 * lookup term with the draft are read (by the indexed `similarKeys`: the matcher scores the others
 * 0), and of those only the newest `weigh`, which the compound index (similarKeys then createdAt,
 * src/server/schema.ts) hands over newest first without reading the rest, projected to what the
 * matcher needs; then the answer's fields of the few it chose.
 */
export async function similarOpen(ctx: Ctx, input: SimilarInput): Promise<{ items: SimilarCase[] }> {
  const openid = requireOpenid(ctx);
  const rep = await representativeByCard(ctx, input.cardCode);
  const villageId = input.villageId ?? rep.villageIds[0];
  if (!villageId || !rep.villageIds.includes(villageId)) throw invalid('villageId', '请选择这位代表联系的村(社区)');
  const now = ctx.clock.now();
  const rules = ctx.rules.similar;
  const _ = ctx.db.command;
  // the draft's category, or any while it has none
  const categories = input.category ? [input.category] : ctx.rules.categories.map((c) => c.id);
  const cases = collection<CaseRecord>(ctx.db, 'cases');
  const draft = { description: input.description, category: input.category ?? null, profile: profile(input.description) };
  // what the matcher reads of every case sharing a term with the draft; the answer's fields only of those it chose
  // (only open cases carry keys, `caseSimilarKeys`: one condition on the compound index, which hands over the newest first)
  const { data: weighed } = checked(
    await cases
      .where({ similarKeys: _.in(lookupKeys(rep.countyId, villageId, categories, similarTerms(draft.profile))) })
      .orderBy('createdAt', 'desc')
      .limit(rules.weigh)
      .field(MATCHER_FIELDS)
      .get(),
  );
  // keys follow the status at every `saveCase`; a case closed by any other write is still not offered
  const open = weighed.filter((c) => OPEN_FOR_METOO.includes(c.status));
  const chosen = similarCases(draft, open, now, rules);
  if (!chosen.length) return { items: [] };
  const { data } = checked(
    await cases
      .where({ _id: _.in(chosen.map((c) => c.candidate._id)) })
      .field(SIMILAR_FIELDS)
      .get(),
  );
  // still open: one may have been closed between the two reads
  const read = new Map((data as unknown as Candidate[]).filter((c) => OPEN_FOR_METOO.includes(c.status)).map((c) => [c._id, c]));
  const found = chosen.flatMap((c) => (read.has(c.candidate._id) ? [{ candidate: read.get(c.candidate._id)! }] : []));
  const photos = found.map((f) => firstReleasedPhoto(f.candidate));
  const shown = photos.filter((p): p is string => p !== null);
  const urls = shown.length ? await ctx.platform.fileUrls(shown) : [];
  return {
    items: found.map(({ candidate: c }, i) => ({
      id: c._id,
      no: c.no,
      category: c.category,
      categoryName: categoryName(c.category),
      // what another resident reads: never a phone or ID number the sender wrote into it
      summary: c.resident.anonymous ? null : publicSummary(c.description),
      status: c.status,
      statusText: STATUS_TEXT[c.status],
      createdOn: shanghaiDate(c.createdAt),
      photoUrl: photos[i] ? urls[shown.indexOf(photos[i])] || null : null,
      raisedBy: raisedBy(c),
      yours: reporterOpenids(c).includes(openid),
    })),
  };
}

export interface MetooInput {
  cardCode: string;
  caseId: string;
  /** the draft's request id: a draft already sent as a case is not also a co-report */
  requestId: string;
}

export interface MetooResult {
  caseId: string;
  no: string;
  raisedBy: number;
  /** false when the caller already was a co-reporter (nothing changed) */
  added: boolean;
}

/**
 * 是同一件事: the caller becomes a co-reporter of an open case of the card's village. Idempotent;
 * the case's own resident and followers are told it is already theirs.
 */
export async function metoo(ctx: Ctx, input: MetooInput): Promise<MetooResult> {
  const openid = requireOpenid(ctx);
  const rep = await representativeByCard(ctx, input.cardCode);
  const [c, sent] = await Promise.all([
    getById<CaseRecord>(ctx.db, 'cases', input.caseId),
    getById<CaseRecord>(ctx.db, 'cases', caseIdFor(openid, input.requestId)),
  ]);
  // only a released case of the card's county and villages: nothing of another place, nor words under review, is matched or joined
  if (!c || c.countyId !== rep.countyId || !rep.villageIds.includes(c.villageId) || !released(c)) throw notFound('事项');
  if (sent) throw new AppError('INVALID_STATE', `这条反映已经作为事项${sent.no}提交了`);
  const now = ctx.clock.now();
  // one already theirs answers as it stands (below); else a finished or too old one is refused in words before the transaction
  const early = (c.coReporters ?? []).includes(openid) ? null : metooProblem(c, openid, ctx.rules.similar, now);
  if (early) throw new AppError('INVALID_STATE', early);
  const outcome = await ctx.db.runTransaction(async (tx) => {
    const fresh = checked(await tx.collection<CaseRecord>('cases').doc(input.caseId).get()).data;
    if (!fresh) return { error: notFound('事项') };
    if ((fresh.coReporters ?? []).includes(openid)) return { saved: fresh, added: false };
    const problem = metooProblem(fresh, openid, ctx.rules.similar, now);
    if (problem) return { error: new AppError('INVALID_STATE', problem) };
    const event = {
      id: newEventId(fresh),
      action: 'metoo' as const,
      at: now,
      actor: { relation: 'co_reporter' as const, name: '群众' },
      note: '又有1位群众反映了同一件事',
      visibility: 'public' as const,
      from: fresh.status,
      to: fresh.status,
    };
    const next: CaseRecord = {
      ...fresh,
      coReporters: [...(fresh.coReporters ?? []), openid],
      events: [...fresh.events, event],
      updatedAt: now,
      version: fresh.version + 1,
    };
    await saveCase(tx, fresh, next, []);
    return { saved: next, added: true };
  });
  if ('error' in outcome) throw outcome.error;
  ctx.log.info('co-reporter added', { caseId: input.caseId, added: outcome.added });
  return { caseId: outcome.saved._id, no: outcome.saved.no, raisedBy: raisedBy(outcome.saved), added: outcome.added };
}

/** A co-reporter's own rating of the answer, once: kept with the case and counted in 满意率. */
export async function coRate(ctx: Ctx, input: { caseId: string; rating: Rating }): Promise<{ caseId: string; rating: Rating; ratingText: string }> {
  const { c, caller, relations } = await loadVisible(ctx, input.caseId);
  if (!relations.includes('co_reporter')) throw forbidden('只有反映了同一件事的群众可以评价');
  const early = coRateProblem(c, caller.openid);
  if (early) throw new AppError('INVALID_STATE', early);
  const now = ctx.clock.now();
  const outcome = await ctx.db.runTransaction(async (tx) => {
    const fresh = checked(await tx.collection<CaseRecord>('cases').doc(input.caseId).get()).data;
    if (!fresh) return notFound('事项');
    const problem = coRateProblem(fresh, caller.openid);
    if (problem) return new AppError('INVALID_STATE', problem);
    const event = {
      id: newEventId(fresh),
      action: 'co_rate' as const,
      at: now,
      actor: { relation: 'co_reporter' as const, name: '群众' },
      note: `同样反映的群众评价：${RATING_TEXT[input.rating]}`,
      visibility: 'public' as const,
      data: { rating: input.rating },
      from: fresh.status,
      to: fresh.status,
    };
    const next: CaseRecord = {
      ...fresh,
      coRatings: [...(fresh.coRatings ?? []), { openid: caller.openid, rating: input.rating, at: now }],
      events: [...fresh.events, event],
      updatedAt: now,
      version: fresh.version + 1,
    };
    await saveCase(tx, fresh, next, []);
    return null;
  });
  if (outcome) throw outcome;
  return { caseId: input.caseId, rating: input.rating, ratingText: RATING_TEXT[input.rating] };
}

export interface MergeInput {
  /** the case merged away (it ends as 已并案) */
  caseId: string;
  /** the case that goes on, which all the reporters follow */
  intoCaseId: string;
  reason: string;
}

/** Who merges (并案): the county's office alone. */
export const ONLY_OFFICE_MERGES = '只有县联系群众工作办公室可以并案，如是同一件事，请告诉办公室';

/**
 * 并案: the county office merges case `caseId` into `intoCaseId`, both open, of its county and of one
 * village. The office, because it alone sees and may act on every case of its county whatever
 * its level or unit (a township assigner covers its township's cases only until one goes to the
 * county, and a representative their own cards'); a village, because a problem is where it is.
 * The merged case stops (status merged, no more reminders); its resident, followers and
 * co-reporters become co-reporters of the other and are told; both timelines and the audit trail
 * say who merged them, when and why. Both cases are read and written in one transaction: two
 * merges at once never lose a reporter.
 */
export async function mergeCases(ctx: Ctx, input: MergeInput): Promise<{ caseId: string; intoCaseId: string; intoNo: string; raisedBy: number }> {
  // someone with no part in a case learns nothing of it (another county's staff hear 找不到); one who has a
  // part in it but is not its county's office (its representative, a unit) is told who merges
  const [{ c: a, caller, relations }, b] = await Promise.all([loadVisible(ctx, input.caseId), getById<CaseRecord>(ctx.db, 'cases', input.intoCaseId)]);
  if (!relations.includes('office')) throw forbidden(ONLY_OFFICE_MERGES);
  // a case of another county is as if it did not exist
  if (!b || !caller.scopes.includes(officeKey(b))) throw notFound('要并入的事项');
  const early = mergeProblem(a, b);
  if (early) throw new AppError('INVALID_STATE', early);
  const now = ctx.clock.now();
  const name = caller.user?.name ?? '联系群众工作办公室';
  const outcome = await ctx.db.runTransaction(async (tx) => {
    const [from, into] = await Promise.all([
      tx.collection<CaseRecord>('cases').doc(input.caseId).get().then(checked),
      tx.collection<CaseRecord>('cases').doc(input.intoCaseId).get().then(checked),
    ]);
    if (!from.data || !into.data) return { error: notFound('事项') };
    const [A, B] = [from.data, into.data];
    const problem = mergeProblem(A, B);
    if (problem) return { error: new AppError('INVALID_STATE', problem) };
    const joining = mergedReporters(A, B);
    const actor = { relation: 'office' as const, name };
    const fromEvent = {
      id: newEventId(A),
      action: 'merge' as const,
      at: now,
      actor,
      note: `与事项${B.no}是同一件事，已并入该事项一并办理：${input.reason}`,
      visibility: 'public' as const,
      data: { intoCaseId: B._id, intoNo: B.no },
      from: A.status,
      to: 'merged' as const,
    };
    const intoEvent = {
      id: newEventId(B),
      action: 'merge' as const,
      at: now,
      actor,
      note: `事项${A.no}是同一件事，已并入本事项：${input.reason}`,
      visibility: 'public' as const,
      data: { fromCaseId: A._id, fromNo: A.no, joined: joining.length },
      from: B.status,
      to: B.status,
    };
    const nextA: CaseRecord = {
      ...A,
      status: 'merged',
      mergedInto: B._id,
      nextReminderAt: null,
      nextReminderKey: null,
      events: [...A.events, fromEvent],
      updatedAt: now,
      version: A.version + 1,
    };
    const nextB: CaseRecord = {
      ...B,
      coReporters: [...(B.coReporters ?? []), ...joining],
      events: [...B.events, intoEvent],
      updatedAt: now,
      version: B.version + 1,
    };
    // A's reporters hear it on A (where they are), and follow B from now on
    const told = [
      {
        kind: 'case_progress' as const,
        to: { resident: true as const },
        title: '您反映的事项已并案',
        body: `与事项${B.no}是同一件事，将一并办理，进展请在该事项中查看`,
      },
    ];
    await saveCase(tx, A, nextA, outboxEntries(nextA, fromEvent.id, told, now));
    await saveCase(tx, B, nextB, []);
    await audit(tx, {
      countyId: A.countyId,
      kind: 'merge',
      at: now,
      by: caller.openid,
      byName: name,
      subject: `事项${A.no}`,
      caseId: A._id,
      detail: `并入事项${B.no}：${input.reason}`,
    });
    return { saved: nextB };
  });
  if ('error' in outcome) throw outcome.error;
  ctx.log.info('cases merged', { caseId: input.caseId, intoCaseId: input.intoCaseId });
  return { caseId: input.caseId, intoCaseId: outcome.saved._id, intoNo: outcome.saved.no, raisedBy: raisedBy(outcome.saved) };
}
