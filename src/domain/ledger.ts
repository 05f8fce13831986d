/**
 * The case ledger (台账) as an office files it: one row per case, the columns below, in the order
 * the cases came. Pure: what each column shows of a case. The office sees the resident as the
 * case view shows it to the office (phone masked, an anonymous sender never named).
 */
import type { CaseRecord } from '../../types/domain';
import type { ReportCell, ReportColumn } from './report';
import { categoryName, FEEDBACK_TEXT, LEVEL_TEXT, OUTCOME_TEXT, RATING_TEXT, STATUS_TEXT } from './labels';
import { maskPhone } from './view';

function sender(c: CaseRecord): string {
  if (c.resident.anonymous) return '匿名';
  return [c.resident.name ?? '群众', c.resident.phone ? maskPhone(c.resident.phone) : (c.resident.maskedPhone ?? null)].filter(Boolean).join(' ');
}

export interface LedgerColumn extends ReportColumn {
  value(c: CaseRecord): ReportCell;
}

/** Text, or a blank cell when there is none. */
const orBlank = (text: string | null | undefined): string | null => text || null;

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { header: '事项编号', width: 15, value: (c) => c.no },
  { header: '反映时间', width: 17, value: (c) => ({ at: c.createdAt }) },
  { header: '乡镇(街道)', width: 12, value: (c) => c.townshipName },
  { header: '村(社区)', width: 12, value: (c) => c.villageName },
  { header: '类别', width: 10, value: (c) => categoryName(c.category) },
  { header: '反映内容', width: 40, wrap: true, value: (c) => c.description },
  { header: '反映人', width: 18, value: sender },
  { header: '党代表', width: 10, value: (c) => c.representativeName },
  { header: '层级', width: 10, value: (c) => (c.level ? LEVEL_TEXT[c.level] : null) },
  { header: '承办单位', width: 28, wrap: true, value: (c) => orBlank([c.unitName, ...c.coUnitNames].filter(Boolean).join('、')) },
  { header: '交办时间', width: 17, value: (c) => ({ at: c.assignedAt }) },
  { header: '办理期限', width: 12, value: (c) => ({ day: c.dueDate }) },
  { header: '状态', width: 16, value: (c) => STATUS_TEXT[c.status] },
  { header: '办理结果', width: 12, value: (c) => (c.outcome ? OUTCOME_TEXT[c.outcome] : null) },
  { header: '答复内容', width: 40, wrap: true, value: (c) => orBlank([c.reply, c.plan ? `计划：${c.plan}` : null].filter(Boolean).join('\n')) },
  { header: '反馈方式', width: 14, value: (c) => (c.feedbackMethod ? FEEDBACK_TEXT[c.feedbackMethod] : null) },
  { header: '办结时间', width: 17, value: (c) => ({ at: c.closedAt }) },
  { header: '群众评价', width: 10, value: (c) => (c.rating ? RATING_TEXT[c.rating] : null) },
  { header: '是否超期', width: 10, value: (c) => (c.overdue ? '是' : '否') },
  { header: '督办次数', width: 10, value: (c) => c.superviseCount },
  { header: '群众催办次数', width: 14, value: (c) => c.urgeCount ?? 0 },
  { header: '上报次数', width: 10, value: (c) => c.escalationCount },
  { header: '退回次数', width: 10, value: (c) => c.returnCount },
];

/**
 * The ledger's columns for a county: with a 网格 column after the village when it has grids (the
 * names of its grids by id), else as always.
 */
export function ledgerColumns(gridNames: ReadonlyMap<string, string>): readonly LedgerColumn[] {
  if (gridNames.size === 0) return LEDGER_COLUMNS;
  const grid: LedgerColumn = { header: '网格', width: 14, value: (c) => (c.gridId ? (gridNames.get(c.gridId) ?? null) : null) };
  const at = LEDGER_COLUMNS.findIndex((col) => col.header === '村(社区)') + 1;
  return [...LEDGER_COLUMNS.slice(0, at), grid, ...LEDGER_COLUMNS.slice(at)];
}

export const ledgerRow = (c: CaseRecord, columns: readonly LedgerColumn[] = LEDGER_COLUMNS): ReportCell[] => columns.map((col) => col.value(c));
