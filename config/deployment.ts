/**
 * What differs between deployments (one office's mini-program AppID and CloudBase environment):
 * read from environment variables, which `.env` and `.env.local` at the repository root provide —
 * the same files @cloudbase/cli reads for `cloudbaserc.json`. Nothing here is secret: API keys
 * stay with `tcb login`, the WeChat AppSecret is never needed (cloud calls are signed by the
 * platform). `.env.example` lists every variable.
 */
/** The subscribe-message templates an office picks in the WeChat admin (订阅消息 → 公共模板库). */
export const TEMPLATE_NAMES = ['case_new', 'case_assigned', 'case_reminder', 'case_progress', 'case_closed', 'case_reassigned'] as const;
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
  const state = value('LIANXIN_MINIPROGRAM_STATE', new RegExp(`^(${STATES.join('|')})$`), STATES.join(', '));
  const templates: Partial<Record<TemplateName, string>> = {};
  for (const name of TEMPLATE_NAMES) {
    const id = value(templateVariable(name), /^[A-Za-z0-9_-]{20,64}$/, 'a subscribe-message template id');
    if (id) templates[name] = id;
  }
  if (problems.length) throw new Error(`deployment settings:\n  ${problems.join('\n  ')}`);
  return { envId, appId, miniprogramState: (state || 'formal') as MiniprogramState, templates };
}

declare const LIANXIN_DEPLOYMENT: Deployment | undefined;

/**
 * The deployment a build baked in (`LIANXIN_DEPLOYMENT`, defined by the functions' esbuild and by
 * the Taro build), else the process's own variables (the local runtime and the tests).
 */
export function currentDeployment(): Deployment {
  return typeof LIANXIN_DEPLOYMENT !== 'undefined' ? LIANXIN_DEPLOYMENT : deploymentFrom(typeof process === 'undefined' ? {} : process.env);
}
