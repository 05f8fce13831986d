/**
 * Production wiring: the caller comes from the WeChat context the real wx-server-sdk reads from
 * the environment (WX_CONTEXT_KEYS / WX_OPENID…), and the dev sign-in refuses to run there.
 */
import * as cloud from 'wx-server-sdk';
import { callerFromWeChat, cloudCtx, fromClient } from '../../src/runtime/cloudbase/main';
import { assertLocalOnly } from '../../src/runtime/local/server';
import { FUNCTIONS } from '../../src/runtime/local/functions';
import { mediaCheckPush } from '../fixtures';
import { pseudonymFromEnvironment, pseudonymWith } from '../../src/server/pseudonym';

const KEYS = ['WX_CONTEXT_KEYS', 'WX_OPENID', 'WX_APPID', 'TCB_SOURCE', 'TENCENTCLOUD_RUNENV', 'TENCENTCLOUD_REGION', 'SCF_NAMESPACE', 'LIANXIN_PSEUDONYM_KEY'];
let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
});
afterEach(() => {
  for (const k of KEYS)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});

function wechatCall(openid: string, source = 'wx_client') {
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID';
  process.env.WX_OPENID = openid;
  process.env.WX_APPID = 'wx0000000000000000';
  process.env.TCB_SOURCE = source;
  // inside a function, as in production: the SDKs skip probing the cloud metadata service
  process.env.TENCENTCLOUD_RUNENV = 'SCF';
  process.env.TENCENTCLOUD_REGION = 'ap-shanghai';
  process.env.SCF_NAMESPACE = 'lianxin-test-0a1b2c';
  // as npm run deploy sets it on every function (cloudbaserc.json envVariables)
  process.env.LIANXIN_PSEUDONYM_KEY = '0f'.repeat(32);
}

describe('caller resolution on CloudBase', () => {
  it('reads the caller openid from the WeChat context', () => {
    wechatCall('oUser-123');
    expect(callerFromWeChat(cloud as never)).toEqual({ openid: 'oUser-123' });
  });

  it('has no caller for a timer trigger or outside WeChat', () => {
    wechatCall('oUser-123', 'wx_trigger');
    expect(callerFromWeChat(cloud as never)).toBeNull();
    delete process.env.WX_CONTEXT_KEYS;
    expect(callerFromWeChat(cloud as never)).toBeNull();
  });

  it('builds each function’s ctx from the real SDKs, with the WeChat caller', async () => {
    wechatCall('oUser-456');
    const ctx = cloudCtx();
    expect(ctx.caller).toEqual({ openid: 'oUser-456' });
    expect(typeof ctx.db.collection('cases').where).toBe('function');
    expect(typeof ctx.db.command.inc).toBe('function');
    // pseudonyms keyed from the function's environment: the same identity, the same pseudonym; not its plain hash
    expect(ctx.platform.pseudonym('wall-limit', 'oUser-456')).toMatch(/^[0-9a-f]{32}$/);
    expect(ctx.platform.pseudonym('wall-limit', 'oUser-456')).toBe(pseudonymWith(Buffer.from('0f'.repeat(32), 'hex'))('wall-limit', 'oUser-456'));
    // a user calling a timer function is a caller, and refused; its trigger is not
    expect(await FUNCTIONS.get('deliver')!.handler({}, cloudCtx())).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '定时任务不能手动调用' } });
    wechatCall('oUser-456', 'wx_trigger');
    expect(cloudCtx().caller).toBeNull();
  });

  it('refuses a mini-program calling the message-push function media with a made-up answer', async () => {
    const push = mediaCheckPush('trace-forged');
    for (const source of ['wx_client', 'wx_devtools', 'wx_client,scf']) {
      wechatCall('oAttacker', source);
      expect(fromClient(cloud as never)).toBe(true);
      expect(await FUNCTIONS.get('media')!.handler(push, { ...cloudCtx(), db: undefined as never })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: '消息推送不能手动调用' },
      });
    }
    // WeChat's own push (no client source) is taken
    wechatCall('o-platform', 'wx_unknown');
    expect(fromClient(cloud as never)).toBe(false);
  });

  it('refuses the dev sign-in anywhere a WeChat or cloud context exists', () => {
    expect(() => assertLocalOnly({})).not.toThrow();
    expect(() => assertLocalOnly({ WX_CONTEXT_KEYS: 'WX_OPENID' })).toThrow(/local only/);
    expect(() => assertLocalOnly({ TENCENTCLOUD_RUNENV: 'SCF' })).toThrow(/local only/);
    expect(() => assertLocalOnly({ NODE_ENV: 'production' })).toThrow(/local only/);
  });
});

it('refuses to make a pseudonym without a key of 64 hex digits, naming the variable to set', () => {
  for (const env of [{}, { LIANXIN_PSEUDONYM_KEY: 'short' }, { LIANXIN_PSEUDONYM_KEY: 'zz'.repeat(32) }])
    expect(() => pseudonymFromEnvironment(env)('wall-limit', 'oUser-456')).toThrow(/LIANXIN_PSEUDONYM_KEY/);
  // two keys, two pseudonyms: none can be worked out without the key
  const a = pseudonymFromEnvironment({ LIANXIN_PSEUDONYM_KEY: '0f'.repeat(32) })('wall-limit', 'oUser-456');
  const b = pseudonymFromEnvironment({ LIANXIN_PSEUDONYM_KEY: 'f0'.repeat(32) })('wall-limit', 'oUser-456');
  expect(a).not.toBe(b);
});
