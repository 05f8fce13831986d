/**
 * 述职评议 by residents, through the `evaluation` function and the village board: the office opens
 * an evaluation of 李秀英 (桃源村), she writes her report (with her record's figures), residents of
 * 桃源村 rate it inside the window once each, the office publishes the tally, and the board shows
 * the report while voting and the result after; what each refuses, writing nothing.
 */
import { RULES } from '../../config/rules';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { evaluationSatisfaction, type BoardEvaluation, type EvaluationDetail, type EvaluationView } from '../../src/server/usecases/evaluations';
import { inviteFirstOffice } from '../../src/server/usecases/staff';
import { FixedClock, functionCaller, LI_RESIDENT, MONDAY_9AM, OFFICE, quietLog, REP_LI, REP_ZHANG, WANG } from '../harness';

const ZHOU = 'dev-resident-zhou';
const OPENING = { representativeId: 'rep-1', name: '2026年度述职评议', from: '2026-01-01', to: '2026-11-30', opensOn: '2026-11-25', closesOn: '2026-12-05' };
const REPORT = '一年来，我在桃源村党代表工作室按时接待群众，跟踪群众反映的机耕道积水问题直到解决。';

let rt: LocalRuntime;
let clock: FixedClock;
beforeEach(async () => {
  clock = new FixedClock(MONDAY_9AM);
  rt = await openLocalRuntime({ clock, log: quietLog });
});
afterEach(() => rt.close());

const { call, ok } = functionCaller(() => rt, 'evaluation');
const board = async (villageId = 'taoyuan', openid: string | null = null) => {
  const res = await rt.call('card', { action: 'board', villageId }, openid);
  if (!res.ok) throw new Error(res.error.message);
  return (res.data as { evaluations: BoardEvaluation[] }).evaluations;
};
/** on day `date`, 09:00 Shanghai */
const onDay = (date: string) => (clock.t = Date.parse(`${date}T09:00:00+08:00`));
const votes = async () => (await rt.db.dump()).evaluationVotes ?? [];

/** refused with this code and message, and the store unchanged */
async function expectRefused(event: Record<string, unknown>, openid: string | null, code: string, message: string): Promise<void> {
  const before = await rt.db.dump();
  expect(await call(event, openid)).toMatchObject({ ok: false, error: { code, message } });
  expect(await rt.db.dump()).toEqual(before);
}

/** Opened on 23 November, with 李秀英's report written over a reception day she held on the 20th. */
async function opened(): Promise<EvaluationView> {
  const log = await rt.call(
    'staff',
    { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-11-20', representativeIds: ['rep-1', 'rep-2'], residents: 5 },
    REP_LI,
  );
  if (!log.ok) throw new Error(log.error.message);
  const e = await ok<EvaluationView>({ action: 'open', ...OPENING }, OFFICE);
  await ok({ action: 'report', evaluationId: e.id, text: REPORT }, REP_LI);
  return e;
}

it('takes no vote before the representative’s report, and keeps the report as it was once a resident has voted', async () => {
  const e = await ok<EvaluationView>({ action: 'open', ...OPENING }, OFFICE);
  onDay('2026-11-26');
  await expectRefused(
    { action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating: 'satisfied' },
    WANG,
    'INVALID_STATE',
    '代表还没有提交述职报告，请过几天再来评议',
  );
  expect((await rt.db.dump()).evaluationVotes ?? []).toEqual([]);
  await ok({ action: 'report', evaluationId: e.id, text: REPORT }, REP_LI);
  await ok({ action: 'report', evaluationId: e.id, text: `${REPORT}（补充）` }, REP_LI);
  await ok({ action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating: 'satisfied' }, WANG);
  await expectRefused({ action: 'report', evaluationId: e.id, text: '换一份报告' }, REP_LI, 'INVALID_STATE', '已经有群众评议了，述职报告不能再修改');
  const [shown] = await board('taoyuan', LI_RESIDENT);
  expect(shown!.report!.text).toBe(`${REPORT}（补充）`);
});

it('takes one vote from each resident of the representative’s villages inside the window, and publishes the tally to the board', async () => {
  const e = await opened();
  expect(e).toMatchObject({
    id: 'rep-1:e1',
    name: '2026年度述职评议',
    representative: { id: 'rep-1', name: '李秀英' },
    period: { from: '2026-01-01', to: '2026-11-30' },
    villages: [{ id: 'taoyuan', name: '桃源村' }],
    phase: 'upcoming',
    phaseText: '未开始',
    report: null,
  });
  // before voting opens: the board shows nothing yet, and a vote is refused
  expect(await board()).toEqual([]);
  await expectRefused({ action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating: 'satisfied' }, WANG, 'INVALID_STATE', '评议11月25日开始，请到时再来');

  onDay('2026-11-26');
  const [shown] = await board('taoyuan', WANG);
  expect(shown).toMatchObject({
    id: e.id,
    phase: 'open',
    phaseText: '评议中',
    voted: false,
    howToVote: expect.stringContaining('请在12月5日前评议'),
    ratings: [
      { rating: 'satisfied', text: '满意' },
      { rating: 'basic', text: '基本满意' },
      { rating: 'dissatisfied', text: '不满意' },
    ],
    report: { text: REPORT, submittedOn: '2026-11-23' },
    result: null,
  });
  // her figures for the period, as the office's records count them: the reception day of the 20th
  expect(Object.fromEntries(shown!.report!.figures.map((f) => [f.label, f.value]))).toMatchObject({ '接待（人次）': '1', '接待群众（人）': '5', 满意率: '—' });
  // 柳河村's board is not hers
  expect(await board('liuhe')).toEqual([]);

  expect(await ok({ action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating: 'satisfied', comment: '李书记常来村里' }, WANG)).toEqual({
    evaluationId: e.id,
    rating: 'satisfied',
    ratingText: '满意',
    message: '评议已提交，谢谢您',
  });
  await ok({ action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating: 'basic' }, LI_RESIDENT);
  await ok({ action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating: 'dissatisfied', comment: '机耕道的事拖得太久' }, ZHOU);
  expect((await board('taoyuan', WANG))[0]!.voted).toBe(true);

  // refused, each in words, nothing written: the same identity again, another village's board, words that fail the check
  await expectRefused({ action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating: 'dissatisfied' }, WANG, 'INVALID_STATE', '您已经评议过了，每人一次');
  await expectRefused(
    { action: 'vote', evaluationId: e.id, villageId: 'liuhe', rating: 'satisfied' },
    'dev-resident-liuhe',
    'INVALID_STATE',
    '只有这位代表所联系村(社区)的群众可以评议',
  );
  await expectRefused(
    { action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating: 'satisfied', comment: '欢迎参加网络赌博' },
    'dev-resident-sun',
    'INVALID_INPUT',
    '意见没有通过微信的内容安全检查，请修改后再提交',
  );
  expect(await votes()).toHaveLength(3);

  // the office sees the running tally and the comments, never who voted
  const detail = await ok<EvaluationDetail>({ action: 'detail', evaluationId: e.id }, OFFICE);
  expect(detail.tally).toMatchObject({ satisfied: 1, basic: 1, dissatisfied: 1, votes: 3, satisfaction: { percent: 66.7 }, satisfactionText: '66.7%' });
  expect(detail.comments).toEqual([
    { rating: 'satisfied', ratingText: '满意', comment: '李书记常来村里', villageName: '桃源村' },
    { rating: 'dissatisfied', ratingText: '不满意', comment: '机耕道的事拖得太久', villageName: '桃源村' },
  ]);
  const anyVoter = [WANG, LI_RESIDENT, ZHOU];
  expect(anyVoter.filter((openid) => JSON.stringify(detail).includes(openid))).toEqual([]);
  // nor does the store keep it
  const kept = JSON.stringify(await votes());
  expect(anyVoter.filter((openid) => kept.includes(openid))).toEqual([]);
  // the representative sees her counts once they are published
  expect(await ok<EvaluationDetail>({ action: 'detail', evaluationId: e.id }, REP_LI)).toMatchObject({ tally: null, comments: [] });
  await expectRefused({ action: 'publish', evaluationId: e.id }, OFFICE, 'INVALID_STATE', '评议12月5日结束后才能公布结果');

  onDay('2026-12-06');
  await expectRefused(
    { action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating: 'satisfied' },
    'dev-resident-late',
    'INVALID_STATE',
    '评议已经结束了',
  );
  await expectRefused({ action: 'report', evaluationId: e.id, text: '补充一点' }, REP_LI, 'INVALID_STATE', '评议已经结束，述职报告不能再修改');
  // closed, not yet published: off the board
  expect(await board()).toEqual([]);
  const published = await ok<EvaluationView>({ action: 'publish', evaluationId: e.id }, OFFICE);
  expect(published).toMatchObject({
    phase: 'published',
    result: { satisfied: 1, basic: 1, dissatisfied: 1, satisfactionText: '66.7%', publishedOn: '2026-12-06' },
  });
  await expectRefused({ action: 'publish', evaluationId: e.id }, OFFICE, 'INVALID_STATE', '评议结果已经公布过了');

  const [result] = await board();
  expect(result).toMatchObject({
    id: e.id,
    phase: 'published',
    howToVote: null,
    ratings: [],
    report: { text: REPORT },
    result: { votes: 3, satisfactionText: '66.7%' },
  });
  expect((await ok<EvaluationDetail>({ action: 'detail', evaluationId: e.id }, REP_LI)).comments).toHaveLength(2);
  expect(await ok<EvaluationView[]>({ action: 'mine' }, REP_LI)).toMatchObject([{ id: e.id, result: { satisfaction: { percent: 66.7 } } }]);
  // the 百分制 item for the year
  expect(await evaluationSatisfaction(rt.timerCtx(), 'qingxi', 2026)).toEqual(new Map([['rep-1', 66.7]]));
  expect(await evaluationSatisfaction(rt.timerCtx(), 'qingxi', 2025)).toEqual(new Map());
});

it('keeps one vote when the same WeChat identity votes twice at the same moment', async () => {
  const e = await opened();
  onDay('2026-11-25');
  const tries = await Promise.all(
    (['satisfied', 'dissatisfied', 'basic'] as const).map((rating) => call({ action: 'vote', evaluationId: e.id, villageId: 'taoyuan', rating }, WANG)),
  );
  expect(tries.filter((t) => t.ok)).toHaveLength(1);
  expect(tries.filter((t) => !t.ok).map((t) => !t.ok && t.error.message)).toEqual(['您已经评议过了，每人一次', '您已经评议过了，每人一次']);
  expect(await votes()).toHaveLength(1);
});

it('opens one evaluation per representative at a time, on days not past, and lists them for the office and the representative', async () => {
  await expectRefused({ action: 'open', ...OPENING, opensOn: '2026-11-22' }, OFFICE, 'INVALID_INPUT', '评议开始日期已经过去了');
  await expectRefused({ action: 'open', ...OPENING, closesOn: '2026-11-24' }, OFFICE, 'INVALID_INPUT', '评议结束日期不能早于开始日期');
  await expectRefused({ action: 'open', ...OPENING, to: '2025-12-31' }, OFFICE, 'INVALID_INPUT', '述职期间的结束日期不能早于开始日期');
  await expectRefused({ action: 'open', ...OPENING, representativeId: 'no-such-rep' }, OFFICE, 'NOT_FOUND', '找不到该党代表');
  await expectRefused({ action: 'open', ...OPENING }, REP_LI, 'FORBIDDEN', '只有联系群众工作办公室可以办理');
  const first = await ok<EvaluationView>({ action: 'open', ...OPENING }, OFFICE);
  await expectRefused(
    { action: 'open', ...OPENING, name: '再来一次' },
    OFFICE,
    'INVALID_STATE',
    '李秀英的「2026年度述职评议」还没有公布结果，同一位代表一次只能进行一项述职评议',
  );
  await ok({ action: 'open', ...OPENING, representativeId: 'rep-2' }, OFFICE);

  // only the representative evaluated writes the report, and reads it
  await expectRefused({ action: 'report', evaluationId: first.id, text: REPORT }, REP_ZHANG, 'NOT_FOUND', '找不到该述职评议');
  await expectRefused({ action: 'detail', evaluationId: first.id }, REP_ZHANG, 'NOT_FOUND', '找不到该述职评议');
  await expectRefused(
    { action: 'report', evaluationId: first.id, text: `${REPORT}网络赌博` },
    REP_LI,
    'INVALID_INPUT',
    '述职报告没有通过微信的内容安全检查，请修改后再提交',
  );

  const county = await ok<Array<EvaluationView & { tally: unknown }>>({ action: 'county' }, OFFICE);
  expect(county.map((e) => [e.representative.name, e.phase, e.tally])).toEqual([
    ['李秀英', 'upcoming', null],
    ['张建国', 'upcoming', null],
  ]);
  expect((await ok<EvaluationView[]>({ action: 'county', representativeId: 'rep-2' }, OFFICE)).map((e) => e.id)).toEqual(['rep-2:e1']);
  expect((await ok<EvaluationView[]>({ action: 'mine' }, REP_ZHANG)).map((e) => [e.id, e.villages.map((v) => v.name)])).toEqual([
    ['rep-2:e1', ['桃源村', '柳河村', '石桥社区']],
  ]);

  // once the first is published, the next opens
  onDay('2026-12-06');
  await ok({ action: 'publish', evaluationId: first.id }, OFFICE);
  expect(await ok({ action: 'open', ...OPENING, name: '2027年度述职评议', opensOn: '2027-12-01', closesOn: '2027-12-10' }, OFFICE)).toMatchObject({
    id: 'rep-1:e2',
  });
});

it('keeps one county’s evaluations from another county’s office', async () => {
  const e = await opened();
  const { code } = await inviteFirstOffice(rt.db, RULES, clock.now(), { countyId: 'other', countyName: '别县', name: '别县办公室' });
  const res = await rt.call('staff', { action: 'redeem', code }, 'dev-office-other');
  if (!res.ok) throw new Error(res.error.message);
  await expectRefused({ action: 'open', ...OPENING }, 'dev-office-other', 'NOT_FOUND', '找不到该党代表');
  await expectRefused({ action: 'detail', evaluationId: e.id }, 'dev-office-other', 'NOT_FOUND', '找不到该述职评议');
  expect(await ok({ action: 'county' }, 'dev-office-other')).toEqual([]);
  expect(await ok({ action: 'county', representativeId: 'rep-1' }, 'dev-office-other')).toEqual([]);
  onDay('2026-12-06');
  await expectRefused({ action: 'publish', evaluationId: e.id }, 'dev-office-other', 'NOT_FOUND', '找不到该述职评议');
  expect(await evaluationSatisfaction(rt.timerCtx(), 'other', 2026)).toEqual(new Map());
});
