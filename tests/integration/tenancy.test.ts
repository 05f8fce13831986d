/**
 * One environment, many counties. Two counties import the import template's own example codes
 * (qingshi, taoyuan, vc-taoyuan, rep-1…): each gets its own records, a card code another county
 * holds is a row error, and no grant of county B matches anything of county A — tried as a matrix
 * of every B identity × every callable action aimed at A's records, with A's stored records
 * compared before and after.
 */
import ExcelJS from 'exceljs';
import { RULES } from '../../config/rules';
import type { ApiResult } from '../../types/api';
import type { Callback, CaseRecord, Invitation, Message, Representative } from '../../types/domain';
import { FUNCTIONS } from '../../src/runtime/local/functions';
import { checked, getAll } from '../../src/server/store';
import { inviteFirstOffice, inviteRegionOffice } from '../../src/server/usecases/staff';
import type { RegionStatistics } from '../../src/server/usecases/region';
import type { Statistics } from '../../src/domain/statistics';
import type { ImportResult } from '../../src/server/usecases/organisation';
import { startHarness, submission, uploaded, type Harness } from '../harness';

const A = '500231';
const B = '500232';
const NAMES: Record<string, { county: string; rep: string; phone: string }> = {
  [A]: { county: '垫江县', rep: '甲代表', phone: '13711110001' },
  [B]: { county: '梁平区', rep: '乙代表', phone: '13722220001' },
};
const ROLES = [
  'rep',
  'assigner',
  'assigner-county',
  'handler-village',
  'handler-township',
  'handler-county',
  'sup-village',
  'sup-township',
  'sup-county',
] as const;
const who = (county: string, role: string) => `wx-${county}-${role}`;
/** the offices of a city over A and B, and of one over B only */
const REGION_OF_AB = 'wx-region-ab';
const REGION_OF_B = 'wx-region-b';

/** The template's example codes, with this county's names and card codes. */
function sheets(county: string, card: string): Record<string, string[][]> {
  const n = NAMES[county]!;
  return {
    乡镇: [
      ['编号', '名称'],
      ['qingshi', '青石镇'],
    ],
    村社区: [
      ['编号', '名称', '乡镇编号'],
      ['taoyuan', '桃源村', 'qingshi'],
    ],
    承办单位: [
      ['编号', '名称', '层级', '乡镇编号', '村编号', '类别'],
      ['vc-taoyuan', '桃源村村委会', '村(社区)', '', 'taoyuan', '环境卫生'],
      ['qingshi-build', '青石镇村镇建设服务中心', '乡镇(街道)', 'qingshi', '', '道路交通'],
      ['county-transport', '县交通运输局', '县级部门', '', '', '道路交通'],
      ['county-water', '县水利局', '县级部门', '', '', '水电气'],
    ],
    党代表: [
      ['编号', '姓名', '层级', '职务', '电话', '联系村', '接待小组', '联系卡编号'],
      ['rep-1', n.rep, '乡镇党代表', '青石镇党代表', n.phone, 'taoyuan', '', card],
    ],
    工作室: [
      ['编号', '名称', '村编号', '接待周期', '接待日', '首次接待日期', '接待时段', '党代表编号'],
      ['ws-taoyuan', '桃源村党代表工作室', 'taoyuan', '每周', '星期一', '', '上午9:00—12:00', 'rep-1'],
    ],
    工作人员: [
      ['姓名', '身份', '单位编号', '乡镇编号', '村编号', '党代表编号'],
      [n.rep, '党代表', '', '', '', 'rep-1'],
      ['交办人', '交办人', '', 'qingshi', '', ''],
      ['县交办人', '交办人', '', '', '', ''],
      ['村承办人', '承办人', 'vc-taoyuan', '', '', ''],
      ['镇承办人', '承办人', 'qingshi-build', '', '', ''],
      ['县承办人', '承办人', 'county-transport', '', '', ''],
      ['村督办', '督办领导', '', '', 'taoyuan', ''],
      ['镇督办', '督办领导', '', 'qingshi', '', ''],
      ['县督办', '督办领导', '', '', '', ''],
    ],
    活动小组: [
      ['编号', '名称', '组长', '成员'],
      ['grp-qingshi', '青石镇活动小组', 'rep-1', 'rep-1'],
    ],
  };
}

async function workbook(data: Record<string, string[][]>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(data)) {
    const sheet = book.addWorksheet(name);
    for (const r of rows) sheet.addRow(r);
  }
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

let h: Harness;
const call = (fn: string, event: Record<string, unknown>, openid: string | null) => h.runtime.call(fn, event, openid) as Promise<ApiResult<any>>;
const ok = async (fn: string, event: Record<string, unknown>, openid: string | null) => {
  const res = await call(fn, event, openid);
  if (!res.ok) throw new Error(`${fn}.${String(event.action)} as ${openid}: ${res.error.message}`);
  return res.data;
};
const importCounty = async (county: string, card: string) =>
  (await call(
    'office',
    {
      action: 'importOrganisation',
      fileName: '组织架构.xlsx',
      fileId: await uploaded(h.runtime, who(county, 'office'), '组织架构.xlsx', await workbook(sheets(county, card))),
      dryRun: false,
    },
    who(county, 'office'),
  )) as ApiResult<ImportResult>;

/** Every record that names county A, by collection. */
async function recordsOfA(): Promise<Record<string, unknown[]>> {
  const dump = await h.runtime.db.dump();
  return Object.fromEntries(Object.entries(dump).map(([name, docs]) => [name, docs.filter((d) => JSON.stringify(d).includes(A))]));
}

async function setUpCounty(county: string, card: string): Promise<void> {
  const { code } = await inviteFirstOffice(h.runtime.db, RULES, h.clock.now(), { countyId: county, countyName: NAMES[county]!.county, name: '办公室' });
  await ok('staff', { action: 'redeem', code }, who(county, 'office'));
  const res = await importCounty(county, card);
  if (!res.ok || !res.data.applied) throw new Error(JSON.stringify(res));
  for (const [i, inv] of res.data.invitations.entries()) await ok('staff', { action: 'redeem', code: inv.code }, who(county, ROLES[i]!));
}

/** A's cases, one in each place a grant could reach: new, at the village, the township and the county (with a co-unit). */
async function casesOf(county: string, card: string) {
  const resident = who(county, 'resident');
  const phone = county === A ? '13700009999' : '13800009999';
  const send = async (description: string) => (await ok('resident', submission({ cardCode: card, description, phone }), resident)).id as string;
  const rep = who(county, 'rep');
  const fresh = await send(`${county}的第一件事：路灯坏了两个月`);
  const village = await send(`${county}的第二件事：垃圾没人清运`);
  await ok('case', { action: 'accept', caseId: village, level: 'village' }, rep);
  await ok('case', { action: 'assign', caseId: village, level: 'village', unitId: `${county}:vc-taoyuan` }, rep);
  await ok('case', { action: 'sign', caseId: village }, who(county, 'handler-village'));
  const township = await send(`${county}的第三件事：机耕道塌了一段`);
  await ok('case', { action: 'accept', caseId: township, level: 'township' }, rep);
  await ok('case', { action: 'assign', caseId: township, level: 'township', unitId: `${county}:qingshi-build` }, rep);
  const countyCase = await send(`${county}的第四件事：公路桥裂缝`);
  await ok('case', { action: 'accept', caseId: countyCase, level: 'county' }, rep);
  await ok(
    'case',
    { action: 'assign', caseId: countyCase, level: 'county', unitId: `${county}:county-transport`, coUnitIds: [`${county}:county-water`] },
    who(county, 'assigner-county'),
  );
  await h.runtime.deliver();
  return { fresh, village, township, countyCase, resident, phone };
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('two counties importing the same codes', () => {
  let a: Awaited<ReturnType<typeof casesOf>>;
  let b: Awaited<ReturnType<typeof casesOf>>;

  it('keys each county’s records within the county, and refuses a card code another county holds', async () => {
    await setUpCounty(A, 'DJ0001');
    const before = await recordsOfA();
    const { code } = await inviteFirstOffice(h.runtime.db, RULES, h.clock.now(), { countyId: B, countyName: NAMES[B]!.county, name: '办公室' });
    await ok('staff', { action: 'redeem', code }, who(B, 'office'));

    // the demo county's QX0001 and A's DJ0001 are taken: row errors naming the code, nothing written
    for (const taken of ['QX0001', 'DJ0001']) {
      const dump = await h.runtime.db.dump();
      const res = await importCounty(B, taken);
      expect(res).toMatchObject({
        ok: true,
        data: {
          applied: false,
          errors: expect.arrayContaining([{ sheet: '党代表', row: 2, message: expect.stringContaining(`「联系卡编号」${taken}已被其他县(区)使用`) }]),
        },
      });
      expect(await h.runtime.db.dump()).toEqual(dump);
    }
    const res = await importCounty(B, 'LP0001');
    expect(res).toMatchObject({ ok: true, data: { applied: true, counts: expect.arrayContaining([{ sheet: '党代表', added: 1, updated: 0, unchanged: 0 }]) } });
    for (const [i, inv] of (res as { data: ImportResult }).data.invitations.entries())
      await ok('staff', { action: 'redeem', code: inv.code }, who(B, ROLES[i]!));

    // A's records are A's: B's import of the same codes added its own beside them
    expect(await recordsOfA()).toEqual(before);
    const reps = await getAll(h.runtime.db.collection<Representative>('representatives').where({ code: 'rep-1' }).orderBy('_id', 'asc'));
    expect(reps.map((r) => [r._id, r.countyId, r.name, r.cardCode])).toEqual([
      [`${A}:rep-1`, A, '甲代表', 'DJ0001'],
      [`${B}:rep-1`, B, '乙代表', 'LP0001'],
      ['rep-1', 'qingxi', '李秀英', 'QX0001'],
    ]);
    expect(await ok('card', { action: 'get', cardCode: 'DJ0001' }, null)).toMatchObject({ name: '甲代表' });
    expect(await ok('card', { action: 'get', cardCode: 'LP0001' }, null)).toMatchObject({ name: '乙代表' });

    a = await casesOf(A, 'DJ0001');
    b = await casesOf(B, 'LP0001');
    // A's requests are filed under A, and reach A's representative only
    const { data } = checked(
      await h.runtime.db
        .collection<CaseRecord>('cases')
        .where({ _id: h.runtime.db.command.in([a.fresh, b.fresh]) })
        .get(),
    );
    expect(data.map((c) => [c._id === a.fresh ? 'a' : 'b', c.countyId, c.representativeId, c.villageId]).sort()).toEqual([
      ['a', A, `${A}:rep-1`, `${A}:taoyuan`],
      ['b', B, `${B}:rep-1`, `${B}:taoyuan`],
    ]);
    const aInbox = await ok('staff', { action: 'inbox', box: 'new' }, who(A, 'rep'));
    expect(aInbox.items.map((c: { id: string }) => c.id)).toEqual([a.fresh]);
  });

  it('shows a city’s office its counties side by side and in total, and never a case or a resident', async () => {
    for (const [regionId, countyIds, openid] of [
      ['region-ab', [A, B], REGION_OF_AB],
      ['region-b', [B], REGION_OF_B],
      ['region-a', [A], null],
    ] as const) {
      const { code } = await inviteRegionOffice(h.runtime.db, RULES, h.clock.now(), {
        regionId,
        regionName: '某市',
        level: 'city',
        countyIds: [...countyIds],
        name: '市办',
      });
      if (openid) await ok('staff', { action: 'redeem', code }, openid);
    }
    const period = { from: '2026-07-01', to: '2026-11-23' };
    const own = async (county: string) => (await ok('office', { action: 'statistics', ...period }, who(county, 'office'))) as Statistics;
    const [ofA, ofB] = [await own(A), await own(B)];
    const r = (await ok('office', { action: 'regionStatistics', regionId: 'region-ab', ...period }, REGION_OF_AB)) as RegionStatistics;
    expect(r.counties.map((c) => [c.countyId, c.countyName]).sort()).toEqual([
      [A, '垫江县'],
      [B, '梁平区'],
    ]);
    // each county's figures are its own office's, and the total adds them up
    for (const [county, mine] of [
      [A, ofA],
      [B, ofB],
    ] as const) {
      const row = r.counties.find((c) => c.countyId === county)!;
      expect({ totals: row.totals, rates: row.rates, supervised: row.supervised }).toEqual({
        totals: mine.totals,
        rates: mine.rates,
        supervised: mine.supervised,
      });
    }
    expect(r.total.totals.collected).toBe(ofA.totals.collected + ofB.totals.collected);
    expect(r.total.rates.response.denominator).toBe(ofA.rates.response.denominator + ofB.rates.response.denominator);
    expect(r.counties.map((c) => c.rank).sort()).toEqual([1, 2]);
    expect(r.uncounted).toEqual([]);
    // a year at most: a province's counties × days stay within one call's time
    expect(await call('office', { action: 'regionStatistics', from: '2025-07-01', to: '2026-11-23' }, REGION_OF_AB)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('12个月') },
    });
    // figures only: no case, no resident, no phone
    const seen = JSON.stringify(r);
    const words = (await getAll(h.runtime.db.collection<CaseRecord>('cases').where({ countyId: A }).orderBy('_id', 'asc'))).flatMap((c) => [
      c._id,
      c.no,
      c.description,
      c.resident.openid,
    ]);
    expect(words.filter((w) => w && seen.includes(w))).toEqual([]);
    expect(seen).not.toContain(a.phone);
    // a region's office holds no county grant: the county's own reports and cases are not theirs
    expect(await call('office', { action: 'statistics', ...period }, REGION_OF_AB)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('case', { action: 'detail', caseId: a.fresh }, REGION_OF_AB)).toMatchObject({ ok: false });
    // and a region reads only the counties it covers
    const onlyB = (await ok('office', { action: 'regionStatistics', ...period }, REGION_OF_B)) as RegionStatistics;
    expect(onlyB.counties.map((c) => c.countyId)).toEqual([B]);
    expect(await call('office', { action: 'regionStatistics', regionId: 'region-ab' }, REGION_OF_B)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('office', { action: 'regionStatistics' }, who(A, 'office'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // each county finds the binding in its own audit trail
    const audit = await ok('office', { action: 'audit', ...period }, who(B, 'office'));
    expect(audit.items.map((e: { subject: string }) => e.subject)).toEqual(expect.arrayContaining(['市办（某市联系群众工作办公室）']));
    // and a county added later to a region already bound, too
    const { code } = await inviteRegionOffice(h.runtime.db, RULES, h.clock.now(), {
      regionId: 'region-c',
      regionName: '丙市',
      level: 'city',
      countyIds: [A],
      name: '丙市办',
    });
    await ok('staff', { action: 'redeem', code }, 'wx-region-c');
    await inviteRegionOffice(h.runtime.db, RULES, h.clock.now(), {
      regionId: 'region-c',
      regionName: '丙市',
      level: 'city',
      countyIds: [A, B],
      name: '丙市办',
    });
    const later = await ok('office', { action: 'audit', ...period }, who(B, 'office'));
    expect(later.items).toContainEqual(
      expect.objectContaining({ subject: '丙市办（丙市联系群众工作办公室）', detail: expect.stringContaining('部署时把本县(区)加入') }),
    );
  });

  it('lets no grant of county B match anything of county A, for every role and every action', async () => {
    const aMessages = await getAll(
      h.runtime.db
        .collection<Message>('messages')
        .where({ to: who(A, 'rep') })
        .orderBy('_id', 'asc'),
    );
    const aInvitation = checked(
      await h.runtime.db.collection<Invitation>('invitations').add({
        _id: 'AAAA2222',
        countyId: A,
        name: '未用',
        grant: { role: 'office', countyId: A },
        createdBy: who(A, 'office'),
        createdAt: h.clock.now(),
        expiresAt: h.clock.now() + 86400000,
        usedBy: null,
        usedAt: null,
      }),
    );
    expect(aInvitation).toBeTruthy();
    const aCases = [a.fresh, a.village, a.township, a.countyCase];
    // a 回访 on the list of A's representative
    const aCallbacks = [`cb-${A}-1`];
    checked(
      await h.runtime.db.collection<Callback>('callbacks').add({
        _id: aCallbacks[0]!,
        countyId: A,
        caseId: a.fresh,
        caseNo: '202611230001',
        representativeId: `${A}:rep-1`,
        reason: 'no_consent',
        kind: 'case_replied',
        title: '您反映的问题已答复，请评价',
        body: '已办结：路灯已修好',
        createdAt: h.clock.now(),
        due: h.clock.now() + 86400000,
        status: 'open',
        outcome: null,
        attempts: [],
        updatedAt: h.clock.now(),
      }),
    );
    const { data: aRecords } = checked(
      await h.runtime.db
        .collection<CaseRecord>('cases')
        .where({ _id: h.runtime.db.command.in(aCases) })
        .get(),
    );
    const reception = await ok(
      'staff',
      { action: 'logReception', kind: 'reception', workroomId: `${A}:ws-taoyuan`, date: '2026-11-23', representativeIds: [`${A}:rep-1`], residents: 2 },
      who(A, 'rep'),
    );

    // A's grid, a visit its representative logged there and a request met on it
    const aGrid = (
      await ok(
        'grid',
        { action: 'save', code: 'g-1', name: '甲县网格', villageId: `${A}:taoyuan`, staffNames: ['甲网格员'], representativeIds: [`${A}:rep-1`] },
        who(A, 'office'),
      )
    ).id as string;
    const aVisit = (await ok('grid', { action: 'logVisit', gridId: aGrid, date: '2026-11-23', people: ['甲网格员'], households: 3 }, who(A, 'rep')))
      ._id as string;

    // A's proposal, circulating for co-signatures among A's representatives
    const words = { title: '甲县的提议：修缮机耕道', category: 'road', problem: '甲县机耕道雨后积水', suggestion: '甲县列入明年计划' };
    const aProposal = (await ok('proposal', { action: 'draft', kind: 'motion', ...words, caseIds: [a.village] }, who(A, 'rep')))._id as string;
    await ok('proposal', { action: 'circulate', proposalId: aProposal }, who(A, 'rep'));
    // A's activity group (as group import will store it) and a briefing to it, read and answered by A's representative
    checked(
      await h.runtime.db
        .collection('groups')
        .doc(`${A}:g-1`)
        .set({ countyId: A, name: '甲县活动小组', leaderId: `${A}:rep-1`, memberIds: [`${A}:rep-1`] }),
    );
    const briefingWords = { title: '甲县重大事项通报', text: '甲县明年的重点项目安排', opinion: '甲县代表的意见' };
    // the request ids A's office and representative sent: B sending the same ones makes B's own records, never finds A's
    const aRequest = { briefing: 'tenancy-brief-0001', activity: 'tenancy-log-00001' };
    const aBriefing = (
      await ok(
        'briefing',
        {
          action: 'publish',
          requestId: aRequest.briefing,
          title: briefingWords.title,
          text: briefingWords.text,
          audience: 'groups',
          groupIds: [`${A}:g-1`],
          opinionsUntil: '2026-12-31',
        },
        who(A, 'office'),
      )
    ).id as string;
    await ok('briefing', { action: 'opine', briefingId: aBriefing, opinion: briefingWords.opinion }, who(A, 'rep'));
    // A's evaluation of its representative, open for voting today, with a resident's vote and comment
    const aEvaluation = (
      await ok(
        'evaluation',
        {
          action: 'open',
          representativeId: `${A}:rep-1`,
          name: '甲县述职评议',
          from: '2026-01-01',
          to: '2026-11-30',
          opensOn: '2026-11-23',
          closesOn: '2026-12-05',
        },
        who(A, 'office'),
      )
    ).id as string;
    await ok('evaluation', { action: 'report', evaluationId: aEvaluation, text: '甲代表的述职报告' }, who(A, 'rep'));
    const aComment = '甲县群众的评议意见';
    await ok('evaluation', { action: 'vote', evaluationId: aEvaluation, villageId: `${A}:taoyuan`, rating: 'basic', comment: aComment }, a.resident);
    // A's matter put to its village by A's township, open today, with a resident's vote
    const aMatter = (
      await ok(
        'matter',
        {
          action: 'open',
          requestId: 'tenancy-a-matter',
          title: '甲县道路集资',
          body: '甲县桃源村道路硬化',
          kind: 'approval',
          mode: 'vote',
          villageIds: [`${A}:taoyuan`],
          opensOn: '2026-11-23',
          closesOn: '2026-11-30',
        },
        who(A, 'assigner'),
      )
    ).id as string;
    await ok('matter', { action: 'vote', matterId: aMatter, villageId: `${A}:taoyuan`, option: 0 }, a.resident);
    // A's group activity, logged by A's representative
    const activity = { kind: 'inspection', date: '2026-11-23', place: '甲县桃源村', subject: '甲县的调研视察', attendeeIds: [`${A}:rep-1`] };
    const aActivity = (await ok('group', { action: 'log', requestId: aRequest.activity, groupId: `${A}:grp-qingshi`, ...activity }, who(A, 'rep')))
      ._id as string;
    // A's echo wall: a post up on it, and one the content check held
    const aWallWords = '甲县回音墙：村口路灯坏了';
    const aPost = (await ok('wall', { action: 'post', villageId: `${A}:taoyuan`, text: aWallWords }, who(A, 'resident'))).id as string;
    const aHeldPost = (await ok('wall', { action: 'post', villageId: `${A}:taoyuan`, text: '甲县留言：刷单返利' }, who(A, 'resident'))).id as string;
    // A's messenger of a grid of A's village (the grid as the organisation import will store it), and a request they passed on
    checked(
      await h.runtime.db
        .collection('grids')
        .doc(`${A}:g-1`)
        .set({
          countyId: A,
          code: 'g-1',
          townshipId: `${A}:qingshi`,
          villageId: `${A}:taoyuan`,
          name: '甲县一网格',
          staffNames: [],
          representativeIds: [`${A}:rep-1`],
          backbones: [],
        }),
    );
    const aInvited = await ok('messenger', { action: 'invite', kind: 'messenger', name: '甲信使', phone: '13711113333', gridId: `${A}:g-1` }, who(A, 'office'));
    await ok('messenger', { action: 'accept', code: aInvited.code }, who(A, 'messenger'));
    const aMessenger = aInvited.id as string;
    const { action: _p, cardCode: _pc, ...passed } = submission({ description: '甲县信使代邻居反映：水渠堵了', name: '甲县邻居', phone: '13711114444' });
    const aPassed = await ok('messenger', { action: 'pass', messengerId: aMessenger, ...passed, consent: true }, who(A, 'messenger'));
    // A's 三联动: an item on its workroom's list, one on its township's agenda, a draw of its reception days
    await ok(
      'linkage',
      { action: 'addItem', workroomId: `${A}:ws-taoyuan`, date: '2026-11-30', text: '甲县清单：五组想问高龄补贴' },
      who(A, 'handler-village'),
    );
    await ok('linkage', { action: 'addAgendaItem', townshipId: `${A}:qingshi`, month: '2026-11', text: '甲县会商：饮水管网老化' }, who(A, 'assigner'));
    const aDraw = (await ok('linkage', { action: 'draw', from: '2026-11-16', to: '2026-11-22', count: 1 }, who(A, 'sup-county')))._id as string;
    const before = await recordsOfA();

    // what must never reach B: A's cases, their words and residents, A's proposal (A's card and board are public: its representative's name and phone)
    const PRIVATE = [
      ...aCases,
      a.phone,
      a.resident,
      ...aRecords.map((c) => c.description),
      ...aMessages.map((m) => m._id),
      reception._id,
      aProposal,
      words.problem,
      aBriefing,
      briefingWords.text,
      briefingWords.opinion,
      aComment,
      aActivity,
      activity.subject,
      aPost,
      aHeldPost,
      aWallWords,
      aMessenger,
      aPassed.id,
      aPassed.follow.code,
      '13711113333',
      '甲县邻居',
      who(A, 'messenger'),
    ];
    const ANYTHING_OF_A = [...PRIVATE, A, '13711110001', '甲代表'];
    const { action: _s, ...request } = submission();
    const { cardCode: _c, ...fields } = request;
    /** each action aimed at A's records; `public` answers (a card, a village's board) may show A's public face */
    const caseActions = (caseId: string): Record<string, Record<string, unknown>> => ({
      detail: { caseId },
      routeOptions: { caseId },
      withdraw: { caseId },
      accept: { caseId, level: 'village' },
      reject: { caseId, reason: '不属于受理范围' },
      answer: { caseId, outcome: 'resolved', feedbackMethod: 'message', reply: '当场答复' },
      assign: { caseId, level: 'village', unitId: `${A}:vc-taoyuan` },
      sign: { caseId },
      return: { caseId, reason: '不属于本单位' },
      reply: { caseId, reply: '正在办理' },
      close: { caseId, outcome: 'resolved', feedbackMethod: 'message', reply: '已办结' },
      rate: { caseId, rating: 'satisfied' },
      urge: { caseId },
      note: { caseId, note: '备注' },
      supervise: { caseId, note: '请加快办理' },
      escalate: { caseId, reason: '本级解决不了' },
      extend: { caseId, reason: '需要时间', toDate: '2026-12-31' },
      approve_extension: { caseId },
      refuse_extension: { caseId, note: '不同意' },
      release: { caseId },
      withhold: { caseId, reason: '内容不实' },
      releasePhoto: { caseId, photo: '/uploads/0123456789abcdef0123456789abcdef.jpg' },
      still_there: { caseId, answer: 'still', requestId: 'req-still-0001' },
      merge: { caseId, intoCaseId: caseId === a.village ? a.township : a.village, reason: '同一件事' },
    });
    const ATTEMPTS: Record<string, Array<{ event: Record<string, unknown>; public?: true }>> = {
      'card.get': [{ event: { cardCode: 'DJ0001' }, public: true }],
      'card.code': [{ event: { cardCode: 'DJ0001' } }],
      'card.sheet': [{ event: {} }],
      'card.board': [{ event: { villageId: `${A}:taoyuan` }, public: true }],
      'card.notices': [{ event: { villageId: `${A}:taoyuan` }, public: true }],
      'resident.myCases': [{ event: {} }],
      'resident.uploadFolder': [{ event: {} }],
      // one's own consents only: nothing of A is written or answered
      'resident.consented': [{ event: { templates: ['case_progress'] } }],
      'staff.callbacks': [{ event: {} }, { event: { status: 'done' } }],
      'staff.callbackCount': [{ event: {} }],
      'staff.callback': aCallbacks.map((callbackId) => ({ event: { callbackId, outcome: 'reached' } })),
      // 我也反映 through B's own card: A's village is not its village, A's cases never match or join
      'resident.similar': [
        { event: { cardCode: 'LP0001', description: aRecords[0]!.description } },
        { event: { cardCode: 'LP0001', villageId: `${A}:taoyuan`, description: aRecords[0]!.description } },
      ],
      'resident.metoo': aCases.map((caseId) => ({ event: { cardCode: 'LP0001', caseId, requestId: 'tenancy-b-metoo-1' } })),
      'resident.coRate': aCases.map((caseId) => ({ event: { caseId, rating: 'dissatisfied' } })),
      ...Object.fromEntries(Object.entries(caseActions(a.township)).map(([name]) => [`case.${name}`, aCases.map((id) => ({ event: caseActions(id)[name]! }))])),
      'staff.me': [{ event: {} }],
      'staff.inbox': Object.keys((await import('../../src/server/usecases/cases')).BOXES).map((box) => ({ event: { box } })),
      'staff.byUnit': [{ event: {} }],
      'staff.publishNotice': [
        { event: { title: '公告', body: '已统一处理', caseNos: aRecords.map((c) => c.no) } },
        { event: { title: '公告', body: '已统一处理', caseNos: aRecords.map((c) => c.no), villageIds: [`${A}:taoyuan`] } },
      ],
      'staff.receptionDesk': [{ event: {} }],
      'staff.myScore': [{ event: { year: 2026 } }],
      'staff.logReception': [
        { event: { kind: 'reception', workroomId: `${A}:ws-taoyuan`, date: '2026-11-23', representativeIds: [`${B}:rep-1`], residents: 1 } },
        { event: { kind: 'visit', villageId: `${A}:taoyuan`, date: '2026-11-23', representativeIds: [`${B}:rep-1`], residents: 1 } },
      ],
      'staff.enterRequest': [{ event: { ...fields, receptionId: reception._id, consent: false } }],
      'office.issueInvitation': [
        { event: { name: '某人', role: 'handler', unitId: `${A}:vc-taoyuan` } },
        { event: { name: '某人', role: 'representative', representativeId: `${A}:rep-1` } },
        { event: { name: '某人', role: 'assigner', level: 'township', townshipId: `${A}:qingshi` } },
        { event: { name: '某人', role: 'supervisor', level: 'village', villageIds: [`${A}:taoyuan`] } },
      ],
      'office.calendar': [{ event: {} }],
      'office.setCalendarDay': [{ event: { date: '2026-12-01', kind: 'holiday', name: '县庆' } }],
      'office.removeCalendarDay': [{ event: { date: '2026-12-01' } }],
      'office.publishYear': [{ event: { year: 2027, name: '2027年' } }],
      'office.deadLetters': [{ event: {} }],
      'office.resend': [{ event: { ids: aCases.map((id) => `${id}-1-1`) } }],
      'office.statistics': [{ event: {} }, { event: { townshipId: `${A}:qingshi` } }, { event: { villageId: `${A}:taoyuan` } }],
      'office.exportStatistics': [{ event: { townshipId: `${A}:qingshi` } }],
      'office.recount': [{ event: {} }],
      // a region over A and B, and one over A alone: a B identity (a region over B among them) reads neither
      'office.regionStatistics': [{ event: {} }, { event: { regionId: 'region-ab' } }, { event: { regionId: 'region-a' } }],
      'office.ledger': [{ event: {} }, { event: { townshipId: `${A}:qingshi` } }, { event: { unitId: `${A}:qingshi-build` } }, { event: { gridId: aGrid } }],
      'office.exportLedger': [{ event: { villageId: `${A}:taoyuan` } }],
      // A's own upload, cited by B
      'office.importOrganisation': [
        {
          event: {
            fileName: '乡镇.csv',
            fileId: await uploaded(h.runtime, who(A, 'office'), '乡镇.csv', Buffer.from('编号,名称\nbaisha,白沙镇\n').toString('base64')),
            dryRun: false,
          },
        },
      ],
      'office.organisationTemplate': [{ event: {} }],
      'proposal.openWindow': [{ event: { name: '提案征集', from: '2026-11-23', to: '2026-12-20' } }],
      'proposal.desk': [{ event: {} }],
      // B's own draft may not cite A's cases
      'proposal.draft': [{ event: { kind: 'motion', ...words, caseIds: [a.village] } }],
      ...Object.fromEntries(
        (['detail', 'circulate', 'cosign', 'submit', 'withdraw', 'register', 'convert'] as const).map((action) => [
          `proposal.${action}`,
          [{ event: { proposalId: aProposal } }],
        ]),
      ),
      'proposal.county': [{ event: {} }],
      'proposal.assigned': [{ event: {} }],
      'proposal.figures': [{ event: { from: '2026-01-01', to: '2026-12-31' } }],
      'proposal.compilation': [{ event: { from: '2026-01-01', to: '2026-12-31' } }],
      // public once answered: A's circulating proposal is not
      'proposal.published': [{ event: { villageId: `${A}:taoyuan`, page: 1, pageSize: 10 } }],
      // B's committee may not seat A's representatives
      'proposal.committee': [{ event: { representativeIds: [`${A}:rep-1`] } }],
      // B's office sets its own county's co-signers: A's stay as they were
      'proposal.cosigners': [{ event: { motion: 0, proposal: 0 } }],
      'proposal.merge': [{ event: { proposalId: aProposal, intoId: aProposal } }],
      'proposal.decline': [{ event: { proposalId: aProposal, reason: '不予立案' } }],
      'proposal.assign': [{ event: { proposalId: aProposal, leadUnitId: `${A}:county-transport` } }],
      'proposal.reply': [{ event: { proposalId: aProposal, replyClass: 'A', text: '已解决' } }],
      'proposal.rate': [{ event: { proposalId: aProposal, rating: 'satisfied' } }],
      'proposal.supervise': [{ event: { proposalId: aProposal, note: '请加快' } }],
      'proposal.edit': [{ event: { proposalId: aProposal, ...words } }],
      // B's office may not send to A's group; nothing of A's briefing is B's to see, read or answer
      'briefing.publish': [
        { event: { requestId: aRequest.briefing, title: '通报', text: '内容', audience: 'groups', groupIds: [`${A}:g-1`] } },
        // B's office, to its own county with A's request id: its own briefing
        { event: { requestId: aRequest.briefing, title: '乙县通报', text: '乙县的内容', audience: 'all' } },
      ],
      'briefing.county': [{ event: {} }],
      'briefing.mine': [{ event: {} }],
      ...Object.fromEntries((['detail', 'export', 'open', 'ack'] as const).map((action) => [`briefing.${action}`, [{ event: { briefingId: aBriefing } }]])),
      'briefing.opine': [{ event: { briefingId: aBriefing, opinion: '乙县的意见' } }],
      'evaluation.open': [
        { event: { representativeId: `${A}:rep-1`, name: '述职评议', from: '2026-01-01', to: '2026-11-30', opensOn: '2026-12-10', closesOn: '2026-12-20' } },
      ],
      'evaluation.county': [{ event: {} }, { event: { representativeId: `${A}:rep-1` } }],
      'evaluation.detail': [{ event: { evaluationId: aEvaluation } }],
      'evaluation.publish': [{ event: { evaluationId: aEvaluation } }],
      'evaluation.mine': [{ event: {} }],
      'evaluation.report': [{ event: { evaluationId: aEvaluation, text: '乙县写进甲县的述职报告' } }],
      // through B's own board (anyone who opens A's board may vote there, as anyone may scan A's card)
      'evaluation.vote': [{ event: { evaluationId: aEvaluation, villageId: `${B}:taoyuan`, rating: 'dissatisfied' } }],
      'matter.open': [
        {
          event: {
            requestId: 'tenancy-b-matter-1',
            title: '集资',
            body: '乙县放进甲县的事项',
            kind: 'approval',
            mode: 'vote',
            villageIds: [`${A}:taoyuan`],
            opensOn: '2026-11-23',
            closesOn: '2026-11-30',
          },
        },
        {
          event: {
            requestId: 'tenancy-b-matter-2',
            title: '集资',
            body: '两县的村',
            kind: 'approval',
            mode: 'vote',
            villageIds: [`${B}:taoyuan`, `${A}:taoyuan`],
            opensOn: '2026-11-23',
            closesOn: '2026-11-30',
          },
        },
      ],
      'matter.list': [{ event: {} }, { event: { villageId: `${A}:taoyuan` } }],
      'matter.villages': [{ event: {} }],
      ...Object.fromEntries((['detail', 'close'] as const).map((action) => [`matter.${action}`, [{ event: { matterId: aMatter } }]])),
      'matter.meeting': [{ event: { matterId: aMatter, date: '2026-11-23', place: '坝子', attendance: 9, counts: [1, 8], minutes: '乙县的记录' } }],
      'matter.board': [{ event: { villageId: `${A}:taoyuan` }, public: true }],
      // through B's own board (anyone who opens A's board may vote there, as on 述职评议)
      'matter.vote': [{ event: { matterId: aMatter, villageId: `${B}:taoyuan`, option: 1 } }],
      // B's office and township may not name messengers in A's grids and villages, nor see or end A's; no B identity is A's messenger
      'messenger.invite': [
        { event: { kind: 'messenger', name: '某人', phone: '13800001111', gridId: `${A}:g-1` } },
        { event: { kind: 'errand', name: '某人', phone: '13800001111', villageId: `${A}:taoyuan` } },
      ],
      'messenger.list': [{ event: {} }, { event: { townshipId: `${A}:qingshi` } }, { event: { villageId: `${A}:taoyuan` } }],
      'messenger.cases': [{ event: { messengerId: aMessenger } }],
      'messenger.end': [{ event: { messengerId: aMessenger, reason: '离开' } }],
      'messenger.pass': [{ event: { messengerId: aMessenger, ...passed, consent: true } }],
      'messenger.mine': [{ event: {} }],
      // A's code, already used; A's case number with a token that is not its own
      'messenger.accept': [{ event: { code: aInvited.code } }],
      'messenger.follow': [{ event: { code: `${aPassed.no}-AAAAAA` } }],
      'group.mine': [{ event: {} }],
      // anyone may post on and read any village's wall: through B's own, nothing of A's; A's posts are A's office's and units' alone
      'wall.post': [{ event: { villageId: `${B}:taoyuan`, text: '乙县的留言' } }],
      'wall.list': [{ event: { villageId: `${B}:taoyuan`, page: 1, pageSize: 10 } }],
      'wall.pending': [{ event: { page: 1, pageSize: 10 } }],
      'wall.figures': [{ event: {} }],
      'wall.codes': [{ event: {} }],
      'wall.assigned': [{ event: {} }],
      'wall.release': [{ event: { postId: aHeldPost } }],
      'wall.reject': [{ event: { postId: aHeldPost, reason: '不予公开' } }],
      'wall.reply': [{ event: { postId: aPost, text: '乙县的回复' } }],
      'wall.convert': [{ event: { postId: aPost, category: 'other' } }],
      'wall.supervise': [{ event: { postId: aPost, note: '请加快' } }],
      'group.log': [
        { event: { requestId: aRequest.activity, groupId: `${A}:grp-qingshi`, ...activity } },
        // B's own group, counting A's representative present
        { event: { requestId: aRequest.activity, groupId: `${B}:grp-qingshi`, ...activity } },
        // B's representative, in their own group with A's request id: their own activity
        {
          event: {
            requestId: aRequest.activity,
            groupId: `${B}:grp-qingshi`,
            ...activity,
            place: '乙县村委会',
            subject: '乙县的集中联系',
            attendeeIds: [`${B}:rep-1`],
          },
        },
      ],
      'linkage.desk': [{ event: {} }],
      'linkage.list': [{ event: { workroomId: `${A}:ws-taoyuan` } }, { event: { workroomId: `${A}:ws-taoyuan`, date: '2026-11-30' } }],
      'linkage.addItem': [{ event: { workroomId: `${A}:ws-taoyuan`, date: '2026-11-30', text: '乙县的清单事项' } }],
      'linkage.agenda': [{ event: { townshipId: `${A}:qingshi`, month: '2026-11' } }],
      'linkage.addAgendaItem': [{ event: { townshipId: `${A}:qingshi`, month: '2026-11', text: '乙县的会商事项' } }],
      'linkage.recordMeeting': [
        {
          event: {
            townshipId: `${A}:qingshi`,
            month: '2026-11',
            date: '2026-11-23',
            place: '乙县会议室',
            attendees: ['乙县人员'],
            decisions: [{ key: 'h1', leadUnitId: `${A}:qingshi-build`, dueDate: '2026-12-31' }],
          },
        },
        // B's own township's meeting, naming A's unit to lead
        {
          event: {
            townshipId: `${B}:qingshi`,
            month: '2026-11',
            date: '2026-11-23',
            place: '乙县会议室',
            attendees: ['乙县人员'],
            decisions: [{ key: 'h1', leadUnitId: `${A}:qingshi-build`, dueDate: '2026-12-31' }],
          },
        },
      ],
      'linkage.meetings': [{ event: { year: 2026 } }],
      'linkage.draw': [{ event: { from: '2026-11-16', to: '2026-11-22', count: 1 } }],
      'linkage.inspections': [{ event: {} }],
      'linkage.inspect': [{ event: { inspectionId: aDraw, session: `${A}:ws-taoyuan@2026-11-16`, absentIds: [`${A}:rep-1`] } }],
      'linkage.circular': [{ event: { from: '2026-11-01', to: '2026-11-30' } }],
      'group.edit': [{ event: { activityId: aActivity, version: 1, ...activity, attendeeIds: [`${B}:rep-1`] } }],
      'group.county': [{ event: {} }, { event: { from: '2026-11-01', to: '2026-11-23' } }],
      'group.export': [{ event: {} }],
      'grid.save': [
        { event: { code: 'g-1', name: '乙县网格', villageId: `${A}:taoyuan`, staffNames: ['乙网格员'] } },
        // B's own village, naming A's representative
        { event: { code: 'g-2', name: '乙县网格', villageId: `${B}:taoyuan`, staffNames: ['乙网格员'], representativeIds: [`${A}:rep-1`] } },
      ],
      'grid.list': [{ event: {} }, { event: { villageId: `${A}:taoyuan` } }],
      'grid.mine': [{ event: {} }],
      'grid.logVisit': [{ event: { gridId: aGrid, date: '2026-11-23', people: ['甲网格员'], households: 1 } }],
      'grid.enterRequest': [{ event: { ...fields, visitId: aVisit, consent: false } }],
      'grid.figures': [{ event: {} }, { event: { townshipId: `${A}:qingshi`, villageId: `${A}:taoyuan` } }],
      'office.revokeInvitation': [{ event: { code: 'AAAA2222' } }],
      'office.receptions': [{ event: {} }, { event: { villageId: `${A}:taoyuan` } }],
      'office.representativeRecords': [{ event: {} }],
      'office.exportRepresentativeRecords': [{ event: { townshipId: `${A}:qingshi` } }],
      'office.roster': [{ event: {} }],
      'office.revokeGrant': [
        { event: { openid: who(A, 'rep'), key: `representative:${A}:${A}:rep-1`, reason: '调离' } },
        { event: { openid: who(A, 'office'), key: `office:${A}`, reason: '调离' } },
      ],
      'office.deactivateRepresentative': [
        { event: { representativeId: `${A}:rep-1`, reason: '离任', successorId: null } },
        { event: { representativeId: `${B}:rep-1`, reason: '离任', successorId: `${A}:rep-1` } },
      ],
      'office.audit': [{ event: {} }, { event: { kind: 'view_phone' } }],
      // B's scores never hold A's representatives; B's office may not score them
      'office.scores': [{ event: { year: 2026 } }],
      'office.adjustScore': [{ event: { representativeId: `${A}:rep-1`, year: 2026, points: 2, reason: '表现突出' } }],
      'messages.list': [{ event: {} }],
      'messages.markRead': [{ event: { ids: aMessages.map((m) => m._id) } }],
    };
    // a card takes a request from anyone who scans it, and an invitation binds whoever holds its code
    const BY_DESIGN = new Set(['resident.submit', 'staff.redeem']);
    const callable = [...FUNCTIONS.values()].filter((f) => f.kind === 'callable').flatMap((f) => Object.keys(f.actions).map((a) => `${f.name}.${a}`));
    expect(callable.filter((name) => !ATTEMPTS[name] && !BY_DESIGN.has(name))).toEqual([]);

    const identities = ['office', 'resident', ...ROLES].map((r) => who(B, r)).concat(REGION_OF_B);
    let cells = 0;
    let refused = 0;
    const leaks: string[] = [];
    for (const openid of identities) {
      for (const [name, attempts] of Object.entries(ATTEMPTS)) {
        const [fn, action] = name.split('.') as [string, string];
        for (const attempt of attempts) {
          cells++;
          const res = await call(fn, { action, ...attempt.event }, openid);
          if (!res.ok) {
            refused++;
            expect(res.error.message).toMatch(/[\u4e00-\u9fff]/);
            continue;
          }
          const seen = JSON.stringify(res.data);
          const found = (attempt.public ? PRIVATE : ANYTHING_OF_A).filter((m) => seen.includes(m));
          if (found.length) leaks.push(`${openid} ${name} ${JSON.stringify(attempt.event)}: ${found.join(', ')}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(await recordsOfA()).toEqual(before);
    // the figures for the record
    console.log(
      `cross-county matrix: ${identities.length} identities of B × ${Object.keys(ATTEMPTS).length} actions = ${cells} cells; ${refused} refused, ${cells - refused} answered with nothing of A`,
    );
    expect(cells).toBeGreaterThan(500);
  });

  it('gives a new card code to one county only, when two import it at the same moment', async () => {
    const C = ['500233', '500234'];
    for (const county of C) {
      NAMES[county] = { county: `第${county}县`, rep: `代表${county}`, phone: '13733330001' };
      const { code } = await inviteFirstOffice(h.runtime.db, RULES, h.clock.now(), { countyId: county, countyName: NAMES[county]!.county, name: '办公室' });
      await ok('staff', { action: 'redeem', code }, who(county, 'office'));
    }
    const outcomes = await Promise.all(C.map((county) => importCounty(county, 'SAME0001')));
    const applied = outcomes.filter((o) => o.ok && o.data.applied);
    const refused = outcomes.filter((o) => o.ok && !o.data.applied);
    expect([applied.length, refused.length]).toEqual([1, 1]);
    expect((refused[0] as { data: ImportResult }).data.errors).toContainEqual({
      sheet: '党代表',
      row: 2,
      message: expect.stringContaining('SAME0001已被其他县(区)使用'),
    });
    const holders = await getAll(h.runtime.db.collection<Representative>('representatives').where({ cardCode: 'SAME0001' }).orderBy('_id', 'asc'));
    expect(holders).toHaveLength(1);
  });

  it('refuses routing a county’s own case to another county’s unit', async () => {
    const rep = who(B, 'rep');
    const fresh = (await ok('resident', submission({ cardCode: 'LP0001', description: '乙县的又一件事：水管漏水' }), who(B, 'resident-2'))).id;
    await ok('case', { action: 'accept', caseId: fresh, level: 'village' }, rep);
    const before = await recordsOfA();
    for (const [level, unitId] of [
      ['village', `${A}:vc-taoyuan`],
      ['township', `${A}:qingshi-build`],
    ] as const) {
      expect(await call('case', { action: 'assign', caseId: fresh, level, unitId }, rep)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const toCounty = (await ok('resident', submission({ cardCode: 'LP0001', description: '乙县的又一件事：国道边的桥塌了' }), who(B, 'resident-2'))).id;
    await ok('case', { action: 'accept', caseId: toCounty, level: 'county' }, rep);
    const lead = { action: 'assign', caseId: toCounty, level: 'county', unitId: `${B}:county-transport` };
    expect(await call('case', { ...lead, coUnitIds: [`${A}:county-water`] }, who(B, 'assigner-county'))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('case', { ...lead, unitId: `${A}:county-transport` }, who(B, 'assigner-county'))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await recordsOfA()).toEqual(before);
  });
});
