/**
 * The WeChat mini-program build (`taro build --type weapp`, run by the tests' global setup, which
 * fails the run if it fails): residents' pages are in the main package and staff pages in their
 * subpackage, the local-only sign-in page is left out, and the main package stays well within
 * WeChat's 2 MB.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageSizes, ROOT } from '../../src/runtime/local/build';

const WEAPP = join(ROOT, 'dist', 'weapp');
const LIMIT = 2 * 1024 * 1024;

it('puts residents in the main package, staff in a subpackage, and leaves dev sign-in out', () => {
  const app = JSON.parse(readFileSync(join(WEAPP, 'app.json'), 'utf8')) as { pages: string[]; subPackages: Array<{ root: string; pages: string[] }> };
  expect(app.pages).toEqual(expect.arrayContaining(['pages/card/index', 'pages/submit/index', 'pages/done/index', 'pages/case/index']));
  expect(app.pages[0]).toBe('pages/card/index');
  expect(app.pages).not.toContain('pages/signin/index');
  expect(app.subPackages).toEqual([{ root: 'staff', pages: ['workbench/index', 'act/index'] }]);
  for (const page of app.pages) expect(existsSync(join(WEAPP, `${page}.js`))).toBe(true);
  // the mini-program calls its cloud functions, never the local server's HTTP API
  expect(readFileSync(join(WEAPP, 'common.js'), 'utf8')).not.toContain('/api/fn/');
});

it('keeps the main package under 2 MB', () => {
  const sizes = packageSizes(WEAPP);
  console.log(`weapp main package ${(sizes.main / 1024).toFixed(0)} KB of 2048 KB; staff ${((sizes.subpackages.staff ?? 0) / 1024).toFixed(0)} KB`);
  expect(sizes.main).toBeLessThan(LIMIT);
  expect(sizes.subpackages.staff).toBeGreaterThan(0);
});
