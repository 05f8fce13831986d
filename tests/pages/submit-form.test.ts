/** The resident's form as data: checks before sending, drafts restored, the event sent. */
import { checkDraft, checkPassOn, emptyDraft, isBlank, passOnEvent, restoreDraft, submitEvent } from '../../src/services/submit-form';

const written = { ...emptyDraft('r-fixed'), description: '  村口的路灯坏了两个月  ' };

describe('checking a draft before it is sent', () => {
  it('asks for a description, at least 5 characters and at most 1000', () => {
    expect(checkDraft(emptyDraft()).description).toBe('请说一说遇到了什么问题');
    expect(checkDraft({ ...emptyDraft(), description: '   ' }).description).toBe('请说一说遇到了什么问题');
    expect(checkDraft({ ...emptyDraft(), description: '路灯坏了' }).description).toBe('请再多说几句，至少5个字');
    expect(checkDraft({ ...emptyDraft(), description: '坏'.repeat(1001) }).description).toBe('最多1000个字，现在有1001个字，请删减一些再提交');
    expect(checkDraft(written)).toEqual({});
  });

  it('needs words: emoji, marks and spaces alone are refused kindly, and do not count towards the 5', () => {
    expect(checkDraft({ ...emptyDraft(), description: '😡😡😡😡😡😡 !!!' }).description).toBe('请用文字说一说遇到了什么问题，只有表情符号，办事的人看不明白');
    expect(checkDraft({ ...emptyDraft(), description: '路灯坏了😡😡😡' }).description).toBe('请再多说几句，至少5个字');
    expect(checkDraft({ ...emptyDraft(), description: '路灯坏了两月😡' })).toEqual({});
    expect(checkDraft({ ...emptyDraft(), description: 'Road 12 broken' })).toEqual({});
  });

  it('accepts a mobile or landline number and refuses anything else, unless anonymous', () => {
    expect(checkDraft({ ...written, phone: '13912345678' })).toEqual({});
    expect(checkDraft({ ...written, phone: '023-12345678' })).toEqual({});
    expect(checkDraft({ ...written, phone: '12345' }).phone).toBe('请填写正确的手机号或座机号');
    expect(checkDraft({ ...written, phone: '12345', anonymous: true })).toEqual({});
  });

  it('refuses more than 9 photos and over-long names and addresses', () => {
    const errors = checkDraft({
      ...written,
      photos: Array.from({ length: 10 }, (_, i) => `/uploads/${i}.png`),
      name: '名'.repeat(21),
      address: '址'.repeat(201),
    });
    expect(Object.keys(errors).sort()).toEqual(['address', 'name', 'photos']);
  });
});

describe('drafts', () => {
  it('restores a stored draft and rejects storage that is not one', () => {
    expect(restoreDraft(JSON.parse(JSON.stringify(written)))).toEqual(written);
    expect(restoreDraft(null)).toBeNull();
    expect(restoreDraft('text')).toBeNull();
    expect(restoreDraft({ ...written, description: 42 })).toBeNull();
    expect(restoreDraft({ ...written, photos: 'x' })).toBeNull();
  });

  it('fills fields an older draft did not have', () => {
    const { location: _location, ...old } = written;
    expect(restoreDraft(old)).toEqual({ ...written, location: null });
  });

  it('counts a draft with anything written as not blank', () => {
    expect(isBlank(emptyDraft())).toBe(true);
    expect(isBlank(written)).toBe(false);
    expect(isBlank({ ...emptyDraft(), location: { latitude: 30, longitude: 107 } })).toBe(false);
  });
});

describe('the submit event', () => {
  it('sends trimmed text, the draft request id, and leaves blank optional fields out', () => {
    expect(submitEvent(written, 'QX0001')).toEqual({
      cardCode: 'QX0001',
      requestId: 'r-fixed',
      category: 'other',
      description: '村口的路灯坏了两个月',
      photos: undefined,
      address: undefined,
      location: undefined,
      phone: undefined,
      name: undefined,
      anonymous: undefined,
      villageId: undefined,
    });
  });

  it('never sends a name or phone with an anonymous draft', () => {
    const event = submitEvent({ ...written, name: '王大爷', phone: '13912345678', anonymous: true, category: 'road' }, 'QX0001');
    expect(event).toMatchObject({ anonymous: true, category: 'road', name: undefined, phone: undefined });
  });

  it('makes a new request id for each draft', () => {
    expect(emptyDraft().requestId).not.toBe(emptyDraft().requestId);
    expect(emptyDraft().requestId).toMatch(/^[\w-]{8,64}$/);
  });
});

describe("a messenger's pass-on", () => {
  it('needs a named neighbour’s name, and their consent before their phone; an anonymous one needs neither', () => {
    expect(checkPassOn(written, false).name).toBe('请填写邻居怎么称呼，或选择匿名');
    expect(checkPassOn({ ...written, name: '王大爷' }, false)).toEqual({});
    expect(checkPassOn({ ...written, name: '王大爷', phone: '13955556666' }, false).consent).toBe('留电话要先问过邻居：邻居同意了，再点上面一行');
    expect(checkPassOn({ ...written, name: '王大爷', phone: '13955556666' }, true)).toEqual({});
    expect(checkPassOn({ ...written, anonymous: true, phone: '13955556666' }, false)).toEqual({});
    expect(checkPassOn({ ...emptyDraft(), name: '王大爷' }, true).description).toBe('请说一说遇到了什么问题');
  });

  it('sends the request with the term, the phone only with consent, and nothing of an anonymous neighbour', () => {
    const named = passOnEvent({ ...written, name: ' 王大爷 ', phone: '13955556666' }, 'ms1', true);
    expect(named).toMatchObject({
      messengerId: 'ms1',
      description: '村口的路灯坏了两个月',
      name: '王大爷',
      phone: '13955556666',
      anonymous: false,
      consent: true,
    });
    expect(named).not.toHaveProperty('cardCode');
    expect(passOnEvent({ ...written, name: '王大爷' }, 'ms1', true)).toMatchObject({ phone: undefined, consent: false });
    const anonymous = passOnEvent({ ...written, anonymous: true, name: '王大爷', phone: '13955556666' }, 'ms1', true);
    expect(anonymous).toMatchObject({ anonymous: true, consent: false, name: undefined, phone: undefined });
  });
});
