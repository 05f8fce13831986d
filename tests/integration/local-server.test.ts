/**
 * The local server's other routes: photo uploads kept under the data directory, the pages' files,
 * printable contact cards, who is signed in, and running a timer now.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { createLocalServer, listen } from '../../src/runtime/local/server';
import { FixedClock, MONDAY_9AM, quietLog, REP_LI, tempDir, WANG } from '../harness';

let runtime: LocalRuntime;
let server: Server;
let base: string;
const uploads = join(tempDir('lianxin-uploads-'), 'uploads');
const h5 = tempDir('lianxin-h5-');

beforeAll(async () => {
  mkdirSync(join(h5, 'js'));
  writeFileSync(join(h5, 'index.html'), '<!DOCTYPE html><title>连心桥</title>');
  writeFileSync(join(h5, 'js', 'app.js'), 'console.log(1)');
  runtime = await openLocalRuntime({ clock: new FixedClock(MONDAY_9AM), log: quietLog, uploadsDir: uploads });
  server = createLocalServer(runtime, { uploadsDir: uploads, h5Dir: h5 });
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(async () => {
  server.close();
  await runtime.close();
});

const upload = (body: Buffer | string, type: string, openid: string | null = WANG) =>
  fetch(`${base}/api/upload`, { method: 'POST', headers: { 'content-type': type, ...(openid ? { 'x-lianxin-openid': openid } : {}) }, body: typeof body === 'string' ? body : new Uint8Array(body) });

describe('photo uploads', () => {
  it('keeps a signed-in resident’s photo under the data directory and serves it back', async () => {
    const png = await QRCode.toBuffer('照片', { type: 'png' });
    const res = await upload(png, 'image/png');
    const { data } = (await res.json()) as { data: { url: string } };
    expect(data.url).toMatch(/^\/uploads\/[0-9a-f]{32}\.png$/);
    expect(readdirSync(uploads)).toContain(data.url.slice('/uploads/'.length));
    const back = await fetch(`${base}${data.url}`);
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await back.arrayBuffer()).equals(png)).toBe(true);
    // the same photo twice is kept once
    expect(((await (await upload(png, 'image/png')).json()) as { data: { url: string } }).data.url).toBe(data.url);
  });

  it('refuses uploads from nobody, of non-images, and empty ones, with a Chinese message', async () => {
    const before = readdirSync(uploads).length;
    expect(await (await upload('x', 'image/png', null)).json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await (await upload('<script>', 'text/html')).json()).toMatchObject({ ok: false, error: { message: '只能上传 JPG、PNG、WebP 或 GIF 照片' } });
    expect(await (await upload('', 'image/jpeg')).json()).toMatchObject({ ok: false, error: { message: '照片是空的' } });
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
    expect(code).toEqual({ ok: true, data: { cardCode: 'QX0001', url: '/uploads/cards/QX0001.png' } });
    const png = Buffer.from(await (await fetch(`${base}/uploads/cards/QX0001.png`)).arrayBuffer());
    expect(png.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it('says who is signed in', async () => {
    const me = await fetch(`${base}/api/dev/me`, { headers: { 'x-lianxin-openid': WANG } });
    expect(await me.json()).toMatchObject({ ok: true, data: { openid: WANG, label: '群众 · 王大爷（桃源村）' } });
    expect(await (await fetch(`${base}/api/dev/me`)).json()).toEqual({ ok: true, data: null });
  });

  it('runs a timer now on request, and refuses one that does not exist', async () => {
    expect(await (await fetch(`${base}/api/dev/timer/deliver`, { method: 'POST' })).json()).toMatchObject({ ok: true, data: { delivered: 0 } });
    expect(await (await fetch(`${base}/api/dev/timer/nope`, { method: 'POST' })).json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  });
});
