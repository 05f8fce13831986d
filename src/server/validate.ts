/**
 * Field schemas with Chinese messages, so every rejected event says what to fix in words a
 * cadre or a resident understands. Objects are strict: an unknown field is an error, not ignored.
 */
import { z } from 'zod';
import { CATEGORY_IDS, descriptionProblem, PHONE_PATTERN, RULES, UNCHOSEN_CATEGORY, wordCount } from '../../config/rules';
import { FEEDBACK_METHODS, LEVELS, OUTCOMES, RATINGS } from '../../types/domain';
import { PERIOD_KINDS, periodOf, type PeriodKind } from '../domain/periods';
import type { Ctx } from './ctx';

export const text = (label: string, max: number, min = 1) =>
  z
    .string({ error: `${label}须为文字` })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少要${min}个字`)
    .max(max, `${label}不能超过${max}个字`)
    // emoji, punctuation or blank-looking characters alone say nothing a reader can act on
    .refine((s) => s === '' || wordCount(s) > 0, `${label}不能只有表情或符号，请用文字填写`);

export const id = (label: string) =>
  z
    .string({ error: `${label}格式不对` })
    .min(1, `请选择${label}`)
    .max(100, `${label}格式不对`)
    .regex(/^[\w:.-]+$/, `${label}格式不对`);

export const oneOf = <T extends readonly [string, ...string[]]>(label: string, values: T) => z.enum(values, { error: `请选择${label}` });

export const flag = (label: string) => z.boolean({ error: `${label}须为是或否` });

export const date = (label: string) =>
  z
    .string({ error: `${label}格式不对` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}须为“年-月-日”格式`)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), `${label}不是有效日期`);

/** A report's period: the days the office gives, or a named period (本半年, 本年…); see `periodUnless`. */
export const periodFilter = {
  period: oneOf('时段', PERIOD_KINDS).optional(),
  from: date('开始日期').optional(),
  to: date('结束日期').optional(),
};

/**
 * The days of a report's period: those given, or the named period reckoned by the server's clock,
 * or else the period `kind` so far (this half-year; this year for a representative's record).
 */
export const periodUnless =
  (kind: PeriodKind) =>
  <F extends { period?: PeriodKind; from?: string; to?: string }>(ctx: Ctx, { period, ...filter }: F) => ({
    ...periodOf(period ?? kind, ctx.clock.now()),
    ...filter,
  });

export const phone = z.string({ error: '电话须为文字' }).trim().regex(PHONE_PATTERN, '请填写正确的手机号或座机号');

/** A whole number of things, from none to `max`. */
export const count = (label: string, max: number) =>
  z
    .number({ error: `${label}须为数字` })
    .int(`${label}须为整数`)
    .min(0, `${label}不能为负`)
    .max(max, `${label}最多${max}`);
export const year = z.number({ error: '年份须为数字' }).int('年份须为整数').min(2000, '年份不对').max(2100, '年份不对');
export const pageNo = z.number({ error: '页码须为数字' }).int('页码须为整数').min(1, '页码从 1 开始').max(10000, '页码过大');
export const pageSize = z
  .number({ error: '每页条数须为数字' })
  .int('每页条数须为整数')
  .min(1, '每页至少 1 条')
  .max(RULES.pageSize.max, `每页最多 ${RULES.pageSize.max} 条`);

export const category = oneOf('问题类别', CATEGORY_IDS);
export const level = oneOf('办理层级', LEVELS);
export const outcome = oneOf('办理结果', OUTCOMES);
export const feedbackMethod = oneOf('反馈方式', FEEDBACK_METHODS);
export const rating = oneOf('评价', RATINGS);

/** A strict object: unknown keys are rejected with their names. */
export const event = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `不认识的字段：${(iss as { keys: string[] }).keys.join('、')}` : '请求格式不对'),
  });

/** zod issues → one message and per-field messages. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.map(String).join('.') || '_'];
    for (const key of keys) fields[key] ??= issue.message;
  }
  return { message: `填写有误：${Object.values(fields)[0] ?? '请求格式不对'}`, fields };
}

/**
 * A photo: an upload (a cloud storage file id under photos/ in production, an upload of the local
 * server locally), or the clean copy kept of one (kept/, src/server/usecases/photos.ts), which an
 * edit sends back as it found it.
 */
export const photo = z
  .string({ error: '照片格式不对' })
  .max(512, '照片地址过长')
  .regex(
    /^(cloud:\/\/[\w.-]+\/(photos\/[\w-]+\/[\w-]+(\.\w+)?|kept\/[0-9a-f]{32}\.jpg)|\/uploads\/([0-9a-f]{32}\.(jpg|png|webp|gif)|kept\/[0-9a-f]{32}\.jpg))$/,
    '照片须先上传',
  );

/** Up to `max` kept photos (`noun`: 照片, or 附件 counted in 个). */
export const photoList = (max: number, noun = '照片', unit = '张') =>
  z
    .array(photo, { error: `${noun}格式不对` })
    .max(max, `${noun}最多${max}${unit}`)
    .optional();

/** A kept recording (语音说事): uploaded like photos to the sender's own folder; the local server keeps browsers' and WeChat's audio. */
export const recordingFile = z
  .string({ error: '录音格式不对' })
  .max(512, '录音地址过长')
  .regex(/^(cloud:\/\/[\w.-]+\/photos\/[\w-]+\/[\w-]+\.(mp3|aac|m4a|wav|webm|ogg)|\/uploads\/[0-9a-f]{32}\.(mp3|aac|m4a|wav|webm|ogg))$/, '录音须先上传');

const { submit: submitLimits, text: textLimits, voice } = RULES;

/** Up to `maxRecordings` recordings, each with the seconds it lasts (at most `maxSeconds`). */
export const recordingList = z
  .array(
    event({
      file: recordingFile,
      seconds: z.number({ error: '录音时长须为数字' }).positive('录音时长不对').max(voice.maxSeconds, `每段录音最长${voice.maxSeconds}秒`),
    }),
    { error: '录音格式不对' },
  )
  .max(voice.maxRecordings, `录音最多${voice.maxRecordings}段`)
  .optional();
const location = event({
  latitude: z.number({ error: '位置格式不对' }).min(-90).max(90),
  longitude: z.number({ error: '位置格式不对' }).min(-180).max(180),
});

/** The client's id of one request, made once per form: a retried or doubled send of it changes nothing more. */
export const requestId = z.string({ error: '请求编号格式不对' }).regex(/^[\w-]{8,64}$/, '请求编号格式不对');

/** What a request says, whether a resident sends it from a card or a representative enters it for them. */
export const requestFields = {
  requestId,
  // none chosen: as the pages send it (UNCHOSEN_CATEGORY)
  category: category.default(UNCHOSEN_CATEGORY),
  // not too many words: the form's own rule (config/rules.ts); whether there are enough depends on
  // whether it was said by voice, asked when the case is opened (usecases/submit.ts): a request said
  // by voice alone may leave the words out
  description: z
    .string({ error: '问题描述须为文字' })
    .trim()
    .superRefine((v, issues) => {
      const problem = descriptionProblem(v, true);
      if (problem) issues.addIssue({ code: 'custom', message: problem });
    })
    .default(''),
  photos: photoList(submitLimits.maxPhotos),
  recordings: recordingList,
  location: location.optional(),
  address: text('地址', textLimits.addressMax).optional(),
  phone: phone.optional(),
  name: text('称呼', textLimits.nameMax).optional(),
  villageId: id('村(社区)').optional(),
};

/** A request entered for a resident met in person (a reception, a grid visit): the level it was given, and the resident's consent to be called back. */
export const enteredRequestFields = { ...requestFields, level: level.optional(), consent: flag('群众同意联系').default(false) };

/** The `updatedAt` a log (接待日志, 网格走访) was read with, when correcting it. */
export const logReadAt = (label: string) =>
  z
    .number({ error: `${label}格式不对` })
    .int(`${label}格式不对`)
    .min(0, `${label}格式不对`)
    .optional();
