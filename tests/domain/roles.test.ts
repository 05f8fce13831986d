import type { RoleGrant } from '../../types/domain';
import { assignableLevels, assignmentProblem, parseScopeKey, relationsTo, scopeKeys, suggestRoute } from '../../src/domain/roles';
import { makeCase, unit } from '../fixtures';

const C = 'qingxi';
const scopes = (...grants: RoleGrant[]) => grants.flatMap(scopeKeys);
const caller = (...grants: RoleGrant[]) => ({ openid: 'o-staff', scopes: scopes(...grants) });

describe('relations to a case', () => {
  const assigned = makeCase({ status: 'handling', level: 'township', unitId: 'qingshi-build', coUnitIds: [] });

  it('recognises the resident by openid only', () => {
    expect(relationsTo(assigned, { openid: 'o-resident', scopes: [] })).toEqual(['resident']);
    expect(relationsTo(assigned, { openid: 'o-other', scopes: [] })).toEqual([]);
  });

  it('recognises the representative of the card the case came through, not another', () => {
    expect(relationsTo(assigned, caller({ role: 'representative', countyId: C, representativeId: 'rep-1' }))).toEqual(['representative']);
    expect(relationsTo(assigned, caller({ role: 'representative', countyId: C, representativeId: 'rep-2' }))).toEqual([]);
  });

  it('makes the township 组织委员 the assigner of village and township cases, the county office of county cases', () => {
    const township = caller({ role: 'assigner', countyId: C, level: 'township', townshipId: 'qingshi' });
    const county = caller({ role: 'assigner', countyId: C, level: 'county' });
    expect(relationsTo(assigned, township)).toEqual(['assigner']);
    expect(relationsTo(assigned, county)).toEqual([]);
    const countyCase = { ...assigned, level: 'county' as const, unitId: 'county-transport' };
    expect(relationsTo(countyCase, township)).toEqual([]);
    expect(relationsTo(countyCase, county)).toEqual(['assigner']);
    expect(relationsTo(makeCase(), caller({ role: 'assigner', countyId: C, level: 'township', townshipId: 'baisha' }))).toEqual([]);
  });

  it('tells the lead unit handler from a co-handling unit handler', () => {
    const countyCase = makeCase({ level: 'county', unitId: 'county-transport', coUnitIds: ['county-water'] });
    expect(relationsTo(countyCase, caller({ role: 'handler', countyId: C, unitId: 'county-transport' }))).toEqual(['handler']);
    expect(relationsTo(countyCase, caller({ role: 'handler', countyId: C, unitId: 'county-water' }))).toEqual(['co_handler']);
    expect(relationsTo(countyCase, caller({ role: 'handler', countyId: C, unitId: 'county-hrss' }))).toEqual([]);
  });

  it('gives each level its supervisor: deputy county head, deputy township head, the linked township leader', () => {
    const countySup = caller({ role: 'supervisor', countyId: C, level: 'county' });
    const townshipSup = caller({ role: 'supervisor', countyId: C, level: 'township', townshipId: 'qingshi' });
    const villageSup = caller({ role: 'supervisor', countyId: C, level: 'village', villageIds: ['taoyuan'] });
    const at = (level: 'village' | 'township' | 'county') => makeCase({ level });
    expect(relationsTo(at('county'), countySup)).toEqual(['supervisor']);
    expect(relationsTo(at('township'), countySup)).toEqual([]);
    expect(relationsTo(at('township'), townshipSup)).toEqual(['supervisor']);
    expect(relationsTo(at('village'), villageSup)).toEqual(['supervisor']);
    expect(relationsTo(at('village'), townshipSup)).toEqual([]);
    expect(relationsTo(makeCase({ level: null }), villageSup)).toEqual([]);
  });

  it('lets the office see every case in its county only', () => {
    expect(relationsTo(makeCase(), caller({ role: 'office', countyId: C }))).toEqual(['office']);
    expect(relationsTo(makeCase(), caller({ role: 'office', countyId: 'other' }))).toEqual([]);
  });

  it('never relates a grant of another county to a case, even where the two counties use the same ids', () => {
    const c = makeCase({ status: 'handling', level: 'village', unitId: 'vc-taoyuan', coUnitIds: ['county-water'] });
    const B = 'other';
    const sameIdsElsewhere: RoleGrant[] = [
      { role: 'representative', countyId: B, representativeId: c.representativeId! },
      { role: 'handler', countyId: B, unitId: 'vc-taoyuan' },
      { role: 'handler', countyId: B, unitId: 'county-water' },
      { role: 'assigner', countyId: B, level: 'township', townshipId: c.townshipId },
      { role: 'assigner', countyId: B, level: 'county' },
      { role: 'supervisor', countyId: B, level: 'village', villageIds: [c.villageId] },
      { role: 'supervisor', countyId: B, level: 'township', townshipId: c.townshipId },
      { role: 'supervisor', countyId: B, level: 'county' },
      { role: 'office', countyId: B },
    ];
    for (const level of ['village', 'township', 'county'] as const) {
      expect(relationsTo({ ...c, level }, caller(...sameIdsElsewhere))).toEqual([]);
      expect(assignableLevels({ ...c, level }, scopes(...sameIdsElsewhere))).toEqual([]);
    }
  });
});

describe('scope keys', () => {
  it('name the county after the kind, and read back to the same grant parts', () => {
    const grants: RoleGrant[] = [
      { role: 'representative', countyId: C, representativeId: '500231:rep-1' },
      { role: 'handler', countyId: C, unitId: 'qingshi-build' },
      { role: 'office', countyId: C },
      { role: 'assigner', countyId: C, level: 'county' },
      { role: 'assigner', countyId: C, level: 'township', townshipId: 'qingshi' },
      { role: 'supervisor', countyId: C, level: 'village', villageIds: ['taoyuan', 'liuhe'] },
    ];
    expect(scopes(...grants).map(parseScopeKey)).toEqual([
      { kind: 'representative', countyId: C, id: '500231:rep-1' },
      { kind: 'handler', countyId: C, id: 'qingshi-build' },
      { kind: 'office', countyId: C },
      { kind: 'assigner', countyId: C, level: 'county' },
      { kind: 'assigner', countyId: C, level: 'township', id: 'qingshi' },
      { kind: 'supervisor', countyId: C, level: 'village', id: 'taoyuan' },
      { kind: 'supervisor', countyId: C, level: 'village', id: 'liuhe' },
    ]);
  });

  it('reads nothing from a key without its county or of an unknown shape', () => {
    for (const key of ['office', 'handler:qingxi', 'assigner:qingxi:village:taoyuan', 'supervisor:qingxi:county:x', 'boss:qingxi:x', 'representative']) {
      expect(parseScopeKey(key)).toBeNull();
    }
  });
});

describe('routing', () => {
  const c = makeCase({ status: 'accepted' });

  it('lets representatives and township assigners route within the township, the county office anywhere', () => {
    expect(assignableLevels(c, scopes({ role: 'representative', countyId: C, representativeId: 'rep-1' }))).toEqual(['village', 'township']);
    expect(assignableLevels(c, scopes({ role: 'assigner', countyId: C, level: 'township', townshipId: 'qingshi' }))).toEqual(['village', 'township']);
    expect(assignableLevels(c, scopes({ role: 'assigner', countyId: C, level: 'county' }))).toEqual(['village', 'township', 'county']);
    expect(assignableLevels(c, scopes({ role: 'handler', countyId: C, unitId: 'x' }))).toEqual([]);
  });

  it('rejects a unit of the wrong level, village or township, and co-units outside county cases', () => {
    const villageUnit = unit({ _id: 'vc-taoyuan', level: 'village', townshipId: 'qingshi', villageId: 'taoyuan' });
    const otherVillage = unit({ _id: 'vc-liuhe', level: 'village', townshipId: 'qingshi', villageId: 'liuhe' });
    const otherTownship = unit({ _id: 'baisha-build', level: 'township', townshipId: 'baisha' });
    const transport = unit({ _id: 'county-transport', level: 'county' });
    const water = unit({ _id: 'county-water', level: 'county' });
    expect(assignmentProblem(c, 'village', villageUnit, [])).toBeNull();
    expect(assignmentProblem(c, 'township', villageUnit, [])).toMatch(/层级/);
    expect(assignmentProblem(c, 'village', otherVillage, [])).toMatch(/本村/);
    expect(assignmentProblem(c, 'township', otherTownship, [])).toMatch(/本镇/);
    expect(assignmentProblem(c, 'county', transport, [water])).toBeNull();
    expect(assignmentProblem(c, 'county', transport, [transport])).toMatch(/协办/);
    expect(assignmentProblem(c, 'county', transport, [water, water])).toMatch(/重复/);
    expect(assignmentProblem(c, 'village', villageUnit, [water])).toMatch(/县级事项/);
  });

  it('suggests the unit of the case area that handles the category', () => {
    const units = [
      unit({ _id: 'qingshi-build', level: 'township', townshipId: 'qingshi', categories: ['road'] }),
      unit({ _id: 'qingshi-social', level: 'township', townshipId: 'qingshi', categories: ['welfare'] }),
      unit({ _id: 'baisha-build', level: 'township', townshipId: 'baisha', categories: ['road'] }),
      unit({ _id: 'vc-taoyuan', level: 'village', townshipId: 'qingshi', villageId: 'taoyuan' }),
    ];
    expect(suggestRoute(c, 'township', 'road', units)).toEqual({ level: 'township', unitId: 'qingshi-build' });
    expect(suggestRoute(c, 'township', 'dispute', units)).toEqual({ level: 'township', unitId: null });
    expect(suggestRoute(c, 'village', 'dispute', units)).toEqual({ level: 'village', unitId: 'vc-taoyuan' });
  });
});
