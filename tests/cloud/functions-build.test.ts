/**
 * The deployable function folders `npm run build:functions` writes (npm test runs it before
 * jest): each one stands alone, as CloudBase deploys it. A copy of each folder outside the
 * repository, with only the packages its own package.json lists installed beside it, loads with
 * `require` and answers an event through the real SDKs.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildFunctions, FUNCTIONS_OUT, functionNames, NODE_TARGET, openApisOf, RUNTIME } from '../../src/runtime/cloudbase/build-functions';
import { configuredFunctions, withOpenApis } from '../../src/runtime/cloudbase/deploy';
import { ROOT } from '../../src/runtime/local/build';
import { functionConfig, FUNCTIONS } from '../../src/runtime/local/functions';
import { PSEUDONYM_KEY_VARIABLE } from '../../src/server/pseudonym';

const pins = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
const manifest = (name: string) =>
  JSON.parse(readFileSync(join(FUNCTIONS_OUT, name, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };

let sandbox: string;
beforeAll(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'lianxin-functions-'));
});
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** A copy of the function folder with only its declared dependencies in node_modules. */
function deployAlone(name: string): string {
  const dir = join(sandbox, name);
  cpSync(join(FUNCTIONS_OUT, name), dir, { recursive: true });
  for (const dep of Object.keys(manifest(name).dependencies)) {
    const link = join(dir, 'node_modules', dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), link, 'dir');
  }
  return dir;
}

it('writes a folder for every function, with its code, manifest and config', () => {
  expect(readdirSync(FUNCTIONS_OUT).sort()).toEqual(functionNames());
  for (const name of functionNames()) {
    for (const file of ['index.js', 'package.json', 'config.json']) expect(existsSync(join(FUNCTIONS_OUT, name, file))).toBe(true);
    expect(JSON.parse(readFileSync(join(FUNCTIONS_OUT, name, 'config.json'), 'utf8'))).toEqual(functionConfig(name));
  }
});

it('grants each function exactly the open APIs its bundle can reach (云调用权限)', () => {
  const required = Object.fromEntries(functionNames().map((name) => [name, openApisOf(readFileSync(join(FUNCTIONS_OUT, name, 'index.js'), 'utf8'))]));
  const granted = Object.fromEntries(functionNames().map((name) => [name, [...functionConfig(name).permissions.openapi].sort()]));
  expect(granted).toEqual(required);
  // what that works out to: the checks of words and photos wherever a request, a notice or a reply is written
  expect(required).toMatchObject({
    staff: ['security.mediaCheckAsync', 'security.msgSecCheck'],
    resident: ['security.mediaCheckAsync', 'security.msgSecCheck'],
    case: ['security.msgSecCheck'],
    card: ['wxacode.getUnlimited'],
    // the wall's words are checked, and each village's wall has its printed code
    wall: ['security.mediaCheckAsync', 'security.msgSecCheck', 'wxacode.getUnlimited'],
    deliver: ['subscribeMessage.send'],
    briefing: ['security.msgSecCheck'],
  });
  // the seven `npm run deploy` tells to upload from DevTools, where WeChat grants the permissions (README step 8)
  expect(withOpenApis(functionNames())).toEqual([
    'briefing',
    'card',
    'case',
    'deliver',
    'evaluation',
    'grid',
    'group',
    'linkage',
    'matter',
    'messenger',
    'proposal',
    'resident',
    'staff',
    'wall',
  ]);
});

it('refuses to build a function whose config.json lacks an open API it calls', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lianxin-permissions-'));
  const config = join(ROOT, 'cloudfunctions', 'staff', 'config.json');
  const original = readFileSync(config, 'utf8');
  try {
    writeFileSync(config, JSON.stringify({ ...JSON.parse(original), permissions: { openapi: [] } }));
    await expect(buildFunctions(dir, ['staff', 'case'])).rejects.toThrow(
      'cloudfunctions/staff/config.json must list security.mediaCheckAsync, security.msgSecCheck in permissions.openapi',
    );
  } finally {
    writeFileSync(config, original);
    rmSync(dir, { recursive: true, force: true });
  }
});

it('lists in each manifest only the SDKs, at the versions the repository pins', () => {
  for (const name of functionNames()) {
    const { main, dependencies } = manifest(name);
    expect(main).toBe('index.js');
    expect(Object.keys(dependencies).sort()).toEqual(['@cloudbase/node-sdk', 'wx-server-sdk']);
    for (const [dep, version] of Object.entries(dependencies)) expect(version).toBe(pins[dep]);
  }
});

it('loads every folder alone with only its own dependencies and answers an event through the real SDKs', () => {
  for (const name of functionNames()) deployAlone(name);
  // a fresh node, outside the repository: nothing of ours resolves except what the folder holds
  const script = `
    const results = {};
    (async () => {
      for (const name of ${JSON.stringify(functionNames())}) {
        const fn = require(require('path').join(${JSON.stringify(sandbox)}, name));
        if (typeof fn.main !== 'function') throw new Error(name + ' has no main');
        results[name] = await fn.main({ action: 'no-such-action' }, {});
      }
      console.log(JSON.stringify(results));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  // as CloudBase runs a function a user calls from the mini-program
  const env = {
    PATH: process.env.PATH,
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    SCF_NAMESPACE: 'lianxin-test-0a1b2c',
    TCB_ENV: 'lianxin-test-0a1b2c',
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
    WX_OPENID: 'oUser-in-sandbox',
    WX_APPID: 'wx0123456789abcdef',
  };
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: sandbox, env, encoding: 'utf8' })) as Record<string, unknown>;
  for (const name of functionNames()) {
    // callables refuse the unknown action; timers refuse any call that is not their trigger's;
    // message-push functions leave alone what is not their event; HTTP functions find no such path
    const expected = {
      timer: { ok: false, error: { code: 'FORBIDDEN', message: '定时任务不能手动调用' } },
      callable: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '不支持的操作' } },
      push: { ok: true, data: { ignored: true } },
      http: expect.objectContaining({ statusCode: 404, body: expect.stringContaining('"code":404') }),
    }[FUNCTIONS.get(name)!.kind];
    expect(out[name]).toEqual(expected);
  }
});

it("deploys through cloudbaserc.json every built function, on the Node runtime its bundle targets, with its config.json timeout and trigger and the pseudonyms' key", () => {
  const rc = JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8')) as {
    envId: string;
    functionRoot: string;
    functions: Array<{ name: string; timeout: number; handler: string; runtime: string; triggers?: unknown; envVariables?: unknown }>;
  };
  expect(NODE_TARGET).toBe(`node${/^Nodejs(\d+)\./.exec(RUNTIME)![1]}`);
  expect(rc.envId).toBe('{{env.LIANXIN_ENV_ID}}');
  expect(join(ROOT, rc.functionRoot)).toBe(FUNCTIONS_OUT);
  expect(configuredFunctions()).toEqual(functionNames());
  for (const f of rc.functions) {
    const config = functionConfig(f.name);
    expect(f.handler).toBe('index.main');
    expect(f.runtime).toBe(RUNTIME);
    expect(f.timeout).toBe(config.timeout);
    expect(f.triggers).toEqual(config.triggers);
    // the pseudonyms' key, from .env.local at deploy (cloudbaserc.json's dynamic variables)
    expect(f.envVariables).toEqual({ [PSEUDONYM_KEY_VARIABLE]: `{{env.${PSEUDONYM_KEY_VARIABLE}}}` });
  }
  // WeChat DevTools uploads the same folders
  const project = JSON.parse(readFileSync(join(ROOT, 'project.config.json'), 'utf8')) as { cloudfunctionRoot: string; miniprogramRoot: string };
  expect(resolve(ROOT, project.cloudfunctionRoot)).toBe(FUNCTIONS_OUT);
  expect(resolve(ROOT, project.miniprogramRoot)).toBe(join(ROOT, 'dist', 'weapp'));
});
