/**
 * Open311's pure parts: what a request's words publish (none of an anonymous one, a neutral phrase
 * for voice alone, numbers masked, full-width digits too), its status notes, and W3C datetimes
 * that must name a real instant.
 */
import { RULES } from '../../config/rules';
import { open311Description, open311Request, open311StatusNotes, parseW3cDatetime, type Open311Case } from '../../src/domain/open311';
import { maskNumbers } from '../../src/domain/publicity';

const named = { description: '路灯坏了', resident: { anonymous: false } };

describe('what a request’s words publish', () => {
  it('publishes a neutral phrase for a request said only by voice, and nothing of an anonymous one’s words', () => {
    expect(open311Description({ ...named, description: '' })).toBe('（语音反映）');
    expect(open311Description({ description: '就在我家王记小卖部门口', resident: { anonymous: true } })).toBe('（匿名反映，内容不公开）');
    expect(open311Description(named)).toBe('路灯坏了');
  });

  it('masks phone-like runs of ASCII or full-width digits, spaced or dashed, and leaves short numbers', () => {
    expect(maskNumbers('电话１３９１２３４５６７８')).toBe(`电话${'*'.repeat(11)}`);
    expect(maskNumbers('电话139－1234－5678')).toBe(`电话${'*'.repeat(13)}`);
    expect(maskNumbers('电话１３９ １２３４ ５６７８')).toBe(`电话${'*'.repeat(13)}`);
    expect(maskNumbers('三组１２号，２０２６年')).toBe('三组１２号，２０２６年');
  });
});

describe('status notes', () => {
  it('says each status once, with the outcome of an answered case, and the case a merged one joined', () => {
    expect(open311StatusNotes({ status: 'replied', outcome: 'resolved' }, null)).toBe('已答复，待评价：问题已解决');
    expect(open311StatusNotes({ status: 'closed', outcome: 'resolved' }, null)).toBe('已办结：问题已解决');
    expect(open311StatusNotes({ status: 'closed', outcome: 'explained' }, null)).toBe('已办结：已解释说明');
    expect(open311StatusNotes({ status: 'handling', outcome: null }, null)).toBe('办理中');
    expect(open311StatusNotes({ status: 'merged', outcome: null }, '202611230001')).toBe('已并入202611230001办理');
  });

  it('publishes a merged case as closed, without an expected date', () => {
    const c = {
      no: '202611230002',
      countyId: 'qingxi',
      category: 'road',
      description: '路灯坏了',
      status: 'merged',
      outcome: null,
      unitName: null,
      representativeName: '李秀英',
      townshipName: '青石镇',
      villageName: '桃源村',
      address: null,
      location: null,
      photos: [],
      photoChecks: [],
      createdAt: 0,
      updatedAt: 0,
      dueAt: 1000,
      dueDate: '1970-01-01',
      mergedInto: 'c1',
      resident: { anonymous: false },
    } as unknown as Open311Case;
    const r = open311Request(c, RULES.categories, null, '202611230001');
    expect(r).toMatchObject({ status: 'closed', status_notes: '已并入202611230001办理' });
    expect('expected_datetime' in r).toBe(false);
  });
});

describe('W3C datetimes', () => {
  it('reads a real instant with its offset, and nothing for a day or time that does not exist', () => {
    expect(parseW3cDatetime('2026-02-28T00:00:00+08:00')).toBe(Date.parse('2026-02-27T16:00:00Z'));
    expect(parseW3cDatetime('2028-02-29T12:30Z')).toBe(Date.parse('2028-02-29T12:30:00Z'));
    for (const bad of [
      '2026-02-30T00:00:00Z',
      '2027-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-11-01T24:00:00Z',
      '2026-11-01T10:60:00Z',
      '2026-11-01T10:00:00+25:00',
    ])
      expect([bad, parseW3cDatetime(bad)]).toEqual([bad, null]);
  });
});
