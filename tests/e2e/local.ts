/**
 * Browser tests' harness: `npm start`'s program on a fresh data directory and a free port, and a
 * real headless Chromium (from @sparticuz/chromium: npm ci alone makes it runnable) driven by
 * playwright-core, one browser context per identity.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import type { ApiResult } from '../../types/api';
import { tempDir } from '../harness';

const ROOT = join(__dirname, '..', '..');

export interface Local {
  base: string;
  dataDir: string;
  /** errors the server logged (error-level log lines, uncaught errors), taken by whoever checks them */
  errors: string[];
  stop(): Promise<void>;
}

/** An error-level line of the local server's log (ctx.ts consoleLog), or the first line of an error it printed. */
const isErrorLine = (line: string) => /^\{.*"level":"error"/.test(line) || /^(\w*Error|Uncaught|Unhandled)\b/.test(line);

/**
 * Where the local clock starts in browser tests, whatever today's date: Monday 16 November 2026,
 * 09:00 in Shanghai (inside the holiday data, six weeks before the year's end).
 */
export const E2E_START = '2026-11-16T09:00:00+08:00';

/**
 * Starts `src/runtime/local/main.ts` (what `npm start` runs) with its clock at `at` and waits for
 * the URLs it prints.
 */
export async function startLocal(at = E2E_START): Promise<Local> {
  const dataDir = tempDir('lianxin-e2e-');
  const child: ChildProcess = spawn(process.execPath, [require.resolve('tsx/cli', { paths: [ROOT] }), 'src/runtime/local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LIANXIN_DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'development', LIANXIN_CLOCK_AT: at },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const errors: string[] = [];
  let partial = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    errors.push(...lines.filter(isErrorLine));
  });
  const base = await new Promise<string>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /health:\s+(http:\/\/[\d.]+:\d+)\/healthz/.exec(output);
      if (found) resolve(found[1]!);
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`the local server exited (${code}):\n${output}`)));
  });
  return {
    base,
    dataDir,
    errors,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The Chromium binary @sparticuz/chromium unpacks (it is an ES module: asked from a child node). */
function chromiumLaunch(): { executablePath: string; args: string[] } {
  const script = `import('@sparticuz/chromium').then(async ({ default: c }) => console.log(JSON.stringify({ executablePath: await c.executablePath(), args: c.args })))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as { executablePath: string; args: string[] };
}

/**
 * Its flags are tuned for AWS Lambda; `--single-process` makes browser contexts share cookies (every
 * identity would be the last one signed in), and the web-security ones hide real browser behaviour.
 */
const LAMBDA_ONLY = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials']);

/**
 * The browser runs on the real clock, never under libfaketime (which slows Chromium to a crawl);
 * the local system's clock is injected into its pages instead (`contextAs`).
 */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const { executablePath, args } = chromiumLaunch();
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...env } = process.env;
  return chromium.launch({
    executablePath,
    args: [...args.filter((a) => !LAMBDA_ONLY.has(a)), ...extraArgs],
    headless: true,
    env: env as Record<string, string>,
  });
}

/** A phone-sized context signed in as `openid` (the dev sign-in cookie). */
async function contextAs(browser: Browser, base: string, openid: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  // the pages' Date is the local system's clock (where the tests started it, or moved it since), running on from there:
  // what a page proposes as today is the server's today, whatever the machine's date
  const clock = await context.request.get(`${base}/api/dev/clock`);
  if (!clock.ok()) throw new Error(`reading the local clock failed: ${clock.status()}`);
  await context.clock.install({ time: ((await clock.json()) as { data: { now: number } }).data.now });
  const res = await context.request.post(`${base}/api/dev/signin`, { data: { openid } });
  if (!res.ok()) throw new Error(`sign-in as ${openid} failed: ${res.status()}`);
  return context;
}

export interface BrowserSuite {
  /** the local system's address of a page: `/pages/card/index?code=…` → `http://…/#/pages/…` */
  url(path: string): string;
  /** a new page in its own context, signed in as `openid` */
  pageAs(openid: string): Promise<Page>;
  /** calls a function as `openid` through the HTTP API, answering its data */
  api<T>(fn: string, event: Record<string, unknown>, openid: string): Promise<T>;
  /** uploads a photo (a PNG of `content`) as `openid`, as the pages do: answers its file id */
  upload(openid: string, content: string): Promise<string>;
  /** uploads a recording (语音说事: these bytes as a browser's WebM) as `openid`, as the pages do: answers its file id */
  uploadRecording(openid: string, bytes: Uint8Array<ArrayBuffer>): Promise<string>;
  /** runs a timer now rather than at its next tick */
  runTimer(name: string): Promise<void>;
  /** moves the local clock ahead (the local-only time-travel control), which runs the timers */
  advanceClock(days: number): Promise<void>;
  /** sets the local clock to an instant (ISO 8601 with its offset), which runs the timers */
  setClock(at: string): Promise<void>;
}

/**
 * For a test file: the local system and a browser, started before its tests and stopped after.
 * A page that throws an error fails the test it ran in, even if the flow got through.
 * `chromiumArgs`: flags the browser needs beyond the usual (a fake microphone).
 */
export function browserSuite(options: { chromiumArgs?: readonly string[] } = {}): BrowserSuite {
  let local: Local | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    [local, browser] = await Promise.all([startLocal(), launchBrowser(options.chromiumArgs)]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await local?.stop();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
    // nor may the server have logged an error on the way
    expect(local?.errors.splice(0)).toEqual([]);
  });
  const post = async (path: string, body: unknown, openid?: string, type = 'application/json') => {
    const res = await fetch(`${local!.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, ...(openid ? { 'x-lianxin-openid': openid } : {}) },
      body: type === 'application/json' ? JSON.stringify(body) : (body as Uint8Array<ArrayBuffer>),
    });
    const answer = (await res.json()) as ApiResult<unknown>;
    if (!answer.ok) throw new Error(`${path}: ${answer.error.message}`);
    return answer.data;
  };
  return {
    url: (path) => `${local!.base}/#${path}`,
    async pageAs(openid) {
      const page = await (await contextAs(browser!, local!.base, openid)).newPage();
      page.on('pageerror', (err) => pageErrors.push(`${openid}: ${err.message}`));
      return page;
    },
    api: async <T>(fn: string, event: Record<string, unknown>, openid: string) => (await post(`/api/fn/${fn}`, event, openid)) as T,
    upload: async (openid, content) =>
      ((await post('/api/upload', new Uint8Array(await QRCode.toBuffer(content, { type: 'png', width: 240 })), openid, 'image/png')) as { url: string }).url,
    uploadRecording: async (openid, bytes) => ((await post('/api/upload', bytes, openid, 'audio/webm')) as { url: string }).url,
    runTimer: async (name) => void (await post(`/api/dev/timer/${name}`, {})),
    advanceClock: async (days) => void (await post('/api/dev/clock', { days })),
    setClock: async (at) => void (await post('/api/dev/clock', { at })),
  };
}

/** The button (Taro's <Button>) whose whole text is `text`, on a page or within a part of it. */
export const button = (page: Page | Locator, text: string) => page.locator('.btn', { hasText: new RegExp(`^\\s*${text}\\s*$`) });

/** Numbered screenshots of each step, in a folder the test prints (not committed). */
export function screenshots(name: string) {
  const dir = join(ROOT, 'dist', 'screenshots', name);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return {
    dir,
    async take(page: Page, step: string): Promise<void> {
      await page.screenshot({ path: join(dir, `${String(++n).padStart(2, '0')}-${step}.png`), fullPage: true });
    },
  };
}

/** A real PNG photo to upload (a QR code image: any valid PNG will do). */
export const photo = () => QRCode.toBuffer('连心桥 测试照片', { type: 'png', width: 120 });
