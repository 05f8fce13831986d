/**
 * Building the pages with Taro: the h5 build the local server serves (rebuilt by `npm start` when
 * it is missing or older than any source it is built from, so a newcomer never sees stale pages),
 * the weapp build (checked by the tests), and the mini-program's package sizes.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deploymentAt } from '../../../config/env-files';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const H5_DIR = join(ROOT, 'dist', 'h5');

/** What the pages are built from (the server-only folders are left out). */
const SOURCES = ['src', 'config', 'types', 'babel.config.js', 'package-lock.json'];
const SERVER_ONLY = new Set([join(ROOT, 'src', 'runtime'), join(ROOT, 'src', 'server')]);

function newest(path: string): number {
  if (SERVER_ONLY.has(path) || !existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * The mini-program bakes in its deployment (cloud environment, subscribe-message templates): a
 * weapp build made for other settings is stale too. Kept beside the build, not in it.
 */
const deploymentStamp = (root: string) => join(root, 'dist', 'weapp.deployment.json');
const currentDeploymentJson = (root: string) => JSON.stringify(deploymentAt(root));

function isStale(root: string, out: string, platform: 'h5' | 'weapp'): boolean {
  const built = join(out, platform === 'h5' ? 'index.html' : 'app.json');
  if (!existsSync(built)) return true;
  if (platform === 'weapp' && (!existsSync(deploymentStamp(root)) || readFileSync(deploymentStamp(root), 'utf8') !== currentDeploymentJson(root))) return true;
  return Math.max(...SOURCES.map((s) => newest(join(root, s)))) > statSync(built).mtimeMs;
}

/** Runs `taro build --type <platform>`; its progress output is kept and shown only on failure. */
export function taroBuild(platform: 'h5' | 'weapp', root = ROOT): Promise<void> {
  const taro = require.resolve('@tarojs/cli/bin/taro', { paths: [root] });
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [taro, 'build', '--type', platform],
      { cwd: root, env: { ...process.env, NODE_ENV: 'production', CI: 'true' }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return fail(new Error(`taro build --type ${platform} failed:\n${stdout}\n${stderr}`));
        if (platform === 'weapp') writeFileSync(deploymentStamp(root), currentDeploymentJson(root));
        done();
      },
    );
  });
}

/** Builds a platform's pages unless the build is newer than every source. */
export async function ensureBuilt(platform: 'h5' | 'weapp', log: (line: string) => void = console.log): Promise<void> {
  if (!isStale(ROOT, join(ROOT, 'dist', platform), platform)) return;
  log(`building the pages (taro build --type ${platform}), about half a minute…`);
  await taroBuild(platform);
}

export interface PackageSizes {
  /** bytes of the main package: everything outside the subpackage roots */
  main: number;
  /** bytes per subpackage root */
  subpackages: Record<string, number>;
}

function bytes(path: string): number {
  const st = statSync(path);
  return st.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + bytes(join(path, name)), 0) : st.size;
}

/** Sizes of a weapp build's packages, read from its app.json, as WeChat counts them. */
export function packageSizes(weappDir: string): PackageSizes {
  const app = JSON.parse(readFileSync(join(weappDir, 'app.json'), 'utf8')) as { subPackages?: Array<{ root: string }> };
  const roots = (app.subPackages ?? []).map((p) => p.root.replace(/\/$/, ''));
  const subpackages = Object.fromEntries(roots.map((r) => [r, bytes(join(weappDir, r))]));
  return { main: bytes(weappDir) - Object.values(subpackages).reduce((a, b) => a + b, 0), subpackages };
}
