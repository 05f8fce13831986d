/** Who is calling, who stands behind a scope key, and the county's calendar. */
import type { CalendarOverride, Representative, RoleGrant, User } from '../../../types/domain';
import { createCalendar, type WorkingCalendar } from '../../domain/calendar';
import { scopeKeys, staffKey } from '../../domain/roles';
import type { Ctx } from '../ctx';
import { AppError, forbidden, notFound } from '../errors';
import { collection, getAll, getById } from '../store';

export interface Caller {
  openid: string;
  user: User | null;
  scopes: string[];
}

/** The caller's openid, for what anyone may do (residents need no account). */
export function requireOpenid(ctx: Ctx): string {
  if (!ctx.caller) throw new AppError('UNAUTHENTICATED', '请先在微信中打开小程序');
  return ctx.caller.openid;
}

export async function requireCaller(ctx: Ctx): Promise<Caller> {
  const openid = requireOpenid(ctx);
  const user = await getById<User>(ctx.db, 'users', openid);
  // worked out from the grants themselves: what the caller may do never rests on a stored copy
  return { openid, user, scopes: user ? scopesOf(user.grants) : [] };
}

export async function requireStaff(ctx: Ctx): Promise<Caller & { user: User }> {
  const caller = await requireCaller(ctx);
  if (!caller.user || caller.user.grants.length === 0) throw new AppError('FORBIDDEN', '您还不是工作人员，请先用邀请码绑定身份');
  return caller as Caller & { user: User };
}

export function scopesOf(grants: readonly RoleGrant[]): string[] {
  return [...new Set([...grants.flatMap(scopeKeys), ...grants.map((g) => staffKey(g.countyId))])];
}

/** The openids of everyone holding one of these scope keys. */
export async function openidsFor(ctx: Ctx, keys: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return out;
  const _ = ctx.db.command;
  const users = await getAll(
    collection<User>(ctx.db, 'users')
      .where({ scopes: _.in([...keys]) })
      .field({ scopes: true })
      .orderBy('_id', 'asc'),
  );
  for (const u of users) for (const k of u.scopes) out.get(k)?.push(u._id);
  return out;
}

/** The office's own holidays and working days for a county. */
export function calendarOverrides(ctx: Ctx, countyId: string): Promise<CalendarOverride[]> {
  return getAll(collection<CalendarOverride>(ctx.db, 'calendar').where({ countyId }).orderBy('_id', 'asc'));
}

export async function loadCalendar(ctx: Ctx, countyId: string): Promise<WorkingCalendar> {
  return createCalendar(await calendarOverrides(ctx, countyId));
}

/** The representative behind the caller, as their grant names them, still in office; `refusal` says what only representatives may do. */
export async function callerRepresentative(ctx: Ctx, refusal: string): Promise<{ caller: Caller & { user: User }; rep: Representative }> {
  const caller = await requireStaff(ctx);
  const grant = caller.user.grants.find((g) => g.role === 'representative' && g.representativeId);
  if (!grant) throw forbidden(refusal);
  const rep = await getById<Representative>(ctx.db, 'representatives', grant.representativeId!);
  if (!rep || !rep.active || rep.countyId !== grant.countyId) throw notFound('党代表');
  return { caller, rep };
}
