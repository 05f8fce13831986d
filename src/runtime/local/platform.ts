/**
 * The local platform: a card's code is a QR code of its h5 link (there is no WeChat to make a
 * mini-program code), and files are kept under `<data dir>/uploads` and served by the local
 * server (in memory when the runtime has no data directory).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import QRCode from 'qrcode';
import type { Platform } from '../../server/ctx';

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
  };
}
