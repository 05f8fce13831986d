/**
 * Bad input to every handler — missing, extra and wrong-typed fields, oversized text, unknown
 * ids, the wrong caller — gets a typed error with a Chinese message, and the store is unchanged.
 */
import type { ApiResult } from '../../types/api';
import { uploadFolder } from '../../src/server/store';
import { FUNCTIONS } from '../../src/runtime/local/functions';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import {
  ASSIGNER,
  BUILD,
  FixedClock,
  LI_RESIDENT,
  MONDAY_9AM,
  OFFICE,
  quietLog,
  REP_LI,
  REP_ZHANG,
  submission,
  SUP_COUNTY,
  SUP_TOWNSHIP,
  TAOYUAN,
  TRANSPORT,
  WANG,
} from '../harness';

let rt: LocalRuntime;
let caseId: string;
let messageId: string;

beforeAll(async () => {
  rt = await openLocalRuntime({ clock: new FixedClock(MONDAY_9AM), log: quietLog });
  const sub = await rt.call('resident', submission(), WANG);
  if (!sub.ok) throw new Error(sub.error.message);
  caseId = (sub.data as { id: string }).id;
  await rt.deliver();
  const list = await rt.call('messages', { action: 'list' }, REP_LI);
  messageId = (list as { data: { items: Array<{ id: string }> } }).data.items[0]!.id;
});
afterAll(() => rt.close());

/** A valid event for every action of every callable function, and who may send it. */
const VALID = (): Record<string, Record<string, [Record<string, unknown>, string]>> => {
  const { action: _submit, ...submit } = submission();
  const { cardCode: _card, ...submitFields } = submit;
  return {
    proposal: {
      openWindow: [{ name: '2027年党代会提案征集', from: '2026-11-23', to: '2026-12-20' }, OFFICE],
      desk: [{}, REP_LI],
      draft: [
        {
          kind: 'motion',
          ...{ title: '修缮桃源村机耕道', category: 'road', problem: '机耕道雨后积水，农机下不了田', suggestion: '列入明年村道硬化计划' },
          caseIds: [caseId],
        },
        REP_LI,
      ],
      detail: [{ proposalId: 'p0000' }, REP_LI],
      edit: [
        {
          proposalId: 'p0000',
          ...{ title: '修缮桃源村机耕道', category: 'road', problem: '机耕道雨后积水，农机下不了田', suggestion: '列入明年村道硬化计划' },
        },
        REP_LI,
      ],
      circulate: [{ proposalId: 'p0000' }, REP_LI],
      cosign: [{ proposalId: 'p0000' }, REP_ZHANG],
      submit: [{ proposalId: 'p0000' }, REP_LI],
      withdraw: [{ proposalId: 'p0000' }, REP_LI],
      committee: [{ representativeIds: ['rep-2'] }, OFFICE],
      cosigners: [{ motion: 3, proposal: 5 }, OFFICE],
      county: [{}, OFFICE],
      register: [{ proposalId: 'p0000' }, OFFICE],
      convert: [{ proposalId: 'p0000', villageId: 'taoyuan' }, OFFICE],
      merge: [{ proposalId: 'p0000', intoId: 'p0001' }, OFFICE],
      decline: [{ proposalId: 'p0000', reason: '不属于党代会提案范围' }, OFFICE],
      assign: [{ proposalId: 'p0000', leadUnitId: 'county-transport', coUnitIds: ['county-water'] }, OFFICE],
      reply: [{ proposalId: 'p0000', replyClass: 'B', text: '已列入明年计划' }, TRANSPORT],
      rate: [{ proposalId: 'p0000', rating: 'basic' }, REP_LI],
      supervise: [{ proposalId: 'p0000', note: '请加快办理' }, SUP_COUNTY],
      assigned: [{}, TRANSPORT],
      figures: [{ from: '2026-01-01', to: '2026-12-31' }, OFFICE],
      compilation: [{ from: '2026-01-01', to: '2026-12-31' }, OFFICE],
      published: [{ villageId: 'taoyuan', page: 1, pageSize: 10 }, WANG],
    },
    briefing: {
      publish: [
        {
          requestId: 'req-brief-0001',
          title: '重大事项通报',
          text: '明年全县安排乡村振兴重点项目十二个',
          files: ['/uploads/0123456789abcdef0123456789abcdef.jpg'],
          audience: 'groups',
          groupIds: ['qingxi:g-1'],
          opinionsUntil: '2026-11-30',
        },
        OFFICE,
      ],
      county: [{}, OFFICE],
      detail: [{ briefingId: 'b0000' }, OFFICE],
      export: [{ briefingId: 'b0000' }, OFFICE],
      mine: [{}, REP_LI],
      open: [{ briefingId: 'b0000' }, REP_LI],
      ack: [{ briefingId: 'b0000' }, REP_LI],
      opine: [{ briefingId: 'b0000', opinion: '建议优先安排机耕道项目' }, REP_LI],
    },
    evaluation: {
      open: [
        { representativeId: 'rep-1', name: '2026年度述职评议', from: '2026-01-01', to: '2026-11-30', opensOn: '2026-11-25', closesOn: '2026-12-05' },
        OFFICE,
      ],
      county: [{ representativeId: 'rep-1' }, OFFICE],
      detail: [{ evaluationId: 'rep-1:e1' }, OFFICE],
      publish: [{ evaluationId: 'rep-1:e1' }, OFFICE],
      mine: [{}, REP_LI],
      report: [{ evaluationId: 'rep-1:e1', text: '一年来按时接待群众' }, REP_LI],
      vote: [{ evaluationId: 'rep-1:e1', villageId: 'taoyuan', rating: 'satisfied', comment: '常来村里' }, WANG],
    },
    wall: {
      post: [{ villageId: 'taoyuan', text: '村口路灯坏了' }, WANG],
      list: [{ villageId: 'taoyuan', page: 1, pageSize: 10 }, WANG],
      pending: [{ page: 1, pageSize: 10 }, OFFICE],
      release: [{ postId: 'w0000' }, OFFICE],
      reject: [{ postId: 'w0000', reason: '含有广告' }, OFFICE],
      figures: [{}, OFFICE],
      codes: [{}, OFFICE],
      assigned: [{}, TAOYUAN],
      reply: [{ postId: 'w0000', text: '已安排维修' }, TAOYUAN],
      convert: [{ postId: 'w0000', category: 'other' }, TAOYUAN],
      supervise: [{ postId: 'w0000', note: '请尽快回复' }, SUP_COUNTY],
    },
    messenger: {
      invite: [{ kind: 'messenger', name: '张三', phone: '13911112222', gridId: 'g-taoyuan-1' }, OFFICE],
      list: [{ kind: 'messenger', townshipId: 'qingshi', villageId: 'taoyuan' }, OFFICE],
      cases: [{ messengerId: 'ms0000', page: 1, pageSize: 10 }, OFFICE],
      end: [{ messengerId: 'ms0000', reason: '搬走了' }, OFFICE],
      accept: [{ code: 'ABCDEFGH' }, WANG],
      pass: [{ messengerId: 'ms0000', ...submitFields, anonymous: false, consent: true }, WANG],
      mine: [{ page: 1, pageSize: 10 }, WANG],
      follow: [{ code: '202611230001-ABCDEF' }, WANG],
    },
    matter: {
      open: [
        {
          requestId: 'bad-input-matter',
          title: '道路集资',
          body: '村口道路硬化，每人集资500元',
          kind: 'approval',
          mode: 'vote',
          villageIds: ['taoyuan'],
          opensOn: '2026-11-25',
          closesOn: '2026-12-01',
        },
        ASSIGNER,
      ],
      villages: [{}, OFFICE],
      list: [{ villageId: 'taoyuan' }, OFFICE],
      detail: [{ matterId: 'mt0000' }, ASSIGNER],
      close: [{ matterId: 'mt0000' }, ASSIGNER],
      meeting: [{ matterId: 'mt0000', date: '2026-11-23', place: '村委会坝子', attendance: 30, counts: [25, 5], minutes: '群众议定集资修路' }, ASSIGNER],
      board: [{ villageId: 'taoyuan' }, WANG],
      vote: [{ matterId: 'mt0000', villageId: 'taoyuan', option: 0 }, WANG],
    },
    linkage: {
      desk: [{}, TAOYUAN],
      list: [{ workroomId: 'ws-taoyuan' }, TAOYUAN],
      addItem: [{ workroomId: 'ws-taoyuan', date: '2026-12-20', text: '五组王婆婆想问高龄补贴怎么申请', residentName: '王婆婆' }, TAOYUAN],
      agenda: [{ townshipId: 'qingshi', month: '2026-11' }, ASSIGNER],
      addAgendaItem: [{ townshipId: 'qingshi', month: '2026-11', text: '柳河村饮水管网老化' }, ASSIGNER],
      recordMeeting: [
        {
          townshipId: 'qingshi',
          month: '2026-11',
          date: '2026-11-23',
          place: '镇政府会议室',
          attendees: ['陈志强'],
          decisions: [{ key: 'h1', leadUnitId: 'qingshi-build', dueDate: '2026-12-31', note: '年底前办结' }],
        },
        ASSIGNER,
      ],
      meetings: [{ year: 2026 }, OFFICE],
      draw: [{ from: '2026-11-01', to: '2026-11-30', count: 2 }, SUP_COUNTY],
      inspections: [{}, SUP_COUNTY],
      inspect: [{ inspectionId: 'qingxi:2026-11-01:2026-11-30', session: 'ws-taoyuan@2026-11-20', absentIds: ['rep-2'], notes: '未到岗' }, SUP_COUNTY],
      circular: [{ from: '2026-11-01', to: '2026-11-30' }, OFFICE],
    },
    group: {
      mine: [{}, REP_LI],
      log: [
        {
          groupId: 'grp-qingshi',
          requestId: 'req-log-00001',
          kind: 'joint_contact',
          date: '2026-11-18',
          place: '柳河村村委会',
          subject: '集中听取灌溉用水意见',
          attendeeIds: ['rep-3', 'rep-2'],
          notes: '提出意见四条',
          photos: ['/uploads/0123456789abcdef0123456789abcdef.jpg'],
          opinions: 4,
        },
        REP_LI,
      ],
      edit: [
        {
          activityId: 'ga0000',
          version: 1,
          kind: 'visit',
          date: '2026-11-20',
          place: '桃源村',
          subject: '走访困难户',
          attendeeIds: ['rep-1'],
          notes: '三户',
          photos: [],
          opinions: 0,
        },
        REP_LI,
      ],
      county: [{ from: '2026-11-01', to: '2026-11-23' }, OFFICE],
      export: [{ period: 'month' }, OFFICE],
    },
    grid: {
      save: [
        { code: 'g-ty1', name: '桃源村第一网格', villageId: 'taoyuan', staffNames: ['王网格'], representativeIds: ['rep-1'], backbones: ['孙大伯'] },
        OFFICE,
      ],
      list: [{ villageId: 'taoyuan' }, OFFICE],
      mine: [{}, REP_LI],
      logVisit: [{ gridId: 'qingxi:g-ty1', date: '2026-11-20', people: ['王网格'], households: 5, notes: '走访三组' }, REP_LI],
      enterRequest: [{ ...submitFields, visitId: 'gv0000', name: '王大爷', phone: '13900001111', consent: true }, REP_LI],
      figures: [{ from: '2026-11-01', to: '2026-11-23', townshipId: 'qingshi', villageId: 'taoyuan' }, OFFICE],
    },
    card: {
      get: [{ cardCode: 'QX0001' }, WANG],
      code: [{ cardCode: 'QX0001' }, OFFICE],
      sheet: [{}, OFFICE],
      board: [{ villageId: 'taoyuan' }, WANG],
      notices: [{ villageId: 'taoyuan', page: 1, pageSize: 10 }, WANG],
    },
    resident: {
      submit: [submit, LI_RESIDENT],
      myCases: [{ page: 1, pageSize: 10 }, WANG],
      uploadFolder: [{}, WANG],
      consented: [{ templates: ['case_progress', 'case_closed'] }, WANG],
      similar: [{ cardCode: 'QX0001', category: 'road', description: '村口的路灯坏了，晚上很黑' }, LI_RESIDENT],
      metoo: [{ cardCode: 'QX0001', caseId, requestId: 'metoo-bad-input-1' }, LI_RESIDENT],
      coRate: [{ caseId, rating: 'satisfied' }, LI_RESIDENT],
    },
    case: {
      merge: [{ caseId, intoCaseId: caseId, reason: '同一件事' }, OFFICE],
      detail: [{ caseId }, WANG],
      routeOptions: [{ caseId }, REP_LI],
      withdraw: [{ caseId, reason: '已自行解决' }, WANG],
      accept: [{ caseId, category: 'road', level: 'township' }, REP_LI],
      reject: [{ caseId, reason: '不属于受理范围' }, REP_LI],
      answer: [{ caseId, outcome: 'resolved', feedbackMethod: 'message', reply: '当场答复' }, REP_LI],
      assign: [{ caseId, level: 'township', unitId: 'qingshi-build', note: '请尽快办理' }, REP_LI],
      sign: [{ caseId, note: '已签收' }, BUILD],
      return: [{ caseId, reason: '不属于本单位' }, BUILD],
      reply: [{ caseId, reply: '正在办理' }, BUILD],
      close: [{ caseId, outcome: 'resolved', feedbackMethod: 'message', reply: '已办结' }, BUILD],
      rate: [{ caseId, rating: 'satisfied', comment: '谢谢' }, WANG],
      urge: [{ caseId }, WANG],
      note: [{ caseId, note: '备注' }, REP_LI],
      supervise: [{ caseId, note: '请加快办理' }, SUP_TOWNSHIP],
      escalate: [{ caseId, reason: '本级解决不了' }, BUILD],
      extend: [{ caseId, reason: '需要采购材料', toDate: '2026-12-21' }, BUILD],
      approve_extension: [{ caseId, note: '同意' }, ASSIGNER],
      refuse_extension: [{ caseId, note: '请按期办结' }, ASSIGNER],
      release: [{ caseId }, OFFICE],
      withhold: [{ caseId, reason: '内容与事实不符' }, OFFICE],
      releasePhoto: [{ caseId, photo: '/uploads/0123456789abcdef0123456789abcdef.jpg' }, OFFICE],
      still_there: [{ caseId, answer: 'still', requestId: 'req-still-0001' }, WANG],
    },
    staff: {
      me: [{}, REP_LI],
      inbox: [{ box: 'new', page: 1, pageSize: 10 }, REP_LI],
      redeem: [{ code: 'ABCDEFGH' }, LI_RESIDENT],
      byUnit: [{}, SUP_TOWNSHIP],
      publishNotice: [{ title: '公告', body: '路灯已修好', caseNos: ['202611230001'], villageIds: ['taoyuan'] }, OFFICE],
      receptionDesk: [{}, REP_LI],
      myScore: [{ year: 2026 }, REP_LI],
      logReception: [
        { kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-11-20', representativeIds: ['rep-1'], residents: 3, notes: '机耕道积水' },
        REP_LI,
      ],
      enterRequest: [{ ...submitFields, receptionId: 'rc-ws-taoyuan-2026-11-20', name: '王大爷', phone: '13900001111', consent: true }, REP_LI],
      callbacks: [{ status: 'open', page: 1, pageSize: 10 }, REP_LI],
      callbackCount: [{}, REP_LI],
      callback: [{ callbackId: 'cb-0001', outcome: 'no_answer', note: '无人接听' }, REP_LI],
    },
    office: {
      scores: [{ year: 2026 }, OFFICE],
      adjustScore: [{ representativeId: 'rep-1', year: 2026, points: 2, reason: '表现突出' }, OFFICE],
      issueInvitation: [{ name: '新承办人', role: 'handler', unitId: 'qingshi-build' }, OFFICE],
      calendar: [{}, OFFICE],
      setCalendarDay: [{ date: '2026-12-01', kind: 'holiday', name: '县庆' }, OFFICE],
      removeCalendarDay: [{ date: '2026-12-01' }, OFFICE],
      publishYear: [{ year: 2027, name: '2027年节假日安排' }, OFFICE],
      deadLetters: [{ page: 1, pageSize: 10 }, OFFICE],
      resend: [{ ids: ['e-1-1'] }, OFFICE],
      statistics: [{ from: '2026-07-01', to: '2026-11-23', townshipId: 'qingshi' }, OFFICE],
      exportStatistics: [{ from: '2026-07-01', to: '2026-11-23' }, OFFICE],
      recount: [{}, OFFICE],
      regionStatistics: [{ from: '2026-07-01', to: '2026-11-23' }, 'dev-region'],
      ledger: [{ from: '2026-07-01', to: '2026-11-23', gridId: 'qingxi:g-ty1', status: 'closed', overdue: false, page: 1, pageSize: 20 }, OFFICE],
      exportLedger: [{ from: '2026-07-01', to: '2026-11-23', level: 'county', outcome: 'resolved' }, OFFICE],
      importOrganisation: [
        { fileName: '乡镇.csv', fileId: `/uploads/${uploadFolder('imports', OFFICE)}/0123456789abcdef0123456789abcdef.csv`, dryRun: true },
        OFFICE,
      ],
      organisationTemplate: [{}, OFFICE],
      revokeInvitation: [{ code: 'ABCDEFGH' }, OFFICE],
      receptions: [{ from: '2026-07-01', to: '2026-11-23', townshipId: 'qingshi' }, OFFICE],
      representativeRecords: [{ from: '2026-01-01', to: '2026-11-23' }, OFFICE],
      exportRepresentativeRecords: [{ from: '2026-01-01', to: '2026-11-23', villageId: 'taoyuan' }, OFFICE],
      roster: [{}, OFFICE],
      revokeGrant: [{ openid: 'dev-handler-county-water', key: 'handler:qingxi:county-water', reason: '调离' }, OFFICE],
      deactivateRepresentative: [{ representativeId: 'rep-3', reason: '换届离任', successorId: 'rep-2' }, OFFICE],
      audit: [{ from: '2026-07-01', to: '2026-11-23', kind: 'view_phone', page: 1, pageSize: 10 }, OFFICE],
    },
    messages: {
      list: [{ page: 1, pageSize: 10 }, REP_LI],
      markRead: [{ ids: [messageId] }, REP_LI],
    },
  };
};

/** A value of another type than the one given. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'many';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return 'not-a-list';
  return ['not', 'an', 'object'];
}

/** The store, less the counts of attempts (a refused invitation code is counted: that is how guessing is stopped). */
const stored = async () => {
  const { limits: _limits, ...rest } = await rt.db.dump();
  return rest;
};

async function expectRefused(fn: string, event: unknown, openid: string | null, codes: string[]): Promise<void> {
  const before = await stored();
  const res = (await rt.call(fn, event, openid)) as ApiResult<unknown>;
  expect({ fn, event, ok: res.ok }).toEqual({ fn, event, ok: false });
  if (res.ok) return;
  expect({ fn, event, code: res.error.code }).toEqual({ fn, event, code: expect.stringMatching(new RegExp(`^(${codes.join('|')})$`)) });
  expect(res.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(await stored()).toEqual(before);
}

describe('bad input to every handler', () => {
  it('has a valid example for every action of every callable function', () => {
    const valid = VALID();
    for (const [name, fn] of FUNCTIONS) {
      if (fn.kind === 'callable') expect({ name, actions: Object.keys(valid[name] ?? {}).sort() }).toEqual({ name, actions: Object.keys(fn.actions).sort() });
    }
  });

  it('rejects events that are not objects, and unknown functions and actions', async () => {
    for (const event of [null, 'submit', 42, [1, 2]]) await expectRefused('resident', event, WANG, ['INVALID_INPUT']);
    await expectRefused('resident', { action: 'dropTables' }, WANG, ['UNKNOWN_ACTION']);
    await expectRefused('resident', { action: 'constructor' }, WANG, ['UNKNOWN_ACTION']);
    await expectRefused('resident', {}, WANG, ['UNKNOWN_ACTION']);
    await expectRefused('nosuchfunction', { action: 'get' }, WANG, ['UNKNOWN_ACTION']);
    await expectRefused('deliver', {}, WANG, ['UNKNOWN_ACTION']);
  });

  const cases = Object.entries(VALID()).flatMap(([fn, actions]) => Object.keys(actions).map((a) => [fn, a] as const));

  it.each(cases)('%s.%s: rejects missing, extra, wrong-typed and oversized fields', async (fn, action) => {
    const [valid, openid] = VALID()[fn]![action]!;
    const schema = FUNCTIONS.get(fn)!.actions[action]!.input as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> };
    for (const key of Object.keys(valid)) {
      if (!schema.shape[key]!.safeParse(undefined).success) {
        const { [key]: _dropped, ...missing } = valid;
        await expectRefused(fn, { action, ...missing }, openid, ['INVALID_INPUT']);
      }
      await expectRefused(fn, { action, ...valid, [key]: wrongType(valid[key]) }, openid, ['INVALID_INPUT']);
      if (typeof valid[key] === 'string') await expectRefused(fn, { action, ...valid, [key]: '长'.repeat(5000) }, openid, ['INVALID_INPUT']);
    }
    await expectRefused(fn, { action, ...valid, isAdmin: true }, openid, ['INVALID_INPUT']);
  });

  it.each(cases.filter(([fn]) => fn === 'case'))('case.%s: refuses an unknown case and a caller with no part in it', async (_fn, action) => {
    const [valid, openid] = VALID().case![action]!;
    await expectRefused('case', { action, ...valid, caseId: 'c000000000000000000000000' }, openid, ['NOT_FOUND']);
    await expectRefused('case', { action, ...valid }, 'dev-stranger', ['NOT_FOUND']);
    await expectRefused('case', { action, ...valid }, null, ['UNAUTHENTICATED']);
  });

  it('refuses unknown ids and the wrong caller outside the case function', async () => {
    await expectRefused('card', { action: 'get', cardCode: 'NOPE9999' }, WANG, ['NOT_FOUND']);
    await expectRefused('resident', submission({ cardCode: 'NOPE9999' }), WANG, ['NOT_FOUND']);
    await expectRefused('resident', submission({ villageId: 'baishacun' }), WANG, ['INVALID_INPUT']);
    await expectRefused('resident', submission(), null, ['UNAUTHENTICATED']);
    await expectRefused('case', { action: 'assign', caseId, level: 'township', unitId: 'no-such-unit' }, REP_LI, ['INVALID_INPUT', 'INVALID_STATE']);
    await expectRefused('grid', { action: 'logVisit', gridId: 'no-such-grid', date: '2026-11-20', people: ['王网格'], households: 1 }, REP_LI, ['NOT_FOUND']);
    await expectRefused('grid', { action: 'save', code: 'g-1', name: '网格', villageId: 'no-such-village', staffNames: ['王网格'] }, OFFICE, ['NOT_FOUND']);
    const { action: _a, cardCode: _c, ...walkIn } = submission();
    await expectRefused('grid', { ...walkIn, action: 'enterRequest', visitId: 'gv-nowhere' }, REP_LI, ['NOT_FOUND']);
    await expectRefused('grid', { action: 'figures' }, WANG, ['FORBIDDEN']);
    await expectRefused('staff', { action: 'inbox', box: 'todo' }, WANG, ['FORBIDDEN']);
    await expectRefused('staff', { action: 'inbox', box: 'todo' }, REP_LI, ['FORBIDDEN']);
    await expectRefused('staff', { action: 'redeem', code: 'ABCDEFGH' }, LI_RESIDENT, ['NOT_FOUND']);
    await expectRefused('office', { action: 'issueInvitation', name: '某人', role: 'handler', unitId: 'qingshi-build' }, REP_LI, ['FORBIDDEN']);
    await expectRefused('office', { action: 'issueInvitation', name: '某人', role: 'handler', unitId: 'no-such-unit' }, OFFICE, ['INVALID_INPUT']);
    await expectRefused('office', { action: 'issueInvitation', name: '某人', role: 'handler' }, OFFICE, ['INVALID_INPUT']);
    await expectRefused('office', { action: 'setCalendarDay', date: '2026-12-01', kind: 'holiday', name: '县庆' }, SUP_COUNTY, ['FORBIDDEN']);
    await expectRefused('office', { action: 'setCalendarDay', date: '2026-02-30', kind: 'holiday', name: '县庆' }, OFFICE, ['INVALID_INPUT']);
    await expectRefused('office', { action: 'removeCalendarDay', date: '2026-12-02' }, OFFICE, ['NOT_FOUND']);
    await expectRefused('office', { action: 'deadLetters' }, BUILD, ['FORBIDDEN']);
    await expectRefused('staff', { action: 'byUnit' }, BUILD, ['FORBIDDEN']);
    await expectRefused('staff', { action: 'receptionDesk' }, WANG, ['FORBIDDEN']);
    await expectRefused(
      'staff',
      { action: 'logReception', kind: 'reception', workroomId: 'no-such-room', date: '2026-11-20', representativeIds: ['rep-1'], residents: 1 },
      REP_LI,
      ['NOT_FOUND'],
    );
    await expectRefused(
      'staff',
      {
        action: 'enterRequest',
        requestId: 'req-nowhere-1',
        category: 'road',
        description: '村口的路灯坏了两个月了',
        receptionId: 'rc-nowhere',
        consent: false,
      },
      REP_LI,
      ['NOT_FOUND'],
    );
    await expectRefused('office', { action: 'representativeRecords' }, REP_LI, ['FORBIDDEN']);
    await expectRefused('office', { action: 'roster' }, SUP_COUNTY, ['FORBIDDEN']);
    await expectRefused('office', { action: 'revokeGrant', openid: 'dev-handler-county-water', key: 'handler:qingxi:county-water', reason: '调离' }, REP_LI, [
      'FORBIDDEN',
    ]);
    await expectRefused('office', { action: 'revokeGrant', openid: 'dev-handler-county-water', key: 'handler:qingxi:qingshi-build', reason: '调离' }, OFFICE, [
      'NOT_FOUND',
    ]);
    await expectRefused('office', { action: 'revokeGrant', openid: OFFICE, key: 'office:qingxi', reason: '调离' }, OFFICE, ['FORBIDDEN']);
    await expectRefused('office', { action: 'deactivateRepresentative', representativeId: 'rep-3', reason: '离任', successorId: 'rep-3' }, OFFICE, [
      'INVALID_INPUT',
    ]);
    await expectRefused('office', { action: 'deactivateRepresentative', representativeId: 'rep-3', reason: '离任', successorId: 'no-such-rep' }, OFFICE, [
      'INVALID_INPUT',
    ]);
    await expectRefused('office', { action: 'deactivateRepresentative', representativeId: 'no-such-rep', reason: '离任', successorId: null }, OFFICE, [
      'NOT_FOUND',
    ]);
    await expectRefused('office', { action: 'audit' }, BUILD, ['FORBIDDEN']);
    await expectRefused('briefing', { action: 'publish', requestId: 'req-brief-0002', title: '通报', text: '内容', audience: 'all' }, REP_LI, ['FORBIDDEN']);
    await expectRefused(
      'briefing',
      { action: 'publish', requestId: 'req-brief-0003', title: '通报', text: '内容', audience: 'groups', groupIds: ['no-such-group'] },
      OFFICE,
      ['INVALID_INPUT'],
    );
    for (const action of ['detail', 'export']) await expectRefused('briefing', { action, briefingId: 'b0000' }, OFFICE, ['NOT_FOUND']);
    for (const action of ['open', 'ack']) await expectRefused('briefing', { action, briefingId: 'b0000' }, REP_LI, ['NOT_FOUND']);
    await expectRefused('briefing', { action: 'mine' }, WANG, ['FORBIDDEN']);
    await expectRefused('briefing', { action: 'county' }, REP_LI, ['FORBIDDEN']);
    await expectRefused('evaluation', { action: 'vote', evaluationId: 'rep-1:e9', villageId: 'taoyuan', rating: 'satisfied' }, WANG, ['NOT_FOUND']);
    await expectRefused('evaluation', { action: 'vote', evaluationId: 'rep-1:e9', villageId: 'taoyuan', rating: 'satisfied' }, null, ['UNAUTHENTICATED']);
    await expectRefused(
      'evaluation',
      { action: 'open', representativeId: 'rep-1', name: '述职评议', from: '2026-01-01', to: '2026-11-30', opensOn: '2026-11-25', closesOn: '2026-12-05' },
      REP_LI,
      ['FORBIDDEN'],
    );
    await expectRefused('evaluation', { action: 'mine' }, WANG, ['FORBIDDEN']);
    await expectRefused('evaluation', { action: 'detail', evaluationId: 'rep-1:e9' }, OFFICE, ['NOT_FOUND']);
    const activity = { kind: 'visit', date: '2026-11-20', place: '桃源村', subject: '走访困难户', attendeeIds: ['rep-1'] };
    await expectRefused('group', { action: 'log', requestId: 'req-log-00002', groupId: 'grp-nowhere', ...activity }, REP_LI, ['NOT_FOUND']);
    await expectRefused('group', { action: 'log', requestId: 'req-log-00003', groupId: 'grp-qingshi', ...activity }, 'dev-rep-zhao', ['FORBIDDEN']);
    await expectRefused('group', { action: 'edit', activityId: 'ga-nowhere', version: 1, ...activity }, REP_LI, ['NOT_FOUND']);
    await expectRefused('group', { action: 'mine' }, BUILD, ['FORBIDDEN']);
    await expectRefused('group', { action: 'county' }, REP_LI, ['FORBIDDEN']);
    await expectRefused('group', { action: 'export' }, SUP_COUNTY, ['FORBIDDEN']);
  });

  it('refuses a request made only of emoji, or too long, saying so on the description and writing nothing', async () => {
    for (const [description, message] of [
      ['😡😡😡😡😡😡😡', '请用文字说一说遇到了什么问题，只有表情符号，办事的人看不明白'],
      ['坏'.repeat(1001), '最多1000个字，现在有1001个字，请删减一些再提交'],
    ]) {
      const event = { action: 'submit', cardCode: 'QX0001', requestId: `req-words-${description.length}`, category: 'road', description };
      await expectRefused('resident', event, WANG, ['INVALID_INPUT']);
      const res = (await rt.call('resident', event, WANG)) as ApiResult<unknown>;
      expect(res).toMatchObject({ ok: false, error: { fields: { description: message } } });
    }
  });

  it('refuses a timer function called by a user', async () => {
    const fn = FUNCTIONS.get('deliver')!;
    const before = await rt.db.dump();
    const res = await fn.handler({}, { ...rt.timerCtx(), caller: { openid: WANG } });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await rt.db.dump()).toEqual(before);
  });

  it('answers CONFLICT, in Chinese, when CloudBase gives up on a transaction that kept colliding', async () => {
    // CloudBase rejects with this error once its retries are spent; the twin never collides
    const colliding = Object.assign(Object.create(rt.db) as typeof rt.db, {
      runTransaction: async () => Promise.reject({ code: 'DATABASE_TRANSACTION_CONFLICT', message: 'transaction conflict' }),
    });
    const before = await rt.db.dump();
    const res = await FUNCTIONS.get('case')!.handler(
      { action: 'note', caseId, note: '同时改动' },
      { ...rt.timerCtx(), db: colliding, caller: { openid: REP_LI } },
    );
    expect(res).toEqual({ ok: false, error: { code: 'CONFLICT', message: '这件事项刚被别人改动，请刷新后再试' } });
    expect(await rt.db.dump()).toEqual(before);
  });
});
