/**
 * 民情信使 and 代办党员 (src/domain/messengers.ts): the office (any village of its county) or a
 * township's assigner (its township) invites a named resident as the messenger of a grid, or as a
 * 代办党员 of a village where the county runs 党员代办制; the resident accepts with the code while
 * signed in, and the office or township may end the term. An active messenger passes on a
 * neighbour's request (代为反映, or 代办) to the grid's — else the village's — first active
 * representative: they follow it as its resident (their openid is the case's), and read only what
 * they passed on. A named neighbour gets a follow code to follow it themselves. The office and the
 * township see each messenger with what came of what they passed on.
 */
import { randomBytes } from 'node:crypto';
import { messengerRulesFor } from '../../../config/rules';
import type { CaseSummary, Page } from '../../../types/api';
import type { CaseRecord, Grid, Messenger, Representative, Township, Village } from '../../../types/domain';
import { shanghaiDate } from '../../domain/calendar';
import {
  emptyFigures,
  followCodeOf,
  MESSENGER_KIND_TEXT,
  MESSENGER_STATUS_TEXT,
  messengerFigures,
  messengerStatus,
  parseFollowCode,
  passedOnText,
  roleName,
  type FiguresCase,
  type MessengerFigures,
  type MessengerKind,
  type MessengerStatus,
} from '../../domain/messengers';
import { ANONYMOUS_NAME } from '../../domain/labels';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById, getPage, scanAll } from '../store';
import { audit } from './audit';
import { LIST_FIELDS, summaries } from './cases';
import { saveCase } from './outbox';
import { requireOpenid, requireStaff } from './people';
import { guardedCode, maskCode, newCode } from './staff';
import { openCase, type SubmitInput, type SubmitResult } from './submit';

const MAY_NOT = '只有联系群众工作办公室和乡镇(街道)交办人可以管理民情信使';
const FOLLOW_TOKEN_LENGTH = 6;
const DAY_MS = 24 * 3600 * 1000;

/** Where the caller manages messengers: the office its county, a township's assigner its township. */
interface Area {
  countyId: string;
  townshipId: string | null;
  by: { openid: string; name: string };
}

async function messengerArea(ctx: Ctx): Promise<Area> {
  const caller = await requireStaff(ctx);
  const by = { openid: caller.openid, name: caller.user.name };
  const office = caller.user.grants.find((g) => g.role === 'office');
  if (office) return { countyId: office.countyId, townshipId: null, by };
  const assigner = caller.user.grants.find((g) => g.role === 'assigner' && g.level === 'township' && g.townshipId);
  if (assigner) return { countyId: assigner.countyId, townshipId: assigner.townshipId!, by };
  throw forbidden(MAY_NOT);
}

const inArea = (area: Area, x: { countyId: string; townshipId: string }) =>
  x.countyId === area.countyId && (!area.townshipId || x.townshipId === area.townshipId);

export interface MessengerView {
  id: string;
  kind: MessengerKind;
  kindText: string;
  name: string;
  phone: string;
  townshipName: string;
  villageId: string;
  villageName: string;
  gridId: string | null;
  gridName: string | null;
  status: MessengerStatus;
  statusText: string;
  invitedOn: string;
  invitedByName: string;
  /** until when an unused invitation code works */
  expiresOn: string;
  acceptedOn: string | null;
  endedOn: string | null;
  endReason: string | null;
  figures: MessengerFigures;
}

/** Names of the townships, villages and grids of a county, by id. */
async function placeNames(ctx: Ctx, countyId: string): Promise<Map<string, string>> {
  const all = <T extends { _id: string; name: string }>(name: 'townships' | 'villages' | 'grids') =>
    getAll(collection<T>(ctx.db, name).where({ countyId }).orderBy('_id', 'asc').field({ name: true }));
  const [townships, villages, grids] = await Promise.all([all<Township>('townships'), all<Village>('villages'), all<Grid>('grids')]);
  return new Map([...townships, ...villages, ...grids].map((x) => [x._id, x.name]));
}

function viewOf(m: Messenger, names: ReadonlyMap<string, string>, figures: MessengerFigures | undefined, now: number): MessengerView {
  const status = messengerStatus(m, now);
  return {
    id: m._id,
    kind: m.kind,
    kindText: MESSENGER_KIND_TEXT[m.kind],
    name: m.name,
    phone: m.phone,
    townshipName: names.get(m.townshipId) ?? '',
    villageId: m.villageId,
    villageName: names.get(m.villageId) ?? '',
    gridId: m.gridId,
    gridName: m.gridId ? (names.get(m.gridId) ?? '') : null,
    status,
    statusText: MESSENGER_STATUS_TEXT[status],
    invitedOn: shanghaiDate(m.invitedAt),
    invitedByName: m.invitedByName,
    expiresOn: shanghaiDate(m.expiresAt),
    acceptedOn: m.acceptedAt ? shanghaiDate(m.acceptedAt) : null,
    endedOn: m.ended ? shanghaiDate(m.ended.at) : null,
    endReason: m.ended?.reason ?? null,
    figures: figures ?? emptyFigures(),
  };
}

export interface InviteInput {
  kind: MessengerKind;
  name: string;
  phone: string;
  /** a messenger's grid */
  gridId?: string;
  /** a 代办党员's village */
  villageId?: string;
}

/** Invites a named resident as the messenger of a grid, or a 代办党员 of a village, of the caller's area: the code they accept with. */
export async function inviteMessenger(ctx: Ctx, input: InviteInput): Promise<MessengerView & { code: string }> {
  const area = await messengerArea(ctx);
  let place: Pick<Messenger, 'townshipId' | 'villageId' | 'gridId'>;
  if (input.kind === 'messenger') {
    if (!input.gridId) throw invalid('gridId', '请选择民情信使所在的网格');
    const grid = await getById<Grid>(ctx.db, 'grids', input.gridId);
    if (!grid || !inArea(area, grid)) throw notFound('网格');
    place = { townshipId: grid.townshipId, villageId: grid.villageId, gridId: grid._id };
  } else {
    if (!messengerRulesFor(ctx.rules, area.countyId).errands) throw new AppError('INVALID_STATE', '本县(区)没有实行党员代办制');
    if (!input.villageId) throw invalid('villageId', '请选择代办党员所在的村(社区)');
    const village = await getById<Village>(ctx.db, 'villages', input.villageId);
    if (!village || !inArea(area, village)) throw notFound('村(社区)');
    place = { townshipId: village.townshipId, villageId: village._id, gridId: null };
  }
  const now = ctx.clock.now();
  const m: Messenger = {
    _id: `ms${randomBytes(12).toString('hex')}`,
    countyId: area.countyId,
    ...place,
    kind: input.kind,
    name: input.name,
    phone: input.phone,
    openid: null,
    code: newCode(),
    expiresAt: now + ctx.rules.invitationDays * DAY_MS,
    invitedBy: area.by.openid,
    invitedByName: area.by.name,
    invitedAt: now,
    acceptedAt: null,
    active: true,
    ended: null,
  };
  const { _id, ...doc } = m;
  await ctx.db.runTransaction(async (tx) => {
    checked(await tx.collection('messengers').doc(_id).set(doc));
    await audit(tx, {
      countyId: area.countyId,
      kind: 'invite',
      at: now,
      by: area.by.openid,
      byName: area.by.name,
      subject: `${m.name}（${MESSENGER_KIND_TEXT[m.kind]}）`,
      caseId: null,
      detail: `邀请码${maskCode(m.code)}`,
    });
  });
  ctx.log.info('messenger invited', { countyId: area.countyId, messengerId: _id, kind: m.kind });
  return { ...viewOf(m, await placeNames(ctx, area.countyId), undefined, now), code: m.code };
}

/** What a messenger reads of their own terms. */
export interface MyTerm {
  id: string;
  kind: MessengerKind;
  kindText: string;
  villageName: string;
  gridName: string | null;
  active: boolean;
}

/**
 * The resident who holds the code becomes the messenger it names (one use, until it expires, while
 * the term was not ended). Wrong codes count against the caller as wrong invitation codes do.
 */
export async function acceptMessenger(ctx: Ctx, code: string): Promise<MyTerm> {
  const openid = requireOpenid(ctx);
  const now = ctx.clock.now();
  const found = checked(await collection<Messenger>(ctx.db, 'messengers').where({ code }).limit(1).get()).data[0];
  const result = await guardedCode(ctx, openid, '邀请码输错的次数太多了，请一小时后再试，或请核对邀请码', async (tx, wrong) => {
    const m = found && checked(await tx.collection<Messenger>('messengers').doc(found._id).get()).data;
    if (!m || m.code !== code) return wrong(notFound('邀请码，请核对后重新输入'));
    // the same resident again (the first answer was lost on the way): their term, as it is
    if (m.openid === openid) return m;
    if (m.openid) return wrong(new AppError('INVALID_STATE', '这个邀请码已经用过了'));
    if (!m.active) return wrong(new AppError('INVALID_STATE', '这个邀请已经收回'));
    if (m.expiresAt < now) return wrong(new AppError('INVALID_STATE', '这个邀请码已过期，请联系邀请您的工作人员重新邀请'));
    checked(await tx.collection('messengers').doc(m._id).update({ openid, acceptedAt: now }));
    return { ...m, openid, acceptedAt: now };
  });
  if (result instanceof AppError) throw result;
  ctx.log.info('messenger accepted', { messengerId: result._id, kind: result.kind });
  return (await termsOf(ctx, [result]))[0]!;
}

async function termsOf(ctx: Ctx, terms: readonly Messenger[]): Promise<MyTerm[]> {
  // a resident may serve in two counties: each term's places named from its own county
  const counties = [...new Set(terms.map((m) => m.countyId))];
  const names = new Map((await Promise.all(counties.map((c) => placeNames(ctx, c)))).flatMap((m) => [...m]));
  return terms.map((m) => ({
    id: m._id,
    kind: m.kind,
    kindText: MESSENGER_KIND_TEXT[m.kind],
    villageName: names.get(m.villageId) ?? '',
    gridName: m.gridId ? (names.get(m.gridId) ?? '') : null,
    active: m.active,
  }));
}

/** Ends a messenger's term (or withdraws an unused invitation): they pass nothing on any more; what they passed on stays theirs to follow. */
export async function endMessenger(ctx: Ctx, input: { messengerId: string; reason: string }): Promise<MessengerView> {
  const area = await messengerArea(ctx);
  const now = ctx.clock.now();
  const outcome = await ctx.db.runTransaction(async (tx) => {
    const m = checked(await tx.collection<Messenger>('messengers').doc(input.messengerId).get()).data;
    if (!m || !inArea(area, m)) return notFound('民情信使');
    if (!m.active) return new AppError('INVALID_STATE', `${m.name}已经卸任`);
    const ended = { at: now, byName: area.by.name, reason: input.reason };
    checked(
      await tx
        .collection('messengers')
        .doc(m._id)
        .update({ active: false, ended: ctx.db.command.set(ended) }),
    );
    await audit(tx, {
      countyId: m.countyId,
      kind: 'revoke',
      at: now,
      by: area.by.openid,
      byName: area.by.name,
      subject: `${m.name}（${MESSENGER_KIND_TEXT[m.kind]}）`,
      caseId: null,
      detail: input.reason,
    });
    return { ...m, active: false, ended };
  });
  if (outcome instanceof AppError) throw outcome;
  ctx.log.info('messenger ended', { messengerId: outcome._id });
  const [view] = await areaViews(ctx, area, [outcome]);
  return view!;
}

/** The caller's own term, active, as the messenger they name. */
async function activeTerm(ctx: Ctx, messengerId: string): Promise<Messenger & { openid: string }> {
  const openid = requireOpenid(ctx);
  const m = await getById<Messenger>(ctx.db, 'messengers', messengerId);
  if (!m || m.openid !== openid) throw forbidden('您不是这里的民情信使');
  if (!m.active) throw new AppError('INVALID_STATE', m.kind === 'errand' ? '您的代办任期已经结束，不能再代群众办事' : '您的任期已经结束，不能再代为反映');
  if (m.kind === 'errand' && !messengerRulesFor(ctx.rules, m.countyId).errands) throw new AppError('INVALID_STATE', '本县(区)没有实行党员代办制');
  return m as Messenger & { openid: string };
}

/** The representative a passed-on request goes to: the grid's first active one, else the village's. */
async function representativeFor(ctx: Ctx, m: Messenger): Promise<Representative> {
  const grid = m.gridId ? await getById<Grid>(ctx.db, 'grids', m.gridId) : null;
  const covers = (r: Representative | undefined): r is Representative => !!r && r.active && r.countyId === m.countyId && r.villageIds.includes(m.villageId);
  const _ = ctx.db.command;
  if (grid?.representativeIds.length) {
    const reps = await getAll(
      collection<Representative>(ctx.db, 'representatives')
        .where({ _id: _.in(grid.representativeIds) })
        .orderBy('_id', 'asc'),
    );
    const first = grid.representativeIds.map((id) => reps.find((r) => r._id === id)).find(covers);
    if (first) return first;
  }
  const village = await getAll(
    collection<Representative>(ctx.db, 'representatives').where({ countyId: m.countyId, villageIds: m.villageId, active: true }).orderBy('_id', 'asc'),
  );
  if (!village[0]) throw new AppError('INVALID_STATE', '本村(社区)暂时没有在任的党代表，请联系乡镇(街道)');
  return village[0];
}

export type PassInput = Omit<SubmitInput, 'cardCode' | 'villageId'> & {
  messengerId: string;
  /** the neighbour asked not to be named: nothing of them is kept */
  anonymous: boolean;
  /** the neighbour agreed to be called back on this phone */
  consent: boolean;
};

export interface PassResult extends SubmitResult {
  /** for a named neighbour: the code they open, signed in, to follow the case themselves (代办's 回执) */
  follow: { code: string; expiresOn: string } | null;
}

/**
 * 代为反映 / 代办: an active messenger sends a neighbour's request from their grid (or village): the
 * grid's first active representative receives it, the messenger follows it as its resident, and
 * the timeline says in public who passed it on. A named neighbour's phone is kept only with their
 * consent; an anonymous neighbour leaves nothing.
 */
export async function passOn(ctx: Ctx, input: PassInput): Promise<PassResult> {
  const m = await activeTerm(ctx, input.messengerId);
  const { messengerId: _m, anonymous, consent, name, phone, ...request } = input;
  if (anonymous && (name || phone)) throw invalid('anonymous', '匿名反映时不能留群众的姓名和电话');
  if (anonymous && m.kind === 'errand') throw invalid('anonymous', '代办须写明为哪位群众代办');
  if (!anonymous && !name) throw invalid('name', '请填写群众的称呼，或选择匿名反映');
  if (phone && !consent) throw invalid('consent', '留电话须经群众同意：请先问过群众，再勾选“同意办理人员打电话联系”');
  const rep = await representativeFor(ctx, m);
  const follow = anonymous
    ? null
    : { token: newCode(FOLLOW_TOKEN_LENGTH), expiresAt: ctx.clock.now() + messengerRulesFor(ctx.rules, m.countyId).followDays * DAY_MS };
  const result = await openCase(
    ctx,
    { ...request, villageId: m.villageId },
    {
      rep,
      resident: { openid: m.openid, name: anonymous ? null : (name ?? null), phone: anonymous ? null : (phone ?? null), anonymous },
      actor: { relation: 'resident', name: roleName(m) },
      reception: null,
      messenger: { of: { id: m._id, name: m.name, kind: m.kind }, gridId: m.gridId, entered: passedOnText(m, anonymous), follow },
    },
  );
  // a retried request answers the case as it is: its follow code while nobody used it
  const kept = result.created ? follow : ((await getById<CaseRecord>(ctx.db, 'cases', result.id))?.follow ?? null);
  return { ...result, follow: kept && { code: followCodeOf(result.no, kept.token), expiresOn: shanghaiDate(kept.expiresAt) } };
}

/** The list's fields, with whom each was for. */
const { resident: _resident, ...withResident } = LIST_FIELDS;

/** A passed-on request in its messenger's list: whom it was for (a name, or 匿名群众). */
export type PassedOn = CaseSummary & { neighbour: string };

/** What a messenger reads: their terms, and the requests they passed on (each opened with `case · detail`, as its resident). */
export async function myPassedOn(ctx: Ctx, page: number, pageSize: number): Promise<{ terms: MyTerm[]; cases: Page<PassedOn> }> {
  const openid = requireOpenid(ctx);
  const terms = await getAll(collection<Messenger>(ctx.db, 'messengers').where({ openid }).orderBy('_id', 'asc'));
  if (terms.length === 0) throw forbidden('您还不是民情信使或代办党员');
  const _ = ctx.db.command;
  const query = collection<CaseRecord>(ctx.db, 'cases')
    .where({ 'messenger.id': _.in(terms.map((t) => t._id)), 'resident.openid': openid })
    .orderBy('createdAt', 'desc')
    .field(withResident);
  const found = await getPage(query, page, pageSize);
  const listed = await summaries(ctx, found);
  return {
    terms: await termsOf(ctx, terms),
    cases: {
      ...listed,
      items: listed.items.map((s, i) => {
        const { resident } = found.items[i]!;
        return { ...s, neighbour: resident.anonymous ? ANONYMOUS_NAME : (resident.name ?? '群众') };
      }),
    },
  };
}

/** Views of these messengers with their figures, from the cases they passed on. */
async function areaViews(ctx: Ctx, area: Area, messengers: readonly Messenger[]): Promise<MessengerView[]> {
  const _ = ctx.db.command;
  const now = ctx.clock.now();
  const [names, cases] = await Promise.all([
    placeNames(ctx, area.countyId),
    messengers.length
      ? scanAll<FiguresCase & { _id: string }>(
          ctx.db,
          'cases',
          { countyId: area.countyId, 'messenger.id': _.in(messengers.map((m) => m._id)) },
          { status: true, rating: true, overdue: true, dueAt: true, messenger: true },
        )
      : Promise.resolve([]),
  ]);
  const figures = messengerFigures(cases, now);
  return messengers.map((m) => viewOf(m, names, figures.get(m._id), now));
}

export interface MessengerFilter {
  kind?: MessengerKind;
  townshipId?: string;
  villageId?: string;
}

/** The office's (or a township's) messengers and 代办党员, each with what came of what they passed on, and the totals. */
export async function areaMessengers(ctx: Ctx, filter: MessengerFilter): Promise<{ messengers: MessengerView[]; totals: MessengerFigures }> {
  const area = await messengerArea(ctx);
  if (area.townshipId && filter.townshipId && filter.townshipId !== area.townshipId) throw forbidden('只能查看本乡镇(街道)的民情信使');
  const townshipId = area.townshipId ?? filter.townshipId;
  const messengers = await getAll(
    collection<Messenger>(ctx.db, 'messengers')
      .where({
        countyId: area.countyId,
        ...(townshipId ? { townshipId } : {}),
        ...(filter.villageId ? { villageId: filter.villageId } : {}),
        ...(filter.kind ? { kind: filter.kind } : {}),
      })
      .orderBy('_id', 'asc'),
  );
  const views = (await areaViews(ctx, area, messengers)).sort(
    (a, b) =>
      Number(b.status === 'active') - Number(a.status === 'active') || a.villageName.localeCompare(b.villageName, 'zh') || a.name.localeCompare(b.name, 'zh'),
  );
  const totals = emptyFigures();
  for (const v of views) for (const k of Object.keys(totals) as Array<keyof MessengerFigures>) totals[k] += v.figures[k];
  return { messengers: views, totals };
}

/** One messenger's passed-on requests, for the office or their township (each opened with `case · detail`, as the caller's role sees it). */
export async function messengerCases(ctx: Ctx, messengerId: string, page: number, pageSize: number): Promise<Page<CaseSummary> & { messenger: MessengerView }> {
  const area = await messengerArea(ctx);
  const m = await getById<Messenger>(ctx.db, 'messengers', messengerId);
  if (!m || !inArea(area, m)) throw notFound('民情信使');
  const query = collection<CaseRecord>(ctx.db, 'cases').where({ countyId: m.countyId, 'messenger.id': m._id }).orderBy('createdAt', 'desc').field(LIST_FIELDS);
  const [listed, [view]] = await Promise.all([getPage(query, page, pageSize).then((p) => summaries(ctx, p)), areaViews(ctx, area, [m])]);
  return { ...listed, messenger: view! };
}

/**
 * A resident opens the follow code a messenger or 代办党员 gave them (once, before it expires): they
 * follow the case from then on as its resident does — they see it, hear what its resident is told,
 * and find it among their own requests.
 */
export async function followCase(ctx: Ctx, code: string): Promise<{ id: string; no: string }> {
  const openid = requireOpenid(ctx);
  const now = ctx.clock.now();
  const parsed = parseFollowCode(code);
  const found = parsed
    ? checked(await collection<CaseRecord>(ctx.db, 'cases').where({ no: parsed.no, 'follow.token': parsed.token }).field({ _id: true }).limit(1).get()).data[0]
    : undefined;
  // the same resident again (the first answer was lost on the way): the code is spent, the case is theirs to follow
  if (!found && parsed) {
    const already = checked(
      await collection<CaseRecord>(ctx.db, 'cases').where({ no: parsed.no, followers: openid }).field({ _id: true, no: true }).limit(1).get(),
    ).data[0];
    if (already) return { id: already._id, no: already.no };
  }
  const result = await guardedCode(ctx, openid, '跟进码输错的次数太多了，请一小时后再试', async (tx, wrong) => {
    const c = found && checked(await tx.collection<CaseRecord>('cases').doc(found._id).get()).data;
    if (!c || !parsed || c.no !== parsed.no || c.follow?.token !== parsed.token) return wrong(notFound('跟进码，请核对后重新输入'));
    if (c.follow.expiresAt < now) return wrong(new AppError('INVALID_STATE', '这个跟进码已过期，请按事项编号打电话询问'));
    if (c.resident.openid === openid) return new AppError('INVALID_STATE', '这件事项是您代为反映的，您已经在跟进了');
    const next: CaseRecord = { ...c, followers: [...new Set([...(c.followers ?? []), openid])], follow: null, updatedAt: now, version: c.version + 1 };
    await saveCase(tx, c, next, []);
    return { id: c._id, no: c.no };
  });
  if (result instanceof AppError) throw result;
  ctx.log.info('case followed', { caseId: result.id });
  return result;
}
