/**
 * Workbooks the office downloads (ledger, statistics, the import template): kept in private
 * storage under an unguessable name, handed out at a temporary address, and deleted after a day
 * (`RULES.retention.exportHours`, by the housekeeping timer): they hold residents' data. A
 * workbook the office uploads to import (staff names and phones) is deleted the same way.
 */
import { createHash, randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { KeptExport } from '../../../types/domain';
import { displayWidth, type ReportCell, type ReportColumn } from '../../domain/report';
import { SHANGHAI_OFFSET_MS } from '../../domain/shanghai';

export type { ReportCell } from '../../domain/report';
import type { Ctx } from '../ctx';
import { checked, collection } from '../store';

/** A kept file as a page receives it: a temporary address (h5) and the file id (the mini-program downloads by id). */
export interface KeptFile {
  url: string;
  fileId: string;
  fileName: string;
}

/**
 * What a kept file's name may not hold: what cloud storage advises against or treats specially
 * (https://developers.weixin.qq.com/minigame/dev/wxcloud/guide/storage/naming.html: Chinese is
 * kept and percent-encoded in its address), what Windows refuses, and control characters.
 */
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|#%`^{}[\]~,;=&$@+\s\p{Cc}]/gu;

/**
 * Keeps the workbook and answers where to download it from. It is kept in a folder of its own with
 * an unguessable name (it holds what only the office may read), under the name it is saved as: a
 * bare download link, opened anywhere, saves as 台账_….xlsx, not as a string of letters.
 */
export async function keepExport(ctx: Ctx, book: ExcelJS.Workbook, fileName: string): Promise<KeptFile> {
  return keepFile(ctx, fileName, Buffer.from(await book.xlsx.writeBuffer()));
}

async function keepFile(ctx: Ctx, fileName: string, content: Buffer): Promise<KeptFile> {
  const name = randomBytes(16).toString('hex');
  const fileId = await ctx.platform.saveFile(`exports/${name}/${fileName.replace(UNSAFE_IN_FILE_NAME, '_')}`, content);
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
  const { data } = checked(
    await collection<KeptExport>(ctx.db, 'exports')
      .where({ createdAt: ctx.db.command.lt(before) })
      .orderBy('createdAt', 'asc')
      .limit(100)
      .get(),
  );
  if (data.length === 0) return 0;
  await ctx.platform.deleteFiles(data.map((e) => e.fileId));
  for (const e of data) checked(await ctx.db.collection('exports').doc(e._id).remove());
  return data.length;
}

const FORMAT = { rate: '0.0%', day: 'yyyy-mm-dd', at: 'yyyy-mm-dd hh:mm' } as const;

/** What the cell holds: Excel's date cells carry no time zone, so an instant is written as Beijing's wall clock. */
function valueOf(cell: ReportCell): ExcelJS.CellValue {
  if (cell === null || typeof cell !== 'object') return cell;
  if ('rate' in cell) return cell.rate === null ? null : cell.rate / 100;
  if ('day' in cell) return cell.day === null ? null : new Date(`${cell.day}T00:00:00Z`);
  return cell.at === null ? null : new Date(cell.at + SHANGHAI_OFFSET_MS);
}

const formatOf = (cell: ReportCell): string | null => (cell === null || typeof cell !== 'object' ? null : FORMAT[Object.keys(cell)[0] as keyof typeof FORMAT]);

const shownWidth = (cell: ReportCell): number => {
  if (cell === null) return 0;
  if (typeof cell !== 'object') return Math.max(...String(cell).split('\n').map(displayWidth));
  return 'rate' in cell ? 6 : 'day' in cell ? 10 : 16;
};

/** One sheet of a report: its columns and rows; `filter` puts Excel's filter buttons on the header. */
export interface ReportSheet {
  name: string;
  columns: ReadonlyArray<ReportColumn | string>;
  rows: ReadonlyArray<readonly ReportCell[]>;
  filter?: boolean;
}

/**
 * A report as a workbook, kept for download. Each sheet has a bold header row, frozen and repeated
 * on every printed page; columns as wide as what they hold; printed landscape on A4, one page
 * wide. It is written as a stream (exceljs's WorkbookWriter): each row goes out as it is written,
 * so a ledger of tens of thousands of cases never builds the whole workbook in memory.
 */
export async function keepReport(ctx: Ctx, fileName: string, sheets: readonly ReportSheet[]): Promise<KeptFile> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = '连心桥';
  for (const sheet of sheets) writeSheet(book, sheet);
  await book.commit();
  return keepFile(ctx, fileName, Buffer.concat(chunks));
}

function writeSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, { name, columns, rows, filter }: ReportSheet): void {
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const ws = book.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    // fitToPage turns the fit on; without it Excel and WPS ignore fitToWidth
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  ws.columns = cols.map((c, i) => ({
    header: c.header,
    // folded, not spread: a ledger may have tens of thousands of rows
    width: c.width ?? Math.min(60, rows.reduce((widest, r) => Math.max(widest, shownWidth(r[i] ?? null)), Math.max(8, displayWidth(c.header))) + 2),
    ...(c.wrap ? { style: { alignment: { wrapText: true, vertical: 'top' } } } : {}),
  }));
  if (filter) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  for (const r of rows) {
    const row = ws.addRow(r.map(valueOf));
    r.forEach((cell, i) => {
      const format = formatOf(cell);
      if (format) row.getCell(i + 1).numFmt = format;
    });
    row.commit();
  }
  ws.commit();
}
