/**
 * The local server, one port for everything: `POST /api/fn/<name>` with the same event a cloud
 * function gets, `GET /healthz`, the dev sign-in that stands in for WeChat identity (local only),
 * photo uploads (and the clean copies kept of them) and card and wall codes kept under the data directory (cloud storage's stand-in),
 * `/print/card/<code>` (the printable card page), `/open311/v2/…` (Open311 GeoReport v2: the `open311`
 * function's HTTP event, as production's HTTP access hands it), and the h5 build of the pages.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, join, normalize } from 'node:path';
import type { ApiResult, ErrorCode } from '../../../types/api';
import { RULES } from '../../../config/rules';
import { MAX_IMPORT_BYTES } from '../../domain/organisation';
import { uploadFolder } from '../../server/store';
import { ONLY_JPEG_PNG } from '../../server/usecases/photos';
import { identities } from './demo-county';
import { isDevClock, type DevClock, type LocalRuntime } from './runtime';

export interface LocalServerOptions {
  /** shown by /healthz */
  info?: Record<string, unknown>;
  /** where uploaded photos are kept (`<data dir>/uploads`); no uploads without it */
  uploadsDir?: string;
  /** the h5 build to serve at `/`; API only without it */
  h5Dir?: string;
  /**
   * answer requests addressed to any host name (`npm start -- --host 0.0.0.0`, for a phone on the
   * same network); by default only loopback names are answered, so a web page elsewhere cannot
   * reach the dev sign-in through a name that resolves to this machine (DNS rebinding)
   */
  anyHost?: boolean;
}

const MAX_PHOTO = 10 * 1024 * 1024;
/** what a request may keep: the photo cleaner reads JPEG and PNG only (src/server/images.ts), so nothing else is taken in */
const PHOTO_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' };
/** 语音说事: a browser's MediaRecorder (webm, ogg) and WeChat's recorder (mp3, aac, m4a, wav), as a cloud upload may be (src/server/validate.ts) */
const AUDIO_TYPES: Record<string, string> = {
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/aac': 'aac',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
};
const NOT_AUDIO = '只能上传 WebM、Ogg、MP3、AAC、M4A 或 WAV 录音，请重新录一段';
const SHEET_TYPES: Record<string, string> = { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx', 'text/csv': 'csv' };
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.webm': 'audio/webm',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.aac': 'audio/aac',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const DAY = 24 * 3600 * 1000;
/** the largest event (files travel through /api/upload, as through cloud storage in the mini-program) */
const MAX_BODY = 256 * 1024;
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

function fail(res: ServerResponse, status: number, message: string, code: ErrorCode = status === 404 ? 'UNKNOWN_ACTION' : 'INVALID_INPUT'): void {
  const body: ApiResult<never> = { ok: false, error: { code, message } };
  send(res, status, body);
}

/** Why a request cannot be answered: its status, code and message. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new Refusal(413, 'INVALID_INPUT', '内容太大了');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Refusal(413, 'INVALID_INPUT', '内容太大了');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The JSON object a POST carries: anything else (another content type, bad JSON, not an object) is refused. */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new Refusal(415, 'INVALID_INPUT', '请求须为 JSON（content-type: application/json）');
  const text = (await readBody(req, MAX_BODY)).toString('utf8');
  let value: unknown;
  try {
    value = text ? JSON.parse(text) : {};
  } catch {
    throw new Refusal(400, 'INVALID_INPUT', '请求不是有效的 JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Refusal(400, 'INVALID_INPUT', '请求须为 JSON 对象');
  return value as Record<string, unknown>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A request that changes something must come from the local pages themselves: addressed to this
 * machine by a loopback name, and, when a browser says where it comes from, from the same origin.
 * Another site open in the same browser cannot sign anyone in or move the clock.
 */
function checkHost(req: IncomingMessage, anyHost: boolean): void {
  if (!anyHost && !LOOPBACK.has((req.headers.host ?? '').replace(/:\d+$/, ''))) throw new Refusal(403, 'FORBIDDEN', '本地系统只接受本机地址的请求');
}

function checkOrigin(req: IncomingMessage): void {
  const host = req.headers.host ?? '';
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') throw new Refusal(403, 'FORBIDDEN', '不接受其他网站发来的请求');
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new Refusal(403, 'FORBIDDEN', '不接受其他网站发来的请求');
    }
    if (originHost !== host) throw new Refusal(403, 'FORBIDDEN', '不接受其他网站发来的请求');
  } else if (origin === 'null') throw new Refusal(403, 'FORBIDDEN', '不接受其他网站发来的请求');
}

function sendFile(res: ServerResponse, path: string, cache: string): void {
  res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': cache });
  res.end(readFileSync(path));
}

/** A URL's path unescaped, or null if it is not a valid escape (no such file). */
function unescaped(urlPath: string): string | null {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return null;
  }
}

/** A file under `dir` named by an unescaped path, or null (never outside `dir`). */
function fileUnder(dir: string, name: string): string | null {
  const path = normalize(join(dir, name));
  if (!path.startsWith(normalize(dir + '/'))) return null;
  return existsSync(path) && statSync(path).isFile() ? path : null;
}

/** The signed-in identity: the dev cookie, or a header for scripts and API tests. */
function callerOf(req: IncomingMessage): string | null {
  const header = req.headers['x-lianxin-openid'];
  if (typeof header === 'string' && OPENID.test(header)) return header;
  const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('='));
  const value = cookie.find(([k]) => k === COOKIE)?.[1];
  return value && OPENID.test(decodeURIComponent(value)) ? decodeURIComponent(value) : null;
}

export function createLocalServer(runtime: LocalRuntime, options: LocalServerOptions = {}): Server {
  assertLocalOnly();
  const { info = {}, uploadsDir, h5Dir, anyHost = false } = options;
  if (uploadsDir) mkdirSync(uploadsDir, { recursive: true });

  /** The dev clock: GET tells the time; POST sets it (`at`) or moves it ahead (`days`), then runs the timers. */
  async function clockControl(req: IncomingMessage, res: ServerResponse, clock: DevClock): Promise<void> {
    if (req.method === 'POST') {
      const body = await readJson(req);
      if ('at' in body) {
        const at =
          typeof body.at === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(body.at) ? Date.parse(body.at) : NaN;
        if (!Number.isFinite(at)) return fail(res, 400, '请填写时刻，如 2026-09-30T10:00:00+08:00');
        clock.set(at);
      } else {
        const days = body.days;
        if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0 || days > 400) return fail(res, 400, '请填写要快进的天数（1到400天）');
        clock.advance(days * DAY);
      }
      await runtime.runTimer('remind');
      await runtime.runTimer('housekeeping');
      await runtime.deliver();
    }
    return send(res, 200, { ok: true, data: { now: clock.now(), movedDays: Math.round((clock.movedMs / DAY) * 100) / 100 } });
  }

  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      // addressed to this machine (DNS rebinding); whatever changes something comes from the local pages themselves
      checkHost(req, anyHost);
      if (req.method !== 'GET' && req.method !== 'HEAD') checkOrigin(req);
      if (req.method === 'GET' && url.pathname === '/healthz') {
        return send(res, 200, { ok: true, runtime: 'local', time: new Date(runtime.clock.now()).toISOString(), ...info });
      }
      if (req.method === 'GET' && url.pathname === '/api/dev/identities') {
        return send(res, 200, { ok: true, data: identities.map(({ openid, name, label }) => ({ openid, name, label })) });
      }
      if (req.method === 'GET' && url.pathname === '/api/dev/me') {
        const openid = callerOf(req);
        const known = identities.find((i) => i.openid === openid);
        return send(res, 200, { ok: true, data: openid ? { openid, name: known?.name ?? openid, label: known?.label ?? openid } : null });
      }
      const timer = /^\/api\/dev\/timer\/([\w-]+)$/.exec(url.pathname);
      if (req.method === 'POST' && timer) {
        await readJson(req);
        // run a timer now instead of at its next cron tick (demos, browser tests)
        return send(res, 200, await runtime.runTimer(timer[1]!));
      }
      if (url.pathname === '/api/dev/clock' && isDevClock(runtime.clock)) return await clockControl(req, res, runtime.clock);
      if (req.method === 'POST' && url.pathname === '/api/upload' && uploadsDir) {
        if (!callerOf(req)) return send(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先选择身份再上传照片' } });
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
        // a spreadsheet for the organisation import goes to the uploader's own imports/ folder, as in the mini-program
        const sheet = SHEET_TYPES[type];
        if (sheet) {
          let body: Buffer;
          try {
            body = await readBody(req, MAX_IMPORT_BYTES);
          } catch {
            return fail(res, 413, `文件太大了（最大${MAX_IMPORT_BYTES / 1024 / 1024}MB）：请只保留导入模板里的几张表`);
          }
          if (body.length === 0) return fail(res, 400, '文件是空的');
          const path = `${uploadFolder('imports', callerOf(req)!)}/${createHash('sha256').update(body).digest('hex').slice(0, 32)}.${sheet}`;
          mkdirSync(join(uploadsDir, dirname(path)), { recursive: true });
          writeFileSync(join(uploadsDir, path), body);
          return send(res, 200, { ok: true, data: { url: `/uploads/${path}` } });
        }
        // a photo, or a recording (语音说事): both kept beside their uploaders, named by content
        const audio = !PHOTO_TYPES[type] && !!AUDIO_TYPES[type];
        const ext = PHOTO_TYPES[type] ?? AUDIO_TYPES[type];
        // refused in the words of what was meant: a recording of another format, or (anything else) a photo
        if (!ext) return fail(res, 400, type.startsWith('audio/') ? NOT_AUDIO : ONLY_JPEG_PNG);
        let body: Buffer;
        try {
          body = await readBody(req, audio ? RULES.voice.maxBytes : MAX_PHOTO);
        } catch {
          return fail(res, 413, audio ? `录音太大了（最大${RULES.voice.maxBytes / 1024 / 1024}MB），请录短一些` : '照片太大了，请选小于10MB的照片');
        }
        if (body.length === 0) return fail(res, 400, audio ? '录音是空的，请重新录' : '照片是空的');
        // named by content: the same photo sent twice is kept once, readable by each who sent it
        const name = `${createHash('sha256').update(body).digest('hex').slice(0, 32)}.${ext}`;
        writeFileSync(join(uploadsDir, name), body);
        const owners = join(uploadsDir, `${name}.owners`);
        const who = callerOf(req)!;
        if (!(existsSync(owners) ? readFileSync(owners, 'utf8').split('\n') : []).includes(who)) appendFileSync(owners, `${who}\n`);
        return send(res, 200, { ok: true, data: { url: `/uploads/${name}` } });
      }
      // Open311 GeoReport v2 at the paths production's HTTP access serves, answered by the same function from the same event
      if (url.pathname.startsWith('/open311/')) {
        const answer = await runtime.http('open311', {
          path: url.pathname,
          httpMethod: req.method ?? 'GET',
          // served over plain HTTP: the answers' addresses (a photo's) are made absolute with this server's own host
          headers: { ...Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, [v ?? ''].flat().join(',')])), 'x-forwarded-proto': 'http' },
          queryStringParameters: Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k).join(',')])),
          body: '',
          isBase64Encoded: false,
        });
        res.writeHead(answer.statusCode, answer.headers);
        return res.end(answer.body);
      }
      if (req.method === 'GET' && url.pathname.startsWith('/uploads/') && uploadsDir) {
        const path = unescaped(url.pathname);
        const file =
          path &&
          /^\/uploads\/([0-9a-f]{32}\.(jpg|png|webp|gif|webm|ogg|mp3|aac|m4a|wav)|kept\/[0-9a-f]{32}\.jpg|cards\/local\/[\w-]{1,32}\.png|walls\/local\/v[0-9a-f]{24}\.png|exports\/[0-9a-f]{32}\/[^/]+\.xlsx)$/.test(
            path,
          ) &&
          fileUnder(uploadsDir, path.slice('/uploads/'.length));
        if (!path || !file) return fail(res, 404, '没有这个文件');
        // private storage: a temporary address the functions signed, or a photo of one's own
        const owners = `${file}.owners`;
        const own =
          existsSync(owners) &&
          readFileSync(owners, 'utf8')
            .split('\n')
            .includes(callerOf(req) ?? '\u0000');
        if (!runtime.files.signed(path, url.searchParams) && !own) return fail(res, 403, '这个文件的地址已过期或无权查看，请回到页面重新打开', 'FORBIDDEN');
        // an export or the template: downloaded under the name it is kept as (exports.ts), never cached
        if (path.endsWith('.xlsx')) {
          res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(basename(path))}`);
          return sendFile(res, file, 'no-store');
        }
        return sendFile(res, file, 'private, max-age=3600');
      }
      // the printable card is a page of the office subpackage (its code from `card · code`, as in production)
      const print = /^\/print\/card\/([\w-]{1,32})$/.exec(url.pathname);
      if (req.method === 'GET' && print) {
        res.writeHead(302, { location: `/#/office/card/index?code=${print[1]}` });
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/api/dev/signin') {
        const body = await readJson(req);
        if (typeof body.openid !== 'string' || !OPENID.test(body.openid)) return fail(res, 400, '请选择一个身份');
        const cookie = `${COOKIE}=${encodeURIComponent(body.openid)}; Path=/; HttpOnly; SameSite=Strict`;
        return send(res, 200, { ok: true, data: { openid: body.openid } }, { 'set-cookie': cookie });
      }
      if (req.method === 'POST' && url.pathname === '/api/dev/signout') {
        await readJson(req);
        return send(res, 200, { ok: true, data: null }, { 'set-cookie': `${COOKIE}=; Path=/; Max-Age=0` });
      }
      const fn = /^\/api\/fn\/([\w-]+)$/.exec(url.pathname);
      if (fn && req.method === 'POST') return send(res, 200, await runtime.call(fn[1]!, await readJson(req), callerOf(req)));
      if (req.method === 'GET' && h5Dir && !url.pathname.startsWith('/api/')) {
        const path = url.pathname === '/' ? 'index.html' : unescaped(url.pathname.slice(1));
        const file = path && fileUnder(h5Dir, path);
        if (file) return sendFile(res, file, file.endsWith('.html') ? 'no-cache' : 'public, max-age=3600');
      }
      return fail(res, 404, '没有这个地址');
    } catch (err) {
      if (err instanceof Refusal) return fail(res, err.status, err.message, err.code);
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
