/**
 * What every handler gets injected: the database (the real CloudBase SDK object in production,
 * the embedded engine locally), the caller, a clock, the messenger and a log. Use cases never
 * reach for globals, so tests can fix the clock and swap the runtime.
 */
import type { Rules } from '../../config/rules';
import type { Database } from '../../types/db';
import type { Delivery, TextVerdict } from '../../types/domain';
import type { Pseudonym } from './pseudonym';

export interface Clock {
  now(): number;
}

export interface Log {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

/**
 * Delivers one outbox entry to its recipient: always into the in-app message centre, and in
 * production also as a WeChat subscribe message unless `push` is false (no consent left: see
 * usecases/consents.ts). 'pushed': the subscribe message went out; 'delivered': the message centre
 * only (no push asked for, or no template for its kind); 'unsubscribed': WeChat refused the push
 * because the person has no subscription left (43101), the message centre has it. Throws when
 * delivery failed and should be retried.
 */
export interface Messenger {
  deliver(delivery: Delivery, options?: { push: boolean }): Promise<'pushed' | 'delivered' | 'unsubscribed'>;
  /** 长期订阅消息 granted (config/deployment.ts `longTermSubscribe`): pushes need no counted consent */
  longTerm?: boolean;
}

/** What a printed code opens: a representative's contact card, or a village's echo wall (回音墙). */
export type CodeTarget = { page: 'card'; cardCode: string } | { page: 'wall'; villageId: string };

/**
 * What only the platform provides: the code printed on a contact card and file storage. In
 * production WeChat's mini-program code (wxacode.getUnlimited) and CloudBase storage; locally a
 * QR code of the card's h5 link and files under the data directory.
 */
export interface Platform {
  /** the version of the mini-program a card's code opens (`release`, `trial`, `develop`; `local`): stored codes are kept per version */
  codeVersion: string;
  /**
   * a PNG that opens what it is printed for when scanned (a card's page, a village's wall); throws
   * an AppError when the version it would open cannot have codes yet (before the first release)
   */
  codeImage(target: CodeTarget): Promise<Buffer>;
  /** keeps a file at `path`, answering its id */
  saveFile(path: string, content: Buffer): Promise<string>;
  /**
   * temporary addresses a page can show kept files from (storage is private: a file is reached only
   * through an address the functions hand to a caller who may see it), in the order asked
   */
  fileUrls(fileIds: readonly string[]): Promise<string[]>;
  /** deletes kept files (exports past their day) */
  deleteFiles(fileIds: readonly string[]): Promise<void>;
  /**
   * whether `openid` uploaded this photo: a request may carry only its sender's own photos (a file
   * id someone else uploaded would otherwise be a key to it)
   */
  isOwnPhoto(openid: string, fileId: string): Promise<boolean>;
  /**
   * whether people upload files into this storage, to be read back and cleaned before they are
   * kept (false only for the in-memory local platform of tests: nothing can be uploaded there, and
   * a photo's id stands for itself)
   */
  uploads: boolean;
  /** a kept file's content (an organisation workbook the office uploaded) */
  readFile(fileId: string): Promise<Buffer>;
  /**
   * WeChat's content check (security.msgSecCheck v2) of words `openid` wrote: `post` for a
   * request, `comment` for replies, reasons and ratings
   */
  checkText(input: { openid: string; scene: TextScene; text: string }): Promise<TextVerdict>;
  /**
   * WeChat's check of a kept photo (`image`) or recording (`audio`) (security.mediaCheckAsync): a
   * verdict now, or a trace id its answer will come back with through message push (the `media` function)
   */
  checkMedia(input: { openid: string; fileId: string; kind: MediaKind }): Promise<{ verdict: TextVerdict } | { traceId: string }>;
  /**
   * what stands for an identity where it must not be kept (a vote, the anonymous wall's limit): a
   * keyed hash whose key is kept outside the database (src/server/pseudonym.ts)
   */
  pseudonym: Pseudonym;
}

export type TextScene = 'post' | 'comment';

/** What a kept file the media check looks at holds: a photo, or a recording (语音说事). */
export type MediaKind = 'image' | 'audio';

export interface Ctx {
  db: Database;
  /** the WeChat openid of whoever called, or null for timers and anonymous calls */
  caller: { openid: string } | null;
  /** whether the call came from a mini-program (a person's phone), not a trigger or WeChat's message push */
  fromClient: boolean;
  clock: Clock;
  messenger: Messenger;
  platform: Platform;
  log: Log;
  rules: Rules;
}

export const consoleLog: Log = {
  info: (m, d) => console.log(JSON.stringify({ level: 'info', msg: m, ...d })),
  warn: (m, d) => console.warn(JSON.stringify({ level: 'warn', msg: m, ...d })),
  error: (m, d) => console.error(JSON.stringify({ level: 'error', msg: m, ...d })),
};
