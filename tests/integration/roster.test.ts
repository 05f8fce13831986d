/**
 * Staff lifecycle: the office lists who holds a role in its county and takes a role away (with a
 * reason, effective on that person's next call); a representative who left stops taking requests
 * on their card and their open cases move to a successor or to the office; and the audit trail
 * records who granted, revoked, imported, released held content and saw a resident's full phone.
 */
import type { CaseView } from '../../types/api';
import type { AuditEntry, CaseRecord } from '../../types/domain';
import { LOCAL_FLAGGED } from '../../src/runtime/local/platform';
import { getAll, getById } from '../../src/server/store';
import type { Roster } from '../../src/server/usecases/roster';
import { ASSIGNER, BUILD, OFFICE, REP_LI, REP_ZHANG, startHarness, submission, SUP_TOWNSHIP, uploaded, WANG, LI_RESIDENT, type Harness } from '../harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

const trail = async (kind?: string) =>
  (await h.ok<{ items: AuditEntry[] }>('office', { action: 'audit', ...(kind ? { kind } : {}), pageSize: 50 }, OFFICE)).items;

async function assigned(openid = WANG, over: Record<string, unknown> = {}): Promise<string> {
  const { id } = await h.ok('resident', submission(over), openid);
  await h.ok('case', { action: 'accept', caseId: id, level: 'township' }, REP_LI);
  await h.ok('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  return id;
}

describe('people and their roles', () => {
  it('lists who holds a role in the county, with where it applies', async () => {
    const { people, representatives } = await h.ok<Roster>('office', { action: 'roster' }, OFFICE);
    expect(people.find((p) => p.openid === BUILD)).toEqual({
      openid: BUILD,
      name: '黄涛',
      grants: [{ key: 'handler:qingxi:qingshi-build', role: 'handler', roleText: '承办人', where: '青石镇村镇建设服务中心' }],
    });
    expect(people.find((p) => p.openid === 'dev-supervisor-taoyuan')!.grants[0]).toMatchObject({ roleText: '督办领导', where: '桃源村、柳河村' });
    expect(people.find((p) => p.openid === OFFICE)!.grants.map((g) => g.roleText)).toEqual(['联系群众工作办公室', '交办人']);
    // residents hold no role and are not listed
    expect(people.some((p) => p.openid === WANG)).toBe(false);
    expect(representatives.find((r) => r.id === 'rep-1')).toMatchObject({ name: '李秀英', cardCode: 'QX0001', active: true, villageNames: ['桃源村'] });
  });

  it('takes a role away with a reason, effective on the person’s next call, and records it', async () => {
    const id = await assigned();
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, BUILD)).actions).toContain('sign');
    const { revoked } = await h.ok('office', { action: 'revokeGrant', openid: BUILD, key: 'handler:qingxi:qingshi-build', reason: '调往县水利局工作' }, OFFICE);
    expect(revoked).toEqual([expect.objectContaining({ roleText: '承办人', where: '青石镇村镇建设服务中心' })]);

    // the very next call goes without it
    expect(await h.api('case', { action: 'detail', caseId: id }, BUILD)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.api('case', { action: 'sign', caseId: id }, BUILD)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.api('staff', { action: 'inbox', box: 'todo' }, BUILD)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // nor is anything sent to them in that role any more
    await h.runtime.deliver();
    expect((await h.ok('messages', { action: 'list' }, BUILD)).items).toEqual([]);
    const { people } = await h.ok<Roster>('office', { action: 'roster' }, OFFICE);
    expect(people.some((p) => p.openid === BUILD)).toBe(false);
    expect(await trail('revoke')).toEqual([
      expect.objectContaining({ kind: 'revoke', by: OFFICE, byName: '马丽', subject: '黄涛（承办人 · 青石镇村镇建设服务中心）', detail: '调往县水利局工作' }),
    ]);
    // taking it again finds nothing to take
    expect(await h.api('office', { action: 'revokeGrant', openid: BUILD, key: 'handler:qingxi:qingshi-build', reason: '再取消一次' }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('keeps the office from taking away its own office role', async () => {
    expect(await h.api('office', { action: 'revokeGrant', openid: OFFICE, key: 'office:qingxi', reason: '离开' }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('不能取消自己') },
    });
    expect((await h.ok('staff', { action: 'me' }, OFFICE)).grants).toHaveLength(2);
  });
});

describe('a representative who left', () => {
  it('stops taking requests on their card, in words pointing to the village’s 公示牌, and hands open cases to the successor', async () => {
    const fresh = (await h.ok('resident', submission(), WANG)).id;
    const working = await assigned(LI_RESIDENT);
    const done = (await h.ok('resident', submission({ description: '桥边的护栏松了，请来修一下' }), WANG)).id;
    await h.ok('case', { action: 'answer', caseId: done, outcome: 'resolved', feedbackMethod: 'message', reply: '已经修好了' }, REP_LI);
    await h.ok('case', { action: 'rate', caseId: done, rating: 'satisfied' }, WANG);

    const result = await h.ok(
      'office',
      { action: 'deactivateRepresentative', representativeId: 'rep-1', reason: '换届后不再担任党代表', successorId: 'rep-2' },
      OFFICE,
    );
    expect(result).toEqual({ moved: 2, revoked: 1 });

    // the card says so, and where to go instead
    const card = await h.ok('card', { action: 'get', cardCode: 'QX0001' }, null);
    expect(card).toMatchObject({ active: false, notice: expect.stringContaining('公示牌'), villages: [{ id: 'taoyuan', name: '桃源村' }] });
    expect(await h.api('resident', submission(), 'wx-newcomer')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: expect.stringContaining('不再接收反映') },
    });
    expect((await h.ok('card', { action: 'board', villageId: 'taoyuan' }, null)).representatives.map((r: { name: string }) => r.name)).toEqual(['张建国']);
    expect(await h.api('card', { action: 'code', cardCode: 'QX0001' }, OFFICE)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    // the open cases are the successor's now, the move in their timelines; the closed one stays as it was
    for (const id of [fresh, working]) {
      const c = (await getById<CaseRecord>(h.runtime.db, 'cases', id))!;
      expect(c).toMatchObject({ representativeId: 'rep-2', representativeName: '张建国' });
      expect(c.events.at(-1)).toMatchObject({
        action: 'transfer',
        visibility: 'public',
        note: '换届后不再担任党代表',
        actor: { relation: 'office', name: '马丽' },
        data: { from: '李秀英', to: '党代表张建国' },
      });
    }
    expect((await getById<CaseRecord>(h.runtime.db, 'cases', done))!.representativeId).toBe('rep-1');
    expect((await h.ok('staff', { action: 'inbox', box: 'new' }, REP_ZHANG)).items.map((c: { id: string }) => c.id)).toEqual([fresh]);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: fresh }, REP_ZHANG)).actions).toEqual(expect.arrayContaining(['accept', 'reject']));
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: fresh }, WANG)).timeline.at(-1)).toMatchObject({ actionText: '改由他人跟进' });

    // whoever held the representative's role has lost it
    expect((await h.ok('staff', { action: 'me' }, REP_LI)).grants).toEqual([]);
    expect(await h.api('case', { action: 'detail', caseId: fresh }, REP_LI)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    await h.runtime.deliver();
    expect((await h.ok('messages', { action: 'list' }, REP_ZHANG)).items.map((m: { kind: string; caseId: string }) => [m.kind, m.caseId]).sort()).toEqual(
      [
        ['case_transferred', fresh],
        ['case_transferred', working],
      ].sort(),
    );
    expect((await h.ok('messages', { action: 'list' }, WANG)).items).toContainEqual(
      expect.objectContaining({ caseId: fresh, title: '您反映的事项换了跟进人', body: expect.stringContaining('张建国') }),
    );
    expect((await trail('deactivate'))[0]).toMatchObject({ subject: '党代表李秀英（联系卡QX0001）', detail: '换届后不再担任党代表' });
    // asked again, there is nothing left to do
    expect(
      await h.api('office', { action: 'deactivateRepresentative', representativeId: 'rep-1', reason: '再次', successorId: 'rep-2' }, OFFICE),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('hands a request entered in person to the successor, who then stands in for the resident; the one who left no longer does', async () => {
    await h.ok(
      'staff',
      { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-11-23', representativeIds: ['rep-1'], residents: 1 },
      REP_LI,
    );
    const { id } = await h.ok(
      'staff',
      {
        action: 'enterRequest',
        receptionId: 'rc-ws-taoyuan-2026-11-23',
        requestId: 'req-walkin-0001',
        category: 'road',
        description: '机耕道被雨水冲坏了',
        name: '王大爷',
        phone: '13900001111',
        consent: true,
      },
      REP_LI,
    );
    await h.ok('case', { action: 'answer', caseId: id, outcome: 'resolved', feedbackMethod: 'in_person', reply: '已修好' }, REP_LI);
    await h.ok('office', { action: 'deactivateRepresentative', representativeId: 'rep-1', reason: '换届', successorId: 'rep-2' }, OFFICE);
    expect(await h.api('case', { action: 'detail', caseId: id }, REP_LI)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await h.ok('resident', { action: 'myCases' }, REP_LI)).items).toEqual([]);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, REP_ZHANG)).actions).toContain('rate');
    const rated = await h.ok<CaseView>('case', { action: 'rate', caseId: id, rating: 'satisfied' }, REP_ZHANG);
    expect(rated.timeline.at(-1)).toMatchObject({ action: 'rate', actor: { relation: 'resident', name: '王大爷（党代表张建国代）' } });
  });

  it('stays gone: a sheet that still lists them, an invitation issued before, or a request that slipped in as they left', async () => {
    const { code } = await h.ok('office', { action: 'issueInvitation', name: '李秀英', role: 'representative', representativeId: 'rep-1' }, OFFICE);
    await h.ok('office', { action: 'deactivateRepresentative', representativeId: 'rep-1', reason: '换届', successorId: 'rep-2' }, OFFICE);
    // the unused code is withdrawn, and a code is refused if what it gives has gone meanwhile
    expect(await h.api('staff', { action: 'redeem', code }, 'wx-late-rep')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.api('office', { action: 'issueInvitation', name: '李秀英', role: 'representative', representativeId: 'rep-1' }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('已离任') },
    });
    // re-importing a sheet that lists 李秀英 does not bring her back
    const rows = [
      ['编号', '姓名', '层级', '职务', '电话', '联系村', '接待小组', '联系卡编号'],
      ['rep-1', '李秀英', '乡镇党代表', '青石镇党代表、桃源村党支部书记', '13800000001', 'taoyuan', '张建国', 'QX0001'],
    ];
    const csv = Buffer.from(rows.map((r) => r.join(',')).join('\n')).toString('base64');
    const imported = await h.ok(
      'office',
      { action: 'importOrganisation', fileName: '党代表.csv', fileId: await uploaded(h.runtime, OFFICE, '党代表.csv', csv), dryRun: false },
      OFFICE,
    );
    expect(imported.counts.find((c: { sheet: string }) => c.sheet === '党代表')).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await getById(h.runtime.db, 'representatives', 'rep-1')).toMatchObject({ active: false, leftReason: '换届', successorId: 'rep-2' });
    expect(await h.ok('card', { action: 'get', cardCode: 'QX0001' }, null)).toMatchObject({ active: false });
    // a request that came in on her card as she left goes to the successor with the next housekeeping
    const slipped = (await h.ok('resident', submission({ cardCode: 'QX0002' }), WANG)).id;
    await h.runtime.db.collection('cases').doc(slipped).update({ representativeId: 'rep-1', representativeName: '李秀英' });
    expect(await h.runtime.runTimer('housekeeping')).toMatchObject({ ok: true, data: { departuresFinished: 1 } });
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', slipped)).toMatchObject({ representativeId: 'rep-2' });
  });

  it('hands open cases to the office, which then follows them as their representative would', async () => {
    const fresh = (await h.ok('resident', submission({ cardCode: 'QX0003', villageId: 'liuhe' }), WANG)).id;
    expect(await h.ok('office', { action: 'deactivateRepresentative', representativeId: 'rep-3', reason: '调往外地工作', successorId: null }, OFFICE)).toEqual({
      moved: 1,
      revoked: 0,
    });
    expect(await getById<CaseRecord>(h.runtime.db, 'cases', fresh)).toMatchObject({ representativeId: null, representativeName: '联系群众工作办公室' });
    expect((await h.ok('staff', { action: 'inbox', box: 'new' }, OFFICE)).items.map((c: { id: string }) => c.id)).toEqual([fresh]);
    await h.ok('case', { action: 'accept', caseId: fresh, level: 'village' }, OFFICE);
    await h.ok('case', { action: 'assign', caseId: fresh, level: 'village', unitId: 'vc-liuhe' }, OFFICE);
    await h.runtime.deliver();
    expect((await h.ok('messages', { action: 'list' }, OFFICE)).items.map((m: { kind: string }) => m.kind)).toContain('case_transferred');
  });
});

describe('the audit trail', () => {
  it('records who invited, bound, imported, released held content and photos, and saw a resident’s full phone', async () => {
    const { code } = await h.ok('office', { action: 'issueInvitation', name: '小周', role: 'handler', unitId: 'qingshi-env' }, OFFICE);
    await h.ok('staff', { action: 'redeem', code }, 'wx-zhou');
    const csv = Buffer.from('编号,名称\nxinxiang,新乡\n').toString('base64');
    await h.ok(
      'office',
      { action: 'importOrganisation', fileName: '乡镇.csv', fileId: await uploaded(h.runtime, OFFICE, '乡镇.csv', csv), dryRun: false },
      OFFICE,
    );
    const held = (await h.ok('resident', submission({ description: `有人在村里${LOCAL_FLAGGED[0]!.phrase}，请管一管` }), LI_RESIDENT)).id;
    await h.ok('case', { action: 'release', caseId: held }, OFFICE);

    const id = await assigned();
    // the handler, the representative and the assigner see the phone: each once a day, however often
    for (const who of [BUILD, BUILD, REP_LI, ASSIGNER])
      expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, who)).resident).toMatchObject({ phone: '13912345678' });
    // the resident's own look, and a supervisor's masked one, are not
    await h.ok('case', { action: 'detail', caseId: id }, WANG);
    expect((await h.ok<CaseView>('case', { action: 'detail', caseId: id }, SUP_TOWNSHIP)).resident).toMatchObject({ phone: '139****5678', phoneMasked: true });

    const lines = await trail();
    const kinds = lines.map((l) => l.kind);
    expect(kinds).toEqual(expect.arrayContaining(['invite', 'grant', 'import', 'release']));
    expect(lines.find((l) => l.kind === 'grant')).toMatchObject({
      by: 'wx-zhou',
      subject: '小周（承办人）',
      detail: expect.stringContaining(`${code.slice(0, 4)}****`),
    });
    // a live code never stands in the trail, which every office member reads
    expect(JSON.stringify(lines)).not.toContain(code);
    expect(lines.find((l) => l.kind === 'import')).toMatchObject({ subject: '乡镇.csv', detail: expect.stringContaining('乡镇新增1') });
    expect(lines.find((l) => l.kind === 'release')).toMatchObject({ caseId: held, byName: '马丽' });
    const seen = await trail('view_phone');
    expect(seen.map((l) => l.by).sort()).toEqual([ASSIGNER, BUILD, REP_LI].sort());
    expect(seen.every((l) => l.caseId === id && l.detail.includes('电话'))).toBe(true);

    // a request entered in person: the representative standing in for the resident is a reader like any other
    await h.ok(
      'staff',
      { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-11-23', representativeIds: ['rep-1'], residents: 1 },
      REP_LI,
    );
    const entered = (
      await h.ok(
        'staff',
        {
          action: 'enterRequest',
          receptionId: 'rc-ws-taoyuan-2026-11-23',
          requestId: 'req-walkin-0002',
          category: 'road',
          description: '机耕道被雨水冲坏了',
          phone: '13900002222',
          consent: true,
        },
        REP_LI,
      )
    ).id;
    await h.ok('case', { action: 'detail', caseId: entered }, REP_LI);
    expect((await trail('view_phone')).filter((l) => l.caseId === entered).map((l) => l.by)).toEqual([REP_LI]);

    // the next day, another look is another line
    h.clock.advance(24 * 3600 * 1000);
    await h.ok('case', { action: 'detail', caseId: id }, BUILD);
    expect((await trail('view_phone')).filter((l) => l.by === BUILD)).toHaveLength(2);
    // only the county's office reads it
    expect(await h.api('office', { action: 'audit' }, SUP_TOWNSHIP)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const all = await getAll(h.runtime.db.collection<AuditEntry>('audit').orderBy('_id', 'asc'));
    expect(all.every((l) => l.countyId === 'qingxi')).toBe(true);
  });
});
