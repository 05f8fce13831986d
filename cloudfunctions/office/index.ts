/**
 * office: the county office's administration: invitation codes, the calendar, undelivered
 * messages, the organisation import, statistics, the ledger, reception logs and representatives' records.
 */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { AUDIT_KINDS, CASE_STATUSES, STAFF_ROLES } from '../../types/domain';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { calendarStatus, changeCalendar, deadLetters, resend } from '../../src/server/usecases/office';
import { exportLedger, ledger } from '../../src/server/usecases/ledger';
import { importOrganisation, organisationTemplate, revokeInvitation } from '../../src/server/usecases/organisation';
import { countyStatistics, exportStatistics } from '../../src/server/usecases/statistics';
import { recountCounty } from '../../src/server/usecases/rollups';
import { regionStatistics } from '../../src/server/usecases/region';
import { countyReceptions, countyRepresentativeRecords, exportRepresentativeRecords } from '../../src/server/usecases/reception';
import { issueInvitation } from '../../src/server/usecases/staff';
import { auditLog } from '../../src/server/usecases/audit';
import { deactivateRepresentative, revokeGrant, roster } from '../../src/server/usecases/roster';
import { category, date, event, flag, id, level, oneOf, outcome, pageNo, pageSize, periodFilter, periodUnless, text, year } from '../../src/server/validate';
import { adjustScore, countyScores } from '../../src/server/usecases/scores';

const dayName = text('名称', RULES.text.nameMax);
const thisHalfYearUnless = periodUnless('half_year');
const thisYearUnless = periodUnless('year');

/** The statistics' period and area. */
const statisticsFilter = {
  ...periodFilter,
  townshipId: id('乡镇(街道)').optional(),
  villageId: id('村(社区)').optional(),
};

/** What the ledger can be narrowed by; the period is this half-year so far unless given. */
const ledgerFilter = {
  ...statisticsFilter,
  gridId: id('网格').optional(),
  unitId: id('承办单位').optional(),
  level: level.optional(),
  category: category.optional(),
  status: oneOf('状态', CASE_STATUSES).optional(),
  outcome: outcome.optional(),
  overdue: flag('是否超期').optional(),
};

export const fn = defineFunction('office', {
  issueInvitation: action(
    event({
      name: text('姓名', RULES.text.nameMax),
      role: oneOf('身份', STAFF_ROLES),
      level: level.optional(),
      townshipId: id('乡镇(街道)').optional(),
      villageIds: z.array(id('村(社区)'), { error: '村(社区)格式不对' }).max(50).optional(),
      unitId: id('承办单位').optional(),
      representativeId: id('党代表').optional(),
    }),
    issueInvitation,
  ),
  calendar: action(event({}), (ctx) => calendarStatus(ctx)),
  setCalendarDay: action(event({ date: date('日期'), kind: oneOf('类型', ['holiday', 'workday'] as const), name: dayName }), (ctx, input) =>
    changeCalendar(ctx, { op: 'set_day', ...input }),
  ),
  removeCalendarDay: action(event({ date: date('日期') }), (ctx, input) => changeCalendar(ctx, { op: 'remove_day', ...input })),
  publishYear: action(event({ year, name: dayName }), (ctx, input) => changeCalendar(ctx, { op: 'publish_year', ...input })),
  deadLetters: action(event({ page: pageNo.default(1), pageSize: pageSize.default(RULES.pageSize.default) }), (ctx, input) =>
    deadLetters(ctx, input.page, input.pageSize),
  ),
  resend: action(event({ ids: z.array(id('消息'), { error: '消息格式不对' }).min(1, '请选择要重发的消息').max(100, '一次最多重发100条') }), (ctx, input) =>
    resend(ctx, input.ids),
  ),
  ledger: action(
    event({ ...ledgerFilter, page: pageNo.default(1), pageSize: pageSize.default(RULES.pageSize.default) }),
    (ctx, { page, pageSize: size, ...filter }) => ledger(ctx, thisHalfYearUnless(ctx, filter), page, size),
  ),
  exportLedger: action(event(ledgerFilter), (ctx, filter) => exportLedger(ctx, thisHalfYearUnless(ctx, filter))),
  importOrganisation: action(
    event({
      fileName: z.string({ error: '请选择文件' }).min(1, '请选择文件').max(200, '文件名过长'),
      fileId: z
        .string({ error: '请选择文件' })
        .max(512, '文件格式不对')
        .regex(/^(cloud:\/\/[\w.-]+|\/uploads)\/imports\/[\w-]+\/[\w.-]+$/, '请重新选择文件上传'),
      dryRun: flag('试导入'),
    }),
    importOrganisation,
  ),
  organisationTemplate: action(event({}), (ctx) => organisationTemplate(ctx)),
  revokeInvitation: action(event({ code: z.string({ error: '邀请码格式不对' }).regex(/^[A-Za-z0-9]{8}$/, '邀请码是8位字母和数字') }), (ctx, input) =>
    revokeInvitation(ctx, input.code),
  ),
  // this half-year so far unless a period is given
  statistics: action(event(statisticsFilter), (ctx, input) => countyStatistics(ctx, thisHalfYearUnless(ctx, input))),
  exportStatistics: action(event(statisticsFilter), (ctx, input) => exportStatistics(ctx, thisHalfYearUnless(ctx, input))),
  // a city's or a province's office: its counties' figures side by side (never their cases)
  regionStatistics: action(event({ ...periodFilter, regionId: id('市(州)或省').optional() }), (ctx, input) =>
    regionStatistics(ctx, thisHalfYearUnless(ctx, input)),
  ),
  // the statistics' daily rollups rebuilt from the cases (after a restore, or when first kept)
  recount: action(event({}), (ctx) => recountCounty(ctx)),
  receptions: action(event(statisticsFilter), (ctx, input) => countyReceptions(ctx, thisHalfYearUnless(ctx, input))),
  representativeRecords: action(event(statisticsFilter), (ctx, input) => countyRepresentativeRecords(ctx, thisYearUnless(ctx, input))),
  exportRepresentativeRecords: action(event(statisticsFilter), (ctx, input) => exportRepresentativeRecords(ctx, thisYearUnless(ctx, input))),
  roster: action(event({}), (ctx) => roster(ctx)),
  revokeGrant: action(
    event({
      openid: id('人员'),
      key: z.string({ error: '身份格式不对' }).min(1, '请选择要取消的身份').max(2000, '身份格式不对'),
      reason: text('取消的原因', RULES.text.reasonMax),
    }),
    revokeGrant,
  ),
  deactivateRepresentative: action(
    event({ representativeId: id('党代表'), reason: text('离任原因', RULES.text.reasonMax), successorId: id('接手的党代表').nullable() }),
    deactivateRepresentative,
  ),
  audit: action(
    event({
      ...periodFilter,
      kind: oneOf('类别', AUDIT_KINDS).optional(),
      page: pageNo.default(1),
      pageSize: pageSize.default(RULES.pageSize.default),
    }),
    (ctx, input) => auditLog(ctx, thisHalfYearUnless(ctx, input)),
  ),
  // 百分制: the county's representatives ranked for a year, and the office's manual items with their reasons
  scores: action(event({ year }), (ctx, input) => countyScores(ctx, input.year)),
  adjustScore: action(
    event({
      representativeId: id('党代表'),
      year,
      points: z.number({ error: '分数须为数字' }).multipleOf(0.1, '分数最多一位小数'),
      reason: text('加减分的理由', RULES.text.reasonMax),
    }),
    adjustScore,
  ),
});
export const main = cloudMain(fn);
