/**
 * 语音说事: recording what a resident says, and the words a recogniser heard in it, behind one
 * service. In the mini-program WeChat's speech plugin (WechatSI, 同声传译) records and recognises
 * at once; in h5 the browser records (MediaRecorder) and recognises where it can (SpeechRecognition,
 * zh-CN): the recording is kept either way, since dialect defeats recognisers. Playing a kept
 * recording is here too.
 */
import Taro from '@tarojs/taro';

/** What one press of the talk button made: the recording's temporary path, its seconds, the words heard (maybe none). */
export interface Said {
  path: string;
  seconds: number;
  text: string;
}

/** A recording under way: `stop` ends it, `done` answers what was said (null when nothing was recorded). */
export interface Listening {
  stop(): void;
  done: Promise<Said | null>;
}

/** Why listening could not start, in words for the resident. */
export class VoiceProblem extends Error {}

const MIC_REFUSED = '没有拿到麦克风：请允许使用麦克风后再按住说话；也可以直接写字';

/** WechatSI's recognition manager (https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/extended/translator.html). */
interface RecordRecognitionManager {
  start(options: { duration: number; lang: string }): void;
  stop(): void;
  onStart: (res: { msg: string }) => void;
  onStop: (res: { tempFilePath: string; duration: number; fileSize: number; result: string }) => void;
  onError: (res: { retcode: number; msg: string }) => void;
}

/** The plugin's manager, or null where there is no WechatSI (developer tools without it, tests of the weapp build). */
function recognitionManager(): RecordRecognitionManager | null {
  try {
    const plugin = Taro.requirePlugin('WechatSI') as { getRecordRecognitionManager?: () => RecordRecognitionManager } | undefined;
    return plugin?.getRecordRecognitionManager?.() ?? null;
  } catch {
    return null;
  }
}

/** Seconds as kept: a tenth of a second at most, never over the limit. */
const secondsOf = (ms: number, maxSeconds: number) => Math.min(maxSeconds, Math.round(ms / 100) / 10);

function listenInWeChat(maxSeconds: number): Promise<Listening> {
  const manager = recognitionManager();
  if (!manager) return Promise.reject(new VoiceProblem('这个微信版本不能语音输入，请直接写字'));
  return new Promise((started, refused) => {
    let resolveDone: (said: Said | null) => void = () => undefined;
    const done = new Promise<Said | null>((resolve) => (resolveDone = resolve));
    let running = false;
    manager.onStart = () => {
      running = true;
      started({ stop: () => running && manager.stop(), done });
    };
    manager.onStop = (res) => {
      running = false;
      resolveDone(res.tempFilePath ? { path: res.tempFilePath, seconds: secondsOf(res.duration, maxSeconds), text: res.result ?? '' } : null);
    };
    manager.onError = (res) => {
      // -30001: the recorder itself (no microphone permission); others: recognition failed, the recording may still come in onStop
      if (!running) refused(new VoiceProblem(res.retcode === -30001 ? MIC_REFUSED : `没有开始录音（${res.msg}），请再按住说话`));
      else if (res.retcode === -30001) resolveDone(null);
    };
    manager.start({ duration: maxSeconds * 1000, lang: 'zh_CN' });
  });
}

interface Recognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult: ((e: { resultIndex: number; results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }> }) => void) | null;
  onerror: (() => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}

/** The browser's recogniser of Chinese speech, started, or null where the browser has none (or it cannot start). */
function browserRecognition(heard: string[]): { ended: Promise<void>; stop(): void } | null {
  const scope = window as unknown as { SpeechRecognition?: new () => Recognition; webkitSpeechRecognition?: new () => Recognition };
  const Recognizer = scope.SpeechRecognition ?? scope.webkitSpeechRecognition;
  if (!Recognizer) return null;
  try {
    const r = new Recognizer();
    r.lang = 'zh-CN';
    r.continuous = true;
    r.interimResults = false;
    r.onresult = (e) => {
      for (let i = e.resultIndex; i < e.results.length; i++) if (e.results[i]!.isFinal) heard.push(e.results[i]![0]!.transcript);
    };
    // no service (offline, or a browser without one): the recording alone is kept
    const ended = new Promise<void>((resolve) => {
      r.onend = () => resolve();
      r.onerror = () => resolve();
    });
    r.start();
    return { ended, stop: () => r.stop() };
  } catch {
    return null;
  }
}

const BROWSER_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/ogg', 'audio/mp4'];
/** how long the recogniser may take to give its last words once the button is let go */
const LAST_WORDS_MS = 1500;

async function listenInBrowser(maxSeconds: number): Promise<Listening> {
  if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') throw new VoiceProblem('这个浏览器不能录音，请直接写字');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch {
    throw new VoiceProblem(MIC_REFUSED);
  }
  const mimeType = BROWSER_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  const heard: string[] = [];
  const began = Date.now();
  const done = new Promise<Said | null>((resolve) => {
    recorder.onstop = async () => {
      const seconds = secondsOf(Date.now() - began, maxSeconds);
      for (const track of stream.getTracks()) track.stop();
      if (recognition) await Promise.race([recognition.ended, new Promise((r) => setTimeout(r, LAST_WORDS_MS))]);
      const blob = new Blob(chunks, { type: recorder.mimeType || mimeType || 'audio/webm' });
      resolve(blob.size > 0 ? { path: URL.createObjectURL(blob), seconds, text: heard.join('') } : null);
    };
  });
  recorder.start();
  const recognition = browserRecognition(heard);
  return {
    stop: () => {
      if (recorder.state !== 'inactive') recorder.stop();
      recognition?.stop();
    },
    done,
  };
}

/** Starts listening (rejects with a VoiceProblem saying why it cannot); it stops by itself after `maxSeconds`. */
export const startListening: (maxSeconds: number) => Promise<Listening> = process.env.TARO_ENV === 'weapp' ? listenInWeChat : listenInBrowser;

/** Plays one kept recording at a time; `onEnd` hears when it finished or could not play. */
interface Player {
  play(src: string, onEnd: () => void): void;
  stop(): void;
}

const cannotPlay = (onEnd: () => void) => () => {
  onEnd();
  void Taro.showToast({ title: '录音放不出来，请稍后再试', icon: 'none' });
};

/** In the mini-program: WeChat's audio context, which plays a cloud file id as it is. */
function weChatPlayer(): Player {
  let audio: Taro.InnerAudioContext | null = null;
  const stop = () => {
    audio?.destroy();
    audio = null;
  };
  return {
    play(src, onEnd) {
      stop();
      audio = Taro.createInnerAudioContext();
      audio.src = src;
      audio.onEnded(onEnd);
      audio.onError(cannotPlay(onEnd));
      audio.play();
    },
    stop,
  };
}

/** In h5: one <audio> element of the page (hidden: the page's own button plays it), `#recording-player`. */
function browserPlayer(): Player {
  const element = (): HTMLAudioElement => {
    const found = document.getElementById('recording-player');
    if (found instanceof HTMLAudioElement) return found;
    const audio = document.createElement('audio');
    audio.id = 'recording-player';
    audio.preload = 'auto';
    document.body.appendChild(audio);
    return audio;
  };
  return {
    play(src, onEnd) {
      const audio = element();
      audio.onended = onEnd;
      audio.onerror = cannotPlay(onEnd);
      audio.src = src;
      // another recording started meanwhile (AbortError) is no failure
      audio.play().catch((err: unknown) => (err as { name?: string } | null)?.name !== 'AbortError' && cannotPlay(onEnd)());
    },
    stop() {
      const audio = element();
      audio.onended = null;
      audio.pause();
    },
  };
}

/** Plays kept recordings: their temporary addresses (or, in the mini-program, cloud file ids). */
export const player: Player = process.env.TARO_ENV === 'weapp' ? weChatPlayer() : browserPlayer();
