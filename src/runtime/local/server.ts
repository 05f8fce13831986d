/**
 * The local server: `POST /api/fn/<name>` with the same event a cloud function gets, `GET /healthz`,
 * and the dev sign-in that stands in for WeChat identity (local only).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiResult } from '../../../types/api';
import { identities } from './demo-county';
import type { LocalRuntime } from './runtime';

const MAX_BODY = 1024 * 1024;
const COOKIE = 'lx_openid';
const OPENID = /^[\w-]{3,64}$/;

/** Dev sign-in must never run where real WeChat identities exist. */
export function assertLocalOnly(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === 'production' || env.TENCENTCLOUD_RUNENV || env.SCF_FUNCTIONNAME || env.WX_CONTEXT_KEYS) {
    throw new Error('dev sign-in is local only: refusing to start the local server in a cloud or production environment');
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, status: number, message: string): void {
  const body: ApiResult<never> = { ok: false, error: { code: status === 404 ? 'UNKNOWN_ACTION' : 'INVALID_INPUT', message } };
  send(res, status, body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new RangeError('too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

/** The signed-in identity: the dev cookie, or a header for scripts and API tests. */
function callerOf(req: IncomingMessage): string | null {
  const header = req.headers['x-lianxin-openid'];
  if (typeof header === 'string' && OPENID.test(header)) return header;
  const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('='));
  const value = cookie.find(([k]) => k === COOKIE)?.[1];
  return value && OPENID.test(decodeURIComponent(value)) ? decodeURIComponent(value) : null;
}

export function createLocalServer(runtime: LocalRuntime, info: Record<string, unknown> = {}): Server {
  assertLocalOnly();
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (req.method === 'GET' && url.pathname === '/healthz') {
        return send(res, 200, { ok: true, runtime: 'local', time: new Date(runtime.clock.now()).toISOString(), ...info });
      }
      if (req.method === 'GET' && url.pathname === '/api/dev/identities') {
        return send(res, 200, { ok: true, data: identities.map(({ openid, name, label }) => ({ openid, name, label })) });
      }
      if (req.method === 'POST' && url.pathname === '/api/dev/signin') {
        const body = (await readJson(req)) as { openid?: unknown };
        if (typeof body.openid !== 'string' || !OPENID.test(body.openid)) return fail(res, 400, '请选择一个身份');
        const cookie = `${COOKIE}=${encodeURIComponent(body.openid)}; Path=/; HttpOnly; SameSite=Lax`;
        return send(res, 200, { ok: true, data: { openid: body.openid } }, { 'set-cookie': cookie });
      }
      if (req.method === 'POST' && url.pathname === '/api/dev/signout') {
        return send(res, 200, { ok: true, data: null }, { 'set-cookie': `${COOKIE}=; Path=/; Max-Age=0` });
      }
      const fn = /^\/api\/fn\/([\w-]+)$/.exec(url.pathname);
      if (fn && req.method === 'POST') {
        let event: unknown;
        try {
          event = await readJson(req);
        } catch (err) {
          return fail(res, err instanceof RangeError ? 413 : 400, err instanceof RangeError ? '内容太大了' : '请求不是有效的 JSON');
        }
        return send(res, 200, await runtime.call(fn[1]!, event, callerOf(req)));
      }
      return fail(res, 404, '没有这个地址');
    } catch (err) {
      console.error(err);
      return send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
    }
  });
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return (server.address() as AddressInfo).port;
}
