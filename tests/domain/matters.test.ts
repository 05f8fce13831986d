/** 重大事项民意's rules: who may vote where and when, the approval threshold (two thirds, exactly two thirds passing), what may be put and recorded. */
import { RULES, matterRulesFor } from '../../config/rules';
import {
  closeProblem,
  countVotes,
  covers,
  matterPhase,
  meetingProblem,
  optionsOf,
  outcomeOf,
  puttingProblem,
  reaches,
  touches,
  voteProblem,
} from '../../src/domain/matters';

const TWO_THIRDS = { numerator: 2, denominator: 3 };
const M = {
  mode: 'vote' as const,
  kind: 'approval' as const,
  opensOn: '2026-12-01',
  closesOn: '2026-12-07',
  villageIds: ['taoyuan', 'liuhe'],
  decided: false,
  options: ['同意', '不同意'],
  threshold: TWO_THIRDS,
};
const voter = { villageId: 'taoyuan', option: 0, voted: false };

it('takes two thirds as the default threshold, and a county’s own when it set one', () => {
  expect(RULES.matters.threshold).toEqual(TWO_THIRDS);
  const rules = { ...RULES, counties: { c1: { matters: { threshold: { numerator: 3, denominator: 4 } } } } };
  expect(matterRulesFor(rules, 'c1').threshold).toEqual({ numerator: 3, denominator: 4 });
  expect(matterRulesFor(rules, 'c2').threshold).toEqual(TWO_THIRDS);
});

it('passes at exactly two thirds of the votes cast, fails one vote short, and never with no votes', () => {
  expect(reaches(2, 3, TWO_THIRDS)).toBe(true);
  expect(reaches(20, 30, TWO_THIRDS)).toBe(true);
  expect(reaches(19, 30, TWO_THIRDS)).toBe(false);
  expect(reaches(1, 2, TWO_THIRDS)).toBe(false);
  expect(reaches(0, 0, TWO_THIRDS)).toBe(false);
  // 666 of 1000 is short of two thirds, 667 reaches it: no rounding of floats decides it
  expect(reaches(666, 999, TWO_THIRDS)).toBe(true);
  expect(reaches(666, 1000, TWO_THIRDS)).toBe(false);
  expect(reaches(667, 1000, TWO_THIRDS)).toBe(true);
});

it('words an approval’s outcome with its counts, and a choice’s by the option most chose (none on a tie)', () => {
  expect(outcomeOf(M, [20, 10])).toMatchObject({ cast: 30, passed: true, chosen: 0, text: '通过（同意20票，共30票，达到三分之二）' });
  expect(outcomeOf(M, [19, 11])).toMatchObject({ passed: false, chosen: null, text: '未通过（同意19票，共30票，未达到三分之二）' });
  expect(outcomeOf(M, [0, 0])).toMatchObject({ cast: 0, passed: false });
  const choice = { ...M, kind: 'choice' as const, options: ['甲方案', '乙方案', '丙方案'] };
  expect(outcomeOf(choice, [3, 5, 1])).toMatchObject({ passed: null, chosen: 1, text: '多数选择「乙方案」' });
  expect(outcomeOf(choice, [4, 4, 1])).toMatchObject({ chosen: null, text: '票数相同，未形成结果' });
  expect(countVotes(3, [{ option: 1 }, { option: 1 }, { option: 2 }])).toEqual([0, 2, 1]);
});

it('opens voting on its first day and keeps it open through its last', () => {
  expect(voteProblem(M, voter, '2026-11-30')).toBe('投票12月1日开始，请到时再来');
  expect(voteProblem(M, voter, '2026-12-01')).toBeNull();
  expect(voteProblem(M, voter, '2026-12-07')).toBeNull();
  expect(voteProblem(M, voter, '2026-12-08')).toBe('投票已经结束了');
  expect(matterPhase(M, '2026-12-08')).toBe('closed');
  expect(matterPhase({ ...M, decided: true }, '2026-12-08')).toBe('decided');
});

it('takes votes only from the boards of the matter’s villages, once, on an option it has, and not for a meeting', () => {
  expect(voteProblem(M, { ...voter, villageId: 'baishacun' }, '2026-12-03')).toBe('只有这件事所涉及村(社区)的群众可以投票');
  expect(voteProblem(M, { ...voter, villageId: 'liuhe' }, '2026-12-03')).toBeNull();
  expect(voteProblem(M, { ...voter, voted: true }, '2026-12-03')).toBe('您已经投过票了，每人一次');
  expect(voteProblem(M, { ...voter, option: 2 }, '2026-12-03')).toBe('请选择一个选项');
  expect(voteProblem({ ...M, mode: 'meeting' }, voter, '2026-12-03')).toBe('这件事在坝坝会上表决，不在网上投票');
  expect(voteProblem({ ...M, decided: true }, voter, '2026-12-03')).toBe('投票已经结束了');
});

it('puts an approval with 同意 / 不同意 by default, and refuses too few, too many, blank or repeated options, an approval of more than for and against, and a window out of order', () => {
  const put = { kind: 'approval' as const, mode: 'vote' as const, opensOn: '2026-12-01', closesOn: '2026-12-07' };
  expect(optionsOf(put)).toEqual(['同意', '不同意']);
  expect(puttingProblem(put, '2026-11-23')).toBeNull();
  expect(puttingProblem({ ...put, kind: 'choice' }, '2026-11-23')?.field).toBe('options');
  expect(puttingProblem({ ...put, options: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }, '2026-11-23')?.field).toBe('options');
  expect(puttingProblem({ ...put, options: ['甲', ' '] }, '2026-11-23')?.message).toBe('选项不能为空');
  expect(puttingProblem({ ...put, options: ['甲', '甲 '] }, '2026-11-23')?.message).toBe('选项不能重复');
  // an approval is for or against, in the words given: a third option would blur the threshold
  expect(puttingProblem({ ...put, options: ['赞成修路', '不赞成'] }, '2026-11-23')).toBeNull();
  expect(puttingProblem({ ...put, options: ['甲', '乙', '丙'] }, '2026-11-23')).toEqual({
    field: 'options',
    message: '同意与否的事项只有两个选项：第一个表示同意，第二个表示不同意',
  });
  expect(puttingProblem({ ...put, kind: 'choice', options: ['甲', '乙', '丙'] }, '2026-11-23')).toBeNull();
  expect(puttingProblem(put, '2026-12-02')?.field).toBe('opensOn');
  expect(puttingProblem({ ...put, closesOn: '2026-11-30' }, '2026-11-23')?.field).toBe('closesOn');
  expect(puttingProblem({ ...put, closesOn: '2027-01-29' }, '2026-11-23')).toBeNull();
  expect(puttingProblem({ ...put, closesOn: '2027-01-30' }, '2026-11-23')?.message).toBe('征求意见最长60天');
});

it('lets a 坝坝会 already held be put within a month to record it, but never a vote that opened in the past', () => {
  const held = { kind: 'approval' as const, mode: 'meeting' as const, opensOn: '2026-11-02', closesOn: '2026-11-02' };
  expect(puttingProblem(held, '2026-12-02')).toBeNull();
  expect(puttingProblem(held, '2026-12-03')).toEqual({ field: 'opensOn', message: '已开过的坝坝会须在30天内录入' });
  expect(puttingProblem({ ...held, mode: 'vote' }, '2026-11-03')).toEqual({ field: 'opensOn', message: '开始日期不能早于今天' });
});

it('lets a township’s staff reach its villages, a village’s only its own, the office the county', () => {
  const villages = [
    { _id: 'taoyuan', townshipId: 'qingshi' },
    { _id: 'liuhe', townshipId: 'qingshi' },
  ];
  expect(covers({ county: false, townshipIds: ['qingshi'], villageIds: [] }, villages)).toBe(true);
  expect(covers({ county: false, townshipIds: ['baisha'], villageIds: [] }, villages)).toBe(false);
  expect(covers({ county: false, townshipIds: [], villageIds: ['taoyuan'] }, villages)).toBe(false);
  expect(covers({ county: false, townshipIds: [], villageIds: ['taoyuan'] }, villages.slice(0, 1))).toBe(true);
  expect(covers({ county: true, townshipIds: [], villageIds: [] }, villages)).toBe(true);
  expect(covers({ county: true, townshipIds: [], villageIds: [] }, [])).toBe(false);
  // a village's staff manage a matter that concerns their village among others
  expect(touches({ county: false, townshipIds: [], villageIds: ['taoyuan'] }, villages)).toBe(true);
  expect(touches({ county: false, townshipIds: ['baisha'], villageIds: ['baishacun'] }, villages)).toBe(false);
});

it('publishes an online vote only after its window and once; a meeting’s counts only for a meeting, held in its window, by today, no more than came', () => {
  expect(closeProblem(M, '2026-12-07')).toBe('投票12月7日结束后才能公布结果');
  expect(closeProblem(M, '2026-12-08')).toBeNull();
  expect(closeProblem({ ...M, decided: true }, '2026-12-08')).toBe('结果已经公布过了');
  expect(closeProblem({ ...M, mode: 'meeting' }, '2026-12-08')).toBe('这件事由坝坝会表决，请录入会议的表决结果');
  const meeting = { ...M, mode: 'meeting' as const };
  const held = { date: '2026-12-03', attendance: 40, counts: [30, 8] };
  expect(meetingProblem(meeting, held, '2026-12-03')).toBeNull();
  expect(meetingProblem(M, held, '2026-12-03')?.field).toBe('matterId');
  expect(meetingProblem(meeting, held, '2026-12-02')?.field).toBe('date');
  expect(meetingProblem(meeting, { ...held, date: '2026-11-30' }, '2026-12-03')?.field).toBe('date');
  expect(meetingProblem(meeting, { ...held, counts: [30, 8, 1] }, '2026-12-03')?.field).toBe('counts');
  expect(meetingProblem(meeting, { ...held, attendance: 37 }, '2026-12-03')?.message).toBe('表决票数合计不能多于到会人数');
});
