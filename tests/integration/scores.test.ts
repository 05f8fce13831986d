/**
 * 百分制 with known answers: a year of two representatives of the demo county — reception days
 * and visits, cases followed to the end and rated, proposals made and adopted, briefings read,
 * group activities, a 述职评议 and the office's manual items — scored under the county's own table
 * (its 优秀 line at 35) and worked out by hand below. The clock: Monday 2026-11-23 09:00.
 */
import ExcelJS from 'exceljs';
import { RULES, type Rules } from '../../config/rules';
import type { ApiResult } from '../../types/api';
import type { CaseRecord } from '../../types/domain';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import type { CountyScores, ScoreRow } from '../../src/server/usecases/scores';
import { makeCase } from '../fixtures';
import { at } from '../known-county';
import { FixedClock, LI_RESIDENT, MONDAY_9AM, OFFICE, quietLog, REP_LI, REP_ZHANG, TRANSPORT, WANG } from '../harness';

// the county's own table: the default items, its 优秀 line at 35; one co-signer makes a 提议 ready
const RULES_OF_QINGXI: Rules = {
  ...RULES,
  counties: { qingxi: { proposals: { minCosigners: { motion: 1, proposal: 1 } }, scoring: { ...RULES.scoring, excellent: 35 } } },
};

let rt: LocalRuntime;
let clock: FixedClock;
beforeEach(async () => {
  clock = new FixedClock(MONDAY_9AM);
  rt = await openLocalRuntime({ clock, log: quietLog, rules: RULES_OF_QINGXI });
});
afterEach(() => rt.close());

async function ok<T>(name: string, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = (await rt.call(name, event, openid)) as ApiResult<T>;
  if (!res.ok) throw new Error(`${name}.${String(event.action)}: ${res.error.message}`);
  return res.data;
}

/** A 提议 of `by`, co-signed by `cosigner`, submitted; `reply` takes it through 立案, 交办 and the unit's answer. */
async function proposal(by: string, cosigner: string, title: string, reply?: 'A' | 'B'): Promise<string> {
  const words = { kind: 'motion', title, category: 'road', problem: '机耕道雨后积水，农机下不了田', suggestion: '列入明年村道硬化计划' };
  const { _id: id } = await ok<{ _id: string }>('proposal', { action: 'draft', ...words }, by);
  await ok('proposal', { action: 'circulate', proposalId: id }, by);
  await ok('proposal', { action: 'cosign', proposalId: id }, cosigner);
  await ok('proposal', { action: 'submit', proposalId: id }, by);
  if (reply) {
    await ok('proposal', { action: 'register', proposalId: id }, OFFICE);
    await ok('proposal', { action: 'assign', proposalId: id, leadUnitId: 'county-transport' }, OFFICE);
    await ok('proposal', { action: 'reply', proposalId: id, replyClass: reply, text: reply === 'A' ? '已硬化' : '列入明年计划' }, TRANSPORT);
  }
  return id;
}

async function writeTheYear(): Promise<void> {
  // 接待: a session on 11-20 with both on duty; 李秀英's home visits on 11-22
  await ok(
    'staff',
    { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-11-20', representativeIds: ['rep-1', 'rep-2'], residents: 5 },
    REP_LI,
  );
  await ok('staff', { action: 'logReception', kind: 'visit', villageId: 'taoyuan', date: '2026-11-22', representativeIds: ['rep-1'], residents: 3 }, REP_LI);
  // cases followed to the end and rated by their residents: 李秀英 4 (满意, 满意, 基本满意, 不满意), 张建国 2 (满意, 满意)
  const closed = (n: number, representativeId: string, rating: CaseRecord['rating']) =>
    makeCase({
      _id: `sc-${n}`,
      no: `2026090700${n}`,
      representativeId,
      createdAt: at('2026-09-07T10:00'),
      respondedAt: at('2026-09-07T15:00'),
      status: 'closed',
      outcome: 'resolved',
      rating,
    });
  const cases = [
    closed(1, 'rep-1', 'satisfied'),
    closed(2, 'rep-1', 'satisfied'),
    closed(3, 'rep-1', 'basic'),
    closed(4, 'rep-1', 'dissatisfied'),
    closed(5, 'rep-2', 'satisfied'),
    closed(6, 'rep-2', 'satisfied'),
  ];
  for (const c of cases) await rt.db.collection('cases').add(c);
  // proposals: 李秀英 two (one answered A and rated), 张建国 one (answered B)
  const adopted = await proposal(REP_LI, REP_ZHANG, '硬化桃源村机耕道', 'A');
  await ok('proposal', { action: 'rate', proposalId: adopted, rating: 'satisfied' }, REP_LI);
  await proposal(REP_LI, REP_ZHANG, '村口装路灯');
  await proposal(REP_ZHANG, REP_LI, '修六合村水渠', 'B');
  // briefings: two to all; 李秀英 reads both, 张建国 one
  const [first, second] = [
    await ok<{ id: string }>(
      'briefing',
      { action: 'publish', requestId: 'score-brief-01', title: '县城污水处理厂选址', text: '通报选址方案', audience: 'all' },
      OFFICE,
    ),
    await ok<{ id: string }>(
      'briefing',
      { action: 'publish', requestId: 'score-brief-02', title: '明年民生实事项目', text: '通报项目安排', audience: 'all' },
      OFFICE,
    ),
  ];
  await ok('briefing', { action: 'ack', briefingId: first.id }, REP_LI);
  await ok('briefing', { action: 'ack', briefingId: second.id }, REP_LI);
  await ok('briefing', { action: 'ack', briefingId: first.id }, REP_ZHANG);
  // the group's activities: both at one, 张建国 at another
  const activity = { groupId: 'grp-qingshi', kind: 'inspection', date: '2026-11-18', place: '六合村', subject: '调研水渠' };
  await ok('group', { action: 'log', requestId: 'score-log-0001', ...activity, attendeeIds: ['rep-2', 'rep-1'] }, REP_ZHANG);
  await ok('group', { action: 'log', requestId: 'score-log-0002', ...activity, date: '2026-11-19', attendeeIds: ['rep-2'] }, REP_ZHANG);
  // 李秀英's 述职评议: three residents of 桃源村 vote 满意, 基本满意, 不满意; published once voting closed
  const evaluation = await ok<{ id: string }>(
    'evaluation',
    {
      action: 'open',
      representativeId: 'rep-1',
      name: '2026年度述职评议',
      from: '2026-01-01',
      to: '2026-11-30',
      opensOn: '2026-11-23',
      closesOn: '2026-11-25',
    },
    OFFICE,
  );
  await ok('evaluation', { action: 'report', evaluationId: evaluation.id, text: '今年接待群众四十多人次。' }, REP_LI);
  for (const [voter, rating] of [
    [WANG, 'satisfied'],
    [LI_RESIDENT, 'basic'],
    ['wx-voter-3', 'dissatisfied'],
  ] as const)
    await ok('evaluation', { action: 'vote', evaluationId: evaluation.id, villageId: 'taoyuan', rating }, voter);
  clock.t = at('2026-11-26T09:00');
  await ok('evaluation', { action: 'publish', evaluationId: evaluation.id }, OFFICE);
  // the office's manual items
  await ok('office', { action: 'adjustScore', representativeId: 'rep-1', year: 2026, points: 2, reason: '抗洪抢险表现突出' }, OFFICE);
  await ok('office', { action: 'adjustScore', representativeId: 'rep-2', year: 2026, points: -1, reason: '无故缺席接待日一次' }, OFFICE);
}

const points = (row: Pick<ScoreRow, 'score'>) => Object.fromEntries(row.score.lines.map((l) => [l.item, l.points]));

it('scores a year for two representatives as worked out by hand, ranked against the county’s 优秀 line', async () => {
  await writeTheYear();
  const scores = await ok<CountyScores>('office', { action: 'scores', year: 2026 }, OFFICE);
  const li = scores.rows.find((r) => r.name === '李秀英')!;
  const zhang = scores.rows.find((r) => r.name === '张建国')!;
  // 李秀英: 1 reception day ×2, 1 visit ×1, 4 followed ×1, satisfaction 3/4 of 15 = 11.25 → 11.3,
  // 2 proposals ×3, 1 adopted ×3, 2 briefings ×1, 1 activity ×2, evaluation 2/3 of 10 = 6.7, +2 → 40
  expect(points(li)).toEqual({
    receptions: 2,
    visits: 1,
    followed: 4,
    satisfaction: 11.3,
    proposals: 6,
    adopted: 3,
    briefings: 2,
    activities: 2,
    evaluation: 6.7,
    manual: 2,
  });
  // 张建国: 1 reception day ×2, 2 followed, satisfaction 2/2 = 15, 1 proposal ×3 (answered B: not adopted),
  // 1 briefing, 2 activities ×2, no evaluation, −1 → 26
  expect(points(zhang)).toEqual({
    receptions: 2,
    visits: 0,
    followed: 2,
    satisfaction: 15,
    proposals: 3,
    adopted: 0,
    briefings: 1,
    activities: 4,
    evaluation: 0,
    manual: -1,
  });
  expect([li.score.total, li.score.excellent, li.rank, zhang.score.total, zhang.score.excellent, zhang.rank]).toEqual([40, true, 1, 26, false, 2]);
  expect([scores.excellent, li.adjustments.map((a) => a.reason)]).toEqual([35, ['抗洪抢险表现突出']]);
  // the others of the county scored nothing, sharing the next place
  expect(scores.rows.slice(2).every((r) => r.score.total === 0 && r.rank === 3)).toBe(true);

  // a representative reads their own, with its breakdown, and not the others'
  const mine = await ok<{ row: ScoreRow & { rank?: number }; excellent: number }>('staff', { action: 'myScore', year: 2026 }, REP_ZHANG);
  expect([mine.row.name, mine.row.score.total, mine.row.rank, mine.excellent]).toEqual(['张建国', 26, undefined, 35]);
  expect(await rt.call('office', { action: 'scores', year: 2026 }, REP_LI)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  // the records workbook carries the year's scores
  const scoreLine = async (from: string, to: string) => {
    const file = await ok<{ fileId: string }>('office', { action: 'exportRepresentativeRecords', from, to }, OFFICE);
    const content = (await rt.timerCtx().platform.readFile(file.fileId))!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer);
    return (book.getWorksheet('2026年百分制')!.getRow(2).values as unknown[]).slice(1);
  };
  const line = [1, '李秀英', 2, 1, 4, 11.3, 6, 3, 2, 2, 6.7, 2, 40, '优秀'];
  expect(await scoreLine('2026-01-01', '2026-11-26')).toEqual(line);
  // the whole year's workbook scores from the records it has just computed: the same line
  expect(await scoreLine('2026-01-01', '2026-12-31')).toEqual(line);
});

it('refuses a manual item beyond the table’s cap, of none, or for another county’s representative, writing nothing', async () => {
  const adjust = (over: Record<string, unknown>) =>
    rt.call('office', { action: 'adjustScore', representativeId: 'rep-1', year: 2026, points: 2, reason: '表现突出', ...over }, OFFICE);
  expect(await adjust({ points: 10.5 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '加减分应在-10到10分之间，且不为0' } });
  expect(await adjust({ points: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await adjust({ points: 1.25 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await adjust({ reason: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await adjust({ representativeId: 'rep-nowhere' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await rt.call('office', { action: 'adjustScore', representativeId: 'rep-1', year: 2026, points: 2, reason: '表现突出' }, REP_LI)).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  expect((await rt.db.dump()).scoreAdjustments ?? []).toEqual([]);
});

it('refuses to rank anyone by a county table whose caps do not add up to 100, in words', async () => {
  rt.close();
  const [first, ...rest] = RULES.scoring.rules;
  rt = await openLocalRuntime({
    clock,
    log: quietLog,
    rules: { ...RULES, counties: { qingxi: { scoring: { ...RULES.scoring, rules: [{ ...first!, cap: 25 }, ...rest] } } } },
  });
  expect(await rt.call('office', { action: 'scores', year: 2026 }, OFFICE)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: '本县的百分制评分细则有误（各项上限加起来应为100分，现在是105分），请联系系统管理员改正' },
  });
  expect(await rt.call('staff', { action: 'myScore', year: 2026 }, REP_LI)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
});
