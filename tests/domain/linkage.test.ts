/** 三联动's rules: why a case is on a township's agenda, the reception days of a period, the seeded draw, and 督查缺岗 in the 百分制. */
import { RULES } from '../../config/rules';
import type { CaseRecord, Workroom } from '../../types/domain';
import { agendaReasons, drawSessions, findingText, inspectionCounts, monthDays, sessionsIn, type AgendaCase } from '../../src/domain/linkage';
import { scoringProblem, yearScore, type ScoringRules } from '../../src/domain/scoring';

const NOW = Date.parse('2026-12-16T10:00:00+08:00');
const agendaCase = (over: Partial<AgendaCase> = {}): AgendaCase => ({
  status: 'handling',
  dueAt: Date.parse('2026-12-31T23:59:59.999+08:00'),
  escalationCount: 0,
  returnCount: 0,
  level: 'township',
  events: [],
  ...over,
});

it('puts a township case on the agenda for being overdue, escalated, returned or rated 不满意, and nothing else', () => {
  expect(agendaReasons(agendaCase(), NOW)).toEqual([]);
  expect(agendaReasons(agendaCase({ dueAt: NOW - 1 }), NOW)).toEqual(['overdue']);
  expect(agendaReasons(agendaCase({ status: 'escalated', dueAt: null, escalationCount: 1 }), NOW)).toEqual(['escalated']);
  expect(agendaReasons(agendaCase({ status: 'returned', returnCount: 1 }), NOW)).toEqual(['returned']);
  const rated = { events: [{ action: 'rate', data: { rating: 'dissatisfied' } }] as unknown as CaseRecord['events'] };
  expect(agendaReasons(agendaCase({ status: 'reassigning', dueAt: null, ...rated }), NOW)).toEqual(['dissatisfied']);
  // a village case, or one closed or waiting for the resident's rating, is not the township meeting's
  expect(agendaReasons(agendaCase({ level: 'village', dueAt: NOW - 1 }), NOW)).toEqual([]);
  expect(agendaReasons(agendaCase({ status: 'closed', returnCount: 1 }), NOW)).toEqual([]);
  expect(agendaReasons(agendaCase({ status: 'replied', escalationCount: 1 }), NOW)).toEqual([]);
});

it('knows the days of a month, leap years included', () => {
  expect(monthDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  expect(monthDays('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
});

const workrooms: Array<Pick<Workroom, '_id' | 'schedule'>> = [
  { _id: 'ws-b', schedule: { every: 'week', weekday: 1 } },
  { _id: 'ws-a', schedule: { every: 'month', day: 20 } },
];

it('lists every workroom’s reception days of a period, by day then workroom', () => {
  expect(sessionsIn(workrooms, '2026-11-16', '2026-11-30')).toEqual([
    { workroomId: 'ws-b', date: '2026-11-16' },
    { workroomId: 'ws-a', date: '2026-11-20' },
    { workroomId: 'ws-b', date: '2026-11-23' },
    { workroomId: 'ws-b', date: '2026-11-30' },
  ]);
});

it('replays a draw from its seed: the same seed the same sessions, another seed may differ, never more than there are', () => {
  const candidates = Array.from({ length: 30 }, (_, i) => `ws-${i}`);
  const first = drawSessions(candidates, 5, 20261123);
  expect(first).toHaveLength(5);
  expect(new Set(first).size).toBe(5);
  expect(drawSessions(candidates, 5, 20261123)).toEqual(first);
  expect([1, 2, 3, 4].some((seed) => drawSessions(candidates, 5, seed).join() !== first.join())).toBe(true);
  // in the candidates' order
  expect([...first].sort((a, b) => candidates.indexOf(a) - candidates.indexOf(b))).toEqual(first);
  expect(drawSessions(['only'], 3, 7)).toEqual(['only']);
});

it('counts inspected sessions and absences per representative within the period, only those with findings', () => {
  const sessions = [
    { date: '2026-11-20', representativeIds: ['r1', 'r2'], finding: { absentIds: ['r2'] } },
    { date: '2026-11-23', representativeIds: ['r1', 'r2'], finding: null },
    { date: '2027-01-04', representativeIds: ['r1'], finding: { absentIds: ['r1'] } },
  ];
  expect(Object.fromEntries(inspectionCounts(sessions, '2026-01-01', '2026-12-31'))).toEqual({
    r1: { inspected: 1, absent: 0 },
    r2: { inspected: 1, absent: 1 },
  });
  expect(sessions.map(findingText)).toEqual(['部分缺岗', '未记录', '整组缺岗']);
});

it('deducts 督查缺岗 only where the county’s table has the item, within its cap', () => {
  const facts = { counts: { receptions: 10, absences: 3 }, rates: {}, adjustments: [] };
  const withItem: ScoringRules = {
    ...RULES.scoring,
    rules: [...RULES.scoring.rules, { item: 'absences', name: '督查缺岗', kind: 'deduction', points: 2, cap: 5 }],
  };
  expect(scoringProblem(withItem)).toBeNull();
  const plain = yearScore(RULES.scoring, facts);
  const deducted = yearScore(withItem, facts);
  expect(plain.lines.some((l) => l.item === 'absences')).toBe(false);
  expect(deducted.lines.find((l) => l.item === 'absences')).toEqual({ item: 'absences', name: '督查缺岗', evidence: 3, points: -5, cap: 5 });
  expect(deducted.total).toBe(plain.total - 5);
});
