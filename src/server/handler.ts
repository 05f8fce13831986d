/**
 * The one handler shape every cloud function uses: validate the event, resolve the caller,
 * call a use case, answer `{ ok: true, data }` or `{ ok: false, error }` with a Chinese message.
 */
import type { z } from 'zod';
import type { ApiResult } from '../../types/api';
import type { Ctx } from './ctx';
import { AppError } from './errors';
import { describeIssues } from './validate';
import { isMissingCollection } from './store';

/** One action of a function: its input schema and its use case, whose types make the pages' contract (services/api.ts). */
export interface Action<S extends z.ZodType, R = unknown> {
  input: S;
  run(ctx: Ctx, input: z.output<S>): Promise<R>;
}

/** Pairs a schema with its use case, keeping the input and answer types. */
export function action<S extends z.ZodType, R>(input: S, run: (ctx: Ctx, input: z.output<S>) => Promise<R>): Action<S, R> {
  return { input, run };
}

export type Handler = (event: unknown, ctx: Ctx) => Promise<ApiResult<unknown>>;

export interface CloudFunction<A extends Readonly<Record<string, Action<z.ZodType>>> = Readonly<Record<string, Action<z.ZodType>>>> {
  name: string;
  handler: Handler;
  /**
   * timer functions are run by their trigger, push functions by WeChat's message push (消息推送) and
   * http functions by CloudBase's HTTP access service, never called from the pages
   */
  kind: 'callable' | 'timer' | 'push' | 'http';
  /** the actions a callable function answers, with their input schemas */
  actions: A;
  /** an http function's answer to an HTTP access event (what its `main` returns) */
  http?: (event: unknown, ctx: Ctx) => Promise<HttpResponse>;
}

/**
 * What CloudBase's HTTP access service (HTTP 访问服务) hands a function for a request (集成请求),
 * and what it turns back into the HTTP response (集成响应):
 * https://docs.cloudbase.net/service/access-cloud-function
 */
export interface HttpEvent {
  path: string;
  httpMethod: string;
  headers?: Record<string, string>;
  queryStringParameters?: Record<string, string> | null;
  body?: string;
  isBase64Encoded?: boolean;
}
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** An HTTP request as an http function's use case reads it: the method, the path and each query parameter once. */
export interface HttpAsk {
  method: string;
  path: string;
  query: Readonly<Record<string, string | undefined>>;
  /**
   * where it was asked, `https://host[:port]` (the scheme from `x-forwarded-proto`, https unless it
   * says otherwise; the local server says http), for making a path absolute; null without a usable host
   */
  origin: string | null;
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The origin a request was asked at, from its headers, or null. */
export function originOf(headers: unknown): string | null {
  const h = headers && typeof headers === 'object' ? (headers as Record<string, unknown>) : {};
  const host = typeof h.host === 'string' ? h.host.trim() : '';
  const proto = typeof h['x-forwarded-proto'] === 'string' ? h['x-forwarded-proto'].split(',')[0]!.trim().toLowerCase() : 'https';
  return HOST.test(host) && (proto === 'http' || proto === 'https') ? `${proto}://${host.toLowerCase()}` : null;
}

/** The request an HTTP access event carries; anything that is not one asks for no path (and finds nothing). */
export function httpAsk(event: unknown): HttpAsk {
  const e = (event && typeof event === 'object' ? event : {}) as Partial<Record<keyof HttpEvent, unknown>>;
  const params = e.queryStringParameters && typeof e.queryStringParameters === 'object' ? (e.queryStringParameters as Record<string, unknown>) : {};
  const query: Record<string, string> = {};
  // a parameter given twice arrives as its values joined, or as a list
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' || Array.isArray(v)) query[k] = [v].flat().map(String).join(',');
  return {
    method: typeof e.httpMethod === 'string' ? e.httpMethod.toUpperCase() : 'GET',
    path: typeof e.path === 'string' ? e.path : '',
    query,
    origin: originOf(e.headers),
  };
}

/**
 * A function CloudBase's HTTP access service runs for public, read-only requests: there is no
 * caller; the use case answers a status and a JSON body (on failure, `failed(500)` as its error
 * shape). Anyone may read it from anywhere (CORS `*`), GET and HEAD only.
 */
export function defineHttp(
  name: string,
  serve: (ctx: Ctx, ask: HttpAsk) => Promise<{ status: number; body: unknown }>,
  failed: (status: number) => unknown,
): CloudFunction {
  const http = async (event: unknown, ctx: Ctx): Promise<HttpResponse> => {
    const ask = httpAsk(event);
    let answer: { status: number; body: unknown };
    try {
      answer = await serve(ctx, ask);
    } catch (err) {
      ctx.log.error('handler failed', { fn: name, error: err instanceof Error ? err.stack : String(err) });
      answer = { status: 500, body: failed(500) };
    }
    return {
      statusCode: answer.status,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'access-control-allow-origin': '*',
        'cache-control': answer.status === 200 ? 'public, max-age=60' : 'no-store',
      },
      body: ask.method === 'HEAD' ? '' : JSON.stringify(answer.body),
      isBase64Encoded: false,
    };
  };
  // called as a callable (from a mini-program), it has nothing to say
  const handler: Handler = async () => ({ ok: false, error: { code: 'UNKNOWN_ACTION', message: '这个接口只能通过 HTTP 访问' } });
  return { name, handler, kind: 'http', actions: {}, http };
}

// WeChat adds the caller's identity to events sent from the mini-program; it is not input.
const PLATFORM_KEYS = ['userInfo'];

async function guarded(ctx: Ctx, name: string, run: () => Promise<unknown>): Promise<ApiResult<unknown>> {
  try {
    return { ok: true, data: await run() };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toApiError() };
    // CloudBase gave up retrying a transaction that kept colliding with others
    if ((err as { code?: unknown } | null)?.code === 'DATABASE_TRANSACTION_CONFLICT') {
      return { ok: false, error: { code: 'CONFLICT', message: '这件事项刚被别人改动，请刷新后再试' } };
    }
    ctx.log.error('handler failed', { fn: name, error: err instanceof Error ? err.stack : String(err) });
    return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } };
  }
}

export function defineFunction<A extends Readonly<Record<string, Action<z.ZodType>>>>(name: string, actions: A): CloudFunction<A> {
  const handler: Handler = async (event, ctx) => {
    if (!event || typeof event !== 'object' || Array.isArray(event)) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: '请求格式不对' } };
    }
    const { action: actionName, ...rest } = event as Record<string, unknown>;
    for (const key of PLATFORM_KEYS) delete rest[key];
    const chosen = typeof actionName === 'string' && Object.hasOwn(actions, actionName) ? actions[actionName] : undefined;
    if (!chosen) return { ok: false, error: { code: 'UNKNOWN_ACTION', message: '不支持的操作' } };
    const parsed = chosen.input.safeParse(rest);
    if (!parsed.success) {
      const { message, fields } = describeIssues(parsed.error.issues);
      return { ok: false, error: { code: 'INVALID_INPUT', message, fields } };
    }
    return guarded(ctx, name, () => chosen.run(ctx, parsed.data));
  };
  return { name, handler, kind: 'callable', actions };
}

/**
 * A function run by its timer trigger (config.json). Refuses calls from users. Deployed before
 * `npm run setup:database` has made the collections, it waits, quietly, until it has.
 */
export function defineTimer(name: string, run: (ctx: Ctx) => Promise<unknown>): CloudFunction {
  const handler: Handler = async (_event, ctx) => {
    if (ctx.caller) return { ok: false, error: { code: 'FORBIDDEN', message: '定时任务不能手动调用' } };
    return guarded(ctx, name, async () => {
      try {
        return await run(ctx);
      } catch (err) {
        if (!isMissingCollection(err)) throw err;
        ctx.log.info('timer waiting: the database is not set up yet (npm run setup:database)', { fn: name });
        return { waitingForSetup: true };
      }
    });
  };
  return { name, handler, kind: 'timer', actions: {} };
}

/**
 * A function WeChat's message push (消息推送) runs with an event of WeChat's own shape. Events of
 * other kinds are acknowledged and left alone. A call from a mini-program is refused (WeChat's
 * context says where a call comes from).
 */
export function definePush<S extends z.ZodType>(name: string, input: S, run: (ctx: Ctx, event: z.output<S>) => Promise<unknown>): CloudFunction {
  const handler: Handler = async (event, ctx) => {
    // WeChat pushes; a person's phone calling the function with a made-up event is refused
    if (ctx.fromClient) return { ok: false, error: { code: 'FORBIDDEN', message: '消息推送不能手动调用' } };
    const parsed = input.safeParse(event);
    if (!parsed.success) return { ok: true, data: { ignored: true } };
    return guarded(ctx, name, () => run(ctx, parsed.data));
  };
  return { name, handler, kind: 'push', actions: {} };
}
