/**
 * The subscribe-message templates of the mini-program's account, checked at deploy time against
 * the deployment's template ids and keywords: a template that is not the account's, or a keyword it
 * does not have, makes every send of that kind fail with 47003 (and end in the dead letters).
 * WeChat's API needs an access token, from the AppID and AppSecret (stable_token:
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html;
 * gettemplate: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/getTemplateList.html).
 */
import { TEMPLATE_NAMES, keywordsVariable, templateVariable, type Deployment } from '../../../config/deployment';

/** One template of the account's 我的模板, as gettemplate answers it. */
export interface AccountTemplate {
  priTmplId: string;
  title: string;
  /** `事项编号:{{character_string1.DATA}}\n…` (empty for some templates) */
  content: string;
  /** 2 one-time, 3 long-term */
  type: number;
}

type Fetch = typeof fetch;

/** The account's templates, asked with an access token made from the AppSecret. */
export async function accountTemplates(
  appId: string,
  appSecret: string,
  api = 'https://api.weixin.qq.com',
  fetchImpl: Fetch = fetch,
): Promise<AccountTemplate[]> {
  const token = (await (
    await fetchImpl(`${api}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: false }),
    })
  ).json()) as { access_token?: string; errcode?: number; errmsg?: string };
  if (!token.access_token)
    throw new Error(
      `WeChat refused an access token for ${appId}: ${token.errcode} ${token.errmsg} (check LIANXIN_APP_SECRET; if the account has an IP whitelist, add this machine's address: 开发管理 → 开发设置 → IP白名单)`,
    );
  const list = (await (await fetchImpl(`${api}/wxaapi/newtmpl/gettemplate?access_token=${encodeURIComponent(token.access_token)}`)).json()) as {
    errcode?: number;
    errmsg?: string;
    data?: AccountTemplate[];
  };
  if (list.errcode) throw new Error(`WeChat refused the template list: ${list.errcode} ${list.errmsg}`);
  return list.data ?? [];
}

/** The keywords a template has: `thing2`, `character_string1`… from its content. */
export const templateKeywords = (t: Pick<AccountTemplate, 'content'>): string[] => [...t.content.matchAll(/\{\{(\w+)\.DATA\}\}/g)].map((m) => m[1]!);

/** What is wrong between the deployment's templates and the account's: one line each (empty when nothing). */
export function templateProblems(deployment: Pick<Deployment, 'templates' | 'keywords'>, account: readonly AccountTemplate[]): string[] {
  const problems: string[] = [];
  for (const name of TEMPLATE_NAMES) {
    const id = deployment.templates[name];
    if (!id) continue;
    const found = account.find((t) => t.priTmplId === id);
    if (!found) {
      problems.push(`${templateVariable(name)}=${id}: no such template in this mini-program's 我的模板 (订阅消息 → 我的模板)`);
      continue;
    }
    const has = templateKeywords(found);
    if (has.length === 0) continue; // WeChat answers some templates without their content: nothing to check against
    const missing = Object.keys(deployment.keywords[name]).filter((k) => !has.includes(k));
    if (missing.length) {
      problems.push(
        `${templateVariable(name)} 「${found.title}」 has no keyword ${missing.join(', ')} (it has ${has.join(', ')}): set ${keywordsVariable(name)} to its keywords, e.g. ${has.join(':…,')}:…`,
      );
    }
  }
  return problems;
}
