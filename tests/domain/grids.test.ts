/**
 * The grid visit rule (网格走访达标率): weeks Monday to Sunday, distinct days with a visit against the
 * county's rule, partial weeks at the period's edges, the week under way, and the figures per grid.
 */
import { gridRulesFor, RULES } from '../../config/rules';
import { gridCompliance, gridPeople, gridRows, mondayOf, type GridCase } from '../../src/domain/grids';

const THREE = { visitDaysPerWeek: 3 };
// Monday 2 November 2026 … Sunday 29 November 2026: four whole weeks
const NOVEMBER = { from: '2026-11-02', to: '2026-11-29' };
const LATER = '2026-12-15';

describe('the weeks of a period', () => {
  it('finds the Monday of any day, across a month and a year', () => {
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-12-02')).toBe('2026-11-30');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });

  it('counts distinct visit days per week: two visits on one day are one day', () => {
    const c = gridCompliance(['2026-11-02', '2026-11-02', '2026-11-04', '2026-11-08'], NOVEMBER, THREE, LATER);
    expect(c.weeks[0]).toEqual({ week: '2026-11-02', from: '2026-11-02', to: '2026-11-08', days: 3, met: true, standing: 'met' });
    expect(c.visitDays).toBe(3);
  });

  it('meets the rule at exactly three days and misses it at two', () => {
    const c = gridCompliance(
      ['2026-11-02', '2026-11-03', '2026-11-04', /* week 2 */ '2026-11-09', '2026-11-15', /* week 3 */ '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'],
      NOVEMBER,
      THREE,
      LATER,
    );
    expect(c.weeks.map((w) => [w.week, w.days, w.standing])).toEqual([
      ['2026-11-02', 3, 'met'],
      ['2026-11-09', 2, 'missed'],
      ['2026-11-16', 4, 'met'],
      ['2026-11-23', 0, 'missed'],
    ]);
    expect(c.compliance).toEqual({ numerator: 2, denominator: 4, percent: 50 });
    expect(c.visitDays).toBe(9);
  });

  it('ignores visits outside the period', () => {
    const c = gridCompliance(['2026-11-01', '2026-11-30', '2026-11-02'], NOVEMBER, THREE, LATER);
    expect(c.visitDays).toBe(1);
    expect(c.weeks).toHaveLength(4);
  });

  it('has no rate when no week could be judged', () => {
    expect(gridCompliance([], { from: '2026-11-07', to: '2026-11-08' }, THREE, LATER).compliance).toEqual({ numerator: 0, denominator: 0, percent: null });
  });
});

describe('partial weeks at the period edges', () => {
  it('judges an edge week on its days inside the period, against the whole rule, when it holds enough of them', () => {
    // Thursday 5 … Wednesday 18 November: Thu–Sun (4 days) and Mon–Wed (3 days) are judged
    const c = gridCompliance(['2026-11-05', '2026-11-06', '2026-11-07', '2026-11-16'], { from: '2026-11-05', to: '2026-11-18' }, THREE, LATER);
    expect(c.weeks.map((w) => [w.from, w.to, w.days, w.standing])).toEqual([
      ['2026-11-05', '2026-11-08', 3, 'met'],
      ['2026-11-09', '2026-11-15', 0, 'missed'],
      ['2026-11-16', '2026-11-18', 1, 'missed'],
    ]);
    expect(c.compliance.percent).toBe(33.3);
  });

  it('leaves out an edge week with fewer days in the period than the rule asks, unless it met the rule anyway', () => {
    // Saturday 7 … Tuesday 17 November: Sat–Sun and Mon–Tue are two days each
    const short = gridCompliance(['2026-11-07'], { from: '2026-11-07', to: '2026-11-17' }, THREE, LATER);
    expect(short.weeks.map((w) => w.standing)).toEqual(['short', 'missed', 'short']);
    expect(short.compliance).toEqual({ numerator: 0, denominator: 1, percent: 0 });
    // a rule of two days a week can be met in two days
    const two = gridCompliance(['2026-11-07', '2026-11-08'], { from: '2026-11-07', to: '2026-11-17' }, { visitDaysPerWeek: 2 }, LATER);
    expect(two.weeks.map((w) => w.standing)).toEqual(['met', 'missed', 'missed']);
  });

  it('waits for the week under way: not met yet, it is left out; met already, it counts', () => {
    // today is Wednesday 25 November; the period runs to the end of the month
    const period = { from: '2026-11-16', to: '2026-11-30' };
    const pending = gridCompliance(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-23', '2026-11-24'], period, THREE, '2026-11-25');
    expect(pending.weeks.map((w) => w.standing)).toEqual(['met', 'under_way', 'under_way']);
    expect(pending.compliance).toEqual({ numerator: 1, denominator: 1, percent: 100 });
    const met = gridCompliance(['2026-11-23', '2026-11-24', '2026-11-25'], period, THREE, '2026-11-25');
    expect(met.weeks.map((w) => w.standing)).toEqual(['missed', 'met', 'under_way']);
    expect(met.compliance.percent).toBe(50);
  });

  it('judges a past period that ended mid-week on the days it held, even in the week of today', () => {
    // today Thursday 26 November, the period ended on Wednesday 25: Mon–Wed are all past
    const c = gridCompliance(['2026-11-23', '2026-11-24'], { from: '2026-11-23', to: '2026-11-25' }, THREE, '2026-11-26');
    expect(c.weeks).toEqual([{ week: '2026-11-23', from: '2026-11-23', to: '2026-11-25', days: 2, met: false, standing: 'missed' }]);
  });
});

describe('the rule as county data', () => {
  it('is three days a week by default and a county may set its own', () => {
    expect(gridRulesFor(RULES, 'qingxi')).toEqual({ visitDaysPerWeek: 3 });
    const rules = { ...RULES, counties: { ...RULES.counties, suining: { grids: { visitDaysPerWeek: 5 } } } };
    expect(gridRulesFor(rules, 'suining')).toEqual({ visitDaysPerWeek: 5 });
    // held to five days, three days a week no longer meet it
    const days = ['2026-11-02', '2026-11-03', '2026-11-04'];
    expect(gridCompliance(days, { from: '2026-11-02', to: '2026-11-08' }, gridRulesFor(rules, 'suining'), LATER).compliance.percent).toBe(0);
    expect(gridCompliance(days, { from: '2026-11-02', to: '2026-11-08' }, gridRulesFor(rules, 'qingxi'), LATER).compliance.percent).toBe(100);
  });
});

describe('the people of a grid and its figures', () => {
  it('names the grid head first, then its representatives and backbones, each once', () => {
    expect(gridPeople({ staffNames: ['王网格', '李网格'], backbones: ['赵骨干', '王网格'] }, ['李秀英'])).toEqual(['王网格', '李网格', '李秀英', '赵骨干']);
  });

  it('adds up visits, households and the requests raised in each grid, as they stand now', () => {
    const grids = [
      { _id: 'g1', code: 'g1', name: '一网格', villageId: 'taoyuan', townshipId: 'qingshi' },
      { _id: 'g2', code: 'g2', name: '二网格', villageId: 'liuhe', townshipId: 'qingshi' },
    ];
    const visits = [
      { gridId: 'g1', date: '2026-11-02', households: 5 },
      { gridId: 'g1', date: '2026-11-02', households: 3 }, // a second logger the same day: one visit day
      { gridId: 'g1', date: '2026-11-03', households: 4 },
      { gridId: 'g1', date: '2026-11-04', households: 2 },
      { gridId: 'g2', date: '2026-11-02', households: 9 },
      { gridId: 'g1', date: '2026-10-30', households: 100 }, // before the period
    ];
    const now = Date.parse('2026-12-15T09:00:00+08:00');
    const c = (over: Partial<GridCase>): GridCase => ({ gridId: 'g1', status: 'handling', heldAt: null, overdue: false, dueAt: null, ...over });
    const cases = [
      c({ status: 'closed' }),
      c({ status: 'handling', overdue: true, dueAt: now - 1 }),
      c({ status: 'assigned', dueAt: now + 1 }),
      c({ status: 'held', heldAt: now }), // not released: not counted
      c({ status: 'not_accepted' }),
      c({ gridId: 'g2', status: 'closed', overdue: true }),
      c({ gridId: null }),
    ];
    const rows = gridRows(grids, visits, cases, {
      ...NOVEMBER,
      today: LATER,
      now,
      rule: THREE,
      villageNames: new Map([
        ['taoyuan', '桃源村'],
        ['liuhe', '柳河村'],
      ]),
    });
    expect(
      rows.map((r) => [
        r.name,
        r.villageName,
        r.visits,
        r.households,
        r.visitDays,
        r.compliance.percent,
        r.requests,
        r.open,
        r.closed,
        r.overdue,
        r.overdueNow,
      ]),
    ).toEqual([
      ['二网格', '柳河村', 1, 9, 1, 0, 1, 0, 1, 1, 0],
      ['一网格', '桃源村', 4, 14, 3, 25, 4, 2, 1, 1, 1],
    ]);
  });
});
