/** The periods an office reports on, reckoned by the server's clock in Asia/Shanghai. */
import { periodOf } from '../../src/domain/periods';

const at = (local: string) => Date.parse(`${local}+08:00`);

it('reckons this half-year from its first day, and the half-year just ended for the first days of a new one', () => {
  // New Year's Day, just after midnight in Shanghai (still 31 December in UTC)
  expect(periodOf('half_year', at('2027-01-01T00:30:00'))).toEqual({ from: '2027-01-01', to: '2027-01-01' });
  expect(periodOf('last_half_year', at('2027-01-01T00:30:00'))).toEqual({ from: '2026-07-01', to: '2026-12-31' });
  expect(periodOf('last_half_year', at('2026-07-01T09:00:00'))).toEqual({ from: '2026-01-01', to: '2026-06-30' });
  expect(periodOf('half_year', at('2026-07-01T09:00:00'))).toEqual({ from: '2026-07-01', to: '2026-07-01' });
  expect(periodOf('last_30_days', at('2026-03-01T09:00:00'))).toEqual({ from: '2026-01-31', to: '2026-03-01' });
});
