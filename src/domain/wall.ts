/**
 * 民意回音墙 (the echo wall, Sichuan's 康庄社区): anyone may post an opinion on a village's public
 * wall without a name; the village's unit (or its township's, as the county sets) must reply in
 * public within so many working days (次日起算, the calendar the case deadlines use). The wall shows
 * each post with its reply, the working days the reply took, and marks a late one 逾期. Who may do
 * what is one list of rows (like the case and proposal tables); the rest are pure functions.
 */
import { wordsOf, type ReminderSchedule, type WallRules } from '../../config/rules';
import type { MessageKind, Unit, WallPost } from '../../types/domain';
import { addDays, addWorkingDays, shanghaiDate, type WorkingCalendar } from './calendar';
import { dueOn } from './deadlines';
import { monthDay } from './labels';
import { dueClock, type DueClock, type Reminder } from './reminders';
import { scopeKey } from './roles';
import { rate, type Rate } from './statistics';
import { allowedRows, decideRow, type Row, type TableDecision } from './table';

export const WALL_STATUSES = [
  'held', // 待核对: the content check held it; the office releases or rejects it
  'open', // 待回复: on the wall, waiting for its public reply
  'replied', // 已回复
  'rejected', // 不予公开: the office kept it off the wall
] as const;
export type WallStatus = (typeof WALL_STATUSES)[number];

export const WALL_STATUS_TEXT: Record<WallStatus, string> = { held: '待核对', open: '待回复', replied: '已回复', rejected: '不予公开' };

export const WALL_ACTIONS = ['release', 'reject', 'reply', 'convert', 'supervise'] as const;
export type WallAction = (typeof WALL_ACTIONS)[number];

export const WALL_ACTION_TEXT: Record<WallAction, string> = { release: '放行', reject: '不予公开', reply: '回复', convert: '转为事项', supervise: '督办' };

/** How a caller stands towards a post. */
export type WallRelation = 'office' | 'reply_unit' | 'supervisor';

export interface WallTransition extends Row<WallAction, WallStatus, WallRelation> {
  problem?: (p: Pick<WallPost, 'case'>) => string | null;
}

export const WALL_TRANSITIONS: readonly WallTransition[] = [
  { action: 'release', from: ['held'], to: 'open', by: ['office'] },
  { action: 'reject', from: ['held'], to: 'rejected', by: ['office'] },
  { action: 'reply', from: ['open'], to: 'replied', by: ['reply_unit'] },
  {
    action: 'convert',
    from: ['open', 'replied'],
    to: 'same',
    by: ['reply_unit', 'office'],
    problem: (p) => (p.case ? `这条留言已经转为事项（编号${p.case.no}）` : null),
  },
  { action: 'supervise', from: ['open'], to: 'same', by: ['office', 'supervisor'] },
];

const questions = (p: Pick<WallPost, 'case'>) => ({ applies: () => true, problem: (t: WallTransition) => t.problem?.(p) ?? null });

/** Decides one action on a post: who (relations) may take it, in its state. */
export function decideWall(
  p: Pick<WallPost, 'status' | 'case'>,
  action: WallAction,
  relations: readonly WallRelation[],
): TableDecision<WallTransition, WallStatus> {
  return decideRow(WALL_TRANSITIONS, p.status, action, relations, questions(p));
}

/** The actions a caller may take on a post now (the pages' buttons). */
export function allowedWallActions(p: Pick<WallPost, 'status' | 'case'>, relations: readonly WallRelation[]): WallAction[] {
  return allowedRows(WALL_TRANSITIONS, p.status, relations, questions(p));
}

/**
 * A post says something: at least two letters, characters or digits, one of them a letter or
 * character (emoji, punctuation, a lone digit or character alone do not; see `wordsOf`).
 */
export function saysSomething(text: string): boolean {
  const words = wordsOf(text);
  return words.length >= 2 && words.some((w) => /\p{L}/u.test(w));
}

/** Who may reply to a post: a unit of its county at the level the county set, of the post's village (or its township). */
export function mayReplyWall(
  unit: Pick<Unit, 'countyId' | 'level' | 'villageId' | 'townshipId'>,
  post: Pick<WallPost, 'countyId' | 'replyBy' | 'villageId' | 'townshipId'>,
): boolean {
  if (unit.countyId !== post.countyId || unit.level !== post.replyBy) return false;
  return post.replyBy === 'village' ? unit.villageId === post.villageId : unit.townshipId === post.townshipId;
}

/** The reply clock: due at the end of the `replyWorkingDays`-th working day after the day it went up on the wall. */
export function wallDue(calendar: WorkingCalendar, rules: Pick<WallRules, 'replyWorkingDays'>, publishedOn: string, at: number): ReturnType<typeof dueOn> {
  return dueOn(calendar, addWorkingDays(calendar, publishedOn, rules.replyWorkingDays), publishedOn, at);
}

/** The working days a reply took: those after the day the post went up, to the reply's day (0 when answered the same day). */
export function workingDaysTaken(calendar: WorkingCalendar, publishedOn: string, repliedOn: string): number {
  let n = 0;
  for (let d = addDays(publishedOn, 1); d <= repliedOn; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) n++;
  return n;
}

/** 逾期: replied after its due moment, or still unanswered past it. */
export function wallLate(p: Pick<WallPost, 'dueAt' | 'reply'>, now: number): boolean {
  if (p.reply) return p.reply.late;
  return p.dueAt !== null && now > p.dueAt;
}

/** The reply as it is recorded: its day, the working days it took and whether it was late. */
export function wallReply(
  calendar: WorkingCalendar,
  p: Pick<WallPost, 'publishedOn' | 'dueAt'>,
  reply: { text: string; unitId: string; unitName: string; byName: string },
  now: number,
): NonNullable<WallPost['reply']> {
  const repliedOn = shanghaiDate(now);
  return {
    ...reply,
    at: now,
    repliedOn,
    workingDays: workingDaysTaken(calendar, p.publishedOn ?? repliedOn, repliedOn),
    late: p.dueAt !== null && now > p.dueAt,
  };
}

/**
 * The wall clock: a case's due-day clock (reminders.ts) on the county's reminder schedule and
 * working days — the units that reply before and on the due day; from the next working day the
 * units, the county's supervisors and the office, again every so many working days.
 */
export const wallClock = (dueDate: string, schedule: ReminderSchedule, calendar: WorkingCalendar): DueClock =>
  dueClock(dueDate, schedule, calendar, ['handler']);

/** A post as the public wall shows it: the words, the reply, the days it took, 逾期, and the case it became. Nothing of who wrote it. */
export interface PublicWallPost {
  id: string;
  no: string;
  villageName: string;
  text: string;
  postedOn: string;
  dueDate: string | null;
  status: WallStatus;
  statusText: string;
  reply: { text: string; unitName: string; repliedOn: string; workingDays: number } | null;
  late: boolean;
  lateText: '逾期' | null;
  caseNo: string | null;
}

export const publicWallPost = (p: WallPost, now: number): PublicWallPost => inPublic(p, wallLate(p, now));

/** A post (as stored, or as staff see it) in the public wall's shape, `late` as worked out by the server. */
export function inPublic(p: Omit<WallPost, 'nextReminderAt' | 'nextReminderKey'>, late: boolean): PublicWallPost {
  return {
    id: p._id,
    no: p.no,
    villageName: p.villageName,
    text: p.text,
    postedOn: p.publishedOn ?? p.postedOn,
    dueDate: p.dueDate,
    status: p.status,
    statusText: WALL_STATUS_TEXT[p.status],
    reply: p.reply && { text: p.reply.text, unitName: p.reply.unitName, repliedOn: p.reply.repliedOn, workingDays: p.reply.workingDays },
    late,
    lateText: late ? '逾期' : null,
    caseNo: p.case?.no ?? null,
  };
}

/** One village's line of the office's figures. */
export interface WallFigureRow {
  villageId: string;
  villageName: string;
  townshipName: string;
  /** on the wall (released or passed the check) */
  posts: number;
  replied: number;
  /** replied by the due day, of those replied or past it */
  onTime: Rate;
  /** replied late, or unanswered past the due day */
  late: number;
  converted: number;
  /** waiting for the office's review, and kept off the wall */
  held: number;
  rejected: number;
}

/** Figures per village (most posts first), and the total. */
export function wallFigures(posts: readonly WallPost[], now: number): { villages: WallFigureRow[]; total: WallFigureRow } {
  const row = (villageId: string, villageName: string, townshipName: string, list: readonly WallPost[]): WallFigureRow => {
    const shown = list.filter((p) => p.status === 'open' || p.status === 'replied');
    const replied = shown.filter((p) => p.reply);
    const late = shown.filter((p) => wallLate(p, now));
    const due = shown.filter((p) => p.reply || wallLate(p, now));
    return {
      villageId,
      villageName,
      townshipName,
      posts: shown.length,
      replied: replied.length,
      onTime: rate(replied.filter((p) => !p.reply!.late).length, due.length),
      late: late.length,
      converted: shown.filter((p) => p.case).length,
      held: list.filter((p) => p.status === 'held').length,
      rejected: list.filter((p) => p.status === 'rejected').length,
    };
  };
  const by = new Map<string, WallPost[]>();
  for (const p of posts) by.set(p.villageId, [...(by.get(p.villageId) ?? []), p]);
  const villages = [...by.values()]
    .map((list) => row(list[0]!.villageId, list[0]!.villageName, list[0]!.townshipName, list))
    .sort((a, b) => b.posts - a.posts || a.villageName.localeCompare(b.villageName, 'zh'));
  return { villages, total: row('total', '合计', '', posts) };
}

/** What one event of a post tells whom: a scope key each, a kind, a title and a line. */
export interface WallNotice {
  kind: MessageKind;
  to: string;
  title: string;
  body: string;
}

type Noticed = Pick<WallPost, 'countyId' | 'villageName' | 'unitIds' | 'dueDate'>;

const unitsOf = (p: Noticed) => p.unitIds.map((u) => scopeKey.handler(p.countyId, u));

/** Whom a post going up on the wall, or a 督办 of it, tells: the units that reply. */
export function wallNotices(p: Noticed, action: 'publish' | 'supervise', note: string | null): WallNotice[] {
  const due = p.dueDate ? `请于${monthDay(p.dueDate)}前公开回复` : '请公开回复';
  return unitsOf(p).map((to) =>
    action === 'publish'
      ? { kind: 'wall_posted' as const, to, title: `${p.villageName}回音墙有新留言`, body: due }
      : { kind: 'wall_supervised' as const, to, title: `督办${p.villageName}回音墙留言`, body: note ?? due },
  );
}

/** Who a reminder's parties are on the wall, in the order they are told: the units that reply, the office, the county's supervisors. */
const WALL_PARTIES = {
  handler: unitsOf,
  office: (p: Noticed) => [scopeKey.office(p.countyId)],
  supervisor: (p: Noticed) => [scopeKey.supervisor(p.countyId, 'county')],
} as const;

/** What a reminder of the wall clock tells: the units before and on the due day; past it, also the office and the county's supervisors. */
export function wallReminderNotices(p: Noticed, reminder: Pick<Reminder, 'kind' | 'to'>): WallNotice[] {
  const due = monthDay(p.dueDate!);
  const to = (Object.keys(WALL_PARTIES) as Array<keyof typeof WALL_PARTIES>)
    .filter((party) => reminder.to.includes(party))
    .flatMap((party) => WALL_PARTIES[party](p));
  const words =
    reminder.kind === 'overdue_again'
      ? { kind: 'wall_overdue' as const, title: `${p.villageName}回音墙留言已超过回复期限（${due}）`, body: '请尽快公开回复' }
      : reminder.kind === 'due_today'
        ? { kind: 'wall_reminder' as const, title: `${p.villageName}回音墙留言今天到期`, body: '请于今天公开回复' }
        : { kind: 'wall_reminder' as const, title: `${p.villageName}回音墙留言${due}到期`, body: `请于${due}前公开回复` };
  return to.map((key) => ({ ...words, to: key }));
}
