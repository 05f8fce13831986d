/**
 * 三联动: the village gathers residents' problems before each reception day (接待前民意清单), the
 * township meets once a month on the problems it must solve (乡镇问题会商会), and the county draws
 * reception days at random to inspect (督查) and names those absent (通报). Rules as data and pure
 * functions: why a case is on a meeting's agenda, the reception days of a period, a seeded draw
 * anyone can replay, and what the findings add to each representative's record.
 */
import type { CaseRecord, CaseStatus, InspectedSession, Workroom } from '../../types/domain';
import { addDays } from './calendar';
import { isReceptionDay } from './reception';
import { lateNow, WITH_UNIT } from './transitions';

/** Why a township case is on its monthly meeting's agenda: 超期 · 上报 · 退回 · 群众不满意. */
export const AGENDA_REASONS = ['overdue', 'escalated', 'returned', 'dissatisfied'] as const;
export type AgendaReason = (typeof AGENDA_REASONS)[number];
export const AGENDA_REASON_TEXT: Record<AgendaReason, string> = {
  overdue: '超期未办结',
  escalated: '上报',
  returned: '被退回',
  dissatisfied: '群众不满意',
};

/**
 * Cases a meeting can decide on: a unit holds them (督办 with a new date), or they wait for the
 * township to route them (交办 to the lead unit the meeting names, by its date).
 */
export const ROUTING: readonly CaseStatus[] = ['accepted', 'returned', 'reassigning', 'escalated'];
export const DECIDABLE: readonly CaseStatus[] = [...ROUTING, ...WITH_UNIT];

export type AgendaCase = Pick<CaseRecord, 'status' | 'dueAt' | 'escalationCount' | 'returnCount' | 'level' | 'events'>;

/** Why a case belongs on its township's agenda now (none: it does not). Only the township's open, decidable cases count. */
export function agendaReasons(c: AgendaCase, now: number): AgendaReason[] {
  if (c.level !== 'township' || !DECIDABLE.includes(c.status)) return [];
  const rated = c.events.some((e) => e.action === 'rate' && e.data?.rating === 'dissatisfied');
  const reasons: Array<[AgendaReason, boolean]> = [
    ['overdue', lateNow(c, now)],
    ['escalated', c.escalationCount > 0],
    ['returned', c.returnCount > 0],
    ['dissatisfied', rated],
  ];
  return reasons.filter(([, on]) => on).map(([r]) => r);
}

export const reasonText = (reasons: readonly AgendaReason[]) => reasons.map((r) => AGENDA_REASON_TEXT[r]).join('、');

/** The first and last day of a month given as YYYY-MM. */
export function monthDays(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  const next =
    Number(month.slice(5, 7)) === 12
      ? `${Number(month.slice(0, 4)) + 1}-01-01`
      : `${month.slice(0, 5)}${String(Number(month.slice(5, 7)) + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/** One scheduled reception session: a workroom's reception day. */
export interface Session {
  workroomId: string;
  date: string;
}

export const sessionKey = (s: Session) => `${s.workroomId}@${s.date}`;

/** Every workroom's reception days in a period (both ends included), by day then workroom. */
export function sessionsIn(workrooms: ReadonlyArray<Pick<Workroom, '_id' | 'schedule'>>, from: string, to: string): Session[] {
  const out: Session[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    for (const w of [...workrooms].sort((a, b) => a._id.localeCompare(b._id))) if (isReceptionDay(w.schedule, day)) out.push({ workroomId: w._id, date: day });
  }
  return out;
}

/** mulberry32: a small seeded generator of numbers in [0, 1); the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 随机抽查: `count` of the candidates, drawn by a Fisher–Yates shuffle from the seed, in the
 * candidates' order. The draw keeps the candidates and the seed: anyone replays it with this.
 */
export function drawSessions<T>(candidates: readonly T[], count: number, seed: number): T[] {
  const random = seededRandom(seed);
  const order = candidates.map((_, i) => i);
  const n = Math.min(count, order.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => candidates[i]!);
}

/** What the records count of a drawn session: its day, who was on duty, who was found absent. */
export type SessionFinding = Pick<InspectedSession, 'date' | 'representativeIds'> & { finding: { absentIds: readonly string[] } | null };

/** 督查: per representative, the inspected sessions of the period they were on duty at, and of those absent. */
export function inspectionCounts(sessions: Iterable<SessionFinding>, from: string, to: string): Map<string, { inspected: number; absent: number }> {
  const out = new Map<string, { inspected: number; absent: number }>();
  for (const s of sessions) {
    if (!s.finding || s.date < from || s.date > to) continue;
    for (const id of new Set(s.representativeIds)) {
      const n = out.get(id) ?? { inspected: 0, absent: 0 };
      n.inspected++;
      if (s.finding.absentIds.includes(id)) n.absent++;
      out.set(id, n);
    }
  }
  return out;
}

/** How a session was found: 全部在岗 · 部分缺岗 · 整组缺岗. */
export function findingText(s: Pick<SessionFinding, 'representativeIds' | 'finding'>): string {
  if (!s.finding) return '未记录';
  const absent = s.representativeIds.filter((id) => s.finding!.absentIds.includes(id)).length;
  return absent === 0 ? '全部在岗' : absent === s.representativeIds.length ? '整组缺岗' : '部分缺岗';
}
