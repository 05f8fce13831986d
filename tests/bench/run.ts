/**
 * `npm run bench`: performance targets as ratios measured in one run on this machine.
 *
 * submit-vs-raw-insert: the submit use case (validation, idempotency, rate limit, card lookup,
 * case number, case + outbox in one transaction) against a raw insert of the same case
 * document into the same file-backed store, both durable (flushed to disk) before they answer.
 * Goal: at least half the raw throughput. The goal line measures one request at a time, the
 * way a county's few thousand cases a half-year arrive; a second line shows both with 8 in flight.
 * The two alternate in small batches (ABBA): this disk's flush time drifts during a run and grows
 * with the time since the last flush, so long blocks in a fixed order skewed the ratio by ±0.05.
 *
 * weapp-main-vs-hello: the mini-program's main package (what a resident's first scan downloads)
 * against a bare one-page Taro app built the same way. Goal: at most 1.5 times its size.
 */
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseRecord } from '../../types/domain';
import { packageSizes, ROOT, taroBuild } from '../../src/runtime/local/build';
import { openLocalRuntime } from '../../src/runtime/local/runtime';
import { checked, getById } from '../../src/server/store';
import { FixedClock, MONDAY_9AM, quietLog, submission, tempDir } from '../harness';

const N = Number(process.env.BENCH_N ?? 2000);

/** Seconds to run `op` n times with `inFlight` callers each taking the next index. */
async function timed(n: number, inFlight: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) await op(next++);
    }),
  );
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function submitVsRawInsert(): Promise<void> {
  // every submission comes from its own resident, so the rate limit never refuses one
  const rt = await openLocalRuntime({ dataDir: tempDir('lianxin-bench-'), clock: new FixedClock(MONDAY_9AM), log: quietLog });
  const warm = await rt.call('resident', submission(), 'bench-warmup');
  if (!warm.ok) throw new Error(warm.error.message);
  const sample = (await getById<CaseRecord>(rt.db, 'cases', (warm.data as { id: string }).id))!;
  const { _id, ...doc } = sample;

  const submitOne = (tag: string) => async (i: number) => {
    const res = await rt.call('resident', submission(), `bench-${tag}-${i}`);
    if (!res.ok) throw new Error(res.error.message);
  };
  const rawInsert = (tag: string) => async (i: number) => {
    checked(await rt.db.collection('cases').add({ ...doc, _id: `raw-${tag}-${i}`, requestId: `raw-${tag}-${i}` }));
  };

  /**
   * Submits and raw inserts per second with `inFlight` at once. The disk's flush time drifts
   * during a run, so the two take turns in the order ABBA: neither always goes first.
   */
  const rates = async (inFlight: number, label: string) => {
    let submitSeconds = 0;
    let rawSeconds = 0;
    const rounds = 40;
    for (let r = 0; r < rounds; r++) {
      const tag = `${label}-${r}`;
      const s = () => timed(N / rounds, inFlight, submitOne(tag)).then((t) => (submitSeconds += t));
      const w = () => timed(N / rounds, inFlight, rawInsert(tag)).then((t) => (rawSeconds += t));
      if (r % 4 === 0 || r % 4 === 3) await s().then(w);
      else await w().then(s);
    }
    const submits = N / submitSeconds;
    const inserts = N / rawSeconds;
    console.log(`${label}: submit ${submits.toFixed(0)}/s, raw insert ${inserts.toFixed(0)}/s, ratio ${(submits / inserts).toFixed(2)} (${N} each, file store)`);
    return submits / inserts;
  };
  const sequential = await rates(1, 'one at a time');
  await rates(8, '8 in flight');
  await rt.close();
  console.log(`BENCH submit-vs-raw-insert ratio=${sequential.toFixed(2)} goal>=0.5`);
}

/** A one-page Taro app with this project's build configuration, in a temporary folder. */
function helloApp(): string {
  const dir = tempDir('lianxin-hello-');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const file of ['package.json', 'babel.config.js', 'tsconfig.json', 'config/index.ts']) cpSync(join(ROOT, file), join(dir, file));
  mkdirSync(join(dir, 'src', 'pages', 'index'), { recursive: true });
  mkdirSync(join(dir, 'types')); // the build compiles the shared folders (config/index.ts)
  writeFileSync(join(dir, 'src', 'app.config.ts'), "export default defineAppConfig({ pages: ['pages/index/index'] });\n");
  writeFileSync(join(dir, 'src', 'app.tsx'), "import type { PropsWithChildren } from 'react';\nexport default function App({ children }: PropsWithChildren) {\n  return children;\n}\n");
  writeFileSync(join(dir, 'src', 'pages', 'index', 'index.config.ts'), "export default definePageConfig({ navigationBarTitleText: 'hello' });\n");
  writeFileSync(
    join(dir, 'src', 'pages', 'index', 'index.tsx'),
    "import { Text, View } from '@tarojs/components';\nexport default function Index() {\n  return (\n    <View>\n      <Text>hello</Text>\n    </View>\n  );\n}\n",
  );
  return dir;
}

async function weappMainVsHello(): Promise<void> {
  await taroBuild('weapp');
  const ours = packageSizes(join(ROOT, 'dist', 'weapp')).main;
  const hello = helloApp();
  await taroBuild('weapp', hello);
  const bare = packageSizes(join(hello, 'dist', 'weapp')).main;
  console.log(`weapp main package ${(ours / 1024).toFixed(0)} KB, bare one-page Taro app ${(bare / 1024).toFixed(0)} KB (WeChat's limit: 2048 KB)`);
  console.log(`BENCH weapp-main-vs-hello ratio=${(ours / bare).toFixed(2)} goal<=1.5`);
}

submitVsRawInsert()
  .then(weappMainVsHello)
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
