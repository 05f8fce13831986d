/** 百分制 and 述职评议: a year's score worked out by hand, the scoring table's checks, and who may vote when. */
import { RULES } from '../../config/rules';
import { tally, voteProblem } from '../../src/domain/evaluation';
import { ranked, scoringProblem, yearScore, type ScoreFacts } from '../../src/domain/scoring';

// 李秀英: 8 reception days (16, within 20), 12 visits (capped at 10), 9 cases followed to the end,
// 满意率 80% (12 of 15), 2 proposals (6) of which 1 adopted (3), 4 briefings read, 3 group activities,
// residents' evaluation 90% (9), and the office's +2 for a flood-season duty: 16+10+9+12+6+3+4+6+9+2 = 77
const LI: ScoreFacts = {
  counts: { receptions: 8, visits: 12, followed: 9, proposals: 2, adopted: 1, briefings: 4, activities: 3 },
  rates: { satisfaction: 80, evaluation: 90 },
  adjustments: [{ points: 2, reason: '汛期值守' }],
};
// 张建国: everything over its cap, 满意率 100%, no evaluation yet, and -15 from the office (capped at -10)
const ZHANG: ScoreFacts = {
  counts: { receptions: 30, visits: 40, followed: 30, proposals: 9, adopted: 5, briefings: 9, activities: 9 },
  rates: { satisfaction: 100, evaluation: null },
  adjustments: [
    { points: -5, reason: '无故缺席接待日' },
    { points: -10, reason: '未按时答复群众' },
  ],
};

it('works out a year’s score by its rules, each item within its cap, with the breakdown', () => {
  const li = yearScore(RULES.scoring, LI);
  expect(li.total).toBe(77);
  expect(li.excellent).toBe(false);
  expect(Object.fromEntries(li.lines.map((l) => [l.item, l.points]))).toEqual({
    receptions: 16,
    visits: 10,
    followed: 9,
    satisfaction: 12,
    proposals: 6,
    adopted: 3,
    briefings: 4,
    activities: 6,
    evaluation: 9,
    manual: 2,
  });
  // 20+10+15+15+9+6+5+10, no evaluation, -10 at most from the office
  const zhang = yearScore(RULES.scoring, ZHANG);
  expect([zhang.total, zhang.lines.find((l) => l.item === 'manual')!.points, zhang.lines.find((l) => l.item === 'evaluation')!.evidence]).toEqual([
    80,
    -10,
    null,
  ]);
});

it('ranks representatives by score, equal scores sharing a place, with the 优秀 line', () => {
  const full: ScoreFacts = { ...ZHANG, rates: { satisfaction: 100, evaluation: 100 }, adjustments: [] };
  const rows = ranked([
    { name: '李秀英', score: yearScore(RULES.scoring, LI) },
    { name: '王强', score: yearScore(RULES.scoring, full) },
    { name: '张建国', score: yearScore(RULES.scoring, ZHANG) },
    { name: '陈芳', score: yearScore(RULES.scoring, ZHANG) },
  ]);
  expect(rows.map((r) => [r.rank, r.name, r.score.total, r.score.excellent])).toEqual([
    [1, '王强', 100, true],
    [2, '陈芳', 80, false],
    [2, '张建国', 80, false],
    [4, '李秀英', 77, false],
  ]);
});

it('refuses a scoring table whose caps do not add up to 100, or that lists an item twice', () => {
  expect(scoringProblem(RULES.scoring)).toBeNull();
  const [first, ...rest] = RULES.scoring.rules;
  expect(scoringProblem({ ...RULES.scoring, rules: [{ ...first!, cap: 25 }, ...rest] })).toBe('各项上限加起来应为100分，现在是105分');
  expect(scoringProblem({ ...RULES.scoring, rules: [first!, first!, ...rest] })).toBe('评分项目重复：接待日出勤');
  expect(scoringProblem({ ...RULES.scoring, excellent: 120 })).toBe('优秀分数线应在1到100分之间');
});

it('lets a resident of the representative’s villages vote once, inside the window', () => {
  const w = { opensOn: '2026-12-01', closesOn: '2026-12-15', villageIds: ['taoyuan', 'liuhe'], reported: true };
  const resident = { villageId: 'taoyuan', voted: false };
  expect(voteProblem(w, resident, '2026-12-01')).toBeNull();
  expect(voteProblem(w, resident, '2026-12-15')).toBeNull();
  expect(voteProblem(w, resident, '2026-11-30')).toBe('评议12月1日开始，请到时再来');
  expect(voteProblem(w, resident, '2026-12-16')).toBe('评议已经结束了');
  expect(voteProblem(w, { villageId: 'baisha', voted: false }, '2026-12-05')).toBe('只有这位代表所联系村(社区)的群众可以评议');
  expect(voteProblem(w, { villageId: null, voted: false }, '2026-12-05')).toBe('只有这位代表所联系村(社区)的群众可以评议');
  expect(voteProblem(w, { ...resident, voted: true }, '2026-12-05')).toBe('您已经评议过了，每人一次');
  // nothing to vote on before the representative's report
  expect(voteProblem({ ...w, reported: false }, resident, '2026-12-05')).toBe('代表还没有提交述职报告，请过几天再来评议');
});

it('tallies the votes: 满意 and 基本满意 of all', () => {
  const votes = [{ rating: 'satisfied' }, { rating: 'satisfied' }, { rating: 'basic' }, { rating: 'dissatisfied' }] as const;
  expect(tally(votes)).toEqual({ satisfied: 2, basic: 1, dissatisfied: 1, satisfaction: { numerator: 3, denominator: 4, percent: 75 } });
});
