/** Spreadsheets in and out of the office's pages: the browser's way in h5, WeChat's in the mini-program. */
import Taro from '@tarojs/taro';
import { call } from './api';

/** A file the functions kept: a temporary address for the browser, its id for the mini-program. */
export interface KeptFile {
  url: string;
  fileId: string;
  fileName?: string;
}

/**
 * A kept file on the phone: downloaded by its file id through cloud storage (Taro.cloud.downloadFile
 * needs no downloadFile legal domain, as a temporary address would), answering the local path.
 */
export async function downloadKept(file: Pick<KeptFile, 'fileId'>): Promise<string> {
  const res = await Taro.cloud.downloadFile({ fileID: file.fileId });
  if (res.statusCode !== 200 || !res.tempFilePath) throw new Error(`downloadFile ${file.fileId}: ${res.statusCode}`);
  return res.tempFilePath;
}

/** Opens a workbook the functions kept: downloaded by the browser, or opened by WeChat (to forward or print). */
export async function openFile(file: KeptFile & { fileName: string }): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    window.location.assign(`${file.url}${file.url.includes('?') ? '&' : '?'}name=${encodeURIComponent(file.fileName)}`);
    return;
  }
  await Taro.openDocument({ filePath: await downloadKept(file), fileType: 'xlsx', showMenu: true });
}

/** Asks the office function for a report workbook and opens it; says why in a toast if it cannot. */
export async function exportReport(action: string, filter: Record<string, string>): Promise<void> {
  const res = await call<KeptFile & { fileName: string }>('office', action, filter);
  if (res.ok) await openFile(res.data);
  else void Taro.showToast({ title: res.error.message, icon: 'none' });
}

/** Lets the office pick an .xlsx or .csv: its name and content (base64), or null if none was picked. */
export function pickSpreadsheet(): Promise<{ fileName: string; content: string } | null> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.xlsx,.csv';
      input.style.display = 'none';
      document.body.appendChild(input);
      input.onchange = () => {
        const file = input.files?.[0];
        input.remove();
        if (!file) return resolve(null);
        const reader = new FileReader();
        reader.onload = () => resolve({ fileName: file.name, content: String(reader.result).replace(/^data:[^,]*,/, '') });
        reader.onerror = () => resolve(null);
        reader.readAsDataURL(file);
      };
      input.click();
    });
  }
  // in WeChat a file comes from a chat (文件传输助手 works from a computer)
  return Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] }).then(
    ({ tempFiles }) =>
      new Promise((resolve) => {
        const file = tempFiles[0]!;
        Taro.getFileSystemManager().readFile({
          filePath: file.path,
          encoding: 'base64',
          success: (res) => resolve({ fileName: file.name, content: String(res.data) }),
          fail: () => resolve(null),
        });
      }),
    () => null,
  );
}
