/**
 * Who stands where towards a case. Every grant becomes a scope key; a case names the keys of
 * the people around it (its representative, its unit's handlers, its level's assigner and
 * supervisor, its county office). The same keys find the recipients of a notification and the
 * caller's relations, so both always agree.
 */
import type { CaseRecord, Level, Relation, RoleGrant, Unit } from '../../types/domain';

export function scopeKeys(grant: RoleGrant): string[] {
  switch (grant.role) {
    case 'representative':
      return grant.representativeId ? [`representative:${grant.representativeId}`] : [];
    case 'handler':
      return grant.unitId ? [`handler:${grant.unitId}`] : [];
    case 'office':
      return [`office:${grant.countyId}`];
    case 'assigner':
      return grant.level === 'county'
        ? [`assigner:county:${grant.countyId}`]
        : grant.townshipId
          ? [`assigner:township:${grant.townshipId}`]
          : [];
    case 'supervisor':
      if (grant.level === 'county') return [`supervisor:county:${grant.countyId}`];
      if (grant.level === 'township' && grant.townshipId) return [`supervisor:township:${grant.townshipId}`];
      return (grant.villageIds ?? []).map((v) => `supervisor:village:${v}`);
  }
}

type CaseScope = Pick<
  CaseRecord,
  'countyId' | 'townshipId' | 'villageId' | 'representativeId' | 'level' | 'unitId' | 'coUnitIds'
>;

/** The assigner of a case: the township 组织委员 unless it is a county case (county office). */
export function assignerKey(c: Pick<CaseScope, 'countyId' | 'townshipId'>, level: Level | null): string {
  return level === 'county' ? `assigner:county:${c.countyId}` : `assigner:township:${c.townshipId}`;
}

/** The supervising leader of a case's level, once it has one. */
export function supervisorKey(c: CaseScope): string | null {
  if (c.level === 'county') return `supervisor:county:${c.countyId}`;
  if (c.level === 'township') return `supervisor:township:${c.townshipId}`;
  if (c.level === 'village') return `supervisor:village:${c.villageId}`;
  return null;
}

/** Scope keys of each relation to this case (the resident is matched by openid, not by key). */
export function caseKeys(c: CaseScope): Record<Exclude<Relation, 'resident'>, string[]> {
  const supervisor = supervisorKey(c);
  return {
    representative: [`representative:${c.representativeId}`],
    assigner: [assignerKey(c, c.level)],
    handler: c.unitId ? [`handler:${c.unitId}`] : [],
    co_handler: c.coUnitIds.map((u) => `handler:${u}`),
    supervisor: supervisor ? [supervisor] : [],
    office: [`office:${c.countyId}`],
  };
}

export function relationsTo(
  c: CaseScope & { resident: { openid: string } },
  caller: { openid: string; scopes: readonly string[] },
): Relation[] {
  const out: Relation[] = c.resident.openid === caller.openid ? ['resident'] : [];
  const keys = caseKeys(c);
  for (const rel of Object.keys(keys) as Array<keyof typeof keys>) {
    if (keys[rel].some((k) => caller.scopes.includes(k))) out.push(rel);
  }
  return out;
}

/** Relations that handle the case and so may see the resident's contact details. */
export const HANDLING: readonly Relation[] = ['representative', 'assigner', 'handler', 'co_handler'];

/**
 * Levels this caller may assign the case to: a representative or township assigner routes within
 * the township (village or township units); the county office routes anywhere in the county.
 */
export function assignableLevels(c: CaseScope, scopes: readonly string[]): Level[] {
  if (scopes.includes(`assigner:county:${c.countyId}`)) return ['village', 'township', 'county'];
  const local =
    scopes.includes(`assigner:township:${c.townshipId}`) || scopes.includes(`representative:${c.representativeId}`);
  return local ? ['village', 'township'] : [];
}

/** Why a routing target is wrong for this case, or null when it is right. */
export function assignmentProblem(
  c: CaseScope,
  level: Level,
  lead: Unit,
  coUnits: readonly Unit[],
): string | null {
  if (lead.countyId !== c.countyId || lead.level !== level) return '承办单位与所选层级不符';
  if (level === 'village' && lead.villageId !== c.villageId) return '村级事项只能交给本村(社区)办理';
  if (level === 'township' && lead.townshipId !== c.townshipId) return '镇级事项只能交给本镇(街道)的站所办理';
  if (coUnits.length > 0 && level !== 'county') return '只有县级事项可以指定协办单位';
  if (coUnits.some((u) => u._id === lead._id || u.level !== 'county' || u.countyId !== c.countyId))
    return '协办单位须为本县其他县级部门';
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
    (u) =>
      u.level === level &&
      (level === 'village' ? u.villageId === c.villageId : level === 'township' ? u.townshipId === c.townshipId : true),
  );
  const unit = inArea.find((u) => u.categories.includes(category)) ?? (inArea.length === 1 ? inArea[0] : undefined);
  return { level, unitId: unit?._id ?? null };
}
