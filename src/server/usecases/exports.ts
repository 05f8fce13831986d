/**
 * Workbooks the office downloads (ledger, statistics, the import template): kept in private
 * storage under an unguessable name, handed out at a temporary address, and deleted after a day
 * (`RULES.retention.exportHours`, by the housekeeping timer): they hold residents' data. A
 * workbook the office uploads to import (staff names and phones) is deleted the same way.
 */
import { createHash, randomBytes } from 'node:crypto';
import type ExcelJS from 'exceljs';
import type { KeptExport } from '../../../types/domain';
import type { Ctx } from '../ctx';
import { checked, collection } from '../store';

/** Keeps the workbook and answers where to download it from, and the name to save it under. */
/** A kept file as a page receives it: a temporary address (h5) and the file id (the mini-program downloads by id). */
export interface KeptFile {
  url: string;
  fileId: string;
  fileName: string;
}

export async function keepExport(ctx: Ctx, book: ExcelJS.Workbook, fileName: string): Promise<KeptFile> {
  // an unguessable name: the file holds what only the office may read
  const name = randomBytes(16).toString('hex');
  const fileId = await ctx.platform.saveFile(`exports/${name}.xlsx`, Buffer.from(await book.xlsx.writeBuffer()));
  const kept: Omit<KeptExport, '_id'> = { fileId, createdAt: ctx.clock.now() };
  checked(await ctx.db.collection('exports').doc(name).set(kept));
  return { url: (await ctx.platform.fileUrls([fileId]))[0]!, fileId, fileName };
}

/** Counts an uploaded file among the workbooks deleted a day after they were kept (here: last read). */
export async function deleteAfterADay(ctx: Ctx, fileId: string): Promise<void> {
  const name = `upload-${createHash('sha256').update(fileId).digest('hex').slice(0, 32)}`;
  const kept: Omit<KeptExport, '_id'> = { fileId, createdAt: ctx.clock.now() };
  checked(await ctx.db.collection('exports').doc(name).set(kept));
}

/** Deletes an uploaded file that is no longer needed; if storage refuses now, the housekeeping timer does it within a day. */
export async function forgetUpload(ctx: Ctx, fileId: string): Promise<void> {
  try {
    await ctx.platform.deleteFiles([fileId]);
  } catch (err) {
    ctx.log.warn('upload not deleted, left to housekeeping', { fileId, error: err instanceof Error ? err.message : String(err) });
    await deleteAfterADay(ctx, fileId);
  }
}

/** Deletes the workbooks kept longer than the rules allow, a page at a time; answers how many. */
export async function deleteOldExports(ctx: Ctx): Promise<number> {
  const before = ctx.clock.now() - ctx.rules.retention.exportHours * 3600 * 1000;
  const { data } = checked(await collection<KeptExport>(ctx.db, 'exports').where({ createdAt: ctx.db.command.lt(before) }).orderBy('createdAt', 'asc').limit(100).get());
  if (data.length === 0) return 0;
  await ctx.platform.deleteFiles(data.map((e) => e.fileId));
  for (const e of data) checked(await ctx.db.collection('exports').doc(e._id).remove());
  return data.length;
}

/** A sheet of a report: a bold, frozen header row and the rows under it. */
export function addSheet(book: ExcelJS.Workbook, name: string, headers: string[], rows: Array<Array<string | number>>): ExcelJS.Worksheet {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ header: h, width: Math.max(12, h.length * 3) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return ws;
}
