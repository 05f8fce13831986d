/**
 * `npm run build:functions`: each folder of `cloudfunctions/` bundled into a deployable folder
 * `dist/functions/<name>/` (the `cloudfunctionRoot` of project.config.json and the `functionRoot`
 * of cloudbaserc.json):
 *   index.js      esbuild, node, cjs, everything of ours inlined; the SDKs left external
 *   package.json  exactly the external packages the bundle requires, at the root's pinned versions
 *                 (installed by the platform: 云端安装依赖)
 *   config.json   the function's open-API permissions and timer trigger, as written
 * The deployment settings (config/deployment.ts) are baked in from the environment / `.env` files.
 */
import { build, type Metafile } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { deploymentAt } from '../../../config/env-files';
import { ROOT } from '../local/build';

export const FUNCTIONS_SRC = join(ROOT, 'cloudfunctions');
export const FUNCTIONS_OUT = join(ROOT, 'dist', 'functions');
/**
 * the CloudBase runtime the functions are deployed on (cloudbaserc.json `Nodejs20.19`, the newest
 * the CLI offers that is not in public beta; Node 18 is past its end of life)
 */
export const NODE_TARGET = 'node20';
export const RUNTIME = 'Nodejs20.19';
/** provided by the platform: installed from each function's package.json */
const EXTERNAL = ['wx-server-sdk', '@cloudbase/node-sdk'];

export const functionNames = (): string[] =>
  readdirSync(FUNCTIONS_SRC, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

/** The bare package names a bundle requires from outside (node: built-ins excluded). */
export function externalPackages(meta: Metafile): string[] {
  const names = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  return [
    ...new Set(
      names.filter((p) => !p.startsWith('node:') && !isBuiltin(p)).map((p) => (p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0]!)),
    ),
  ].sort();
}

/**
 * The WeChat open APIs (云调用) each call through our ports reaches in production: a bundle that
 * calls one needs it in its config.json `permissions.openapi`, or WeChat refuses the call
 * (-604101) — and a content check that cannot be made holds the words for the office.
 */
export const OPEN_API_CALLS: ReadonlyArray<{ call: string; openapi: string }> = [
  { call: 'platform.checkText(', openapi: 'security.msgSecCheck' },
  { call: 'platform.checkMedia(', openapi: 'security.mediaCheckAsync' },
  { call: 'platform.codeImage(', openapi: 'wxacode.getUnlimited' },
  { call: 'messenger.deliver(', openapi: 'subscribeMessage.send' },
];

/** The open APIs a bundle can reach: those whose calls survive esbuild's tree shaking in it. */
export const openApisOf = (bundle: string): string[] =>
  OPEN_API_CALLS.filter((c) => bundle.includes(c.call))
    .map((c) => c.openapi)
    .sort();

/** Builds the deployable folder of each function in `names` (all by default) under `out`, its manifest and config beside it. */
export async function buildFunctions(out = FUNCTIONS_OUT, names = functionNames()): Promise<string[]> {
  const deployment = deploymentAt(ROOT);
  const pins = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
  rmSync(out, { recursive: true, force: true });
  // every build settles before the first failure is thrown: nothing is still writing into `out` then
  const results = await Promise.allSettled(
    names.map(async (name) => {
      const dir = join(out, name);
      mkdirSync(dir, { recursive: true });
      const result = await build({
        entryPoints: [join(FUNCTIONS_SRC, name, 'index.ts')],
        outfile: join(dir, 'index.js'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: NODE_TARGET,
        external: EXTERNAL,
        define: { LIANXIN_DEPLOYMENT: JSON.stringify(deployment) },
        metafile: true,
        legalComments: 'none',
        logLevel: 'warning',
      });
      const dependencies = Object.fromEntries(
        externalPackages(result.metafile).map((pkg) => {
          const version = pins[pkg];
          if (!version) throw new Error(`function ${name} requires ${pkg}, which package.json does not pin in dependencies`);
          return [pkg, version];
        }),
      );
      const manifest = { name: `lianxin-${name}`, version: '1.0.0', private: true, main: 'index.js', dependencies };
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const config = JSON.parse(readFileSync(join(FUNCTIONS_SRC, name, 'config.json'), 'utf8')) as { permissions: { openapi: string[] } };
      const missing = openApisOf(readFileSync(join(dir, 'index.js'), 'utf8')).filter((api) => !config.permissions.openapi.includes(api));
      if (missing.length) throw new Error(`cloudfunctions/${name}/config.json must list ${missing.join(', ')} in permissions.openapi: the function calls them`);
      copyFileSync(join(FUNCTIONS_SRC, name, 'config.json'), join(dir, 'config.json'));
    }),
  );
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return names;
}

if (require.main === module) {
  buildFunctions().then(
    (names) => console.log(`built ${names.length} functions into ${FUNCTIONS_OUT}: ${names.join(', ')}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
