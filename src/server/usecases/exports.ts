/** Workbooks the office downloads (ledger, statistics, the import template): kept in storage under an unguessable name. */
import { randomBytes } from 'node:crypto';
import type ExcelJS from 'exceljs';
import type { Ctx } from '../ctx';

/** Keeps the workbook and answers where to download it from, and the name to save it under. */
export async function keepExport(ctx: Ctx, book: ExcelJS.Workbook, fileName: string): Promise<{ url: string; fileName: string }> {
  // an unguessable name: the file holds what only the office may read
  const id = await ctx.platform.saveFile(`exports/${randomBytes(16).toString('hex')}.xlsx`, Buffer.from(await book.xlsx.writeBuffer()));
  return { url: await ctx.platform.fileUrl(id), fileName };
}

/** A sheet of a report: a bold, frozen header row and the rows under it. */
export function addSheet(book: ExcelJS.Workbook, name: string, headers: string[], rows: Array<Array<string | number>>): ExcelJS.Worksheet {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ header: h, width: Math.max(12, h.length * 3) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return ws;
}
