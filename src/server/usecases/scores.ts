/**
 * 百分制: each representative's yearly score under the county's published scoring table
 * (src/domain/scoring.ts), from the same data as everything else — their records (reception days,
 * visits, cases followed to the end, satisfaction, group activities), the proposals they made and
 * had adopted, the briefings they acknowledged, their published 述职评议 — and the office's manual
 * adjustments, each with its reason. The office reads all, ranked, with the 优秀 line; a
 * representative reads their own.
 */
import { randomBytes } from 'node:crypto';
import { scoringFor } from '../../../config/rules';
import type { Proposal, Representative, ScoreAdjustment } from '../../../types/domain';
import { endOfShanghaiDay, startOfShanghaiDay } from '../../domain/calendar';
import { ANSWERED_PROPOSAL } from '../../domain/proposals';
import { ranked, scoreFacts, scoringProblem, yearScore, type ScoringRules, type ScoreRule, type YearScore } from '../../domain/scoring';
import type { RepresentativeRecord } from '../../domain/statistics';
import type { Ctx } from '../ctx';
import { AppError, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById } from '../store';
import { briefingsAcknowledged } from './briefings';
import { evaluationSatisfaction } from './evaluations';
import { requireOffice } from './office';
import { callerRepresentative } from './people';
import { recordsIn } from './reception';
import type { ReportSheet } from './exports';

export interface ScoreRow {
  representativeId: string;
  name: string;
  score: YearScore;
  adjustments: Array<Pick<ScoreAdjustment, 'points' | 'reason' | 'byName' | 'at'>>;
}

export interface CountyScores {
  year: number;
  excellent: number;
  rules: ScoreRule[];
  rows: Array<ScoreRow & { rank: number }>;
}

export const yearDays = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** The proposals each representative made in the year (submitted, not withdrawn), and of those adopted (answered A). */
async function proposalCounts(ctx: Ctx, countyId: string, year: number): Promise<Map<string, { made: number; adopted: number }>> {
  const _ = ctx.db.command;
  const { from, to } = yearDays(year);
  const proposals = await getAll(
    collection<Proposal>(ctx.db, 'proposals')
      .where({ countyId, submittedAt: _.and(_.gte(startOfShanghaiDay(from)), _.lte(endOfShanghaiDay(to))) })
      .orderBy('_id', 'asc')
      .field({ proposerId: true, status: true, reply: true }),
  );
  const out = new Map<string, { made: number; adopted: number }>();
  for (const p of proposals) {
    if (p.status === 'withdrawn') continue;
    const n = out.get(p.proposerId) ?? { made: 0, adopted: 0 };
    n.made++;
    if (ANSWERED_PROPOSAL.includes(p.status) && p.reply?.replyClass === 'A') n.adopted++;
    out.set(p.proposerId, n);
  }
  return out;
}

/** A county's scoring table, checked: a table that does not add up is refused in words rather than ranking anyone by it. */
function countyScoring(ctx: Ctx, countyId: string): ScoringRules {
  const scoring = scoringFor(ctx.rules, countyId);
  const problem = scoringProblem(scoring);
  if (problem) throw new AppError('INVALID_STATE', `本县的百分制评分细则有误（${problem}），请联系系统管理员改正`);
  return scoring;
}

/** The year's scores of a county's representatives, or of one of them, best first. */
export async function scoresIn(
  ctx: Ctx,
  countyId: string,
  year: number,
  { representativeId, records: known }: { representativeId?: string; records?: readonly RepresentativeRecord[] } = {},
): Promise<CountyScores> {
  const scoring = countyScoring(ctx, countyId);
  const period = yearDays(year);
  const [records, proposals, briefings, evaluations, adjustments] = await Promise.all([
    known ?? recordsIn(ctx, countyId, period, representativeId).then((r) => r.records),
    proposalCounts(ctx, countyId, year),
    briefingsAcknowledged(ctx, countyId, period),
    evaluationSatisfaction(ctx, countyId, year),
    getAll(
      collection<ScoreAdjustment>(ctx.db, 'scoreAdjustments')
        .where({ countyId, year, ...(representativeId ? { representativeId } : {}) })
        .orderBy('at', 'asc'),
    ),
  ]);
  const rows = records.map((record): ScoreRow => {
    const id = record.representativeId;
    const own = adjustments.filter((a) => a.representativeId === id);
    const evidence = {
      record,
      proposals: proposals.get(id)?.made ?? 0,
      adopted: proposals.get(id)?.adopted ?? 0,
      briefings: briefings[id] ?? 0,
      evaluation: evaluations.get(id) ?? null,
      adjustments: own,
    };
    return {
      representativeId: id,
      name: record.name,
      score: yearScore(scoring, scoreFacts(evidence)),
      adjustments: own.map(({ points, reason, byName, at }) => ({ points, reason, byName, at })),
    };
  });
  return { year, excellent: scoring.excellent, rules: scoring.rules, rows: ranked(rows) };
}

/** The office's 百分制: every representative of its county for the year, ranked, with the 优秀 line. */
export async function countyScores(ctx: Ctx, year: number): Promise<CountyScores> {
  const { office } = await requireOffice(ctx);
  return scoresIn(ctx, office.countyId, year);
}

/** A representative's own score for the year, with its breakdown (not the others', nor their place among them). */
export async function myScore(ctx: Ctx, year: number): Promise<Omit<CountyScores, 'rows'> & { row: ScoreRow }> {
  const { rep } = await callerRepresentative(ctx, '只有党代表可以查看自己的百分制得分');
  const { rows, ...rest } = await scoresIn(ctx, rep.countyId, year, { representativeId: rep._id });
  const { rank: _rank, ...row } = rows[0]!;
  return { ...rest, row };
}

export interface AdjustInput {
  representativeId: string;
  year: number;
  points: number;
  reason: string;
}

/** 办公室加减分: a manual item for a representative of the county, within the table's cap either way, with its reason. */
export async function adjustScore(ctx: Ctx, input: AdjustInput): Promise<ScoreAdjustment> {
  const { caller, office } = await requireOffice(ctx);
  const rep = await getById<Representative>(ctx.db, 'representatives', input.representativeId);
  if (!rep || rep.countyId !== office.countyId) throw notFound('党代表');
  const manual = countyScoring(ctx, office.countyId).rules.find((r) => r.kind === 'manual');
  if (!manual) throw invalid('points', '本县的评分细则没有办公室加减分一项');
  if (input.points === 0 || Math.abs(input.points) > manual.cap) throw invalid('points', `加减分应在-${manual.cap}到${manual.cap}分之间，且不为0`);
  const adjustment: ScoreAdjustment = {
    _id: `s${randomBytes(10).toString('hex')}`,
    countyId: office.countyId,
    representativeId: rep._id,
    year: input.year,
    points: Math.round(input.points * 10) / 10,
    reason: input.reason,
    by: caller.openid,
    byName: caller.user.name,
    at: ctx.clock.now(),
  };
  const { _id, ...rest } = adjustment;
  checked(await collection(ctx.db, 'scoreAdjustments').doc(_id).set(rest));
  return adjustment;
}

/** The records workbook's 百分制 sheet: the year's scores, ranked, each item's points, the total and 优秀. */
export function scoreSheet(scores: CountyScores): ReportSheet {
  return {
    name: `${scores.year}年百分制`,
    columns: ['名次', '党代表', ...scores.rules.map((r) => `${r.name}（${r.cap}分）`), '总分', `优秀（${scores.excellent}分以上）`],
    rows: scores.rows.map((r) => [r.rank, r.name, ...r.score.lines.map((l) => l.points), r.score.total, r.score.excellent ? '优秀' : null]),
  };
}
