/**
 * 民意回音墙: a village's public wall (src/domain/wall.ts). Anyone posts without a name — the post
 * keeps no openid and no exact time, and the limit on posting is kept apart, never naming the post
 * — through the content check: what it holds waits for the office (放行 / 不予公开). The village's
 * (or township's) unit replies in public against the reply clock; the office or a supervisor
 * presses (督办); the unit or the office may turn a post into a case (转为事项). Every change is one
 * transaction on the post, checked against its version.
 */
import { randomBytes } from 'node:crypto';
import { remindersFor, wallRulesFor } from '../../../config/rules';
import type { Page } from '../../../types/api';
import type { Representative, Township, Unit, User, Village, WallPost } from '../../../types/domain';
import { shanghaiDate, type WorkingCalendar } from '../../domain/calendar';
import { cursorOf, type DueClock } from '../../domain/reminders';
import { DAY_MS, HOUR_MS } from '../../domain/limits';
import { scopeKey } from '../../domain/roles';
import {
  allowedWallActions,
  decideWall,
  mayReplyWall,
  publicWallPost,
  saysSomething,
  wallClock,
  wallDue,
  wallFigures,
  wallLate,
  wallNotices,
  wallReply,
  WALL_STATUS_TEXT,
  type PublicWallPost,
  type WallAction,
  type WallFigureRow,
  type WallNotice,
  type WallRelation,
} from '../../domain/wall';
import type { Transaction } from '../../../types/db';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, derivedId, getAll, getById, getPage } from '../store';
import { codesFewAtATime, keptCode } from './cards';
import { looksAllowed, takeSlot } from './limits';
import { checkWords, requirePassedWords } from './moderation';
import { requireOffice } from './office';
import { pendingEntry } from './outbox';
import { loadCalendar, requireOpenid, requireStaff, type Caller } from './people';
import { openCase } from './submit';

const tooOften = () => new AppError('RATE_LIMITED', '您留言得太频繁了，请稍后再试');

/** The staff page of a post (for messages). */
export const wallPostPage = (postId: string) => `/staff/wall/index?id=${postId}`;

/** The post's reply clock while it waits for its reply (the county's case schedule), none otherwise. */
export const wallClockFor = (ctx: Ctx, p: WallPost, calendar: WorkingCalendar): DueClock | null =>
  p.status !== 'open' || p.reply || !p.dueDate ? null : wallClock(p.dueDate, remindersFor(ctx.rules, p.countyId), calendar);

/** The clock's cursor: its first reminder after `now` while it waits for its reply, none otherwise. */
export const wallClockOf = (ctx: Ctx, p: WallPost, calendar: WorkingCalendar, now: number): Pick<WallPost, 'nextReminderAt' | 'nextReminderKey'> =>
  cursorOf(wallClockFor(ctx, p, calendar), now);

/** Writes the post and its notices (outbox entries named after the post's version) in the transaction. */
export async function saveWallPost(tx: Transaction, p: WallPost, notices: readonly WallNotice[], now: number, name = `v${p.version}`): Promise<void> {
  const { _id, ...rest } = p;
  checked(await tx.collection('wallPosts').doc(_id).set(rest));
  for (const [i, n] of notices.entries()) {
    const { _id: entryId, ...entry } = pendingEntry(
      `${_id}-${name}-${i + 1}`,
      p.countyId,
      { ...n, to: { key: n.to } },
      { id: _id, no: p.no, page: wallPostPage(_id) },
      now,
    );
    checked(await tx.collection('outbox').doc(entryId).set(entry));
  }
}

/** Puts a post up on the wall today: its reply clock starts, and the units that reply are told. */
function published(ctx: Ctx, p: WallPost, calendar: WorkingCalendar, now: number): { post: WallPost; notices: WallNotice[] } {
  const publishedOn = shanghaiDate(now);
  const due = wallDue(calendar, wallRulesFor(ctx.rules, p.countyId), publishedOn, now);
  const post: WallPost = { ...p, status: 'open', publishedOn, dueDate: due.dueDate, dueAt: due.dueAt };
  Object.assign(post, wallClockOf(ctx, post, calendar, now));
  return { post, notices: wallNotices(post, 'publish', null) };
}

export interface WallPostInput {
  villageId: string;
  text: string;
}

export interface WallPostResult {
  id: string;
  no: string;
  /** the words wait for the office's review before they go up */
  held: boolean;
  next: string;
}

/** 留言: anyone (any WeChat identity, with or without an account) posts on a village's wall, without a name. */
export async function postOnWall(ctx: Ctx, input: WallPostInput): Promise<WallPostResult> {
  const openid = requireOpenid(ctx);
  if (!saysSomething(input.text)) throw invalid('text', '留言要用文字写明您的意见，只有表情、符号或一个字，别人看不明白');
  const village = await getById<Village>(ctx.db, 'villages', input.villageId);
  if (!village) throw notFound('村(社区)');
  const rules = wallRulesFor(ctx.rules, village.countyId);
  if (input.text.length > rules.textMax) throw invalid('text', `留言最多${rules.textMax}字`);
  const now = ctx.clock.now();
  // one record per identity over every wall: it counts times, never which post (nor which wall),
  // under a pseudonym of the identity, which no one reading the database can work out for a known resident
  const limit = {
    id: `wall:${ctx.platform.pseudonym('wall-limit', openid)}`,
    rules: [
      { ms: HOUR_MS, max: rules.perHour },
      { ms: DAY_MS, max: rules.perDay },
    ],
  };
  if (!(await looksAllowed(ctx.db, limit.id, now, limit.rules))) throw tooOften();
  const [township, verdict, units] = await Promise.all([
    getById<Township>(ctx.db, 'townships', village.townshipId),
    checkWords(ctx, openid, 'post', input.text),
    getAll(collection<Unit>(ctx.db, 'units').where({ countyId: village.countyId }).orderBy('_id', 'asc')),
  ]);
  if (!township) throw notFound('乡镇(街道)');
  const today = shanghaiDate(now);
  const draft: WallPost = {
    _id: `w${randomBytes(10).toString('hex')}`,
    countyId: village.countyId,
    townshipId: township._id,
    townshipName: township.name,
    villageId: village._id,
    villageName: village.name,
    no: '',
    text: input.text,
    status: 'held',
    postedOn: today,
    publishedOn: null,
    replyBy: rules.replyBy,
    unitIds: [],
    dueDate: null,
    dueAt: null,
    overdue: false,
    review: null,
    reply: null,
    supervisions: [],
    case: null,
    nextReminderAt: null,
    nextReminderKey: null,
    version: 1,
  };
  draft.unitIds = units.filter((u) => mayReplyWall(u, draft)).map((u) => u._id);
  const { post, notices } =
    verdict.suggest === 'pass'
      ? published(ctx, draft, await loadCalendar(ctx, village.countyId), now)
      : {
          post: draft,
          notices: [
            { kind: 'content_held' as const, to: scopeKey.office(draft.countyId), title: `${village.name}回音墙留言待核对`, body: '内容需要核对后才能公开' },
          ],
        };
  const saved = await ctx.db.runTransaction(async (tx) => {
    if (!(await takeSlot(tx, limit.id, now, limit.rules))) return tooOften();
    const year = today.slice(0, 4);
    const counterId = `wall:${post.countyId}:${year}`;
    const seq = (checked(await tx.collection<{ _id?: string; seq: number }>('counters').doc(counterId).get()).data?.seq ?? 0) + 1;
    checked(await tx.collection('counters').doc(counterId).set({ seq }));
    const numbered = { ...post, no: `${year}-${String(seq).padStart(5, '0')}` };
    await saveWallPost(tx, numbered, notices, now);
    return numbered;
  });
  if (saved instanceof AppError) throw saved;
  const held = saved.status === 'held';
  return {
    id: saved._id,
    no: saved.no,
    held,
    next: held
      ? '您的留言需要工作人员先核对一下，核对后会公开在回音墙上。'
      : `留言已公开，${saved.replyBy === 'village' ? '村(社区)' : '乡镇(街道)'}会在${rules.replyWorkingDays}个工作日内（${saved.dueDate}前）公开回复。`,
  };
}

export interface WallPage extends Page<PublicWallPost> {
  village: { id: string; name: string; townshipName: string };
  /** the promise the wall states: replied within so many working days, by whom */
  replyWorkingDays: number;
  replyByText: string;
}

/** The public wall of a village, newest first: every post on it, its reply, the days it took, 逾期. Anyone may read it. */
export async function villageWall(ctx: Ctx, villageId: string, page: number, pageSize: number): Promise<WallPage> {
  const village = await getById<Village>(ctx.db, 'villages', villageId);
  if (!village) throw notFound('村(社区)');
  const [township, res] = await Promise.all([
    getById<Township>(ctx.db, 'townships', village.townshipId),
    getPage(
      collection<WallPost>(ctx.db, 'wallPosts')
        .where({ villageId, status: ctx.db.command.in(['open', 'replied']) })
        .orderBy('no', 'desc'),
      page,
      pageSize,
    ),
  ]);
  const rules = wallRulesFor(ctx.rules, village.countyId);
  const now = ctx.clock.now();
  return {
    ...res,
    items: res.items.map((p) => publicWallPost(p, now)),
    village: { id: village._id, name: village.name, townshipName: township?.name ?? '' },
    replyWorkingDays: rules.replyWorkingDays,
    replyByText: rules.replyBy === 'village' ? '村(社区)' : '乡镇(街道)',
  };
}

/** A post as staff see it: everything it keeps (nothing of who wrote it), 逾期, and what the caller may do. */
export type WallPostView = Omit<WallPost, 'nextReminderAt' | 'nextReminderKey'> & { statusText: string; late: boolean; actions: WallAction[] };

const viewOf = (p: WallPost, relations: readonly WallRelation[], now: number): WallPostView => {
  const { nextReminderAt: _at, nextReminderKey: _key, ...rest } = p;
  return { ...rest, statusText: WALL_STATUS_TEXT[p.status], late: wallLate(p, now), actions: allowedWallActions(p, relations) };
};

/** The caller's handler units, as the organisation has them. */
async function callerUnits(ctx: Ctx, user: User): Promise<Unit[]> {
  const ids = [...new Set(user.grants.flatMap((g) => (g.role === 'handler' && g.unitId ? [g.unitId] : [])))];
  if (ids.length === 0) return [];
  return getAll(
    collection<Unit>(ctx.db, 'units')
      .where({ _id: ctx.db.command.in(ids) })
      .orderBy('_id', 'asc'),
  );
}

/** How a caller stands towards a post: its county's office, a unit that may reply, a supervisor over its county or township. */
function relationsTo(p: WallPost, user: User, units: readonly Unit[]): WallRelation[] {
  const out: WallRelation[] = [];
  const grants = user.grants.filter((g) => g.countyId === p.countyId);
  if (grants.some((g) => g.role === 'office')) out.push('office');
  if (units.some((u) => mayReplyWall(u, p) && grants.some((g) => g.role === 'handler' && g.unitId === u._id))) out.push('reply_unit');
  if (grants.some((g) => g.role === 'supervisor' && (g.level === 'county' || (g.level === 'township' && g.townshipId === p.townshipId))))
    out.push('supervisor');
  return out;
}

/** 待核对: the posts of the office's county the content check held, oldest first. */
export async function heldWallPosts(ctx: Ctx, page: number, pageSize: number): Promise<Page<WallPostView>> {
  const { office } = await requireOffice(ctx);
  const res = await getPage(
    collection<WallPost>(ctx.db, 'wallPosts').where({ countyId: office.countyId, status: 'held' }).orderBy('no', 'asc'),
    page,
    pageSize,
  );
  const now = ctx.clock.now();
  return { ...res, items: res.items.map((p) => viewOf(p, ['office'], now)) };
}

/** 待回复: the posts the caller's units reply to (open first, then the latest replied), with what they may do. */
export async function unitWallPosts(ctx: Ctx): Promise<WallPostView[]> {
  const caller = await requireStaff(ctx);
  const units = await callerUnits(ctx, caller.user);
  if (units.length === 0) throw forbidden('只有村(社区)、乡镇(街道)的承办单位回复回音墙留言');
  const posts = await getAll(
    collection<WallPost>(ctx.db, 'wallPosts')
      .where({ unitIds: ctx.db.command.in(units.map((u) => u._id)), status: ctx.db.command.in(['open', 'replied']) })
      .orderBy('no', 'desc'),
  );
  const now = ctx.clock.now();
  return posts.sort((a, b) => (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1)).map((p) => viewOf(p, relationsTo(p, caller.user, units), now));
}

export type WallCommand =
  | { action: 'release' }
  | { action: 'reject'; reason: string }
  | { action: 'reply'; text: string }
  | { action: 'convert'; category: string }
  | { action: 'supervise'; note: string };

const REFUSALS: Record<WallAction, string> = {
  release: '只有联系群众工作办公室可以核对留言',
  reject: '只有联系群众工作办公室可以核对留言',
  reply: '只有这个村(社区)或所属乡镇(街道)的单位可以回复这条留言',
  convert: '只有回复这条留言的单位或办公室可以把它转为事项',
  supervise: '只有办公室和督办领导可以督办',
};

/** One action on a post by staff, in a transaction on the post. */
export async function actOnWallPost(ctx: Ctx, postId: string, command: WallCommand): Promise<WallPostView> {
  const caller = await requireStaff(ctx);
  const seen = await getById<WallPost>(ctx.db, 'wallPosts', postId);
  // a post of another county is not found, whoever asks
  if (!seen || !caller.user.grants.some((g) => g.countyId === seen.countyId)) throw notFound('留言');
  const units = await callerUnits(ctx, caller.user);
  const relations = relationsTo(seen, caller.user, units);
  const decide = (p: WallPost) => {
    const d = decideWall(p, command.action, relations);
    if (d.ok) return d;
    return d.reason === 'forbidden'
      ? forbidden(REFUSALS[command.action])
      : new AppError('INVALID_STATE', d.message ?? `这条留言${WALL_STATUS_TEXT[p.status]}，不能${command.action === 'reply' ? '回复' : '这样操作'}`);
  };
  const first = decide(seen);
  if (first instanceof AppError) throw first;
  if (command.action === 'reply') await requirePassedWords(ctx, caller.openid, [command.text], 'text');
  const unit = command.action === 'reply' ? units.find((u) => mayReplyWall(u, seen))! : null;
  const made = command.action === 'convert' ? await convertToCase(ctx, seen, caller as Caller & { user: User }, relations, command.category) : null;
  const now = ctx.clock.now();
  const calendar = await loadCalendar(ctx, seen.countyId);
  const name = caller.user.name;
  const result = await ctx.db.runTransaction(async (tx) => {
    const fresh = checked(await tx.collection<WallPost>('wallPosts').doc(postId).get()).data;
    if (!fresh) return notFound('留言');
    const p: WallPost = { ...fresh, _id: postId };
    const decision = decide(p);
    if (decision instanceof AppError) return decision;
    let next: WallPost = { ...p, version: p.version + 1 };
    let notices: WallNotice[] = [];
    switch (command.action) {
      case 'release':
        ({ post: next, notices } = published(ctx, { ...next, review: { decision: 'release', byName: name, at: now, reason: null } }, calendar, now));
        break;
      case 'reject':
        next = { ...next, status: 'rejected', review: { decision: 'reject', byName: name, at: now, reason: command.reason } };
        break;
      case 'reply':
        next = {
          ...next,
          status: 'replied',
          reply: wallReply(calendar, p, { text: command.text, unitId: unit!._id, unitName: unit!.name, byName: name }, now),
        };
        break;
      case 'convert':
        next = { ...next, case: { id: made!.id, no: made!.no, byName: name, at: now } };
        break;
      case 'supervise':
        next = { ...next, supervisions: [...p.supervisions, { byName: name, at: now, note: command.note }] };
        notices = wallNotices(next, 'supervise', command.note);
        break;
    }
    Object.assign(next, wallClockOf(ctx, next, calendar, now));
    await saveWallPost(tx, next, notices, now);
    return next;
  });
  if (result instanceof AppError) throw result;
  return viewOf(result, relations, now);
}

/**
 * 转为事项: the post becomes a request routed like any other — accepted as made, anonymous (no
 * resident: the village's representative follows it), one case per post whoever converts it.
 */
async function convertToCase(ctx: Ctx, p: WallPost, caller: Caller & { user: User }, relations: readonly WallRelation[], category: string) {
  const reps = await getAll(
    collection<Representative>(ctx.db, 'representatives').where({ countyId: p.countyId, villageIds: p.villageId, active: true }).orderBy('_id', 'asc'),
  );
  const rep = reps[0];
  if (!rep) throw new AppError('INVALID_STATE', `${p.villageName}还没有联系的党代表，暂时不能转为事项`);
  return openCase(
    ctx,
    { requestId: p._id, category, description: p.text, photos: [], villageId: p.villageId },
    {
      rep,
      resident: { openid: caller.openid, name: null, phone: null, anonymous: true },
      actor: { relation: relations.includes('office') ? 'office' : 'handler', name: caller.user.name },
      reception: null,
      wall: { id: p._id, no: p.no },
    },
  );
}

/** The office's figures per village of its county: posts, replied, on time, late, turned into cases. */
export async function countyWallFigures(ctx: Ctx): Promise<{ villages: WallFigureRow[]; total: WallFigureRow }> {
  const { office } = await requireOffice(ctx);
  const posts = await getAll(collection<WallPost>(ctx.db, 'wallPosts').where({ countyId: office.countyId }).orderBy('_id', 'asc'));
  return wallFigures(posts, ctx.clock.now());
}

export interface WallCode {
  villageId: string;
  villageName: string;
  townshipName: string;
  /** the code's image, to print and post where the village's residents pass */
  url: string;
  fileId: string;
}

/** 回音墙二维码: the code of every village's wall in the office's county, each opening that wall, to print. */
export async function wallCodes(ctx: Ctx): Promise<WallCode[]> {
  const { office } = await requireOffice(ctx);
  const [villages, townships] = await Promise.all([
    getAll(collection<Village>(ctx.db, 'villages').where({ countyId: office.countyId }).orderBy('_id', 'asc')),
    getAll(collection<Township>(ctx.db, 'townships').where({ countyId: office.countyId }).orderBy('_id', 'asc')),
  ]);
  const townshipName = new Map(townships.map((t) => [t._id, t.name]));
  return codesFewAtATime(villages, async (v) => ({
    villageId: v._id,
    villageName: v.name,
    townshipName: townshipName.get(v.townshipId) ?? '',
    ...(await keptCode(
      ctx,
      { collection: 'villages', id: v._id, field: 'wallCodeFileIds', kept: v.wallCodeFileIds },
      // a village's id may hold a `:` (an imported one's), which a storage path does not take
      (version) => `walls/${version}/${derivedId('v', v._id)}.png`,
      { page: 'wall', villageId: v._id },
    )),
  }));
}
