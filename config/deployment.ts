/**
 * What differs between deployments (one office's mini-program AppID and CloudBase environment):
 * read from environment variables, which `.env` and `.env.local` at the repository root provide —
 * the same files @cloudbase/cli reads for `cloudbaserc.json`. Nothing here is secret: API keys
 * stay with `tcb login`, and the WeChat AppSecret, which only `npm run deploy` needs (to check the
 * templates against the account), stays in the shell or `.env.local` and is never built in (cloud
 * calls are signed by the platform). `.env.example` lists every variable.
 */
import { FIELD_SOURCES, TEMPLATES, type FieldSource } from './subscribe';

/** The subscribe-message templates an office picks in the WeChat admin (订阅消息 → 公共模板库). */
export const TEMPLATE_NAMES = ['case_new', 'case_assigned', 'case_reminder', 'case_progress', 'case_closed', 'case_reassigned', 'briefing_new'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** which version a subscribe message or a card's code opens */
const STATES = ['developer', 'trial', 'formal'] as const;
export type MiniprogramState = (typeof STATES)[number];

export interface Deployment {
  /** CloudBase environment id (LIANXIN_ENV_ID); empty: the environment the function runs in */
  envId: string;
  /** the mini-program's AppID (LIANXIN_APPID) */
  appId: string;
  miniprogramState: MiniprogramState;
  /** template ids by name (LIANXIN_TEMPLATE_CASE_NEW, …); a missing one means in-app messages only */
  templates: Partial<Record<TemplateName, string>>;
  /**
   * each template's keywords and what fills them (LIANXIN_TEMPLATE_CASE_NEW_KEYWORDS =
   * `character_string1:caseNo,thing2:title,…`), as the template the office picked numbers them;
   * by default config/subscribe.ts's. `npm run deploy` checks them against the account's templates.
   */
  keywords: Record<TemplateName, Record<string, FieldSource>>;
  /**
   * 长期订阅消息 granted (LIANXIN_LONG_TERM_SUBSCRIBE=on): WeChat opens long-term subscribe messages
   * to offline public services, 政务民生 among them — "用户订阅一次后，开发者可长期下发多条消息"
   * (https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/subscribe-message-overview.html,
   * 长期订阅消息). On, a push needs no counted consent and uses none up; only the person's refusal
   * (43101) stops pushes, until they accept again. Off (the default), each accept in the one-time
   * dialog allows one push (一次性订阅消息: "开发者可不限时间地下发一条对应的服务消息").
   */
  longTermSubscribe: boolean;
}

export const keywordsVariable = (name: TemplateName) => `${templateVariable(name)}_KEYWORDS`;

/** `character_string1:caseNo,thing2:title` → { character_string1: 'caseNo', thing2: 'title' }, or what is wrong with it. */
export function parseKeywords(text: string): Record<string, FieldSource> | string {
  const out: Record<string, FieldSource> = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, source] = pair.split(':').map((s) => s.trim()) as [string, string | undefined];
    if (!/^[a-z_]+\d+$/.test(key)) return `${key} is not a template keyword (like thing2)`;
    if (!FIELD_SOURCES.includes(source as FieldSource)) return `${key}:${source ?? ''} takes one of ${FIELD_SOURCES.join(', ')}`;
    out[key] = source as FieldSource;
  }
  return Object.keys(out).length ? out : 'no keywords';
}

export const templateVariable = (name: TemplateName) => `LIANXIN_TEMPLATE_${name.toUpperCase()}`;

/** The deployment the given variables describe; throws naming each variable that is malformed. */
export function deploymentFrom(env: Record<string, string | undefined>): Deployment {
  const problems: string[] = [];
  const value = (name: string, pattern: RegExp, what: string): string => {
    const v = (env[name] ?? '').trim();
    if (v && !pattern.test(v)) problems.push(`${name}=${v} is not ${what}`);
    return v;
  };
  const envId = value('LIANXIN_ENV_ID', /^[a-z][a-z0-9-]{3,60}$/, 'a CloudBase environment id (like lianxin-1a2b3c)');
  const appId = value('LIANXIN_APPID', /^wx[0-9a-f]{16}$/, 'a mini-program AppID (wx + 16 hex digits)');
  const longTerm = value('LIANXIN_LONG_TERM_SUBSCRIBE', /^(on|off)$/, 'on or off');
  const state = value('LIANXIN_MINIPROGRAM_STATE', new RegExp(`^(${STATES.join('|')})$`), STATES.join(', '));
  const templates: Partial<Record<TemplateName, string>> = {};
  const keywords = {} as Record<TemplateName, Record<string, FieldSource>>;
  for (const name of TEMPLATE_NAMES) {
    const id = value(templateVariable(name), /^[A-Za-z0-9_-]{20,64}$/, 'a subscribe-message template id');
    if (id) templates[name] = id;
    const text = (env[keywordsVariable(name)] ?? '').trim();
    const parsed = text ? parseKeywords(text) : TEMPLATES[name].fields;
    if (typeof parsed === 'string') problems.push(`${keywordsVariable(name)}: ${parsed}`);
    else keywords[name] = parsed;
  }
  if (problems.length) throw new Error(`deployment settings:\n  ${problems.join('\n  ')}`);
  return { envId, appId, miniprogramState: (state || 'formal') as MiniprogramState, templates, keywords, longTermSubscribe: longTerm === 'on' };
}

declare const LIANXIN_DEPLOYMENT: Deployment | undefined;

/**
 * The deployment a build baked in (`LIANXIN_DEPLOYMENT`, defined by the functions' esbuild and by
 * the Taro build), else the process's own variables (the local runtime and the tests).
 */
export function currentDeployment(): Deployment {
  return typeof LIANXIN_DEPLOYMENT !== 'undefined' ? LIANXIN_DEPLOYMENT : deploymentFrom(typeof process === 'undefined' ? {} : process.env);
}
