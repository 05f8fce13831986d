/**
 * The production messenger: every delivery goes into the in-app message centre first (it is the
 * record, and what a resident without subscriptions reads), then out as a WeChat subscribe
 * message through `cloud.openapi.subscribeMessage.send` when the deployment has a template for
 * its kind. 43101 (the person has no subscription left) is not a failure: it is reported, never
 * retried. Any other refusal (47003 a keyword WeChat rejects, system errors) throws, so the
 * outbox retries it and finally lists it for the office.
 */
import type { Deployment } from '../../../config/deployment';
import type { Log, Messenger } from '../../server/ctx';
import { subscribePayload, type SubscribePayload } from '../../server/subscribe';

/** The part of wx-server-sdk's `cloud.openapi` used here. */
export interface SubscribeApi {
  subscribeMessage: { send(payload: SubscribePayload): Promise<unknown> };
}

export const NOT_SUBSCRIBED = 43101;

/** wx-server-sdk rejects with `{ errCode, errMsg }` (a CloudSDKError). */
const failure = (err: unknown) => {
  const e = (err ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  return { code: typeof e.errCode === 'number' ? e.errCode : null, message: String(e.errMsg ?? e.message ?? err) };
};

export function weChatMessenger(
  centre: Messenger,
  openapi: SubscribeApi,
  deployment: Pick<Deployment, 'templates' | 'keywords' | 'miniprogramState'> & Partial<Pick<Deployment, 'longTermSubscribe'>>,
  log: Log,
): Messenger {
  return {
    longTerm: deployment.longTermSubscribe ?? false,
    async deliver(delivery, options) {
      await centre.deliver(delivery);
      const payload = options?.push === false ? null : subscribePayload(delivery, deployment);
      if (!payload) return 'delivered';
      try {
        await openapi.subscribeMessage.send(payload);
        return 'pushed';
      } catch (err) {
        const { code, message } = failure(err);
        if (code === NOT_SUBSCRIBED) {
          log.info('subscribe message not sent: no subscription left', { to: delivery.to, kind: delivery.kind, caseId: delivery.caseId });
          return 'unsubscribed';
        }
        throw new Error(`subscribeMessage.send ${code ?? 'failed'}: ${message}`);
      }
    },
  };
}
