/** 重大事项通报's pure rules: whom a briefing reaches, when opinions are taken, and the 百分制 count of acknowledgements. */
import { acknowledgedCounts, audienceOf, opinionProblem, opinionsOpen, unreadFirst } from '../../src/domain/briefings';
import { endOfShanghaiDay, startOfShanghaiDay } from '../../src/domain/calendar';

const rep = (_id: string, active = true, countyId = 'qingxi') => ({ _id, countyId, active });
const REPS = [rep('rep-1'), rep('rep-2'), rep('rep-3', false), rep('rep-4'), rep('x:rep-1', true, 'other')];

describe('the audience', () => {
  it('is every active representative of the county when sent to all', () => {
    expect(audienceOf('qingxi', 'all', REPS)).toEqual(['rep-1', 'rep-2', 'rep-4']);
  });

  it('is the active members of the chosen groups, each once, never another county’s', () => {
    const groups = [
      { countyId: 'qingxi', memberIds: ['rep-4', 'rep-3', 'rep-1'] },
      { countyId: 'qingxi', memberIds: ['rep-1', 'x:rep-1'] },
      { countyId: 'other', memberIds: ['rep-2'] },
    ];
    expect(audienceOf('qingxi', 'groups', REPS, groups)).toEqual(['rep-1', 'rep-4']);
    expect(audienceOf('qingxi', 'groups', REPS, [])).toEqual([]);
  });
});

describe('征求意见', () => {
  it('takes opinions up to and including the closing day, and none when none were asked', () => {
    expect([opinionsOpen({ opinionsUntil: '2026-11-25' }, '2026-11-25'), opinionsOpen({ opinionsUntil: '2026-11-25' }, '2026-11-26')]).toEqual([true, false]);
    expect(opinionProblem({ opinionsUntil: '2026-11-25' }, '2026-11-25')).toBeNull();
    expect(opinionProblem({ opinionsUntil: '2026-11-25' }, '2026-11-26')).toBe('征求意见已于2026-11-25截止，不能再提交或修改意见');
    expect(opinionProblem({ opinionsUntil: null }, '2026-11-20')).toBe('这份通报没有征求意见');
  });
});

describe('acknowledgements counted for the 百分制', () => {
  const read = (representativeId: string, readAt: number | null, countyId = 'qingxi') => ({ representativeId, readAt, countyId });
  const READS = [
    read('rep-1', startOfShanghaiDay('2026-01-01')),
    read('rep-1', endOfShanghaiDay('2026-12-31')),
    read('rep-1', endOfShanghaiDay('2025-12-31')),
    read('rep-2', startOfShanghaiDay('2026-06-01')),
    read('rep-2', null),
    read('rep-9', startOfShanghaiDay('2026-06-01'), 'other'),
  ];

  it('counts each representative’s acknowledgements within the days of the period, both ends included', () => {
    expect(acknowledgedCounts(READS, 'qingxi', { from: '2026-01-01', to: '2026-12-31' })).toEqual({ 'rep-1': 2, 'rep-2': 1 });
  });

  it('takes the period as an epoch range too', () => {
    const at = startOfShanghaiDay('2026-06-01');
    expect(acknowledgedCounts(READS, 'qingxi', { fromAt: at, toAt: at })).toEqual({ 'rep-2': 1 });
  });
});

it('lists unread briefings first, then the newest', () => {
  const items = [
    { id: 'a', publishedAt: 1, readAt: null },
    { id: 'b', publishedAt: 3, readAt: 5 },
    { id: 'c', publishedAt: 2, readAt: null },
    { id: 'd', publishedAt: 4, readAt: 6 },
  ];
  expect(unreadFirst(items).map((i) => i.id)).toEqual(['c', 'a', 'd', 'b']);
});
