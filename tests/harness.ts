/** Starts the local system in-process for integration tests: embedded store, fixed clock, HTTP. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import QRCode from 'qrcode';
import type { ApiResult } from '../types/api';
import type { Rules } from '../config/rules';
import type { Platform } from '../src/server/ctx';
import { openLocalRuntime, type LocalRuntime } from '../src/runtime/local/runtime';
import { createLocalServer, listen } from '../src/runtime/local/server';
import { sha256, uploadFolder } from '../src/server/store';

export class FixedClock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

import { quietLog } from './logged';
export { expectLoggedError, quietLog } from './logged';

export const tempDir = (prefix = 'lianxin-') => mkdtempSync(join(tmpdir(), prefix));

/** Monday 23 November 2026, 09:00 in Shanghai */
export const MONDAY_9AM = Date.parse('2026-11-23T09:00:00+08:00');

export interface Harness {
  runtime: LocalRuntime;
  clock: FixedClock;
  base: string;
  /** POST /api/fn/<fn> as `openid` */
  api<T = unknown>(fn: string, event: Record<string, unknown>, openid: string | null): Promise<ApiResult<T>>;
  /** like api, but fails the test unless ok, and returns data */
  ok<T = any>(fn: string, event: Record<string, unknown>, openid: string | null): Promise<T>;
  stop(): Promise<void>;
}

export async function startHarness(
  options: { dataDir?: string; now?: number; platform?: Partial<Platform>; uploadsDir?: string; rules?: Rules } = {},
): Promise<Harness> {
  const clock = new FixedClock(options.now ?? MONDAY_9AM);
  const { dataDir, platform, uploadsDir, rules } = options;
  const runtime = await openLocalRuntime({
    dataDir,
    clock,
    log: quietLog,
    ...(platform ? { platform } : {}),
    ...(uploadsDir ? { uploadsDir } : {}),
    ...(rules ? { rules } : {}),
  });
  const server: Server = createLocalServer(runtime, uploadsDir ? { uploadsDir } : {});
  const port = await listen(server, 0);
  const base = `http://127.0.0.1:${port}`;
  const api = async <T>(fn: string, event: Record<string, unknown>, openid: string | null): Promise<ApiResult<T>> => {
    const res = await fetch(`${base}/api/fn/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'x-lianxin-openid': openid } : {}) },
      body: JSON.stringify(event),
    });
    return (await res.json()) as ApiResult<T>;
  };
  return {
    runtime,
    clock,
    base,
    api,
    async ok(fn, event, openid) {
      const res = await api(fn, event, openid);
      if (!res.ok) throw new Error(`${fn}.${String(event.action)} as ${openid}: ${res.error.code} ${res.error.message}`);
      return res.data as any;
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}

let seq = 0;
/** Unique within a run (each test process has its own stores): no clock needed. */
export const requestId = () => `req-${process.pid.toString(36)}-${(seq++).toString().padStart(4, '0')}`;

export const WANG = 'dev-resident-wang';
export const LI_RESIDENT = 'dev-resident-li';
export const REP_LI = 'dev-rep-li';
export const REP_ZHANG = 'dev-rep-zhang';
export const ASSIGNER = 'dev-assigner-qingshi';
export const ASSIGNER_BAISHA = 'dev-assigner-baisha';
export const BUILD = 'dev-handler-qingshi-build';
export const SOCIAL = 'dev-handler-qingshi-social';
export const TAOYUAN = 'dev-handler-taoyuan';
export const TRANSPORT = 'dev-handler-county-transport';
export const WATER = 'dev-handler-county-water';
export const SUP_COUNTY = 'dev-supervisor-county';
export const SUP_TOWNSHIP = 'dev-supervisor-qingshi';
export const SUP_VILLAGE = 'dev-supervisor-taoyuan';
export const OFFICE = 'dev-office';

/** A road complaint through 李秀英's card (QX0001, 桃源村). */
export function submission(over: Record<string, unknown> = {}) {
  return {
    action: 'submit',
    cardCode: 'QX0001',
    requestId: requestId(),
    category: 'road',
    description: '村口到小学的路上有三盏路灯坏了两个月，晚上孩子放学很危险。',
    phone: '13912345678',
    name: '王大爷',
    ...over,
  };
}

/**
 * A spreadsheet as the office's upload leaves it (the import page uploads first, then names the
 * file): kept in the uploader's own imports/ folder; answers its file id.
 */
export function uploaded(runtime: LocalRuntime, openid: string, fileName: string, base64: string): Promise<string> {
  const ext = fileName.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
  return runtime.timerCtx().platform.saveFile(`${uploadFolder('imports', openid)}/${sha256(base64).slice(0, 32)}.${ext}`, Buffer.from(base64, 'base64'));
}

/** A photo uploaded through the local server (`h` started with an uploads folder) by `openid`: answers its file id. */
export async function uploadedPhoto(h: Harness, openid: string, content: string): Promise<string> {
  const res = await fetch(`${h.base}/api/upload`, {
    method: 'POST',
    headers: { 'content-type': 'image/png', 'x-lianxin-openid': openid },
    body: new Uint8Array(await QRCode.toBuffer(content, { type: 'png' })),
  });
  const body = (await res.json()) as ApiResult<{ url: string }>;
  if (!body.ok) throw new Error(body.error.message);
  return body.data.url;
}

/** Calls one function of a local runtime (`rt()`: the runtime of the running test) as `openid`; `ok` fails the test unless it answered ok. */
export function functionCaller(rt: () => LocalRuntime, fn: string) {
  const call = <T = unknown>(event: Record<string, unknown>, openid: string | null) => rt().call(fn, event, openid) as Promise<ApiResult<T>>;
  const ok = async <T>(event: Record<string, unknown>, openid: string | null): Promise<T> => {
    const res = await call<T>(event, openid);
    if (!res.ok) throw new Error(`${String(event.action)}: ${res.error.code} ${res.error.message}`);
    return res.data;
  };
  return { call, ok };
}
