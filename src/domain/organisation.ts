/**
 * The county's organisation as an office keeps it in a spreadsheet: townships, villages, units,
 * representatives, their workrooms (三固定: place, reception days, group), activity groups (活动小组,
 * with their leader), grids (网格, with their people), and the staff to invite. Pure: the sheets and their columns, each row checked
 * with a message that names the row and the column, and the plan — what an import adds and
 * updates — compared with what the county already has. Rows are keyed by the office's own codes
 * (编号), so importing the same sheet again changes nothing and an edited row updates in place;
 * codes are the county's own (another county may use the same ones), card codes are unique across
 * the environment (they are printed in the mini-program code every card carries).
 */
import { z } from 'zod';
import { PHONE_PATTERN, RULES } from '../../config/rules';
import type {
  ActivityGroup,
  Grid,
  Level,
  OrgRecord,
  ReceptionSchedule,
  Representative,
  RoleGrant,
  StaffRole,
  Township,
  Unit,
  Village,
  Workroom,
} from '../../types/domain';
import { weekday } from './calendar';
import { LEVEL_TEXT } from './labels';
import { WEEKDAY_TEXT } from './reception';

/** The largest organisation workbook accepted: a county's sheets are a few hundred rows, far below it. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export type SheetKind = 'townships' | 'villages' | 'units' | 'representatives' | 'workrooms' | 'staff' | 'groups' | 'grids';
/** One row as read: header → the cell's text, and the row's number in the sheet. */
export interface RowIn {
  row: number;
  cells: Record<string, string>;
}
export interface ImportError {
  sheet: string;
  row: number | null;
  message: string;
}

const code = z.string().regex(/^[\w.-]{1,64}$/, '只能用字母、数字和 - _ .');
const name = (max: number) => z.string().min(1, '不能为空').max(max, `不能超过${max}个字`);
const optional = z.string().max(200, '不能超过200个字');
const list = (cell: string) =>
  cell
    .split(/[、,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
const choice = <T extends string>(options: Record<string, T>) =>
  z.string().transform((s, ctx) => {
    const v = options[s.trim()];
    if (!v)
      ctx.addIssue({
        code: 'custom',
        message: `须为${Object.keys(options)
          .filter((k) => k.length > 1)
          .join('、')}之一`,
      });
    return v as T;
  });

const LEVEL_WORDS: Record<string, Level> = {
  ...Object.fromEntries(Object.entries(LEVEL_TEXT).map(([k, v]) => [v, k as Level])),
  村: 'village',
  社区: 'village',
  乡镇: 'township',
  街道: 'township',
  县: 'county',
  县级: 'county',
};
const REP_LEVEL: Record<string, Representative['level']> = { 县党代表: 'county', 县: 'county', 乡镇党代表: 'township', 乡镇: 'township' };
const ROLE_WORDS: Record<string, StaffRole> = { 党代表: 'representative', 交办人: 'assigner', 承办人: 'handler', 督办领导: 'supervisor', 办公室: 'office' };
const CATEGORY_WORDS = Object.fromEntries(RULES.categories.map((c) => [c.name, c.id]));
const EVERY_WORDS: Record<string, ReceptionSchedule['every']> = { 每月: 'month', 每周: 'week', 每两周: 'fortnight' };

/** 星期二 · 周二 · 二 · 2 → 2 (Monday 1 … Sunday 7); null if it names no weekday. */
function weekdayOf(cell: string): number | null {
  const m = /^(?:星期|周|礼拜)?([一二三四五六日天1-7])$/.exec(cell.trim());
  if (!m) return null;
  const i = '一二三四五六日'.indexOf(m[1]!);
  return m[1] === '天' ? 7 : i >= 0 ? i + 1 : Number(m[1]);
}

/** The schedule a row gives, or what is wrong with it. */
function scheduleOf(every: ReceptionSchedule['every'], day: string, first: string): ReceptionSchedule | string {
  if (every === 'month') {
    const n = Number(/^(\d{1,2})[日号]?$/.exec(day.trim())?.[1]);
    return n >= 1 && n <= 28 ? { every, day: n } : '「接待日」每月的须为1到28之间的日子，如 20';
  }
  const wd = weekdayOf(day);
  if (!wd) return '「接待日」每周、每两周的须为星期几，如 星期二';
  if (every === 'week') return { every, weekday: wd };
  if (!first) return '每两周接待的须填写「首次接待日期」';
  if ((weekday(first) || 7) !== wd) return `「首次接待日期」${first}不是${WEEKDAY_TEXT[wd]}`;
  return { every, weekday: wd, from: first };
}

/** The sheets, their columns (the first cell of each column names it) and what each holds. */
export const SHEETS = {
  townships: { sheet: '乡镇', columns: { 编号: code, 名称: name(30) } },
  villages: { sheet: '村社区', columns: { 编号: code, 名称: name(30), 乡镇编号: code } },
  units: {
    sheet: '承办单位',
    columns: { 编号: code, 名称: name(40), 层级: choice(LEVEL_WORDS), 乡镇编号: code.or(z.literal('')), 村编号: code.or(z.literal('')), 类别: optional },
  },
  representatives: {
    sheet: '党代表',
    columns: {
      编号: code,
      姓名: name(RULES.text.nameMax),
      层级: choice(REP_LEVEL),
      职务: name(60),
      电话: z.string().regex(PHONE_PATTERN, '不是有效的电话号码'),
      联系村: z.string().min(1, '不能为空'),
      接待小组: optional,
      联系卡编号: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '最多32位，只能用字母、数字、- 和 _'),
      照片: optional,
    },
  },
  workrooms: {
    sheet: '工作室',
    columns: {
      编号: code,
      名称: name(60),
      村编号: code,
      接待周期: choice(EVERY_WORDS),
      接待日: name(10),
      首次接待日期: z.union([z.literal(''), z.iso.date('须为“年-月-日”格式的有效日期，如 2026-01-06')]),
      接待时段: name(40),
      党代表编号: z.string().min(1, '不能为空'),
    },
  },
  staff: {
    sheet: '工作人员',
    columns: {
      姓名: name(RULES.text.nameMax),
      身份: choice(ROLE_WORDS),
      单位编号: code.or(z.literal('')),
      乡镇编号: code.or(z.literal('')),
      村编号: optional,
      党代表编号: code.or(z.literal('')),
    },
  },
  groups: {
    sheet: '活动小组',
    columns: { 编号: code, 名称: name(40), 组长: code, 成员: z.string().min(1, '不能为空') },
  },
  grids: {
    sheet: '网格',
    columns: {
      编号: code,
      名称: name(40),
      村编号: code,
      网格员: z.string().min(1, '不能为空').max(200, '不能超过200个字'),
      党代表编号: optional,
      群众骨干: optional,
    },
  },
} as const;

/** How to fill each column, with an example: the template's 说明 sheet. */
export const COLUMN_HELP: Record<SheetKind, Record<string, string>> = {
  townships: { 编号: '自定的编号，如 qingshi；重复导入时按编号更新', 名称: '青石镇' },
  villages: { 编号: 'taoyuan', 名称: '桃源村', 乡镇编号: '所属乡镇的编号，如 qingshi' },
  units: {
    编号: 'qingshi-build',
    名称: '青石镇村镇建设服务中心',
    层级: '村(社区)、乡镇(街道) 或 县级部门',
    乡镇编号: '乡镇级单位填写',
    村编号: '村级单位（村委会/居委会）填写',
    类别: `常办的问题类别，用顿号分开：${RULES.categories.map((c) => c.name).join('、')}`,
  },
  representatives: {
    编号: 'rep-1',
    姓名: '李秀英',
    层级: '县党代表 或 乡镇党代表',
    职务: '青石镇党代表、桃源村党支部书记',
    电话: '13800000001',
    联系村: '联系的村的编号，用顿号分开',
    接待小组: '同组代表的姓名，用顿号分开',
    联系卡编号: '印在联系卡上、做成小程序码的编号，如 QX0001（最多32位字母数字）',
    照片: '照片地址，可不填',
  },
  workrooms: {
    编号: 'ws-taoyuan',
    名称: '桃源村党群服务中心党代表工作室',
    村编号: '工作室所在的村的编号',
    接待周期: '每月、每周 或 每两周（偏远的接待点）',
    接待日: '每月的填几号，如 20；每周、每两周的填星期几，如 星期二',
    首次接待日期: '每两周接待的填第一次接待的日子，如 2026-01-06；其他不填',
    接待时段: '上午9:00—12:00',
    党代表编号: '在这里接待的党代表（接待小组）的编号，用顿号分开',
  },
  staff: {
    姓名: '黄涛',
    身份: '党代表、交办人、承办人、督办领导 或 办公室',
    单位编号: '承办人填写所在单位的编号',
    乡镇编号: '乡镇的交办人、督办领导填写；不填为县级',
    村编号: '联系村的督办领导填写，用顿号分开',
    党代表编号: '党代表填写自己的编号',
  },
  groups: {
    编号: 'grp-qingshi；重复导入时按编号更新（表里没有的小组不删除）',
    名称: '青石镇第一活动小组',
    组长: '组长的党代表编号，如 rep-2',
    成员: '成员的党代表编号，用顿号或逗号分开；组长不在其中的，也算作成员',
  },
  grids: {
    编号: 'grid-taoyuan-1；重复导入时按编号更新（表里没有的网格不删除）',
    名称: '桃源村第一网格',
    村编号: '网格所在的村(社区)的编号',
    网格员: '网格员的姓名，用顿号或逗号分开；第一位是网格长',
    党代表编号: '负责这个网格的党代表的编号，用顿号分开，可不填；须是联系这个村的本县党代表',
    群众骨干: '协助走访的群众骨干的姓名，用顿号分开，可不填',
  },
};

/** Columns a sheet may leave out (empty for every row). */
const OPTIONAL_COLUMNS = new Set(['类别', '接待小组', '照片', '乡镇编号', '村编号', '单位编号', '党代表编号', '首次接待日期', '群众骨干']);

/** What the county already has, and who holds the card codes the sheets name, in any county. */
export interface Existing {
  townships: Township[];
  villages: Village[];
  units: Unit[];
  representatives: Representative[];
  workrooms: Workroom[];
  groups: ActivityGroup[];
  grids: Grid[];
  cards: ReadonlyMap<string, { countyId: string; representativeId: string }>;
}

/**
 * What an import leaves of a representative as it is: whether they are still serving (a sheet that
 * still lists one who left does not bring them back; the office decides that), and the printed
 * card's code while the card code stays the same.
 */
export function keptOf(
  old: Representative | null | undefined,
  cardCode: string,
): Pick<Representative, 'active'> & Partial<Pick<Representative, 'leftAt' | 'leftReason' | 'successorId' | 'codeFileIds'>> {
  return {
    ...(old?.codeFileIds && old.cardCode === cardCode ? { codeFileIds: old.codeFileIds } : {}),
    active: old ? old.active : true,
    ...(old?.leftAt !== undefined ? { leftAt: old.leftAt, leftReason: old.leftReason, successorId: old.successorId ?? null } : {}),
  };
}

/** The id of a record the office's code names in its county: unique across the environment (codes have no `:`). */
export const orgId = (countyId: string, code: string): string => `${countyId}:${code}`;

export interface StaffInvite {
  name: string;
  grant: RoleGrant;
}

export interface Plan {
  townships: Township[];
  villages: Village[];
  units: Unit[];
  representatives: Representative[];
  workrooms: Workroom[];
  groups: ActivityGroup[];
  grids: Grid[];
  staff: StaffInvite[];
  counts: Array<{ sheet: string; added: number; updated: number; unchanged: number }>;
  errors: ImportError[];
}

/** The columns a sheet must have. */
export const requiredColumns = (kind: SheetKind): string[] => Object.keys(SHEETS[kind].columns).filter((c) => !OPTIONAL_COLUMNS.has(c));

/** Which sheet a lone table (a CSV) is, by its columns: the one it fills most, or null. */
export function sheetOf(headers: ReadonlySet<string>): SheetKind | null {
  const fits = (Object.keys(SHEETS) as SheetKind[]).filter((k) => requiredColumns(k).every((c) => headers.has(c)));
  const filled = (k: SheetKind) => Object.keys(SHEETS[k].columns).filter((c) => headers.has(c)).length;
  return fits.sort((a, b) => filled(b) - filled(a))[0] ?? null;
}

type Parsed<K extends SheetKind> = { row: number } & { [C in keyof (typeof SHEETS)[K]['columns']]: z.output<(typeof SHEETS)[K]['columns'][C]> };

/** Checks every row of a sheet against its columns: the rows that passed, and errors for the rest. */
function parseSheet<K extends SheetKind>(kind: K, rows: readonly RowIn[], errors: ImportError[]): Array<Parsed<K>> {
  const { sheet, columns } = SHEETS[kind];
  const out: Array<Parsed<K>> = [];
  const headers = new Set(rows.flatMap((r) => Object.keys(r.cells)));
  const missing = requiredColumns(kind).filter((c) => !headers.has(c));
  if (rows.length && missing.length) {
    errors.push({ sheet, row: null, message: `缺少列：${missing.join('、')}（请用导入模板）` });
    return out;
  }
  for (const r of rows) {
    const parsed: Record<string, unknown> = { row: r.row };
    let ok = true;
    for (const [header, schema] of Object.entries(columns) as Array<[string, z.ZodType]>) {
      const res = schema.safeParse((r.cells[header] ?? '').trim());
      if (res.success) parsed[header] = res.data;
      else {
        ok = false;
        errors.push({ sheet, row: r.row, message: `「${header}」${res.error.issues[0]?.message ?? '格式不对'}` });
      }
    }
    if (ok) out.push(parsed as Parsed<K>);
  }
  return out;
}

/** Rows whose code appears twice in the same sheet. */
function duplicates<T extends { row: number }>(sheet: string, rows: readonly T[], key: (r: T) => string, errors: ImportError[]): void {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const k = key(r);
    const first = seen.get(k);
    if (first !== undefined) errors.push({ sheet, row: r.row, message: `「${k}」与第${first}行重复` });
    else seen.set(k, r.row);
  }
}

/** Whether two records hold the same fields and values, whatever their key order. */
export const same = (a: object, b: object) => JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

function counted<T extends { _id: string }>(sheet: string, incoming: readonly T[], existing: readonly T[]) {
  const byId = new Map(existing.map((e) => [e._id, e]));
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  for (const r of incoming) {
    const old = byId.get(r._id);
    if (!old) added++;
    else if (same(r, old)) unchanged++;
    else updated++;
  }
  return { sheet, added, updated, unchanged };
}

/** What importing these sheets into the county would add and update, or why it cannot. */
export function planOrganisation(countyId: string, input: Partial<Record<SheetKind, readonly RowIn[]>>, existing: Existing): Plan {
  const errors: ImportError[] = [];
  const t = parseSheet('townships', input.townships ?? [], errors);
  const v = parseSheet('villages', input.villages ?? [], errors);
  const u = parseSheet('units', input.units ?? [], errors);
  const r = parseSheet('representatives', input.representatives ?? [], errors);
  const w = parseSheet('workrooms', input.workrooms ?? [], errors);
  const s = parseSheet('staff', input.staff ?? [], errors);
  const g = parseSheet('groups', input.groups ?? [], errors);
  const n = parseSheet('grids', input.grids ?? [], errors);
  duplicates(SHEETS.townships.sheet, t, (x) => x.编号, errors);
  duplicates(SHEETS.villages.sheet, v, (x) => x.编号, errors);
  duplicates(SHEETS.units.sheet, u, (x) => x.编号, errors);
  duplicates(SHEETS.representatives.sheet, r, (x) => x.编号, errors);
  duplicates(SHEETS.representatives.sheet, r, (x) => x.联系卡编号, errors);
  duplicates(SHEETS.workrooms.sheet, w, (x) => x.编号, errors);
  duplicates(SHEETS.groups.sheet, g, (x) => x.编号, errors);
  duplicates(SHEETS.grids.sheet, n, (x) => x.编号, errors);

  // each code names the record the county already has under it, or a new one keyed within the county
  const idOf = <T extends Pick<OrgRecord, '_id' | 'code'>>(old: readonly T[]) => {
    const byCode = new Map(old.map((x) => [x.code, x._id]));
    return (code: string) => byCode.get(code) ?? orgId(countyId, code);
  };
  const townshipId = idOf(existing.townships);
  const villageId = idOf(existing.villages);
  const unitId = idOf(existing.units);
  const representativeId = idOf(existing.representatives);
  const workroomId = idOf(existing.workrooms);
  const groupId = idOf(existing.groups.flatMap((x) => (x.code ? [{ _id: x._id, code: x.code }] : [])));

  const townships: Township[] = t.map((x) => ({ _id: townshipId(x.编号), code: x.编号, countyId, name: x.名称 }));
  const townshipCodes = new Set([...existing.townships, ...townships].map((x) => x.code));
  const villages: Village[] = [];
  for (const x of v) {
    if (!townshipCodes.has(x.乡镇编号)) errors.push({ sheet: SHEETS.villages.sheet, row: x.row, message: `「乡镇编号」${x.乡镇编号}不在「乡镇」表里` });
    else villages.push({ _id: villageId(x.编号), code: x.编号, countyId, townshipId: townshipId(x.乡镇编号), name: x.名称 });
  }
  const allVillages = new Map([...existing.villages, ...villages].map((x) => [x.code, x]));
  const units: Unit[] = [];
  for (const x of u) {
    const sheet = SHEETS.units.sheet;
    const categories = list(x.类别).map((c) => CATEGORY_WORDS[c]);
    if (categories.some((c) => !c)) {
      errors.push({ sheet, row: x.row, message: `「类别」须为${RULES.categories.map((c) => c.name).join('、')}，多个用顿号分开` });
      continue;
    }
    const village = x.村编号 ? allVillages.get(x.村编号) : undefined;
    if (x.层级 === 'village' && !village) errors.push({ sheet, row: x.row, message: '村级单位须填写「村编号」，且在「村社区」表里' });
    else if (x.层级 === 'township' && !townshipCodes.has(x.乡镇编号))
      errors.push({ sheet, row: x.row, message: '乡镇级单位须填写「乡镇编号」，且在「乡镇」表里' });
    else {
      units.push({
        _id: unitId(x.编号),
        code: x.编号,
        countyId,
        level: x.层级,
        name: x.名称,
        ...(x.层级 === 'village'
          ? { townshipId: village!.townshipId, villageId: village!._id }
          : x.层级 === 'township'
            ? { townshipId: townshipId(x.乡镇编号) }
            : {}),
        categories: categories as string[],
      });
    }
  }
  const oldReps = new Map(existing.representatives.map((x) => [x.code, x]));
  const representatives: Representative[] = [];
  for (const x of r) {
    const sheet = SHEETS.representatives.sheet;
    const codes = list(x.联系村);
    const unknown = codes.filter((code) => !allVillages.has(code));
    const owner = existing.cards.get(x.联系卡编号);
    const old = oldReps.get(x.编号);
    if (unknown.length) errors.push({ sheet, row: x.row, message: `「联系村」${unknown.join('、')}不在「村社区」表里` });
    else if (owner && owner.countyId !== countyId)
      errors.push({ sheet, row: x.row, message: `「联系卡编号」${x.联系卡编号}已被其他县(区)使用：联系卡编号全省唯一，请换一个` });
    else if (owner && owner.representativeId !== representativeId(x.编号))
      errors.push({ sheet, row: x.row, message: `「联系卡编号」${x.联系卡编号}已是另一位党代表的卡` });
    else {
      representatives.push({
        _id: representativeId(x.编号),
        code: x.编号,
        countyId,
        name: x.姓名,
        photoUrl: x.照片,
        position: x.职务,
        phone: x.电话,
        level: x.层级,
        team: list(x.接待小组),
        villageIds: codes.map((code) => allVillages.get(code)!._id),
        cardCode: x.联系卡编号,
        ...keptOf(old, x.联系卡编号),
      });
    }
  }
  const unitCodes = new Set([...existing.units, ...units].map((x) => x.code));
  const allReps = new Map([...existing.representatives, ...representatives].map((x) => [x.code, x]));
  const workrooms: Workroom[] = [];
  for (const x of w) {
    const sheet = SHEETS.workrooms.sheet;
    const village = allVillages.get(x.村编号);
    const codes = [...new Set(list(x.党代表编号))];
    const unknown = codes.filter((code) => !allReps.has(code));
    // a group receives the village's residents: each of them covers the village
    const away = codes.filter((code) => !unknown.includes(code) && !allReps.get(code)!.villageIds.includes(village?._id ?? ''));
    const schedule = scheduleOf(x.接待周期, x.接待日, x.首次接待日期);
    if (!village) errors.push({ sheet, row: x.row, message: `「村编号」${x.村编号}不在「村社区」表里` });
    else if (unknown.length) errors.push({ sheet, row: x.row, message: `「党代表编号」${unknown.join('、')}不在「党代表」表里` });
    else if (codes.some((code) => !allReps.get(code)!.active))
      errors.push({ sheet, row: x.row, message: `「党代表编号」${codes.filter((code) => !allReps.get(code)!.active).join('、')}已离任` });
    else if (typeof schedule === 'string') errors.push({ sheet, row: x.row, message: schedule });
    else if (away.length) errors.push({ sheet, row: x.row, message: `「党代表编号」${away.join('、')}的「联系村」里没有${x.村编号}` });
    else
      workrooms.push({
        _id: workroomId(x.编号),
        code: x.编号,
        countyId,
        townshipId: village.townshipId,
        villageId: village._id,
        name: x.名称,
        schedule,
        hours: x.接待时段,
        representativeIds: codes.map((code) => allReps.get(code)!._id),
      });
  }
  const staff: StaffInvite[] = [];
  for (const x of s) {
    const sheet = SHEETS.staff.sheet;
    const grant: RoleGrant = { role: x.身份, countyId };
    const fail = (message: string) => errors.push({ sheet, row: x.row, message });
    if (x.身份 === 'handler') {
      if (!unitCodes.has(x.单位编号)) fail('承办人须填写「单位编号」，且在「承办单位」表里');
      else staff.push({ name: x.姓名, grant: { ...grant, unitId: unitId(x.单位编号) } });
    } else if (x.身份 === 'representative') {
      if (!allReps.has(x.党代表编号)) fail('党代表须填写「党代表编号」，且在「党代表」表里');
      else if (!allReps.get(x.党代表编号)!.active) fail(`党代表${x.党代表编号}已离任，不能再发邀请码`);
      else staff.push({ name: x.姓名, grant: { ...grant, representativeId: representativeId(x.党代表编号) } });
    } else if (x.身份 === 'office') staff.push({ name: x.姓名, grant });
    else if (x.村编号 && x.身份 === 'supervisor') {
      const codes = list(x.村编号);
      if (codes.some((code) => !allVillages.has(code))) fail('「村编号」须在「村社区」表里');
      else staff.push({ name: x.姓名, grant: { ...grant, level: 'village', villageIds: codes.map((code) => allVillages.get(code)!._id) } });
    } else if (x.乡镇编号) {
      if (!townshipCodes.has(x.乡镇编号)) fail('「乡镇编号」须在「乡镇」表里');
      else staff.push({ name: x.姓名, grant: { ...grant, level: 'township', townshipId: townshipId(x.乡镇编号) } });
    } else staff.push({ name: x.姓名, grant: { ...grant, level: 'county' } });
  }

  const groups = activityGroups(countyId, g, allReps, groupId, errors);
  const grids = gridsOf(countyId, n, allVillages, allReps, idOf(existing.grids), errors);

  return {
    townships,
    villages,
    units,
    representatives,
    workrooms,
    groups,
    grids,
    staff,
    counts: [
      counted(SHEETS.townships.sheet, townships, existing.townships),
      counted(SHEETS.villages.sheet, villages, existing.villages),
      counted(SHEETS.units.sheet, units, existing.units),
      counted(SHEETS.representatives.sheet, representatives, existing.representatives),
      counted(SHEETS.workrooms.sheet, workrooms, existing.workrooms),
      counted(SHEETS.groups.sheet, groups, existing.groups),
      counted(SHEETS.grids.sheet, grids, existing.grids),
    ],
    errors: errors.sort((a, b) => a.sheet.localeCompare(b.sheet, 'zh') || (a.row ?? 0) - (b.row ?? 0)),
  };
}

/**
 * 活动小组 rows: a leader and members among the county's serving representatives (in the sheet or
 * already imported). A leader the 成员 column leaves out is counted a member, first.
 */
function activityGroups(
  countyId: string,
  rows: ReadonlyArray<Parsed<'groups'>>,
  reps: ReadonlyMap<string, Representative>,
  groupId: (code: string) => string,
  errors: ImportError[],
): ActivityGroup[] {
  const sheet = SHEETS.groups.sheet;
  const groups: ActivityGroup[] = [];
  for (const x of rows) {
    const codes = [...new Set([x.组长, ...list(x.成员)])];
    const unknown = codes.filter((code) => !reps.has(code));
    const left = codes.filter((code) => reps.get(code)?.active === false);
    if (!reps.has(x.组长)) errors.push({ sheet, row: x.row, message: `「组长」${x.组长}不在「党代表」表里` });
    else if (unknown.length) errors.push({ sheet, row: x.row, message: `「成员」${unknown.join('、')}不在「党代表」表里` });
    else if (left.length) errors.push({ sheet, row: x.row, message: `「成员」${left.join('、')}已离任` });
    else
      groups.push({
        _id: groupId(x.编号),
        code: x.编号,
        countyId,
        name: x.名称,
        leaderId: reps.get(x.组长)!._id,
        memberIds: codes.map((code) => reps.get(code)!._id),
      });
  }
  return groups;
}

/**
 * Why a grid's people cannot be so, or null: staff named (the first one its 网格长), and each
 * representative one of the county's, serving, who links the grid's village. Shared by the 网格
 * sheet and the office's or township's own edits (usecases/grids.ts), each naming the fields its way.
 */
export function gridProblem(
  village: Pick<Village, '_id'>,
  staffNames: readonly string[],
  reps: ReadonlyArray<{ label: string; rep: Pick<Representative, 'active' | 'villageIds'> | undefined }>,
  fields = { staff: '「网格员」', reps: '「党代表编号」' },
): { field: 'staff' | 'reps'; message: string } | null {
  const staff = (message: string) => ({ field: 'staff' as const, message: `${fields.staff}${message}` });
  const rep = (labels: string[], message: string) => ({ field: 'reps' as const, message: `${fields.reps}${labels.join('、')}${message}` });
  if (staffNames.length === 0) return staff('不能为空：第一位是网格长');
  if (staffNames.some((n) => n.length > RULES.text.nameMax)) return staff(`每个姓名不能超过${RULES.text.nameMax}个字`);
  const unknown = reps.filter((r) => !r.rep).map((r) => r.label);
  if (unknown.length) return rep(unknown, '不是本县的党代表');
  const left = reps.filter((r) => !r.rep!.active).map((r) => r.label);
  if (left.length) return rep(left, '已离任');
  const away = reps.filter((r) => !r.rep!.villageIds.includes(village._id)).map((r) => r.label);
  if (away.length) return rep(away, '不联系这个村(社区)');
  return null;
}

/** 网格 rows: a grid of a village (in the sheet or already imported), its staff, representatives and backbones. */
function gridsOf(
  countyId: string,
  rows: ReadonlyArray<Parsed<'grids'>>,
  villages: ReadonlyMap<string, Village>,
  reps: ReadonlyMap<string, Representative>,
  gridId: (code: string) => string,
  errors: ImportError[],
): Grid[] {
  const sheet = SHEETS.grids.sheet;
  const grids: Grid[] = [];
  for (const x of rows) {
    const village = villages.get(x.村编号);
    const staffNames = [...new Set(list(x.网格员))];
    const codes = [...new Set(list(x.党代表编号))];
    const problem = village
      ? gridProblem(
          village,
          staffNames,
          codes.map((code) => ({ label: code, rep: reps.get(code) })),
        )
      : `「村编号」${x.村编号}不在「村社区」表里`;
    if (problem) errors.push({ sheet, row: x.row, message: typeof problem === 'string' ? problem : problem.message });
    else
      grids.push({
        _id: gridId(x.编号),
        code: x.编号,
        countyId,
        townshipId: village!.townshipId,
        villageId: village!._id,
        name: x.名称,
        staffNames,
        representativeIds: codes.map((code) => reps.get(code)!._id),
        backbones: [...new Set(list(x.群众骨干))],
      });
  }
  return grids;
}
