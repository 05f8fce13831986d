/**
 * The local platform: a card's code is a QR code of its h5 link (there is no WeChat to make a
 * mini-program code), and files are kept under `<data dir>/uploads` and served by the local
 * server (in memory when the runtime has no data directory). There is no WeChat content check
 * either: the local one flags the phrases below, so the office's review (内容核对) can be tried.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import QRCode from 'qrcode';
import type { TextVerdict } from '../../../types/domain';
import type { Platform } from '../../server/ctx';

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

export function localPlatform(options: { uploadsDir?: string; baseUrl: string }): Platform {
  const memory = new Map<string, Buffer>();
  return {
    cardCodeImage: (cardCode) => QRCode.toBuffer(cardUrl(options.baseUrl, cardCode), { type: 'png', margin: 1, width: 430, errorCorrectionLevel: 'M' }),
    async saveFile(path, content) {
      if (!options.uploadsDir) memory.set(path, content);
      else {
        const file = join(options.uploadsDir, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
      return `/uploads/${path}`;
    },
    fileUrl: async (fileId) => fileId,
    checkText: async ({ text }) => localTextCheck(text),
    // no image check without WeChat: a local photo passes at once
    checkImage: async () => ({ verdict: { suggest: 'pass', label: 100 } }),
  };
}
