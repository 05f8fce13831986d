/**
 * The office's list of people (人员与权限): who holds a role in its county, taking a role away
 * (with a reason, effective on that person's next call: what a caller may do is worked out from
 * their grants on every call), and deactivating a representative who left: their card stops
 * taking requests and their open cases move to a successor or to the office.
 */
import type { Actor, CaseRecord, Invitation, Representative, RoleGrant, StaffRole, Township, Unit, User, Village } from '../../../types/domain';
import { transferCase } from '../../domain/case';
import { LEVEL_TEXT, RELATION_TEXT } from '../../domain/labels';
import { scopeKeys, staffKey } from '../../domain/roles';
import { TERMINAL } from '../../domain/transitions';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById, scanAll } from '../store';
import { audit } from './audit';
import { requireOffice } from './office';
import { outboxEntries, saveCase } from './outbox';
import { scopesOf } from './people';

export interface GrantView {
  /** names the grant when taking it away */
  key: string;
  role: StaffRole;
  roleText: string;
  /** where it applies: the unit, township, villages, the representative, or the county */
  where: string;
}

export interface PersonView {
  openid: string;
  name: string;
  grants: GrantView[];
}

export interface RosterRepresentative {
  id: string;
  code: string;
  name: string;
  cardCode: string;
  active: boolean;
  villageNames: string[];
  leftAt: number | null;
  leftReason: string | null;
}

export interface Roster {
  people: PersonView[];
  representatives: RosterRepresentative[];
}

/** One name for the grant: its scope keys together. */
export const grantKey = (g: RoleGrant): string => scopeKeys(g).join('|');

async function namesOf(ctx: Ctx, countyId: string) {
  const all = <T extends { _id: string }>(name: 'townships' | 'villages' | 'units' | 'representatives') =>
    getAll(collection<T>(ctx.db, name).where({ countyId }).orderBy('_id', 'asc'));
  const [townships, villages, units, representatives] = await Promise.all([
    all<Township>('townships'),
    all<Village>('villages'),
    all<Unit>('units'),
    all<Representative>('representatives'),
  ]);
  const name = new Map<string, string>([...townships, ...villages, ...units, ...representatives].map((x) => [x._id, x.name]));
  return { name: (id: string | undefined) => (id ? (name.get(id) ?? id) : ''), villages, representatives };
}

function grantView(g: RoleGrant, name: (id: string | undefined) => string): GrantView {
  const where =
    g.role === 'handler'
      ? name(g.unitId)
      : g.role === 'representative'
        ? `${name(g.representativeId)}的联系卡`
        : g.role === 'office'
          ? '本县'
          : g.level === 'village'
            ? (g.villageIds ?? []).map(name).join('、')
            : g.level === 'township'
              ? name(g.townshipId)
              : LEVEL_TEXT.county;
  return { key: grantKey(g), role: g.role, roleText: RELATION_TEXT[g.role], where };
}

export async function roster(ctx: Ctx): Promise<Roster> {
  const { office } = await requireOffice(ctx);
  const countyId = office.countyId;
  const [users, names] = await Promise.all([
    getAll(
      collection<User>(ctx.db, 'users')
        .where({ scopes: staffKey(countyId) })
        .orderBy('_id', 'asc'),
    ),
    namesOf(ctx, countyId),
  ]);
  const villageName = new Map(names.villages.map((v) => [v._id, v.name]));
  return {
    people: users
      .map((u) => ({ openid: u._id, name: u.name, grants: u.grants.filter((g) => g.countyId === countyId).map((g) => grantView(g, names.name)) }))
      .filter((p) => p.grants.length > 0)
      .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    representatives: names.representatives
      .map((r) => ({
        id: r._id,
        code: r.code,
        name: r.name,
        cardCode: r.cardCode,
        active: r.active,
        villageNames: r.villageIds.map((v) => villageName.get(v) ?? v),
        leftAt: r.leftAt ?? null,
        leftReason: r.leftReason ?? null,
      }))
      .sort((a, b) => Number(b.active) - Number(a.active) || a.cardCode.localeCompare(b.cardCode)),
  };
}

/**
 * Takes the grants matching `match` away from one person, in one transaction with its audit
 * lines; answers what was taken. Their next call already goes without them.
 */
async function takeAway(
  ctx: Ctx,
  by: { openid: string; name: string },
  openid: string,
  countyId: string,
  match: (g: RoleGrant) => boolean,
  reason: string,
): Promise<GrantView[]> {
  const now = ctx.clock.now();
  const names = await namesOf(ctx, countyId);
  const outcome = await ctx.db.runTransaction(async (tx) => {
    const user = checked(await tx.collection<User>('users').doc(openid).get()).data;
    const gone = (user?.grants ?? []).filter((g) => g.countyId === countyId && match(g));
    if (!user || gone.length === 0) return { error: notFound('这项身份') };
    const grants = user.grants.filter((g) => !gone.includes(g));
    const { _id, ...rest } = user;
    checked(
      await tx
        .collection('users')
        .doc(openid)
        .set({ ...rest, grants, scopes: scopesOf(grants), updatedAt: now }),
    );
    const views = gone.map((g) => grantView(g, names.name));
    for (const v of views) {
      await audit(tx, {
        countyId,
        kind: 'revoke',
        at: now,
        by: by.openid,
        byName: by.name,
        subject: `${user.name}（${v.roleText} · ${v.where}）`,
        caseId: null,
        detail: reason,
      });
    }
    return { views };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.views;
}

/** The office takes one role away from someone in its county, saying why. */
export async function revokeGrant(ctx: Ctx, input: { openid: string; key: string; reason: string }): Promise<{ revoked: GrantView[] }> {
  const { caller, office } = await requireOffice(ctx);
  if (input.openid === caller.openid && input.key === grantKey(office)) throw forbidden('不能取消自己的办公室身份：请由本县另一位办公室人员操作');
  const revoked = await takeAway(
    ctx,
    { openid: caller.openid, name: caller.user.name },
    input.openid,
    office.countyId,
    (g) => grantKey(g) === input.key,
    input.reason,
  );
  ctx.log.info('grant revoked', { countyId: office.countyId, openid: input.openid, key: input.key });
  return { revoked };
}

export interface DeactivateInput {
  representativeId: string;
  reason: string;
  /** who follows their open cases: another active representative of the county, or the office (null) */
  successorId: string | null;
}

/**
 * A representative who left (换届, moved away): their card stops taking requests and says where
 * to go instead, whoever held their role loses it and unused invitations to it are withdrawn, and
 * each of their open cases moves to the successor or the office, with the move in its timeline.
 * Asked again, it does what is left; so does the housekeeping timer (finishDepartures).
 */
export async function deactivateRepresentative(ctx: Ctx, input: DeactivateInput): Promise<{ moved: number; revoked: number }> {
  const { caller, office } = await requireOffice(ctx);
  const countyId = office.countyId;
  const rep = await getById<Representative>(ctx.db, 'representatives', input.representativeId);
  if (!rep || rep.countyId !== countyId) throw notFound('党代表');
  let successor: Representative | null = null;
  if (input.successorId !== null) {
    successor = await getById<Representative>(ctx.db, 'representatives', input.successorId);
    if (!successor || successor.countyId !== countyId || !successor.active) throw invalid('successorId', '接手的党代表须是本县在任的党代表');
    if (successor._id === rep._id) throw invalid('successorId', '接手的须是另一位党代表');
  }
  const now = ctx.clock.now();
  const who = { openid: caller.openid, name: caller.user.name };

  const left = rep.active;
  if (left) {
    await ctx.db.runTransaction(async (tx) => {
      checked(
        await tx
          .collection('representatives')
          .doc(rep._id)
          .update({ active: false, leftAt: now, leftReason: input.reason, successorId: successor?._id ?? null }),
      );
      await audit(tx, {
        countyId,
        kind: 'deactivate',
        at: now,
        by: caller.openid,
        byName: caller.user.name,
        subject: `党代表${rep.name}（联系卡${rep.cardCode}）`,
        caseId: null,
        detail: input.reason,
      });
    });
  } else if ((rep.successorId ?? null) !== (successor?._id ?? null)) {
    // asked again with another successor: what is left goes there, now and from the timer
    checked(
      await ctx.db
        .collection('representatives')
        .doc(rep._id)
        .update({ successorId: successor?._id ?? null }),
    );
  }
  // no one may come to hold the role again: unused invitations to it are withdrawn
  const invitations = await getAll(collection<Invitation>(ctx.db, 'invitations').where({ countyId, usedBy: null }).orderBy('_id', 'asc'));
  for (const inv of invitations.filter((i) => i.grant.role === 'representative' && i.grant.representativeId === rep._id)) {
    checked(await ctx.db.collection('invitations').doc(inv._id).remove());
    await audit(ctx.db, {
      countyId,
      kind: 'uninvite',
      at: now,
      by: caller.openid,
      byName: caller.user.name,
      subject: `${inv.name}（${RELATION_TEXT.representative}）`,
      caseId: null,
      detail: `党代表${rep.name}已离任，收回未用的邀请码`,
    });
  }
  const holders = await getAll(collection<User>(ctx.db, 'users').where({ 'grants.representativeId': rep._id }).orderBy('_id', 'asc').field({ _id: true }));
  let revoked = 0;
  for (const u of holders) {
    revoked += (
      await takeAway(ctx, who, u._id, countyId, (g) => g.role === 'representative' && g.representativeId === rep._id, `党代表已离任：${input.reason}`)
    ).length;
  }
  const moved = await moveOpenCases(ctx, rep, successor, { relation: 'office', name: caller.user.name }, input.reason);
  ctx.log.info('representative deactivated', { countyId, representativeId: rep._id, moved, revoked, to: successor?._id ?? 'office' });
  if (!left && moved === 0 && revoked === 0) throw new AppError('INVALID_STATE', `党代表${rep.name}已经离任，也没有需要转交的事项了`);
  return { moved, revoked };
}

/** Moves each open case of a representative who left to the successor, or to the office (null); answers how many. */
async function moveOpenCases(ctx: Ctx, rep: Representative, successor: Representative | null, by: Actor, reason: string): Promise<number> {
  const now = ctx.clock.now();
  const open = await scanAll<CaseRecord>(
    ctx.db,
    'cases',
    { countyId: rep.countyId, representativeId: rep._id, status: ctx.db.command.nin([...TERMINAL]) },
    { status: true },
  );
  let moved = 0;
  for (const { _id } of open) {
    const done = await ctx.db.runTransaction(async (tx) => {
      const c = checked(await tx.collection<CaseRecord>('cases').doc(_id).get()).data;
      if (!c || c.representativeId !== rep._id || TERMINAL.includes(c.status)) return false;
      const applied = transferCase(c, successor && { id: successor._id, name: successor.name }, by, reason, now);
      await saveCase(tx, c, applied.next, outboxEntries(applied.next, applied.event.id, applied.notifications, now));
      return true;
    });
    if (done) moved++;
  }
  return moved;
}

const DEPARTURE_SWEEP_DAYS = 30;

/**
 * Open cases still with a representative who left — a move the office's call did not live to
 * finish, or a request that came in on their card as they left — go where the office said:
 * the successor while they still serve, or else the office.
 */
export async function finishDepartures(ctx: Ctx): Promise<number> {
  // a card stops taking requests as its representative leaves: a month on, nothing is left to move
  const since = ctx.clock.now() - DEPARTURE_SWEEP_DAYS * 24 * 3600 * 1000;
  const left = await getAll(
    collection<Representative>(ctx.db, 'representatives')
      .where({ active: false, leftAt: ctx.db.command.gt(since) })
      .orderBy('_id', 'asc'),
  );
  let moved = 0;
  for (const rep of left) {
    const named = rep.successorId ? await getById<Representative>(ctx.db, 'representatives', rep.successorId) : null;
    const successor = named?.active && named.countyId === rep.countyId ? named : null;
    moved += await moveOpenCases(ctx, rep, successor, { relation: 'system', name: '系统' }, rep.leftReason ?? '党代表已离任');
  }
  return moved;
}
