/**
 * @jest-environment jsdom
 *
 * The weapp build's card, submit, workbench, staff action and printable card pages, run as WeChat would run them:
 * miniprogram-simulate (WeChat's own tool) compiles the built wxml with the official compiler and
 * renders it, and the production JavaScript of dist/weapp drives it, calling the cloud functions
 * through `wx.cloud` and asking for subscribe messages through `wx.requestSubscribeMessage`, which
 * the test answers.
 */
import { join } from 'node:path';
import { RULES } from '../../config/rules';
import type { CaseView } from '../../types/api';
import type { Proposal } from '../../types/domain';
import { createCalendar } from '../../src/domain/calendar';
import { caseView } from '../../src/domain/view';
import type { Me } from '../../src/server/usecases/staff';
import { ROOT } from '../../src/runtime/local/build';
import { makeCase, testTemplateId } from '../fixtures';

/** The part of miniprogram-simulate used here (its own typings redeclare Node's `require`). */
interface Node {
  dom?: HTMLElement;
  instance: unknown;
  querySelector(selector: string): Node | undefined;
  querySelectorAll(selector: string): Node[];
  dispatchEvent(name: string, detail?: object): void;
  attach(parent: HTMLElement): void;
  detach(): void;
}
interface Simulate {
  load(path: string, tagOrOptions?: string | object, options?: object): string;
  render(id: string): Node;
  sleep(ms: number): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate') as Simulate;

const WEAPP = join(ROOT, 'dist', 'weapp');
type Answer = (event: Record<string, unknown>) => unknown;

// ---- the mini-program host, as far as the bundle needs it ----
const host = globalThis as unknown as Record<string, unknown> & { wx: Record<string, unknown>; Component: (options: object) => void };
let app: unknown;
host.App = (config: unknown) => (app = config); // app.js registers the app; simulate has no App()
host.getApp = () => app; // taro.js reads these two globals by name when it starts
host.getCurrentPages = () => [];
// simulate has Component() but no Page(): Taro's page config keeps its lifecycle and event
// handlers at the top level, which a component calls only as methods
host.Page = ({ data, ...methods }: { data: unknown }) => host.Component({ data, methods });
// simulate's wx has no cloud; Taro.cloud is this object, taken when app.js starts
const answers: Record<string, Answer> = {};
const callFunction = jest.fn(async ({ name, data }: { name: string; data: Record<string, unknown> }) => ({ result: answers[name]!(data) }));
// files the functions kept are downloaded through cloud storage by their file id
const cloudDownloadFile = jest.fn(async ({ fileID }: { fileID: string }) => ({ tempFilePath: `wxfile://tmp/${fileID.split('/').pop()}`, statusCode: 200 }));
const cloudUploadFile = jest.fn(async ({ cloudPath }: { cloudPath: string }) => ({
  fileID: `cloud://lianxin-test-0a1b2c.6c69-lianxin-test/${cloudPath}`,
  statusCode: 200,
}));
host.wx.cloud = { init() {}, callFunction, downloadFile: cloudDownloadFile, uploadFile: cloudUploadFile };
// WeChat's 订阅消息 dialog: the test decides what the person taps
type SubscribeOptions = { tmplIds: string[]; success?(res: object): void; fail?(err: object): void; complete?(res: object): void };
let subscribeAnswer: (tmplIds: string[]) => Record<string, string> = (ids) => Object.fromEntries(ids.map((id) => [id, 'accept']));
const requestSubscribeMessage = jest.fn((o: SubscribeOptions) => {
  const res = { errMsg: 'requestSubscribeMessage:ok', ...subscribeAnswer(o.tmplIds) };
  o.success?.(res);
  o.complete?.(res);
});
host.wx.requestSubscribeMessage = requestSubscribeMessage;
// page changes and the album: recorded, and answered as WeChat would
type Callbacks = { success?(res: object): void; complete?(res: object): void };
const succeed = (res: object) => (o: Callbacks) => {
  o.success?.(res);
  o.complete?.(res);
};
const navigateTo = jest.fn(succeed({ errMsg: 'navigateTo:ok' }));
const redirectTo = jest.fn(succeed({ errMsg: 'redirectTo:ok' }));
const downloadFile = jest.fn(succeed({ tempFilePath: 'wxfile://tmp/code.png', statusCode: 200 }));
const saveImageToPhotosAlbum = jest.fn(succeed({ errMsg: 'saveImageToPhotosAlbum:ok' }));
const openDocument = jest.fn(succeed({ errMsg: 'openDocument:ok' }));
// Taro calls this one without callbacks and takes the promise WeChat's base library returns
const chooseMessageFile = jest.fn(async () => ({
  errMsg: 'chooseMessageFile:ok',
  tempFiles: [{ path: 'wxfile://tmp/组织架构.xlsx', name: '清溪县组织架构.xlsx', size: 20480, type: 'file' }],
}));
// WeChat's privacy authorisation: the app registers for it at launch; the test plays WeChat asking
let needPrivacy: ((resolve: (answer: object) => void) => void) | null = null;
const onNeedPrivacyAuthorization = jest.fn((listener: typeof needPrivacy) => (needPrivacy = listener));
const openPrivacyContract = jest.fn(succeed({ errMsg: 'openPrivacyContract:ok' }));
// declined: WeChat fails the call that needed it (errno 104)
const chooseMedia = jest.fn(async () => Promise.reject({ errno: 104, errMsg: 'chooseMedia:fail privacy permission is not authorized' }));
// WeChat's scanner: the test decides what the person points it at
let scanned: object = { errMsg: 'scanCode:fail cancel' };
const scanCode = jest.fn((o: Callbacks & { fail?(err: object): void }) =>
  'path' in scanned || 'result' in scanned ? o.success?.(scanned) : o.fail?.(scanned),
);
// the clipboard, declined with the guide (errno 104); WeChat's toast recorded
const setClipboardData = jest.fn((o: { fail?(err: object): void }) =>
  o.fail?.({ errno: 104, errMsg: 'setClipboardData:fail privacy permission is not authorized' }),
);
const showToast = jest.fn(succeed({ errMsg: 'showToast:ok' }));
const makePhoneCall = jest.fn(succeed({ errMsg: 'makePhoneCall:ok' }));
// the phone's network: what getNetworkType answers, and the app's listener for its changes (registered at launch)
let networkType = 'wifi';
let networkChanged: ((res: { isConnected: boolean; networkType: string }) => void) | null = null;
const getNetworkType = jest.fn((o: Callbacks) => succeed({ errMsg: 'getNetworkType:ok', networkType })(o));
const onNetworkStatusChange = jest.fn((listener: typeof networkChanged) => (networkChanged = listener));
Object.assign(host.wx, {
  getNetworkType,
  onNetworkStatusChange,
  makePhoneCall,
  navigateTo,
  redirectTo,
  downloadFile,
  saveImageToPhotosAlbum,
  openDocument,
  chooseMessageFile,
  onNeedPrivacyAuthorization,
  openPrivacyContract,
  chooseMedia,
  scanCode,
  setClipboardData,
  showToast,
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
require(join(WEAPP, 'app.js'));

// a webpack chunk runs once per test file: register Taro's shared `comp` once and each page once
const comp = simulate.load(join(WEAPP, 'comp'), 'comp', { rootPath: WEAPP });
const loaded: Record<string, string> = {};
type Rendered = Node;

function open(route: string, query: Record<string, string>): Rendered {
  loaded[route] ??= simulate.load(join(WEAPP, route), { rootPath: WEAPP, usingComponents: { comp } });
  const page = simulate.render(loaded[route]!);
  page.attach(document.createElement('parent-wrapper'));
  // what WeChat does when it opens a page: onLoad with the query, then onShow
  const lifecycle = page.instance as { onLoad(q: object): void; onShow(): void };
  lifecycle.onLoad(query);
  lifecycle.onShow();
  return page;
}

/** React renders on timers here: wait for what the page should come to show. */
async function until(check: () => boolean, what: string): Promise<void> {
  // elapsed time on the monotonic clock, never the date
  for (const end = performance.now() + 5000; !check(); await simulate.sleep(10)) {
    if (performance.now() > end) throw new Error(`the page never showed ${what}`);
  }
}

/** The record Taro renders a node from (its props under short keys), found by the node's data-sid. */
function taroNode(p: Rendered, selector: string): Record<string, unknown> {
  const sid = p.querySelector(selector)!.dom!.getAttribute('data-sid');
  const find = (n: unknown): Record<string, unknown> | undefined => {
    if (!n || typeof n !== 'object') return undefined;
    if ((n as { sid?: unknown }).sid === sid) return n as Record<string, unknown>;
    for (const v of Object.values(n)) {
      const hit = find(v);
      if (hit) return hit;
    }
    return undefined;
  };
  const node = find((p.instance as { data: unknown }).data);
  if (!node) throw new Error(`no data for ${selector}`);
  return node;
}

/** Types into a field, and waits until the page has drawn it (`shown`, as the page keeps it, is in the field's render data). */
async function typeInto(p: Rendered, selector: string, value: string, shown = value): Promise<void> {
  p.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
  await until(() => Object.values(taroNode(p, selector)).includes(shown), `the typed words in ${selector}`);
}

const CARD = {
  active: true,
  notice: null,
  cardCode: 'QX0001',
  representativeId: 'rep-1',
  name: '李秀英',
  photoUrl: '',
  position: '青石镇党代表、桃源村党支部书记',
  phone: '13800000001',
  level: 'township',
  levelText: '乡镇党代表',
  team: ['张建国'],
  workrooms: [{ name: '桃源村党群服务中心党代表工作室', times: '每月20日 上午9:00—12:00', next: '2026-12-20' }],
  villages: [{ id: 'taoyuan', name: '桃源村' }],
  activity: {
    receptions: {
      since: '2025-11-24',
      total: 1,
      items: [{ date: '2026-10-20', kindText: '接待日', place: '桃源村党群服务中心党代表工作室', residents: 6 }],
    },
    proposals: { year: 2026, submittedThisYear: 1, answeredTotal: 0, items: [] },
    evaluation: null,
  },
};
const calls = (name: string) => callFunction.mock.calls.map(([c]) => c).filter((c) => c.name === name);

let page: Rendered | undefined;
beforeEach(() => {
  callFunction.mockClear();
  requestSubscribeMessage.mockClear();
  navigateTo.mockClear();
  redirectTo.mockClear();
  scanCode.mockClear();
  answers.card = () => ({ ok: true, data: CARD });
  answers.resident = () => ({
    ok: true,
    data: { id: 'c1', no: '202611230001', created: true, representativeName: '李秀英', expectedDueDate: '2026-12-14', next: '' },
  });
});
afterEach(() => {
  (page?.instance as unknown as { onUnload?(): void } | undefined)?.onUnload?.();
  page?.detach();
  page = undefined;
});

it('opens the card from the mini-program code scene and shows the representative with 我要反映', async () => {
  page = open('pages/card/index', { scene: encodeURIComponent('QX0001') });
  await until(() => page!.dom!.textContent!.includes('李秀英'), 'the representative');
  await simulate.sleep(50);
  // loaded once: the show that comes with opening the page does not load it again
  expect(calls('card')).toEqual([{ name: 'card', data: { action: 'get', cardCode: 'QX0001' } }]);
  expect(page.dom!.textContent).toContain('拨打电话 13800000001');
  expect(page.querySelector('.btn-primary')!.dom!.textContent).toBe('我要反映');
  // 履职公示: the reception days held, and a plain sentence where there is nothing yet
  expect(page.querySelector('.activity')!.dom!.textContent).toMatch(
    /2026年10月20日 · 接待日.*接待6人.*2026年提出1件.*还没有已答复的提案提议.*还没有公布的述职评议结果/,
  );
});

it('opened without a card, offers the resident’s pages and the way in for staff', async () => {
  page = open('pages/card/index', {});
  await until(() => page!.dom!.textContent!.includes('请用微信扫一扫'), 'the scan hint');
  expect(calls('card')).toEqual([]);
  const staff = page.querySelectorAll('.link').find((l) => l.dom!.textContent === '工作人员');
  expect(staff).toBeDefined();
  staff!.dispatchEvent('tap');
  await until(() => navigateTo.mock.calls.length > 0, 'a page change');
  expect(navigateTo.mock.calls[0]![0]).toMatchObject({ url: '/staff/workbench/index?' });
});

describe('the card page opened without a card (from 最近使用, or by WeChat’s reviewer)', () => {
  const find = async () => {
    page = open('pages/card/index', {});
    await until(() => page!.dom!.textContent!.includes('或输入联系卡编号'), 'the card finder');
  };
  const tap = (text: string) =>
    page!
      .querySelectorAll('.btn')
      .find((b) => b.dom!.textContent === text)!
      .dispatchEvent('tap');

  it('opens the card whose mini-program code the resident scans', async () => {
    await find();
    scanned = { errMsg: 'scanCode:ok', scanType: 'WX_CODE', result: '', path: 'pages/card/index?scene=QX0002' };
    tap('扫一扫联系卡');
    await until(() => navigateTo.mock.calls.length > 0, 'a page change');
    expect(navigateTo.mock.calls[0]![0]).toMatchObject({ url: '/pages/card/index?code=QX0002' });
    // a card printed from the browser carries its h5 link instead
    scanned = { errMsg: 'scanCode:ok', scanType: 'QR_CODE', result: 'http://192.168.1.20:3000/#/pages/card/index?code=qx0003' };
    tap('扫一扫联系卡');
    await until(() => navigateTo.mock.calls.length > 1, 'a second page change');
    expect(navigateTo.mock.calls[1]![0]).toMatchObject({ url: '/pages/card/index?code=QX0003' });
  });

  it('says in words that a code which is not a card’s opens nothing, and stays quiet when the scanner is closed', async () => {
    await find();
    scanned = { errMsg: 'scanCode:ok', scanType: 'QR_CODE', result: 'https://shop.example.com/item/42' };
    tap('扫一扫联系卡');
    await until(() => page!.dom!.textContent!.includes('这不是党代表联系卡上的码'), 'the explanation');
    scanned = { errMsg: 'scanCode:fail cancel' };
    tap('扫一扫联系卡');
    await simulate.sleep(50);
    expect(scanCode).toHaveBeenCalledTimes(2);
    expect(navigateTo).not.toHaveBeenCalled();
    // the camera refused is another matter
    scanned = { errMsg: 'scanCode:fail camera permission denied' };
    tap('扫一扫联系卡');
    await until(() => page!.dom!.textContent!.includes('没有扫到码'), 'the failed scan');
  });

  it('opens the card whose printed number is typed, and asks for one when nothing is', async () => {
    await find();
    tap('打开联系卡');
    await until(() => page!.dom!.textContent!.includes('请输入联系卡二维码下面的编号'), 'the missing number');
    expect(navigateTo).not.toHaveBeenCalled();
    await typeInto(page!, '.code-input', ' qx0001 ', ' QX0001 ');
    tap('打开联系卡');
    await until(() => navigateTo.mock.calls.length > 0, 'a page change');
    expect(navigateTo.mock.calls[0]![0]).toMatchObject({ url: '/pages/card/index?code=QX0001' });
    expect(calls('card')).toEqual([]);
  });
});

it('enlarges its text by WeChat’s font setting (关怀模式)', async () => {
  const baseInfo = host.wx.getAppBaseInfo;
  host.wx.getAppBaseInfo = () => ({ fontSizeScaleFactor: 1.4 });
  try {
    page = open('pages/card/index', { scene: 'QX0001' });
    await until(() => page!.dom!.textContent!.includes('李秀英'), 'the representative');
    expect(page.querySelector('.screen')!.dom!.getAttribute('style')).toContain('--text-scale: 1.4');
  } finally {
    host.wx.getAppBaseInfo = baseInfo;
  }
});

it('says a card whose representative left takes no requests, and leads to who serves the village now', async () => {
  answers.card = () => ({ ok: true, data: { ...CARD, active: false, notice: '党代表李秀英已不再联系本村，这张联系卡不再接收反映。' } });
  page = open('pages/card/index', { scene: 'QX0001' });
  await until(() => page!.dom!.textContent!.includes('不再接收反映'), 'the notice');
  expect(page.dom!.textContent).not.toContain('我要反映');
  const board = page.querySelector('.btn-primary')!;
  expect(board.dom!.textContent).toBe('看桃源村现在的党代表');
  board.dispatchEvent('tap');
  await until(() => navigateTo.mock.calls.length > 0, 'a page change');
  expect(navigateTo.mock.calls[0]![0]).toMatchObject({ url: '/pages/board/index?village=taoyuan' });
});

it('shows the server’s message when the card is unknown', async () => {
  answers.card = () => ({ ok: false, error: { code: 'NOT_FOUND', message: '没有找到这张联系卡，请核对卡上的二维码' } });
  page = open('pages/card/index', { scene: 'QX9999' });
  await until(() => page!.dom!.textContent!.includes('没有找到这张联系卡'), 'the error');
  expect(page.dom!.textContent).toContain('再试一次');
});

it('says what is missing and sends nothing when 提交 is tapped with no description', async () => {
  page = open('pages/submit/index', { code: 'QX0001' });
  await until(() => page!.dom!.textContent!.includes('向党代表 李秀英 反映'), 'the form');
  page.querySelector('.btn-primary')!.dispatchEvent('tap');
  await until(() => page!.dom!.textContent!.includes('请说一说遇到了什么问题'), 'the missing description');
  expect(calls('resident')).toEqual([]);
  expect(requestSubscribeMessage).not.toHaveBeenCalled();
});

it('keeps a long paste with a warning beside the box, and says on the field why nothing was sent', async () => {
  page = open('pages/submit/index', { code: 'QX0001' });
  await until(() => page!.dom!.textContent!.includes('向党代表 李秀英 反映'), 'the form');
  page.querySelector('.textarea')!.dispatchEvent('input', { detail: { value: '路灯坏了'.repeat(300) } });
  await until(() => page!.dom!.textContent!.includes('写了1200个字，超过了1000个字。内容都还在'), 'the warning');
  page.querySelector('.btn-primary')!.dispatchEvent('tap');
  await until(() => page!.dom!.textContent!.includes('最多1000个字，现在有1200个字'), 'the field’s error');
  expect(page.querySelector('.field-has-error')).toBeDefined();
  expect(page.dom!.textContent).toContain('还没有提交：请先改好上面标出的地方');
  expect(calls('resident')).toEqual([]);
});

it('sends what the resident wrote, once, to the card’s representative', async () => {
  const description = '村口到小学的路灯坏了两个月，晚上孩子放学很危险';
  page = open('pages/submit/index', { code: 'QX0001' });
  await until(() => page!.dom!.textContent!.includes('向党代表 李秀英 反映'), 'the form');
  page.querySelector('.textarea')!.dispatchEvent('input', { detail: { value: description } });
  await until(() => page!.dom!.textContent!.includes(`${description.length}/1000`), 'the counted text');
  page.querySelector('.btn-primary')!.dispatchEvent('tap');
  page.querySelector('.btn-primary')!.dispatchEvent('tap');
  const sent = (action: string) => calls('resident').filter((c) => (c.data as { action: string }).action === action);
  await until(() => sent('submit').length > 0, 'a submission');
  await simulate.sleep(50);
  expect(sent('submit')).toEqual([{ name: 'resident', data: expect.objectContaining({ action: 'submit', cardCode: 'QX0001', description }) }]);
  // from the same tap, WeChat asks whether to send news of the case: its progress and its answer
  expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
  expect(requestSubscribeMessage.mock.calls[0]![0].tmplIds).toEqual([testTemplateId('case_progress'), testTemplateId('case_closed')]);
  // and what was accepted is reported, to be counted: one accept, one push (a 回访 call once none is left)
  await until(() => sent('consented').length > 0, 'the consents reported');
  expect(sent('consented')).toEqual([{ name: 'resident', data: { action: 'consented', templates: ['case_progress', 'case_closed'] } }]);
});

describe('WeChat’s privacy authorisation', () => {
  it('says in words that the case number was not copied when the resident declined the guide', async () => {
    page = open('pages/done/index', { id: 'c1', no: '202611230001', due: '2026-12-14', next: '党代表会尽快处理' });
    await until(() => page!.dom!.textContent!.includes('（点一下复制）'), 'the case number');
    page.querySelector('.case-no')!.dispatchEvent('tap');
    await until(() => showToast.mock.calls.length > 0, 'a toast');
    expect(setClipboardData.mock.calls[0]![0]).toMatchObject({ data: '202611230001' });
    expect(showToast.mock.calls[0]![0]).toMatchObject({ title: '没有复制：同意隐私保护指引后才能复制', icon: 'none' });
  });

  it('is registered for at launch, shown on the page that needs it, and answered as the person taps', async () => {
    expect(onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1);
    page = open('pages/submit/index', { code: 'QX0001' });
    await until(() => page!.dom!.textContent!.includes('向党代表 李秀英 反映'), 'the form');
    const answers: object[] = [];
    needPrivacy!((a) => answers.push(a));
    await until(() => page!.dom!.textContent!.includes('使用前请阅读隐私保护指引'), 'the prompt');
    page
      .querySelectorAll('.link')
      .find((l) => l.dom!.textContent === '查看《隐私保护指引》')!
      .dispatchEvent('tap');
    await until(() => openPrivacyContract.mock.calls.length > 0, 'the guide');
    page
      .querySelectorAll('.btn')
      .find((b) => b.dom!.textContent === '同意')!
      .dispatchEvent('agreeprivacyauthorization');
    await until(() => answers.length > 0, 'the answer');
    expect(answers).toEqual([{ event: 'agree', buttonId: 'privacy-agree' }]);
    await until(() => !page!.dom!.textContent!.includes('使用前请阅读隐私保护指引'), 'the prompt gone');

    needPrivacy!((a) => answers.push(a));
    await until(() => page!.dom!.textContent!.includes('使用前请阅读隐私保护指引'), 'the prompt again');
    page
      .querySelectorAll('.btn')
      .find((b) => b.dom!.textContent === '不同意')!
      .dispatchEvent('tap');
    await until(() => answers.length > 1, 'the second answer');
    expect(answers[1]).toEqual({ event: 'disagree' });
  });

  it('tells a resident who declined, in words, that photos cannot be added and the request can still be sent', async () => {
    page = open('pages/submit/index', { code: 'QX0001' });
    await until(() => page!.dom!.textContent!.includes('向党代表 李秀英 反映'), 'the form');
    page.querySelector('.photo-add')!.dispatchEvent('tap');
    await until(() => page!.dom!.textContent!.includes('没有同意隐私保护指引'), 'the words');
    expect(page.dom!.textContent).toContain('不附照片也可以提交');
  });
});

it('sends the request all the same when the resident refuses the notifications', async () => {
  subscribeAnswer = (ids) => Object.fromEntries(ids.map((id) => [id, 'reject']));
  try {
    page = open('pages/submit/index', { code: 'QX0001' });
    await until(() => page!.dom!.textContent!.includes('向党代表 李秀英 反映'), 'the form');
    page.querySelector('.textarea')!.dispatchEvent('input', { detail: { value: '河堤有一段塌了，下雨天很危险' } });
    await until(() => page!.dom!.textContent!.includes('/1000'), 'the counted text');
    page.querySelector('.btn-primary')!.dispatchEvent('tap');
    await until(() => calls('resident').length > 0, 'a submission');
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
  } finally {
    subscribeAnswer = (ids) => Object.fromEntries(ids.map((id) => [id, 'accept']));
  }
});

describe('without a network, on the resident’s phone', () => {
  // the phone's storage and its user data folder, for this part only
  const storage = new Map<string, unknown>();
  const saved: string[] = [];
  const kept = {
    setStorageSync: (key: string, value: unknown) => void storage.set(key, JSON.parse(JSON.stringify(value))),
    getStorageSync: (key: string) => storage.get(key) ?? '',
    removeStorageSync: (key: string) => void storage.delete(key),
    getFileSystemManager: () => ({
      saveFile: (o: { tempFilePath: string; success(r: object): void }) => {
        saved.push(`wxfile://usr/${o.tempFilePath.split('/').pop()}`);
        o.success({ savedFilePath: saved.at(-1) });
      },
      access: (o: { path: string; success(): void; fail(): void }) => (saved.includes(o.path) ? o.success() : o.fail()),
      removeSavedFile: (o: { filePath: string; complete(): void }) => {
        saved.splice(saved.indexOf(o.filePath), 1);
        o.complete();
      },
    }),
  };
  const before = Object.fromEntries(Object.keys(kept).map((k) => [k, host.wx[k]]));
  beforeAll(() => Object.assign(host.wx, kept));
  afterAll(() => {
    Object.assign(host.wx, before);
    networkType = 'wifi';
  });

  it('keeps the request and its photo on the phone, and sends them once when WeChat says the network is back', async () => {
    networkType = 'none';
    const unreachable = () => {
      throw new Error('cloud.callFunction:fail network');
    };
    answers.resident = unreachable;
    chooseMedia.mockImplementationOnce(async () => ({ errMsg: 'chooseMedia:ok', tempFiles: [{ tempFilePath: 'wxfile://tmp/lamp.jpg' }] }) as never);
    const description = '村口的路灯坏了两个月，晚上孩子放学很危险';
    page = open('pages/submit/index', { code: 'QX0001' });
    await until(() => page!.dom!.textContent!.includes('向党代表 李秀英 反映'), 'the form');
    page.querySelector('.textarea')!.dispatchEvent('input', { detail: { value: description } });
    page.querySelector('.photo-add')!.dispatchEvent('tap');
    // the upload failed for want of a network: the photo is saved into the user data folder
    await until(() => page!.dom!.textContent!.includes('待上传'), 'the kept photo');
    expect(saved).toEqual(['wxfile://usr/lamp.jpg']);
    await until(() => page!.dom!.textContent!.includes(`${description.length}/1000`), 'the counted text');
    page.querySelector('.btn-primary')!.dispatchEvent('tap');
    await until(() => page!.dom!.textContent!.includes('待发送 1 件'), 'the waiting list');
    expect(page.dom!.textContent).toContain('没有网络，已存好，有网时会自动发出');

    // WeChat says the network is back (twice, as it may): the photo goes up to the person's folder (asked once per launch), then the request, once
    networkType = 'wifi';
    answers.resident = (e) =>
      e.action === 'uploadFolder'
        ? { ok: true, data: { photos: 'photos/1f2e3d4c5b6a7980', imports: 'imports/1f2e3d4c5b6a7980' } }
        : { ok: true, data: { id: 'c9', no: '202611230009', created: true, representativeName: '李秀英', expectedDueDate: '2026-12-14', next: '' } };
    networkChanged!({ isConnected: true, networkType: 'wifi' });
    networkChanged!({ isConnected: true, networkType: 'wifi' });
    await until(() => page!.dom!.textContent!.includes('已发出，编号 202611230009'), 'the sent request');
    const submits = calls('resident').filter((c) => c.data.action === 'submit');
    expect(submits).toHaveLength(1);
    expect(cloudUploadFile).toHaveBeenLastCalledWith(expect.objectContaining({ filePath: 'wxfile://usr/lamp.jpg' }));
    expect(submits[0]!.data).toEqual(expect.objectContaining({ description, photos: [expect.stringContaining('photos/1f2e3d4c5b6a7980/')] }));
    // the kept photo is let go once uploaded
    expect(saved).toEqual([]);
  });
});

describe('the resident’s case page, once the case is late', () => {
  const now = Date.parse('2026-12-04T10:00:00+08:00');
  const late = makeCase({ _id: 'c7', status: 'handling', dueDate: '2026-12-02', dueAt: Date.parse('2026-12-02T23:59:59.999+08:00') });
  const seen = caseView(late, { relations: ['resident'], scopes: [] }, createCalendar(), RULES, now, [], (id) => `${id}?signed`);
  const view: CaseView = { ...seen, representative: { ...seen.representative, phone: '13800000001' } };
  const textOf = () => page!.dom!.textContent!;

  it('presses 催办 for the resident and offers the representative’s number to call', async () => {
    expect(view.actions).toContain('urge');
    answers.case = (e) =>
      e.action === 'detail' ? { ok: true, data: view } : { ok: true, data: { ...view, actions: [], urgeNote: '您12月4日已催办过，12月9日起可以再催办' } };
    page = open('pages/case/index', { id: 'c7' });
    await until(() => textOf().includes('已经超过答复期限了'), 'the 催办 card');
    const urge = page.querySelectorAll('.btn-primary').find((b) => b.dom!.textContent!.trim() === '催办');
    expect(urge).toBeDefined();
    urge!.dispatchEvent('tap');
    await until(() => calls('case').some((c) => c.data.action === 'urge'), 'the 催办 call');
    expect(calls('case').find((c) => c.data.action === 'urge')!.data).toEqual({ action: 'urge', caseId: 'c7' });
    page.querySelector('.call')!.dispatchEvent('tap');
    await until(() => makePhoneCall.mock.calls.length > 0, 'the call');
    expect(makePhoneCall.mock.calls[0]![0]).toMatchObject({ phoneNumber: '13800000001' });
  });
});

describe('the unit handler’s action page (staff subpackage)', () => {
  const now = Date.parse('2026-11-24T10:00:00+08:00');
  const handling = makeCase({ _id: 'c9', status: 'handling', dueDate: '2026-12-02', dueAt: Date.parse('2026-12-02T23:59:59.999+08:00') });
  const view: CaseView = caseView(handling, { relations: ['handler'], scopes: [] }, createCalendar(), RULES, now, [], (id) => `${id}?signed`);
  const textOf = () => page!.dom!.textContent!;

  beforeEach(() => {
    answers.case = () => ({ ok: true, data: view });
  });

  it('offers 进展答复 and 办结答复 to the handler', () => {
    expect(view.actions).toEqual(expect.arrayContaining(['reply', 'close']));
  });

  it('closes a case with the outcome, the feedback method and the words for the resident', async () => {
    page = open('staff/act/index', { id: 'c9', action: 'close' });
    await until(() => textOf().includes('确认办结答复'), 'the closing form');
    expect(textOf()).toContain(view.no);
    expect(textOf()).toContain('✓ 已办结'); // the usual outcome is chosen already
    const reply = '已更换村口到小学路段的6盏路灯，晚上已经亮了，请您放心';
    await typeInto(page, '.textarea', reply);
    page.querySelector('.btn-primary')!.dispatchEvent('tap');
    await until(() => calls('case').some((c) => c.data.action === 'close'), 'the close call');
    expect(calls('case').find((c) => c.data.action === 'close')!.data).toEqual({
      action: 'close',
      caseId: 'c9',
      outcome: 'resolved',
      feedbackMethod: 'message',
      reply,
    });
  });

  it('asks for a plan and a date when the outcome is 已启动办理', async () => {
    page = open('staff/act/index', { id: 'c9', action: 'close' });
    await until(() => textOf().includes('确认办结答复'), 'the closing form');
    const inProgress = page.querySelectorAll('.chip').find((chip) => chip.dom!.textContent!.includes('已启动办理'));
    expect(inProgress).toBeDefined();
    inProgress!.dispatchEvent('tap');
    await until(() => textOf().includes('办理计划'), 'the plan field');
    expect(textOf()).toContain('预计完成日期');
  });

  it('shows the server’s message and keeps what the handler wrote when the reply is refused', async () => {
    answers.case = (e) =>
      e.action === 'detail'
        ? { ok: true, data: view }
        : { ok: false, error: { code: 'INVALID_INPUT', message: '请填写答复内容', fields: { reply: '请填写答复内容' } } };
    page = open('staff/act/index', { id: 'c9', action: 'reply' });
    await until(() => textOf().includes('确认进展答复'), 'the reply form');
    page.querySelector('.btn-primary')!.dispatchEvent('tap');
    await until(() => textOf().includes('请填写答复内容'), 'the refusal');
    expect(calls('case').filter((c) => c.data.action === 'reply')).toEqual([{ name: 'case', data: { action: 'reply', caseId: 'c9' } }]);
    expect(textOf()).toContain('确认进展答复'); // still on the form
  });
});

describe('the workbench (staff subpackage)', () => {
  const textOf = () => page!.dom!.textContent!;
  beforeEach(() => {
    answers.staff = (e) =>
      e.action === 'me'
        ? {
            ok: true,
            data: {
              openid: 'o-rep',
              name: '李秀英',
              grants: [{ role: 'representative', countyId: 'qingxi', representativeId: 'rep-1' }],
              boxes: ['new', 'following', 'done'],
              cardCodes: ['QX0001'],
              regions: [],
            } satisfies Me,
          }
        : { ok: true, data: { items: [], total: 0, page: 1, pageSize: 20 } };
  });

  it('asks, from the 接收微信提醒 tap, for the subscriptions the person’s roles need', async () => {
    page = open('staff/workbench/index', {});
    await until(() => textOf().includes('接收微信提醒'), 'the subscribe button');
    expect(requestSubscribeMessage).not.toHaveBeenCalled(); // WeChat asks only from a tap
    const button = page.querySelectorAll('.btn').find((b) => b.dom!.textContent === '接收微信提醒');
    button!.dispatchEvent('tap');
    await until(() => textOf().includes('已开启'), 'the answer');
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
    // a representative hears of new requests, of closed cases and of the office's briefings (three: WeChat's most per request)
    expect(requestSubscribeMessage.mock.calls[0]![0].tmplIds).toEqual([
      testTemplateId('case_new'),
      testTemplateId('case_closed'),
      testTemplateId('briefing_new'),
    ]);
  });

  it('says the lists still work when the person refuses', async () => {
    subscribeAnswer = (ids) => Object.fromEntries(ids.map((id) => [id, 'reject']));
    try {
      page = open('staff/workbench/index', {});
      await until(() => textOf().includes('接收微信提醒'), 'the subscribe button');
      page
        .querySelectorAll('.btn')
        .find((b) => b.dom!.textContent === '接收微信提醒')!
        .dispatchEvent('tap');
      await until(() => textOf().includes('没有开启'), 'the answer');
    } finally {
      subscribeAnswer = (ids) => Object.fromEntries(ids.map((id) => [id, 'accept']));
    }
  });

  it('links a representative to the printable card of each of their cards', async () => {
    page = open('staff/workbench/index', {});
    await until(() => textOf().includes('打印我的联系卡（QX0001）'), 'the print link');
    page
      .querySelectorAll('.link')
      .find((l) => l.dom!.textContent!.includes('打印我的联系卡'))!
      .dispatchEvent('tap');
    await until(() => navigateTo.mock.calls.length > 0, 'a page change');
    expect(navigateTo.mock.calls[0]![0]).toMatchObject({ url: '/office/card/index?code=QX0001' });
  });
});

describe('the printable contact card (office subpackage)', () => {
  const CODE_URL = 'https://6c69-lianxin-test.tcb.qcloud.la/cards/release/QX0001.png?sign=x';
  const CODE_FILE = 'cloud://lianxin-test-0a1b2c.6c69-lianxin-test/cards/release/QX0001.png';
  beforeEach(() => {
    answers.card = (e) => (e.action === 'code' ? { ok: true, data: { cardCode: 'QX0001', url: CODE_URL, fileId: CODE_FILE } } : { ok: true, data: CARD });
  });

  it('shows the representative, the reception details and the card’s mini-program code, and saves the code to the album', async () => {
    page = open('office/card/index', { code: 'QX0001' });
    await until(() => page!.dom!.textContent!.includes('微信扫一扫'), 'the card');
    for (const text of ['党代表联系卡', '李秀英', '乡镇党代表', '13800000001', '张建国', '每月20日', '桃源村党群服务中心党代表工作室', 'QX0001'])
      expect(page.dom!.textContent).toContain(text);
    expect(calls('card').map((c) => c.data)).toEqual(
      expect.arrayContaining([
        { action: 'get', cardCode: 'QX0001' },
        { action: 'code', cardCode: 'QX0001' },
      ]),
    );
    // a native <image> keeps its src in the data Taro renders it from, not in the DOM
    expect(Object.values(taroNode(page, '.print-code-img'))).toContain(CODE_URL);

    page
      .querySelectorAll('.btn')
      .find((b) => b.dom!.textContent === '保存小程序码到相册')!
      .dispatchEvent('tap');
    await until(() => page!.dom!.textContent!.includes('已存到手机相册'), 'the saved code');
    // by its file id through cloud storage: no downloadFile legal domain is needed for a temporary address
    expect(cloudDownloadFile.mock.calls.at(-1)![0]).toMatchObject({ fileID: CODE_FILE });
    expect(downloadFile).not.toHaveBeenCalled();
    expect(saveImageToPhotosAlbum.mock.calls.at(-1)![0]).toMatchObject({ filePath: 'wxfile://tmp/QX0001.png' });
  });

  it('opens, from the office’s sheet of every card, the card whose code goes to the print shop', async () => {
    answers.card = () => ({
      ok: true,
      data: [
        { ...CARD, codeUrl: CODE_URL, codeFileId: CODE_FILE },
        { ...CARD, cardCode: 'QX0002', name: '张建国', codeUrl: CODE_URL, codeFileId: CODE_FILE },
      ],
    });
    page = open('office/cards/index', {});
    await until(() => page!.dom!.textContent!.includes('共 2 张联系卡'), 'the sheet');
    expect(page.dom!.textContent).toContain('点一张联系卡');
    page.querySelectorAll('.card-open')[1]!.dispatchEvent('tap');
    await until(() => navigateTo.mock.calls.length > 0, 'a page change');
    expect(navigateTo.mock.calls[0]![0]).toMatchObject({ url: '/office/card/index?code=QX0002' });
  });
});

describe('the organisation import (office subpackage), on the office’s phone', () => {
  it('uploads the picked workbook to the office’s own folder of cloud storage and imports it by file id', async () => {
    answers.resident = () => ({ ok: true, data: { photos: 'photos/1f2e3d4c5b6a7980', imports: 'imports/1f2e3d4c5b6a7980' } });
    answers.office = () => ({
      ok: true,
      data: { applied: false, finishing: false, counts: [{ sheet: '乡镇', added: 2, updated: 0, unchanged: 0 }], errors: [], invitations: [] },
    });
    page = open('office/import/index', {});
    await until(() => page!.dom!.textContent!.includes('选择文件'), 'the import page');
    page
      .querySelectorAll('.btn')
      .find((b) => (b.dom!.textContent ?? '').includes('选择文件'))!
      .dispatchEvent('tap');
    await until(() => calls('office').length > 0, 'the dry run');
    expect(cloudUploadFile.mock.calls.at(-1)![0]).toMatchObject({
      cloudPath: expect.stringMatching(/^imports\/1f2e3d4c5b6a7980\/\d+-\w+\.xlsx$/),
      filePath: 'wxfile://tmp/组织架构.xlsx',
    });
    const [{ data }] = calls('office').slice(-1) as Array<{ data: Record<string, unknown> }>;
    expect(data).toEqual({
      action: 'importOrganisation',
      fileName: '清溪县组织架构.xlsx',
      fileId: expect.stringMatching(/^cloud:\/\/.*\/imports\/1f2e3d4c5b6a7980\//),
      dryRun: true,
    });
    expect(JSON.stringify(data)).not.toContain('content');
  });
});

describe('the ledger (office subpackage), on the office’s phone', () => {
  it('opens the exported workbook downloaded by its file id', async () => {
    const FILE = 'cloud://lianxin-test-0a1b2c.6c69-lianxin-test/exports/0123456789abcdef0123456789abcdef.xlsx';
    answers.office = (e) =>
      e.action === 'exportLedger'
        ? {
            ok: true,
            data: { url: 'https://6c69-lianxin-test.tcb.qcloud.la/exports/x.xlsx?sign=x', fileId: FILE, fileName: '台账_2026-07-01_2026-11-20.xlsx', rows: 1 },
          }
        : { ok: true, data: { items: [], total: 1, page: 1, pageSize: 20 } };
    page = open('office/ledger/index', {});
    await until(() => page!.dom!.textContent!.includes('共 1 件'), 'the ledger');
    page
      .querySelectorAll('.btn')
      .find((b) => b.dom!.textContent === '导出Excel')!
      .dispatchEvent('tap');
    await until(() => openDocument.mock.calls.length > 0, 'the workbook opened');
    expect(cloudDownloadFile.mock.calls.at(-1)![0]).toMatchObject({ fileID: FILE });
    expect(openDocument.mock.calls.at(-1)![0]).toMatchObject({
      filePath: 'wxfile://tmp/0123456789abcdef0123456789abcdef.xlsx',
      fileType: 'xlsx',
      showMenu: true,
    });
    expect(downloadFile).not.toHaveBeenCalled();
  });
});

describe('the reception desk (staff subpackage), on the representative’s phone', () => {
  const DESK = {
    today: '2026-11-20',
    representative: { id: 'rep-1', name: '李秀英' },
    workrooms: [
      {
        id: 'ws-taoyuan',
        name: '桃源村党群服务中心党代表工作室',
        villageId: 'taoyuan',
        times: '每月20日 上午9:00—12:00',
        next: '2026-11-20',
        today: true,
        group: [
          { id: 'rep-1', name: '李秀英' },
          { id: 'rep-2', name: '张建国' },
        ],
        // the coming session's 接待前民意清单: one item the village gathered by hand
        list: {
          workroom: {
            id: 'ws-taoyuan',
            name: '桃源村党群服务中心党代表工作室',
            villageId: 'taoyuan',
            villageName: '桃源村',
            times: '每月20日 上午9:00—12:00',
            representativeNames: ['李秀英', '张建国'],
          },
          date: '2026-11-20',
          scheduled: true,
          receptionId: 'rc-ws-taoyuan-2026-11-20',
          lastSession: '2026-10-20',
          open: [],
          raised: [],
          items: [{ id: 'i1', text: '五组王婆婆想问高龄补贴怎么申请', residentName: '王婆婆', addedByName: '林国富', at: 0, caseId: null, caseNo: null }],
          canAdd: false,
          version: 1,
        },
      },
    ],
    villages: [{ id: 'taoyuan', name: '桃源村' }],
    logs: [],
  };
  const LOG = {
    _id: 'rc-ws-taoyuan-2026-11-20',
    kind: 'reception',
    date: '2026-11-20',
    villageName: '桃源村',
    workroomName: '桃源村党群服务中心党代表工作室',
    representativeIds: ['rep-1', 'rep-2'],
    representativeNames: ['李秀英', '张建国'],
    residents: 2,
    notes: '',
    caseIds: [],
  };
  beforeEach(() => {
    answers.staff = (e) =>
      e.action === 'receptionDesk'
        ? { ok: true, data: DESK }
        : e.action === 'logReception'
          ? { ok: true, data: LOG }
          : {
              ok: true,
              data: { id: 'c1', no: '202611200001', created: true, held: false, representativeName: '李秀英', expectedDueDate: '2026-12-01', next: '' },
            };
  });

  it('logs today’s session with the group and the residents counted, then enters a walk-in’s request', async () => {
    page = open('staff/reception/index', {});
    await until(() => page!.dom!.textContent!.includes('下次接待'), 'the workroom');
    expect(page.dom!.textContent).toContain('今天');
    // the village's list for the session opens the log
    expect(page.dom!.textContent).toContain('村里收集的民意（1条）');
    expect(page.dom!.textContent).toContain('五组王婆婆想问高龄补贴怎么申请');
    page
      .querySelectorAll('.chip')
      .find((c) => c.dom!.textContent === '张建国')!
      .dispatchEvent('tap');
    const more = page.querySelectorAll('.chip').find((c) => c.dom!.textContent === '＋')!;
    more.dispatchEvent('tap');
    more.dispatchEvent('tap');
    await until(() => page!.querySelector('.stepper-value')!.dom!.textContent === '2', 'two residents');
    page
      .querySelectorAll('.btn')
      .find((b) => b.dom!.textContent === '保存接待日志')!
      .dispatchEvent('tap');
    await until(() => page!.dom!.textContent!.includes('为群众登记诉求'), 'the request form');
    expect(calls('staff').find((c) => c.data.action === 'logReception')!.data).toEqual({
      action: 'logReception',
      kind: 'reception',
      workroomId: 'ws-taoyuan',
      date: '2026-11-20',
      representativeIds: ['rep-1', 'rep-2'],
      residents: 2,
    });

    await typeInto(page, '.textarea', '桃源村三组机耕道雨后积水');
    page
      .querySelectorAll('.btn')
      .find((b) => b.dom!.textContent === '登记并受理')!
      .dispatchEvent('tap');
    await until(() => page!.dom!.textContent!.includes('已登记 202611200001'), 'the entered request');
    expect(calls('staff').find((c) => c.data.action === 'enterRequest')!.data).toMatchObject({
      action: 'enterRequest',
      receptionId: 'rc-ws-taoyuan-2026-11-20',
      description: '桃源村三组机耕道雨后积水',
      category: 'other',
      consent: false,
    });
  });
});

describe('the village board’s 述职评议 (main package)', () => {
  const TALLY_LINES = [
    { rating: 'satisfied', text: '满意', count: 2 },
    { rating: 'basic', text: '基本满意', count: 1 },
    { rating: 'dissatisfied', text: '不满意', count: 0 },
  ];
  const evaluation = {
    id: 'ev-1',
    name: '2026年度述职评议',
    representative: { id: 'rep-1', name: '李秀英' },
    period: { from: '2026-01-01', to: '2026-11-15' },
    opensOn: '2026-11-16',
    closesOn: '2026-11-30',
    villages: [{ id: 'taoyuan', name: '桃源村' }],
    phase: 'open',
    phaseText: '评议中',
    report: { text: '今年接待群众四十多人次，跟踪办结了村口路灯的事。', figures: [{ label: '接待群众', value: '43' }], submittedOn: '2026-11-16' },
    result: null,
    openedByName: '县联系群众工作办公室',
    openedOn: '2026-11-16',
    howToVote: '请在11月30日前评议：选择满意、基本满意或不满意，也可以写几句意见。',
    ratings: TALLY_LINES.map(({ rating, text }) => ({ rating, text })),
    voted: false,
  };
  const published = {
    ...evaluation,
    id: 'ev-0',
    name: '2025年度述职评议',
    phase: 'published',
    phaseText: '已公布结果',
    howToVote: null,
    ratings: [],
    result: {
      satisfied: 2,
      basic: 1,
      dissatisfied: 0,
      satisfaction: { numerator: 3, denominator: 3, percent: 100 },
      votes: 3,
      satisfactionText: '100%',
      lines: TALLY_LINES,
      publishedOn: '2025-12-31',
    },
  };
  const board = (evaluations: object[]) => () => ({
    ok: true,
    data: { village: '桃源村', township: '青石镇', representatives: [CARD], evaluations, matters: [] },
  });
  const text = () => page!.dom!.textContent!;
  const voteButton = (label: string) => page!.querySelectorAll('.vote-btn .btn').find((b) => b.dom!.textContent!.trim() === label)!;
  const openBoard = async () => {
    page = open('pages/board/index', { village: 'taoyuan' });
    await until(() => text().includes('2026年度述职评议'), 'the evaluation');
  };

  it('shows the open evaluation’s report with three large buttons, and sends the tapped rating with the comment, once', async () => {
    answers.card = board([evaluation]);
    answers.evaluation = (e) => ({ ok: true, data: { evaluationId: e.evaluationId, rating: e.rating, ratingText: '基本满意', message: '评议已提交，谢谢您' } });
    await openBoard();
    expect(text()).toContain('今年接待群众四十多人次');
    expect(page!.querySelectorAll('.vote-btn .btn').map((b) => b.dom!.textContent!.trim())).toEqual(['满意', '基本满意', '不满意']);
    await typeInto(page!, '.vote .textarea', '路灯修得快');
    voteButton('基本满意').dispatchEvent('tap');
    await until(() => text().includes('评议已提交，谢谢您'), 'the thanks');
    expect(calls('evaluation')).toEqual([
      { name: 'evaluation', data: { action: 'vote', evaluationId: 'ev-1', villageId: 'taoyuan', rating: 'basic', comment: '路灯修得快' } },
    ]);
    // voted: the buttons are gone, so nobody taps twice
    expect(page!.querySelectorAll('.vote-btn')).toHaveLength(0);
  });

  it('shows the server’s refusal of a second vote in its own words, where the resident tapped', async () => {
    answers.card = board([evaluation]);
    answers.evaluation = () => ({ ok: false, error: { code: 'INVALID_STATE', message: '您已经评议过了，每人一次' } });
    await openBoard();
    voteButton('满意').dispatchEvent('tap');
    await until(() => text().includes('您已经评议过了，每人一次'), 'the refusal');
    expect(page!.querySelector('.vote .banner-error')).toBeDefined();
    expect(calls('evaluation')).toEqual([{ name: 'evaluation', data: { action: 'vote', evaluationId: 'ev-1', villageId: 'taoyuan', rating: 'satisfied' } }]);
  });

  it('says a resident has voted already, and shows a published result without buttons', async () => {
    answers.card = board([{ ...evaluation, voted: true }, published]);
    await openBoard();
    expect(text()).toContain('您已经评议过了，谢谢您');
    expect(text()).toContain('2025年度述职评议');
    expect(text()).toContain('3人评议，满意率 100%');
    expect(page!.querySelectorAll('.vote-btn')).toHaveLength(0);
    expect(page!.querySelector('.evaluation-result')).toBeDefined();
  });
});

describe('proposals (staff subpackage), on the representative’s phone', () => {
  const textOf = () => page!.dom!.textContent!;
  const proposal = (over: Partial<Proposal>): Proposal => ({
    _id: 'p1',
    countyId: 'qingxi',
    kind: 'motion',
    status: 'cosigning',
    title: '修缮桃源村三组机耕道',
    category: 'road',
    problem: '机耕道雨后积水',
    suggestion: '列入明年村道硬化计划',
    caseIds: [],
    photos: [],
    proposerId: 'rep-2',
    proposerName: '张建国',
    cosigners: [],
    no: null,
    window: null,
    rounds: 0,
    events: [{ at: Date.parse('2026-11-20T09:00:00+08:00'), action: 'edit', by: 'o-zhang', byName: '张建国' }],
    submittedAt: null,
    nextReminderAt: null,
    nextReminderKey: null,
    handling: null,
    reply: null,
    rating: null,
    review: null,
    createdAt: Date.parse('2026-11-20T09:00:00+08:00'),
    updatedAt: Date.parse('2026-11-20T09:00:00+08:00'),
    version: 1,
    ...over,
  });
  const tapButton = (text: string) =>
    page!
      .querySelectorAll('.btn')
      .find((b) => b.dom!.textContent === text)!
      .dispatchEvent('tap');

  it('drafts a 提议 with its title, category, problem and suggestion, then opens it', async () => {
    answers.proposal = (e) =>
      e.action === 'desk'
        ? { ok: true, data: { window: null, mine: [], circulating: [] } }
        : { ok: true, data: proposal({ _id: 'p-new', status: 'draft', proposerId: 'rep-1', proposerName: '李秀英' }) };
    page = open('staff/proposal/index', {});
    await until(() => textOf().includes('现在不在提案征集期'), 'the draft form');
    // no collection window: 提议 is the only kind offered
    expect(page.querySelectorAll('.chip').map((c) => c.dom!.textContent)).not.toContain('提案');
    await typeInto(page, '.proposal-title-input', '修缮桃源村三组机耕道');
    page
      .querySelectorAll('.chip')
      .find((c) => c.dom!.textContent === '道路交通')!
      .dispatchEvent('tap');
    await typeInto(page, '.proposal-problem', '机耕道雨后积水，农机下不了田');
    await typeInto(page, '.proposal-suggestion', '列入明年村道硬化计划');
    tapButton('保存草稿');
    await until(() => redirectTo.mock.calls.length > 0, 'the new proposal');
    expect(calls('proposal').find((c) => c.data.action === 'draft')!.data).toEqual({
      action: 'draft',
      kind: 'motion',
      title: '修缮桃源村三组机耕道',
      category: 'road',
      problem: '机耕道雨后积水，农机下不了田',
      suggestion: '列入明年村道硬化计划',
    });
    expect(redirectTo.mock.calls[0]![0]).toMatchObject({ url: '/staff/proposal/index?id=p-new' });
  });

  it('co-signs another representative’s proposal from the desk with one tap, and says so', async () => {
    let cosigners: Proposal['cosigners'] = [];
    answers.staff = () => ({
      ok: true,
      data: {
        openid: 'o-rep',
        name: '李秀英',
        grants: [{ role: 'representative', countyId: 'qingxi', representativeId: 'rep-1' }],
        boxes: [],
        cardCodes: [],
        regions: [],
      },
    });
    answers.proposal = (e) => {
      if (e.action === 'county') return { ok: false, error: { code: 'FORBIDDEN', message: '只有联系群众工作办公室和审查委员可以审查提案、提议' } };
      if (e.action === 'cosign') {
        cosigners = [{ representativeId: 'rep-1', name: '李秀英', at: Date.parse('2026-11-20T10:00:00+08:00') }];
        return { ok: true, data: proposal({ cosigners }) };
      }
      return { ok: true, data: { window: null, mine: [], circulating: [proposal({ cosigners })] } };
    };
    page = open('staff/proposals/index', {});
    await until(() => textOf().includes('修缮桃源村三组机耕道'), 'the circulating proposal');
    expect(textOf()).toContain('张建国提出 · 附议0位');
    expect(textOf()).not.toContain('提交审查的提议提案'); // not on the committee: no review list
    tapButton('附议');
    await until(() => textOf().includes('您已附议'), 'the co-signature');
    expect(calls('proposal').filter((c) => c.data.action === 'cosign')).toEqual([{ name: 'proposal', data: { action: 'cosign', proposalId: 'p1' } }]);
    expect(textOf()).toContain('附议1位');
  });
});

describe('the echo wall (回音墙, main package)', () => {
  const text = () => page!.dom!.textContent!;
  const wall = (items: object[]) => ({
    ok: true,
    data: {
      items,
      total: items.length,
      page: 1,
      pageSize: 20,
      village: { id: 'taoyuan', name: '桃源村', townshipName: '青石镇' },
      replyWorkingDays: 7,
      replyByText: '村(社区)',
    },
  });
  const post = {
    id: 'w1',
    no: '2026-00001',
    villageName: '桃源村',
    text: '文化广场的路灯晚上七点就关了',
    postedOn: '2026-11-02',
    dueDate: '2026-11-11',
    status: 'replied',
    statusText: '已回复',
    reply: { text: '路灯改到晚上十点关', unitName: '桃源村村委会', repliedOn: '2026-11-13', workingDays: 9 },
    late: true,
    lateText: '逾期',
    caseNo: '202611130001',
  };

  it('opens the village from the wall code’s scene and shows each post with its reply, the days it took, 逾期 and the case it became', async () => {
    answers.wall = () => wall([post]);
    page = open('pages/wall/index', { scene: encodeURIComponent('qingxi:taoyuan') });
    await until(() => text().includes('文化广场的路灯'), 'the post');
    expect(calls('wall')[0]).toEqual({ name: 'wall', data: { action: 'list', villageId: 'qingxi:taoyuan', page: 1, pageSize: 20 } });
    expect(text()).toContain('桃源村村委会回复：');
    expect(text()).toContain('用了9个工作日，超过了答复期限');
    expect(page.querySelector('.late-mark')!.dom!.textContent).toContain('逾期');
    expect(text()).toContain('已转为事项 202611130001');
    expect(text()).toContain('不用留姓名和电话');
  });

  it('posts the one field the resident wrote, and says in the API’s words that a held post waits for review', async () => {
    answers.wall = (e) =>
      e.action === 'post'
        ? { ok: true, data: { id: 'w2', no: '2026-00002', held: true, next: '您的留言需要工作人员先核对一下，核对后会公开在回音墙上。' } }
        : wall([]);
    page = open('pages/wall/index', { village: 'taoyuan' });
    await until(() => text().includes('回音墙上还没有留言'), 'the empty wall');
    await typeInto(page, '.wall-form .textarea', '村口垃圾桶没人清运');
    page.querySelector('.wall-form .btn-primary')!.dispatchEvent('tap');
    await until(() => text().includes('核对后会公开在回音墙上'), 'the review notice');
    expect(calls('wall').filter((c) => c.data.action === 'post')).toEqual([
      { name: 'wall', data: { action: 'post', villageId: 'taoyuan', text: '村口垃圾桶没人清运' } },
    ]);
  });
});

describe('a matter put to the village, on its board (main package)', () => {
  const text = () => page!.dom!.textContent!;
  const matter = {
    id: 'mt1',
    title: '道路硬化集资',
    body: '村口到小学的道路硬化，每人集资200元',
    kind: 'approval',
    kindText: '表决',
    mode: 'vote',
    modeText: '网上投票',
    options: [
      { index: 0, text: '同意' },
      { index: 1, text: '不同意' },
    ],
    opensOn: '2026-11-16',
    closesOn: '2026-11-30',
    villages: [{ id: 'taoyuan', name: '桃源村' }],
    publisher: '青石镇',
    putOn: '2026-11-16',
    phase: 'open',
    phaseText: '征求意见中',
    thresholdText: '三分之二',
    meeting: null,
    result: null,
    howTo: '请在11月30日前投票',
    voted: false,
  };
  const option = (label: string) => page!.querySelectorAll('.matter-vote .btn').find((b) => b.dom!.textContent!.trim() === label)!;

  it('asks to confirm the tapped option, then sends it once and thanks the resident', async () => {
    answers.card = () => ({ ok: true, data: { village: '桃源村', township: '青石镇', representatives: [], evaluations: [], matters: [matter] } });
    answers.matter = () => ({ ok: true, data: { matterId: 'mt1', option: '同意', message: '投票已提交，谢谢您' } });
    page = open('pages/board/index', { village: 'taoyuan' });
    await until(() => text().includes('道路硬化集资'), 'the matter');
    option('同意').dispatchEvent('tap');
    await until(() => text().includes('您选的是「同意」'), 'the confirmation');
    expect(calls('matter')).toEqual([]);
    option('确定投票').dispatchEvent('tap');
    await until(() => text().includes('投票已提交，谢谢您'), 'the thanks');
    expect(calls('matter')).toEqual([{ name: 'matter', data: { action: 'vote', matterId: 'mt1', villageId: 'taoyuan', option: 0 } }]);
    expect(page!.querySelectorAll('.matter-vote .btn')).toHaveLength(0);
  });

  it('shows the API’s refusal of a second vote in its words', async () => {
    answers.card = () => ({ ok: true, data: { village: '桃源村', township: '青石镇', representatives: [], evaluations: [], matters: [matter] } });
    answers.matter = () => ({ ok: false, error: { code: 'INVALID_STATE', message: '您已经投过票了，每人一次' } });
    page = open('pages/board/index', { village: 'taoyuan' });
    await until(() => text().includes('道路硬化集资'), 'the matter');
    option('不同意').dispatchEvent('tap');
    await until(() => text().includes('您选的是「不同意」'), 'the confirmation');
    option('确定投票').dispatchEvent('tap');
    await until(() => text().includes('您已经投过票了，每人一次'), 'the refusal');
    expect(page!.querySelector('.matter-vote .banner-error')).toBeDefined();
  });
});
