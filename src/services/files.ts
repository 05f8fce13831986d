/** Spreadsheets in and out of the office's pages: the browser's way in h5, WeChat's in the mini-program. */
import Taro from '@tarojs/taro';
import type { ApiResult } from '../../types/api';
import { ApiFailure, cloudPathFor } from './api';
import { privacyDeclined } from './privacy';

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
    window.location.assign(file.url); // kept under its file name (server/usecases/exports.ts)
    return;
  }
  await Taro.openDocument({ filePath: await downloadKept(file), fileType: 'xlsx', showMenu: true });
}

/** Opens the report workbook an office call answers (`call('office', 'exportStatistics', …)`); says why in a toast if it cannot. */
export async function exportReport(asked: Promise<ApiResult<KeptFile & { fileName: string }>>): Promise<void> {
  const res = await asked;
  if (res.ok) await openFile(res.data);
  else void Taro.showToast({ title: res.error.message, icon: 'none' });
}

/**
 * Lets the office pick an .xlsx or .csv and uploads it (to its own imports/ folder of cloud storage
 * in the mini-program, to the local server in h5): its name and file id, or null if none was picked.
 */
export async function pickSpreadsheet(): Promise<{ fileName: string; fileId: string } | null> {
  if (process.env.TARO_ENV === 'h5') {
    const file = await new Promise<File | null>((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.xlsx,.csv';
      input.style.display = 'none';
      document.body.appendChild(input);
      input.onchange = () => {
        resolve(input.files?.[0] ?? null);
        input.remove();
      };
      input.click();
    });
    if (!file) return null;
    const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const res = await fetch('/api/upload', { method: 'POST', headers: { 'content-type': type }, credentials: 'same-origin', body: file });
    const body = (await res.json()) as ApiResult<{ url: string }>;
    if (!body.ok) throw new ApiFailure(body.error);
    return { fileName: file.name, fileId: body.data.url };
  }
  // in WeChat a file comes from a chat (文件传输助手 works from a computer)
  let picked: Taro.chooseMessageFile.ChooseFile;
  try {
    picked = (await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] })).tempFiles[0]!;
  } catch (err) {
    if (privacyDeclined(err)) throw new ApiFailure({ code: 'FORBIDDEN', message: '您没有同意隐私保护指引，所以不能选择文件；同意后再试' });
    return null; // cancelled
  }
  const ext = picked.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
  const { fileID } = await Taro.cloud.uploadFile({ cloudPath: await cloudPathFor('imports', ext), filePath: picked.path });
  return { fileName: picked.name, fileId: fileID };
}
