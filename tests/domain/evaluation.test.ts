/** 述职评议's rules beyond the vote: where an evaluation stands, what the office may open and publish, and the figures as printed. */
import { combinedSatisfaction, figureLines, openingProblem, phaseOf, publishProblem, reportProblem } from '../../src/domain/evaluation';
import { rate } from '../../src/domain/statistics';

const W = { opensOn: '2026-12-01', closesOn: '2026-12-15' };

it('places an evaluation before, inside and after its window, and published once the office said so', () => {
  expect(phaseOf({ ...W, published: false }, '2026-11-30')).toBe('upcoming');
  expect(phaseOf({ ...W, published: false }, '2026-12-01')).toBe('open');
  expect(phaseOf({ ...W, published: false }, '2026-12-15')).toBe('open');
  expect(phaseOf({ ...W, published: false }, '2026-12-16')).toBe('closed');
  expect(phaseOf({ ...W, published: true }, '2026-12-16')).toBe('published');
});

it('refuses an opening whose days are out of order or past, on the field to change', () => {
  const o = { from: '2026-01-01', to: '2026-11-30', ...W };
  expect(openingProblem(o, '2026-11-23')).toBeNull();
  expect(openingProblem(o, '2026-12-01')).toBeNull();
  expect(openingProblem(o, '2026-12-02')).toEqual({ field: 'opensOn', message: '评议开始日期已经过去了' });
  expect(openingProblem({ ...o, closesOn: '2026-11-30' }, '2026-11-23')).toEqual({ field: 'closesOn', message: '评议结束日期不能早于开始日期' });
  expect(openingProblem({ ...o, to: '2025-12-31' }, '2026-11-23')).toEqual({ field: 'to', message: '述职期间的结束日期不能早于开始日期' });
});

it('lets the report be written until the first vote or the close, and the result be published once, after it', () => {
  expect([reportProblem('upcoming', false), reportProblem('open', false)]).toEqual([null, null]);
  expect(reportProblem('open', true)).toBe('已经有群众评议了，述职报告不能再修改');
  expect(reportProblem('closed', false)).toBe('评议已经结束，述职报告不能再修改');
  expect(publishProblem('open', '2026-12-15')).toBe('评议12月15日结束后才能公布结果');
  expect(publishProblem('upcoming', '2026-12-15')).toBe('评议12月15日结束后才能公布结果');
  expect(publishProblem('closed', '2026-12-15')).toBeNull();
  expect(publishProblem('published', '2026-12-15')).toBe('评议结果已经公布过了');
});

it('adds the votes of a year’s published results together for the 百分制', () => {
  // 2 of 3, then 7 of 7: 9 of 10, not the mean of 66.7% and 100%
  expect(
    combinedSatisfaction([
      { satisfied: 1, basic: 1, dissatisfied: 1 },
      { satisfied: 5, basic: 2, dissatisfied: 0 },
    ]),
  ).toEqual({ numerator: 9, denominator: 10, percent: 90 });
  expect(combinedSatisfaction([{ satisfied: 0, basic: 0, dissatisfied: 0 }]).percent).toBeNull();
});

it('prints a report’s figures with the labels of the office’s workbook', () => {
  const lines = figureLines({
    received: 12,
    inPerson: 3,
    response: rate(8, 9),
    answered: 10,
    resolved: 7,
    closed: 6,
    satisfaction: rate(0, 0),
    attendances: 5,
    visits: 2,
    residents: 40,
    groupActivities: 3,
    inspected: 2,
    absent: 1,
  });
  expect(lines.map((l) => `${l.label} ${l.value}`)).toEqual([
    '接待（人次） 5',
    '其中走访 2',
    '接待群众（人） 40',
    '参加小组活动（次） 3',
    '被督查（次） 2',
    '督查缺岗（次） 1',
    '收到诉求 12',
    '其中当面登记 3',
    '响应率 88.9%',
    '已答复 10',
    '已办结 7',
    '跟踪到底（已评价） 6',
    '满意率 —',
  ]);
});
