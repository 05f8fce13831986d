/**
 * 述职评议 by residents: the office opens an evaluation of one representative for a period; their
 * report is published on the boards of their villages, and residents of those villages rate it
 * within the window, one vote per WeChat identity. Pure: who may vote now, and the tally.
 */
import { RATINGS, type Rating } from '../../types/domain';
import { monthDay, percentText, RATING_TEXT } from './labels';
import { rate, RECORD_FIGURES, type Rate, type RecordFigures } from './statistics';

export interface EvaluationWindow {
  /** first and last day of voting, YYYY-MM-DD (Asia/Shanghai), both included */
  opensOn: string;
  closesOn: string;
  /** the representative's villages: their residents vote */
  villageIds: readonly string[];
  /** the representative has written their report: there is something to vote on */
  reported: boolean;
}

/** Why this resident may not vote now, in words, or null. */
export function voteProblem(w: EvaluationWindow, voter: { villageId: string | null; voted: boolean }, today: string): string | null {
  if (today < w.opensOn) return `评议${monthDay(w.opensOn)}开始，请到时再来`;
  if (today > w.closesOn) return '评议已经结束了';
  if (!w.reported) return '代表还没有提交述职报告，请过几天再来评议';
  if (!voter.villageId || !w.villageIds.includes(voter.villageId)) return '只有这位代表所联系村(社区)的群众可以评议';
  if (voter.voted) return '您已经评议过了，每人一次';
  return null;
}

export interface Tally {
  satisfied: number;
  basic: number;
  dissatisfied: number;
  /** 满意 and 基本满意, of all votes */
  satisfaction: Rate;
}

export function tally(votes: Iterable<{ rating: Rating }>): Tally {
  const t = { satisfied: 0, basic: 0, dissatisfied: 0 };
  for (const v of votes) t[v.rating]++;
  return { ...t, satisfaction: rate(t.satisfied + t.basic, t.satisfied + t.basic + t.dissatisfied) };
}

/** Where an evaluation stands on a day: before voting, voting, voted and waiting for the office, published. */
export const EVALUATION_PHASES = ['upcoming', 'open', 'closed', 'published'] as const;
export type EvaluationPhase = (typeof EVALUATION_PHASES)[number];

export const PHASE_TEXT: Record<EvaluationPhase, string> = { upcoming: '未开始', open: '评议中', closed: '已结束，待公布结果', published: '已公布结果' };

export function phaseOf(e: Pick<EvaluationWindow, 'opensOn' | 'closesOn'> & { published: boolean }, today: string): EvaluationPhase {
  if (e.published) return 'published';
  if (today < e.opensOn) return 'upcoming';
  return today > e.closesOn ? 'closed' : 'open';
}

export interface Opening {
  /** the days the report's figures cover */
  from: string;
  to: string;
  opensOn: string;
  closesOn: string;
}

/** Why the office cannot open an evaluation with these days, on the field to change, or null. */
export function openingProblem(o: Opening, today: string): { field: keyof Opening; message: string } | null {
  if (o.to < o.from) return { field: 'to', message: '述职期间的结束日期不能早于开始日期' };
  if (o.opensOn < today) return { field: 'opensOn', message: '评议开始日期已经过去了' };
  if (o.closesOn < o.opensOn) return { field: 'closesOn', message: '评议结束日期不能早于开始日期' };
  return null;
}

/** Why the representative cannot write their report now, or null: until voting closes. */
export function reportProblem(phase: EvaluationPhase, voted: boolean): string | null {
  if (phase !== 'upcoming' && phase !== 'open') return '评议已经结束，述职报告不能再修改';
  // residents rate the words they read: once one has, the words stay
  return voted ? '已经有群众评议了，述职报告不能再修改' : null;
}

/** Why the office cannot publish the result now, or null: once voting closed, once. */
export function publishProblem(phase: EvaluationPhase, closesOn: string): string | null {
  if (phase === 'published') return '评议结果已经公布过了';
  if (phase !== 'closed') return `评议${monthDay(closesOn)}结束后才能公布结果`;
  return null;
}

/** What the board tells a resident about voting on an open evaluation. */
export const howToVote = (closesOn: string): string =>
  `请在${monthDay(closesOn)}前评议：选择满意、基本满意或不满意，也可以写几句意见。每个微信号评议一次，不记名，代表和办公室看不到是谁评的。`;

/**
 * 百分制's `evaluation` item: the residents' satisfaction over all of a representative's
 * published results of a period, votes added together (two evaluations weigh by their votes).
 */
export function combinedSatisfaction(results: ReadonlyArray<Pick<Tally, 'satisfied' | 'basic' | 'dissatisfied'>>): Rate {
  const content = results.reduce((s, r) => s + r.satisfied + r.basic, 0);
  return rate(
    content,
    results.reduce((s, r) => s + r.satisfied + r.basic + r.dissatisfied, 0),
  );
}

/** The counts as pages show them: each rating with its words, and the satisfaction in words. */
export interface TallyView extends Tally {
  votes: number;
  satisfactionText: string;
  lines: Array<{ rating: Rating; text: string; count: number }>;
}

export function tallyView(counts: Pick<Tally, 'satisfied' | 'basic' | 'dissatisfied'>): TallyView {
  const satisfaction = combinedSatisfaction([counts]);
  return {
    satisfied: counts.satisfied,
    basic: counts.basic,
    dissatisfied: counts.dissatisfied,
    satisfaction,
    votes: satisfaction.denominator,
    satisfactionText: percentText(satisfaction),
    lines: RATINGS.map((rating) => ({ rating, text: RATING_TEXT[rating], count: counts[rating] })),
  };
}

/** A 述职报告's figures as the board prints them: each label with its value in words. */
export function figureLines(figures: RecordFigures): Array<{ label: string; value: string }> {
  return RECORD_FIGURES.map((f) => {
    const value = f.value(figures);
    return { label: f.label, value: typeof value === 'number' ? String(value) : percentText(value) };
  });
}
