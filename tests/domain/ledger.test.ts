/** What each ledger column shows of a case. */
import { LEDGER_COLUMNS, ledgerRow } from '../../src/domain/ledger';
import { makeCase } from '../fixtures';

const column = (header: string, over: Parameters<typeof makeCase>[0]) => ledgerRow(makeCase(over))[LEDGER_COLUMNS.findIndex((c) => c.header === header)];

it('never names an anonymous sender, and masks a named one’s phone', () => {
  expect(column('反映人', { resident: { openid: 'o1', name: '王大爷', phone: '13912345678', anonymous: true } })).toBe('匿名');
  expect(column('反映人', { resident: { openid: 'o1', name: '王大爷', phone: '13912345678', anonymous: false } })).toBe('王大爷 139****5678');
  expect(column('反映人', { resident: { openid: 'o1', name: null, phone: null, anonymous: false } })).toBe('群众');
});

it('gives times and days as dates, blanks where there is nothing, lead and co-handling units together, and the plan under the reply', () => {
  const at = Date.parse('2026-09-06T18:30:00Z');
  expect(column('反映时间', { createdAt: at })).toEqual({ at });
  expect(column('办理期限', { dueDate: '2026-09-30' })).toEqual({ day: '2026-09-30' });
  expect([column('交办时间', { assignedAt: null }), column('办理期限', { dueDate: null })]).toEqual([{ at: null }, { day: null }]);
  expect([column('办理结果', { outcome: null }), column('答复内容', { reply: null }), column('群众评价', { rating: null })]).toEqual([null, null, null]);
  expect(column('承办单位', { unitName: '县交通运输局', coUnitNames: ['县水利局', '县生态环境局'] })).toBe('县交通运输局、县水利局、县生态环境局');
  expect(column('答复内容', { reply: '已列入计划', plan: '明年春天修' })).toBe('已列入计划\n计划：明年春天修');
  expect(column('是否超期', { overdue: true })).toBe('是');
});
