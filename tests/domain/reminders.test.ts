import { RULES, remindersFor } from '../../config/rules';
import { createCalendar, workingDaysBefore } from '../../src/domain/calendar';
import { applyClock, nextReminder, withNextReminder } from '../../src/domain/reminders';
import { makeCase } from '../fixtures';

const cal = createCalendar();
const at = (local: string) => Date.parse(`${local}+08:00`);
const schedule = RULES.reminders;
/** A village case handled by its committee, due Thursday 15 October 2026 (after National Day). */
const handling = makeCase({
  status: 'handling',
  level: 'village',
  unitId: 'vc-taoyuan',
  unitName: '桃源村村委会',
  assignedAt: at('2026-09-30T10:00:00'),
  dueDate: '2026-10-15',
  dueAt: at('2026-10-15T23:59:59.999'),
});

/** The first `n` reminders after `from`, as "kind@MM-DD HH:mm". */
function upcoming(c: typeof handling, from: number, n: number, s = schedule): string[] {
  const out: string[] = [];
  for (let r = nextReminder(c, s, cal, { at: from, key: '' }); r && out.length < n; r = nextReminder(c, s, cal, r)) {
    out.push(`${r.kind}@${new Date(r.at + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ')}`);
  }
  return out;
}

describe('reminder schedule', () => {
  it('counts working days back from the due day across a holiday', () => {
    expect(workingDaysBefore(cal, '2026-10-15', 2)).toBe('2026-10-13');
    // two working days before Friday 9 October: Thursday 8th is the first after the holiday, so the 30th
    expect(workingDaysBefore(cal, '2026-10-09', 2)).toBe('2026-09-30');
  });

  it('lays out the due track: two working days before, the due day, the overdue mark, then every three working days', () => {
    expect(upcoming(handling, at('2026-09-30T10:00:00'), 6)).toEqual([
      'due_soon@10-13 09:00',
      'due_today@10-15 09:00',
      'overdue@10-16 00:00',
      'overdue_again@10-16 09:00',
      'overdue_again@10-21 09:00',
      'overdue_again@10-26 09:00',
    ]);
  });

  it('follows a county’s own schedule where it has one', () => {
    const rules = { ...RULES, counties: { qingxi: { reminders: { beforeDue: 3, onDueDay: false, hour: 8 } } } };
    const own = remindersFor(rules, 'qingxi');
    expect(remindersFor(rules, 'elsewhere')).toEqual(RULES.reminders);
    expect(upcoming(handling, at('2026-09-30T10:00:00'), 3, own)).toEqual(['due_soon@10-12 08:00', 'overdue@10-16 00:00', 'overdue_again@10-16 08:00']);
  });

  it('has nothing to remind about a closed or replied case', () => {
    for (const status of ['replied', 'closed', 'withdrawn', 'not_accepted'] as const) {
      expect(withNextReminder(makeCase({ ...handling, status }), schedule, cal, at('2026-10-01T00:00:00')).nextReminderAt).toBeNull();
    }
  });

  it('sends a due reminder once: the cursor moves past it', () => {
    const c = withNextReminder(handling, schedule, cal, at('2026-10-12T10:00:00'));
    expect(c.nextReminderKey).toBe('due:2026-10-15:soon');
    const now = at('2026-10-13T09:05:00');
    const first = applyClock(c, schedule, cal, now)!;
    expect(first.sent.map((r) => r.kind)).toEqual(['due_soon']);
    expect(first.notifications.map((n) => n.to)).toEqual([{ key: 'handler:qingxi:vc-taoyuan' }]);
    expect(first.next.nextReminderKey).toBe('due:2026-10-15:today');
    expect(applyClock(first.next, schedule, cal, now)).toBeNull();
  });

  it('tells the handlers, the village’s supervising leader and the office once overdue', () => {
    const c = withNextReminder(handling, schedule, cal, at('2026-10-15T12:00:00'));
    const done = applyClock(c, schedule, cal, at('2026-10-16T09:00:00'))!;
    expect(done.next.overdue).toBe(true);
    expect(done.notifications.map((n) => ('key' in n.to ? n.to.key : 'resident'))).toEqual([
      'handler:qingxi:vc-taoyuan',
      'supervisor:qingxi:village:taoyuan',
      'office:qingxi',
    ]);
  });
});
