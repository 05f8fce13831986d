/**
 * The local server's other routes: photo uploads kept under the data directory, the pages' files,
 * printable contact cards, who is signed in, running a timer now and setting the dev clock; and what
 * it refuses: malformed or non-JSON bodies, requests from other sites or other host names.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import QRCode from 'qrcode';
import type { AddressInfo } from 'node:net';
import { MAX_IMPORT_BYTES } from '../../src/domain/organisation';
import { uploadFolder } from '../../src/server/store';
import { devClock, openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { createLocalServer, listen } from '../../src/runtime/local/server';
import { MONDAY_9AM, OFFICE, quietLog, REP_LI, submission, tempDir, WANG } from '../harness';

let runtime: LocalRuntime;
let server: Server;
let base: string;
const uploads = join(tempDir('lianxin-uploads-'), 'uploads');
const h5 = tempDir('lianxin-h5-');

beforeAll(async () => {
  mkdirSync(join(h5, 'js'));
  writeFileSync(join(h5, 'index.html'), '<!DOCTYPE html><title>连心桥</title>');
  writeFileSync(join(h5, 'js', 'app.js'), 'console.log(1)');
  runtime = await openLocalRuntime({ clock: devClock(MONDAY_9AM), log: quietLog, uploadsDir: uploads });
  server = createLocalServer(runtime, { uploadsDir: uploads, h5Dir: h5 });
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(async () => {
  server.close();
  await runtime.close();
});

const upload = (body: Buffer | string, type: string, openid: string | null = WANG) =>
  fetch(`${base}/api/upload`, {
    method: 'POST',
    headers: { 'content-type': type, ...(openid ? { 'x-lianxin-openid': openid } : {}) },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });

describe('photo uploads', () => {
  it('keeps a signed-in resident’s photo under the data directory and serves it back', async () => {
    const png = await QRCode.toBuffer('照片', { type: 'png' });
    const res = await upload(png, 'image/png');
    const { data } = (await res.json()) as { data: { url: string } };
    expect(data.url).toMatch(/^\/uploads\/[0-9a-f]{32}\.png$/);
    expect(readdirSync(uploads)).toContain(data.url.slice('/uploads/'.length));
    // private storage: the one who sent it reads it back; anyone else only at a signed address
    const back = await fetch(`${base}${data.url}`, { headers: { 'x-lianxin-openid': WANG } });
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await back.arrayBuffer()).equals(png)).toBe(true);
    // the same photo twice is kept once
    expect(((await (await upload(png, 'image/png')).json()) as { data: { url: string } }).data.url).toBe(data.url);
  });

  it('serves a kept file to others only at a temporary address the functions signed, until it expires', async () => {
    const png = await QRCode.toBuffer('另一张照片', { type: 'png' });
    const { data } = (await (await upload(png, 'image/png')).json()) as { data: { url: string } };
    for (const who of [{}, { 'x-lianxin-openid': REP_LI }] as Array<Record<string, string>>) {
      const res = await fetch(`${base}${data.url}`, { headers: who });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('过期') } });
    }
    const [signed] = await runtime.timerCtx().platform.fileUrls([data.url]);
    expect((await fetch(`${base}${signed}`)).status).toBe(200);
    // a signature for another file, or a changed expiry, opens nothing
    const [other] = await runtime.timerCtx().platform.fileUrls(['/uploads/cards/local/QX0001.png']);
    expect((await fetch(`${base}${data.url}?${other!.split('?')[1]}`)).status).toBe(403);
    expect((await fetch(`${base}${signed!.replace(/expires=(\d+)/, (_m, n) => `expires=${Number(n) + 1}`)}`)).status).toBe(403);
    (runtime.clock as ReturnType<typeof devClock>).advance(3 * 3600 * 1000);
    expect((await fetch(`${base}${signed}`)).status).toBe(403);
  });

  it('lets a request carry only its sender’s own uploads', async () => {
    const png = await QRCode.toBuffer('王大爷的照片', { type: 'png' });
    const { data } = (await (await upload(png, 'image/png')).json()) as { data: { url: string } };
    const send = (openid: string, photos: string[]) =>
      fetch(`${base}/api/fn/resident`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lianxin-openid': openid },
        body: JSON.stringify(submission({ photos })),
      }).then((r) => r.json());
    // someone who learnt the photo's address cannot make it theirs by citing it
    expect(await send(REP_LI, [data.url])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { photos: expect.stringContaining('自己') } } });
    // nor cite a workbook or a card's code at all
    for (const other of ['/uploads/exports/0123456789abcdef0123456789abcdef/台账.xlsx', '/uploads/cards/local/QX0001.png']) {
      expect(await send(WANG, [other])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await send(WANG, [data.url])).toMatchObject({ ok: true });
  });

  it('refuses uploads from nobody, of non-images, and empty ones, with a Chinese message', async () => {
    const before = readdirSync(uploads).length;
    expect(await (await upload('x', 'image/png', null)).json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await (await upload('<script>', 'text/html')).json()).toMatchObject({ ok: false, error: { message: '只能用 JPG 或 PNG 照片，请重新选择照片' } });
    expect(await (await upload('', 'image/jpeg')).json()).toMatchObject({ ok: false, error: { message: '照片是空的' } });
    expect(readdirSync(uploads).length).toBe(before);
  });

  it('takes only the photos a request can keep (JPEG, PNG), and answers a recording of another format about recordings', async () => {
    const before = readdirSync(uploads).length;
    for (const type of ['image/webp', 'image/gif'])
      expect({ type, answer: await (await upload('GIF89a', type)).json() }).toMatchObject({
        type,
        answer: { ok: false, error: { message: '只能用 JPG 或 PNG 照片，请重新选择照片' } },
      });
    expect(await (await upload('fLaC', 'audio/flac')).json()).toMatchObject({ ok: false, error: { message: expect.stringContaining('录音') } });
    expect(readdirSync(uploads).length).toBe(before);
  });

  it('serves nothing outside the uploads folder', async () => {
    // (a literal ../ is resolved by the client before it is sent)
    for (const path of ['/uploads/%2e%2e%2findex.html', '/uploads/%2e%2e%2f..%2fpackage.json', '/uploads/%E0%A4%A.png', '/uploads/abc.png']) {
      expect((await fetch(`${base}${path}`)).status).toBe(404);
    }
  });
});

describe('the pages and the rest', () => {
  it('serves the h5 build at / and its files, and nothing outside it', async () => {
    const index = await fetch(`${base}/`);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('连心桥');
    expect(await (await fetch(`${base}/js/app.js`)).text()).toBe('console.log(1)');
    expect((await fetch(`${base}/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(404); // a broken escape is no file, not an error
    expect(existsSync(join(h5, 'missing.js'))).toBe(false);
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
  });

  it('sends /print/card/<code> to the printable card page, whose code image it serves', async () => {
    const res = await fetch(`${base}/print/card/QX0001`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/#/office/card/index?code=QX0001');
    const code = await runtime.call('card', { action: 'code', cardCode: 'QX0001' }, REP_LI);
    expect(code).toEqual({
      ok: true,
      data: {
        cardCode: 'QX0001',
        fileId: '/uploads/cards/local/QX0001.png',
        url: expect.stringMatching(/^\/uploads\/cards\/local\/QX0001\.png\?expires=\d+&sig=[0-9a-f]{32}$/),
      },
    });
    const png = Buffer.from(await (await fetch(`${base}${(code as { data: { url: string } }).data.url}`)).arrayBuffer());
    expect(png.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it('serves the office the printed code of a village’s wall, at the address it signed', async () => {
    const codes = (await runtime.call('wall', { action: 'codes' }, OFFICE)) as { ok: true; data: Array<{ villageId: string; url: string }> };
    const taoyuan = codes.data.find((c) => c.villageId === 'taoyuan')!;
    expect(taoyuan.url).toMatch(/^\/uploads\/walls\/local\/v[0-9a-f]{24}\.png\?expires=\d+&sig=[0-9a-f]{32}$/);
    const png = Buffer.from(await (await fetch(`${base}${taoyuan.url}`)).arrayBuffer());
    expect(png.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    // not without the signature
    expect((await fetch(`${base}${taoyuan.url.split('?')[0]}`)).status).toBe(403);
  });

  it('says who is signed in', async () => {
    const me = await fetch(`${base}/api/dev/me`, { headers: { 'x-lianxin-openid': WANG } });
    expect(await me.json()).toMatchObject({ ok: true, data: { openid: WANG, label: '群众 · 王大爷（桃源村）' } });
    expect(await (await fetch(`${base}/api/dev/me`)).json()).toEqual({ ok: true, data: null });
  });

  it('runs a timer now on request, and refuses one that does not exist', async () => {
    expect(await (await post('/api/dev/timer/deliver', {})).json()).toMatchObject({ ok: true, data: { delivered: expect.any(Number) } });
    expect(await (await post('/api/dev/timer/nope', {})).json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  });

  it('listens on the loopback address unless told otherwise', () => {
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
  });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('what the local server refuses', () => {
  const ENDPOINTS = ['/api/dev/clock', '/api/dev/signin', '/api/dev/signout', '/api/dev/timer/deliver', '/api/fn/card'];

  it.each(ENDPOINTS)('answers malformed JSON to %s with 400 and a typed error, never 500', async (path) => {
    for (const body of ['{', '{"openid":', 'null', '[1]', '"text"']) {
      const res = await post(path, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/JSON/) } });
    }
  });

  it.each(ENDPOINTS)('refuses %s sent as anything but JSON (a plain form cannot sign anyone in)', async (path) => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type }, body: 'openid=dev-office' });
      expect(res.status).toBe(415);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it.each(ENDPOINTS)('refuses %s from another site, or addressed by a name that is not this machine', async (path) => {
    const attempts: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      // DNS rebinding: a name of the attacker's that resolves to 127.0.0.1
      { host: 'evil.example', origin: 'http://evil.example' },
    ];
    for (const headers of attempts) {
      const res = await post(path, { openid: 'dev-office', days: 1 }, headers);
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // the pages themselves are served from the same origin
    const same = await post(path, {}, { origin: base, 'sec-fetch-site': 'same-origin' });
    expect(same.status).not.toBe(403);
  });

  it('answers nothing, not even a page or who is signed in, to a name that is not this machine', async () => {
    const { request } = await import('node:http');
    const get = (path: string, host: string) =>
      new Promise<number>((resolve) => request(`${base}${path}`, { headers: { host } }, (res) => (res.resume(), resolve(res.statusCode!))).end());
    for (const path of ['/', '/api/dev/identities', '/api/dev/me', '/healthz']) {
      expect(await get(path, 'evil.example')).toBe(403);
      expect(await get(path, `localhost:${new URL(base).port}`)).toBe(200);
    }
  });

  it('takes an organisation workbook as large as the import accepts, into the uploader’s own folder, and says in words when one is larger', async () => {
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const atLimit = await upload(Buffer.alloc(MAX_IMPORT_BYTES, 1), xlsx, OFFICE);
    const { data } = (await atLimit.json()) as { data: { url: string } };
    expect(data.url).toMatch(new RegExp(`^/uploads/${uploadFolder('imports', OFFICE)}/[0-9a-f]{32}\\.xlsx$`));
    // it reaches the import, which reads it (it is no workbook)
    const read = await post(
      '/api/fn/office',
      { action: 'importOrganisation', fileName: '组织架构.xlsx', fileId: data.url, dryRun: true },
      { 'x-lianxin-openid': OFFICE },
    );
    expect(await read.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('文件打不开') } });
    // someone else's upload is not theirs to import
    const other = await post(
      '/api/fn/office',
      { action: 'importOrganisation', fileName: '组织架构.xlsx', fileId: data.url, dryRun: true },
      { 'x-lianxin-openid': 'dev-office-2' },
    );
    expect(await other.json()).toMatchObject({ ok: false });
    const big = await upload(Buffer.alloc(MAX_IMPORT_BYTES + 1, 1), xlsx, OFFICE);
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('文件太大了') } });
    // an event itself stays small
    const huge = await post('/api/fn/office', { action: 'ledger', note: 'A'.repeat(300 * 1024) }, { 'x-lianxin-openid': OFFICE });
    expect(huge.status).toBe(413);
  });
});

describe('the dev clock', () => {
  let rt: LocalRuntime;
  let srv: Server;
  let at: string;
  beforeAll(async () => {
    rt = await openLocalRuntime({ clock: devClock(Date.parse('2026-09-30T10:00:00+08:00')), log: quietLog });
    srv = createLocalServer(rt, {});
    at = `http://127.0.0.1:${await listen(srv, 0)}`;
  });
  afterAll(async () => {
    srv.close();
    await rt.close();
  });
  const clock = async (body?: unknown) =>
    (await (
      await fetch(
        `${at}/api/dev/clock`,
        body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      )
    ).json()) as {
      ok: boolean;
      data: { now: number; movedDays: number };
      error?: { message: string };
    };

  it('starts where it was set, is set to an instant, and moves ahead by days', async () => {
    const start = await clock();
    expect(start.data.now).toBeGreaterThanOrEqual(Date.parse('2026-09-30T10:00:00+08:00'));
    expect(start.data.now).toBeLessThan(Date.parse('2026-09-30T10:01:00+08:00'));
    const set = await clock({ at: '2026-12-31T23:50:00+08:00' });
    expect(set.data.now - Date.parse('2026-12-31T23:50:00+08:00')).toBeLessThan(60_000);
    expect(set.data.movedDays).toBe(0);
    const moved = await clock({ days: 2 });
    expect(moved.data.now - Date.parse('2027-01-02T23:50:00+08:00')).toBeLessThan(60_000);
    expect(moved.data.movedDays).toBe(2);
  });

  it('refuses an instant without its offset, a date that is no date, and days out of range', async () => {
    for (const body of [
      { at: '2026-09-30 10:00' },
      { at: '2026-09-30T10:00:00' },
      { at: '2026-02-31T10:00:00+08:00x' },
      { at: 5 },
      { days: 0 },
      { days: 401 },
      { days: '3' },
      {},
    ]) {
      expect(await clock(body)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/时刻|天数/) } });
    }
  });
});
