/**
 * Matters put to residents (重大事项民意 / 坝坝会): a village or township asks the residents of
 * some of its villages to choose between options, online inside a window or at a meeting held in
 * person (坝坝会) whose chair records the counts. Which of the two decides is chosen when the matter
 * is put (`mode`): an online vote is decided by its votes once the window closed; a meeting by the
 * counts its chair records. An approval matter passes when its approving option (the first) has at
 * least the threshold of the votes cast — two thirds by default (Suining's rule), exactly two
 * thirds passing. Integer arithmetic only.
 */
import { monthDay } from './labels';

export const MATTER_KINDS = ['approval', 'choice'] as const;
export type MatterKind = (typeof MATTER_KINDS)[number];
export const MATTER_KIND_TEXT: Record<MatterKind, string> = { approval: '表决', choice: '征求意见' };

export const MATTER_MODES = ['vote', 'meeting'] as const;
export type MatterMode = (typeof MATTER_MODES)[number];
export const MATTER_MODE_TEXT: Record<MatterMode, string> = { vote: '网上投票', meeting: '坝坝会' };

/** An approval matter's options unless others are given: the first is the approving one. */
export const APPROVAL_OPTIONS = ['同意', '不同意'] as const;
export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 6;
/** the longest window a matter stays open, in days */
export const WINDOW_MAX_DAYS = 60;
/** How long after a 坝坝会 its matter may still be put, to record it. */
export const MEETING_RECORD_DAYS = 30;

/** A share as a fraction: `numerator / denominator`. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

/** The county's rules for matters (config/rules.ts `matters`). */
export interface MatterRules {
  /** an approval passes with at least this share of the votes cast for its approving option */
  threshold: Fraction;
  /** residents told of one matter at most (the most recent who sent a request from its villages) */
  tellAtMost: number;
}

/** Whether `part` of `whole` reaches the threshold: never with nothing cast. */
export const reaches = (part: number, whole: number, t: Fraction): boolean => whole > 0 && part * t.denominator >= t.numerator * whole;

export const thresholdText = (t: Fraction): string => (t.numerator === 2 && t.denominator === 3 ? '三分之二' : `${t.numerator}/${t.denominator}`);

export interface Outcome {
  /** votes (or hands at the meeting) per option, in the options' order */
  counts: number[];
  cast: number;
  /** approval: whether it passed; choice: null */
  passed: boolean | null;
  /** the option most chose (approval: the approving one when it passed), or null on a tie or no votes */
  chosen: number | null;
  /** in words, for the board */
  text: string;
}

/** The outcome of counts for a matter's options. */
export function outcomeOf(m: { kind: MatterKind; options: readonly string[]; threshold: Fraction }, counts: readonly number[]): Outcome {
  const cast = counts.reduce((s, n) => s + n, 0);
  if (m.kind === 'approval') {
    const passed = reaches(counts[0] ?? 0, cast, m.threshold);
    const share = `${m.options[0]}${counts[0] ?? 0}票，共${cast}票`;
    return {
      counts: [...counts],
      cast,
      passed,
      chosen: passed ? 0 : null,
      text: passed ? `通过（${share}，达到${thresholdText(m.threshold)}）` : `未通过（${share}，未达到${thresholdText(m.threshold)}）`,
    };
  }
  const most = Math.max(0, ...counts);
  const leaders = counts.flatMap((n, i) => (n === most && most > 0 ? [i] : []));
  const chosen = leaders.length === 1 ? leaders[0]! : null;
  return {
    counts: [...counts],
    cast,
    passed: null,
    chosen,
    text: chosen === null ? (cast ? '票数相同，未形成结果' : '无人投票') : `多数选择「${m.options[chosen]}」`,
  };
}

/** Votes counted per option. */
export function countVotes(options: number, votes: Iterable<{ option: number }>): number[] {
  const counts: number[] = Array.from({ length: options }, () => 0);
  for (const v of votes) counts[v.option] = (counts[v.option] ?? 0) + 1;
  return counts;
}

export interface MatterPutting {
  kind: MatterKind;
  mode: MatterMode;
  options?: string[];
  opensOn: string;
  closesOn: string;
}

/** The options a matter is put with: the given ones, trimmed, or an approval's defaults. */
export const optionsOf = (p: Pick<MatterPutting, 'kind' | 'options'>): string[] =>
  p.options?.length ? p.options.map((o) => o.trim()) : p.kind === 'approval' ? [...APPROVAL_OPTIONS] : [];

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Why a matter cannot be put like this, or null. */
export function puttingProblem(p: MatterPutting, today: string): { field: 'options' | 'opensOn' | 'closesOn'; message: string } | null {
  const options = optionsOf(p);
  if (options.length < OPTIONS_MIN || options.length > OPTIONS_MAX) return { field: 'options', message: `请给出${OPTIONS_MIN}到${OPTIONS_MAX}个选项` };
  if (options.some((o) => o === '')) return { field: 'options', message: '选项不能为空' };
  if (new Set(options).size !== options.length) return { field: 'options', message: '选项不能重复' };
  // the threshold counts the first option as approving: anything but for and against would blur it
  if (p.kind === 'approval' && options.length !== 2) return { field: 'options', message: '同意与否的事项只有两个选项：第一个表示同意，第二个表示不同意' };
  // a 坝坝会 already held is recorded afterwards, within a month; a vote opens today or later
  if (p.mode === 'meeting' ? dayNumber(today) - dayNumber(p.opensOn) > MEETING_RECORD_DAYS : p.opensOn < today)
    return { field: 'opensOn', message: p.mode === 'meeting' ? `已开过的坝坝会须在${MEETING_RECORD_DAYS}天内录入` : '开始日期不能早于今天' };
  if (p.closesOn < p.opensOn) return { field: 'closesOn', message: '结束日期不能早于开始日期' };
  if (dayNumber(p.closesOn) - dayNumber(p.opensOn) + 1 > WINDOW_MAX_DAYS) return { field: 'closesOn', message: `征求意见最长${WINDOW_MAX_DAYS}天` };
  return null;
}

export const MATTER_PHASES = ['upcoming', 'open', 'closed', 'decided'] as const;
export type MatterPhase = (typeof MATTER_PHASES)[number];
export const MATTER_PHASE_TEXT: Record<MatterPhase, string> = { upcoming: '未开始', open: '征求意见中', closed: '已截止，待公布结果', decided: '已公布结果' };

/** Where a matter stands today: the window's first and last days are both open. */
export function matterPhase(m: { opensOn: string; closesOn: string; decided: boolean }, today: string): MatterPhase {
  if (m.decided) return 'decided';
  if (today < m.opensOn) return 'upcoming';
  return today > m.closesOn ? 'closed' : 'open';
}

/** Why this resident may not vote on the matter through this village's board today, or null. */
export function voteProblem(
  m: { mode: MatterMode; opensOn: string; closesOn: string; villageIds: readonly string[]; decided: boolean; options: readonly string[] },
  voter: { villageId: string; option: number; voted: boolean },
  today: string,
): string | null {
  if (m.mode !== 'vote') return '这件事在坝坝会上表决，不在网上投票';
  const phase = matterPhase(m, today);
  if (phase === 'upcoming') return `投票${monthDay(m.opensOn)}开始，请到时再来`;
  if (phase !== 'open') return '投票已经结束了';
  if (!m.villageIds.includes(voter.villageId)) return '只有这件事所涉及村(社区)的群众可以投票';
  if (!Number.isInteger(voter.option) || voter.option < 0 || voter.option >= m.options.length) return '请选择一个选项';
  if (voter.voted) return '您已经投过票了，每人一次';
  return null;
}

/** Why the votes cannot be counted and published now, or null. */
export function closeProblem(m: { mode: MatterMode; closesOn: string; decided: boolean; opensOn: string }, today: string): string | null {
  if (m.decided) return '结果已经公布过了';
  if (m.mode !== 'vote') return '这件事由坝坝会表决，请录入会议的表决结果';
  if (matterPhase(m, today) !== 'closed') return `投票${monthDay(m.closesOn)}结束后才能公布结果`;
  return null;
}

export interface MeetingRecord {
  date: string;
  attendance: number;
  counts: number[];
}

/** Why a meeting's record does not fit the matter, or null: held in its window, by today, counts per option no more than those present. */
export function meetingProblem(
  m: { mode: MatterMode; opensOn: string; closesOn: string; decided: boolean; options: readonly string[] },
  r: MeetingRecord,
  today: string,
): { field: 'date' | 'counts' | 'attendance' | 'matterId'; message: string } | null {
  if (m.decided) return { field: 'matterId', message: '这件事已经有结果了' };
  if (m.mode !== 'meeting') return { field: 'matterId', message: '这件事由网上投票决定，不能录入坝坝会结果' };
  if (r.date > today) return { field: 'date', message: '会议还没有开，开过以后再录入' };
  if (r.date < m.opensOn || r.date > m.closesOn) return { field: 'date', message: `会议日期须在${monthDay(m.opensOn)}到${monthDay(m.closesOn)}之间` };
  if (r.counts.length !== m.options.length) return { field: 'counts', message: `请为每个选项填写票数（共${m.options.length}个）` };
  if (r.counts.reduce((s, n) => s + n, 0) > r.attendance) return { field: 'counts', message: '表决票数合计不能多于到会人数' };
  return null;
}

/** Who may put and manage matters, as their area in one county: the whole county, some townships, some villages. */
export interface MatterArea {
  county: boolean;
  townshipIds: readonly string[];
  villageIds: readonly string[];
}

/** Whether the area covers every one of these villages. */
export const covers = (area: MatterArea, villages: ReadonlyArray<{ _id: string; townshipId: string }>): boolean =>
  villages.length > 0 && villages.every((v) => area.county || area.townshipIds.includes(v.townshipId) || area.villageIds.includes(v._id));

/** Whether the area holds any of these villages: staff of a village a matter concerns may chair its meeting, publish it, keep it. */
export const touches = (area: MatterArea, villages: ReadonlyArray<{ _id: string; townshipId: string }>): boolean => villages.some((v) => covers(area, [v]));

/** What the board tells a resident about voting on an open matter. */
export const howToVote = (closesOn: string): string => `请在${monthDay(closesOn)}前（含当天）选择一项投票。每个微信号投一次，不记名，谁也看不到是谁投的。`;

/** What the board tells residents of a matter to be decided at a meeting. */
export const howToMeet = (opensOn: string, closesOn: string): string =>
  `将在${monthDay(opensOn)}${opensOn === closesOn ? '' : `到${monthDay(closesOn)}之间`}召开坝坝会当面表决，请留意村里的通知。`;
