/** A new case's first state, record and notifications: `newCase`, beside the transition table. */
import { newCase, type NewCase } from '../../src/domain/case';

const NOW = Date.parse('2026-11-23T09:00:00+08:00');
const due = { dueDate: '2026-12-15', dueAt: Date.parse('2026-12-16T00:00:00+08:00'), warning: null };
const request = (over: Partial<NewCase> = {}): NewCase => ({
  id: 'c1',
  no: '202611230001',
  requestId: 'req-1',
  representative: { id: 'rep-1', name: '李秀英', cardCode: 'QX0001', countyId: 'qingxi' },
  township: { id: 'qingshi', name: '青石镇' },
  village: { id: 'taoyuan', name: '桃源村' },
  category: 'road',
  description: '村口的路灯坏了两个月了',
  photos: [],
  location: null,
  address: null,
  resident: { openid: 'wang', anonymous: false, name: '王大爷', phone: null },
  reception: null,
  level: null,
  by: { openid: 'wang', relation: 'resident', name: '王大爷' },
  words: '村口的路灯坏了两个月了',
  verdict: { suggest: 'pass', label: 100 },
  due,
  photoChecks: [],
  ...over,
});

it('waits for its representative, promised its first deadline, and tells them', () => {
  const { record, notifications } = newCase(request(), NOW);
  expect([record.status, record.dueDate, record.held, record.events[0]!.to]).toEqual(['submitted', '2026-12-15', null, 'submitted']);
  expect(notifications.map((n) => [n.kind, n.to])).toEqual([['case_submitted', { key: 'representative:qingxi:rep-1' }]]);
});

it('is accepted at once when a representative enters it at a reception, keeping the level they gave', () => {
  const { record, notifications } = newCase(
    request({ reception: { id: 'rc-1', kind: 'visit' }, level: 'village', by: { openid: 'rep', relation: 'resident', name: '王大爷' } }),
    NOW,
  );
  expect([record.status, record.level, record.respondedAt, record.receptionId, record.events[0]!.data]).toEqual([
    'accepted',
    'village',
    NOW,
    'rc-1',
    { category: '道路交通', village: '桃源村', entered: '走访登记' },
  ]);
  expect(notifications).toEqual([]);
});

it('is held for the office when its words do not pass the check, promising no date and telling only the office', () => {
  const { record, notifications } = newCase(request({ verdict: { suggest: 'risky', label: 20006 } }), NOW);
  expect([record.status, record.dueDate, record.heldAt, record.held?.action, record.held?.by.openid]).toEqual(['held', null, NOW, 'submit', 'wang']);
  expect(notifications.map((n) => [n.kind, n.to])).toEqual([['content_held', { key: 'office:qingxi' }]]);
});

it('brings a flagged photo to the office while the request goes on to its representative', () => {
  const { notifications } = newCase(request({ photos: ['p1'], photoChecks: [{ photo: 'p1', traceId: 't1', suggest: 'review', label: 0, at: NOW }] }), NOW);
  expect(notifications.map((n) => n.kind)).toEqual(['case_submitted', 'content_held']);
});
