/**
 * The WeChat mini-program build (`taro build --type weapp`, run by the tests' global setup, which
 * fails the run if it fails): residents' pages are in the main package, staff and office pages in
 * their subpackages, the local-only sign-in page is left out, and every package stays well within
 * WeChat's limits (2 MB each, 20 MB in all).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageSizes, ROOT } from '../../src/runtime/local/build';

const WEAPP = join(ROOT, 'dist', 'weapp');
const KB = 1024;
/** WeChat's limit for one package */
const LIMIT = 2048 * KB;
/**
 * What the main package may grow to: half of WeChat's limit, so the path from a scanned card
 * stays quick to download on a village's mobile signal and features have room to come.
 */
const MAIN_BUDGET = 1024 * KB;

it('puts residents in the main package, staff and office in subpackages, and leaves dev sign-in out', () => {
  const app = JSON.parse(readFileSync(join(WEAPP, 'app.json'), 'utf8')) as { pages: string[]; subPackages: Array<{ root: string; pages: string[] }> };
  expect(app.pages).toEqual(expect.arrayContaining(['pages/card/index', 'pages/submit/index', 'pages/done/index', 'pages/case/index', 'pages/wall/index']));
  expect(app.pages[0]).toBe('pages/card/index');
  expect(app.pages).not.toContain('pages/signin/index');
  expect(app.subPackages).toEqual([
    {
      root: 'staff',
      pages: [
        'workbench/index',
        'act/index',
        'reception/index',
        'proposals/index',
        'proposal/index',
        'briefings/index',
        'group/index',
        'report/index',
        'wall/index',
        'matters/index',
        'prelist/index',
        'meeting/index',
        'inspect/index',
        'grids/index',
        'callbacks/index',
      ],
    },
    {
      root: 'office',
      pages: [
        'card/index',
        'cards/index',
        'stats/index',
        'region/index',
        'ledger/index',
        'import/index',
        'notice/index',
        'records/index',
        'people/index',
        'audit/index',
        'proposals/index',
        'briefings/index',
        'evaluations/index',
        'groups/index',
        'scores/index',
        'wall/index',
        'matters/index',
        'meetings/index',
        'messengers/index',
        'grids/index',
        'merge/index',
      ],
    },
  ]);
  for (const page of [...app.pages, ...app.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))])
    expect(existsSync(join(WEAPP, `${page}.js`))).toBe(true);
  // the mini-program calls its cloud functions, never the local server's HTTP API
  expect(readFileSync(join(WEAPP, 'common.js'), 'utf8')).not.toContain('/api/fn/');
});

it('keeps the main package within half of WeChat’s 2 MB and every subpackage within the limit', () => {
  const sizes = packageSizes(WEAPP);
  const kb = (n: number) => `${(n / KB).toFixed(0)} KB`;
  console.log(
    `weapp main ${kb(sizes.main)} (budget ${kb(MAIN_BUDGET)}, limit ${kb(LIMIT)}); ${Object.entries(sizes.subpackages)
      .map(([r, n]) => `${r} ${kb(n)}`)
      .join(', ')}`,
  );
  expect(sizes.main).toBeLessThan(MAIN_BUDGET);
  expect(Object.keys(sizes.subpackages).sort()).toEqual(['office', 'staff']);
  for (const [root, size] of Object.entries(sizes.subpackages)) {
    expect({ root, size: size > 0 }).toEqual({ root, size: true });
    expect({ root, within: size < LIMIT }).toEqual({ root, within: true });
  }
  expect(sizes.main + Object.values(sizes.subpackages).reduce((a, b) => a + b, 0)).toBeLessThan(20 * 1024 * KB);
});
