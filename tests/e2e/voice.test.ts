/**
 * 语音说事 in a real browser: a resident holds the talk button on the submit page while Chromium's
 * fake microphone plays a WAV made for the test (tests/e2e/fixtures), sends the request with no
 * typed words, and the representative handling it plays the recording back from the case.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CaseSummary, CaseView, Page as ListPage } from '../../types/api';
import { REP_LI } from '../harness';
import { browserSuite, button, screenshots } from './local';

jest.setTimeout(180_000);

const WAV = join(__dirname, 'fixtures', 'voice.wav');
const { url, pageAs, api } = browserSuite({
  chromiumArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${WAV}`],
});
const RESIDENT = 'dev-e2e-voice';

it('sends a request said by voice with no typed words, and the representative plays it back', async () => {
  const shots = screenshots('voice');
  const page = await pageAs(RESIDENT);
  await page.goto(url('/pages/submit/index?code=QX0001'));
  const talk = page.locator('.talk');
  await talk.scrollIntoViewIfNeeded();
  await talk.locator('.talk-label', { hasText: '按住说话' }).waitFor();

  // hold the button about two seconds: it listens and counts the seconds, then keeps the recording
  const box = (await talk.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await talk.locator('.talk-label', { hasText: /正在听… [12]秒/ }).waitFor();
  await talk.locator('.talk-hint', { hasText: '松开结束' }).waitFor();
  await shots.take(page, 'listening');
  await page.waitForTimeout(2200);
  await page.mouse.up();
  const recording = page.locator('.recording', { hasText: /录音1（[23]秒）/ });
  await recording.waitFor();
  await shots.take(page, 'recorded');

  // nothing typed (headless Chromium recognises nothing): the recording alone is the request
  expect(await page.locator('.textarea textarea').first().inputValue()).toBe('');
  await button(page, '提交').click();
  await page.locator('.done-title').waitFor();

  const mine = await api<ListPage<CaseSummary>>('resident', { action: 'myCases' }, RESIDENT);
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
  const served = await rep.evaluate(async (address) => {
    const res = await fetch(address);
    return { type: res.headers.get('content-type'), bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
  }, src);
  expect(served.type).toBe('audio/webm');
  const bytes = Buffer.from(served.bytes);
  expect(bytes.length).toBeGreaterThan(1000);
  expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
  expect(kept[0]!.id).toBe(`/uploads/${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.webm`);
});
