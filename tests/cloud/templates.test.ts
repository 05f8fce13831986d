/**
 * `npm run deploy` checks the subscribe-message templates against the account before deploying,
 * through WeChat's own API (stable_token, then gettemplate) — here a loopback stand-in that
 * answers as WeChat documents.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deploymentFrom, TEMPLATE_NAMES, templateVariable } from '../../config/deployment';
import { TEMPLATES } from '../../config/subscribe';
import { checkTemplates } from '../../src/runtime/cloudbase/deploy';

const APPID = 'wx0123456789abcdef';
const SECRET = 'app-secret-of-the-account';
const id = (name: string) => `tpl-${name.replace(/_/g, '-')}-0123456789abcdef`;
/** a template's content as the public library words it, from its keywords */
const content = (keywords: string[]) => keywords.map((k) => `${k}:{{${k}.DATA}}`).join('\n');

let server: Server;
let api: string;
let account: Array<{ priTmplId: string; title: string; content: string; type: number }>;
let asked: string[];
beforeEach(async () => {
  asked = [];
  account = TEMPLATE_NAMES.map((name) => ({
    priTmplId: id(name),
    title: TEMPLATES[name].pick,
    content: content(Object.keys(TEMPLATES[name].fields)),
    type: 2,
  }));
  server = createServer((req, res) => {
    void (async () => {
      let body = '';
      for await (const chunk of req) body += chunk;
      asked.push(`${req.method} ${req.url!.split('?')[0]}`);
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/cgi-bin/stable_token') {
        const { appid, secret, grant_type } = JSON.parse(body) as Record<string, string>;
        const good = appid === APPID && secret === SECRET && grant_type === 'client_credential';
        return res.end(JSON.stringify(good ? { access_token: 'ACCESS', expires_in: 7200 } : { errcode: 40125, errmsg: 'invalid appsecret' }));
      }
      if (url.pathname === '/wxaapi/newtmpl/gettemplate') {
        return res.end(
          JSON.stringify(
            url.searchParams.get('access_token') === 'ACCESS' ? { errcode: 0, errmsg: 'ok', data: account } : { errcode: 40001, errmsg: 'invalid credential' },
          ),
        );
      }
      res.statusCode = 404;
      res.end('{}');
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((done) => server.close(() => done())));

const settings = (over: Record<string, string> = {}) => ({
  LIANXIN_APPID: APPID,
  ...Object.fromEntries(TEMPLATE_NAMES.map((n) => [templateVariable(n), id(n)])),
  ...over,
});
const check = (over: Record<string, string> = {}, secret: string | null = SECRET) =>
  checkTemplates(deploymentFrom(settings(over)), { LIANXIN_WECHAT_API: api, ...(secret ? { LIANXIN_APP_SECRET: secret } : {}) });

it('lets a deployment whose templates and keywords are the account’s go ahead, asking WeChat as documented', async () => {
  await expect(check()).resolves.toBeUndefined();
  expect(asked).toEqual(['POST /cgi-bin/stable_token', 'GET /wxaapi/newtmpl/gettemplate']);
});

it('refuses to deploy with a template the account does not have, naming it', async () => {
  await expect(check({ LIANXIN_TEMPLATE_CASE_CLOSED: 'tpl-someone-elses-0123456789' })).rejects.toThrow(
    /LIANXIN_TEMPLATE_CASE_CLOSED=tpl-someone-elses-0123456789: no such template/,
  );
});

it('refuses to deploy when the template the office picked numbers its keywords otherwise, naming the keyword, and takes the corrected mapping', async () => {
  account = account.map((t) => (t.priTmplId === id('case_progress') ? { ...t, content: content(['character_string3', 'phrase1', 'thing5', 'time2']) } : t));
  await expect(check()).rejects.toThrow(
    /LIANXIN_TEMPLATE_CASE_PROGRESS 「办理进度通知」 has no keyword character_string1, phrase2, thing3, time4 \(it has character_string3, phrase1, thing5, time2\): set LIANXIN_TEMPLATE_CASE_PROGRESS_KEYWORDS/,
  );
  await expect(check({ LIANXIN_TEMPLATE_CASE_PROGRESS_KEYWORDS: 'character_string3:caseNo,phrase1:status,thing5:body,time2:time' })).resolves.toBeUndefined();
});

it('says what to set when the AppSecret is missing or wrong, and checks nothing without templates', async () => {
  await expect(check({}, null)).rejects.toThrow(/set LIANXIN_APP_SECRET/);
  await expect(check({}, 'wrong')).rejects.toThrow(/refused an access token .* 40125 invalid appsecret/);
  const none = deploymentFrom({ LIANXIN_APPID: APPID });
  await expect(checkTemplates(none, { LIANXIN_WECHAT_API: api })).resolves.toBeUndefined();
  expect(asked.filter((a) => a.includes('gettemplate'))).toHaveLength(0);
});
