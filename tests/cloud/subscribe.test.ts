/**
 * WeChat subscribe messages, through the production wiring: the real wx-server-sdk's
 * `cloud.openapi.subscribeMessage.send`, its protobuf and HTTP, to a loopback gateway that
 * answers as WeChat does. Data in the embedded store; a fixed clock.
 */
import * as cloud from 'wx-server-sdk';
import type { Deployment } from '../../config/deployment';
import { deploymentFrom, TEMPLATE_NAMES } from '../../config/deployment';
import { RULES } from '../../config/rules';
import { TEMPLATE_FOR, TEMPLATES } from '../../config/subscribe';
import type { Delivery, MessageKind, OutboxEntry } from '../../types/domain';
import { weChatMessenger, type SubscribeApi } from '../../src/runtime/cloudbase/messenger';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { getById } from '../../src/server/store';
import { fieldType, fitField, subscribePayload } from '../../src/server/subscribe';
import { messageCentre } from '../../src/server/usecases/outbox';
import { expectLoggedError, FixedClock, MONDAY_9AM, quietLog, REP_LI, submission, WANG } from '../harness';
import { startWeChatGateway, type WeChatGateway } from './wechat-gateway';

const MINUTE = 60_000;
const KINDS = Object.keys(TEMPLATE_FOR) as MessageKind[];
const templateId = (name: string) => `tpl-${name.replace(/_/g, '-')}-0123456789abcdef`;
const DEPLOYMENT: Pick<Deployment, 'templates' | 'keywords' | 'miniprogramState'> = {
  miniprogramState: 'formal',
  templates: Object.fromEntries(TEMPLATE_NAMES.map((n) => [n, templateId(n)])),
  keywords: deploymentFrom({}).keywords,
};
const chars = (s: string) => [...s].length;

/** WeChat's documented limits per keyword type (订阅消息 参数值内容限制). */
function withinLimits(key: string, value: string): boolean {
  switch (fieldType(key)) {
    case 'thing':
      return chars(value) >= 1 && chars(value) <= 20;
    case 'phrase':
      return /^[\u4e00-\u9fa5]{1,5}$/.test(value);
    case 'character_string':
      return /^[\x21-\x7e]{1,32}$/.test(value);
    case 'time':
      return /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/.test(value);
    default:
      return false;
  }
}

const delivery = (kind: MessageKind, over: Partial<Delivery> = {}): Delivery => ({
  _id: `m-${kind}`,
  entryId: `e-${kind}`,
  to: 'oResident-wang',
  kind,
  caseId: 'c1',
  caseNo: '202611230001',
  title: '您反映的“村口到小学的路灯坏了两个月”有新进展，请留意',
  body: '  青石镇村镇建设服务中心已派人到现场查看，\n计划本周内更换全部损坏的路灯，届时请您留意。',
  page: '/pages/case/index?id=c1',
  createdAt: MONDAY_9AM,
  ...over,
});

describe('fitting keywords to WeChat’s rules', () => {
  it('cuts a thing to 20 characters with an ellipsis, on one line', () => {
    const v = fitField('thing3', '青石镇村镇建设服务中心已派人到现场查看，\n计划本周内更换全部损坏的路灯');
    expect(chars(v)).toBe(20);
    expect(v.endsWith('…')).toBe(true);
    expect(v).not.toContain('\n');
  });

  it('keeps a phrase to five Chinese characters and nothing else', () => {
    expect(fitField('phrase2', '延期已审批（同意）')).toBe('延期已审批');
    expect(fitField('phrase2', 'OK 已办结!')).toBe('已办结');
  });

  it('strips what a character_string may not hold and keeps 32', () => {
    expect(fitField('character_string1', '事项 202611230001')).toBe('202611230001');
    expect(fitField('character_string1', 'x'.repeat(40))).toHaveLength(32);
  });

  it('never sends an empty value, which WeChat refuses', () => {
    expect(fitField('thing4', '   ')).toBe('无');
    expect(fitField('phrase2', 'abc')).toBe('无');
  });

  it('refuses a keyword type it does not know how to fit', () => {
    expect(() => fitField('amount3', '1')).toThrow(/unsupported type amount/);
  });

  it('sends nothing for a kind whose template the deployment has not set', () => {
    expect(subscribePayload(delivery('case_progress'), { ...DEPLOYMENT, templates: {} })).toBeNull();
  });

  it('fills the keywords as the deployment numbers them, for a template that numbers its own', () => {
    const keywords = { ...DEPLOYMENT.keywords, case_progress: { character_string3: 'caseNo', phrase1: 'status', thing5: 'body', time2: 'time' } as const };
    const p = subscribePayload(delivery('case_progress'), { ...DEPLOYMENT, keywords })!;
    expect(Object.keys(p.data).sort()).toEqual(['character_string3', 'phrase1', 'thing5', 'time2']);
    expect(
      deploymentFrom({ LIANXIN_TEMPLATE_CASE_PROGRESS_KEYWORDS: 'character_string3:caseNo, phrase1:status,thing5:body,time2:time' }).keywords.case_progress,
    ).toEqual(keywords.case_progress);
    expect(() => deploymentFrom({ LIANXIN_TEMPLATE_CASE_PROGRESS_KEYWORDS: 'thing5:reply' })).toThrow(
      /LIANXIN_TEMPLATE_CASE_PROGRESS_KEYWORDS: thing5:reply takes one of caseNo, title, body, time, status/,
    );
  });

  it('fills every keyword of every template within WeChat’s limits', () => {
    for (const name of TEMPLATE_NAMES)
      for (const key of Object.keys(TEMPLATES[name].fields)) expect(['thing', 'phrase', 'character_string', 'time']).toContain(fieldType(key));
    for (const kind of KINDS) {
      const p = subscribePayload(delivery(kind), DEPLOYMENT)!;
      for (const [key, { value }] of Object.entries(p.data)) expect([kind, key, value, withinLimits(key, value)]).toEqual([kind, key, value, true]);
    }
  });
});

describe('subscribeMessage.send through wx-server-sdk', () => {
  let gateway: WeChatGateway;
  let rt: LocalRuntime;
  let clock: FixedClock;
  beforeEach(async () => {
    gateway = await startWeChatGateway();
    cloud.init({ env: 'lianxin-test-0a1b2c' });
    clock = new FixedClock(MONDAY_9AM);
    rt = await openLocalRuntime({
      clock,
      log: quietLog,
      messenger: (db) => weChatMessenger(messageCentre({ db }), cloud.openapi as unknown as SubscribeApi, DEPLOYMENT, quietLog),
    });
  });
  afterEach(async () => {
    await rt.close();
    await gateway.close();
  });

  const sends = () => gateway.calls.filter((c) => c.api === 'subscribeMessage.send');
  const entry = async (id: string) => (await getById<OutboxEntry>(rt.db, 'outbox', id))!;
  const inbox = async (openid: string) => (await rt.call('messages', { action: 'list' }, openid)) as { ok: true; data: { total: number } };

  it('sends every kind of message in WeChat’s documented shape, opening its case', async () => {
    const messenger = weChatMessenger(messageCentre({ db: rt.db }), cloud.openapi as unknown as SubscribeApi, DEPLOYMENT, quietLog);
    for (const kind of KINDS) expect(await messenger.deliver(delivery(kind, { _id: `m-${kind}` }))).toBe('pushed');
    expect(sends()).toHaveLength(KINDS.length);
    sends().forEach((call, i) => {
      const kind = KINDS[i]!;
      const name = TEMPLATE_FOR[kind];
      // the HTTP API's body: snake_case, as https://api.weixin.qq.com/cgi-bin/message/subscribe/send takes it
      expect(Object.keys(call.data).sort()).toEqual(['data', 'lang', 'miniprogram_state', 'page', 'template_id', 'touser']);
      expect(call.data).toMatchObject({
        touser: 'oResident-wang',
        template_id: templateId(name),
        page: 'pages/case/index?id=c1',
        miniprogram_state: 'formal',
        lang: 'zh_CN',
      });
      const data = call.data.data as Record<string, { value: string }>;
      expect(Object.keys(data).sort()).toEqual(Object.keys(TEMPLATES[name].fields).sort());
      for (const [key, { value }] of Object.entries(data)) expect(withinLimits(key, value)).toBe(true);
      // a case's templates show its number; a briefing's (which has none), its title
      if (Object.values(TEMPLATES[name].fields).includes('caseNo')) expect(data.character_string1!.value).toBe('202611230001');
      else expect(data.thing1!.value).toBe(fitField('thing1', delivery(kind).title));
      expect(Object.values(data).map((d) => d.value)).toContain('2026年11月23日 09:00');
    });
  });

  it('tells the representative of a new case in WeChat and in the message centre', async () => {
    const { data } = (await rt.call('resident', submission(), WANG)) as { ok: true; data: { id: string; no: string } };
    await rt.deliver();
    expect(sends()).toEqual([
      {
        api: 'subscribeMessage.send',
        data: expect.objectContaining({ touser: REP_LI, template_id: templateId('case_new'), page: `pages/case/index?id=${data.id}` }),
      },
    ]);
    expect((sends()[0]!.data.data as Record<string, { value: string }>).character_string1!.value).toBe(data.no);
    expect((await inbox(REP_LI)).data.total).toBe(1);
    expect((await entry(`${data.id}-1-1`)).status).toBe('sent');
  });

  it('records 43101 (no subscription left), keeps the message in-app and never retries it', async () => {
    gateway.answer('subscribeMessage.send', () => ({ json: { errcode: 43101, errmsg: 'user refuse to accept the msg rid: 6745f1e2-1a2b' } }));
    const { data } = (await rt.call('resident', submission(), WANG)) as { ok: true; data: { id: string } };
    await rt.deliver();
    const e = await entry(`${data.id}-1-1`);
    expect([e.status, e.deliveredTo, e.unsubscribed, e.lastError]).toEqual(['sent', [REP_LI], [REP_LI], null]);
    expect((await inbox(REP_LI)).data.total).toBe(1);
    for (const wait of [0, ...RULES.delivery.retryMinutes]) {
      clock.advance(wait * MINUTE);
      await rt.deliver();
    }
    expect(sends()).toHaveLength(1);
  });

  it('retries 47003 (a keyword WeChat refuses) after its back-off without a second in-app message', async () => {
    gateway.answer('subscribeMessage.send', () => ({ json: { errcode: 47003, errmsg: 'argument invalid! data.thing2.value exceeds limit' } }));
    const { data } = (await rt.call('resident', submission(), WANG)) as { ok: true; data: { id: string } };
    await rt.deliver();
    let e = await entry(`${data.id}-1-1`);
    expect([e.status, e.nextAttemptAt, e.deliveredTo]).toEqual(['failed', MONDAY_9AM + RULES.delivery.retryMinutes[0]! * MINUTE, []]);
    expect(e.lastError).toMatch(/^subscribeMessage.send 47003: .*data\.thing2\.value exceeds limit/);
    expect((await inbox(REP_LI)).data.total).toBe(1); // the message centre has it already

    gateway.answer('subscribeMessage.send', () => ({ json: { errcode: 0, errmsg: 'ok', msgid: 2000000001 } }));
    clock.advance(RULES.delivery.retryMinutes[0]! * MINUTE);
    await rt.deliver();
    e = await entry(`${data.id}-1-1`);
    expect([e.status, e.attempts, e.deliveredTo]).toEqual(['sent', 2, [REP_LI]]);
    expect(sends()).toHaveLength(2);
    expect((await inbox(REP_LI)).data.total).toBe(1);
  });

  it('ends in the office’s dead-letter list when WeChat keeps failing', async () => {
    gateway.answer('subscribeMessage.send', () => ({ json: { errcode: -1, errmsg: 'system error' } }));
    const { data } = (await rt.call('resident', submission(), WANG)) as { ok: true; data: { id: string } };
    for (const wait of [0, ...RULES.delivery.retryMinutes]) {
      clock.advance(wait * MINUTE);
      await rt.deliver();
    }
    const e = await entry(`${data.id}-1-1`);
    expect([e.status, e.attempts]).toEqual(['dead', RULES.delivery.retryMinutes.length + 1]);
    expect(e.lastError).toMatch(/system error/);
    expectLoggedError(/outbox delivery failed .*"status":"dead"/);
  });
});
