/**
 * The office's case ledger (台账): the county's cases filtered as an office asks (period, place,
 * grid, unit, level, category, status, outcome, overdue), page by page, and exported to an Excel
 * workbook (exceljs) kept in storage for download.
 */
import type { CaseSummary, Page } from '../../../types/api';
import type { CaseRecord, CaseStatus, Level, Outcome } from '../../../types/domain';
import type { Where } from '../../../types/db';
import { ledgerColumns, ledgerRow } from '../../domain/ledger';
import type { Ctx } from '../ctx';
import { invalid } from '../errors';
import { collection, getPage, scanAll } from '../store';
import { LIST_FIELDS, releasedWhere, summaries } from './cases';
import { keepReport, type KeptFile } from './exports';
import { requireOffice, sentBetween } from './office';
import { gridNames } from './grids';

export interface LedgerFilter {
  /** first and last day the cases came, YYYY-MM-DD (Asia/Shanghai), both included */
  from: string;
  to: string;
  townshipId?: string;
  villageId?: string;
  /** the grid (网格) the cases belong to */
  gridId?: string;
  unitId?: string;
  level?: Level;
  category?: string;
  status?: CaseStatus;
  outcome?: Outcome;
  overdue?: boolean;
}

/** Enough for any county's years; a province exports county by county. */
export const MAX_EXPORT_ROWS = 50_000;

async function conditions(ctx: Ctx, f: LedgerFilter): Promise<{ where: Where; countyId: string }> {
  const { office } = await requireOffice(ctx);
  const _ = ctx.db.command;
  const { from, to, ...fields } = f;
  const asked = {
    countyId: office.countyId,
    createdAt: sentBetween(ctx, from, to),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  };
  // as the statistics count: only released requests, unless the office asks for a status (待核对 …)
  return { where: fields.status ? asked : _.and([asked, releasedWhere(_)]), countyId: office.countyId };
}

export async function ledger(ctx: Ctx, filter: LedgerFilter, page: number, pageSize: number): Promise<Page<CaseSummary>> {
  const { where } = await conditions(ctx, filter);
  const query = collection<CaseRecord>(ctx.db, 'cases').where(where).orderBy('createdAt', 'asc').field(LIST_FIELDS);
  return summaries(ctx, await getPage(query, page, pageSize));
}

export async function exportLedger(ctx: Ctx, filter: LedgerFilter): Promise<KeptFile & { rows: number }> {
  const { where, countyId } = await conditions(ctx, filter);
  const [cases, grids] = await Promise.all([
    scanAll<CaseRecord>(ctx.db, 'cases', where, { events: false, warnings: false, photoChecks: false, held: false }),
    gridNames(ctx, countyId),
  ]);
  if (cases.length > MAX_EXPORT_ROWS) throw invalid('to', `一次最多导出${MAX_EXPORT_ROWS}件，请缩短时间段或按乡镇分别导出`);
  cases.sort((a, b) => a.createdAt - b.createdAt || a.no.localeCompare(b.no));

  const columns = ledgerColumns(grids);
  const sheet = { name: '台账', columns, rows: cases.map((c) => ledgerRow(c, columns)), filter: true };
  return { ...(await keepReport(ctx, `台账_${filter.from}_${filter.to}.xlsx`, [sheet])), rows: cases.length };
}
