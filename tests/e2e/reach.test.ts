/**
 * Every page of every role, as its person sees it: at a phone's 375 px with text at 1.0×, at 1.4×
 * by the browser's text size and at 2× by WeChat's largest font level, and the office's desk pages
 * at 1280 px. Each page passes axe-core's WCAG 2.2 AA rules (contrast, names, targets) and the 适老化
 * figures (tests/e2e/reach.ts); the figures of each page are written to dist/reach.md, and a
 * screenshot of each to dist/screenshots/reach/ for a person to look at.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessengerView, PassResult } from '../../src/server/usecases/messengers';
import type { SubmitResult } from '../../src/server/usecases/submit';
import { emptyDraft } from '../../src/services/submit-form';
import type { Proposal } from '../../types/domain';
import { ASSIGNER, BUILD, LI_RESIDENT, OFFICE, REP_LI, REP_ZHANG, SUP_COUNTY, SUP_TOWNSHIP, TAOYUAN, TRANSPORT, WANG } from '../harness';
import { enteredAndAnswered } from './flows';
import { browserSuite, E2E_START, screenshots } from './local';
import { enlarge, measurePage, REACH, type Enlarge, type Measured } from './reach';

jest.setTimeout(600_000);

const { url, pageAs, api, upload, uploadRecording, setClock, runTimer } = browserSuite();
const CARD = 'QX0001';
const MESSENGER = 'dev-reach-messenger';
/** 我也反映: one who writes what a neighbour already raised, and one who joined an answered case */
const SIMILAR = 'dev-reach-similar';
const CO_REPORTER = 'dev-reach-co-reporter';
let seq = 0;

/** A request sent by `who` from the card, through the API. */
const submit = (who: string, description: string) =>
  api<SubmitResult>('resident', { action: 'submit', cardCode: CARD, requestId: `reach-request-${seq++}`, category: 'road', description }, who);
const act = (who: string, caseId: string, action: string, fields: Record<string, unknown> = {}) => api('case', { action, caseId, ...fields }, who);
const onProposal = (who: string, proposalId: string, action: string, fields: Record<string, unknown> = {}) =>
  api<Proposal>('proposal', { action, proposalId, ...fields }, who);

/** A 提议 of 李秀英's (with `photos` she uploaded): circulating, then taken on by `steps` (co-signed, submitted, registered, assigned, answered). */
async function proposal(title: string, steps: ReadonlyArray<[string, string, Record<string, unknown>?]> = [], photos: string[] = []): Promise<Proposal> {
  const p = await api<Proposal>(
    'proposal',
    { action: 'draft', kind: 'motion', title, category: 'road', problem: '机耕道雨后积水，农机下不了田', suggestion: '列入明年村道硬化计划', photos },
    REP_LI,
  );
  await onProposal(REP_LI, p._id, 'circulate');
  for (const [who, action, fields] of steps) await onProposal(who, p._id, action, fields);
  return p;
}
const COSIGNED: ReadonlyArray<[string, string]> = [
  [REP_ZHANG, 'cosign'],
  ['dev-rep-zhao', 'cosign'],
  [REP_LI, 'submit'],
];
const ASSIGNED: ReadonlyArray<[string, string, Record<string, unknown>?]> = [
  ...COSIGNED,
  [OFFICE, 'register'],
  [OFFICE, 'assign', { leadUnitId: 'county-transport', coUnitIds: ['county-water'] }],
];

/** A 提议 by 李秀英 co-signed by two, submitted: one left waiting for review, one taken through to the unit's reply. */
async function proposals(): Promise<void> {
  const one = async (title: string) => {
    const p = await api<{ _id: string }>(
      'proposal',
      { action: 'draft', kind: 'motion', title, category: 'road', problem: '村道年久失修，雨天泥泞难行。', suggestion: '列入明年农村公路改造计划。' },
      REP_LI,
    );
    await api('proposal', { action: 'circulate', proposalId: p._id }, REP_LI);
    for (const who of [REP_ZHANG, 'dev-rep-zhao']) await api('proposal', { action: 'cosign', proposalId: p._id }, who);
    await api('proposal', { action: 'submit', proposalId: p._id }, REP_LI);
    return p._id;
  };
  await one('关于修缮桃源村村道的提议');
  const answered = await one('关于增设青石镇公交站点的提议');
  await api('proposal', { action: 'register', proposalId: answered }, OFFICE);
  await api('proposal', { action: 'assign', proposalId: answered, leadUnitId: 'county-transport' }, OFFICE);
  await api('proposal', { action: 'reply', proposalId: answered, replyClass: 'A', text: '已在青石镇增设两个公交站点，下月启用。' }, TRANSPORT);
}

interface Visit {
  who: string;
  role: string;
  name: string;
  path: string;
  /** what shows once the page has loaded */
  ready: string;
  /** the desk width as well as the phone's */
  desk?: boolean;
  /** what the phone kept (h5 storage) while it had no network: requests it still cannot send */
  kept?: Record<string, unknown>;
}

const rows: string[] = [];
const failures: Record<string, string[]> = {};
const shots = screenshots('reach');

async function check(v: Visit, width: number, how: Enlarge): Promise<Measured> {
  const page = await pageAs(v.who);
  await page.setViewportSize({ width, height: width > 600 ? 900 : 812 });
  if (v.kept) {
    await page.addInitScript((kept) => Object.entries(kept).forEach(([k, value]) => localStorage.setItem(k, JSON.stringify({ data: value }))), v.kept);
    // still no signal for sending: the kept requests stay waiting while the page is measured
    await page.route('**/api/fn/resident', (route) =>
      (route.request().postDataJSON() as { action: string }).action === 'submit' ? route.abort('internetdisconnected') : route.fallback(),
    );
  }
  await page.goto(v.path.startsWith('http') ? v.path : url(v.path));
  await page.locator(v.ready).first().waitFor();
  await page.waitForTimeout(200);
  await enlarge(page, how);
  const m = await measurePage(page, how);
  // at a desk the office's pages take the width: a phone column there is a problem of its own
  if (width > 600) {
    const used = await page.evaluate(() => document.querySelector('.taro_page_show .screen')!.getBoundingClientRect().width);
    if (used < 900) m.problems.push(`at ${width} px the page uses only ${Math.round(used)} px`);
    const head = await page.locator('.taro_page_show .case-table-head').count();
    if (head > 0 && !(await page.locator('.taro_page_show .case-table-head').first().isVisible()))
      m.problems.push('a list of cases without its table header at a desk');
  }
  // the whole page in the picture: Taro scrolls each page inside its own box
  await page.addStyleTag({ content: '.taro_page { height: auto !important; overflow: visible !important; }' });
  await shots.take(page, `${v.role}-${v.name}-${width}-${how}`);
  await page.context().close();
  rows.push(
    `| ${v.role} | ${v.name} | ${width} | ${how} | ${m.minContrast.toFixed(2)} | ${m.minText.px.toFixed(1)} | ${m.bodyText.toFixed(1)} | ${m.minTyped?.toFixed(1) ?? '–'} | ${m.minTarget ? Math.round(m.minTarget.px) : '–'} | ${m.minPrimary ? Math.round(m.minPrimary.px) : '–'} |`,
  );
  return m;
}

let visits: Visit[] = [];

/** A case of 王大爷's closed a month before the tests' day, so that he is asked 问题还在吗 (the clock set back and on again). */
async function closedAMonthAgo(): Promise<SubmitResult> {
  await setClock('2026-10-14T09:00:00+08:00');
  const c = await submit(WANG, '桃源村二组的路灯修好了又坏，晚上看不见路');
  await act(REP_LI, c.id, 'accept');
  await act(REP_LI, c.id, 'assign', { level: 'township', unitId: 'qingshi-build' });
  await act(BUILD, c.id, 'sign');
  await act(BUILD, c.id, 'close', { outcome: 'resolved', feedbackMethod: 'message', reply: '路灯已经换了新的。' });
  await act(WANG, c.id, 'rate', { rating: 'satisfied' });
  await setClock(E2E_START);
  return c;
}

beforeAll(async () => {
  const asked = await closedAMonthAgo();
  const fresh = await submit(WANG, '村口的路灯坏了两个月，晚上孩子放学很危险');
  const working = await submit(WANG, '桃源村三组的水渠堵了，下雨就淹到路上');
  const replied = await submit(WANG, '村委会门口的垃圾桶满了好几天没人清运');
  for (const c of [working, replied]) {
    await act(REP_LI, c.id, 'accept');
    await act(REP_LI, c.id, 'assign', { level: 'township', unitId: 'qingshi-build' });
    await act(BUILD, c.id, 'sign');
  }
  await act(BUILD, replied.id, 'close', { outcome: 'resolved', feedbackMethod: 'message', reply: '垃圾已经清运，以后每两天清一次。' });
  await submit(LI_RESIDENT, '白沙村的自来水这几天一直是黄的');
  // 语音说事: a request said by voice only (its recordings played from the case)
  const said = async (n: number) => ({ file: await uploadRecording(WANG, new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, n])), seconds: 10 * n });
  const voiced = await api<SubmitResult>(
    'resident',
    { action: 'submit', cardCode: CARD, requestId: `reach-request-${seq++}`, category: 'road', description: '', recordings: [await said(1), await said(6)] },
    WANG,
  );
  // 我也反映: a case with a photo a draft looks like, and a co-reporter of the answered case
  await api(
    'resident',
    {
      action: 'submit',
      cardCode: CARD,
      requestId: 'reach-lamp',
      category: 'road',
      description: '小学门口的路灯不亮了，晚上接孩子看不见路',
      photos: [await upload('dev-reach-lamp', '路灯')],
    },
    'dev-reach-lamp',
  );
  await api('resident', { action: 'metoo', cardCode: CARD, caseId: replied.id, requestId: 'reach-co-reporter' }, CO_REPORTER);
  // 李秀英's reception days and a day of home visits, which her card shows (履职公示)
  for (const [kind, date, residents] of [
    ['reception', '2026-09-20', 4],
    ['reception', '2026-10-20', 6],
    ['visit', '2026-11-07', 3],
  ] as const)
    await api(
      'staff',
      {
        action: 'logReception',
        kind,
        date,
        residents,
        representativeIds: ['rep-1'],
        ...(kind === 'visit' ? { villageId: 'taoyuan' } : { workroomId: 'ws-taoyuan' }),
      },
      REP_LI,
    );
  // a request entered at a reception day and answered: on 李秀英's 回访 list
  await enteredAndAnswered(api, REP_LI, 'rc-ws-taoyuan-2026-10-20', 'reach-entered-1');
  await runTimer('deliver');
  // representatives' own work: a proposal waiting for review and one answered, a briefing, an evaluation with votes
  await proposals();
  // the pages that show photos show some
  const circulating = await proposal('修缮桃源村三组机耕道', [], [await upload(REP_LI, '机耕道积水'), await upload(REP_LI, '机耕道路面')]);
  const submitted = await proposal('白沙村小学门口设减速带', COSIGNED);
  const handling = await proposal('青石镇集镇停车难', ASSIGNED);
  const answered = await proposal('桃源村饮水管网改造', [...ASSIGNED, [TRANSPORT, 'reply', { replyClass: 'B', text: '已列入明年计划，先修补漏水管段' }]]);
  const briefing = await api<{ id: string }>(
    'briefing',
    {
      action: 'publish',
      requestId: 'reach-briefing-1',
      title: '关于县城供水管网改造的通报',
      text: '明年一季度分片停水施工，请代表们向群众做好解释。',
      audience: 'all',
      opinionsUntil: '2026-11-30',
      files: [await upload(OFFICE, '停水施工分片图')],
    },
    OFFICE,
  );
  await api('briefing', { action: 'ack', briefingId: briefing.id }, REP_ZHANG);
  const evaluation = await api<{ id: string }>(
    'evaluation',
    {
      action: 'open',
      representativeId: 'rep-1',
      name: '2026年度述职评议',
      from: '2026-01-01',
      to: '2026-11-15',
      opensOn: '2026-11-16',
      closesOn: '2026-11-30',
    },
    OFFICE,
  );
  await api('evaluation', { action: 'report', evaluationId: evaluation.id, text: '今年接待群众四十多人次，跟踪办结了村口路灯、水渠清淤等事项。' }, REP_LI);
  await api('evaluation', { action: 'vote', evaluationId: evaluation.id, villageId: 'taoyuan', rating: 'satisfied', comment: '李书记办事实在' }, LI_RESIDENT);
  await api(
    'group',
    {
      action: 'log',
      groupId: 'grp-qingshi',
      requestId: 'reach-activity-1',
      kind: 'inspection',
      date: '2026-11-10',
      place: '青石镇敬老院',
      subject: '调研敬老院冬季取暖',
      attendeeIds: ['rep-2', 'rep-1'],
      photos: [await upload(REP_ZHANG, '敬老院调研')],
    },
    REP_ZHANG,
  );
  // the echo wall: a post waiting (pressed), one answered, one turned into a case, one the content check held
  // (two identities: a resident may post only a few times an hour)
  const wallPost = async (text: string, who = WANG) => api<{ id: string }>('wall', { action: 'post', villageId: 'taoyuan', text }, who);
  const waiting = await wallPost('村小学门口早上车太多，孩子过马路危险，能不能派人疏导');
  const answeredPost = await wallPost('文化广场的路灯晚上七点就关了，跳舞的人看不见');
  const convertedPost = await wallPost('三组的垃圾池满了没人清运，味道很大', LI_RESIDENT);
  await wallPost('加微信刷单返利，日结', LI_RESIDENT);
  await api('wall', { action: 'reply', postId: answeredPost.id, text: '已和供电所商量，路灯改到晚上十点关。' }, TAOYUAN);
  await api('wall', { action: 'convert', postId: convertedPost.id, category: 'environment' }, TAOYUAN);
  await api('wall', { action: 'supervise', postId: waiting.id, note: '请本周内回复' }, OFFICE);
  // matters put to 桃源村: an online vote open now, and a 坝坝会 decided with its minutes
  const matter = (title: string, mode: string, body: string) =>
    api<{ id: string }>(
      'matter',
      {
        action: 'open',
        requestId: `reach-${mode}`,
        title,
        body,
        kind: 'approval',
        mode,
        villageIds: ['taoyuan'],
        opensOn: '2026-11-16',
        closesOn: '2026-11-30',
      },
      ASSIGNER,
    );
  await matter('桃源村道路硬化集资', 'vote', '村口到小学的道路硬化，受益群众每人集资200元，其余由镇里补助。');
  const meeting = await matter('桃源村文化广场改建', 'meeting', '把文化广场旁的空地改建成停车场，费用由村集体承担。');
  await api(
    'matter',
    {
      action: 'meeting',
      matterId: meeting.id,
      date: '2026-11-16',
      place: '桃源村文化广场',
      attendance: 42,
      counts: [35, 7],
      minutes: '到会群众42人，举手表决。',
    },
    ASSIGNER,
  );
  // 三联动: an item on the village's coming list, one on the township's agenda, a draw of reception days
  await api(
    'linkage',
    { action: 'addItem', workroomId: 'ws-taoyuan', date: '2026-11-20', text: '五组王婆婆想问高龄补贴怎么申请', residentName: '王婆婆' },
    TAOYUAN,
  );
  await api('linkage', { action: 'addAgendaItem', townshipId: 'qingshi', month: '2026-11', text: '石桥社区菜市场周边占道经营反复出现' }, ASSIGNER);
  await api('linkage', { action: 'draw', from: '2026-11-01', to: '2026-11-16', count: 2 }, SUP_COUNTY);
  // 民情信使张三 of 桃源村一网格, who passed on a named neighbour's request and an anonymous one
  await api(
    'grid',
    { action: 'save', code: 'TY-1', name: '桃源村一网格', villageId: 'taoyuan', staffNames: ['赵网格长'], representativeIds: ['rep-1'] },
    OFFICE,
  );
  const invited = await api<MessengerView & { code: string }>(
    'messenger',
    { action: 'invite', kind: 'messenger', name: '张三', phone: '13911112222', gridId: 'qingxi:TY-1' },
    OFFICE,
  );
  await api('messenger', { action: 'accept', code: invited.code }, MESSENGER);
  const pass = (requestId: string, description: string, neighbour: Record<string, unknown>) =>
    api<PassResult>('messenger', { action: 'pass', messengerId: invited.id, requestId, category: 'environment', description, ...neighbour }, MESSENGER);
  const passed = await pass('reach-pass-1', '王大爷家门口的下水道堵了，污水漫到路上', { name: '王大爷', phone: '13955556666', consent: true });
  await pass('reach-pass-2', '三组晚上有人在河边电鱼，吵得睡不着', { anonymous: true });
  await api('messenger', { action: 'invite', kind: 'messenger', name: '李四', phone: '13911113333', gridId: 'qingxi:TY-1' }, ASSIGNER);
  // a grid of 桃源村 with a day's visit by 李秀英 and a request she met there
  await api(
    'grid',
    {
      action: 'save',
      code: 'ty-1',
      name: '桃源村第一网格',
      villageId: 'taoyuan',
      staffNames: ['王网格', '林国富'],
      representativeIds: ['rep-1'],
      backbones: ['孙大伯'],
    },
    OFFICE,
  );
  const gridVisit = await api<{ _id: string }>(
    'grid',
    { action: 'logVisit', gridId: 'qingxi:ty-1', date: '2026-11-13', people: ['李秀英', '王网格'], households: 8, notes: '三组老人反映路灯不亮' },
    REP_LI,
  );
  await api(
    'grid',
    { action: 'enterRequest', visitId: gridVisit._id, requestId: 'reach-grid-1', category: 'road', description: '三组路灯坏了三盏', name: '孙大伯' },
    REP_LI,
  );
  // two requests written without a network (one with photos), one sent since, one the server refused
  const keptDraft = (requestId: string, description: string, photos: string[] = []) => ({ ...emptyDraft(requestId), description, photos });
  const keptRequests = [
    {
      cardCode: CARD,
      queuedAt: Date.parse('2026-11-16T08:10:00+08:00'),
      draft: keptDraft('reach-kept-1', '桥头的护栏被车撞断了一截，晚上看不清', [await upload(WANG, '护栏')]),
    },
    { cardCode: CARD, queuedAt: Date.parse('2026-11-16T08:20:00+08:00'), draft: keptDraft('reach-kept-2', '五组的自来水停了两天了') },
    {
      cardCode: CARD,
      queuedAt: Date.parse('2026-11-16T08:00:00+08:00'),
      draft: keptDraft('reach-kept-0', '村口的路灯坏了两个月，晚上孩子放学很危险'),
      // the page keeps a sent draft on show for 3 days by the phone's clock, which the tests set to the local system's (E2E_START and on)
      sent: { id: fresh.id, no: fresh.no, at: Date.parse(E2E_START) },
    },
    {
      cardCode: 'QX9999',
      queuedAt: Date.parse('2026-11-16T08:05:00+08:00'),
      draft: keptDraft('reach-kept-3', '小学门口早上车太多，孩子过马路危险'),
      refused: { code: 'NOT_FOUND', message: '没有找到这张联系卡，请重新扫码' },
    },
  ];
  const proposalPage = (id?: string) => `/staff/proposal/index${id ? `?id=${id}` : ''}`;
  const staffCase = (id: string) => `/pages/case/index?id=${id}`;
  const act_ = (id: string, action: string) => `/staff/act/index?id=${id}&action=${action}`;
  visits = [
    {
      who: SIMILAR,
      role: 'co-reporter',
      name: 'submit-similar',
      path: `/pages/submit/index?code=${CARD}`,
      ready: '.similar-card .btn',
      kept: { [`lianxin:draft:${CARD}`]: keptDraft('reach-similar', '小学门口的路灯不亮了，晚上看不见路') },
    },
    { who: CO_REPORTER, role: 'co-reporter', name: 'case-co-rate', path: staffCase(replied.id), ready: '.rate' },
    { who: OFFICE, role: 'office', name: 'merge', path: `/office/merge/index?id=${fresh.id}`, ready: '.merge-candidates .case-item' },
    { who: WANG, role: 'resident', name: 'card', path: `/pages/card/index?code=${CARD}`, ready: '.rep-name' },
    { who: WANG, role: 'resident', name: 'card-finder', path: '/pages/card/index', ready: '.code-input' },
    { who: WANG, role: 'resident', name: 'submit', path: `/pages/submit/index?code=${CARD}`, ready: '.textarea' },
    {
      who: WANG,
      role: 'resident',
      name: 'submit-waiting',
      path: `/pages/submit/index?code=${CARD}`,
      ready: '.waiting-item .btn',
      kept: { 'lianxin:waiting': keptRequests },
    },
    {
      who: WANG,
      role: 'resident',
      name: 'done',
      path: `/pages/done/index?id=${fresh.id}&no=${fresh.no}&due=${fresh.expectedDueDate}&next=${encodeURIComponent(fresh.next)}`,
      ready: '.done-title',
    },
    { who: WANG, role: 'resident', name: 'mine', path: '/pages/mine/index', ready: '.case-item' },
    { who: WANG, role: 'resident', name: 'mine-waiting', path: '/pages/mine/index', ready: '.case-item', kept: { 'lianxin:waiting': keptRequests } },
    { who: WANG, role: 'resident', name: 'case-new', path: staffCase(fresh.id), ready: '.big-status' },
    { who: WANG, role: 'resident', name: 'case-to-rate', path: staffCase(replied.id), ready: '.rate' },
    { who: WANG, role: 'resident', name: 'case-still-there', path: staffCase(asked.id), ready: '.still-there .btn' },
    { who: WANG, role: 'resident', name: 'messages', path: '/pages/messages/index', ready: '.screen' },
    { who: WANG, role: 'resident', name: 'board', path: '/pages/board/index?village=taoyuan', ready: '.rep-name' },
    { who: WANG, role: 'resident', name: 'notices', path: '/pages/notices/index?village=taoyuan', ready: '.screen' },
    { who: WANG, role: 'resident', name: 'wall', path: '/pages/wall/index?village=taoyuan', ready: '.wall-post' },
    { who: WANG, role: 'resident', name: 'board-matters', path: '/pages/board/index?village=taoyuan', ready: '.matter .vote-btn .btn' },
    { who: TAOYUAN, role: 'handler', name: 'wall', path: '/staff/wall/index', ready: '.wall-post .act-reply .btn' },
    { who: ASSIGNER, role: 'assigner', name: 'matters', path: '/staff/matters/index', ready: '.matter' },
    { who: OFFICE, role: 'office', name: 'wall-held', path: '/office/wall/index', ready: '.act-release .btn', desk: true },
    { who: OFFICE, role: 'office', name: 'wall-figures', path: '/office/wall/index?part=figures', ready: '.wall-figures', desk: true },
    { who: OFFICE, role: 'office', name: 'wall-codes', path: '/office/wall/index?part=codes', ready: '.wall-code img', desk: true },
    { who: OFFICE, role: 'office', name: 'matters', path: '/office/matters/index', ready: '.matter-decided', desk: true },
    { who: WANG, role: 'newcomer', name: 'signin', path: '/pages/signin/index', ready: '.identities .btn' },
    { who: REP_LI, role: 'rep', name: 'workbench', path: '/staff/workbench/index', ready: '.case-item' },
    { who: REP_LI, role: 'rep', name: 'case-new', path: staffCase(fresh.id), ready: '.actions .btn' },
    { who: REP_LI, role: 'rep', name: 'case-voice', path: staffCase(voiced.id), ready: '.recording-act' },
    { who: REP_LI, role: 'rep', name: 'accept', path: act_(fresh.id, 'accept'), ready: '.card-title' },
    { who: REP_LI, role: 'rep', name: 'reception', path: '/staff/reception/index', ready: '.card-title' },
    { who: REP_LI, role: 'rep', name: 'callbacks', path: '/staff/callbacks/index', ready: '.callback .btn' },
    { who: REP_LI, role: 'rep', name: 'own-card', path: `/office/card/index?code=${CARD}`, ready: '.print-card' },
    { who: REP_LI, role: 'rep', name: 'proposals', path: '/staff/proposals/index', ready: '.proposal-item' },
    { who: REP_LI, role: 'rep', name: 'proposal-draft', path: proposalPage(), ready: '.draft-form' },
    { who: REP_LI, role: 'rep', name: 'proposal-own', path: proposalPage(circulating._id), ready: '.act-edit .btn' },
    { who: REP_LI, role: 'rep', name: 'proposal-to-rate', path: proposalPage(answered._id), ready: '.rate-choice' },
    { who: REP_ZHANG, role: 'rep', name: 'proposals-to-cosign', path: '/staff/proposals/index', ready: '.cosign .btn' },
    { who: REP_ZHANG, role: 'rep', name: 'proposal-cosign', path: proposalPage(circulating._id), ready: '.act-cosign .btn' },
    { who: REP_LI, role: 'rep', name: 'briefings', path: '/staff/briefings/index', ready: '.briefing-item' },
    { who: REP_LI, role: 'rep', name: 'briefing', path: `/staff/briefings/index?id=${briefing.id}`, ready: '.ack .btn' },
    { who: REP_LI, role: 'rep', name: 'group', path: '/staff/group/index', ready: '.activity-form' },
    { who: REP_LI, role: 'rep', name: 'report', path: '/staff/report/index', ready: '.report-input' },
    { who: REP_LI, role: 'rep', name: 'grids', path: '/staff/grids/index', ready: '.grid-visit' },
    { who: ASSIGNER, role: 'assigner', name: 'grids', path: '/office/grids/index', ready: '.grid-figures' },
    { who: OFFICE, role: 'office', name: 'grids', path: '/office/grids/index', ready: '.grid-figures', desk: true },
    { who: OFFICE, role: 'office', name: 'ledger-grid', path: '/office/ledger/index?grid=qingxi:ty-1', ready: '.case-item', desk: true },
    { who: ASSIGNER, role: 'assigner', name: 'workbench', path: '/staff/workbench/index', ready: '.chip' },
    { who: BUILD, role: 'handler', name: 'workbench', path: '/staff/workbench/index', ready: '.case-item' },
    { who: BUILD, role: 'handler', name: 'case', path: staffCase(working.id), ready: '.actions .btn' },
    { who: BUILD, role: 'handler', name: 'close', path: act_(working.id, 'close'), ready: '.textarea' },
    { who: TRANSPORT, role: 'handler', name: 'proposals', path: '/staff/proposals/index', ready: '.proposal-item' },
    { who: TRANSPORT, role: 'handler', name: 'proposal-reply', path: proposalPage(handling._id), ready: '.reply-class' },
    { who: SUP_COUNTY, role: 'supervisor', name: 'proposal-supervise', path: proposalPage(handling._id), ready: '.act-supervise .btn' },
    { who: SUP_TOWNSHIP, role: 'supervisor', name: 'workbench', path: '/staff/workbench/index', ready: '.chip' },
    { who: SUP_TOWNSHIP, role: 'supervisor', name: 'supervise', path: act_(working.id, 'supervise'), ready: '.textarea' },
    { who: OFFICE, role: 'office', name: 'county-cases', path: '/staff/workbench/index?box=county', ready: '.case-item', desk: true },
    { who: OFFICE, role: 'office', name: 'messages', path: '/pages/messages/index', ready: '.screen' },
    { who: OFFICE, role: 'office', name: 'stats', path: '/office/stats/index', ready: '.rate-value', desk: true },
    { who: OFFICE, role: 'office', name: 'callbacks', path: '/staff/callbacks/index', ready: '.callback .btn' },
    { who: OFFICE, role: 'office', name: 'ledger', path: '/office/ledger/index', ready: '.case-item, .ledger-row', desk: true },
    { who: OFFICE, role: 'office', name: 'records', path: '/office/records/index', ready: '.record, .state-empty', desk: true },
    { who: OFFICE, role: 'office', name: 'people', path: '/office/people/index', ready: '.person' },
    { who: OFFICE, role: 'office', name: 'import', path: '/office/import/index', ready: '.hint' },
    { who: OFFICE, role: 'office', name: 'notice', path: `/office/notice/index?no=${replied.no}`, ready: '.textarea' },
    { who: OFFICE, role: 'office', name: 'cards', path: '/office/cards/index', ready: '.print-card' },
    { who: OFFICE, role: 'office', name: 'card', path: `/office/card/index?code=${CARD}`, ready: '.print-card' },
    { who: OFFICE, role: 'office', name: 'audit', path: '/office/audit/index', ready: '.audit, .state-empty' },
    { who: WANG, role: 'resident', name: 'board-vote', path: '/pages/board/index?village=taoyuan', ready: '.vote-btn .btn' },
    { who: WANG, role: 'resident', name: 'proposals', path: '/pages/proposals/index?village=taoyuan', ready: '.proposal-public' },
    { who: OFFICE, role: 'office', name: 'proposals', path: '/office/proposals/index', ready: '.proposal-item', desk: true },
    { who: OFFICE, role: 'office', name: 'briefings', path: '/office/briefings/index', ready: '.briefing-item', desk: true },
    { who: OFFICE, role: 'office', name: 'briefing', path: `/office/briefings/index?id=${briefing.id}`, ready: '.unread', desk: true },
    { who: OFFICE, role: 'office', name: 'evaluations', path: '/office/evaluations/index', ready: '.evaluation-item', desk: true },
    { who: OFFICE, role: 'office', name: 'evaluation', path: `/office/evaluations/index?id=${evaluation.id}`, ready: '.comment', desk: true },
    { who: OFFICE, role: 'office', name: 'evaluation-file', path: '/office/evaluations/index?rep=rep-1', ready: '.evaluation-item' },
    { who: OFFICE, role: 'office', name: 'groups', path: '/office/groups/index', ready: '.group-activity', desk: true },
    { who: OFFICE, role: 'office', name: 'scores', path: '/office/scores/index', ready: '.score-row', desk: true },
    { who: OFFICE, role: 'office', name: 'proposals-desk', path: '/staff/proposals/index', ready: '.proposal-item' },
    { who: OFFICE, role: 'office', name: 'proposal-review', path: proposalPage(submitted._id), ready: '.act-register .btn' },
    { who: TAOYUAN, role: 'handler', name: 'prelist', path: '/staff/prelist/index', ready: '.list-item' },
    { who: ASSIGNER, role: 'assigner', name: 'meeting', path: '/staff/meeting/index', ready: '.record-meeting' },
    { who: SUP_COUNTY, role: 'supervisor', name: 'inspect', path: '/staff/inspect/index', ready: '.session' },
    { who: OFFICE, role: 'office', name: 'meetings', path: '/office/meetings/index', ready: '.township-meetings', desk: true },
    { who: MESSENGER, role: 'messenger', name: 'mine', path: '/pages/mine/index', ready: '.btn' },
    { who: MESSENGER, role: 'messenger', name: 'messenger', path: '/pages/messenger/index', ready: '.case-item' },
    { who: MESSENGER, role: 'messenger', name: 'pass', path: `/pages/pass/index?messenger=${invited.id}`, ready: '.textarea' },
    {
      who: MESSENGER,
      role: 'messenger',
      name: 'done-follow',
      path: `/pages/done/index?id=${passed.id}&no=${passed.no}&due=${passed.expectedDueDate}&next=${encodeURIComponent(passed.next)}&passed=1&follow=${passed.follow!.code}&until=${passed.follow!.expiresOn}`,
      ready: '.follow-code',
    },
    { who: MESSENGER, role: 'messenger', name: 'case-passed', path: staffCase(passed.id), ready: '.big-status' },
    { who: 'dev-reach-neighbour', role: 'messenger', name: 'code', path: `/pages/code/index?code=${passed.follow!.code}`, ready: '.code-input' },
    { who: ASSIGNER, role: 'assigner', name: 'messengers', path: '/office/messengers/index', ready: '.messenger' },
    { who: OFFICE, role: 'office', name: 'messengers', path: '/office/messengers/index', ready: '.messenger', desk: true },
    { who: OFFICE, role: 'office', name: 'messenger-cases', path: `/office/messengers/index?id=${invited.id}`, ready: '.case-item', desk: true },
    { who: 'dev-region', role: 'region', name: 'workbench', path: '/staff/workbench/index', ready: '.link' },
    { who: 'dev-region', role: 'region', name: 'region', path: '/office/region/index', ready: '.rate-value', desk: true },
  ];
}, 120_000);

afterAll(() => {
  const table = [
    '| role | page | width | text | min contrast | min text px | body px | typed px | min target px | min primary px |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
  writeFileSync(join(__dirname, '..', '..', 'dist', 'reach.md'), `${table.join('\n')}\n\n${JSON.stringify(failures, null, 1)}\n`);
  console.log(`reach figures: dist/reach.md; screenshots: ${shots.dir}`);
});

const PHONE: Array<[number, Enlarge]> = [
  [375, 'none'],
  [375, 'browser'],
  [375, 'wechat'],
];

/** The roles whose pages are visited, one test each (each its own time limit); every visit's role is one of them. */
const ROLES = ['resident', 'co-reporter', 'newcomer', 'messenger', 'rep', 'assigner', 'handler', 'supervisor', 'office', 'region'];

it('visits pages of the listed roles only', () => {
  expect(visits.filter((v) => !ROLES.includes(v.role))).toEqual([]);
});

it.each(ROLES)('shows every page of the %s legibly, with large targets and nothing off screen, at 375 px and text 1.0×, 1.4× and 2×', async (role) => {
  const mine: Record<string, string[]> = {};
  for (const v of visits.filter((x) => x.role === role)) {
    for (const [width, how] of [...PHONE, ...(v.desk ? ([[1280, 'none']] as Array<[number, Enlarge]>) : [])]) {
      const m = await check(v, width, how);
      const bad = [...m.violations, ...m.problems, ...(m.minContrast < REACH.contrast ? [`contrast ${m.minContrast}`] : [])];
      if (bad.length) mine[`${v.role} ${v.name} ${width} ${how}`] = bad;
    }
  }
  Object.assign(failures, mine);
  expect(mine).toEqual({});
});
