/** Staff identity: who am I, invitation codes issued by the office, binding by code. */
import { randomInt } from 'node:crypto';
import type { Rules } from '../../../config/rules';
import type { Database, Transaction } from '../../../types/db';
import type {
  AuditEntry,
  County,
  Invitation,
  Level,
  Region,
  RegionInvitation,
  RegionLevel,
  Representative,
  RoleGrant,
  StaffRole,
  Township,
  Unit,
  User,
  Village,
} from '../../../types/domain';
import type { Ctx } from '../ctx';
import { AppError, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById } from '../store';
import { boxesFor, type Box } from './cases';
import { requireOffice } from './office';
import { requireCaller, scopesOf } from './people';
import { audit } from './audit';
import { takeSlot } from './limits';
import { HOUR_MS } from '../../domain/limits';
import { RELATION_TEXT } from '../../domain/labels';
import { scopeKey } from '../../domain/roles';

export interface Me {
  openid: string;
  name: string | null;
  grants: RoleGrant[];
  boxes: Box[];
  /** a representative's own contact cards (for printing them) */
  cardCodes: string[];
  /** the cities or provinces whose counties' figures this person reads */
  regions: Array<Pick<Region, '_id' | 'name' | 'level'>>;
}

export async function me(ctx: Ctx): Promise<Me> {
  const caller = await requireCaller(ctx);
  const grants = caller.user?.grants ?? [];
  const repIds = grants.flatMap((g) => (g.role === 'representative' && g.representativeId ? [g.representativeId] : []));
  const reps = repIds.length
    ? checked(
        await collection<Representative>(ctx.db, 'representatives')
          .where({ _id: ctx.db.command.in(repIds) })
          .field({ cardCode: true })
          .get(),
      ).data
    : [];
  const regionIds = caller.user?.regions ?? [];
  const regions = regionIds.length
    ? checked(
        await collection<Region>(ctx.db, 'regions')
          .where({ _id: ctx.db.command.in(regionIds) })
          .field({ name: true, level: true })
          .get(),
      ).data
    : [];
  return {
    openid: caller.openid,
    name: caller.user?.name ?? null,
    grants,
    boxes: boxesFor(caller.scopes, ctx.db.command),
    cardCodes: reps.map((r) => r.cardCode),
    regions,
  };
}

export interface InvitationInput {
  name: string;
  role: StaffRole;
  level?: Level;
  townshipId?: string;
  villageIds?: string[];
  unitId?: string;
  representativeId?: string;
}

/** A code as the audit trail shows it: enough to tell codes apart, not to use one (ABCD****). */
export const maskCode = (code: string) => `${code.slice(0, 4)}****`;

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export function newCode(length = CODE_LENGTH): string {
  return Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

async function mustExist(ctx: Ctx, coll: 'townships' | 'villages' | 'units' | 'representatives', id: string, countyId: string, field: string) {
  const doc = await getById<{ _id: string; countyId: string }>(ctx.db, coll, id);
  if (!doc || doc.countyId !== countyId) throw invalid(field, '所选的单位或人员不在本县');
  return doc;
}

/** The grant an invitation carries, checked against the office's county. */
async function grantFor(ctx: Ctx, countyId: string, input: InvitationInput): Promise<RoleGrant> {
  const grant: RoleGrant = { role: input.role, countyId };
  switch (input.role) {
    case 'representative': {
      if (!input.representativeId) throw invalid('representativeId', '请选择党代表');
      const rep = (await mustExist(ctx, 'representatives', input.representativeId, countyId, 'representativeId')) as Representative;
      if (!rep.active) throw invalid('representativeId', `党代表${rep.name}已离任`);
      return { ...grant, representativeId: input.representativeId };
    }
    case 'handler': {
      if (!input.unitId) throw invalid('unitId', '请选择承办单位');
      const unit = (await mustExist(ctx, 'units', input.unitId, countyId, 'unitId')) as Unit;
      return { ...grant, unitId: unit._id };
    }
    case 'assigner':
    case 'supervisor': {
      const level = input.level ?? (input.townshipId ? 'township' : 'county');
      if (level === 'county') return { ...grant, level };
      if (level === 'township') {
        if (!input.townshipId) throw invalid('townshipId', '请选择乡镇(街道)');
        await mustExist(ctx, 'townships', input.townshipId, countyId, 'townshipId');
        return { ...grant, level, townshipId: input.townshipId };
      }
      if (input.role === 'assigner') throw invalid('level', '交办人只有乡镇和县两级');
      if (!input.villageIds?.length) throw invalid('villageIds', '请选择联系的村(社区)');
      for (const v of input.villageIds) await mustExist(ctx, 'villages', v, countyId, 'villageIds');
      return { ...grant, level, villageIds: input.villageIds };
    }
    case 'office':
      return grant;
  }
}

/** What an invitation names: a grant in a county, or a region's figures. */
type InvitationFields = Pick<Invitation, 'countyId' | 'name' | 'grant' | 'createdBy'> | Pick<RegionInvitation, 'regionId' | 'name' | 'createdBy'>;

/** A new invitation under a fresh code, valid for `rules.invitationDays` (not yet written). */
export function newInvitation<F extends InvitationFields>(
  rules: Pick<Rules, 'invitationDays'>,
  now: number,
  fields: F,
): F & Pick<Invitation, '_id' | 'createdAt' | 'expiresAt' | 'usedBy' | 'usedAt'> {
  const issued: Pick<Invitation, '_id' | 'createdAt' | 'expiresAt' | 'usedBy' | 'usedAt'> = {
    _id: newCode(),
    createdAt: now,
    expiresAt: now + rules.invitationDays * 24 * 3600 * 1000,
    usedBy: null,
    usedAt: null,
  };
  return { ...fields, ...issued };
}

/** Writes a new invitation, valid for `rules.invitationDays`, under a fresh code. */
export async function createInvitation(
  db: Database,
  rules: Pick<Rules, 'invitationDays'>,
  now: number,
  fields: InvitationFields,
): Promise<{ code: string; expiresAt: number }> {
  const invitation = newInvitation(rules, now, fields);
  checked(await db.collection('invitations').add(invitation));
  return { code: invitation._id, expiresAt: invitation.expiresAt };
}

export async function issueInvitation(ctx: Ctx, input: InvitationInput): Promise<{ code: string; expiresAt: number }> {
  const { caller, office } = await requireOffice(ctx);
  const grant = await grantFor(ctx, office.countyId, input);
  const now = ctx.clock.now();
  const issued = await createInvitation(ctx.db, ctx.rules, now, { countyId: office.countyId, name: input.name, grant, createdBy: caller.openid });
  await audit(ctx.db, {
    countyId: office.countyId,
    kind: 'invite',
    at: now,
    by: caller.openid,
    byName: caller.user.name,
    subject: `${input.name}（${RELATION_TEXT[grant.role]}）`,
    caseId: null,
    detail: `邀请码${maskCode(issued.code)}`,
  });
  return issued;
}

/**
 * The invitation of a county's first office account, issued by whoever deploys (`npm run
 * setup:database -- --county …`), since there is no office yet to issue it. Records the county;
 * refused once the county has an office, which then issues every other invitation itself.
 */
export async function inviteFirstOffice(
  db: Database,
  rules: Pick<Rules, 'invitationDays'>,
  now: number,
  input: { countyId: string; countyName: string; name: string },
): Promise<{ code: string; expiresAt: number }> {
  const grant: RoleGrant = { role: 'office', countyId: input.countyId };
  const offices = checked(
    await db
      .collection<User>('users')
      .where({ scopes: scopeKey.office(input.countyId) })
      .count(),
  ).total;
  if (offices > 0) throw new AppError('INVALID_STATE', '这个县已经有办公室账号了，请由办公室在工作台发放邀请码');
  const county: Omit<County, '_id'> = { name: input.countyName, rollupsFrom: now };
  checked(await db.collection('counties').doc(input.countyId).set(county));
  const issued = await createInvitation(db, rules, now, { countyId: input.countyId, name: input.name, grant, createdBy: 'setup' });
  await audit(db, {
    countyId: input.countyId,
    kind: 'invite',
    at: now,
    by: 'setup',
    byName: '部署',
    subject: `${input.name}（${RELATION_TEXT.office}）`,
    caseId: null,
    detail: `第一个办公室账号的邀请码${maskCode(issued.code)}`,
  });
  return issued;
}

/**
 * Deployment (`npm run setup:database -- --region …`): records a city or province over counties
 * already set up, and an invitation for its office to read their figures. Run again, it changes
 * the counties the region covers.
 */
export async function inviteRegionOffice(
  db: Database,
  rules: Pick<Rules, 'invitationDays'>,
  now: number,
  input: { regionId: string; regionName: string; level: RegionLevel; countyIds: string[]; name: string },
): Promise<{ code: string; expiresAt: number }> {
  const _ = db.command;
  const known = checked(
    await db
      .collection<County>('counties')
      .where({ _id: _.in(input.countyIds) })
      .limit(1000)
      .get(),
  ).data.map((c) => c._id);
  const unknown = input.countyIds.filter((id) => !known.includes(id));
  if (unknown.length) throw invalid('countyIds', `这些县(区)还没有部署：${unknown.join('、')}`);
  const region: Omit<Region, '_id'> = { name: input.regionName, level: input.level, countyIds: [...new Set(input.countyIds)] };
  const was = await getById<Region>(db, 'regions', input.regionId);
  checked(await db.collection('regions').doc(input.regionId).set(region));
  // counties added to a region already bound: each finds in its audit trail who now reads its figures
  const added = region.countyIds.filter((id) => was && !was.countyIds.includes(id));
  if (added.length) {
    const bound = await getAll(collection<User>(db, 'users').where({ regions: input.regionId }).orderBy('_id', 'asc').field({ name: true }));
    for (const countyId of added)
      for (const user of bound) await audit(db, regionAudit(countyId, user._id, user.name, region.name, now, '部署时把本县(区)加入了这个市(州)或省'));
  }
  return createInvitation(db, rules, now, { regionId: input.regionId, name: input.name, createdBy: 'setup' });
}

/** A region's office bound by code: it may read the region's figures; each county of it finds the binding in its audit trail. */
async function bindRegion(tx: Transaction, caller: { openid: string }, user: User | null, inv: RegionInvitation, now: number): Promise<AppError | null> {
  const region = checked(await tx.collection<Region>('regions').doc(inv.regionId).get()).data;
  if (!region) return new AppError('INVALID_STATE', '这个邀请码已经失效：找不到这个市(州)或省，请联系部署人员');
  const grants = user?.grants ?? [];
  const next: Omit<User, '_id'> = {
    name: user?.name ?? inv.name,
    grants,
    scopes: scopesOf(grants),
    regions: [...new Set([...(user?.regions ?? []), inv.regionId])],
    createdAt: user?.createdAt ?? now,
    updatedAt: now,
    ...(user?.phone ? { phone: user.phone } : {}),
  };
  checked(await tx.collection('users').doc(caller.openid).set(next));
  for (const countyId of region.countyIds)
    await audit(tx, regionAudit(countyId, caller.openid, next.name, region.name, now, `用邀请码${maskCode(inv._id)}绑定`));
  return null;
}

/** The audit line a county keeps when a region's office is given its figures. */
const regionAudit = (countyId: string, openid: string, name: string, regionName: string, at: number, how: string): Omit<AuditEntry, '_id'> => ({
  countyId,
  kind: 'grant',
  at,
  by: openid,
  byName: name,
  subject: `${name}（${regionName}联系群众工作办公室）`,
  caseId: null,
  detail: `${how}，可看本县统计数字，看不到诉求和群众信息`,
});

/** Why what a grant names is no longer there to be given (read in the redeeming transaction), or null. */
async function targetGone(tx: Transaction, grant: RoleGrant): Promise<string | null> {
  const read = async <T extends { countyId: string }>(name: string, id: string) => {
    const doc = checked(await tx.collection<T & { _id?: string }>(name).doc(id).get()).data;
    return doc && doc.countyId === grant.countyId ? doc : null;
  };
  if (grant.role === 'representative') {
    const rep = await read<Representative>('representatives', grant.representativeId ?? '');
    return !rep ? '找不到这位党代表' : rep.active ? null : `党代表${rep.name}已离任`;
  }
  if (grant.role === 'handler') return (await read<Unit>('units', grant.unitId ?? '')) ? null : '找不到这个承办单位';
  if (grant.level === 'township') return (await read<Township>('townships', grant.townshipId ?? '')) ? null : '找不到这个乡镇(街道)';
  if (grant.level === 'village') {
    for (const v of grant.villageIds ?? []) if (!(await read<Village>('villages', v))) return '找不到所联系的村(社区)';
  }
  return null;
}

/** Wrong codes an identity, and everyone together, may try an hour (sliding windows, `limits` records). */
const redeemLimits = (ctx: Ctx, openid: string) => ({
  mine: { id: `redeem:${openid}`, rules: [{ ms: HOUR_MS, max: ctx.rules.redeem.wrongPerHour }] },
  everyone: { id: 'redeem:*', rules: [{ ms: HOUR_MS, max: ctx.rules.redeem.allWrongPerHour }] },
});

/**
 * Binds the caller to the grant an invitation carries (staff need no other registration). Codes
 * are guessable only by trying: after `rules.redeem.wrongPerHour` wrong ones within an hour an
 * identity is refused (even a right code). Once all wrong tries together reach the global cap,
 * only an identity that has not guessed wrong this hour may still try (a newcomer typing the code
 * the office gave them is not locked out by someone else's guessing). The counts are kept in the
 * transaction that reads the code, so parallel tries count one by one.
 */
export async function redeemInvitation(ctx: Ctx, code: string): Promise<Me> {
  const caller = await requireCaller(ctx);
  const now = ctx.clock.now();
  const result = await guardedCode(ctx, caller.openid, '邀请码输错的次数太多了，请一小时后再试，或请办公室核对邀请码', async (tx, wrong) => {
    const inv = checked(await tx.collection<Invitation | RegionInvitation>('invitations').doc(code).get()).data;
    if (!inv) return wrong(notFound('邀请码，请核对后重新输入'));
    if (inv.usedBy) return wrong(new AppError('INVALID_STATE', '这个邀请码已经用过了'));
    if (inv.expiresAt < now) return wrong(new AppError('INVALID_STATE', '这个邀请码已过期，请联系办公室重新发放'));
    const user = checked(await tx.collection<User>('users').doc(caller.openid).get()).data;
    const used = () => tx.collection('invitations').doc(code).update({ usedBy: caller.openid, usedAt: now });
    if ('regionId' in inv) {
      const refused = await bindRegion(tx, caller, user, inv, now);
      if (!refused) checked(await used());
      return refused;
    }
    // what the code gives must still be there: a representative who left, a unit since removed
    const gone = await targetGone(tx, inv.grant);
    if (gone) return new AppError('INVALID_STATE', `这个邀请码已经失效：${gone}，请联系办公室`);
    const grants = [...(user?.grants ?? []), inv.grant];
    const next: Omit<User, '_id'> = {
      name: user?.name ?? inv.name,
      grants,
      scopes: scopesOf(grants),
      ...(user?.regions ? { regions: user.regions } : {}),
      createdAt: user?.createdAt ?? now,
      updatedAt: now,
      ...(user?.phone ? { phone: user.phone } : {}),
    };
    checked(await tx.collection('users').doc(caller.openid).set(next));
    checked(await used());
    await audit(tx, {
      countyId: inv.countyId,
      kind: 'grant',
      at: now,
      by: caller.openid,
      byName: next.name,
      subject: `${next.name}（${RELATION_TEXT[inv.grant.role]}）`,
      caseId: null,
      detail: `用邀请码${maskCode(code)}绑定，邀请码由${inv.createdBy === 'setup' ? '部署时' : '办公室'}发放`,
    });
    return null;
  });
  if (result) throw result;
  return me(ctx);
}

/**
 * Tries a code someone typed (an invitation, a messenger's invitation, a follow code) in one
 * transaction, counting wrong ones as `redeemInvitation` says: `attempt` answers its result, or
 * `wrong(error)` for a code that is not right (counted), or an error that is not a wrong guess.
 */
export async function guardedCode<T>(
  ctx: Ctx,
  openid: string,
  tooMany: string,
  attempt: (tx: Transaction, wrong: (error: AppError) => Promise<AppError>) => Promise<T | AppError>,
): Promise<T | AppError> {
  const now = ctx.clock.now();
  const { mine, everyone } = redeemLimits(ctx, openid);
  return ctx.db.runTransaction(async (tx) => {
    if (!(await takeSlot(tx, mine.id, now, mine.rules, false))) return new AppError('RATE_LIMITED', tooMany);
    const clean = await takeSlot(tx, mine.id, now, [{ ms: HOUR_MS, max: 1 }], false);
    if (!clean && !(await takeSlot(tx, everyone.id, now, everyone.rules, false))) return new AppError('RATE_LIMITED', tooMany);
    const wrong = async (error: AppError) => {
      await takeSlot(tx, mine.id, now, mine.rules);
      await takeSlot(tx, everyone.id, now, [{ ms: HOUR_MS, max: Number.MAX_SAFE_INTEGER }]);
      return error;
    };
    return attempt(tx, wrong);
  });
}
