/** When 问题还在吗 is asked: the rules as data, the days counted in Asia/Shanghai. */
import { RULES } from '../../config/rules';
import { startOfShanghaiDay } from '../../src/domain/calendar';
import { stillThereAskAt, stillThereQuestion } from '../../src/domain/followup';

const HOUR = 3600_000;
const closedAt = Date.parse('2026-11-23T16:30:00+08:00');
const closed = { status: 'closed' as const, closedAt, outcome: 'resolved' as const, expectedDate: null, wallPostId: null };

describe('问题还在吗', () => {
  it('asks about a resolved case on the 30th day after the day it closed, at the reminders’ hour', () => {
    expect(stillThereAskAt(closed, RULES, 9)).toBe(startOfShanghaiDay('2026-12-23') + 9 * HOUR);
    expect(stillThereAskAt(closed, { stillThere: { askAfterDays: 7, answerDays: 14 } }, 10)).toBe(startOfShanghaiDay('2026-11-30') + 10 * HOUR);
  });

  it('counts a case under way (已启动办理) from the day the work was expected done, and never asks an explained one or an echo-wall post’s', () => {
    expect(stillThereAskAt({ ...closed, outcome: 'in_progress', expectedDate: '2026-12-10' }, RULES, 9)).toBe(startOfShanghaiDay('2027-01-09') + 9 * HOUR);
    expect(stillThereAskAt({ ...closed, outcome: 'in_progress', expectedDate: '2026-11-01' }, RULES, 9)).toBe(startOfShanghaiDay('2026-12-23') + 9 * HOUR);
    expect(stillThereAskAt({ ...closed, outcome: 'in_progress', expectedDate: null }, RULES, 9)).toBeNull();
    expect(stillThereAskAt({ ...closed, outcome: 'explained' }, RULES, 9)).toBeNull();
    expect(stillThereAskAt({ ...closed, wallPostId: 'w1' }, RULES, 9)).toBeNull();
    expect(stillThereAskAt({ ...closed, status: 'replied' as const }, RULES, 9)).toBeNull();
  });

  it('lets the resident answer until the end of the answer window’s last day', () => {
    const q = stillThereQuestion(startOfShanghaiDay('2026-12-23') + 9 * HOUR, RULES);
    expect([q.answerDate, q.answerBy, q.answer]).toEqual(['2027-01-06', startOfShanghaiDay('2027-01-07') - 1, null]);
  });
});
