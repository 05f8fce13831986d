/**
 * Who stands where towards a case. Every grant becomes a scope key; a case names the keys of
 * the people around it (its representative, its unit's handlers, its level's assigner and
 * supervisor, its county office). The same keys find the recipients of a notification and the
 * caller's relations, so both always agree.
 *
 * Every key names its county right after its kind (`handler:<county>:<unit>`): one environment
 * serves many counties, and a grant of one county never matches anything of another, whatever
 * ids the two happen to share.
 */
import { LEVELS, type CaseRecord, type Level, type Recipient, type Relation, type RoleGrant, type StaffRole, type Unit } from '../../types/domain';

/** The scope keys, built in one place. */
export const scopeKey = {
  representative: (countyId: string, representativeId: string) => `representative:${countyId}:${representativeId}`,
  handler: (countyId: string, unitId: string) => `handler:${countyId}:${unitId}`,
  office: (countyId: string) => `office:${countyId}`,
  /** a county-level assigner or supervisor covers the county; a township one its township; a village-link supervisor one village */
  assigner: (countyId: string, level: 'county' | 'township', areaId?: string) =>
    level === 'county' ? `assigner:${countyId}:county` : `assigner:${countyId}:township:${areaId}`,
  supervisor: (countyId: string, level: Level, areaId?: string) =>
    level === 'county' ? `supervisor:${countyId}:county` : `supervisor:${countyId}:${level}:${areaId}`,
};

/** A scope key read back: its kind, its county, and for area keys the level and the area's id. */
export interface ParsedKey {
  kind: StaffRole;
  countyId: string;
  level?: Level;
  /** the representative, unit, township or village it names */
  id?: string;
}

export function parseScopeKey(key: string): ParsedKey | null {
  const [kind, countyId, ...rest] = key.split(':');
  if (!countyId) return null;
  switch (kind) {
    case 'office':
      return rest.length === 0 ? { kind, countyId } : null;
    case 'representative':
    case 'handler':
      return rest.length ? { kind, countyId, id: rest.join(':') } : null;
    case 'assigner':
    case 'supervisor': {
      const [level, ...area] = rest;
      if (level === 'county' && area.length === 0) return { kind, countyId, level };
      if ((level === 'township' || (level === 'village' && kind === 'supervisor')) && area.length) return { kind, countyId, level, id: area.join(':') };
      return null;
    }
    default:
      return null;
  }
}

/** Every grant of a county also gives its staff key: who holds any role there (the office's list of people). */
export const staffKey = (countyId: string) => `staff:${countyId}`;

export function scopeKeys(grant: RoleGrant): string[] {
  const c = grant.countyId;
  switch (grant.role) {
    case 'representative':
      return grant.representativeId ? [scopeKey.representative(c, grant.representativeId)] : [];
    case 'handler':
      return grant.unitId ? [scopeKey.handler(c, grant.unitId)] : [];
    case 'office':
      return [scopeKey.office(c)];
    case 'assigner':
      return grant.level === 'county' ? [scopeKey.assigner(c, 'county')] : grant.townshipId ? [scopeKey.assigner(c, 'township', grant.townshipId)] : [];
    case 'supervisor':
      if (grant.level === 'county') return [scopeKey.supervisor(c, 'county')];
      if (grant.level === 'township' && grant.townshipId) return [scopeKey.supervisor(c, 'township', grant.townshipId)];
      return (grant.villageIds ?? []).map((v) => scopeKey.supervisor(c, 'village', v));
  }
}

type CaseScope = Pick<CaseRecord, 'countyId' | 'townshipId' | 'villageId' | 'representativeId' | 'level' | 'unitId' | 'coUnitIds'>;

/** The assigner of a case: the township 组织委员 unless it is a county case (county office). */
export function assignerKey(c: Pick<CaseScope, 'countyId' | 'townshipId'>, level: Level | null): string {
  return level === 'county' ? scopeKey.assigner(c.countyId, 'county') : scopeKey.assigner(c.countyId, 'township', c.townshipId);
}

/**
 * The supervising leader of a case's level; before it has one, its township's (as its assigner is
 * the township's): a request nobody accepts in time is pressed (督办) like any other.
 */
export function supervisorKey(c: CaseScope): string {
  const level = c.level ?? 'township';
  return scopeKey.supervisor(c.countyId, level, level === 'township' ? c.townshipId : c.villageId);
}

/** The keys of a case's representative, its lead and co-handling units' handlers, and its office. */
/** A case whose representative left and which the office took over is the office's to follow. */
export const representativeKey = (c: Pick<CaseScope, 'countyId' | 'representativeId'>) =>
  c.representativeId === null ? scopeKey.office(c.countyId) : scopeKey.representative(c.countyId, c.representativeId);
export const unitKey = (c: Pick<CaseScope, 'countyId'>, unitId: string) => scopeKey.handler(c.countyId, unitId);
export const officeKey = (c: Pick<CaseScope, 'countyId'>) => scopeKey.office(c.countyId);

/** Scope keys of each relation to this case (the resident is matched by openid, not by key). */
export function caseKeys(c: CaseScope): Record<Exclude<Relation, 'resident' | 'co_reporter'>, string[]> {
  const supervisor = supervisorKey(c);
  return {
    representative: [representativeKey(c)],
    assigner: [assignerKey(c, c.level)],
    handler: c.unitId ? [unitKey(c, c.unitId)] : [],
    co_handler: c.coUnitIds.map((u) => unitKey(c, u)),
    supervisor: [supervisor],
    office: [officeKey(c)],
  };
}

/**
 * A request with no resident of its own in the system: entered in person (接待日志, or a grid visit,
 * 网格走访), or made from a representative's proposal (转作意见建议). Whoever follows it as its
 * representative — the one who entered or proposed it, a successor, or the office — stands in for
 * the resident (hears the replies, rates), and it was accepted as it was made; except a request
 * village staff entered on a grid visit, which they follow themselves (`followsByOpenid`).
 */
export const standsIn = (c: { receptionId: string | null; proposalId?: string | null; gridVisitId?: string | null }): boolean =>
  c.receptionId !== null || !!c.proposalId || !!c.gridVisitId;

/** What a read must project to tell whose request a case is: its resident, and whether someone stands in for them (`standsIn`). */
export const RESIDENT_FIELDS = { resident: true, receptionId: true, proposalId: true, gridVisitId: true } as const;

/** A resident's openid on a request followed by its representative for them: `entered:<case id>`, never a caller's. */
export const ENTERED = 'entered:';

/**
 * A request standing in for its resident that the one who entered it follows by their own openid
 * (village staff on a grid visit), not its representative.
 */
export const followsByOpenid = (c: {
  receptionId: string | null;
  proposalId?: string | null;
  gridVisitId?: string | null;
  resident: { openid: string };
}): boolean => standsIn(c) && !c.resident.openid.startsWith(ENTERED);

/** Who hears what the resident is told: the resident, or for a request entered in person whoever follows it for them. */
export const residentRecipient = (
  c: Pick<CaseRecord, 'resident' | 'receptionId' | 'proposalId' | 'gridVisitId' | 'countyId' | 'representativeId'>,
): Recipient => (standsIn(c) && !followsByOpenid(c) ? { key: representativeKey(c) } : { openid: c.resident.openid });

/**
 * How a caller stands towards a case (see `standsIn` for requests without a resident of their own).
 * Its followers (a resident who opened a 代办's follow code) stand towards it as its resident does.
 */
export function relationsTo(
  c: CaseScope & {
    resident: { openid: string };
    receptionId: string | null;
    proposalId?: string | null;
    gridVisitId?: string | null;
    followers?: readonly string[];
    coReporters?: readonly string[];
  },
  caller: { openid: string; scopes: readonly string[] },
): Relation[] {
  const keys = caseKeys(c);
  const own = standsIn(c) && !followsByOpenid(c) ? keys.representative.some((k) => caller.scopes.includes(k)) : c.resident.openid === caller.openid;
  const resident = own || (c.followers ?? []).includes(caller.openid);
  // a co-reporter (我也反映) hears and sees it as a resident does, but is not its resident: no name, no phone, no withdrawing
  const out: Relation[] = resident ? ['resident'] : (c.coReporters ?? []).includes(caller.openid) ? ['co_reporter'] : [];
  for (const rel of Object.keys(keys) as Array<keyof typeof keys>) {
    if (keys[rel].some((k) => caller.scopes.includes(k))) out.push(rel);
  }
  // whoever handles it does not also speak for its resident: no rating or pressing of their own unit's work
  return out.includes('handler') || out.includes('co_handler') ? out.filter((r) => r !== 'resident' && r !== 'co_reporter') : out;
}

/** Relations that handle the case and so may see the resident's contact details. */
export const HANDLING: readonly Relation[] = ['representative', 'assigner', 'handler', 'co_handler'];

/**
 * Levels this caller may assign the case to: a representative or township assigner routes within
 * the township (village or township units); the county office routes anywhere in the county.
 */
export function assignableLevels(c: CaseScope, scopes: readonly string[]): Level[] {
  if (scopes.includes(assignerKey(c, 'county'))) return [...LEVELS];
  const local = scopes.includes(assignerKey(c, 'township')) || scopes.includes(representativeKey(c));
  return local ? ['village', 'township'] : [];
}

/** Why a routing target is wrong for this case, or null when it is right. */
export function assignmentProblem(c: CaseScope, level: Level, lead: Unit, coUnits: readonly Unit[]): string | null {
  if (lead.countyId !== c.countyId || lead.level !== level) return '承办单位与所选层级不符';
  if (level === 'village' && lead.villageId !== c.villageId) return '村级事项只能交给本村(社区)办理';
  if (level === 'township' && lead.townshipId !== c.townshipId) return '镇级事项只能交给本镇(街道)的站所办理';
  if (coUnits.length > 0 && level !== 'county') return '只有县级事项可以指定协办单位';
  if (coUnits.some((u) => u._id === lead._id || u.level !== 'county' || u.countyId !== c.countyId)) return '协办单位须为本县其他县级部门';
  if (new Set(coUnits.map((u) => u._id)).size !== coUnits.length) return '协办单位重复';
  return null;
}

/**
 * The routing the representative confirms rather than types: the category's usual level and
 * the unit of that level in the case's area that handles the category.
 */
export function suggestRoute(
  c: Pick<CaseScope, 'townshipId' | 'villageId'>,
  level: Level,
  category: string,
  units: readonly Unit[],
): { level: Level; unitId: string | null } {
  const inArea = units.filter(
    (u) => u.level === level && (level === 'village' ? u.villageId === c.villageId : level === 'township' ? u.townshipId === c.townshipId : true),
  );
  const unit = inArea.find((u) => u.categories.includes(category)) ?? (inArea.length === 1 ? inArea[0] : undefined);
  return { level, unitId: unit?._id ?? null };
}
