/**
 * 重大事项通报 and 征求意见: the county office tells its representatives of a major matter — all of
 * them, or chosen activity groups (活动小组) — and may ask for their opinions until a closing day.
 * Each representative of the audience acknowledges reading it (确认已阅) once; the acknowledgements
 * count towards the 百分制 item `briefings`. The rules are data; what follows from them is pure.
 */
import type { ActivityGroup, Briefing, BriefingRead, Representative } from '../../types/domain';
import { endOfShanghaiDay, startOfShanghaiDay } from './calendar';

/** Whom a briefing is for: every active representative of the county, or the members of chosen groups. */
export const BRIEFING_AUDIENCES = ['all', 'groups'] as const;
export type BriefingAudience = (typeof BRIEFING_AUDIENCES)[number];

export const BRIEFING_LIMITS = {
  titleMax: 40,
  textMax: 5000,
  /** attached files (images the office uploads, kept like requests' photos) */
  maxFiles: 9,
  /** groups chosen for one briefing */
  maxGroups: 50,
  opinionMax: 1000,
} as const;

/**
 * The representatives a briefing reaches, resolved when it is published: every active one of the
 * county, or the active members of the chosen groups (a member of two groups is told once), in
 * id order. Representatives and groups of another county are never matched.
 */
export function audienceOf(
  countyId: string,
  audience: BriefingAudience,
  representatives: ReadonlyArray<Pick<Representative, '_id' | 'countyId' | 'active'>>,
  groups: ReadonlyArray<Pick<ActivityGroup, 'countyId' | 'memberIds'>> = [],
): string[] {
  const active = new Set(representatives.filter((r) => r.countyId === countyId && r.active).map((r) => r._id));
  const chosen = audience === 'all' ? [...active] : groups.filter((g) => g.countyId === countyId).flatMap((g) => g.memberIds.filter((id) => active.has(id)));
  return [...new Set(chosen)].sort();
}

/** 征求意见: whether opinions are still taken on `today` (YYYY-MM-DD, Asia/Shanghai): asked for, and the closing day not past. */
export const opinionsOpen = (b: Pick<Briefing, 'opinionsUntil'>, today: string): boolean => b.opinionsUntil !== null && today <= b.opinionsUntil;

/** Why an opinion cannot be given now, in the representative's words, or null. */
export function opinionProblem(b: Pick<Briefing, 'opinionsUntil'>, today: string): string | null {
  if (b.opinionsUntil === null) return '这份通报没有征求意见';
  if (today > b.opinionsUntil) return `征求意见已于${b.opinionsUntil}截止，不能再提交或修改意见`;
  return null;
}

/** The id of one representative's read of one briefing: a second acknowledgement finds the first. */
export const briefingReadId = (briefingId: string, representativeId: string) => `${briefingId}:${representativeId}`;

/** A period as its first and last day (YYYY-MM-DD, Asia/Shanghai, both included) or as epoch ms (both included). */
export type BriefingPeriod = { from: string; to: string } | { fromAt: number; toAt: number };

/** The epoch range of a period, both ends included. */
export const periodRange = (p: BriefingPeriod): { fromAt: number; toAt: number } =>
  'from' in p ? { fromAt: startOfShanghaiDay(p.from), toAt: endOfShanghaiDay(p.to) } : p;

/**
 * 百分制 `briefings`: how many briefings each representative acknowledged within the period, from
 * the reads of one county (an acknowledgement counts in the period it was made). Representatives
 * with none are absent.
 */
export function acknowledgedCounts(
  reads: ReadonlyArray<Pick<BriefingRead, 'countyId' | 'representativeId' | 'readAt'>>,
  countyId: string,
  period: BriefingPeriod,
): Record<string, number> {
  const { fromAt, toAt } = periodRange(period);
  const out: Record<string, number> = {};
  for (const r of reads) {
    if (r.countyId !== countyId || r.readAt === null || r.readAt < fromAt || r.readAt > toAt) continue;
    out[r.representativeId] = (out[r.representativeId] ?? 0) + 1;
  }
  return out;
}

/** A representative's list: unread first, then the newest. */
export function unreadFirst<T extends { publishedAt: number; readAt: number | null }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || b.publishedAt - a.publishedAt);
}
