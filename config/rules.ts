/**
 * Business rules as data. Places differ (the limits are configuration, with these as defaults), so
 * everything a county may want to change lives here, not in code. Terms: types/GLOSSARY.md.
 */
import type { MatterRules } from '../src/domain/matters';
import type { Open311Rules } from '../src/domain/open311';
import type { CleanRules } from '../src/server/images';
import type { ScoringRules } from '../src/domain/scoring';
import type { SimilarRules } from '../src/domain/similar';
import type { Level } from '../types/domain';

export type TimeLimit = { workingDays: number } | { months: number };

export interface Category {
  id: string;
  name: string;
  /** the level most cases of this kind belong to; the representative confirms or changes it */
  level: Level;
}

/**
 * When the clock presses people (督办). Reminders go out at `hour` o'clock (Asia/Shanghai) on
 * working days; all counts are working days.
 */
export interface ReminderSchedule {
  hour: number;
  /** to the unit's handlers this many working days before the due day */
  beforeDue: number;
  /** to the unit's handlers on the due day */
  onDueDay: boolean;
  /** once overdue: handlers, the level's supervisor and the office, then again every this many */
  overdueEvery: number;
  /** a new case not accepted within this many reminds the representative, then also the assigner */
  triage: number;
  /** an accepted, returned or escalated case not assigned within this many reminds the assigner */
  routing: number;
  /** an assigned case not signed for within this many reminds the handlers, then also the assigner */
  signing: number;
}

/** Proposals (提议 / 提案, src/domain/proposals.ts): per-county data in time, the defaults here. */
export interface ProposalRules {
  /** co-signers (附议) a proposal needs before it may be submitted, by kind */
  minCosigners: { motion: number; proposal: number };
  /** a registered proposal's deadline, in months from its assignment */
  handlingMonths: number;
  /** 不满意 sends it round again at most this many times */
  maxRounds: number;
  /** a round after 不满意 is due this many months from the rating */
  roundMonths: number;
  /** the proposal clock: reminders this many days before the due day, then pressing every `overdueEveryDays` */
  reminders: { daysBefore: number[]; overdueEveryDays: number };
}

/** The echo wall (民意回音墙, src/domain/wall.ts): per county in `counties[id].wall`, the defaults here. */
export interface WallRules {
  /**
   * a post's public reply is due within this many working days of its publication (次日起算); its
   * reminders, overdue and 督办 follow the county's case schedule (`reminders`), as for cases
   */
  replyWorkingDays: number;
  /** who replies: the village's unit (村委会/居委会) or its township's */
  replyBy: 'village' | 'township';
  /** posts one WeChat identity may write, per hour and per day, over every wall */
  perHour: number;
  perDay: number;
  /** the longest post, in characters */
  textMax: number;
}

/** 民情信使 and 代办党员 (src/domain/messengers.ts): per county in `counties[id].messengers`, the defaults here. */
export interface MessengerRules {
  /** 党员代办制: whether the county names 代办党员 (some counties do; off unless a county turns it on) */
  errands: boolean;
  /** requests one messenger may pass on, per hour and per day (over all their neighbours) */
  perHour: number;
  perDay: number;
  /** a 代办's follow code opens for this many days */
  followDays: number;
}

/** Grids (网格, src/domain/grids.ts): per county in `counties[id].grids`, the defaults here. */
export interface GridRules {
  /** a grid's people visit its households on at least this many distinct days of each week (Monday to Sunday) */
  visitDaysPerWeek: number;
}

export interface Rules {
  /** 时限: counted from the day after assignment (次日起算) */
  timeLimits: Record<Level, TimeLimit>;
  proposals: ProposalRules;
  wall: WallRules;
  messengers: MessengerRules;
  grids: GridRules;
  /** 百分制: the scoring table a county publishes (src/domain/scoring.ts); this one until it sets its own */
  scoring: ScoringRules;
  /** 不满意 → 再交办 at most this many times; the next dissatisfied rating closes the case as rated */
  maxReassignments: number;
  submit: {
    descriptionMin: number;
    descriptionMax: number;
    maxPhotos: number;
    /** submissions a resident may make per hour and per day */
    perHour: number;
    perDay: number;
  };
  /**
   * 语音说事: recordings a request may carry (kept with the case for those handling it), each at most
   * `maxSeconds` long and `maxBytes` big as kept in storage
   */
  voice: { maxSeconds: number; maxRecordings: number; maxBytes: number };
  /** requests a representative may enter for residents met in person (接待日志), per hour and per day */
  enter: { perHour: number; perDay: number };
  /**
   * wrong invitation codes: one identity may try this many an hour before redeeming is refused,
   * and everyone together this many (a cap on guessing with many identities)
   */
  redeem: { wrongPerHour: number; allWrongPerHour: number };
  /** the longest words of each kind; `reportMax` a representative's 述职报告 */
  text: { reasonMax: number; replyMax: number; noteMax: number; nameMax: number; addressMax: number; reportMax: number };
  pageSize: { default: number; max: number };
  invitationDays: number;
  categories: Category[];
  reminders: ReminderSchedule;
  /** what a county changes from the defaults, by county id */
  counties: Record<
    string,
    {
      reminders?: Partial<ReminderSchedule>;
      proposals?: Partial<ProposalRules>;
      wall?: Partial<WallRules>;
      scoring?: ScoringRules;
      matters?: Partial<MatterRules>;
      messengers?: Partial<MessengerRules>;
      grids?: Partial<GridRules>;
      open311?: Partial<Open311Rules>;
    }
  >;
  /** matters put to residents (重大事项民意, src/domain/matters.ts): the approval threshold, who is told */
  matters: MatterRules;
  /** 延期: how many a case may be granted, and how far past the current due day one may reach */
  extensions: { maxPerCase: number; maxWorkingDays: number };
  /** 催办 by the resident: from this many working days before the due day (and once late), once per `everyWorkingDays` */
  urge: { withinWorkingDays: number; everyWorkingDays: number };
  /**
   * delivery retries: the wait before each next attempt; after the last the entry is dead.
   * `budgetSeconds`: a run claims no new entry after this long (the function stops at 60 s: a
   * send cut off by the timeout could go out twice)
   */
  delivery: { retryMinutes: number[]; budgetSeconds: number };
  /**
   * how long personal data is kept: a resident's phone is cleared this many days after the case
   * is closed (the ledger keeps its masked form); a workbook exported for the office, this many
   * hours; a photo whose image check WeChat has not answered goes to the office after this many minutes
   */
  retention: { phoneDays: number; exportHours: number; photoCheckMinutes: number };
  /** reminder sweep: cases handled per run (the rest wait for the next minute) */
  sweep: { maxCasesPerRun: number };
  /** every photo people attach is kept only as a copy this size, without metadata (src/server/images.ts) */
  photos: CleanRules;
  /** Open311 GeoReport v2, read-only (src/domain/open311.ts): per county in `counties[id].open311`, the default here */
  open311: Open311Rules;
  /**
   * 问题还在吗: a case 已办结 (resolved, or under way past its expected date) is asked about this many
   * days on, at the reminders' hour; the resident may answer for `answerDays` days
   */
  stillThere: { askAfterDays: number; answerDays: number };
  /** 回访 and the share reached: an answer should reach its resident within this many hours (pushed, or called) */
  reach: { withinHours: number };
  /** 我也反映 (src/domain/similar.ts): open cases of the village looking like a draft, and co-reporters */
  similar: SimilarRules & {
    /** co-reporters one case may gather (a village's whole street may say 我也反映) */
    maxCoReporters: number;
    /**
     * the newest open cases sharing a fault and a thing with the draft that a lookup weighs (ten
     * times what it shows), read newest first through a compound index: what it costs stays the same
     * however long a village's backlog grows (one read of those it weighs, never a scan)
     */
    weigh: number;
  };
}

export const RULES: Rules = {
  timeLimits: {
    village: { workingDays: 7 },
    township: { workingDays: 15 },
    county: { months: 1 },
  },
  maxReassignments: 2,
  // defaults until a county sets its own: co-signers a 提议 and a 提案 need, a deadline of 3 months, one more round after 不满意 (due a month on)
  proposals: {
    minCosigners: { motion: 2, proposal: 5 },
    handlingMonths: 3,
    maxRounds: 1,
    roundMonths: 1,
    // the lead unit is reminded 15 and 3 days before the due day; past it, pressed every 7 days (at the reminders' hour)
    reminders: { daysBefore: [15, 3], overdueEveryDays: 7 },
  },
  // 康庄社区's 民情回音墙: answered within 7 working days, by the village (社区) unless the county says its township
  wall: { replyWorkingDays: 7, replyBy: 'village', perHour: 3, perDay: 10, textMax: 500 },
  // 36 民情信使 in one community: each passes on what their neighbours say; 党员代办制 only where a county adopts it
  messengers: { errands: false, perHour: 20, perDay: 60, followDays: 30 },
  // the Sichuan community's grids: their people visit households at least three days a week
  grids: { visitDaysPerWeek: 3 },
  scoring: {
    excellent: 90,
    rules: [
      { item: 'receptions', name: '接待日出勤', kind: 'count', points: 2, cap: 20 },
      { item: 'visits', name: '入户走访', kind: 'count', points: 1, cap: 10 },
      { item: 'followed', name: '跟踪诉求到底', kind: 'count', points: 1, cap: 15 },
      { item: 'satisfaction', name: '诉求满意率', kind: 'rate', points: 0, cap: 15 },
      { item: 'proposals', name: '提出提案、提议', kind: 'count', points: 3, cap: 9 },
      { item: 'adopted', name: '提案、提议被采纳', kind: 'count', points: 3, cap: 6 },
      { item: 'briefings', name: '阅读重大事项通报', kind: 'count', points: 1, cap: 5 },
      { item: 'activities', name: '活动小组活动', kind: 'count', points: 2, cap: 10 },
      { item: 'evaluation', name: '述职评议群众满意率', kind: 'rate', points: 0, cap: 10 },
      { item: 'manual', name: '办公室加减分', kind: 'manual', points: 0, cap: 10 },
    ],
  },
  submit: { descriptionMin: 5, descriptionMax: 1000, maxPhotos: 9, perHour: 5, perDay: 20 },
  // 60 s of WeChat's recorder (mp3/aac) or a browser's opus is well under 1 MB; 2 MB leaves room for high bit rates
  voice: { maxSeconds: 60, maxRecordings: 3, maxBytes: 2 * 1024 * 1024 },
  enter: { perHour: 60, perDay: 200 },
  redeem: { wrongPerHour: 10, allWrongPerHour: 500 },
  text: { reasonMax: 500, replyMax: 2000, noteMax: 1000, nameMax: 20, addressMax: 200, reportMax: 4000 },
  pageSize: { default: 20, max: 50 },
  invitationDays: 7,
  reminders: { hour: 9, beforeDue: 2, onDueDay: true, overdueEvery: 3, triage: 1, routing: 1, signing: 1 },
  counties: {},
  // Suining: a major matter needs two thirds of the residents' approval (exactly two thirds passes)
  matters: { threshold: { numerator: 2, denominator: 3 }, tellAtMost: 500 },
  extensions: { maxPerCase: 1, maxWorkingDays: 30 },
  urge: { withinWorkingDays: 2, everyWorkingDays: 3 },
  delivery: { retryMinutes: [1, 5, 30, 120, 720], budgetSeconds: 40 },
  retention: { phoneDays: 180, exportHours: 24, photoCheckMinutes: 30 },
  sweep: { maxCasesPerRun: 1000 },
  // 1600 px on the longest side: sharp on any phone's screen and a few hundred kilobytes; a 24-megapixel source is the most a function decodes
  photos: { maxSide: 1600, quality: 85, maxMegapixels: 24 },
  // off until a county's office decides to publish its requests (a publication of residents' words is theirs to decide)
  open311: { enabled: false },
  stillThere: { askAfterDays: 30, answerDays: 14 },
  reach: { withinHours: 24 },
  // the last 30 days, 3 shown of the newest 30 weighed; the threshold tuned on the labelled set's even pairs, reported on its odd ones (tests/domain/similar.test.ts)
  similar: { days: 30, max: 3, threshold: 0.02, maxCoReporters: 200, weigh: 30 },
  categories: [
    { id: 'road', name: '道路交通', level: 'township' },
    { id: 'utilities', name: '水电气', level: 'township' },
    { id: 'environment', name: '环境卫生', level: 'village' },
    { id: 'welfare', name: '社会保障', level: 'county' },
    { id: 'dispute', name: '邻里纠纷', level: 'village' },
    { id: 'other', name: '其他', level: 'village' },
  ],
};

/** The level a category usually goes to: where a representative's routing starts. */
export function usualLevel(rules: Pick<Rules, 'categories'>, category: string | undefined): Level {
  return rules.categories.find((c) => c.id === category)?.level ?? 'village';
}

/** Open311 for one county: the default with what that county changed. */
export function open311RulesFor(rules: Pick<Rules, 'open311' | 'counties'>, countyId: string): Open311Rules {
  return { ...rules.open311, ...rules.counties[countyId]?.open311 };
}

/** The reminder schedule of one county: the defaults with what that county changed. */
export function remindersFor(rules: Pick<Rules, 'reminders' | 'counties'>, countyId: string): ReminderSchedule {
  return { ...rules.reminders, ...rules.counties[countyId]?.reminders };
}

/** The messenger rules of one county: the defaults with what that county changed. */
export function messengerRulesFor(rules: Pick<Rules, 'messengers' | 'counties'>, countyId: string): MessengerRules {
  return { ...rules.messengers, ...rules.counties[countyId]?.messengers };
}

/** The proposal rules of one county: the defaults with what that county changed. */
export function proposalRulesFor(rules: Pick<Rules, 'proposals' | 'counties'>, countyId: string): ProposalRules {
  return { ...rules.proposals, ...rules.counties[countyId]?.proposals };
}

/** The echo wall's rules in one county: the defaults with what that county changed. */
export function wallRulesFor(rules: Pick<Rules, 'wall' | 'counties'>, countyId: string): WallRules {
  return { ...rules.wall, ...rules.counties[countyId]?.wall };
}

/** The grid rules of one county: the defaults with what that county changed. */
export function gridRulesFor(rules: Pick<Rules, 'grids' | 'counties'>, countyId: string): GridRules {
  return { ...rules.grids, ...rules.counties[countyId]?.grids };
}

/** The matter rules of one county: the defaults with what that county changed. */
export function matterRulesFor(rules: Pick<Rules, 'matters' | 'counties'>, countyId: string): MatterRules {
  return { ...rules.matters, ...rules.counties[countyId]?.matters };
}

/** The scoring table one county published, or the default one. */
export function scoringFor(rules: Pick<Rules, 'scoring' | 'counties'>, countyId: string): ScoringRules {
  return rules.counties[countyId]?.scoring ?? rules.scoring;
}

/** A mobile number or a landline with its area code: what residents leave to be called back. */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/**
 * Letters and digits that carry no words: a keycap emoji's digit (1️⃣) and the Hangul fillers,
 * which show as an emoji or as nothing.
 */
const NOT_WORDS = /\p{N}\uFE0F?\u20E3|[\u115F\u1160\u3164\uFFA0]/gu;

/** The letters and digits of a text that carry words (emoji, punctuation, spaces and the above do not). */
export const wordsOf = (text: string): string[] => text.replace(NOT_WORDS, '').match(/[\p{L}\p{N}]/gu) ?? [];

/** How many characters of a text are words: letters (Chinese included) and digits, not emoji, marks or spaces. */
export const wordCount = (text: string): number => wordsOf(text).length;

/**
 * Why a request's description cannot be sent, or null: it needs words (emoji alone say nothing a
 * cadre can act on), at least `descriptionMin` of them, and at most `descriptionMax` characters.
 * A request that carries a recording (`recorded`) has said it by voice: its words may be few or none.
 * The form and the server say the same.
 */
export function descriptionProblem(text: string, recorded = false): string | null {
  const { descriptionMin, descriptionMax } = RULES.submit;
  const t = text.trim();
  const tooLong = t.length > descriptionMax ? `最多${descriptionMax}个字，现在有${t.length}个字，请删减一些再提交` : null;
  if (recorded) return tooLong;
  if (!t) return '请说一说遇到了什么问题';
  const words = wordCount(t);
  if (words === 0) return '请用文字说一说遇到了什么问题，只有表情符号，办事的人看不明白';
  if (words < descriptionMin) return `请再多说几句，至少${descriptionMin}个字`;
  return tooLong;
}

export const CATEGORY_IDS = RULES.categories.map((c) => c.id) as [string, ...string[]];
/** The category a request goes under when its sender chose none (the pages send it so; the API takes a request without one alike). */
export const UNCHOSEN_CATEGORY: (typeof CATEGORY_IDS)[number] = 'other';
