/**
 * WeChat's privacy authorisation (用户隐私保护指引): the first time a page calls an API that
 * handles personal information (getLocation, chooseMedia, chooseMessageFile,
 * saveImageToPhotosAlbum, setClipboardData), WeChat asks the mini-program to show its guide and waits. The app
 * registers once (`listenForPrivacy`); the page's Screen shows the prompt (PrivacyPrompt), and the
 * person's answer is handed back to every call waiting for it. A call the person declined fails:
 * `privacyDeclined` tells such a failure apart, so the page says in words what will not work.
 * https://developers.weixin.qq.com/miniprogram/dev/framework/user-privacy/PrivacyAuthorize.html
 */
import Taro from '@tarojs/taro';

/** The id of the prompt's 同意 button, which WeChat checks was tapped. */
export const AGREE_BUTTON = 'privacy-agree';
const EVENT = 'lianxin:privacy';

type Resolve = (answer: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;
const waiting: Resolve[] = [];

/** Registers the app's answer to WeChat's request for authorisation (once, at launch; mini-program only). */
export function listenForPrivacy(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    waiting.push(resolve as Resolve);
    Taro.eventCenter.trigger(EVENT, true);
  });
}

/** The person's answer, handed to every call that waits for it. */
export function answerPrivacy(agreed: boolean): void {
  for (const resolve of waiting.splice(0)) resolve(agreed ? { event: 'agree', buttonId: AGREE_BUTTON } : { event: 'disagree' });
  Taro.eventCenter.trigger(EVENT, false);
}

/** Follows whether the prompt should show. */
export function onPrivacyPrompt(show: (open: boolean) => void): () => void {
  Taro.eventCenter.on(EVENT, show);
  return () => Taro.eventCenter.off(EVENT, show);
}

/** Opens the guide the office filled in (微信公众平台 → 服务内容声明 → 用户隐私保护指引). */
export function openPrivacyGuide(): void {
  if (typeof Taro.openPrivacyContract === 'function') Taro.openPrivacyContract({});
}

/** Whether an API call failed because the person did not agree to the privacy guide (errno 103/104). */
export function privacyDeclined(err: unknown): boolean {
  const e = (err ?? {}) as { errno?: unknown; errMsg?: unknown };
  return e.errno === 103 || e.errno === 104 || /privacy permission is not authorized/.test(String(e.errMsg ?? ''));
}

/** Copies a case number (WeChat confirms with its own toast); one that could not be copied is said in words. */
export async function copyText(data: string): Promise<void> {
  try {
    await Taro.setClipboardData({ data });
  } catch (err) {
    const title = privacyDeclined(err) ? '没有复制：同意隐私保护指引后才能复制' : '没有复制，请把编号记下来';
    await Taro.showToast({ title, icon: 'none', duration: 3000 }).catch(() => undefined);
  }
}
