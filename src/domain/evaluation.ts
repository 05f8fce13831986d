/**
 * 述职评议 by residents: the office opens an evaluation of one representative for a period; their
 * report is published on the boards of their villages, and residents of those villages rate it
 * within the window, one vote per WeChat identity. Pure: who may vote now, and the tally.
 */
import type { Rating } from '../../types/domain';
import { monthDay } from './labels';
import { rate, type Rate } from './statistics';

export interface EvaluationWindow {
  /** first and last day of voting, YYYY-MM-DD (Asia/Shanghai), both included */
  opensOn: string;
  closesOn: string;
  /** the representative's villages: their residents vote */
  villageIds: readonly string[];
}

/** Why this resident may not vote now, in words, or null. */
export function voteProblem(w: EvaluationWindow, voter: { villageId: string | null; voted: boolean }, today: string): string | null {
  if (today < w.opensOn) return `评议${monthDay(w.opensOn)}开始，请到时再来`;
  if (today > w.closesOn) return '评议已经结束了';
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
