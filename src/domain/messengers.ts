/**
 * 民情信使 and 代办党员: residents who act for their neighbours. A messenger (民情信使) of a grid passes
 * on a neighbour's request (代为反映): for a named neighbour (their phone kept only with their
 * consent to be called) or for an anonymous one (nothing of them kept). A party member of a
 * village (代办党员, where the county runs 党员代办制) takes an errand for a resident (代办) the same
 * way, and hands the resident a follow code. Either follows the case as its resident does; the
 * timeline says, in public, who passed it on. Pure: the words, the term's state and the figures.
 */
import type { CaseRecord, Messenger } from '../../types/domain';
import { lateNow, TERMINAL } from './transitions';

export const MESSENGER_KINDS = ['messenger', 'errand'] as const;
export type MessengerKind = (typeof MESSENGER_KINDS)[number];
export const MESSENGER_KIND_TEXT: Record<MessengerKind, string> = { messenger: '民情信使', errand: '代办党员' };

/** A term: invited (code not yet used), expired (code unused past its day), active, or ended. */
export type MessengerStatus = 'invited' | 'expired' | 'active' | 'ended';
export const MESSENGER_STATUS_TEXT: Record<MessengerStatus, string> = { invited: '待接受邀请', expired: '邀请已过期', active: '在任', ended: '已卸任' };

export function messengerStatus(m: Pick<Messenger, 'active' | 'openid' | 'expiresAt'>, now: number): MessengerStatus {
  if (!m.active) return 'ended';
  if (m.openid) return 'active';
  return m.expiresAt < now ? 'expired' : 'invited';
}

/** How they are named on a case: 民情信使张三, 党员李四. */
export const roleName = (m: { kind: MessengerKind; name: string }): string => `${m.kind === 'errand' ? '党员' : '民情信使'}${m.name}`;

/** The public words of the submit event: who passed it on, and for whom (never the neighbour's name). */
export function passedOnText(m: { kind: MessengerKind; name: string }, anonymous: boolean): string {
  if (m.kind === 'errand') return `${roleName(m)}代办`;
  return `${roleName(m)}${anonymous ? '代匿名群众反映' : '代邻居反映'}`;
}

/** The timeline's name for what the messenger does on the resident's side later (评价, 催办, 撤回): 民情信使张三代群众. */
export const actingName = (m: { kind: MessengerKind; name: string }): string => `${roleName(m)}代群众`;

/** What came of the requests one messenger passed on. */
export interface MessengerFigures {
  /** passed on (代为反映 / 代办), held ones included */
  passed: number;
  /** not yet finished (neither closed, withdrawn nor refused) */
  open: number;
  closed: number;
  satisfied: number;
  basic: number;
  dissatisfied: number;
  /** went past a due day (now or ever) */
  overdue: number;
}

export const emptyFigures = (): MessengerFigures => ({ passed: 0, open: 0, closed: 0, satisfied: 0, basic: 0, dissatisfied: 0, overdue: 0 });

export type FiguresCase = Pick<CaseRecord, 'status' | 'rating' | 'overdue' | 'dueAt'> & { messenger?: { id: string } | null };

/** Each messenger's figures from the cases they passed on (by messenger id). */
export function messengerFigures(cases: readonly FiguresCase[], now: number): Map<string, MessengerFigures> {
  const out = new Map<string, MessengerFigures>();
  for (const c of cases) {
    if (!c.messenger) continue;
    let f = out.get(c.messenger.id);
    if (!f) out.set(c.messenger.id, (f = emptyFigures()));
    f.passed++;
    const terminal = TERMINAL.includes(c.status);
    if (!terminal) f.open++;
    if (c.status === 'closed') f.closed++;
    if (c.rating) f[c.rating]++;
    if (c.overdue || (!terminal && lateNow(c, now))) f.overdue++;
  }
  return out;
}

/** A follow code as written on the receipt: the case number, a dash, the token (202611230001-ABC234). */
export const followCodeOf = (no: string, token: string): string => `${no}-${token}`;

/** A follow code read back, or null when it is not one. */
export function parseFollowCode(code: string): { no: string; token: string } | null {
  const m = /^(\d{12})-([A-Z0-9]{6})$/.exec(code.trim().toUpperCase());
  return m ? { no: m[1]!, token: m[2]! } : null;
}
