/**
 * Proposals (提议 / 提案), the representatives' part: the office opens a collection window; a
 * representative drafts, edits, circulates for co-signatures (附议), submits or withdraws; other
 * representatives of the county co-sign from their phones. Who may do what is the table of
 * src/domain/proposals.ts; every change is one transaction on the proposal, checked against its
 * version.
 */
import { randomBytes } from 'node:crypto';
import type { Proposal, ProposalWindow, Rating, Unit, User } from '../../../types/domain';
import { addMonths, endOfShanghaiDay, shanghaiDate } from '../../domain/calendar';
import { RATING_TEXT } from '../../domain/labels';
import {
  decideProposal,
  PROPOSAL_ACTIONS,
  type ReplyClass,
  type ProposalAction,
  type ProposalKind,
  type ProposalRelation,
  type ProposalState,
} from '../../domain/proposals';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById } from '../store';
import { requirePassedWords } from './moderation';
import { requireOffice } from './office';
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
  const { _id, ...rest } = window;
  checked(await collection(ctx.db, 'proposalWindows').doc(_id).set(rest));
  return window;
}

/** The window open on `day` in a county, if any. */
async function windowOn(ctx: Ctx, countyId: string, day: string): Promise<ProposalWindow | null> {
  const _ = ctx.db.command;
  const { data } = checked(
    await collection<ProposalWindow>(ctx.db, 'proposalWindows')
      .where({ countyId, from: _.lte(day), to: _.gte(day) })
      .limit(1)
      .get(),
  );
  return data[0] ?? null;
}

export interface DraftInput {
  kind: ProposalKind;
  title: string;
  category: string;
  problem: string;
  suggestion: string;
  caseIds?: string[];
}

/** Words others will read pass the content check first; a representative's own are sent back to them to change. */
const checkedWords = (ctx: Ctx, openid: string, input: Pick<DraftInput, 'title' | 'problem' | 'suggestion'>): Promise<void> =>
  requirePassedWords(ctx, openid, [input.title, input.problem, input.suggestion], 'problem');

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

export async function draftProposal(ctx: Ctx, input: DraftInput): Promise<Proposal> {
  const { caller, rep } = await callerRepresentative(ctx, '只有党代表可以提出提案、提议');
  const now = ctx.clock.now();
  const window = input.kind === 'proposal' ? await windowOn(ctx, rep.countyId, shanghaiDate(now)) : null;
  if (input.kind === 'proposal' && !window) throw invalid('kind', '现在不在提案征集期内，可以先作为提议提出');
  await checkedWords(ctx, caller.openid, input);
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
    proposerId: rep._id,
    proposerName: rep.name,
    cosigners: [],
    window: window && { id: window._id, from: window.from, to: window.to },
    rounds: 0,
    events: [{ at: now, action: 'edit', by: caller.openid, byName: rep.name }],
    submittedAt: null,
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
  return proposal;
}

/** How the caller stands towards a proposal of their county (nothing of another county). */
function relationsTo(p: Proposal, caller: Caller & { user: User }): ProposalRelation[] {
  const out: ProposalRelation[] = [];
  const repIds = caller.user.grants.filter((g) => g.role === 'representative' && g.countyId === p.countyId).map((g) => g.representativeId);
  if (repIds.includes(p.proposerId)) out.push('proposer');
  if (p.cosigners.some((c) => repIds.includes(c.representativeId))) out.push('cosigner');
  if (repIds.length > 0) out.push('representative');
  const grants = caller.user.grants.filter((g) => g.countyId === p.countyId);
  if (grants.some((g) => g.role === 'office')) out.push('office', 'reviewer');
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
  window: p.window,
});

/** A draft seen by its proposer, circulating ones by the county's representatives, all by its office. */
function mayRead(p: Proposal, relations: readonly ProposalRelation[]): boolean {
  if (relations.includes('proposer') || relations.includes('office')) return true;
  if (relations.some((r) => r === 'lead_handler' || r === 'co_handler' || r === 'supervisor')) return p.handling !== null;
  return relations.includes('representative') && p.status !== 'draft';
}

export async function proposalDetail(ctx: Ctx, proposalId: string): Promise<Proposal & { actions: ProposalAction[] }> {
  const caller = await requireStaff(ctx);
  const p = await getById<Proposal>(ctx.db, 'proposals', proposalId);
  const relations = p ? relationsTo(p, caller) : [];
  if (!p || !mayRead(p, relations)) throw notFound('提案或提议');
  const repId = caller.user.grants.find((g) => g.role === 'representative' && g.countyId === p.countyId)?.representativeId;
  const input = { representativeId: repId, today: shanghaiDate(ctx.clock.now()) };
  const actions = PROPOSAL_ACTIONS.filter((a) => decideProposal(stateOf(p), a, relations, input, ctx.rules.proposals).ok);
  return { ...p, actions };
}

export type ProposalCommand =
  | ({ action: 'edit' } & Omit<DraftInput, 'kind'>)
  | { action: 'circulate' | 'cosign' | 'submit' | 'withdraw' | 'register' }
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
export async function actOnProposal(ctx: Ctx, proposalId: string, command: ProposalCommand): Promise<Proposal> {
  const caller = await requireStaff(ctx);
  const now = ctx.clock.now();
  const rep = caller.user.grants.some((g) => g.role === 'representative') ? (await callerRepresentative(ctx, '只有党代表可以提出提案、提议')).rep : null;
  if (command.action === 'edit') {
    if (!rep) throw forbidden('您不能对这件提案、提议这样操作');
    await checkedWords(ctx, caller.openid, command);
  }
  const caseIds = command.action === 'edit' && rep ? await citedCases(ctx, rep.countyId, command.caseIds ?? []) : [];
  const into = command.action === 'merge' ? await getById<Proposal>(ctx.db, 'proposals', command.intoId) : null;
  if (command.action === 'reply') await checkedWords(ctx, caller.openid, { title: '', problem: command.text, suggestion: '' });
  const units = command.action === 'assign' ? await unitsOf(ctx, [command.leadUnitId, ...(command.coUnitIds ?? [])]) : [];
  const result = await ctx.db.runTransaction(async (tx) => {
    const p = checked(await tx.collection<Proposal>('proposals').doc(proposalId).get()).data;
    const relations = p ? relationsTo({ ...p, _id: proposalId }, caller) : [];
    if (!p || !mayRead(p, relations)) return notFound('提案或提议');
    const decision = decideProposal(
      stateOf(p),
      command.action,
      relations,
      { representativeId: rep?._id, today: shanghaiDate(now), ...(command.action === 'rate' ? { rating: command.rating } : {}) },
      ctx.rules.proposals,
    );
    if (!decision.ok)
      return decision.reason === 'forbidden'
        ? forbidden('您不能对这件提案、提议这样操作')
        : new AppError('INVALID_STATE', decision.message ?? '这件提案、提议现在不能这样操作');
    if (command.action === 'merge' && (!into || into.countyId !== p.countyId || into._id === proposalId || !MERGE_TARGETS.includes(into.status)))
      return invalid('intoId', '请选择本县已提交或已立案的另一件提案、提议');
    if (command.action === 'assign' && (units.length !== 1 + (command.coUnitIds?.length ?? 0) || units.some((u) => u.countyId !== p.countyId)))
      return invalid('leadUnitId', '请选择本县的承办单位');
    const byName = rep?.name ?? caller.user.name;
    const review = (['register', 'merge', 'decline'] as const).find((a) => a === command.action);
    const next: Proposal = {
      ...p,
      _id: proposalId,
      status: decision.to,
      ...(command.action === 'edit'
        ? { title: command.title, category: command.category, problem: command.problem, suggestion: command.suggestion, caseIds }
        : {}),
      cosigners: command.action === 'cosign' && rep ? [...p.cosigners, { representativeId: rep._id, name: rep.name, at: now }] : p.cosigners,
      submittedAt: command.action === 'submit' ? now : p.submittedAt,
      handling: command.action === 'assign' ? handlingOf(units, ctx.rules.proposals.handlingMonths, now) : p.handling,
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
          }
        : (p.review ?? null),
      events: [
        ...p.events,
        {
          at: now,
          action: command.action,
          by: caller.openid,
          byName,
          ...noteOf(command, into),
        },
      ],
      updatedAt: now,
      version: p.version + 1,
    };
    const { _id, ...rest } = next;
    checked(await tx.collection('proposals').doc(_id).set(rest));
    return next;
  });
  if (result instanceof AppError) throw result;
  return result;
}

/** The timeline's note of an action: the reason, the proposal joined, the reply, the rating, the 督办. */
function noteOf(command: ProposalCommand, into: Proposal | null): { note?: string } {
  switch (command.action) {
    case 'decline':
      return { note: command.reason };
    case 'merge':
      return into ? { note: `并入「${into.title}」` } : {};
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

/** 交办: the lead unit first, then the co-units; due `months` after today (Asia/Shanghai). */
function handlingOf(units: readonly Unit[], months: number, now: number): NonNullable<Proposal['handling']> {
  const [lead, ...co] = units;
  const dueDate = addMonths(shanghaiDate(now), months);
  return {
    leadUnitId: lead!._id,
    leadUnitName: lead!.name,
    coUnitIds: co.map((u) => u._id),
    coUnitNames: co.map((u) => u.name),
    dueDate,
    dueAt: endOfShanghaiDay(dueDate),
    assignedAt: now,
  };
}

/** The office's list: every proposal of its county past drafting, the latest submitted first. */
export async function countyProposals(ctx: Ctx): Promise<Proposal[]> {
  const { office } = await requireOffice(ctx);
  const _ = ctx.db.command;
  return getAll(
    collection<Proposal>(ctx.db, 'proposals')
      .where({ countyId: office.countyId, status: _.nin(['draft', 'cosigning']) })
      .orderBy('submittedAt', 'desc'),
  );
}

/** A representative's desk: the collection window open today, their own proposals, and others' circulating for co-signatures. */
export async function proposalDesk(ctx: Ctx): Promise<{ window: ProposalWindow | null; mine: Proposal[]; circulating: Proposal[] }> {
  const { rep } = await callerRepresentative(ctx, '只有党代表可以提出提案、提议');
  const [window, mine, circulating] = await Promise.all([
    windowOn(ctx, rep.countyId, shanghaiDate(ctx.clock.now())),
    getAll(collection<Proposal>(ctx.db, 'proposals').where({ countyId: rep.countyId, proposerId: rep._id }).orderBy('createdAt', 'desc')),
    getAll(collection<Proposal>(ctx.db, 'proposals').where({ countyId: rep.countyId, status: 'cosigning' }).orderBy('createdAt', 'desc')),
  ]);
  return { window, mine, circulating: circulating.filter((p) => p.proposerId !== rep._id) };
}
