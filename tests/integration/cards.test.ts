/** The office's sheet of every card, a village's public board of its representatives, and a card's 活动公示. */
import type { Proposal, Reception } from '../../types/domain';
import type { Activity } from '../../src/domain/publicity';
import type { CardInfo, PrintableCard } from '../../src/server/usecases/cards';
import { checked } from '../../src/server/store';
import { OFFICE, REP_LI, REP_ZHANG, requestId, startHarness, TRANSPORT, WANG, type Harness } from '../harness';

const REP_ZHAO = 'dev-rep-zhao';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

it('gives the office every active representative’s card with its code, and nobody else', async () => {
  checked(await h.runtime.db.collection('representatives').doc('rep-6').update({ active: false }));
  const sheet = await h.ok<PrintableCard[]>('card', { action: 'sheet' }, OFFICE);
  expect(sheet.map((c) => c.cardCode)).toEqual(['QX0001', 'QX0002', 'QX0003', 'QX0004', 'QX0005', 'QX0007', 'QX0008']);
  expect(sheet[0]).toMatchObject({
    name: '李秀英',
    phone: '13800000001',
    workrooms: [{ name: '桃源村党群服务中心党代表工作室', times: '每月20日 上午9:00—12:00', next: '2026-12-20' }],
    villages: [{ id: 'taoyuan', name: '桃源村' }],
    codeUrl: expect.stringMatching(/^\/uploads\/cards\/local\/QX0001\.png\?expires=\d+&sig=[0-9a-f]{32}$/),
  });
  // each code is made once and kept
  const again = await h.ok<PrintableCard[]>('card', { action: 'sheet' }, OFFICE);
  expect(again.map((c) => c.codeUrl.split('?')[0])).toEqual(sheet.map((c) => c.codeUrl.split('?')[0]));
  expect(await h.api('card', { action: 'sheet' }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

it('posts a village’s representatives on its public board', async () => {
  const board = await h.ok('card', { action: 'board', villageId: 'taoyuan' }, null);
  expect(board).toMatchObject({ village: '桃源村', township: '青石镇' });
  expect(board.representatives.map((r: { name: string }) => r.name)).toEqual(['李秀英', '张建国']);
  expect(board.representatives[1].villages.map((v: { name: string }) => v.name)).toEqual(['桃源村', '柳河村', '石桥社区']);
  expect(await h.api('card', { action: 'board', villageId: 'nowhere' }, WANG)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

describe('活动公示 on the card', () => {
  type Card = CardInfo & { activity: Activity };
  const card = (code = 'QX0001') => h.ok<Card>('card', { action: 'get', cardCode: code }, null);
  /** on day `date`, 10:00 Shanghai */
  const onDay = (date: string) => (h.clock.t = Date.parse(`${date}T10:00:00+08:00`));
  const logSession = (date: string, residents: number, notes = '') =>
    h.ok<Reception>(
      'staff',
      { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date, representativeIds: ['rep-1', 'rep-2'], residents, notes },
      REP_LI,
    );
  const onProposal = (who: string, proposalId: string, action: string, fields: Record<string, unknown> = {}) =>
    h.ok<Proposal>('proposal', { action, proposalId, ...fields }, who);
  /** A 提议 drafted by `proposer`, then taken on by `steps`. */
  async function proposal(proposer: string, title: string, steps: ReadonlyArray<[string, string, Record<string, unknown>?]>): Promise<Proposal> {
    const p = await h.ok<Proposal>(
      'proposal',
      { action: 'draft', kind: 'motion', title, category: 'road', problem: '机耕道雨后积水，农机下不了田', suggestion: '列入明年村道硬化计划' },
      proposer,
    );
    for (const [who, action, fields] of steps) await onProposal(who, p._id, action, fields);
    return p;
  }
  const signedBy = (proposer: string, cosigners: readonly string[]): Array<[string, string]> => [
    [proposer, 'circulate'],
    ...cosigners.map((who): [string, string] => [who, 'cosign']),
    [proposer, 'submit'],
  ];
  const answered = (replyClass: string, text: string): Array<[string, string, Record<string, unknown>?]> => [
    [OFFICE, 'register'],
    [OFFICE, 'assign', { leadUnitId: 'county-transport' }],
    [TRANSPORT, 'reply', { replyClass, text }],
  ];
  const OPENING = { representativeId: 'rep-1', name: '2026年度述职评议', from: '2026-01-01', to: '2026-11-30', opensOn: '2026-11-25', closesOn: '2026-12-05' };

  it('shows the reception days of the last twelve months, answered proposals made or co-signed, and the evaluation once published, and nothing of residents', async () => {
    // a session more than a year back, two within it, and a visit of 张建国's alone
    onDay('2025-11-20');
    await logSession('2025-11-20', 2);
    onDay('2026-11-23');
    await logSession('2026-10-20', 6, '王大爷反映机耕道积水');
    const session = await logSession('2026-11-20', 4);
    await h.ok(
      'staff',
      { action: 'logReception', kind: 'visit', villageId: 'liuhe', date: '2026-11-21', representativeIds: ['rep-2'], residents: 3 },
      REP_ZHANG,
    );
    await h.ok(
      'staff',
      {
        action: 'enterRequest',
        receptionId: session._id,
        requestId: requestId(),
        category: 'road',
        description: '桃源村三组机耕道雨后积水，农机下不了田',
        name: '王大爷',
        phone: '13912345678',
        consent: true,
      },
      REP_LI,
    );
    // a draft, one waiting for review, one answered; and one of 张建国's she co-signed, answered
    await proposal(REP_LI, '关于村道安装路灯的提议（草稿）', []);
    await proposal(REP_LI, '关于修缮桃源村村道的提议', signedBy(REP_LI, [REP_ZHANG, REP_ZHAO]));
    h.clock.advance(60_000);
    const made = await proposal(REP_LI, '关于增设青石镇公交站点的提议', [...signedBy(REP_LI, [REP_ZHANG, REP_ZHAO]), ...answered('A', '已增设两个站点')]);
    h.clock.advance(60_000);
    const cosigned = await proposal(REP_ZHANG, '关于青石镇集镇停车难的提议', [...signedBy(REP_ZHANG, [REP_LI, REP_ZHAO]), ...answered('B', '已列入明年计划')]);
    // another county's records naming her are never read
    const dump = await h.runtime.db.dump();
    const elsewhere = { countyId: 'dianjiang' };
    checked(
      await h.runtime.db
        .collection('proposals')
        .doc('other-county-proposal')
        .set({ ...stripId(dump.proposals!.find((p) => p._id === made._id)!), ...elsewhere }),
    );
    checked(
      await h.runtime.db
        .collection('receptions')
        .doc('other-county-log')
        .set({ ...stripId(dump.receptions!.find((l) => l._id === session._id)!), ...elsewhere }),
    );

    const before = await card();
    expect(before.activity.receptions).toEqual({
      since: '2025-11-24',
      total: 2,
      items: [
        { date: '2026-11-20', kindText: '接待日', place: '桃源村党群服务中心党代表工作室', residents: 4 },
        { date: '2026-10-20', kindText: '接待日', place: '桃源村党群服务中心党代表工作室', residents: 6 },
      ],
    });
    expect(before.activity.proposals).toEqual({
      year: 2026,
      submittedThisYear: 2,
      answeredTotal: 2,
      items: [
        expect.objectContaining({
          id: cosigned._id,
          title: '关于青石镇集镇停车难的提议',
          roleText: '附议',
          status: 'replied',
          replyClassText: '正在解决或列入计划',
        }),
        expect.objectContaining({
          id: made._id,
          kindText: '提议',
          no: '2026-002',
          roleText: '提出',
          statusText: '已答复',
          replyClass: 'A',
          replyClassText: '已解决或采纳',
        }),
      ],
    });
    expect(before.activity.evaluation).toBeNull();
    // 张建国's card shows the same proposal as his own
    expect((await card('QX0002')).activity.proposals.items.map((p) => [p.title, p.roleText])).toEqual([
      ['关于青石镇集镇停车难的提议', '提出'],
      ['关于增设青石镇公交站点的提议', '附议'],
    ]);

    // 述职评议: nothing while voting or waiting for the office, the tally once published
    const e = await h.ok<{ id: string }>('evaluation', { action: 'open', ...OPENING }, OFFICE);
    await h.ok('evaluation', { action: 'report', evaluationId: e.id, text: '今年接待群众四十多人次。' }, REP_LI);
    onDay('2026-11-25');
    for (const [who, rating] of [
      [WANG, 'satisfied'],
      ['dev-resident-zhou', 'satisfied'],
      ['dev-resident-sun', 'basic'],
    ])
      await h.ok('evaluation', { action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating, comment: '李书记办事实在' }, who);
    expect((await card()).activity.evaluation).toBeNull();
    onDay('2026-12-06');
    expect((await card()).activity.evaluation).toBeNull();
    await h.ok('evaluation', { action: 'publish', evaluationId: e.id }, OFFICE);
    const after = await card();
    expect(after.activity.evaluation).toEqual(
      expect.objectContaining({
        id: e.id,
        name: '2026年度述职评议',
        period: { from: '2026-01-01', to: '2026-11-30' },
        publishedOn: '2026-12-06',
        satisfied: 2,
        basic: 1,
        dissatisfied: 0,
        votes: 3,
        satisfactionText: '100%',
      }),
    );

    // nothing of a resident, a vote or a log's notes, nor the cases entered there
    const shown = JSON.stringify(after);
    const caseIds = ((await h.runtime.db.dump()).cases ?? []).map((c) => String(c._id));
    expect(caseIds).toHaveLength(1);
    expect(['王大爷', '13912345678', '机耕道积水', '李书记办事实在', WANG, 'dev-resident-zhou', ...caseIds].filter((s) => shown.includes(s))).toEqual([]);
  });

  it('keeps a left representative’s card working, with their past work', async () => {
    await logSession('2026-11-20', 4);
    checked(await h.runtime.db.collection('representatives').doc('rep-1').update({ active: false }));
    expect(await card()).toMatchObject({
      active: false,
      notice: expect.stringContaining('已不再联系本村'),
      activity: { receptions: { total: 1, items: [{ date: '2026-11-20', residents: 4 }] }, proposals: { items: [] }, evaluation: null },
    });
  });
});

const stripId = ({ _id, ...rest }: { _id?: string }) => rest;
