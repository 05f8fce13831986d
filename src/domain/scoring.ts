/**
 * 百分制: each representative's yearly score under the county's published scoring rules. The rules
 * are data (items, points, caps and the evidence each counts); the score is a pure function of them
 * and of the year's facts, with its breakdown, so the representative and the office read the same
 * sum the same way.
 */

export const SCORE_ITEMS = [
  'receptions', // 接待日出勤（人次）
  'visits', // 走访
  'followed', // 跟踪到底的诉求（已评价）
  'satisfaction', // 所联系诉求的满意率
  'proposals', // 提出的提案、提议
  'adopted', // 被采纳（答复为 A 类）的
  'briefings', // 阅读的重大事项通报
  'activities', // 活动小组的活动
  'evaluation', // 述职评议中群众的满意率
  'manual', // 办公室加减分，各有理由
  'absences', // 督查缺岗（扣分）: only a county whose table has the item deducts for it
] as const;
export type ScoreItem = (typeof SCORE_ITEMS)[number];

export interface ScoreRule {
  item: ScoreItem;
  /** what the rules call it */
  name: string;
  /**
   * `count`: `points` for each piece of evidence; `rate`: `cap` times a share (satisfaction,
   * evaluation); `manual`: the office's adjustments as given; `deduction`: `points` taken off for
   * each piece of evidence (督查缺岗), at most `cap` in all
   */
  kind: 'count' | 'rate' | 'manual' | 'deduction';
  points: number;
  /** the most this item gives (a manual item takes off at most this much too) */
  cap: number;
}

export interface ScoringRules {
  rules: ScoreRule[];
  /** 优秀: a score at or above this line */
  excellent: number;
}

/** What a representative's year gives each item: counts, shares as rates, the office's adjustments. */
export interface ScoreFacts {
  counts: Partial<Record<ScoreItem, number>>;
  /** percent, or null when there is nothing to divide (no points then) */
  rates: Partial<Record<ScoreItem, number | null>>;
  adjustments: ReadonlyArray<{ points: number; reason: string }>;
}

export interface ScoreLine {
  item: ScoreItem;
  name: string;
  /** the count, the percent, or the sum of adjustments it was worked out from */
  evidence: number | null;
  points: number;
  cap: number;
}

export interface YearScore {
  total: number;
  lines: ScoreLine[];
  excellent: boolean;
}

const tenth = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

function linePoints(rule: ScoreRule, facts: ScoreFacts): Pick<ScoreLine, 'evidence' | 'points'> {
  switch (rule.kind) {
    case 'count': {
      const n = facts.counts[rule.item] ?? 0;
      return { evidence: n, points: Math.min(rule.cap, n * rule.points) };
    }
    case 'rate': {
      const percent = facts.rates[rule.item] ?? null;
      return { evidence: percent, points: percent === null ? 0 : (rule.cap * clamp(percent, 0, 100)) / 100 };
    }
    case 'deduction': {
      const n = facts.counts[rule.item] ?? 0;
      return { evidence: n, points: -Math.min(rule.cap, n * rule.points) };
    }
    case 'manual': {
      const sum = facts.adjustments.reduce((s, a) => s + a.points, 0);
      return { evidence: sum, points: clamp(sum, -rule.cap, rule.cap) };
    }
  }
}

/** A year's score: each rule's points within its cap, to one decimal, the total within 0–100. */
export function yearScore(scoring: ScoringRules, facts: ScoreFacts): YearScore {
  const lines = scoring.rules.map((rule) => {
    const { evidence, points } = linePoints(rule, facts);
    return { item: rule.item, name: rule.name, evidence, points: tenth(points), cap: rule.cap };
  });
  const total = tenth(
    clamp(
      lines.reduce((s, l) => s + l.points, 0),
      0,
      100,
    ),
  );
  return { total, lines, excellent: total >= scoring.excellent };
}

/** Representatives by score, best first (then by name); equal scores share a place (1, 2, 2, 4). */
export function ranked<T extends { name: string; score: YearScore }>(rows: readonly T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort((a, b) => b.score.total - a.score.total || a.name.localeCompare(b.name, 'zh'));
  return sorted.map((row) => ({ ...row, rank: 1 + sorted.filter((r) => r.score.total > row.score.total).length }));
}

/** Why a scoring table cannot be published, or null: caps (of the items that give points) that add up to 100, no item twice, positive points. */
export function scoringProblem(scoring: ScoringRules): string | null {
  const items = scoring.rules.map((r) => r.item);
  const twice = items.find((item, i) => items.indexOf(item) !== i);
  if (twice) return `评分项目重复：${scoring.rules.find((r) => r.item === twice)!.name}`;
  if (scoring.rules.some((r) => r.points < 0 || r.cap <= 0 || (r.kind === 'count' && r.points === 0))) return '每项的分值和上限都要大于0';
  const total = scoring.rules.filter((r) => r.kind !== 'manual' && r.kind !== 'deduction').reduce((s, r) => s + r.cap, 0);
  if (total !== 100) return `各项上限加起来应为100分，现在是${total}分`;
  if (scoring.excellent <= 0 || scoring.excellent > 100) return '优秀分数线应在1到100分之间';
  return null;
}

/** What a representative's year holds, as the records, the proposals, the briefings, the evaluation and the office give it. */
export interface YearEvidence {
  /** their records for the year: reception days and visits (人次), cases followed to the end, satisfaction, group activities */
  record: { attendances: number; visits: number; closed: number; satisfaction: { percent: number | null }; groupActivities: number; absent: number };
  /** proposals they made (submitted in the year, not withdrawn), and of those answered A (adopted) */
  proposals: number;
  adopted: number;
  /** briefings they acknowledged reading */
  briefings: number;
  /** the residents' satisfaction in their published 述职评议, percent, or null */
  evaluation: number | null;
  adjustments: ReadonlyArray<{ points: number; reason: string }>;
}

/** The facts each score item counts, from a year's evidence. */
export function scoreFacts(e: YearEvidence): ScoreFacts {
  return {
    counts: {
      receptions: e.record.attendances - e.record.visits,
      visits: e.record.visits,
      followed: e.record.closed,
      proposals: e.proposals,
      adopted: e.adopted,
      briefings: e.briefings,
      activities: e.record.groupActivities,
      absences: e.record.absent,
    },
    rates: { satisfaction: e.record.satisfaction.percent, evaluation: e.evaluation },
    adjustments: e.adjustments,
  };
}
