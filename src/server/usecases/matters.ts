/**
 * 重大事项民意 / 坝坝会: a village or township (its handlers and assigners) or the county office puts a
 * matter to the residents of some villages of its own area; residents known in those villages are
 * told; residents vote from one of those villages' boards inside the window, once per WeChat
 * identity (a vote is kept under a hash of the identity: only counts are ever read), or the matter
 * is decided at a meeting held in person whose chair records the counts and minutes. The result and
 * turnout are published on the villages' boards and kept (the area's archive). Rules:
 * src/domain/matters.ts.
 */
import { matterRulesFor } from '../../../config/rules';
import type { CaseRecord, Matter, MatterVote, Notice, Township, Unit, Village } from '../../../types/domain';
import { shanghaiDate } from '../../domain/calendar';
import { monthDay } from '../../domain/labels';
import {
  closeProblem,
  countVotes,
  covers,
  touches,
  howToMeet,
  howToVote,
  MATTER_KIND_TEXT,
  MATTER_MODE_TEXT,
  MATTER_PHASE_TEXT,
  matterPhase,
  meetingProblem,
  optionsOf,
  outcomeOf,
  puttingProblem,
  thresholdText,
  voteProblem,
  type MatterArea,
  type MatterKind,
  type MatterMode,
  type MatterPhase,
  type MeetingRecord,
} from '../../domain/matters';
import { ENTERED, RESIDENT_FIELDS, standsIn } from '../../domain/roles';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, derivedId, getAll, getById } from '../store';
import { ballotIds, castBallot, hasVoted } from './ballots';
import { requirePassedWords } from './moderation';
import { enqueueMissing, pendingEntry } from './outbox';
import { requireOpenid, requireStaff, type Caller } from './people';
import { changeVersioned } from './versioned';

const WHAT = '征求意见事项';
/** decided matters a board shows, newest first (the rest are in the archive) */
const BOARD_DECIDED = 10;

const today = (ctx: Ctx) => shanghaiDate(ctx.clock.now());
const boardPage = (villageId: string) => `/pages/board/index?village=${encodeURIComponent(villageId)}`;

export interface MatterView {
  id: string;
  title: string;
  body: string;
  kind: MatterKind;
  kindText: string;
  mode: MatterMode;
  modeText: string;
  options: Array<{ index: number; text: string }>;
  opensOn: string;
  closesOn: string;
  villages: Array<{ id: string; name: string }>;
  /** who put it: the unit, township or office */
  publisher: string;
  putOn: string;
  phase: MatterPhase;
  phaseText: string;
  /** approval matters: the share the approving option needs, in words (三分之二) */
  thresholdText: string | null;
  /** the meeting held in person, once recorded */
  meeting: { date: string; place: string; attendance: number; minutes: string; chairName: string } | null;
  /** the published result and turnout */
  result: {
    counts: Array<{ option: string; count: number }>;
    cast: number;
    passed: boolean | null;
    chosen: string | null;
    text: string;
    turnoutText: string;
    decidedOn: string;
    decidedByText: string;
  } | null;
}

function viewOf(ctx: Ctx, m: Matter, names: ReadonlyMap<string, string>): MatterView {
  const phase = matterPhase({ ...m, decided: m.result !== null }, today(ctx));
  const outcome = m.result && outcomeOf(m, m.result.counts);
  return {
    id: m._id,
    title: m.title,
    body: m.body,
    kind: m.kind,
    kindText: MATTER_KIND_TEXT[m.kind],
    mode: m.mode,
    modeText: MATTER_MODE_TEXT[m.mode],
    options: m.options.map((text, index) => ({ index, text })),
    opensOn: m.opensOn,
    closesOn: m.closesOn,
    villages: m.villageIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    publisher: m.publisher,
    putOn: shanghaiDate(m.putAt),
    phase,
    phaseText: MATTER_PHASE_TEXT[phase],
    thresholdText: m.kind === 'approval' ? thresholdText(m.threshold) : null,
    meeting: m.meeting && {
      date: m.meeting.date,
      place: m.meeting.place,
      attendance: m.meeting.attendance,
      minutes: m.meeting.minutes,
      chairName: m.meeting.chairName,
    },
    result: outcome && {
      counts: m.options.map((option, i) => ({ option, count: outcome.counts[i] ?? 0 })),
      cast: outcome.cast,
      passed: outcome.passed,
      chosen: outcome.chosen === null ? null : m.options[outcome.chosen]!,
      text: outcome.text,
      turnoutText: m.meeting ? `到会${m.meeting.attendance}人，${outcome.cast}人表决` : `${outcome.cast}人投票`,
      decidedOn: shanghaiDate(m.result!.decidedAt),
      decidedByText: m.mode === 'meeting' ? '坝坝会表决' : '网上投票',
    },
  };
}

/** The names of these villages, by id. */
async function villageNames(ctx: Ctx, villageIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(villageIds)];
  const _ = ctx.db.command;
  const villages = ids.length
    ? await getAll(
        collection<Village>(ctx.db, 'villages')
          .where({ _id: _.in(ids) })
          .orderBy('_id', 'asc'),
      )
    : [];
  return new Map(villages.map((v) => [v._id, v.name]));
}

async function views(ctx: Ctx, matters: readonly Matter[]): Promise<MatterView[]> {
  const names = await villageNames(
    ctx,
    matters.flatMap((m) => m.villageIds),
  );
  return matters.map((m) => viewOf(ctx, m, names));
}

/** The caller's area for matters in one county: the office the county, township assigners and units their township, village units their village. */
async function areaIn(ctx: Ctx, caller: Caller, countyId: string): Promise<MatterArea & { publisher: string }> {
  const grants = (caller.user?.grants ?? []).filter((g) => g.countyId === countyId);
  if (grants.some((g) => g.role === 'office')) return { county: true, townshipIds: [], villageIds: [], publisher: '联系群众工作办公室' };
  const unitIds = grants.flatMap((g) => (g.role === 'handler' && g.unitId ? [g.unitId] : []));
  const _ = ctx.db.command;
  const units = unitIds.length
    ? await getAll(
        collection<Unit>(ctx.db, 'units')
          .where({ _id: _.in(unitIds), countyId })
          .orderBy('_id', 'asc'),
      )
    : [];
  const assigned = grants.flatMap((g) => (g.role === 'assigner' && g.level === 'township' && g.townshipId ? [g.townshipId] : []));
  const townshipIds = [...assigned, ...units.flatMap((u) => (u.level === 'township' && u.townshipId ? [u.townshipId] : []))];
  const villageIds = units.flatMap((u) => (u.level === 'village' && u.villageId ? [u.villageId] : []));
  const unit = units.find((u) => u.level !== 'county');
  const township = unit ? null : assigned[0] ? await getById<Township>(ctx.db, 'townships', assigned[0]) : null;
  return { county: false, townshipIds, villageIds, publisher: unit?.name ?? township?.name ?? '' };
}

const villagesOf = (m: Matter) => m.villageIds.map((_id) => ({ _id, townshipId: m.townshipId }));

const MAY_NOT = '只有本村(社区)、本乡镇(街道)的工作人员和联系群众工作办公室可以办理';

/**
 * A matter the caller may manage (record its meeting, publish its result, read its running count):
 * one they put, or one concerning a village of their area.
 */
async function managedMatter(ctx: Ctx, matterId: string): Promise<{ caller: Caller; matter: Matter }> {
  const caller = await requireStaff(ctx);
  const matter = await getById<Matter>(ctx.db, 'matters', matterId);
  if (!matter || !caller.user.grants.some((g) => g.countyId === matter.countyId)) throw notFound(WHAT);
  const area = await areaIn(ctx, caller, matter.countyId);
  if (matter.putBy !== caller.openid && !touches(area, villagesOf(matter))) throw forbidden(MAY_NOT);
  return { caller, matter };
}

/**
 * Residents told of a matter: those who sent a request from one of its villages (not requests
 * entered for them in person), most recent first, each once, at most the county's `tellAtMost`.
 */
async function residentsOf(ctx: Ctx, m: Matter): Promise<string[]> {
  const _ = ctx.db.command;
  const { data } = checked(
    await collection<CaseRecord>(ctx.db, 'cases')
      .where({ countyId: m.countyId, villageId: _.in(m.villageIds) })
      .orderBy('updatedAt', 'desc')
      .field(RESIDENT_FIELDS)
      .limit(1000)
      .get(),
  );
  // a request entered in person or made from a wall post has no resident's openid (`entered:…`): nobody to tell there
  const openids = data.filter((c) => !standsIn(c) && !c.resident.openid.startsWith(ENTERED)).map((c) => c.resident.openid);
  return [...new Set(openids)].slice(0, matterRulesFor(ctx.rules, m.countyId).tellAtMost);
}

/** Tells the residents of a matter's villages (each once, however often it is written). */
async function tellResidents(ctx: Ctx, m: Matter, names: ReadonlyMap<string, string>): Promise<number> {
  const residents = await residentsOf(ctx, m);
  const where = m.villageIds.map((id) => names.get(id) ?? '').join('、');
  const body = m.mode === 'vote' ? `${where}群众请在${monthDay(m.opensOn)}至${monthDay(m.closesOn)}在村公开栏投票` : `${where}将召开坝坝会表决，请留意通知`;
  const written = await enqueueMissing(
    ctx,
    residents.map((openid) =>
      pendingEntry(
        derivedId('t', m._id, openid),
        m.countyId,
        { kind: 'matter_put', to: { openid }, title: `征求意见：${m.title}`, body },
        { id: m._id, no: '', page: boardPage(m.villageIds[0]!) },
        m.putAt,
      ),
    ),
  );
  if (written) ctx.log.info('matter told', { matterId: m._id, told: written });
  return written;
}

export interface PutInput {
  /** the page's id for this put: a retry answers the matter the first send put */
  requestId: string;
  title: string;
  body: string;
  kind: MatterKind;
  mode: MatterMode;
  /** 2–6; an approval's default 同意 / 不同意 */
  options?: string[];
  villageIds: string[];
  opensOn: string;
  closesOn: string;
}

/** Puts a matter to the residents of some villages of the caller's own area, and tells those known there. */
export async function putMatter(ctx: Ctx, input: PutInput): Promise<MatterView & { told: number }> {
  const caller = await requireStaff(ctx);
  const ids = [...new Set(input.villageIds)];
  const _ = ctx.db.command;
  const villages = await getAll(
    collection<Village>(ctx.db, 'villages')
      .where({ _id: _.in(ids) })
      .orderBy('_id', 'asc'),
  );
  const countyId = villages[0]?.countyId;
  // villages of a county the caller holds no grant in are not found, as they are not there for them
  if (!countyId || villages.length !== ids.length || !caller.user.grants.some((g) => g.countyId === countyId))
    throw invalid('villageIds', '找不到所选的村(社区)');
  if (villages.some((v) => v.countyId !== countyId || v.townshipId !== villages[0]!.townshipId))
    throw invalid('villageIds', '所选的村(社区)须属于同一个乡镇(街道)');
  const area = await areaIn(ctx, caller, countyId);
  if (!covers(area, villages)) throw forbidden('只能向本村(社区)或本乡镇(街道)的群众征求意见');
  const names = new Map(villages.map((v) => [v._id, v.name]));
  const _id = derivedId('mt', countyId, caller.openid, input.requestId);
  const put = await getById<Matter>(ctx.db, 'matters', _id);
  // a retry: the matter the first send put, and whoever that send had not told yet
  if (put) return { ...viewOf(ctx, put, names), told: await tellResidents(ctx, put, names) };
  const problem = puttingProblem(input, today(ctx));
  if (problem) throw invalid(problem.field, problem.message);
  const options = optionsOf(input);
  await requirePassedWords(ctx, caller.openid, [input.title, input.body, ...options], 'body', {
    message: '内容没有通过微信内容检查，请修改后再发布',
    hint: '请修改内容',
  });
  const now = ctx.clock.now();
  const matter: Matter = {
    _id,
    countyId,
    townshipId: villages[0]!.townshipId,
    villageIds: ids,
    title: input.title,
    body: input.body,
    kind: input.kind,
    mode: input.mode,
    options,
    opensOn: input.opensOn,
    closesOn: input.closesOn,
    threshold: { ...matterRulesFor(ctx.rules, countyId).threshold },
    putBy: caller.openid,
    putByName: caller.user.name,
    publisher: area.publisher,
    putAt: now,
    meeting: null,
    result: null,
    updatedAt: now,
    version: 1,
  };
  const { _id: _put, ...rest } = matter;
  checked(await collection(ctx.db, 'matters').doc(_id).set(rest));
  ctx.log.info('matter put', { matterId: _id, villages: ids.length });
  const told = await tellResidents(ctx, matter, names);
  return { ...viewOf(ctx, matter, names), told };
}

/** The id of a matter's result on the 公开栏: one per matter, however often it is written. */
export const resultNoticeId = (matterId: string) => derivedId('n', 'matter-result', matterId);

/**
 * A decided matter's result as a notice on the 公开栏 of its villages, kept there as its archive:
 * what was asked, how, the count per option, the turnout and the outcome — never who voted.
 */
function resultNotice(ctx: Ctx, m: Matter, names: ReadonlyMap<string, string>): Notice {
  const result = viewOf(ctx, m, names).result!;
  const where = m.villageIds.map((id) => names.get(id) ?? '').join('、');
  const how = m.meeting ? `${monthDay(m.meeting.date)}召开坝坝会表决` : `${monthDay(m.opensOn)}至${monthDay(m.closesOn)}网上投票`;
  const counts = result.counts.map((c) => `${c.option}${c.count}票`).join('，');
  return {
    _id: resultNoticeId(m._id),
    countyId: m.countyId,
    title: `表决结果：${m.title}`,
    body: `${where}群众就“${m.title}”于${how}。${counts}；${result.turnoutText}。结果：${result.text}。`,
    villageIds: [...m.villageIds],
    caseIds: [],
    publishedAt: m.result!.decidedAt,
    publisher: m.publisher,
    publishedBy: m.result!.decidedBy,
  };
}

/**
 * Decides a matter (its result, and for a meeting its record) as stored now, posting the result on
 * the 公开栏 in the same transaction; answers it as staff read it. Its villages never change once
 * put: their names are read once, for the notice and the answer.
 */
async function decideMatter(ctx: Ctx, matter: Matter, change: (fresh: Matter) => Partial<Pick<Matter, 'meeting' | 'result'>> | AppError): Promise<MatterView> {
  const names = await villageNames(ctx, matter.villageIds);
  const next = await changeVersioned<Matter, 'meeting' | 'result'>(ctx, 'matters', matter._id, WHAT, change, async (tx, decided) => {
    const { _id, ...notice } = resultNotice(ctx, decided, names);
    checked(await tx.collection('notices').doc(_id).set(notice));
  });
  return viewOf(ctx, next, names);
}

const votesOf = (ctx: Ctx, matterId: string) => getAll(collection<MatterVote>(ctx.db, 'matterVotes').where({ matterId }).orderBy('_id', 'asc'));

/** Once the window closed, the votes are counted and the result published on the boards. */
export async function closeMatter(ctx: Ctx, matterId: string): Promise<MatterView> {
  const { caller, matter } = await managedMatter(ctx, matterId);
  const problem = closeProblem({ ...matter, decided: matter.result !== null }, today(ctx));
  if (problem) throw new AppError('INVALID_STATE', problem);
  // the window is over: no vote comes in between this count and the write
  const counts = countVotes(matter.options.length, await votesOf(ctx, matterId));
  const now = ctx.clock.now();
  const decided = await decideMatter(ctx, matter, (fresh) => {
    const late = closeProblem({ ...fresh, decided: fresh.result !== null }, today(ctx));
    if (late) return new AppError('INVALID_STATE', late);
    const o = outcomeOf(fresh, counts);
    return { result: { counts: o.counts, cast: o.cast, passed: o.passed, chosen: o.chosen, decidedAt: now, decidedBy: caller.openid } };
  });
  ctx.log.info('matter decided', { matterId, by: 'vote' });
  return decided;
}

export interface MeetingInput extends MeetingRecord {
  matterId: string;
  place: string;
  minutes: string;
}

/** The chair records the meeting held in person (坝坝会): its counts decide the matter, published at once. */
export async function recordMeeting(ctx: Ctx, input: MeetingInput): Promise<MatterView> {
  const { caller, matter } = await managedMatter(ctx, input.matterId);
  const problem = meetingProblem({ ...matter, decided: matter.result !== null }, input, today(ctx));
  if (problem) throw invalid(problem.field, problem.message);
  await requirePassedWords(ctx, caller.openid, [input.place, input.minutes], 'minutes', {
    message: '会议记录没有通过微信内容检查，请修改后再提交',
    hint: '请修改会议记录',
  });
  const now = ctx.clock.now();
  const decided = await decideMatter(ctx, matter, (fresh) => {
    const late = meetingProblem({ ...fresh, decided: fresh.result !== null }, input, today(ctx));
    if (late) return new AppError('INVALID_STATE', late.message);
    const o = outcomeOf(fresh, input.counts);
    return {
      meeting: {
        date: input.date,
        place: input.place,
        attendance: input.attendance,
        counts: [...input.counts],
        minutes: input.minutes,
        chair: caller.openid,
        chairName: caller.user!.name,
        recordedAt: now,
      },
      result: { counts: o.counts, cast: o.cast, passed: o.passed, chosen: o.chosen, decidedAt: now, decidedBy: caller.openid },
    };
  });
  ctx.log.info('matter decided', { matterId: matter._id, by: 'meeting' });
  return decided;
}

/** The villages the caller may put a matter to (the form's choices), by township: one township's per matter. */
export async function matterVillages(ctx: Ctx): Promise<Array<{ id: string; name: string; townshipId: string; townshipName: string }>> {
  const caller = await requireStaff(ctx);
  const out: Array<{ id: string; name: string; townshipId: string; townshipName: string }> = [];
  for (const countyId of [...new Set(caller.user.grants.map((g) => g.countyId))]) {
    const area = await areaIn(ctx, caller, countyId);
    if (!area.county && !area.townshipIds.length && !area.villageIds.length) continue;
    const [villages, townships] = await Promise.all([
      getAll(collection<Village>(ctx.db, 'villages').where({ countyId }).orderBy('_id', 'asc')),
      getAll(collection<Township>(ctx.db, 'townships').where({ countyId }).orderBy('_id', 'asc')),
    ]);
    const names = new Map(townships.map((t) => [t._id, t.name]));
    for (const v of villages.filter((x) => covers(area, [x])))
      out.push({ id: v._id, name: v.name, townshipId: v.townshipId, townshipName: names.get(v.townshipId) ?? '' });
  }
  if (!out.length) throw forbidden(MAY_NOT);
  return out;
}

/** The archive: the matters of the caller's area (the office: its county; one village's with `villageId`), newest first. */
export async function areaMatters(ctx: Ctx, villageId?: string): Promise<MatterView[]> {
  const caller = await requireStaff(ctx);
  const counties = [...new Set(caller.user.grants.map((g) => g.countyId))];
  const out: Matter[] = [];
  for (const countyId of counties) {
    const area = await areaIn(ctx, caller, countyId);
    if (!area.county && !area.townshipIds.length && !area.villageIds.length) continue;
    const list = await getAll(
      collection<Matter>(ctx.db, 'matters')
        .where({ countyId, ...(villageId ? { villageIds: villageId } : {}) })
        .orderBy('putAt', 'desc'),
    );
    out.push(...list.filter((m) => touches(area, villagesOf(m))));
  }
  if (!out.length && !caller.user.grants.some((g) => g.role === 'office' || g.role === 'assigner' || g.role === 'handler')) throw forbidden(MAY_NOT);
  return views(ctx, out);
}

/** One matter for staff of its area, with the count so far while it is open (counts only: never who voted). */
export async function matterDetail(ctx: Ctx, matterId: string): Promise<MatterView & { counted: Array<{ option: string; count: number }>; cast: number }> {
  const { matter } = await managedMatter(ctx, matterId);
  const counts = matter.result?.counts ?? countVotes(matter.options.length, await votesOf(ctx, matterId));
  return {
    ...(await views(ctx, [matter]))[0]!,
    counted: matter.options.map((option, i) => ({ option, count: counts[i] ?? 0 })),
    cast: counts.reduce((s, n) => s + n, 0),
  };
}

export interface BoardMatter extends MatterView {
  /** while the vote is open: what to do; for a meeting, when it is held */
  howTo: string | null;
  /** whether the caller already voted (false for an anonymous look) */
  voted: boolean;
}

/** What a village's board (公开栏) shows of matters: those not decided yet, with how to take part, and the latest decided with result and turnout. */
export async function boardMatters(ctx: Ctx, villageId: string): Promise<BoardMatter[]> {
  const all = await getAll(collection<Matter>(ctx.db, 'matters').where({ villageIds: villageId }).orderBy('putAt', 'desc'));
  const shown = [...all.filter((m) => !m.result), ...all.filter((m) => m.result).slice(0, BOARD_DECIDED)];
  const openid = ctx.caller?.openid;
  return Promise.all(
    (await views(ctx, shown)).map(async (v) => ({
      ...v,
      howTo: v.phase === 'decided' || v.phase === 'closed' ? null : v.mode === 'vote' ? howToVote(v.closesOn) : howToMeet(v.opensOn, v.closesOn),
      voted: openid && v.mode === 'vote' ? await hasVoted(ctx.db, 'matterVotes', ballotIds(ctx, 'matter', v.id, openid)) : false,
    })),
  );
}

/** A village's matters as its board shows them (public, like the board). */
export async function matterBoard(ctx: Ctx, villageId: string): Promise<{ village: string; matters: BoardMatter[] }> {
  const village = await getById<Village>(ctx.db, 'villages', villageId);
  if (!village) throw notFound('村(社区)');
  return { village: village.name, matters: await boardMatters(ctx, villageId) };
}

export interface MatterVoteInput {
  matterId: string;
  /** the board the resident opened */
  villageId: string;
  option: number;
}

/** A resident's vote from the board of one of the matter's villages, inside the window, once per WeChat identity. */
export async function voteOnMatter(ctx: Ctx, input: MatterVoteInput): Promise<{ matterId: string; option: string; message: string }> {
  const openid = requireOpenid(ctx);
  const m = await getById<Matter>(ctx.db, 'matters', input.matterId);
  if (!m) throw notFound(WHAT);
  const ids = ballotIds(ctx, 'matter', m._id, openid);
  const problem = (fresh: Matter, voted: boolean) =>
    voteProblem({ ...fresh, decided: fresh.result !== null }, { villageId: input.villageId, option: input.option, voted }, today(ctx));
  // an option the matter does not have is bad input, whatever the matter's state
  if (!Number.isInteger(input.option) || input.option < 0 || input.option >= m.options.length) throw invalid('option', '请选择一个选项');
  const before = problem(m, await hasVoted(ctx.db, 'matterVotes', ids));
  if (before) throw new AppError('INVALID_STATE', before);
  const vote: Omit<MatterVote, '_id'> = { matterId: m._id, countyId: m.countyId, villageId: input.villageId, option: input.option };
  await castBallot<Matter>(ctx, {
    subjects: 'matters',
    votes: 'matterVotes',
    subjectId: m._id,
    ids,
    vote: { ...vote },
    refusal: (fresh, voted) => (fresh ? problem(fresh, voted) : '投票已经结束了'),
  });
  return { matterId: m._id, option: m.options[input.option]!, message: '投票已提交，谢谢您' };
}
