/** What each ledger column shows of a case. */
import { LEDGER_COLUMNS, ledgerRow, ledgerTime } from '../../src/domain/ledger';
import { makeCase } from '../fixtures';

const column = (header: string, over: Parameters<typeof makeCase>[0]) => ledgerRow(makeCase(over))[LEDGER_COLUMNS.findIndex((c) => c.header === header)];

it('never names an anonymous sender, and masks a named one’s phone', () => {
  expect(column('反映人', { resident: { openid: 'o1', name: '王大爷', phone: '13912345678', anonymous: true } })).toBe('匿名');
  expect(column('反映人', { resident: { openid: 'o1', name: '王大爷', phone: '13912345678', anonymous: false } })).toBe('王大爷 139****5678');
  expect(column('反映人', { resident: { openid: 'o1', name: null, phone: null, anonymous: false } })).toBe('群众');
});

it('writes times in Asia/Shanghai, lead and co-handling units together, and the plan under the reply', () => {
  expect(ledgerTime(Date.parse('2026-09-06T18:30:00Z'))).toBe('2026-09-07 02:30');
  expect(ledgerTime(null)).toBe('');
  expect(column('承办单位', { unitName: '县交通运输局', coUnitNames: ['县水利局', '县生态环境局'] })).toBe('县交通运输局、县水利局、县生态环境局');
  expect(column('答复内容', { reply: '已列入计划', plan: '明年春天修' })).toBe('已列入计划\n计划：明年春天修');
  expect(column('是否超期', { overdue: true })).toBe('是');
});
