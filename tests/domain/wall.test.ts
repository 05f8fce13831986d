import { RULES, remindersFor } from '../../config/rules';
import type { Unit, WallPost } from '../../types/domain';
import { createCalendar, endOfShanghaiDay } from '../../src/domain/calendar';
import type { DueClock } from '../../src/domain/reminders';
import {
  decideWall,
  mayReplyWall,
  saysSomething,
  wallClock,
  wallDue,
  wallFigures,
  wallLate,
  wallReminderNotices,
  wallReply,
  workingDaysTaken,
} from '../../src/domain/wall';

const calendar = createCalendar();
const AT = Date.parse('2026-09-30T10:00:00+08:00');

const post = (over: Partial<WallPost> = {}): WallPost => ({
  _id: 'w1',
  countyId: 'qingxi',
  townshipId: 'qingshi',
  townshipName: '青石镇',
  villageId: 'taoyuan',
  villageName: '桃源村',
  no: '2026-00001',
  text: '村口路灯坏了',
  status: 'open',
  postedOn: '2026-09-30',
  publishedOn: '2026-09-30',
  replyBy: 'village',
  unitIds: ['vc-taoyuan'],
  dueDate: '2026-10-15',
  dueAt: endOfShanghaiDay('2026-10-15'),
  overdue: false,
  review: null,
  reply: null,
  supervisions: [],
  case: null,
  nextReminderAt: null,
  nextReminderKey: null,
  version: 1,
  ...over,
});

const unit = (over: Partial<Unit>): Unit => ({ _id: 'u', code: 'u', countyId: 'qingxi', level: 'village', name: '村委会', categories: [], ...over }) as Unit;

describe('the reply clock', () => {
  it('counts 7 working days from the day after posting, skipping the National Day holiday and counting its 调休 Saturday', () => {
    // 2026-10-01..07 are holidays; Saturday 10-10 is worked: 10-08, 09, 10, 12, 13, 14, 15
    expect(wallDue(calendar, RULES.wall, '2026-09-30', AT)).toMatchObject({ dueDate: '2026-10-15', dueAt: endOfShanghaiDay('2026-10-15'), warning: null });
    // a calendar without the holiday would have said 10-09
    expect(wallDue(createCalendar([], { holidays: {}, workdays: {} }), RULES.wall, '2026-09-30', AT).dueDate).toBe('2026-10-09');
  });

  it('counts the working days a reply took, the holiday not among them', () => {
    expect(workingDaysTaken(calendar, '2026-09-30', '2026-09-30')).toBe(0);
    expect(workingDaysTaken(calendar, '2026-09-30', '2026-10-08')).toBe(1);
    expect(workingDaysTaken(calendar, '2026-09-30', '2026-10-16')).toBe(8);
  });
});

/** The first `n` points of a wall clock after `from`, as "kind@MM-DD HH:mm" (Shanghai). */
function upcoming(clock: DueClock, from: number, n: number): string[] {
  const out: string[] = [];
  for (let r = clock.next(from); r && out.length < n; r = clock.next(r.at)) {
    out.push(`${r.kind}@${new Date(r.at + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ')}`);
  }
  return out;
}

describe('the wall clock (as for cases: the case reminder schedule, on working days)', () => {
  const at = (local: string) => Date.parse(`${local}+08:00`);

  it('reminds two working days before the due day and on it, then presses from the next working day every three working days — never on a weekend', () => {
    // posted Friday 12-04, due Tuesday 12-15: not Sunday 12-13 (two calendar days before), nor Saturday 12-19
    expect(wallDue(calendar, RULES.wall, '2026-12-04', at('2026-12-04T10:00')).dueDate).toBe('2026-12-15');
    expect(upcoming(wallClock('2026-12-15', RULES.reminders, calendar), at('2026-12-04T10:00'), 6)).toEqual([
      'due_soon@12-11 09:00',
      'due_today@12-15 09:00',
      'overdue@12-16 00:00',
      'overdue_again@12-16 09:00',
      'overdue_again@12-21 09:00',
      'overdue_again@12-24 09:00',
    ]);
  });

  it('counts the reminders across the National Day holiday: the one two working days before falls before it, the press on its worked Saturday', () => {
    // posted 09-22, due Friday 10-09: two working days before is 09-30, not 10-07 in the holiday; Saturday 10-10 is worked
    expect(wallDue(calendar, RULES.wall, '2026-09-22', at('2026-09-22T10:00')).dueDate).toBe('2026-10-09');
    expect(upcoming(wallClock('2026-10-09', RULES.reminders, calendar), at('2026-09-22T10:00'), 5)).toEqual([
      'due_soon@09-30 09:00',
      'due_today@10-09 09:00',
      'overdue@10-10 00:00',
      'overdue_again@10-10 09:00',
      'overdue_again@10-14 09:00',
    ]);
  });

  it('follows a county’s own reminder schedule, as its cases do', () => {
    const rules = { ...RULES, counties: { qingxi: { reminders: { beforeDue: 3, onDueDay: false, hour: 8 } } } };
    expect(upcoming(wallClock('2026-12-15', remindersFor(rules, 'qingxi'), calendar), at('2026-12-04T10:00'), 3)).toEqual([
      'due_soon@12-10 08:00',
      'overdue@12-16 00:00',
      'overdue_again@12-16 08:00',
    ]);
  });

  it('catches up a missed run as a case does: past the due day it sends the overdue press, skipping the stale reminders', () => {
    const clock = wallClock('2026-12-15', RULES.reminders, calendar);
    const cursor = clock.next(at('2026-12-04T10:00'))!;
    expect(cursor.kind).toBe('due_soon');
    const now = at('2026-12-16T10:00');
    const due = clock.due(cursor, now);
    expect(due.map((r) => [r.kind, r.round, r.at])).toEqual([['overdue_again', 0, at('2026-12-16T09:00')]]);
    expect(wallLate(post({ dueDate: '2026-12-15', dueAt: endOfShanghaiDay('2026-12-15') }), now)).toBe(true);
    expect(clock.next(now)!.at).toBe(at('2026-12-21T09:00'));
    // the end of the due day only marks the post: nobody is told then
    expect(clock.due(clock.next(at('2026-12-15T10:00'))!, at('2026-12-16T00:30'))).toEqual([]);
  });

  it('tells the units before and on the due day, and the units, the office and the county’s supervisors past it', () => {
    const p = post({ dueDate: '2026-12-15', dueAt: endOfShanghaiDay('2026-12-15') });
    const told = (from: string, to: string) => {
      const clock = wallClock('2026-12-15', RULES.reminders, calendar);
      return clock.due(clock.next(at(from))!, at(to)).flatMap((r) => wallReminderNotices(p, r).map((n) => [n.kind, n.to, n.title]));
    };
    expect(told('2026-12-04T10:00', '2026-12-11T09:00')).toEqual([['wall_reminder', 'handler:qingxi:vc-taoyuan', '桃源村回音墙留言12月15日到期']]);
    expect(told('2026-12-11T10:00', '2026-12-15T09:00')).toEqual([['wall_reminder', 'handler:qingxi:vc-taoyuan', '桃源村回音墙留言今天到期']]);
    const overdue = '桃源村回音墙留言已超过回复期限（12月15日）';
    expect(told('2026-12-16T08:00', '2026-12-16T09:00')).toEqual([
      ['wall_overdue', 'handler:qingxi:vc-taoyuan', overdue],
      ['wall_overdue', 'office:qingxi', overdue],
      ['wall_overdue', 'supervisor:qingxi:county', overdue],
    ]);
  });
});

describe('late marking (逾期)', () => {
  const onDueDay = Date.parse('2026-10-15T23:00:00+08:00');
  const dayAfter = Date.parse('2026-10-16T09:00:00+08:00');

  it('marks an unanswered post late only once its due day has ended', () => {
    expect(wallLate(post(), onDueDay)).toBe(false);
    expect(wallLate(post(), dayAfter)).toBe(true);
    // a held post has no clock yet
    expect(wallLate(post({ status: 'held', dueAt: null, dueDate: null }), dayAfter)).toBe(false);
  });

  it('keeps a reply on the due day on time and one after it late, for good', () => {
    const by = { text: '已修好', unitId: 'vc-taoyuan', unitName: '桃源村村委会', byName: '林国富' };
    const inTime = wallReply(calendar, post(), by, onDueDay);
    const late = wallReply(calendar, post(), by, dayAfter);
    expect([inTime.late, inTime.workingDays, inTime.repliedOn]).toEqual([false, 7, '2026-10-15']);
    expect([late.late, late.workingDays]).toEqual([true, 8]);
    expect(wallLate(post({ status: 'replied', reply: inTime }), dayAfter + 365 * 86_400_000)).toBe(false);
    expect(wallLate(post({ status: 'replied', reply: late }), dayAfter)).toBe(true);
  });

  it('counts on time, late and cases per village in the figures', () => {
    const by = { text: '已修好', unitId: 'vc-taoyuan', unitName: '桃源村村委会', byName: '林国富' };
    const posts = [
      post({ _id: 'a', status: 'replied', reply: wallReply(calendar, post(), by, onDueDay), case: { id: 'c', no: '1', byName: '王', at: AT } }),
      post({ _id: 'b', status: 'replied', reply: wallReply(calendar, post(), by, dayAfter) }),
      post({ _id: 'c' }),
      post({ _id: 'd', status: 'held', dueAt: null, dueDate: null }),
      post({ _id: 'e', villageId: 'liuhe', villageName: '柳河村', status: 'rejected', dueAt: null, dueDate: null }),
    ];
    const { villages, total } = wallFigures(posts, dayAfter);
    expect(villages.map((v) => [v.villageName, v.posts, v.replied, v.onTime.percent, v.late, v.converted, v.held, v.rejected])).toEqual([
      ['桃源村', 3, 2, 33.3, 2, 1, 1, 0],
      ['柳河村', 0, 0, null, 0, 0, 0, 1],
    ]);
    expect(total.posts).toBe(3);
  });
});

describe('who may reply', () => {
  it('lets the post’s own village unit reply, never another village’s nor the township’s when the county says village', () => {
    expect(mayReplyWall(unit({ villageId: 'taoyuan', townshipId: 'qingshi' }), post())).toBe(true);
    expect(mayReplyWall(unit({ villageId: 'liuhe', townshipId: 'qingshi' }), post())).toBe(false);
    expect(mayReplyWall(unit({ level: 'township', townshipId: 'qingshi' }), post())).toBe(false);
    expect(mayReplyWall(unit({ villageId: 'taoyuan', countyId: 'other' }), post())).toBe(false);
  });

  it('lets the township’s unit reply when the county sets township, not a unit of another township', () => {
    const p = post({ replyBy: 'township' });
    expect(mayReplyWall(unit({ level: 'township', townshipId: 'qingshi' }), p)).toBe(true);
    expect(mayReplyWall(unit({ level: 'township', townshipId: 'baisha' }), p)).toBe(false);
    expect(mayReplyWall(unit({ villageId: 'taoyuan', townshipId: 'qingshi' }), p)).toBe(false);
  });

  it('lets the unit reply once, the office release only what is held, and a post become a case once', () => {
    expect(decideWall(post(), 'reply', ['reply_unit'])).toMatchObject({ ok: true, to: 'replied' });
    expect(decideWall(post(), 'reply', ['office'])).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(decideWall(post({ status: 'replied' }), 'reply', ['reply_unit'])).toMatchObject({ ok: false, reason: 'invalid_state' });
    expect(decideWall(post(), 'release', ['office'])).toMatchObject({ ok: false, reason: 'invalid_state' });
    expect(decideWall(post({ status: 'held' }), 'release', ['office'])).toMatchObject({ ok: true, to: 'open' });
    expect(decideWall(post({ case: { id: 'c', no: '202611230001', byName: '王', at: AT } }), 'convert', ['office'])).toMatchObject({
      ok: false,
      message: '这条留言已经转为事项（编号202611230001）',
    });
  });
});

it('refuses posts of only emoji or punctuation', () => {
  expect(saysSomething('👍👍！！')).toBe(false);
  expect(saysSomething('。。。？')).toBe(false);
  expect(saysSomething('路灯坏了😡')).toBe(true);
  expect(saysSomething('3号楼')).toBe(true);
});

it.each([
  ['keycap emoji', '1️⃣2️⃣3️⃣'],
  ['a Hangul filler, which shows as nothing', '\u1160'],
  ['a halfwidth Hangul filler among spaces', ' \uFFA0 \u3164 '],
  ['a lone full-width digit', '１'],
  ['a lone mathematical digit', '𝟏'],
  ['a lone letter', 'ℂ'],
  ['digits alone', '１２３'],
  ['emoji with a joiner and variation selectors', '❤️👨‍👩‍👧'],
])('refuses a post that says nothing: %s', (_what, text) => {
  expect(saysSomething(text)).toBe(false);
});

it.each([['路灯'], ['3号楼漏水'], ['No.5 路灯坏了'], ['１号井没水']])('takes a post of words: %s', (text) => {
  expect(saysSomething(text)).toBe(true);
});
