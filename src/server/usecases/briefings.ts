/**
 * 重大事项通报 and 征求意见: the county office publishes a briefing to all its representatives or to
 * chosen activity groups, optionally asking for opinions until a closing day; each representative
 * of the audience is told (message centre and subscribe message, through the outbox), opens it,
 * acknowledges reading it once (确认已阅) and, while opinions are taken, gives or changes an
 * opinion. The office sees who has read it and who has not, the opinions, and exports them.
 * Representatives outside the audience, and everyone of another county, find nothing.
 */
import type { ActivityGroup, Briefing, BriefingRead, OutboxEntry, Representative, Village } from '../../../types/domain';
import {
  acknowledgedCounts,
  audienceOf,
  briefingReadId,
  opinionProblem,
  opinionsOpen,
  periodRange,
  unreadFirst,
  type BriefingAudience,
  type BriefingPeriod,
} from '../../domain/briefings';
import { shanghaiDate } from '../../domain/calendar';
import { BRIEFING_AUDIENCE_TEXT, monthDay } from '../../domain/labels';
import { scopeKey } from '../../domain/roles';
import type { Ctx } from '../ctx';
import { AppError, invalid, notFound } from '../errors';
import { enqueueMissing, pendingEntry } from './outbox';
import { checked, collection, derivedId, getAll, getById, scanAll } from '../store';
import { keepReport, type KeptFile } from './exports';
import { requirePassedWords } from './moderation';
import { requireOffice } from './office';
import { cleanOwnPhotos, keptPhotos, requireOwnPhotos, type KeptPhoto } from './photos';
import { callerRepresentative } from './people';

export const briefingPage = (briefingId: string) => `/staff/briefings/index?id=${briefingId}`;

const ONLY_REPRESENTATIVES = '只有党代表可以阅读重大事项通报';
const NOT_FOUND = '重大事项通报';

export interface PublishInput {
  /** made once per form: a retried or doubled send publishes one briefing */
  requestId: string;
  title: string;
  text: string;
  files?: string[];
  audience: BriefingAudience;
  /** audience `groups`: the activity groups of the county it goes to */
  groupIds?: string[];
  /** 征求意见: the last day opinions are taken, YYYY-MM-DD */
  opinionsUntil?: string;
}

/** A briefing as lists show it. */
export interface BriefingSummary {
  id: string;
  title: string;
  publishedAt: number;
  /** YYYY-MM-DD */
  publishedOn: string;
  audience: BriefingAudience;
  /** 全体党代表, or the groups' names */
  audienceText: string;
  opinionsUntil: string | null;
  opinionsOpen: boolean;
}

/** The office's list: how many were reached, have read it, have given an opinion. */
export interface CountyBriefing extends BriefingSummary {
  audienceCount: number;
  readCount: number;
  opinionCount: number;
}

/** One representative of the audience, as the office sees them. */
export interface AudienceMember {
  representativeId: string;
  name: string;
  /** the villages on their card */
  villages: string[];
  readAt: number | null;
  opinion: string | null;
  opinionAt: number | null;
}

/** An attached file: its id and a temporary address to show it from. */
export type BriefingFile = KeptPhoto;

export interface OfficeBriefingDetail extends CountyBriefing {
  text: string;
  files: BriefingFile[];
  publishedByName: string;
  /** who has read it, the earliest first */
  read: AudienceMember[];
  /** who has not, in the order they were told */
  unread: AudienceMember[];
  /** the opinions given, the earliest first */
  opinions: AudienceMember[];
}

/** A representative's list entry. */
export interface MyBriefing extends BriefingSummary {
  readAt: number | null;
  /** whether they have given an opinion */
  opined: boolean;
}

/** What a representative of the audience reads. */
export interface BriefingView extends MyBriefing {
  text: string;
  files: BriefingFile[];
  publishedByName: string;
  opinion: string | null;
  opinionAt: number | null;
}

const summaryOf = (b: Briefing, today: string): BriefingSummary => ({
  id: b._id,
  title: b.title,
  publishedAt: b.publishedAt,
  publishedOn: shanghaiDate(b.publishedAt),
  audience: b.audience,
  audienceText: b.audience === 'groups' ? b.groups.map((g) => g.name).join('、') : BRIEFING_AUDIENCE_TEXT.all,
  opinionsUntil: b.opinionsUntil,
  opinionsOpen: opinionsOpen(b, today),
});

const today = (ctx: Ctx) => shanghaiDate(ctx.clock.now());

/** The chosen groups, each of the county (a group of another county is not found), in the order chosen. */
async function groupsOf(ctx: Ctx, countyId: string, ids: readonly string[]): Promise<ActivityGroup[]> {
  const unique = [...new Set(ids)];
  const _ = ctx.db.command;
  const found = await getAll(
    collection<ActivityGroup>(ctx.db, 'groups')
      .where({ _id: _.in(unique), countyId })
      .orderBy('_id', 'asc'),
  );
  if (found.length !== unique.length) throw invalid('groupIds', '所选的活动小组有的不在本县，请重新选择');
  // in the order the office chose them
  return unique.map((id) => found.find((g) => g._id === id)!);
}

/**
 * The outbox entry telling one representative of a briefing: their grant's key finds them when it
 * is delivered; its id is the briefing's and theirs, so each is told once however often it is written.
 */
function toldEntry(b: Briefing, representativeId: string): OutboxEntry {
  return pendingEntry(
    `${b._id}-${representativeId}`,
    b.countyId,
    {
      kind: 'briefing_published',
      to: { key: scopeKey.representative(b.countyId, representativeId) },
      title: `重大事项通报：${b.title}`,
      body: b.opinionsUntil ? `请阅读并确认已阅；征求意见至${monthDay(b.opinionsUntil)}` : '请阅读并确认已阅',
    },
    { id: b._id, no: '', page: briefingPage(b._id) },
    b.publishedAt,
  );
}

/** One briefing per county, publisher and request id: a retried or doubled send finds the first; nobody else's can meet it. */
export const briefingIdFor = (countyId: string, openid: string, requestId: string): string => derivedId('b', countyId, openid, requestId);

/**
 * Tells each of a briefing's audience who has not been told yet (all of them when it is new; on a
 * retry, those a failed publish did not reach), and answers it as the office's list shows it.
 */
async function tellAudience(ctx: Ctx, b: Briefing): Promise<CountyBriefing> {
  const written = await enqueueMissing(
    ctx,
    b.representativeIds.map((id) => toldEntry(b, id)),
  );
  if (written) ctx.log.info('briefing told', { briefingId: b._id, told: written, audience: b.representativeIds.length });
  return { ...summaryOf(b, today(ctx)), ...(await countsOf(ctx, b)) };
}

/**
 * 发布通报: the office publishes a briefing; its audience is resolved to the county's active
 * representatives (all, or the chosen groups' members) and each is told. Idempotent on the form's
 * request id: a retry answers the briefing the first send published, and tells whoever that send
 * had not reached (a publish cut short is completed by its retry); nobody is told twice.
 */
export async function publishBriefing(ctx: Ctx, input: PublishInput): Promise<CountyBriefing> {
  const { caller, office } = await requireOffice(ctx);
  const countyId = office.countyId;
  const id = briefingIdFor(countyId, caller.openid, input.requestId);
  const existing = await getById<Briefing>(ctx.db, 'briefings', id);
  if (existing) return tellAudience(ctx, existing);
  const now = ctx.clock.now();
  const groupIds = input.groupIds ?? [];
  if (input.audience === 'all' && groupIds.length) throw invalid('groupIds', '发给全体党代表时不用选择活动小组');
  if (input.audience === 'groups' && groupIds.length === 0) throw invalid('groupIds', '请选择要通报的活动小组');
  if (input.opinionsUntil !== undefined && input.opinionsUntil < shanghaiDate(now)) throw invalid('opinionsUntil', '征求意见的截止日期已经过去了');
  const uploads = [...new Set(input.files ?? [])];
  const NOT_OWN_FILES = '附件须是您自己刚上传的，请重新选择';
  await requireOwnPhotos(ctx, caller.openid, uploads, 'files', NOT_OWN_FILES);
  const [groups, reps] = await Promise.all([
    input.audience === 'groups' ? groupsOf(ctx, countyId, groupIds) : Promise.resolve([]),
    getAll(
      collection<Representative>(ctx.db, 'representatives').where({ countyId, active: true }).orderBy('_id', 'asc').field({ countyId: true, active: true }),
    ),
  ]);
  const representativeIds = audienceOf(countyId, input.audience, reps, groups);
  if (representativeIds.length === 0)
    throw invalid(
      input.audience === 'groups' ? 'groupIds' : 'audience',
      input.audience === 'groups' ? '所选的活动小组没有在任的党代表' : '本县还没有在任的党代表',
    );
  await requirePassedWords(ctx, caller.openid, [input.title, input.text], 'text', { message: '通报内容没有通过微信的内容安全检查，请修改后再发布' });
  // the pictures kept as clean copies (no EXIF, no GPS); the uploads go once the briefing is written
  const clean = await cleanOwnPhotos(ctx, caller.openid, uploads, { field: 'files', message: NOT_OWN_FILES });
  const files = clean.photos;

  const briefing: Briefing = {
    _id: id,
    countyId,
    title: input.title,
    text: input.text,
    files,
    audience: input.audience,
    groups: groups.map((g) => ({ id: g._id, name: g.name })),
    representativeIds,
    opinionsUntil: input.opinionsUntil ?? null,
    publishedAt: now,
    publishedBy: caller.openid,
    publishedByName: caller.user.name,
  };
  // the same request sent twice at once: whichever writes second finds the first, and both tell only the missing
  const saved = await ctx.db.runTransaction(async (tx) => {
    const dup = checked(await tx.collection<Briefing>('briefings').doc(id).get()).data;
    if (dup) return { ...dup, _id: id };
    const { _id, ...rest } = briefing;
    checked(await tx.collection('briefings').doc(_id).set(rest));
    return briefing;
  });
  await clean.discard();
  if (saved === briefing) ctx.log.info('briefing published', { briefingId: id, audience: briefing.audience, representatives: representativeIds.length });
  return tellAudience(ctx, saved);
}

/** How many of a briefing's audience have read it and given an opinion. */
async function countsOf(ctx: Ctx, b: Briefing): Promise<Pick<CountyBriefing, 'audienceCount' | 'readCount' | 'opinionCount'>> {
  const _ = ctx.db.command;
  const reads = collection<BriefingRead>(ctx.db, 'briefingReads');
  const [read, opined] = await Promise.all([
    reads
      .where({ briefingId: b._id, countyId: b.countyId, readAt: _.gt(0) })
      .count()
      .then(checked),
    reads
      .where({ briefingId: b._id, countyId: b.countyId, opinionAt: _.gt(0) })
      .count()
      .then(checked),
  ]);
  return { audienceCount: b.representativeIds.length, readCount: read.total, opinionCount: opined.total };
}

/** The office's list: every briefing of its county, the newest first, with how far it has been read. */
export async function countyBriefings(ctx: Ctx): Promise<CountyBriefing[]> {
  const { office } = await requireOffice(ctx);
  const briefings = await getAll(collection<Briefing>(ctx.db, 'briefings').where({ countyId: office.countyId }).orderBy('publishedAt', 'desc'));
  const day = today(ctx);
  return Promise.all(briefings.map(async (b) => ({ ...summaryOf(b, day), ...(await countsOf(ctx, b)) })));
}

/** A briefing of the office's county (nothing of another county is found). */
async function officeBriefing(ctx: Ctx, briefingId: string): Promise<Briefing> {
  const { office } = await requireOffice(ctx);
  const b = await getById<Briefing>(ctx.db, 'briefings', briefingId);
  if (!b || b.countyId !== office.countyId) throw notFound(NOT_FOUND);
  return b;
}

/** Every representative of a briefing's audience, in the order they were told, with their read and opinion. */
async function audienceRows(ctx: Ctx, b: Briefing): Promise<AudienceMember[]> {
  const _ = ctx.db.command;
  const [reps, villages, reads] = await Promise.all([
    getAll(
      collection<Representative>(ctx.db, 'representatives')
        .where({ _id: _.in(b.representativeIds), countyId: b.countyId })
        .orderBy('_id', 'asc')
        .field({ name: true, villageIds: true }),
    ),
    getAll(collection<Village>(ctx.db, 'villages').where({ countyId: b.countyId }).orderBy('_id', 'asc').field({ name: true })),
    getAll(collection<BriefingRead>(ctx.db, 'briefingReads').where({ briefingId: b._id, countyId: b.countyId }).orderBy('_id', 'asc')),
  ]);
  const repOf = new Map(reps.map((r) => [r._id, r]));
  const villageName = new Map(villages.map((v) => [v._id, v.name]));
  const readOf = new Map(reads.map((r) => [r.representativeId, r]));
  return b.representativeIds.map((id) => {
    const rep = repOf.get(id);
    const read = readOf.get(id);
    return {
      representativeId: id,
      name: rep?.name ?? read?.representativeName ?? '',
      villages: (rep?.villageIds ?? []).map((v) => villageName.get(v) ?? v),
      readAt: read?.readAt ?? null,
      opinion: read?.opinion ?? null,
      opinionAt: read?.opinionAt ?? null,
    };
  });
}

const filesOf = (ctx: Ctx, b: Briefing): Promise<BriefingFile[]> => keptPhotos(ctx, b.files);

/** The office's view of one briefing: who has read it (and when), who has not, and the opinions. */
export async function briefingDetail(ctx: Ctx, briefingId: string): Promise<OfficeBriefingDetail> {
  const b = await officeBriefing(ctx, briefingId);
  const [rows, files] = await Promise.all([audienceRows(ctx, b), filesOf(ctx, b)]);
  const by = (key: 'readAt' | 'opinionAt') => (x: AudienceMember, y: AudienceMember) => (x[key] ?? 0) - (y[key] ?? 0);
  const read = rows.filter((r) => r.readAt !== null).sort(by('readAt'));
  const opinions = rows.filter((r) => r.opinion !== null).sort(by('opinionAt'));
  return {
    ...summaryOf(b, today(ctx)),
    audienceCount: rows.length,
    readCount: read.length,
    opinionCount: opinions.length,
    text: b.text,
    files,
    publishedByName: b.publishedByName,
    read,
    unread: rows.filter((r) => r.readAt === null),
    opinions,
  };
}

/** A briefing's audience as a workbook: every representative, when they read it, and their opinion. */
export async function exportBriefingOpinions(ctx: Ctx, briefingId: string): Promise<KeptFile> {
  const b = await officeBriefing(ctx, briefingId);
  const rows = await audienceRows(ctx, b);
  return keepReport(ctx, `通报意见_${shanghaiDate(b.publishedAt)}_${b.title}.xlsx`, [
    {
      name: '阅读和意见',
      columns: ['党代表', '联系村(社区)', '阅读时间', { header: '意见', width: 60, wrap: true }, '提出意见时间'],
      rows: rows.map((r) => [r.name, r.villages.join('、'), { at: r.readAt }, r.opinion, { at: r.opinionAt }]),
      filter: true,
    },
  ]);
}

/** A representative's briefings: unread first, then the newest. */
export async function myBriefings(ctx: Ctx): Promise<{ unread: number; items: MyBriefing[] }> {
  const { rep } = await callerRepresentative(ctx, ONLY_REPRESENTATIVES);
  const [briefings, reads] = await Promise.all([
    getAll(collection<Briefing>(ctx.db, 'briefings').where({ countyId: rep.countyId, representativeIds: rep._id }).orderBy('publishedAt', 'desc')),
    getAll(collection<BriefingRead>(ctx.db, 'briefingReads').where({ countyId: rep.countyId, representativeId: rep._id }).orderBy('_id', 'asc')),
  ]);
  const readOf = new Map(reads.map((r) => [r.briefingId, r]));
  const day = today(ctx);
  const items = unreadFirst(
    briefings.map((b) => {
      const read = readOf.get(b._id);
      return { ...summaryOf(b, day), readAt: read?.readAt ?? null, opined: (read?.opinion ?? null) !== null };
    }),
  );
  return { unread: items.filter((i) => i.readAt === null).length, items };
}

/** A briefing the calling representative was told of, and their read of it; anyone else finds nothing. */
async function toldBriefing(ctx: Ctx, briefingId: string): Promise<{ openid: string; rep: Representative; b: Briefing; read: BriefingRead | null }> {
  const { caller, rep } = await callerRepresentative(ctx, ONLY_REPRESENTATIVES);
  const b = await getById<Briefing>(ctx.db, 'briefings', briefingId);
  if (!b || b.countyId !== rep.countyId || !b.representativeIds.includes(rep._id)) throw notFound(NOT_FOUND);
  return { openid: caller.openid, rep, b, read: await getById<BriefingRead>(ctx.db, 'briefingReads', briefingReadId(b._id, rep._id)) };
}

const viewOf = async (ctx: Ctx, b: Briefing, read: BriefingRead | null): Promise<BriefingView> => ({
  ...summaryOf(b, today(ctx)),
  readAt: read?.readAt ?? null,
  opined: (read?.opinion ?? null) !== null,
  text: b.text,
  files: await filesOf(ctx, b),
  publishedByName: b.publishedByName,
  opinion: read?.opinion ?? null,
  opinionAt: read?.opinionAt ?? null,
});

/** A representative opens a briefing they were told of. */
export async function openBriefing(ctx: Ctx, briefingId: string): Promise<BriefingView> {
  const { b, read } = await toldBriefing(ctx, briefingId);
  return viewOf(ctx, b, read);
}

/**
 * Writes one representative's read of a briefing in a transaction: `change` gives the new record
 * from the stored one (null when there is none), or null when nothing changes.
 */
async function saveRead(
  ctx: Ctx,
  rep: Representative,
  b: Briefing,
  change: (stored: BriefingRead | null, fresh: BriefingRead) => BriefingRead | null,
): Promise<BriefingRead> {
  const id = briefingReadId(b._id, rep._id);
  const fresh: BriefingRead = {
    _id: id,
    briefingId: b._id,
    countyId: b.countyId,
    representativeId: rep._id,
    representativeName: rep.name,
    readAt: null,
    opinion: null,
    opinionAt: null,
  };
  return ctx.db.runTransaction(async (tx) => {
    const data = checked(await tx.collection<BriefingRead>('briefingReads').doc(id).get()).data;
    const stored = data && { ...data, _id: id };
    const next = change(stored, fresh);
    if (!next) return stored ?? fresh;
    const { _id, ...rest } = next;
    checked(await tx.collection('briefingReads').doc(_id).set(rest));
    return next;
  });
}

/** 确认已阅: once per representative and briefing; a second acknowledgement changes nothing. */
export async function acknowledgeBriefing(ctx: Ctx, briefingId: string): Promise<BriefingView> {
  const { rep, b } = await toldBriefing(ctx, briefingId);
  const now = ctx.clock.now();
  const read = await saveRead(ctx, rep, b, (stored, fresh) => (stored?.readAt ? null : { ...(stored ?? fresh), readAt: now }));
  return viewOf(ctx, b, read);
}

/** 征求意见: a representative gives or changes their opinion until the closing day; it acknowledges the briefing too. */
export async function giveOpinion(ctx: Ctx, briefingId: string, opinion: string): Promise<BriefingView> {
  const { openid, rep, b } = await toldBriefing(ctx, briefingId);
  const problem = opinionProblem(b, today(ctx));
  if (problem) throw new AppError('INVALID_STATE', problem);
  await requirePassedWords(ctx, openid, [opinion], 'opinion', { message: '意见没有通过微信的内容安全检查，请修改后再提交' });
  const now = ctx.clock.now();
  const read = await saveRead(ctx, rep, b, (stored, fresh) => ({ ...(stored ?? fresh), readAt: stored?.readAt ?? now, opinion, opinionAt: now }));
  return viewOf(ctx, b, read);
}

/**
 * 百分制 `briefings`: how many briefings each representative of a county acknowledged within a
 * period (days, Asia/Shanghai, both included, or an epoch range), by representative id; those with
 * none are absent. No caller check: the use case that calls it has checked its caller's county.
 */
export async function briefingsAcknowledged(ctx: Pick<Ctx, 'db'>, countyId: string, period: BriefingPeriod): Promise<Record<string, number>> {
  const { fromAt, toAt } = periodRange(period);
  if (fromAt > toAt) throw invalid('to', '结束日期不能早于开始日期');
  const _ = ctx.db.command;
  const reads = await scanAll<BriefingRead>(
    ctx.db,
    'briefingReads',
    { countyId, readAt: _.and(_.gte(fromAt), _.lte(toAt)) },
    { countyId: true, representativeId: true, readAt: true },
  );
  return acknowledgedCounts(reads, countyId, period);
}
