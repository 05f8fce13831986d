/**
 * 述职评议 by residents: the county office opens an evaluation of one of its representatives; the
 * representative writes their 述职报告, published with their record's figures on the boards (公示牌)
 * of their villages; residents who open one of those boards rate it 满意 / 基本满意 / 不满意 inside
 * the voting window, once per WeChat identity; once voting closes the office publishes the tally,
 * which the boards then show and which feeds the 百分制 item `evaluation`. Nobody is ever shown
 * who voted: a vote is stored under a hash of the voter's openid, and read only as counts and
 * comments.
 */
import type { Evaluation, EvaluationVote, Rating, Representative, Village } from '../../../types/domain';
import { RATINGS } from '../../../types/domain';
import { shanghaiDate } from '../../domain/calendar';
import {
  combinedSatisfaction,
  figureLines,
  howToVote,
  openingProblem,
  phaseOf,
  PHASE_TEXT,
  publishProblem,
  reportProblem,
  tally,
  tallyView,
  voteProblem,
  type EvaluationPhase,
  type Opening,
  type TallyView,
} from '../../domain/evaluation';
import { RATING_TEXT } from '../../domain/labels';
import type { Ctx } from '../ctx';
import { AppError, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById } from '../store';
import { ballotIds, castBallot, hasVoted } from './ballots';
import { requirePassedWords } from './moderation';
import { requireOffice } from './office';
import { callerRepresentative, requireOpenid, requireStaff } from './people';
import { recordsIn } from './reception';
import { changeVersioned } from './versioned';

export type { TallyView };

const WHAT = '述职评议';

export interface EvaluationView {
  id: string;
  name: string;
  representative: { id: string; name: string };
  period: { from: string; to: string };
  opensOn: string;
  closesOn: string;
  villages: Array<{ id: string; name: string }>;
  phase: EvaluationPhase;
  phaseText: string;
  /** the 述职报告: the text, and the figures as printed (label, value) and as numbers */
  report: { text: string; figures: Array<{ label: string; value: string }>; submittedOn: string } | null;
  /** the published result, once the office published it */
  result: (TallyView & { publishedOn: string }) | null;
  openedByName: string;
  openedOn: string;
}

const today = (ctx: Ctx) => shanghaiDate(ctx.clock.now());
const phase = (ctx: Ctx, e: Evaluation) => phaseOf({ ...e, published: e.result !== null }, today(ctx));

function viewOf(ctx: Ctx, e: Evaluation, villages: ReadonlyMap<string, string>): EvaluationView {
  const p = phase(ctx, e);
  return {
    id: e._id,
    name: e.name,
    representative: { id: e.representativeId, name: e.representativeName },
    period: e.period,
    opensOn: e.opensOn,
    closesOn: e.closesOn,
    villages: e.villageIds.map((id) => ({ id, name: villages.get(id) ?? '' })),
    phase: p,
    phaseText: PHASE_TEXT[p],
    report: e.report && { text: e.report.text, figures: figureLines(e.report.figures), submittedOn: shanghaiDate(e.report.submittedAt) },
    result: e.result && { ...tallyView(e.result), publishedOn: shanghaiDate(e.result.publishedAt) },
    openedByName: e.openedByName,
    openedOn: shanghaiDate(e.openedAt),
  };
}

/** The names of the villages the evaluations were opened for. */
async function villageNames(ctx: Ctx, evaluations: readonly Evaluation[]): Promise<Map<string, string>> {
  const ids = [...new Set(evaluations.flatMap((e) => e.villageIds))];
  if (ids.length === 0) return new Map();
  const _ = ctx.db.command;
  const villages = await getAll(
    collection<Village>(ctx.db, 'villages')
      .where({ _id: _.in(ids) })
      .orderBy('_id', 'asc')
      .field({ name: true }),
  );
  return new Map(villages.map((v) => [v._id, v.name]));
}

const views = async (ctx: Ctx, evaluations: readonly Evaluation[]) => {
  const names = await villageNames(ctx, evaluations);
  return evaluations.map((e) => viewOf(ctx, e, names));
};

const votesOf = (ctx: Ctx, evaluationId: string) => getAll(collection<EvaluationVote>(ctx.db, 'evaluationVotes').where({ evaluationId }).orderBy('_id', 'asc'));

export interface OpenInput extends Opening {
  representativeId: string;
  name: string;
}

/**
 * The office opens an evaluation of one of its county's representatives, for the villages they
 * link to today. One at a time: a representative's next opens once the last one's result is published.
 */
export async function openEvaluation(ctx: Ctx, input: OpenInput): Promise<EvaluationView> {
  const { caller, office } = await requireOffice(ctx);
  const rep = await getById<Representative>(ctx.db, 'representatives', input.representativeId);
  if (!rep || rep.countyId !== office.countyId) throw notFound('党代表');
  if (!rep.active) throw new AppError('INVALID_STATE', `${rep.name}已不再担任党代表`);
  const problem = openingProblem(input, today(ctx));
  if (problem) throw invalid(problem.field, problem.message);
  const { data } = checked(
    await collection<Evaluation>(ctx.db, 'evaluations').where({ countyId: office.countyId, representativeId: rep._id }).orderBy('seq', 'desc').limit(1).get(),
  );
  const last = data[0];
  if (last && !last.result) throw new AppError('INVALID_STATE', `${rep.name}的「${last.name}」还没有公布结果，同一位代表一次只能进行一项述职评议`);
  const now = ctx.clock.now();
  const seq = (last?.seq ?? 0) + 1;
  const evaluation: Evaluation = {
    _id: `${rep._id}:e${seq}`,
    countyId: office.countyId,
    representativeId: rep._id,
    representativeName: rep.name,
    seq,
    name: input.name,
    period: { from: input.from, to: input.to },
    opensOn: input.opensOn,
    closesOn: input.closesOn,
    villageIds: [...rep.villageIds],
    report: null,
    result: null,
    openedBy: caller.openid,
    openedByName: caller.user.name,
    openedAt: now,
    updatedAt: now,
    version: 1,
  };
  const { _id, ...rest } = evaluation;
  const clash = await ctx.db.runTransaction(async (tx) => {
    if (checked(await tx.collection('evaluations').doc(_id).get()).data) return true;
    checked(await tx.collection('evaluations').doc(_id).set(rest));
    return false;
  });
  if (clash) throw new AppError('CONFLICT', `刚才已有人为${rep.name}开始了述职评议，请刷新后查看`);
  ctx.log.info('evaluation opened', { evaluationId: _id });
  return (await views(ctx, [evaluation]))[0]!;
}

/** The office's list: its county's evaluations (one representative's, for their file), newest first, with the running tallies. */
export async function countyEvaluations(ctx: Ctx, representativeId?: string): Promise<Array<EvaluationView & { tally: TallyView | null }>> {
  const { office } = await requireOffice(ctx);
  const list = await getAll(
    collection<Evaluation>(ctx.db, 'evaluations')
      .where({ countyId: office.countyId, ...(representativeId ? { representativeId } : {}) })
      .orderBy('openedAt', 'desc'),
  );
  const shown = await views(ctx, list);
  return Promise.all(shown.map(async (v) => ({ ...v, tally: v.result ?? (v.phase === 'upcoming' ? null : tallyView(tally(await votesOf(ctx, v.id)))) })));
}

export interface EvaluationDetail extends EvaluationView {
  /** the counts so far for the office; for the representative, the published result alone */
  tally: TallyView | null;
  /** residents' comments, with their rating and village, never who wrote them */
  comments: Array<{ rating: Rating; ratingText: string; comment: string; villageName: string }>;
}

/** One evaluation, for its county's office (running tally and comments) or its representative (once published). */
export async function evaluationDetail(ctx: Ctx, evaluationId: string): Promise<EvaluationDetail> {
  const caller = await requireStaff(ctx);
  const e = await getById<Evaluation>(ctx.db, 'evaluations', evaluationId);
  if (!e) throw notFound(WHAT);
  const grants = caller.user.grants.filter((g) => g.countyId === e.countyId);
  const isOffice = grants.some((g) => g.role === 'office');
  if (!isOffice && !grants.some((g) => g.role === 'representative' && g.representativeId === e.representativeId)) throw notFound(WHAT);
  const [view] = await views(ctx, [e]);
  const seesVotes = isOffice || e.result !== null;
  const votes = seesVotes && view!.phase !== 'upcoming' ? await votesOf(ctx, e._id) : [];
  const names = votes.length ? await villageNames(ctx, [e]) : new Map<string, string>();
  return {
    ...view!,
    tally: seesVotes && view!.phase !== 'upcoming' ? tallyView(tally(votes)) : null,
    comments: votes
      .filter((v) => v.comment)
      .sort((a, b) => RATINGS.indexOf(a.rating) - RATINGS.indexOf(b.rating) || a._id.localeCompare(b._id))
      .map((v) => ({ rating: v.rating, ratingText: RATING_TEXT[v.rating], comment: v.comment!, villageName: names.get(v.villageId) ?? '' })),
  };
}

/** One change to an evaluation, decided on it as stored now, in a transaction: the changed fields, or why not. */
const changeEvaluation = (ctx: Ctx, evaluationId: string, change: (fresh: Evaluation) => Partial<Pick<Evaluation, 'report' | 'result'>> | AppError) =>
  changeVersioned<Evaluation, 'report' | 'result'>(ctx, 'evaluations', evaluationId, WHAT, change);

/**
 * The representative writes their 述职报告 until voting closes. Its figures are their record for
 * the evaluation's period as the office's records count it, taken each time the text is submitted:
 * what residents read is what the representative sent, figures and words together.
 */
export async function writeReport(ctx: Ctx, evaluationId: string, text: string): Promise<EvaluationView> {
  const { caller, rep } = await callerRepresentative(ctx, '只有党代表可以写述职报告');
  const e = await getById<Evaluation>(ctx.db, 'evaluations', evaluationId);
  if (!e || e.countyId !== rep.countyId || e.representativeId !== rep._id) throw notFound(WHAT);
  const problem = reportProblem(phase(ctx, e), e.voted ?? false);
  if (problem) throw new AppError('INVALID_STATE', problem);
  await requirePassedWords(ctx, caller.openid, [text], 'text', { message: '述职报告没有通过微信的内容安全检查，请修改后再提交' });
  const { records } = await recordsIn(ctx, rep.countyId, e.period, rep._id);
  const { representativeId: _r, name: _n, ...figures } = records[0]!;
  const now = ctx.clock.now();
  const next = await changeEvaluation(ctx, evaluationId, (fresh) => {
    const late = reportProblem(phase(ctx, fresh), fresh.voted ?? false);
    return late ? new AppError('INVALID_STATE', late) : { report: { text, figures, submittedAt: now } };
  });
  return (await views(ctx, [next]))[0]!;
}

/** A representative's own evaluations (their 履职档案), newest first, with the published results. */
export async function myEvaluations(ctx: Ctx): Promise<EvaluationView[]> {
  const { rep } = await callerRepresentative(ctx, '只有党代表可以查看自己的述职评议');
  return views(
    ctx,
    await getAll(collection<Evaluation>(ctx.db, 'evaluations').where({ countyId: rep.countyId, representativeId: rep._id }).orderBy('seq', 'desc')),
  );
}

/** Once voting closed, the office publishes the tally: the boards show it, and the 百分制 counts it. */
export async function publishResult(ctx: Ctx, evaluationId: string): Promise<EvaluationView> {
  const { caller, office } = await requireOffice(ctx);
  const e = await getById<Evaluation>(ctx.db, 'evaluations', evaluationId);
  if (!e || e.countyId !== office.countyId) throw notFound(WHAT);
  const problem = publishProblem(phase(ctx, e), e.closesOn);
  if (problem) throw new AppError('INVALID_STATE', problem);
  // voting is over: no vote can come in between this count and the write
  const counts = tally(await votesOf(ctx, evaluationId));
  const now = ctx.clock.now();
  const next = await changeEvaluation(ctx, evaluationId, (fresh) =>
    fresh.result
      ? new AppError('INVALID_STATE', publishProblem('published', fresh.closesOn)!)
      : {
          result: {
            satisfied: counts.satisfied,
            basic: counts.basic,
            dissatisfied: counts.dissatisfied,
            publishedAt: now,
            publishedBy: caller.openid,
            publishedByName: caller.user.name,
          },
        },
  );
  ctx.log.info('evaluation published', { evaluationId, votes: counts.satisfaction.denominator });
  return (await views(ctx, [next]))[0]!;
}

/** Where a vote is kept: one id per WeChat identity and evaluation, from which the identity cannot be read back. */
const voteIds = (ctx: Ctx, evaluationId: string, openid: string) => ballotIds(ctx, 'evaluation', evaluationId, openid);

export interface BoardEvaluation extends EvaluationView {
  /** while voting is open: what to do, and the choices */
  howToVote: string | null;
  ratings: Array<{ rating: Rating; text: string }>;
  /** whether the caller already voted (false for an anonymous look) */
  voted: boolean;
}

/**
 * What a village's board (公示牌) shows of 述职评议: each evaluation of its representatives open for
 * voting, with the report and how to vote, and each representative's latest published result.
 */
export async function boardEvaluations(ctx: Ctx, villageId: string): Promise<BoardEvaluation[]> {
  const all = await getAll(collection<Evaluation>(ctx.db, 'evaluations').where({ villageIds: villageId }).orderBy('_id', 'asc'));
  const latestPublished = new Map<string, Evaluation>();
  for (const e of all) {
    const seen = latestPublished.get(e.representativeId);
    if (e.result && (!seen || seen.seq < e.seq)) latestPublished.set(e.representativeId, e);
  }
  const shown = [...all.filter((e) => phase(ctx, e) === 'open'), ...[...latestPublished.values()].sort((a, b) => b.closesOn.localeCompare(a.closesOn))];
  const openid = ctx.caller?.openid;
  return Promise.all(
    (await views(ctx, shown)).map(async (v) => ({
      ...v,
      howToVote: v.phase === 'open' ? howToVote(v.closesOn) : null,
      ratings: v.phase === 'open' ? RATINGS.map((rating) => ({ rating, text: RATING_TEXT[rating] })) : [],
      voted: openid ? await hasVoted(ctx.db, 'evaluationVotes', voteIds(ctx, v.id, openid)) : false,
    })),
  );
}

export interface VoteInput {
  evaluationId: string;
  /** the board the resident opened */
  villageId: string;
  rating: Rating;
  comment?: string;
}

/**
 * A resident's vote through the board of one of the representative's villages, inside the window,
 * once per WeChat identity: the vote's id is made from the identity, so of two sent at once one is
 * written. A comment passes the content check first; one that does not is refused, and nothing is written.
 */
export async function castVote(ctx: Ctx, input: VoteInput): Promise<{ evaluationId: string; rating: Rating; ratingText: string; message: string }> {
  const openid = requireOpenid(ctx);
  const e = await getById<Evaluation>(ctx.db, 'evaluations', input.evaluationId);
  if (!e) throw notFound(WHAT);
  const ids = voteIds(ctx, e._id, openid);
  const problem = (e: Evaluation, voted: boolean) =>
    e.result ? '评议已经结束了' : voteProblem({ ...e, reported: e.report !== null }, { villageId: input.villageId, voted }, today(ctx));
  const before = problem(e, await hasVoted(ctx.db, 'evaluationVotes', ids));
  if (before) throw new AppError('INVALID_STATE', before);
  const comment = input.comment?.trim() || null;
  if (comment)
    await requirePassedWords(ctx, openid, [comment], 'comment', {
      message: '意见没有通过微信的内容安全检查，请修改后再提交',
      hint: '请修改意见',
      scene: 'comment',
    });
  const vote: Omit<EvaluationVote, '_id'> = { evaluationId: e._id, countyId: e.countyId, villageId: input.villageId, rating: input.rating, comment };
  await castBallot<Evaluation>(ctx, {
    subjects: 'evaluations',
    votes: 'evaluationVotes',
    subjectId: e._id,
    ids,
    vote,
    // the evaluation as it stands: its report is the one voted on, and the first vote keeps it so
    refusal: (fresh, voted) => (fresh ? problem(fresh, voted) : '评议已经结束了'),
    change: (fresh) => (fresh.voted ? null : { voted: true }),
  });
  return { evaluationId: e._id, rating: input.rating, ratingText: RATING_TEXT[input.rating], message: '评议已提交，谢谢您' };
}

/**
 * 百分制's `evaluation` item for a county's year: each representative's satisfaction percent over
 * their published evaluations whose period ends in that year (null when nobody voted). A
 * representative with no published evaluation that year is absent.
 */
export async function evaluationSatisfaction(ctx: Ctx, countyId: string, year: number): Promise<Map<string, number | null>> {
  const _ = ctx.db.command;
  const evaluations = await getAll(
    collection<Evaluation>(ctx.db, 'evaluations')
      .where({ countyId, 'period.to': _.and(_.gte(`${year}-01-01`), _.lte(`${year}-12-31`)) })
      .orderBy('_id', 'asc'),
  );
  const byRep = new Map<string, Array<NonNullable<Evaluation['result']>>>();
  for (const e of evaluations) if (e.result) byRep.set(e.representativeId, [...(byRep.get(e.representativeId) ?? []), e.result]);
  return new Map([...byRep].map(([id, results]) => [id, combinedSatisfaction(results).percent]));
}
