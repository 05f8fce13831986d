/**
 * Proposals (提议 / 提案), the representatives' part: the office opens a collection window; a
 * representative drafts, edits, circulates for co-signatures (附议), submits or withdraws; other
 * representatives of the county co-sign from their phones. Who may do what is the table of
 * src/domain/proposals.ts; every change is one transaction on the proposal, checked against its
 * version.
 */
import { proposalRulesFor, remindersFor, type ProposalRules } from '../../../config/rules';
import { randomBytes } from 'node:crypto';
import type { Page } from '../../../types/api';
import type { County, Proposal, ProposalWindow, Rating, Representative, Unit, User, Village } from '../../../types/domain';
import { addMonths, endOfShanghaiDay, shanghaiDate } from '../../domain/calendar';
import { cursorOf, type DueClock } from '../../domain/reminders';
import type { Rate } from '../../domain/statistics';
import { categoryName, RATING_TEXT } from '../../domain/labels';
import {
  allowedProposalActions,
  ANSWERED_PROPOSAL,
  decideProposal,
  PROPOSAL_KIND_TEXT,
  PROPOSAL_STATUS_TEXT,
  proposalClock,
  proposalFigures,
  proposalNotices,
  REPLY_CLASS_TEXT,
  type ProposalFigureRow,
  type ProposalFigures,
  type ReplyClass,
  type ProposalAction,
  type ProposalKind,
  type ProposalRelation,
  type ProposalState,
} from '../../domain/proposals';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById, getPage } from '../store';
import { keepReport, type KeptFile, type ReportSheet } from './exports';
import { requirePassedWords } from './moderation';
import { pendingEntry } from './outbox';
import type { Transaction } from '../../../types/db';
import { openCase, type SubmitResult } from './submit';
import { requireOffice, sentBetween } from './office';
import { cleanOwnPhotos, keptPhotos, NOT_OWN_PHOTOS, type CleanPhotos, type KeptPhoto } from './photos';
import { callerRepresentative, requireStaff, type Caller } from './people';

export interface WindowInput {
  name: string;
  from: string;
  to: string;
}

/** 提案征集: the office opens the days its county takes 提案 (one window at a time; an open one is changed). */
export async function openWindow(ctx: Ctx, input: WindowInput): Promise<ProposalWindow> {
  const { caller, office } = await requireOffice(ctx);
  if (input.to < input.from) throw invalid('to', '结束日期不能早于开始日期');
  if (input.to < shanghaiDate(ctx.clock.now())) throw invalid('to', '结束日期已经过去了');
  const window: ProposalWindow = {
    _id: `${office.countyId}:${input.from}`,
    countyId: office.countyId,
    name: input.name,
    from: input.from,
    to: input.to,
    openedBy: caller.user.name,
    openedAt: ctx.clock.now(),
  };
  // the county's windows are checked and written under one lock document: two opened at once are checked one after the other
  const lockId = `proposalWindows:${office.countyId}`;
  const refused = await ctx.db.runTransaction(async (tx) => {
    const lock = checked(await tx.collection<{ _id?: string; seq: number }>('counters').doc(lockId).get()).data;
    const other = (await windowsMeeting(ctx, office.countyId, input.from, input.to)).find((w) => w._id !== window._id);
    if (other) return invalid('from', `这段日期和「${other.name}」（${other.from} 至 ${other.to}）重叠了`);
    const { _id, ...rest } = window;
    checked(await tx.collection('proposalWindows').doc(_id).set(rest));
    checked(
      await tx
        .collection('counters')
        .doc(lockId)
        .set({ seq: (lock?.seq ?? 0) + 1 }),
    );
    return null;
  });
  if (refused) throw refused;
  return window;
}

/** A county's windows that share a day with `from`..`to` (windows never overlap, so two are enough to find one other than the window being changed). */
async function windowsMeeting(ctx: Ctx, countyId: string, from: string, to: string): Promise<ProposalWindow[]> {
  const _ = ctx.db.command;
  const { data } = checked(
    await collection<ProposalWindow>(ctx.db, 'proposalWindows')
      .where({ countyId, from: _.lte(to), to: _.gte(from) })
      .limit(2)
      .get(),
  );
  return data;
}

/** The collection window a proposal is submitted in: the county's window open today, for a 提案 (a 提议 needs none). */
const submitWindow = (ctx: Ctx, p: Proposal, today: string): Promise<ProposalWindow | null> =>
  p.kind === 'proposal' ? windowOn(ctx, p.countyId, today) : Promise.resolve(null);

/** The window open on `day` in a county, if any. */
const windowOn = async (ctx: Ctx, countyId: string, day: string): Promise<ProposalWindow | null> => (await windowsMeeting(ctx, countyId, day, day))[0] ?? null;

export interface DraftInput {
  kind: ProposalKind;
  title: string;
  category: string;
  problem: string;
  suggestion: string;
  caseIds?: string[];
  /** uploaded by the proposer; on edit, left out keeps those the proposal has */
  photos?: string[];
}

/** Words others will read pass the content check first; a representative's own are sent back to them to change. */
const checkedWords = (ctx: Ctx, openid: string, input: Pick<DraftInput, 'title' | 'problem' | 'suggestion'>): Promise<void> =>
  requirePassedWords(ctx, openid, [input.title, input.problem, input.suggestion], 'problem');

/** A proposal's photos as given (each once), each uploaded by the caller unless the proposal already has it, new ones kept as clean copies. */
async function ownPhotos(ctx: Ctx, openid: string, photos: readonly string[] | undefined, kept: readonly string[]): Promise<CleanPhotos> {
  if (!photos) return { photos: [...kept], discard: async () => {}, abandon: async () => {} };
  return cleanOwnPhotos(ctx, openid, [...new Set(photos)], { field: 'photos', message: NOT_OWN_PHOTOS, kept });
}

/** The cases cited must be the county's. */
async function citedCases(ctx: Ctx, countyId: string, caseIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return [];
  const _ = ctx.db.command;
  const found = await getAll(
    collection<{ _id: string }>(ctx.db, 'cases')
      .where({ _id: _.in(ids), countyId })
      .orderBy('_id', 'asc')
      .field({ _id: true }),
  );
  if (found.length !== ids.length) throw invalid('caseIds', '所引的事项有的找不到');
  return ids;
}

export async function draftProposal(ctx: Ctx, input: DraftInput): Promise<ProposalView> {
  const { caller, rep } = await callerRepresentative(ctx, '只有党代表可以提出提案、提议');
  const now = ctx.clock.now();
  const window = input.kind === 'proposal' ? await windowOn(ctx, rep.countyId, shanghaiDate(now)) : null;
  if (input.kind === 'proposal' && !window) throw invalid('kind', '现在不在提案征集期内，可以先作为提议提出');
  await checkedWords(ctx, caller.openid, input);
  const photos = await ownPhotos(ctx, caller.openid, input.photos, []);
  const proposal: Proposal = {
    _id: `p${randomBytes(10).toString('hex')}`,
    countyId: rep.countyId,
    kind: input.kind,
    status: 'draft',
    title: input.title,
    category: input.category,
    problem: input.problem,
    suggestion: input.suggestion,
    caseIds: await citedCases(ctx, rep.countyId, input.caseIds ?? []),
    photos: photos.photos,
    proposerId: rep._id,
    proposerName: rep.name,
    cosigners: [],
    no: null,
    window: window && { id: window._id, from: window.from, to: window.to },
    rounds: 0,
    events: [{ at: now, action: 'edit', by: caller.openid, byName: rep.name }],
    submittedAt: null,
    nextReminderAt: null,
    nextReminderKey: null,
    handling: null,
    reply: null,
    rating: null,
    review: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const { _id, ...rest } = proposal;
  checked(await collection(ctx.db, 'proposals').doc(_id).set(rest));
  await photos.discard();
  return proposalView(proposal);
}

/** The caller's representative ids in a county (none in any other). */
const representativeIdsIn = (caller: Caller & { user: User }, countyId: string): string[] =>
  caller.user.grants.flatMap((g) => (g.role === 'representative' && g.countyId === countyId && g.representativeId ? [g.representativeId] : []));

/** What a county's office set for its proposals: the review committee (议案审查委员会) and the co-signers each kind needs. */
interface CountySettings {
  committee: string[];
  rules: ProposalRules;
}

async function settingsOf(ctx: Ctx, countyId: string): Promise<CountySettings> {
  const county = await getById<County>(ctx.db, 'counties', countyId);
  const rules = proposalRulesFor(ctx.rules, countyId);
  return {
    committee: county?.proposalCommittee ?? [],
    rules: county?.proposalCosigners ? { ...rules, minCosigners: county.proposalCosigners } : rules,
  };
}

/** 附议人数: the office sets how many co-signers a 提议 and a 提案 of its county need before they are submitted. */
export async function setCosigners(ctx: Ctx, minCosigners: ProposalRules['minCosigners']): Promise<ProposalRules['minCosigners']> {
  const { office } = await requireOffice(ctx);
  const value = { motion: minCosigners.motion, proposal: minCosigners.proposal };
  checked(await collection(ctx.db, 'counties').doc(office.countyId).update({ proposalCosigners: value }));
  return value;
}

/** How the caller stands towards a proposal of their county (nothing of another county); `committee`: its reviewers. */
function relationsTo(p: Proposal, caller: Caller & { user: User }, committee: readonly string[]): ProposalRelation[] {
  const out: ProposalRelation[] = [];
  const repIds = representativeIdsIn(caller, p.countyId);
  if (repIds.includes(p.proposerId)) out.push('proposer');
  if (p.cosigners.some((c) => repIds.includes(c.representativeId))) out.push('cosigner');
  if (repIds.length > 0) out.push('representative');
  const grants = caller.user.grants.filter((g) => g.countyId === p.countyId);
  if (grants.some((g) => g.role === 'office')) out.push('office', 'reviewer');
  // a committee member does not review their own
  else if (repIds.some((id) => committee.includes(id)) && !repIds.includes(p.proposerId)) out.push('reviewer');
  const units = grants.filter((g) => g.role === 'handler').map((g) => g.unitId);
  if (p.handling && units.includes(p.handling.leadUnitId)) out.push('lead_handler');
  if (p.handling && p.handling.coUnitIds.some((id) => units.includes(id))) out.push('co_handler');
  if (grants.some((g) => g.role === 'supervisor' && g.level === 'county')) out.push('supervisor');
  return out;
}

const stateOf = (p: Proposal): ProposalState => ({
  kind: p.kind,
  status: p.status,
  proposerId: p.proposerId,
  cosignerIds: p.cosigners.map((c) => c.representativeId),
  rounds: p.rounds,
  converting: p.converting ?? false,
});

/** A draft seen by its proposer, circulating ones by the county's representatives, all by its office and committee. */
function mayRead(p: Proposal, relations: readonly ProposalRelation[]): boolean {
  if (relations.includes('proposer') || relations.includes('reviewer')) return true;
  if (relations.some((r) => r === 'lead_handler' || r === 'co_handler' || r === 'supervisor')) return p.handling !== null;
  return relations.includes('representative') && p.status !== 'draft';
}

/** A proposal as staff read it: who acted, by name only — never their WeChat identities — and nothing of its bookkeeping. */
export type ProposalView = Omit<Proposal, 'events' | 'review' | 'converting'> & {
  events: Array<Omit<Proposal['events'][number], 'by'>>;
  review: Omit<NonNullable<Proposal['review']>, 'by'> | null;
};

export function proposalView(p: Proposal): ProposalView {
  const { events, review, converting: _converting, ...rest } = p;
  return { ...rest, events: events.map(({ by: _by, ...e }) => e), review: review && (({ by: _by, ...r }) => r)(review) };
}

/** One proposal as its readers open it: what they may do with it, its photos' temporary addresses, and its county's terms (co-signers its kind needs, months to reply, rounds after 不满意). */
export type ProposalDetail = ProposalView & {
  actions: ProposalAction[];
  photoFiles: KeptPhoto[];
  terms: { minCosigners: number; handlingMonths: number; maxRounds: number };
};

export async function proposalDetail(ctx: Ctx, proposalId: string): Promise<ProposalDetail> {
  const caller = await requireStaff(ctx);
  const p = await getById<Proposal>(ctx.db, 'proposals', proposalId);
  const settings = p ? await settingsOf(ctx, p.countyId) : null;
  const relations = p && settings ? relationsTo(p, caller, settings.committee) : [];
  if (!p || !settings || !mayRead(p, relations)) throw notFound('提案或提议');
  const repId = caller.user.grants.find((g) => g.role === 'representative' && g.countyId === p.countyId)?.representativeId;
  const today = shanghaiDate(ctx.clock.now());
  const input = { representativeId: repId, today, window: await submitWindow(ctx, p, today) };
  const actions = allowedProposalActions(stateOf(p), relations, input, settings.rules);
  const { minCosigners, handlingMonths, maxRounds } = settings.rules;
  // a proposal drafted before photos were kept has none
  const photos = p.photos ?? [];
  return {
    ...proposalView(p),
    photos,
    actions,
    photoFiles: await keptPhotos(ctx, photos),
    terms: { minCosigners: minCosigners[p.kind], handlingMonths, maxRounds },
  };
}

export type ProposalCommand =
  | ({ action: 'edit' } & Omit<DraftInput, 'kind'>)
  | { action: 'circulate' | 'cosign' | 'submit' | 'withdraw' | 'register' }
  | { action: 'convert'; villageId?: string }
  | { action: 'merge'; intoId: string }
  | { action: 'decline'; reason: string }
  | { action: 'assign'; leadUnitId: string; coUnitIds?: string[] }
  | { action: 'reply'; replyClass: ReplyClass; text: string }
  | { action: 'rate'; rating: Rating }
  | { action: 'supervise'; note: string };

/** What a reviewed proposal can be joined to: one of the same county, itself reviewed or waiting for review. */
const MERGE_TARGETS: readonly Proposal['status'][] = ['submitted', 'registered', 'handling'];

/**
 * One action on a proposal — by its proposer, a representative of its county, or its office as
 * reviewer — in a transaction on the proposal.
 */
export async function actOnProposal(ctx: Ctx, proposalId: string, command: ProposalCommand): Promise<ProposalView> {
  const caller = await requireStaff(ctx);
  const now = ctx.clock.now();
  const rep = caller.user.grants.some((g) => g.role === 'representative') ? (await callerRepresentative(ctx, '只有党代表可以提出提案、提议')).rep : null;
  const seen = await getById<Proposal>(ctx.db, 'proposals', proposalId);
  if (!seen) throw notFound('提案或提议');
  const { committee, rules } = await settingsOf(ctx, seen.countyId);
  if (command.action === 'edit') {
    if (!rep) throw forbidden('您不能对这件提案、提议这样操作');
    await checkedWords(ctx, caller.openid, command);
  }
  const caseIds = command.action === 'edit' && rep ? await citedCases(ctx, rep.countyId, command.caseIds ?? []) : [];
  const into = command.action === 'merge' ? await getById<Proposal>(ctx.db, 'proposals', command.intoId) : null;
  if (command.action === 'reply') await checkedWords(ctx, caller.openid, { title: '', problem: command.text, suggestion: '' });
  const units = command.action === 'assign' ? await unitsOf(ctx, [command.leadUnitId, ...(command.coUnitIds ?? [])]) : [];
  const today = shanghaiDate(now);
  const input = {
    representativeId: rep?._id,
    today,
    ...(command.action === 'rate' ? { rating: command.rating } : {}),
    ...(command.action === 'submit' ? { window: await submitWindow(ctx, seen, today) } : {}),
  };
  const decideOn = (p: Proposal | null) => {
    const relations = p ? relationsTo(p, caller, committee) : [];
    if (!p || !mayRead(p, relations)) return notFound('提案或提议');
    const decision = decideProposal(stateOf(p), command.action, relations, input, rules);
    if (decision.ok) return decision;
    return decision.reason === 'forbidden'
      ? forbidden('您不能对这件提案、提议这样操作')
      : new AppError('INVALID_STATE', decision.message ?? '这件提案、提议现在不能这样操作');
  };
  // 转作意见建议: the case is made first (one per proposal, whoever converts it or retries), then the proposal points to it
  const first = decideOn(seen);
  if (first instanceof AppError) throw first;
  if (command.action === 'convert') await claimConversion(ctx, proposalId, decideOn);
  const photos = command.action === 'edit' ? await ownPhotos(ctx, caller.openid, command.photos, seen.photos ?? []) : null;
  const made = command.action === 'convert' ? await convertToCase(ctx, seen, caller, command.villageId) : null;
  const result = await ctx.db.runTransaction(async (tx) => {
    const p = checked(await tx.collection<Proposal>('proposals').doc(proposalId).get()).data;
    const decision = decideOn(p && { ...p, _id: proposalId });
    if (decision instanceof AppError) return decision;
    if (!p) return notFound('提案或提议');
    // the proposal joined, as it stands now: two reviewers merging two proposals into each other at once leave one standing
    const target = command.action === 'merge' && into ? checked(await tx.collection<Proposal>('proposals').doc(into._id).get()).data : null;
    if (command.action === 'merge' && (!into || !target || target.countyId !== p.countyId || into._id === proposalId || !MERGE_TARGETS.includes(target.status)))
      return invalid('intoId', '请选择本县已提交或已立案的另一件提案、提议');
    if (target && into)
      checked(
        await tx
          .collection('proposals')
          .doc(into._id)
          .update({ joined: [...(target.joined ?? []), { id: proposalId, proposerId: p.proposerId }], updatedAt: now, version: target.version + 1 }),
      );
    if (command.action === 'assign' && (units.length !== 1 + (command.coUnitIds?.length ?? 0) || units.some((u) => u.countyId !== p.countyId)))
      return invalid('leadUnitId', '请选择本县的承办单位');
    const byName = rep?.name ?? caller.user.name;
    const review = (['register', 'convert', 'merge', 'decline'] as const).find((a) => a === command.action);
    const next: Proposal = {
      ...p,
      _id: proposalId,
      status: decision.to,
      ...(command.action === 'edit'
        ? { title: command.title, category: command.category, problem: command.problem, suggestion: command.suggestion, caseIds, photos: photos?.photos ?? [] }
        : {}),
      // a co-signature is of the words signed: changed words are circulated again
      cosigners:
        command.action === 'cosign' && rep
          ? [...p.cosigners, { representativeId: rep._id, name: rep.name, at: now }]
          : command.action === 'edit'
            ? []
            : p.cosigners,
      converting: false,
      submittedAt: command.action === 'submit' ? now : p.submittedAt,
      handling:
        command.action === 'assign'
          ? handlingOf(units, rules.handlingMonths, now)
          : command.action === 'reply' && p.handling
            ? { ...p.handling, firstReplyAt: p.handling.firstReplyAt ?? now }
            : command.action === 'rate' && decision.to === 'handling' && p.handling
              ? { ...p.handling, ...laterDue(p.handling, dueIn(rules.roundMonths, now)), overdue: false }
              : p.handling,
      reply:
        command.action === 'reply'
          ? { replyClass: command.replyClass, text: command.text, at: now, byName }
          : command.action === 'rate' && decision.to === 'handling'
            ? null
            : p.reply,
      rating: command.action === 'rate' && decision.to === 'closed' ? command.rating : p.rating,
      rounds: command.action === 'rate' && decision.to === 'handling' ? p.rounds + 1 : p.rounds,
      review: review
        ? {
            decision: review,
            by: caller.openid,
            byName,
            at: now,
            reason: command.action === 'decline' ? command.reason : null,
            intoId: into?._id ?? null,
            caseId: made?.id ?? null,
          }
        : (p.review ?? null),
      events: [
        ...p.events,
        {
          at: now,
          action: command.action,
          by: caller.openid,
          byName,
          ...noteOf(command, into, made),
        },
      ],
      no: command.action === 'submit' ? await numberFor(tx, p.countyId, now) : p.no,
      updatedAt: now,
      version: p.version + 1,
    };
    Object.assign(next, clockOf(ctx, next, now));
    const { _id, ...rest } = next;
    checked(await tx.collection('proposals').doc(_id).set(rest));
    const notices = proposalNotices(next, command.action, noteOf(command, into, made).note ?? null);
    for (const [i, n] of notices.entries()) {
      const entry = pendingEntry(`${_id}-v${next.version}-${i + 1}`, next.countyId, { ...n, to: { key: n.to } }, aboutProposal(next), now);
      const { _id: entryId, ...fields } = entry;
      checked(await tx.collection('outbox').doc(entryId).set(fields));
    }
    return next;
  });
  if (result instanceof AppError) throw result;
  await photos?.discard();
  return proposalView(result);
}

export const proposalPage = (proposalId: string) => `/staff/proposal/index?id=${proposalId}`;

/** What a proposal's messages are about: it, its number and its page. */
export const aboutProposal = (p: Pick<Proposal, '_id' | 'no'>) => ({ id: p._id, no: p.no ?? '', page: proposalPage(p._id) });

/** 编号: the next number of the county's year, taken in the submitting transaction (2026-007). */
async function numberFor(tx: Transaction, countyId: string, now: number): Promise<string> {
  const year = shanghaiDate(now).slice(0, 4);
  const id = `proposal:${countyId}:${year}`;
  const seq = (checked(await tx.collection<{ _id?: string; seq: number }>('counters').doc(id).get()).data?.seq ?? 0) + 1;
  checked(await tx.collection('counters').doc(id).set({ seq }));
  return `${year}-${String(seq).padStart(3, '0')}`;
}

/** The proposal's clock while a unit handles it (calendar days, the county's proposal rules), none otherwise. */
export const proposalClockFor = (ctx: Ctx, p: Proposal): DueClock | null =>
  p.status !== 'handling' || !p.handling
    ? null
    : proposalClock(p.handling.dueDate, proposalRulesFor(ctx.rules, p.countyId).reminders, remindersFor(ctx.rules, p.countyId).hour);

/** The proposal clock's cursor: its first reminder after `now` while a unit handles it, none otherwise. */
export const clockOf = (ctx: Ctx, p: Proposal, now: number): Pick<Proposal, 'nextReminderAt' | 'nextReminderKey'> => cursorOf(proposalClockFor(ctx, p), now);

/** The timeline's note of an action: the reason, the proposal joined, the reply, the rating, the 督办. */
function noteOf(command: ProposalCommand, into: Proposal | null, made: SubmitResult | null): { note?: string } {
  switch (command.action) {
    case 'decline':
      return { note: command.reason };
    case 'merge':
      return into ? { note: `并入「${into.title}」` } : {};
    case 'convert':
      return made ? { note: `转作意见建议，事项编号${made.no}` } : {};
    case 'reply':
      return { note: `${command.replyClass}类：${command.text}` };
    case 'rate':
      return { note: RATING_TEXT[command.rating] };
    case 'supervise':
      return { note: command.note };
    default:
      return {};
  }
}

/**
 * 转作意见建议: the proposal becomes a request routed like any other — accepted as made, its proposer
 * following it and standing in for a resident (roles.ts `standsIn`), waiting to be assigned to a
 * unit by its assigners. The village is one of the proposer's (the first unless the reviewer names one).
 */
/**
 * 转作意见建议's first step: the proposal is marked as converting (if its review allows it now), so
 * that no 立案, 并案 or 不予立案 lands while its case is made and leaves the case behind.
 */
async function claimConversion(ctx: Ctx, proposalId: string, decideOn: (p: Proposal | null) => AppError | { ok: true }): Promise<void> {
  const refused = await ctx.db.runTransaction(async (tx) => {
    const p = checked(await tx.collection<Proposal>('proposals').doc(proposalId).get()).data;
    const decision = decideOn(p && { ...p, _id: proposalId });
    if (decision instanceof AppError) return decision;
    if (p && !p.converting)
      checked(
        await tx
          .collection('proposals')
          .doc(proposalId)
          .update({ converting: true, version: p.version + 1 }),
      );
    return null;
  });
  if (refused) throw refused;
}

async function convertToCase(ctx: Ctx, p: Proposal, caller: Caller & { user: User }, villageId: string | undefined): Promise<SubmitResult> {
  const proposer = await getById<Representative>(ctx.db, 'representatives', p.proposerId);
  if (!proposer?.active) throw new AppError('INVALID_STATE', `提出人${p.proposerName}已不再担任党代表，不能转作意见建议，可以不予立案并说明理由`);
  const description = `${p.title}。${p.problem}\n建议：${p.suggestion}`;
  return openCase(
    ctx,
    { requestId: p._id, category: p.category, description, photos: [], ...(villageId ? { villageId } : {}) },
    {
      rep: proposer,
      resident: { openid: caller.openid, name: p.proposerName, phone: null, anonymous: false },
      actor: { relation: 'office', name: caller.user.name },
      reception: null,
      proposal: { id: p._id, title: p.title },
    },
  );
}

/** The units named in an assignment, as the organisation has them (any county: the caller checks). */
async function unitsOf(ctx: Ctx, ids: readonly string[]): Promise<Unit[]> {
  const _ = ctx.db.command;
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw invalid('coUnitIds', '协办单位不能和主办单位相同，也不能重复');
  const found = await getAll(
    collection<Unit>(ctx.db, 'units')
      .where({ _id: _.in(unique) })
      .orderBy('_id', 'asc'),
  );
  return unique.flatMap((id) => found.filter((u) => u._id === id));
}

/** The day a reply is due, `months` after today (Asia/Shanghai), and its last moment. */
function dueIn(months: number, now: number): { dueDate: string; dueAt: number } {
  const dueDate = addMonths(shanghaiDate(now), months);
  return { dueDate, dueAt: endOfShanghaiDay(dueDate) };
}

/** A round after 不满意 is due `roundMonths` on, or by the first due day if that is later. */
const laterDue = (first: { dueDate: string; dueAt: number }, round: { dueDate: string; dueAt: number }) =>
  first.dueDate >= round.dueDate ? { dueDate: first.dueDate, dueAt: first.dueAt } : round;

/** 交办: the lead unit first, then the co-units; due `months` after today. */
function handlingOf(units: readonly Unit[], months: number, now: number): NonNullable<Proposal['handling']> {
  const [lead, ...co] = units;
  return {
    leadUnitId: lead!._id,
    leadUnitName: lead!.name,
    coUnitIds: co.map((u) => u._id),
    coUnitNames: co.map((u) => u.name),
    ...dueIn(months, now),
    assignedAt: now,
    firstReplyAt: null,
  };
}

export interface Committee {
  members: Array<{ id: string; name: string }>;
}

/** 议案审查委员会: the office names the representatives of its county who review proposals with it (none: the office alone). */
export async function nameCommittee(ctx: Ctx, representativeIds: readonly string[]): Promise<Committee> {
  const { office } = await requireOffice(ctx);
  const ids = [...new Set(representativeIds)];
  const _ = ctx.db.command;
  const reps = ids.length
    ? await getAll(
        collection<Representative>(ctx.db, 'representatives')
          .where({ _id: _.in(ids), countyId: office.countyId, active: true })
          .orderBy('_id', 'asc'),
      )
    : [];
  if (reps.length !== ids.length) throw invalid('representativeIds', '审查委员须是本县在任的党代表');
  checked(await collection(ctx.db, 'counties').doc(office.countyId).update({ proposalCommittee: ids }));
  return { members: ids.map((id) => ({ id, name: reps.find((r) => r._id === id)!.name })) };
}

/** Where the caller reviews proposals: the county of their office, or of the committee they sit on. */
async function reviewerCounty(ctx: Ctx): Promise<{ countyId: string; office: boolean }> {
  const caller = await requireStaff(ctx);
  const office = caller.user.grants.find((g) => g.role === 'office');
  if (office) return { countyId: office.countyId, office: true };
  for (const g of caller.user.grants) {
    if (g.role === 'representative' && g.representativeId && (await settingsOf(ctx, g.countyId)).committee.includes(g.representativeId))
      return { countyId: g.countyId, office: false };
  }
  throw forbidden('只有联系群众工作办公室和审查委员可以审查提案、提议');
}

/** A unit a proposal can be assigned to (主办 or 协办). */
export interface ProposalUnit {
  id: string;
  name: string;
  level: Unit['level'];
}

/**
 * The reviewers' list: every proposal of the county past drafting, the latest submitted first, who
 * sits on the committee, and the county's units to assign them to.
 */
/** How many past collection windows the reviewers' list shows (one or two a year). */
const PAST_WINDOWS = 10;

export async function countyProposals(
  ctx: Ctx,
): Promise<{ proposals: ProposalView[]; committee: Committee; units: ProposalUnit[]; minCosigners: ProposalRules['minCosigners']; windows: ProposalWindow[] }> {
  const { countyId } = await reviewerCounty(ctx);
  const _ = ctx.db.command;
  const [proposals, settings, units, windows] = await Promise.all([
    getAll(
      collection<Proposal>(ctx.db, 'proposals')
        .where({ countyId, status: _.nin(['draft', 'cosigning']) })
        .orderBy('submittedAt', 'desc'),
    ),
    settingsOf(ctx, countyId),
    getAll(collection<Unit>(ctx.db, 'units').where({ countyId }).orderBy('_id', 'asc').field({ name: true, level: true })),
    collection<ProposalWindow>(ctx.db, 'proposalWindows').where({ countyId }).orderBy('from', 'desc').limit(PAST_WINDOWS).get().then(checked),
  ]);
  const names = await repsNamed(ctx, settings.committee);
  return {
    proposals: proposals.map(proposalView),
    committee: { members: settings.committee.map((id) => ({ id, name: names.get(id) ?? '' })) },
    units: units.map((u) => ({ id: u._id, name: u.name, level: u.level })),
    minCosigners: settings.rules.minCosigners,
    windows: windows.data,
  };
}

async function repsNamed(ctx: Ctx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const _ = ctx.db.command;
  const reps = await getAll(
    collection<Representative>(ctx.db, 'representatives')
      .where({ _id: _.in([...ids]) })
      .orderBy('_id', 'asc')
      .field({ name: true }),
  );
  return new Map(reps.map((r) => [r._id, r.name]));
}

/** A representative's desk: the collection window open today, their own proposals, and others' circulating for co-signatures. */
export async function proposalDesk(ctx: Ctx): Promise<{ window: ProposalWindow | null; mine: ProposalView[]; circulating: ProposalView[] }> {
  const { rep } = await callerRepresentative(ctx, '只有党代表可以提出提案、提议');
  const [window, mine, circulating] = await Promise.all([
    windowOn(ctx, rep.countyId, shanghaiDate(ctx.clock.now())),
    getAll(collection<Proposal>(ctx.db, 'proposals').where({ countyId: rep.countyId, proposerId: rep._id }).orderBy('createdAt', 'desc')),
    getAll(collection<Proposal>(ctx.db, 'proposals').where({ countyId: rep.countyId, status: 'cosigning' }).orderBy('createdAt', 'desc')),
  ]);
  return { window, mine: mine.map(proposalView), circulating: circulating.filter((p) => p.proposerId !== rep._id).map(proposalView) };
}

/** The proposals of the office's county submitted in a period (days, Asia/Shanghai, both included). */
async function submittedIn(ctx: Ctx, from: string, to: string): Promise<{ countyId: string; proposals: Proposal[] }> {
  const { office } = await requireOffice(ctx);
  const proposals = await getAll(
    collection<Proposal>(ctx.db, 'proposals')
      .where({ countyId: office.countyId, submittedAt: sentBetween(ctx, from, to) })
      .orderBy('submittedAt', 'asc'),
  );
  return { countyId: office.countyId, proposals };
}

/** 办理情况: the figures of the proposals submitted in a period, by category and by lead unit. */
export async function countyProposalFigures(ctx: Ctx, from: string, to: string): Promise<ProposalFigures> {
  const { proposals } = await submittedIn(ctx, from, to);
  return proposalFigures(proposals, ctx.clock.now(), categoryName);
}

const day = (at: number | null | undefined) => ({ day: at == null ? null : shanghaiDate(at) });
const rateCell = (r: Rate) => ({ rate: r.percent });

/** 提案汇编: every proposal submitted in a period with its review, handling and reply, and the figures. */
export async function exportCompilation(ctx: Ctx, from: string, to: string): Promise<KeptFile> {
  const { proposals } = await submittedIn(ctx, from, to);
  const figures = proposalFigures(proposals, ctx.clock.now(), categoryName);
  const list: ReportSheet = {
    name: '提案汇编',
    filter: true,
    columns: [
      '序号',
      '类别',
      '标题',
      '问题类别',
      '提出人',
      '附议人',
      '提交日期',
      '存在的问题',
      '建议',
      '审查',
      '主办单位',
      '协办单位',
      '答复期限',
      '答复日期',
      '答复类别',
      '答复内容',
      '评价',
    ],
    rows: proposals.map((p, i) => [
      i + 1,
      PROPOSAL_KIND_TEXT[p.kind],
      p.title,
      categoryName(p.category),
      p.proposerName,
      p.cosigners.map((c) => c.name).join('、'),
      day(p.submittedAt),
      p.problem,
      p.suggestion,
      PROPOSAL_STATUS_TEXT[p.status] + (p.review?.reason ? `：${p.review.reason}` : ''),
      p.handling?.leadUnitName ?? null,
      p.handling?.coUnitNames.join('、') || null,
      { day: p.handling?.dueDate ?? null },
      day(p.reply?.at),
      p.reply ? `${p.reply.replyClass}类` : null,
      p.reply?.text ?? null,
      p.rating ? RATING_TEXT[p.rating] : null,
    ]),
  };
  const figureSheet = (name: string, rows: readonly ProposalFigureRow[]): ReportSheet => ({
    name,
    columns: [
      name === '按类别' ? '问题类别' : name === '按承办单位' ? '主办单位' : '',
      '交办',
      '已答复',
      '按期答复率',
      'A类',
      'B类',
      'C类',
      'A类占比',
      'B类占比',
      'C类占比',
      '满意',
      '基本满意',
      '不满意',
      '满意率',
    ],
    rows: rows.map((r) => [
      r.name,
      r.assigned,
      r.replied,
      rateCell(r.onTime),
      r.classes.A,
      r.classes.B,
      r.classes.C,
      rateCell(r.shares.A),
      rateCell(r.shares.B),
      rateCell(r.shares.C),
      r.ratings.satisfied,
      r.ratings.basic,
      r.ratings.dissatisfied,
      rateCell(r.satisfaction),
    ]),
  });
  return keepReport(ctx, `提案汇编_${from}_${to}.xlsx`, [
    list,
    figureSheet('按类别', [...figures.byCategory, figures.total]),
    figureSheet('按承办单位', [...figures.byUnit, figures.total]),
  ]);
}

/** A proposal as the public reads it once answered: the words, who proposed and co-signed, the units and the reply; never the cases it cited or who handled it inside. */
export interface PublicProposal {
  id: string;
  kindText: string;
  title: string;
  categoryName: string;
  problem: string;
  suggestion: string;
  proposerName: string;
  cosignerNames: string[];
  submittedOn: string | null;
  leadUnitName: string | null;
  coUnitNames: string[];
  replyClass: ReplyClass | null;
  replyClassText: string | null;
  reply: string | null;
  repliedOn: string | null;
  ratingText: string | null;
}

export const publicProposal = (p: Proposal): PublicProposal => ({
  id: p._id,
  kindText: PROPOSAL_KIND_TEXT[p.kind],
  title: p.title,
  categoryName: categoryName(p.category),
  problem: p.problem,
  suggestion: p.suggestion,
  proposerName: p.proposerName,
  cosignerNames: p.cosigners.map((c) => c.name),
  submittedOn: p.submittedAt === null ? null : shanghaiDate(p.submittedAt),
  leadUnitName: p.handling?.leadUnitName ?? null,
  coUnitNames: p.handling?.coUnitNames ?? [],
  replyClass: p.reply?.replyClass ?? null,
  replyClassText: p.reply ? REPLY_CLASS_TEXT[p.reply.replyClass] : null,
  reply: p.reply?.text ?? null,
  repliedOn: p.reply ? shanghaiDate(p.reply.at) : null,
  ratingText: p.rating ? RATING_TEXT[p.rating] : null,
});

/** The answered proposals of a village's county, latest answered first: public, like the board it is read from. */
export async function publishedProposals(ctx: Ctx, villageId: string, page: number, pageSize: number): Promise<Page<PublicProposal>> {
  const village = await getById<Village>(ctx.db, 'villages', villageId);
  if (!village) throw notFound('村(社区)');
  const _ = ctx.db.command;
  const res = await getPage(
    collection<Proposal>(ctx.db, 'proposals')
      .where({ countyId: village.countyId, status: _.in([...ANSWERED_PROPOSAL]) })
      .orderBy('updatedAt', 'desc'),
    page,
    pageSize,
  );
  return { ...res, items: res.items.map(publicProposal) };
}

/**
 * 承办: the proposals a handler's units lead or help with, and for a county supervisor every one
 * being handled in the county — latest assigned first.
 */
export async function assignedProposals(ctx: Ctx): Promise<ProposalView[]> {
  const caller = await requireStaff(ctx);
  const _ = ctx.db.command;
  const units = caller.user.grants.flatMap((g) => (g.role === 'handler' && g.unitId ? [g.unitId] : []));
  const counties = caller.user.grants.flatMap((g) => (g.role === 'supervisor' && g.level === 'county' ? [g.countyId] : []));
  if (units.length === 0 && counties.length === 0) throw forbidden('只有承办单位和县级督办领导可以查看交办的提案、提议');
  const HANDLED = ['handling', 'replied', 'closed'];
  const lists = await Promise.all([
    ...(units.length
      ? [
          getAll(
            collection<Proposal>(ctx.db, 'proposals')
              .where({ 'handling.leadUnitId': _.in(units) })
              .orderBy('_id', 'asc'),
          ),
          getAll(
            collection<Proposal>(ctx.db, 'proposals')
              .where({ 'handling.coUnitIds': _.in(units) })
              .orderBy('_id', 'asc'),
          ),
        ]
      : []),
    ...counties.map((countyId) =>
      getAll(
        collection<Proposal>(ctx.db, 'proposals')
          .where({ countyId, status: _.in(HANDLED) })
          .orderBy('_id', 'asc'),
      ),
    ),
  ]);
  const byId = new Map(lists.flat().map((p) => [p._id, p]));
  return [...byId.values()].sort((a, b) => (b.handling?.assignedAt ?? 0) - (a.handling?.assignedAt ?? 0)).map(proposalView);
}
