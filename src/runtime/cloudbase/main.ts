/**
 * Production wiring: a cloud function's `main` on CloudBase. The database is the real
 * @cloudbase/node-sdk object (the code is written against its API), the caller comes from the
 * WeChat context wx-server-sdk reads. The SDKs are required lazily so the local runtime never
 * loads them.
 */
import { currentDeployment } from '../../../config/deployment';
import { RULES } from '../../../config/rules';
import type { Database } from '../../../types/db';
import type { Ctx } from '../../server/ctx';
import { consoleLog } from '../../server/ctx';
import type { CloudFunction } from '../../server/handler';
import { messageCentre } from '../../server/usecases/outbox';
import { weChatMessenger, type SubscribeApi } from './messenger';
import { cloudPlatform, type SecurityApi, type StorageApi, type WxaCodeApi } from './platform';
import { pseudonymFromEnvironment, pseudonymKeyProblem } from '../../server/pseudonym';

interface WxServerSdk {
  init(options: { env: unknown }): void;
  DYNAMIC_CURRENT_ENV: unknown;
  getWXContext(): { OPENID?: string; APPID?: string; UNIONID?: string; SOURCE?: string };
  openapi: SubscribeApi & WxaCodeApi & SecurityApi;
}

/** What a warm function instance builds once: the SDKs and what is wired from them. */
let wired: { cloud: WxServerSdk; services: Omit<Ctx, 'caller' | 'clock' | 'fromClient'> } | undefined;

function warmInstance() {
  if (!wired) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk') as WxServerSdk;
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tcb = require('@cloudbase/node-sdk');
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
    const db = app.database() as Database;
    const deployment = currentDeployment();
    // votes and wall posts fail without the key: say so once per instance, where the console shows it
    const keyProblem = pseudonymKeyProblem(process.env);
    if (keyProblem) consoleLog.error(`${keyProblem} on this function: votes and wall posts will fail (npm run deploy sets it from .env.local)`);
    wired = {
      cloud,
      services: {
        db,
        messenger: weChatMessenger(messageCentre({ db }), cloud.openapi, deployment, consoleLog),
        platform: cloudPlatform(cloud.openapi, app as StorageApi, deployment, pseudonymFromEnvironment(process.env)),
        log: consoleLog,
        rules: RULES,
      },
    };
  }
  return wired;
}

/**
 * Whether WeChat's context says the call came from a mini-program: `wx_client` (a phone),
 * `wx_devtools` or `wx_localdebug` (DevTools). Timers (`wx_trigger`), message push and invocations
 * through the Tencent Cloud API are not (getWXContext.SOURCE:
 * https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/utils/Cloud.getWXContext.html).
 */
export function fromClient(cloud: Pick<WxServerSdk, 'getWXContext'>): boolean {
  // a chain (`wx_client,scf`) starts where the call began
  const first = (cloud.getWXContext().SOURCE ?? '').split(',')[0];
  return first === 'wx_client' || first === 'wx_devtools' || first === 'wx_localdebug';
}

/** The caller of this invocation from the WeChat context (null for timer triggers). */
export function callerFromWeChat(cloud: Pick<WxServerSdk, 'getWXContext'>): { openid: string } | null {
  const { OPENID, SOURCE } = cloud.getWXContext();
  if (!OPENID || SOURCE === 'wx_trigger') return null;
  return { openid: OPENID };
}

export function cloudCtx(): Ctx {
  const { cloud, services } = warmInstance();
  return {
    ...services,
    // a timer trigger has no caller; anyone else calling a timer function is refused by it
    caller: callerFromWeChat(cloud),
    fromClient: fromClient(cloud),
    clock: { now: () => Date.now() },
  };
}

/** `exports.main` of a deployed function. */
export function cloudMain(fn: CloudFunction) {
  // an http function answers CloudBase's HTTP access with the response itself ({ statusCode, headers, body })
  return (event: unknown) => (fn.http ? fn.http(event, cloudCtx()) : fn.handler(event, cloudCtx()));
}
