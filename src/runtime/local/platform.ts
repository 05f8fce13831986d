/**
 * The local platform: a card's (a wall's) code is a QR code of its h5 link (there is no WeChat to make a
 * mini-program code), and files are kept under `<data dir>/uploads` and served by the local
 * server (in memory when the runtime has no data directory). Like CloudBase's private storage,
 * a kept file is served only at a temporary address the functions sign for a caller who may see
 * it (or to whoever uploaded it). There is no WeChat content check either: the local one flags the
 * phrases below, so the office's review (内容核对) can be tried.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import QRCode from 'qrcode';
import type { TextVerdict } from '../../../types/domain';
import type { Clock, CodeTarget, Platform } from '../../server/ctx';
import { isPseudonymKey, pseudonymWith } from '../../server/pseudonym';
import { storagePath } from '../../server/store';

/** How long a temporary address lasts, as CloudBase's do here (TEMP_URL_SECONDS). */
const TEMP_URL_MS = 2 * 3600 * 1000;

/** Temporary addresses of kept files: signed with a secret of this process, checked by the local server. */
export interface LocalFiles {
  /** `/uploads/…?expires=…&sig=…` for a kept file's id (`/uploads/…`), its path escaped as a URL's */
  sign(fileId: string): string;
  /** whether a request for `path` (unescaped: a kept file's id) carries a signature that is right and not yet expired */
  signed(path: string, params: URLSearchParams): boolean;
}

export function localFiles(clock: Clock, secret: Buffer = randomBytes(32)): LocalFiles {
  const mac = (path: string, expires: number) => createHmac('sha256', secret).update(`${path}\n${expires}`).digest('hex').slice(0, 32);
  return {
    sign(fileId) {
      const expires = clock.now() + TEMP_URL_MS;
      return `${encodeURI(fileId)}?expires=${expires}&sig=${mac(fileId, expires)}`;
    },
    signed(path, params) {
      const expires = Number(params.get('expires'));
      const sig = params.get('sig') ?? '';
      if (!Number.isFinite(expires) || expires < clock.now() || sig.length !== 32) return false;
      return timingSafeEqual(Buffer.from(sig), Buffer.from(mac(path, expires)));
    },
  };
}

/** What the local content check flags, with msgSecCheck's label for each: 20008 欺诈, 20006 违法犯罪, 10001 广告. */
export const LOCAL_FLAGGED: ReadonlyArray<{ phrase: string; label: number }> = [
  { phrase: '刷单返利', label: 20008 },
  { phrase: '网络赌博', label: 20006 },
  { phrase: '代开发票', label: 10001 },
];

export function localTextCheck(text: string): TextVerdict {
  const hit = LOCAL_FLAGGED.find((f) => text.includes(f.phrase));
  return hit ? { suggest: 'risky', label: hit.label } : { suggest: 'pass', label: 100 };
}

/** The h5 address of a contact card: what its printed QR code opens locally. */
export const cardUrl = (base: string, cardCode: string) => `${base}/#/pages/card/index?code=${encodeURIComponent(cardCode)}`;

/** The h5 address a printed code opens locally: a card, or a village's wall. */
export const codeUrl = (base: string, target: CodeTarget) =>
  target.page === 'card' ? cardUrl(base, target.cardCode) : `${base}/#/pages/wall/index?village=${encodeURIComponent(target.villageId)}`;

export function localPlatform(options: { uploadsDir?: string; baseUrl: string; files: LocalFiles; pseudonymKey?: Buffer }): Platform {
  const memory = new Map<string, Buffer>();
  return {
    codeVersion: 'local',
    codeImage: (target) => QRCode.toBuffer(codeUrl(options.baseUrl, target), { type: 'png', margin: 1, width: 430, errorCorrectionLevel: 'M' }),
    async saveFile(path, content) {
      if (!options.uploadsDir) memory.set(path, content);
      else {
        const file = join(options.uploadsDir, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
      return `/uploads/${path}`;
    },
    fileUrls: async (fileIds) => fileIds.map((id) => options.files.sign(id)),
    async readFile(fileId) {
      const path = storagePath(fileId);
      const content =
        path && (options.uploadsDir ? (existsSync(join(options.uploadsDir, path)) ? readFileSync(join(options.uploadsDir, path)) : null) : memory.get(path));
      if (!content) throw new Error(`no kept file ${fileId}`);
      return content;
    },
    // the local server notes each uploader beside the photo; with no folder (tests in memory) nothing can be uploaded, and ids stand for themselves
    uploads: !!options.uploadsDir,
    async isOwnPhoto(openid, fileId) {
      if (!options.uploadsDir) return true;
      const owners = join(options.uploadsDir, `${fileId.replace(/^\/uploads\//, '')}.owners`);
      return /^\/uploads\/[0-9a-f]{32}\.\w+$/.test(fileId) && existsSync(owners) && readFileSync(owners, 'utf8').split('\n').includes(openid);
    },
    async deleteFiles(fileIds) {
      for (const id of fileIds) {
        const path = id.replace(/^\/uploads\//, '');
        if (!options.uploadsDir) memory.delete(path);
        else if (existsSync(join(options.uploadsDir, path))) {
          rmSync(join(options.uploadsDir, path));
          // a raw photo upload goes with the note of who uploaded it
          rmSync(join(options.uploadsDir, `${path}.owners`), { force: true });
          // an export's own folder goes with it (exports/<random>/<file name>)
          if (/^exports\/[0-9a-f]{32}\//.test(path)) rmSync(join(options.uploadsDir, dirname(path)), { recursive: true, force: true });
        }
      }
    },
    checkText: async ({ text }) => localTextCheck(text),
    // no media check without WeChat: a local photo (recording) passes at once
    checkMedia: async () => ({ verdict: { suggest: 'pass', label: 100 } }),
    pseudonym: pseudonymWith(options.pseudonymKey ?? randomBytes(32)),
  };
}

/**
 * The key of the local pseudonyms, kept beside the database in `<data dir>/pseudonym.key` (made on
 * the first run, readable by its owner only): votes and limits must still match after a restart.
 */
export function localPseudonymKey(dataDir: string): Buffer {
  const file = join(dataDir, 'pseudonym.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  const text = readFileSync(file, 'utf8');
  if (!isPseudonymKey(text)) throw new Error(`${file} is not 64 hex digits: restore it from a backup (votes and limits depend on it)`);
  return Buffer.from(text.trim(), 'hex');
}
