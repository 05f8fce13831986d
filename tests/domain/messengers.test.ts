/** 民情信使 and 代办党员's rules: a term's state, the public words of a pass-on, what came of what each passed on, follow codes. */
import { RULES, messengerRulesFor } from '../../config/rules';
import { followCodeOf, messengerFigures, messengerStatus, parseFollowCode, passedOnText, actingName, type FiguresCase } from '../../src/domain/messengers';
import { relationsTo } from '../../src/domain/roles';

const NOW = Date.parse('2026-11-23T09:00:00+08:00');

it('reads a term as invited, expired, active or ended', () => {
  expect(messengerStatus({ active: true, openid: null, expiresAt: NOW + 1 }, NOW)).toBe('invited');
  expect(messengerStatus({ active: true, openid: null, expiresAt: NOW - 1 }, NOW)).toBe('expired');
  expect(messengerStatus({ active: true, openid: 'wx-1', expiresAt: NOW - 1 }, NOW)).toBe('active');
  expect(messengerStatus({ active: false, openid: 'wx-1', expiresAt: NOW + 1 }, NOW)).toBe('ended');
});

it('says in public who passed a request on, never for whom', () => {
  expect(passedOnText({ kind: 'messenger', name: '张三' }, false)).toBe('民情信使张三代邻居反映');
  expect(passedOnText({ kind: 'messenger', name: '张三' }, true)).toBe('民情信使张三代匿名群众反映');
  expect(passedOnText({ kind: 'errand', name: '李四' }, false)).toBe('党员李四代办');
  expect(actingName({ kind: 'messenger', name: '张三' })).toBe('民情信使张三代群众');
});

it('counts what came of each messenger’s requests: open, closed, ratings and late ones', () => {
  const c = (id: string, over: Partial<FiguresCase>): FiguresCase => ({
    status: 'submitted',
    rating: null,
    overdue: false,
    dueAt: NOW + 1,
    messenger: { id },
    ...over,
  });
  const figures = messengerFigures(
    [
      c('a', {}),
      c('a', { status: 'handling', dueAt: NOW - 1 }),
      c('a', { status: 'closed', rating: 'dissatisfied', overdue: true }),
      c('b', { status: 'closed', rating: 'satisfied' }),
      c('b', { status: 'withdrawn' }),
      { status: 'submitted', rating: null, overdue: false, dueAt: null, messenger: null },
    ],
    NOW,
  );
  expect(Object.fromEntries(figures)).toEqual({
    a: { passed: 3, open: 2, closed: 1, satisfied: 0, basic: 0, dissatisfied: 1, overdue: 2 },
    b: { passed: 2, open: 0, closed: 1, satisfied: 1, basic: 0, dissatisfied: 0, overdue: 0 },
  });
});

it('reads a follow code back as written or typed in lower case, and nothing else', () => {
  const code = followCodeOf('202611230001', 'ABC234');
  expect(code).toBe('202611230001-ABC234');
  expect(parseFollowCode(code)).toEqual({ no: '202611230001', token: 'ABC234' });
  expect(parseFollowCode(' 202611230001-abc234 ')).toEqual({ no: '202611230001', token: 'ABC234' });
  for (const wrong of ['202611230001', '20261123-ABC234', '202611230001-ABC23', '202611230001-ABC2345']) expect(parseFollowCode(wrong)).toBeNull();
});

it('lets a follower stand towards a case as its resident, and no one else', () => {
  const c = {
    countyId: 'qingxi',
    townshipId: 'qingshi',
    villageId: 'taoyuan',
    representativeId: 'rep-1',
    level: null,
    unitId: null,
    coUnitIds: [],
    resident: { openid: 'wx-messenger' },
    receptionId: null,
    followers: ['wx-neighbour'],
  };
  expect(relationsTo(c, { openid: 'wx-messenger', scopes: [] })).toEqual(['resident']);
  expect(relationsTo(c, { openid: 'wx-neighbour', scopes: [] })).toEqual(['resident']);
  expect(relationsTo(c, { openid: 'wx-stranger', scopes: [] })).toEqual([]);
});

it('runs 党员代办制 only where a county turns it on', () => {
  expect(messengerRulesFor(RULES, 'qingxi').errands).toBe(false);
  expect(messengerRulesFor({ ...RULES, counties: { qingxi: { messengers: { errands: true } } } }, 'qingxi')).toMatchObject({ errands: true, followDays: 30 });
});
