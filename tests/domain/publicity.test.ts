/** 活动公示: what a representative's card shows of their work, whatever records it is handed. */
import {
  activitySince,
  publicActivity,
  type ActivityEvaluation,
  type ActivityProposal,
  type ActivityReception,
  type ActivityRecords,
} from '../../src/domain/publicity';

const REP = { _id: 'rep-1', countyId: 'a' };
const TODAY = '2026-11-23';
const at = (iso: string) => Date.parse(`${iso}T10:00:00+08:00`);

const log = (date: string, over: Partial<ActivityReception> = {}): ActivityReception => ({
  countyId: 'a',
  kind: 'reception',
  scheduled: true,
  date,
  workroomName: '桃源村工作室',
  villageName: '桃源村',
  residents: 3,
  representativeIds: ['rep-1', 'rep-2'],
  ...over,
});

const proposal = (id: string, over: Partial<ActivityProposal> = {}): ActivityProposal => ({
  _id: id,
  countyId: 'a',
  kind: 'motion',
  no: `2026-${id}`,
  title: `提议${id}`,
  status: 'replied',
  proposerId: 'rep-1',
  cosigners: [],
  reply: { replyClass: 'A', text: '已解决', at: at('2026-10-01'), byName: '郑伟' },
  ...over,
});

const evaluation = (seq: number, over: Partial<ActivityEvaluation> = {}): ActivityEvaluation => ({
  _id: `rep-1:e${seq}`,
  countyId: 'a',
  representativeId: 'rep-1',
  seq,
  name: `第${seq}次述职评议`,
  period: { from: '2026-01-01', to: '2026-06-30' },
  result: { satisfied: 6, basic: 2, dissatisfied: 2, publishedAt: at('2026-07-20'), publishedBy: 'o', publishedByName: '马丽' },
  ...over,
});

/** The activity shown on TODAY for these records (nothing else read). */
const activity = (over: Partial<ActivityRecords> = {}) =>
  publicActivity(REP, { receptions: [], receptionTotal: 0, proposals: [], answeredTotal: 0, submittedThisYear: 0, evaluations: [], ...over }, TODAY);

it('counts reception days from the day after the same date a year back', () => {
  expect(activitySince('2026-11-23')).toBe('2025-11-24');
  expect(activitySince('2028-02-29')).toBe('2027-03-01');
});

it('lists the reception days and visits they attended in the last twelve months, latest first, as place and residents only', () => {
  const a = activity({
    receptions: [
      log('2026-10-20'),
      log('2025-11-23'), // a year and a day back: out
      log('2026-11-10', { kind: 'visit', workroomName: null, villageName: '柳河村', representativeIds: ['rep-1'], residents: 5 }),
      log('2026-11-12', { scheduled: false, residents: 1 }),
      log('2026-11-20', { representativeIds: ['rep-2'] }), // not on duty
      log('2026-11-21', { countyId: 'b' }), // another county's
    ],
    receptionTotal: 3,
  });
  expect(a.receptions).toEqual({
    since: '2025-11-24',
    total: 3,
    items: [
      { date: '2026-11-12', kindText: '加开接待', place: '桃源村工作室', residents: 1 },
      { date: '2026-11-10', kindText: '走访', place: '柳河村', residents: 5 },
      { date: '2026-10-20', kindText: '接待日', place: '桃源村工作室', residents: 3 },
    ],
  });
});

it('shows answered proposals they made or co-signed, latest answer first, with the reply class in words', () => {
  const a = activity({
    proposals: [
      proposal('001'),
      proposal('002', { proposerId: 'rep-3', cosigners: [{ representativeId: 'rep-1', name: '李秀英', at: at('2026-08-01') }], status: 'closed' }),
      proposal('003', { reply: { replyClass: 'C', text: '暂无条件', at: at('2026-11-02'), byName: '冯雪' } }),
      proposal('004', { status: 'handling', reply: null }), // not answered yet
      proposal('005', { status: 'handling' }), // sent round again by 不满意: its old reply no longer stands
      proposal('006', { proposerId: 'rep-3' }), // neither theirs nor co-signed
      proposal('007', { countyId: 'b' }),
    ],
    answeredTotal: 3,
    submittedThisYear: 4,
  });
  expect(a.proposals).toMatchObject({ year: 2026, submittedThisYear: 4, answeredTotal: 3 });
  expect(a.proposals.items.map((p) => [p.no, p.roleText, p.statusText, p.replyClassText])).toEqual([
    ['2026-003', '提出', '已答复', '因条件限制暂时无法解决，作出解释'],
    ['2026-001', '提出', '已答复', '已解决或采纳'],
    ['2026-002', '附议', '已办结', '已解决或采纳'],
  ]);
  expect(a.proposals.items[0]).toMatchObject({ kindText: '提议', title: '提议003', repliedOn: '2026-11-02' });
});

it('shows only the latest published evaluation result, never one still being voted on', () => {
  const voting = evaluation(3, { result: null, period: { from: '2026-07-01', to: '2026-11-15' } });
  expect(activity({ evaluations: [voting] }).evaluation).toBeNull();
  const a = activity({ evaluations: [evaluation(1), voting, evaluation(2), evaluation(4, { representativeId: 'rep-2' })] });
  expect(a.evaluation).toMatchObject({
    id: 'rep-1:e2',
    name: '第2次述职评议',
    period: { from: '2026-01-01', to: '2026-06-30' },
    publishedOn: '2026-07-20',
    votes: 10,
    satisfactionText: '80%',
    lines: [
      { rating: 'satisfied', text: '满意', count: 6 },
      { rating: 'basic', text: '基本满意', count: 2 },
      { rating: 'dissatisfied', text: '不满意', count: 2 },
    ],
  });
});

it('shows nothing but empty lists for a representative with no public work', () => {
  expect(activity()).toEqual({
    receptions: { since: '2025-11-24', total: 0, items: [] },
    proposals: { year: 2026, submittedThisYear: 0, answeredTotal: 0, items: [] },
    evaluation: null,
  });
});
