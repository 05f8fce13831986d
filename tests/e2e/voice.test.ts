/**
 * 语音说事 in a real browser: a resident holds the talk button on the submit page while Chromium's
 * fake microphone plays a WAV made for the test (tests/e2e/fixtures), sends the request with no
 * typed words, and the representative handling it plays the recording back from the case.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CaseSummary, CaseView, Page as ListPage } from '../../types/api';
import { REP_LI } from '../harness';
import { browserSuite, button, screenshots } from './local';
import { network } from './network';

jest.setTimeout(180_000);

const WAV = join(__dirname, 'fixtures', 'voice.wav');
const { url, pageAs, api } = browserSuite({
  chromiumArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${WAV}`],
});
const RESIDENT = 'dev-e2e-voice';
const SUBMIT = '/pages/submit/index?code=QX0001';
const casesOf = (openid: string) => api<ListPage<CaseSummary>>('resident', { action: 'myCases' }, openid);

/** Holds the talk button about two seconds (while the fake microphone plays), `whileHeld` seeing it listen. */
async function holdToTalk(page: Page, whileHeld: () => Promise<void> = async () => undefined): Promise<void> {
  const talk = page.locator('.talk');
  await talk.scrollIntoViewIfNeeded();
  await talk.locator('.talk-label', { hasText: '按住说话' }).waitFor();
  const box = (await talk.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await talk.locator('.talk-label', { hasText: /正在听… [12]秒/ }).waitFor();
  await talk.locator('.talk-hint', { hasText: '松开结束' }).waitFor();
  await whileHeld();
  await page.waitForTimeout(2200);
  await page.mouse.up();
}

/** A case's recording as served: WebM bytes. */
async function servedAudio(page: Page, address: string) {
  const served = await page.evaluate(async (a) => {
    const res = await fetch(a);
    return { type: res.headers.get('content-type'), bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
  }, address);
  expect(served.type).toBe('audio/webm');
  const bytes = Buffer.from(served.bytes);
  expect(bytes.length).toBeGreaterThan(1000);
  expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
  return bytes;
}

it('sends a request said by voice with no typed words, and the representative plays it back', async () => {
  const shots = screenshots('voice');
  const page = await pageAs(RESIDENT);
  await page.goto(url(SUBMIT));

  // hold the button about two seconds: it listens and counts the seconds, then keeps the recording
  await holdToTalk(page, () => shots.take(page, 'listening'));
  const recording = page.locator('.recording', { hasText: /录音1（[23]秒）/ });
  await recording.waitFor();
  await shots.take(page, 'recorded');

  // nothing typed (headless Chromium recognises nothing): the recording alone is the request
  expect(await page.locator('.textarea textarea').first().inputValue()).toBe('');
  await button(page, '提交').click();
  await page.locator('.done-title').waitFor();

  const mine = await casesOf(RESIDENT);
  expect(mine.total).toBe(1);
  const caseId = mine.items[0]!.id;
  const kept = (await api<CaseView>('case', { action: 'detail', caseId }, REP_LI)).recordings;
  expect(kept).toEqual([
    { id: expect.stringMatching(/^\/uploads\/[0-9a-f]{32}\.webm$/), url: expect.any(String), seconds: expect.any(Number), flagged: false },
  ]);
  expect(kept[0]!.seconds).toBeGreaterThanOrEqual(1.5);

  // the representative opens the case and plays it
  const rep = await pageAs(REP_LI);
  await rep.goto(url(`/pages/case/index?id=${caseId}`));
  const play = rep.locator('.recording-act', { hasText: '播放' });
  await play.waitFor();
  await play.click();
  await rep.locator('.recording-act', { hasText: '停止' }).waitFor();
  await shots.take(rep, 'playing');
  const heard = await rep.waitForFunction(() => {
    const audio = document.querySelector<HTMLAudioElement>('audio#recording-player');
    return audio && audio.duration > 0 && (audio.currentTime > 0 || audio.ended) ? { src: audio.currentSrc, duration: audio.duration } : null;
  });
  const { src, duration } = (await heard.jsonValue())!;
  expect(duration).toBeGreaterThan(0);
  expect(new URL(src).pathname).toBe(kept[0]!.id);

  // the file served is the one recorded: WebM, named by the hash of its bytes when it was uploaded
  const bytes = await servedAudio(rep, src);
  expect(kept[0]!.id).toBe(`/uploads/${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.webm`);
});

it('keeps a request said by voice without a network on the phone through closing the page, and sends it once, recording and all, when the network returns', async () => {
  const who = 'dev-e2e-voice-offline';
  const shots = screenshots('voice-offline');
  const first = await pageAs(who);
  const context = first.context();
  const net = await network(context);
  await first.goto(url(SUBMIT));
  await first.locator('.talk').waitFor();
  await net.set(true);

  // the upload fails for want of a network: the recording is kept on the phone, and says so
  await holdToTalk(first);
  await first.locator('.recording', { hasText: /录音1（[23]秒） · 待上传/ }).waitFor();
  await first.locator('.recording-act', { hasText: '播放' }).waitFor();
  await first.locator('.hint', { hasText: '录音先存在手机里' }).waitFor();
  expect(await first.locator('.textarea textarea').first().inputValue()).toBe('');
  await shots.take(first, 'recorded-offline');
  await button(first, '提交').click();
  await first.locator('.queued', { hasText: '没有网络，已存好，有网时会自动发出' }).waitFor();
  await first.locator('.waiting-item', { hasText: '只有录音' }).filter({ hasText: '带 1 段录音' }).waitFor();
  await first.close();

  // the app opened again, still without a network; then the network returns: it goes by itself
  const second = await context.newPage();
  await second.goto(url(SUBMIT));
  await net.set(true);
  await second.locator('.waiting-item', { hasText: '带 1 段录音' }).waitFor();
  expect((await casesOf(who)).total).toBe(0);
  await net.set(false);
  await second.locator('.waiting .card-title', { hasText: '没网时存的事都已发出' }).waitFor({ timeout: 30_000 });
  const mine = await casesOf(who);
  expect(mine.total).toBe(1);
  await second.locator('.waiting-sent', { hasText: `已发出，编号 ${mine.items[0]!.no}` }).waitFor();

  // the case has the recording, served as the audio recorded
  const kept = (await api<CaseView>('case', { action: 'detail', caseId: mine.items[0]!.id }, REP_LI)).recordings;
  expect(kept).toHaveLength(1);
  expect(kept[0]!.seconds).toBeGreaterThanOrEqual(1.5);
  await servedAudio(second, kept[0]!.url);
});
