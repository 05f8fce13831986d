/**
 * Setting up a county from the office's spreadsheet (src/domain/organisation.ts): an Excel
 * workbook with the sheets 乡镇, 村社区, 承办单位, 党代表, 工作室, 工作人员, 活动小组, 网格 (any of them), or one of them
 * as CSV. A dry run answers what would change; an import with any error changes nothing. Staff
 * rows become invitation codes, one per person and role, kept across re-imports until used.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ActivityGroup, Grid, Invitation, Representative, Township, Unit, Village, Workroom } from '../../../types/domain';
import { RELATION_TEXT } from '../../domain/labels';
import {
  COLUMN_HELP,
  keptOf,
  MAX_IMPORT_BYTES,
  planOrganisation,
  same,
  SHEETS,
  sheetOf,
  type Existing,
  type ImportError,
  type RowIn,
  type SheetKind,
} from '../../domain/organisation';
import type { Ctx } from '../ctx';
import { AppError, invalid, notFound } from '../errors';
import { checked, collection, getAll, getById, inOwnFolder } from '../store';
import { deleteAfterADay, forgetUpload, keepExport, type KeptFile } from './exports';
import { requireOffice } from './office';
import { maskCode, newInvitation } from './staff';
import { audit } from './audit';

export interface ImportInput {
  fileName: string;
  /**
   * the file, uploaded by the office to its own `imports/` folder of storage first (WeChat advises
   * against large call payloads): its file id
   */
  fileId: string;
  dryRun: boolean;
}

export interface ImportResult {
  applied: boolean;
  /** applied, but so large that the rest is written by the housekeeping timer within minutes */
  finishing: boolean;
  counts: Array<{ sheet: string; added: number; updated: number; unchanged: number }>;
  errors: ImportError[];
  /** staff to invite: the code once applied (an unused one from before is kept) */
  invitations: Array<{ name: string; roleText: string; code: string | null; expiresAt: number | null; reused: boolean }>;
}

const KINDS = Object.keys(SHEETS) as SheetKind[];
/** card codes asked about per query (`in` with one page of answers) */
const PAGE = 500;

/** The rows of a worksheet: the first row names the columns; empty rows are skipped. */
function rowsOf(sheet: ExcelJS.Worksheet): RowIn[] {
  const headers: string[] = [];
  sheet.getRow(1).eachCell((cell, col) => (headers[col] = cell.text.trim()));
  const rows: RowIn[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const cells: Record<string, string> = {};
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      // a date typed into Excel or WPS is a date cell (no time zone): its day, as the form asks
      if (headers[col]) cells[headers[col]!] = cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.text.trim();
    });
    if (Object.values(cells).some(Boolean)) rows.push({ row: n, cells });
  });
  return rows;
}

async function readFile(ctx: Ctx, input: ImportInput): Promise<Partial<Record<SheetKind, RowIn[]>>> {
  let bytes: Buffer;
  try {
    bytes = await ctx.platform.readFile(input.fileId);
  } catch (err) {
    ctx.log.warn('import file unreadable', { fileId: input.fileId, error: err instanceof Error ? err.message : String(err) });
    throw invalid('fileId', '文件没有找到，请重新选择文件上传');
  }
  if (bytes.length === 0) throw invalid('fileId', '文件是空的');
  if (bytes.length > MAX_IMPORT_BYTES) throw invalid('fileId', `文件太大了（最大${MAX_IMPORT_BYTES / 1024 / 1024}MB）：请只保留导入模板里的几张表`);
  const book = new ExcelJS.Workbook();
  const name = input.fileName.toLowerCase();
  try {
    if (name.endsWith('.xlsx')) await book.xlsx.load(bytes as unknown as ArrayBuffer);
    // every value as written: a code like 0012 or a phone number stays text
    else if (name.endsWith('.csv')) await book.csv.read(Readable.from(bytes), { map: (value: unknown) => value } as never);
    else throw invalid('fileName', '只能导入 .xlsx 或 .csv 文件');
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw invalid('fileId', '文件打不开：请用导入模板，另存为 .xlsx 后再导入');
  }
  if (name.endsWith('.csv')) {
    // one sheet: which one, by its columns
    const rows = rowsOf(book.worksheets[0]!);
    const headers = new Set(rows.flatMap((r) => Object.keys(r.cells)));
    const kind = sheetOf(headers);
    if (!kind) throw invalid('fileId', `认不出是哪张表：CSV 的第一行须是导入模板某张表的列名`);
    return { [kind]: rows };
  }
  const found = Object.fromEntries(
    KINDS.flatMap((k) => {
      const sheet = book.getWorksheet(SHEETS[k].sheet);
      return sheet ? [[k, rowsOf(sheet)]] : [];
    }),
  );
  if (Object.keys(found).length === 0)
    throw invalid('fileId', `文件里没有可导入的表：须有${KINDS.map((k) => `「${SHEETS[k].sheet}」`).join('、')}中的一张或几张`);
  return found;
}

/** What the county has, and who holds the card codes the sheets name (in any county: they are unique across the environment). */
async function existingOf(ctx: Ctx, countyId: string, cardCodes: readonly string[]): Promise<Existing> {
  const all = <T extends { _id: string }>(name: OrgCollection) => getAll(collection<T>(ctx.db, name).where({ countyId }).orderBy('_id', 'asc'));
  const _ = ctx.db.command;
  const holders = async () => {
    const out: Array<{ cardCode: string; countyId: string; representativeId: string }> = [];
    for (let i = 0; i < cardCodes.length; i += PAGE) {
      const chunk = cardCodes.slice(i, i + PAGE);
      const [reps, claims] = await Promise.all([
        getAll(
          collection<Representative>(ctx.db, 'representatives')
            .where({ cardCode: _.in(chunk) })
            .orderBy('_id', 'asc')
            .field({ cardCode: true, countyId: true }),
        ),
        getAll(
          collection<CardClaim>(ctx.db, 'cardcodes')
            .where({ _id: _.in(chunk) })
            .orderBy('_id', 'asc'),
        ),
      ]);
      // a code another county claimed stays theirs (its cards are printed), whoever holds it now
      out.push(...claims.filter((c) => c.countyId !== countyId).map((c) => ({ cardCode: c._id, countyId: c.countyId, representativeId: c.representativeId })));
      out.push(...reps.map((r) => ({ cardCode: r.cardCode, countyId: r.countyId, representativeId: r._id })));
    }
    return out;
  };
  const [townships, villages, units, representatives, workrooms, groups, grids, elsewhere] = await Promise.all([
    all<Township>('townships'),
    all<Village>('villages'),
    all<Unit>('units'),
    all<Representative>('representatives'),
    all<Workroom>('workrooms'),
    all<ActivityGroup>('groups'),
    all<Grid>('grids'),
    holders(),
  ]);
  const cards = new Map(
    [...elsewhere, ...representatives.map((r) => ({ cardCode: r.cardCode, countyId: r.countyId, representativeId: r._id }))].map((r) => [
      r.cardCode,
      { countyId: r.countyId, representativeId: r.representativeId },
    ]),
  );
  return { townships, villages, units, representatives, workrooms, groups, grids, cards };
}

/**
 * An import on its way in, written whole as one record before any of it is applied (a redo log):
 * if the function dies midway, the next import of the county, or the housekeeping timer, applies
 * the rest from where it stopped (`done`). Each write puts a whole record, invitation codes are
 * fixed when it is staged and written only if absent, so applying again changes nothing: an
 * import ends all in, never half.
 */
export interface StagedImport {
  _id: string;
  countyId: string;
  status: 'staged' | 'applied';
  stagedAt: number;
  /** the run applying it holds it until then (a lease) */
  leaseUntil: number;
  appliedAt: number | null;
  by: string;
  byName: string;
  fileName: string;
  /** the uploaded workbook, deleted once the import is applied (absent from imports staged before it was kept) */
  fileId?: string;
  counts: ImportResult['counts'];
  /** the records to put, whole (emptied once applied) */
  writes: Array<{ collection: OrgCollection; doc: { _id: string } & Record<string, unknown> }>;
  /** how many of `writes` are in */
  done: number;
  /** the invitations to issue (emptied once applied); `reused`: an unused one from before */
  invitations: Array<Invitation & { reused: boolean }>;
}

type OrgCollection = 'townships' | 'villages' | 'units' | 'representatives' | 'workrooms' | 'groups' | 'grids';

/** A function runs 60 s at most: an import staged longer ago than this is no longer being applied by anyone. */
const STALLED_MS = 2 * 60_000;
/** Records written together, and at most per run (a county's first import can be a thousand or more). */
const BATCH = 20;
const WRITES_PER_RUN = 600;

export async function importOrganisation(ctx: Ctx, input: ImportInput): Promise<ImportResult> {
  const { caller, office } = await requireOffice(ctx);
  if (!inOwnFolder('imports', caller.openid, input.fileId)) throw invalid('fileId', '请重新选择文件上传');
  // the workbook names staff and their phones: it leaves storage once it has served, or cannot
  const busy = async () => {
    await forgetUpload(ctx, input.fileId);
    return new AppError('CONFLICT', '上一次导入还在写入，几分钟内会自动完成，请稍后重新选择文件');
  };
  const now = ctx.clock.now();
  // an import left half-applied is finished first; one still under way is waited for
  const pending = await stagedImports(ctx, office.countyId);
  if (pending.some((p) => p.stagedAt > now - STALLED_MS) || (pending.length && input.dryRun)) throw await busy();
  for (const p of pending) if (!(await applyImport(ctx, p))) throw await busy();

  const sheets = await readFile(ctx, input).catch(async (err: unknown) => {
    await forgetUpload(ctx, input.fileId);
    throw err;
  });
  const cardCodes = [...new Set((sheets.representatives ?? []).map((r) => (r.cells['联系卡编号'] ?? '').trim()).filter(Boolean))];
  const plan = planOrganisation(office.countyId, sheets, await existingOf(ctx, office.countyId, cardCodes));
  const preview = plan.staff.map((s) => ({ name: s.name, roleText: RELATION_TEXT[s.grant.role], code: null, expiresAt: null, reused: false }));
  if (plan.errors.length) {
    await forgetUpload(ctx, input.fileId); // to be corrected and chosen again
    return { applied: false, finishing: false, counts: plan.counts, errors: plan.errors, invitations: preview };
  }
  if (input.dryRun) {
    await deleteAfterADay(ctx, input.fileId); // kept for 正式导入, for a day at most
    return { applied: false, finishing: false, counts: plan.counts, errors: [], invitations: preview };
  }

  // card codes are claimed for the county first, one record each: of two counties importing the same new code at once, one gets it
  const taken = await claimCards(ctx, office.countyId, plan.representatives);
  if (taken.length) {
    const rows = sheets.representatives ?? [];
    const errors = taken.map((code) => ({
      sheet: SHEETS.representatives.sheet,
      row: rows.find((r) => r.cells['联系卡编号']?.trim() === code)?.row ?? null,
      message: `「联系卡编号」${code}已被其他县(区)使用：联系卡编号全省唯一，请换一个`,
    }));
    await forgetUpload(ctx, input.fileId);
    return { applied: false, finishing: false, counts: plan.counts, errors, invitations: preview };
  }

  // checked whole before anything is written: an import with an error has written nothing
  const open = await getAll(collection<Invitation>(ctx.db, 'invitations').where({ countyId: office.countyId, usedBy: null }).orderBy('_id', 'asc'));
  const writes: StagedImport['writes'] = (
    [
      ['townships', plan.townships],
      ['villages', plan.villages],
      ['units', plan.units],
      ['representatives', plan.representatives],
      ['workrooms', plan.workrooms],
      ['groups', plan.groups],
      ['grids', plan.grids],
    ] as const
  ).flatMap(([name, records]) => (records as unknown as Array<{ _id: string } & Record<string, unknown>>).map((doc) => ({ collection: name, doc })));
  const invitations = plan.staff.map((s) => {
    const kept = open.find((i) => i.name === s.name && i.expiresAt > now && same(i.grant, s.grant));
    return kept
      ? { ...kept, reused: true }
      : { ...newInvitation(ctx.rules, now, { countyId: office.countyId, name: s.name, grant: s.grant, createdBy: caller.openid }), reused: false };
  });
  const staged: StagedImport = {
    _id: `import-${randomBytes(12).toString('hex')}`,
    countyId: office.countyId,
    status: 'staged',
    stagedAt: now,
    leaseUntil: 0,
    appliedAt: null,
    by: caller.openid,
    byName: caller.user.name,
    fileName: input.fileName,
    fileId: input.fileId,
    counts: plan.counts,
    writes,
    done: 0,
    invitations,
  };
  const { _id, ...record } = staged;
  checked(await ctx.db.collection('imports').doc(_id).set(record));
  const finished = await applyImport(ctx, staged);
  return {
    applied: true,
    finishing: !finished,
    counts: plan.counts,
    errors: [],
    invitations: invitations.map((i) => ({ name: i.name, roleText: RELATION_TEXT[i.grant.role], code: i._id, expiresAt: i.expiresAt, reused: i.reused })),
  };
}

/** Who a card code was first given to: unique across the environment, kept when the code is given up. */
interface CardClaim {
  _id: string;
  countyId: string;
  representativeId: string;
  claimedAt: number;
}

/**
 * Claims each representative's card code for the county (20 at a time); answers the codes another
 * county holds, having given back what this call claimed (an import refused reserves nothing).
 */
async function claimCards(ctx: Ctx, countyId: string, all: readonly Representative[]): Promise<string[]> {
  const now = ctx.clock.now();
  const _ = ctx.db.command;
  // those already claimed for them need nothing (a re-import claims nothing)
  const claimed = new Set<string>();
  for (let i = 0; i < all.length; i += PAGE) {
    const chunk = all.slice(i, i + PAGE);
    const claims = await getAll(
      collection<CardClaim>(ctx.db, 'cardcodes')
        .where({ _id: _.in(chunk.map((r) => r.cardCode)) })
        .orderBy('_id', 'asc'),
    );
    for (const c of claims) if (c.countyId === countyId && chunk.some((r) => r._id === c.representativeId && r.cardCode === c._id)) claimed.add(c._id);
  }
  const reps = all.filter((r) => !claimed.has(r.cardCode));
  const taken: string[] = [];
  const made: Array<{ made: string; was: CardClaim | null }> = [];
  for (let i = 0; i < reps.length; i += BATCH) {
    const outcomes = await Promise.all(
      reps.slice(i, i + BATCH).map((rep) =>
        ctx.db.runTransaction(async (tx) => {
          const claim = checked(await tx.collection<CardClaim>('cardcodes').doc(rep.cardCode).get()).data;
          if (claim && claim.countyId !== countyId) return { taken: rep.cardCode };
          if (claim?.representativeId === rep._id) return {};
          checked(await tx.collection('cardcodes').doc(rep.cardCode).set({ countyId, representativeId: rep._id, claimedAt: now }));
          return { made: rep.cardCode, was: claim };
        }),
      ),
    );
    for (const o of outcomes) if ('taken' in o) taken.push(o.taken!);
    made.push(...outcomes.filter((o): o is { made: string; was: CardClaim | null } => 'made' in o));
  }
  if (taken.length) {
    for (const { made: code, was } of made) {
      if (was)
        checked(
          await ctx.db.collection('cardcodes').doc(code).set({ countyId: was.countyId, representativeId: was.representativeId, claimedAt: was.claimedAt }),
        );
      else checked(await ctx.db.collection('cardcodes').doc(code).remove());
    }
  }
  return taken;
}

/** The county's imports staged and not yet applied (at most one, unless a function died), oldest first. */
const stagedImports = (ctx: Ctx, countyId: string) =>
  getAll(collection<StagedImport>(ctx.db, 'imports').where({ countyId, status: 'staged' }).orderBy('stagedAt', 'asc'));

/** Puts one record; a representative keeps what the office decided since (left, their card's code), read and written together. */
async function put(ctx: Ctx, name: OrgCollection, { _id, ...rest }: { _id: string } & Record<string, unknown>): Promise<void> {
  if (name !== 'representatives') {
    checked(await ctx.db.collection(name).doc(_id).set(rest));
    return;
  }
  const { active: _a, leftAt: _l, leftReason: _r, successorId: _s, codeFileIds: _c, ...fields } = rest as Partial<Representative>;
  await ctx.db.runTransaction(async (tx) => {
    const live = checked(await tx.collection<Representative>('representatives').doc(_id).get()).data;
    checked(
      await tx
        .collection('representatives')
        .doc(_id)
        .set({ ...fields, ...keptOf(live, String(rest.cardCode)) }),
    );
  });
}

/** How long one run may take to apply an import before another may carry it on (a function runs 60 s at most). */
const LEASE_MS = 90_000;

/** Takes the import for this run, unless another run holds it: two never apply one import at once. */
async function lease(ctx: Ctx, staged: StagedImport): Promise<boolean> {
  const now = ctx.clock.now();
  const _ = ctx.db.command;
  const res = checked(
    await collection(ctx.db, 'imports')
      .where({ _id: staged._id, status: 'staged', leaseUntil: _.lt(now) })
      .update({ leaseUntil: now + LEASE_MS }),
  );
  return res.updated === 1;
}

/**
 * Applies a staged import from where it stopped, a batch at a time, at most WRITES_PER_RUN writes
 * a run; once every record is in: the new invitations (those not yet written), the audit line, and
 * the mark that it is applied. Answers whether it is finished.
 */
async function applyImport(ctx: Ctx, staged: StagedImport): Promise<boolean> {
  if (!(await lease(ctx, staged))) return false;
  // what a run before this one wrote is in: carry on from there
  let done = (await getById<StagedImport>(ctx.db, 'imports', staged._id))?.done ?? staged.done;
  for (let written = 0; done < staged.writes.length; written += BATCH) {
    if (written >= WRITES_PER_RUN) return false;
    const batch = staged.writes.slice(done, done + BATCH);
    await Promise.all(batch.map((w) => put(ctx, w.collection, w.doc)));
    done += batch.length;
    checked(await ctx.db.collection('imports').doc(staged._id).update({ done }));
  }
  for (const { _id, reused, ...rest } of staged.invitations) {
    if (!reused && !(await getById(ctx.db, 'invitations', _id))) checked(await ctx.db.collection('invitations').doc(_id).set(rest));
  }
  const changed = staged.counts.filter((c) => c.added || c.updated).map((c) => `${c.sheet}新增${c.added}、更新${c.updated}`);
  const issued = staged.invitations.filter((i) => !i.reused).length;
  await audit(
    ctx.db,
    {
      countyId: staged.countyId,
      kind: 'import',
      at: staged.stagedAt,
      by: staged.by,
      byName: staged.byName,
      subject: staged.fileName,
      caseId: null,
      detail: [...changed, `邀请码${issued}个`].join('；'),
    },
    staged._id,
  );
  checked(await ctx.db.collection('imports').doc(staged._id).update({ status: 'applied', appliedAt: ctx.clock.now(), writes: [], invitations: [] }));
  if (staged.fileId) await forgetUpload(ctx, staged.fileId);
  ctx.log.info('organisation imported', { countyId: staged.countyId, importId: staged._id, counts: staged.counts, invitations: issued });
  return true;
}

/** Imports a function left half-applied (it died, or timed out), oldest first: carried on by the housekeeping timer. */
export async function finishStalledImports(ctx: Ctx): Promise<number> {
  const _ = ctx.db.command;
  const { data } = checked(
    await collection<StagedImport>(ctx.db, 'imports')
      .where({ status: 'staged', stagedAt: _.lt(ctx.clock.now() - STALLED_MS) })
      .orderBy('stagedAt', 'asc')
      .limit(10)
      .get(),
  );
  let finished = 0;
  for (const staged of data) {
    ctx.log.warn('carrying on an import a function left half-applied', {
      countyId: staged.countyId,
      importId: staged._id,
      done: staged.done,
      of: staged.writes.length,
    });
    if (!(await applyImport(ctx, staged))) break;
    finished++;
  }
  return finished;
}

/** The import template: a sheet per kind with its columns, and a 说明 sheet saying how to fill each. */
export async function organisationTemplate(ctx: Ctx): Promise<KeptFile> {
  await requireOffice(ctx);
  const book = new ExcelJS.Workbook();
  const help = book.addWorksheet('说明');
  help.columns = [
    { header: '表', width: 12 },
    { header: '列', width: 14 },
    { header: '怎么填', width: 70 },
  ];
  help.getRow(1).font = { bold: true };
  for (const kind of KINDS) {
    const headers = Object.keys(SHEETS[kind].columns);
    const sheet = book.addWorksheet(SHEETS[kind].sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = headers.map((h) => ({ header: h, width: Math.max(12, h.length * 4) }));
    sheet.getRow(1).font = { bold: true };
    for (const h of headers) help.addRow([SHEETS[kind].sheet, h, COLUMN_HELP[kind][h] ?? '']);
  }
  return keepExport(ctx, book, '组织架构导入模板.xlsx');
}

/** Withdraws an invitation nobody has used yet (handed to the wrong person, or no longer needed). */
export async function revokeInvitation(ctx: Ctx, code: string): Promise<{ revoked: string }> {
  const { caller, office } = await requireOffice(ctx);
  const inv = await getById<Invitation>(ctx.db, 'invitations', code.toUpperCase());
  if (!inv || inv.countyId !== office.countyId) throw notFound('邀请码');
  if (inv.usedBy) throw new AppError('INVALID_STATE', '这个邀请码已经用过了：请在「人员与权限」里取消这个人的身份');
  checked(await ctx.db.collection('invitations').doc(inv._id).remove());
  await audit(ctx.db, {
    countyId: office.countyId,
    kind: 'uninvite',
    at: ctx.clock.now(),
    by: caller.openid,
    byName: caller.user.name,
    subject: `${inv.name}（${RELATION_TEXT[inv.grant.role]}）`,
    caseId: null,
    detail: `收回邀请码${maskCode(inv._id)}`,
  });
  return { revoked: inv._id };
}
