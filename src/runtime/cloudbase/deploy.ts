/**
 * `npm run deploy`: builds the functions and the mini-program for the deployment `.env.local`
 * describes, deploys every function of cloudbaserc.json with @cloudbase/cli (`tcb fn deploy
 * --all --force`, signed with TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY from `.env.local` unless
 * `tcb login` was done), and points WeChat DevTools at the AppID
 * (project.private.config.json, which git ignores) for uploading the mini-program.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_NAMES, templateVariable, type Deployment } from '../../../config/deployment';
import { deploymentAt } from '../../../config/env-files';
import { pseudonymKeyProblem } from '../../server/pseudonym';
import { ROOT, taroBuild } from '../local/build';
import { buildFunctions, FUNCTIONS_OUT } from './build-functions';
import { accountTemplates, templateProblems } from './templates';

/** The built functions whose config.json asks for open APIs: WeChat grants those only on an upload from DevTools. */
export function withOpenApis(built: readonly string[], out = FUNCTIONS_OUT): string[] {
  return built.filter((name) => {
    const config = JSON.parse(readFileSync(join(out, name, 'config.json'), 'utf8')) as { permissions?: { openapi?: string[] } };
    return (config.permissions?.openapi ?? []).length > 0;
  });
}

/** The functions cloudbaserc.json deploys, which must be exactly the ones built. */
export function configuredFunctions(root = ROOT): string[] {
  const rc = JSON.parse(readFileSync(join(root, 'cloudbaserc.json'), 'utf8')) as { functions: Array<{ name: string }> };
  return rc.functions.map((f) => f.name).sort();
}

/**
 * Refuses to deploy when a configured template is not the account's or lacks a keyword the
 * deployment fills: checked against WeChat with the AppSecret (LIANXIN_APP_SECRET, never committed).
 */
export async function checkTemplates(deployment: Deployment, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (TEMPLATE_NAMES.every((t) => !deployment.templates[t])) return;
  const secret = env.LIANXIN_APP_SECRET;
  if (!secret) {
    throw new Error(
      'set LIANXIN_APP_SECRET (微信公众平台 → 开发管理 → 开发设置 → AppSecret) in your shell or .env.local, which git ignores: the subscribe-message templates are checked against your account before deploying',
    );
  }
  const account = await accountTemplates(deployment.appId, secret, env.LIANXIN_WECHAT_API ?? undefined);
  const problems = templateProblems(deployment, account);
  if (problems.length) throw new Error(`subscribe-message templates do not match the account's, not deploying:\n  ${problems.join('\n  ')}`);
  console.log(`subscribe-message templates checked against ${deployment.appId}: ${TEMPLATE_NAMES.filter((t) => deployment.templates[t]).length} match`);
}

async function deploy(): Promise<void> {
  const deployment = deploymentAt(ROOT);
  if (!deployment.envId || !deployment.appId) {
    throw new Error('set LIANXIN_ENV_ID and LIANXIN_APPID in .env.local first (see .env.example)');
  }
  const keyProblem = pseudonymKeyProblem(process.env);
  if (keyProblem)
    throw new Error(`${keyProblem}: set it in .env.local; the functions keep votes and the wall's limits under pseudonyms made with it (see .env.example)`);
  const missing = TEMPLATE_NAMES.filter((t) => !deployment.templates[t]);
  if (missing.length) console.warn(`no template id for ${missing.map(templateVariable).join(', ')}: those messages stay in-app only`);
  await checkTemplates(deployment);

  const built = await buildFunctions();
  const configured = configuredFunctions();
  if (built.join() !== configured.join()) throw new Error(`cloudbaserc.json lists ${configured.join(', ')} but cloudfunctions/ has ${built.join(', ')}`);

  const tcb = require.resolve('@cloudbase/cli/bin/tcb', { paths: [ROOT] });
  const run = spawnSync(process.execPath, [tcb, 'fn', 'deploy', '--all', '--force', '--envId', deployment.envId], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0)
    throw new Error(
      'tcb fn deploy failed (is TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY in .env.local, or `npx tcb login` done? README → Deploying, step 4)',
    );

  console.log('building the mini-program (dist/weapp)…');
  await taroBuild('weapp');
  // DevTools keeps its own settings in the same file: only the AppID is ours
  const privateConfig = join(ROOT, 'project.private.config.json');
  const kept = existsSync(privateConfig) ? (JSON.parse(readFileSync(privateConfig, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(privateConfig, `${JSON.stringify({ ...kept, appid: deployment.appId }, null, 2)}\n`);
  console.log(
    [
      `deployed ${built.length} functions to ${deployment.envId}.`,
      `Next, in WeChat DevTools (this folder; AppID from project.private.config.json): right-click ${withOpenApis(built).join(', ')}`,
      'under dist/functions → 上传并部署：云端安装依赖, which is what grants their open-API permissions (README → Deploying, step 8);',
      'then preview, 上传 the mini-program, and submit it for review.',
    ].join('\n'),
  );
}

if (require.main === module) {
  deploy().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
