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
 * sweep-1m-vs-10k: the remind timer over 1,000,000 cases against 10,000, with the same 2,000
 * reminders due in both. It finds them through the indexed `nextReminderAt`, so the size of the
 * collection should hardly matter. Goal: at most 1.2 times as long. Rounds alternate ABBA; each
 * round is the next overdue reminder (every three working days), so every round sends 2,000.
 *
 * stats-320k-vs-3k: the office's statistics report (this half-year's Dianjiang table, rates, units,
 * townships, months, categories) over 320,000 cases — Guangdong's half-year — against the same
 * report over 3,200. The cases are 500 made through the use cases by `npm run seed`'s generator,
 * copied under new ids, and the rollups recounted from them (`office · recount`). The report reads
 * the daily rollups, so it should hardly grow. Goal: at most 1.5 times as long. Rounds alternate
 * ABBA. Also printed: the report against one raw scan of the 320,000 (every record, every field,
 * paged the same way; goal at most 3 times as long), and the database calls one report makes
 * (goal at most 20: CloudBase answers 1,000 records a call, under a 20 s function timeout).
 *
 * weapp-main-vs-hello: the mini-program's main package (what a resident's first scan downloads)
 * against a bare one-page Taro app built the same way. Goal: at most 1.5 times its size.
 *
 * similar-at-submit: 我也反映 — a resident's submit preceded by the lookup of similar open cases
 * (`resident · similar`, then `resident · submit`, as the page does) against the submit alone, over
 * a village with 5,000 open cases, all sent in the last 30 days (about 170 a day, written straight
 * into the file-backed store, 500 a transaction), so the lookup's window holds every one of them.
 * Both durable, one at a time, rounds alternating ABBA. Goal: at most 1.3 times as long. The lookup
 * reads, by the indexed `similarKeys`, only the open cases sharing a category and a fault/thing term
 * with the draft (the matcher scores the others 0; here about 160 of the 5,000), and of those only
 * the newest `RULES.similar.weigh`, handed over newest first by the compound index (similarKeys then
 * createdAt) without reading the rest: four fields of each, then the answer's fields of the three it shows.
 *
 * h5-card-tti-vs-hello: in headless Chromium at a phone's size, with an empty cache each time, the
 * time from navigation until the contact card's 我要反映 can be tapped (the card read from the
 * server, the button drawn), against the time until a bare one-page Taro h5 app, built the same way
 * and served by the same local server program, shows its text. Medians of rounds that alternate
 * ABBA. Goal: at most 1.5 times as long.
 */
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../config/rules';
import type { CaseRecord } from '../../types/domain';
import { createCalendar } from '../../src/domain/calendar';
import { nextReminder, withNextReminder } from '../../src/domain/reminders';
import { sweepReminders } from '../../src/server/usecases/clock';
import { packageSizes, ROOT, taroBuild } from '../../src/runtime/local/build';
import { openLocalRuntime } from '../../src/runtime/local/runtime';
import { createLocalServer, listen } from '../../src/runtime/local/server';
import type { Browser } from 'playwright-core';
import { launchBrowser, startLocal } from '../e2e/local';
import { SeedClock, seedHistory } from '../../src/runtime/local/seed';
import { checked, getAll, getById, scanAll } from '../../src/server/store';
import { countyStatistics } from '../../src/server/usecases/statistics';
import { recountCounty } from '../../src/server/usecases/rollups';
import { FixedClock, MONDAY_9AM, quietLog, submission, tempDir } from '../harness';
import { makeCase } from '../fixtures';
import { countRoundTrips } from './round-trips';
import { FUNCTIONS, functionConfig } from '../../src/runtime/local/functions';
import { exportLedger } from '../../src/server/usecases/ledger';
import { SIMILAR_PAIRS } from '../domain/fixtures/similar-pairs';
import { similarKeys } from '../../src/domain/metoo';

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
    console.log(
      `${label}: submit ${submits.toFixed(0)}/s, raw insert ${inserts.toFixed(0)}/s, ratio ${(submits / inserts).toFixed(2)} (${N} each, file store)`,
    );
    return submits / inserts;
  };
  const sequential = await rates(1, 'one at a time');
  await rates(8, '8 in flight');
  await rt.close();
  console.log(`BENCH submit-vs-raw-insert ratio=${sequential.toFixed(2)} goal>=0.5`);
}

const at = (local: string) => Date.parse(`${local}+08:00`);

/** An in-memory store of `total` cases of which `due` have a reminder due at each round's instant. */
async function sweepStore(total: number, due: number, clock: FixedClock) {
  const rt = await openLocalRuntime({ clock, log: quietLog, seed: false, rules: { ...RULES, sweep: { maxCasesPerRun: due } } });
  const cal = createCalendar();
  const handling = (dueDate: string) =>
    makeCase({
      status: 'handling',
      level: 'village',
      unitId: 'vc-taoyuan',
      unitName: '桃源村村委会',
      assignedAt: at('2026-09-30T10:00:00'),
      dueDate,
      dueAt: at(`${dueDate}T23:59:59.999`),
    });
  const soon = withNextReminder(handling('2026-10-15'), RULES.reminders, cal, at('2026-10-15T12:00:00'));
  const later = withNextReminder(handling('2027-06-30'), RULES.reminders, cal, at('2026-10-15T12:00:00'));
  const closed = makeCase({ status: 'closed', closedAt: at('2026-10-01T10:00:00') });
  const cases = rt.db.collection('cases');
  for (let i = 0; i < total; i++) {
    const { _id, ...doc } = i < due ? soon : i % 2 ? later : closed;
    checked(await cases.doc(`case-${i}`).set({ ...doc, no: String(i).padStart(12, '0') }));
  }
  // the instants of the overdue reminders: the first marks overdue too (a warm-up round)
  const rounds: number[] = [];
  for (
    let r = nextReminder(soon, RULES.reminders, cal, { at: soon.nextReminderAt!, key: soon.nextReminderKey! }, true);
    r && rounds.length < 9;
    r = nextReminder(soon, RULES.reminders, cal, r)
  ) {
    if (r.kind === 'overdue_again') rounds.push(r.at);
  }
  return { rt, rounds };
}

async function sweepLargeVsSmall(): Promise<void> {
  const due = 2000;
  const small = new FixedClock(0);
  const large = new FixedClock(0);
  const a = await sweepStore(10_000, due, small);
  const b = await sweepStore(1_000_000, due, large);
  const sweep = async (store: typeof a, clock: FixedClock, round: number) => {
    clock.t = store.rounds[round]!;
    const start = process.hrtime.bigint();
    const result = await sweepReminders(store.rt.timerCtx());
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.reminded !== due || result.more) throw new Error(`round ${round}: ${JSON.stringify(result)}`);
    return seconds;
  };
  await sweep(a, small, 0);
  await sweep(b, large, 0);
  let smallSeconds = 0;
  let largeSeconds = 0;
  for (let round = 1; round < a.rounds.length; round++) {
    if (round % 4 === 1 || round % 4 === 0) {
      smallSeconds += await sweep(a, small, round);
      largeSeconds += await sweep(b, large, round);
    } else {
      largeSeconds += await sweep(b, large, round);
      smallSeconds += await sweep(a, small, round);
    }
  }
  const rounds = a.rounds.length - 1;
  console.log(
    `reminder sweep, ${due} due per round, ${rounds} rounds: 10k cases ${((smallSeconds / rounds) * 1000).toFixed(0)} ms, 1m cases ${((largeSeconds / rounds) * 1000).toFixed(0)} ms a round (in memory)`,
  );
  console.log(`BENCH sweep-1m-vs-10k ratio=${(largeSeconds / smallSeconds).toFixed(2)} goal<=1.2`);
  await Promise.all([a.rt.close(), b.rt.close()]);
}

/** A county whose half-year holds `total` cases: `npm run seed`'s 500, copied under new ids, and its rollups recounted. */
async function statsStore(total: number) {
  const clock = new SeedClock(MONDAY_9AM);
  const rt = await openLocalRuntime({ clock, log: quietLog });
  await seedHistory(rt, clock, { cases: 500, months: 6, seed: 1 });
  const samples = await getAll(rt.db.collection<CaseRecord>('cases').orderBy('_id', 'asc'));
  const cases = rt.db.collection('cases');
  for (let i = samples.length; i < total; i++) {
    const { _id, ...doc } = samples[i % samples.length]!;
    checked(await cases.doc(`copy-${String(i).padStart(7, '0')}`).set(doc));
  }
  const office = { ...rt.timerCtx(), caller: { openid: 'dev-office' } };
  await recountCounty(office);
  const report = async (ctx = office) => {
    const start = process.hrtime.bigint();
    const s = await countyStatistics(ctx, { from: '2026-05-01', to: '2026-11-23' });
    if (s.totals.collected !== total) throw new Error(`the report counted ${s.totals.collected} of ${total}`);
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  return { rt, office, report };
}

async function statsLargeVsSmall(): Promise<void> {
  const total = Number(process.env.BENCH_STATS_N ?? 320_000);
  const large = await statsStore(total);
  const small = await statsStore(total / 100);
  const scan = async () => {
    const start = process.hrtime.bigint();
    const all = await scanAll(large.rt.db, 'cases', {});
    if (all.length !== total) throw new Error(`the scan read ${all.length} of ${total}`);
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  await large.report();
  await small.report();
  let largeSeconds = 0;
  let smallSeconds = 0;
  const ROUNDS = 40;
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 4 === 0 || round % 4 === 3) {
      largeSeconds += await large.report();
      smallSeconds += await small.report();
    } else {
      smallSeconds += await small.report();
      largeSeconds += await large.report();
    }
  }
  const scanSeconds = await scan();
  console.log(
    `statistics of a half-year: ${total} cases ${((largeSeconds / ROUNDS) * 1000).toFixed(1)} ms, ${total / 100} cases ${((smallSeconds / ROUNDS) * 1000).toFixed(1)} ms, one raw scan of the ${total} ${scanSeconds.toFixed(2)} s (in memory)`,
  );
  console.log(`BENCH stats-320k-vs-3k ratio=${(largeSeconds / smallSeconds).toFixed(2)} goal<=1.5`);
  console.log(`BENCH stats-320k-vs-scan ratio=${(largeSeconds / ROUNDS / scanSeconds).toFixed(2)} goal<=3`);
  const counted = countRoundTrips(large.rt.db);
  await large.report({ ...large.office, db: counted.db });
  console.log(`BENCH stats-roundtrips-320k n=${counted.take()} goal<=20`);
  await Promise.all([large.rt.close(), small.rt.close()]);
}

/** The office's ledger of 30,000 cases exported to a workbook, against the function's timeout (cloudfunctions/office/config.json). */
async function ledgerExport(): Promise<void> {
  const total = 30_000;
  const { rt, office } = await statsStore(total);
  const timeout = functionConfig('office').timeout;
  const before = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  const kept = await exportLedger(office, { from: '2026-05-01', to: '2026-11-23' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (kept.rows !== total) throw new Error(`the ledger exported ${kept.rows} of ${total}`);
  console.log(
    `ledger export of ${total} cases: ${seconds.toFixed(1)} s, memory grew ${((process.memoryUsage().rss - before) / 2 ** 20).toFixed(0)} MB (the office function's timeout: ${timeout} s)`,
  );
  console.log(`BENCH ledger-export-30k-vs-timeout ratio=${(seconds / timeout).toFixed(2)} goal<=0.5`);
  await rt.close();
}

/** Database round trips of one submission and one 办结答复, as figures to watch (CloudBase waits for each). */
async function roundTripsPerAction(): Promise<void> {
  const rt = await openLocalRuntime({ clock: new FixedClock(MONDAY_9AM), log: quietLog });
  const counted = countRoundTrips(rt.db);
  const as = async (fn: string, event: Record<string, unknown>, openid: string) => {
    const res = await FUNCTIONS.get(fn)!.handler(event, { ...rt.timerCtx(), db: counted.db, caller: { openid }, fromClient: true });
    if (!res.ok) throw new Error(`${fn}.${String(event.action)}: ${res.error.message}`);
    return res.data as { id: string };
  };
  const { id } = await as('resident', submission(), 'bench-trips');
  const submit = counted.take();
  await as('case', { action: 'accept', caseId: id, level: 'township' }, 'dev-rep-li');
  await as('case', { action: 'assign', caseId: id, level: 'township', unitId: 'qingshi-build' }, 'dev-rep-li');
  await as('case', { action: 'sign', caseId: id }, 'dev-handler-qingshi-build');
  counted.take();
  await as('case', { action: 'close', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: '已修好' }, 'dev-handler-qingshi-build');
  console.log(`database round trips: ${submit} per submission, ${counted.take()} per 办结答复 (figures to watch, no goal)`);
  await rt.close();
}

/** A one-page Taro app with this project's build configuration, in a temporary folder. */
function helloApp(): string {
  const dir = tempDir('lianxin-hello-');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // the whole build configuration, and the shared folders the build compiles (config/index.ts)
  for (const file of ['package.json', 'babel.config.js', 'tsconfig.json', 'config', 'types']) cpSync(join(ROOT, file), join(dir, file), { recursive: true });
  mkdirSync(join(dir, 'src', 'pages', 'index'), { recursive: true });
  cpSync(join(ROOT, 'src', 'index.html'), join(dir, 'src', 'index.html')); // h5's page template
  writeFileSync(join(dir, 'src', 'app.config.ts'), "export default defineAppConfig({ pages: ['pages/index/index'] });\n");
  writeFileSync(
    join(dir, 'src', 'app.tsx'),
    "import type { PropsWithChildren } from 'react';\nexport default function App({ children }: PropsWithChildren) {\n  return children;\n}\n",
  );
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

/** Milliseconds from navigation until `ready` holds in the page, in a fresh phone-sized context (empty cache). */
async function timeToReady(browser: Browser, url: string, ready: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 60_000 });
  const ms = await page.evaluate(() => performance.now());
  await context.close();
  return ms;
}

async function h5CardTtiVsHello(): Promise<void> {
  const hello = helloApp();
  await taroBuild('h5', hello);
  // ours as `npm start` serves it; the bare app from the same server program, over its own store
  const ours = await startLocal();
  const helloRuntime = await openLocalRuntime({ clock: new FixedClock(MONDAY_9AM), log: quietLog });
  const helloServer = createLocalServer(helloRuntime, { h5Dir: join(hello, 'dist', 'h5') });
  const helloBase = `http://127.0.0.1:${await listen(helloServer, 0)}`;
  const browser = await launchBrowser();
  const card = () =>
    timeToReady(
      browser,
      `${ours.base}/#/pages/card/index?code=QX0001`,
      "Array.from(document.querySelectorAll('.btn')).some((b) => b.textContent.includes('我要反映') && b.getBoundingClientRect().height > 0)",
    );
  const bare = () => timeToReady(browser, `${helloBase}/`, "document.body.innerText.includes('hello')");
  await card(); // the first load warms the server's files, not counted
  await bare();
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < 6; round++) {
    if (round % 2 === 0) {
      a.push(await card());
      b.push(await bare());
    } else {
      b.push(await bare());
      a.push(await card());
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  console.log(
    `h5 card page 我要反映 tappable after ${median(a).toFixed(0)} ms, bare one-page Taro app after ${median(b).toFixed(0)} ms (medians of 6, empty cache)`,
  );
  console.log(`BENCH h5-card-tti-vs-hello ratio=${(median(a) / median(b)).toFixed(2)} goal<=1.5`);
  await browser.close();
  await ours.stop();
  helloServer.close();
  await helloRuntime.close();
}

/** 我也反映: lookup + submit against submit alone, over a village with 5,000 open cases. */
async function similarAtSubmit(): Promise<void> {
  const clock = new FixedClock(MONDAY_9AM);
  const rt = await openLocalRuntime({ dataDir: tempDir('lianxin-bench-similar-'), clock, log: quietLog });
  const warm = await rt.call('resident', submission(), 'bench-similar-warmup');
  if (!warm.ok) throw new Error(warm.error.message);
  const { _id, ...sample } = (await getById<CaseRecord>(rt.db, 'cases', (warm.data as { id: string }).id))!;
  const texts = SIMILAR_PAIRS.flatMap((p) => [
    [p.a, p.categoryA],
    [p.b, p.categoryB ?? p.categoryA],
  ]);
  const statuses = ['submitted', 'accepted', 'assigned', 'handling', 'replied'] as const;
  const OPEN = 5000;
  for (let i = 0; i < OPEN; i += 500) {
    await rt.db.runTransaction(async (tx) => {
      for (let j = i; j < i + 500; j++) {
        // every text its own (the matcher keeps no two cases' words as one)
        const [words, category] = texts[j % texts.length]!;
        const description = `${words}（${j}号）`;
        const doc = {
          ...sample,
          no: `2026${String(j).padStart(8, '0')}`,
          requestId: `open-${j}`,
          description,
          category,
          status: statuses[j % statuses.length],
        };
        // all open, all sent within the lookup's window: 5,000 over the last 30 days (about 170 a day)
        const createdAt = MONDAY_9AM - Math.floor((j * RULES.similar.days * 86_400_000) / OPEN) - 1000;
        checked(
          await tx
            .collection('cases')
            .doc(`open-${j}`)
            .set({
              ...doc,
              createdAt,
              similarKeys: similarKeys(sample.countyId, sample.villageId, category, description),
              resident: { ...sample.resident, openid: `bench-open-${j}` },
            }),
        );
      }
    });
  }
  const draft = (i: number) => submission({ description: `${texts[(i * 7) % texts.length]![0]}，麻烦尽快处理`, category: texts[(i * 7) % texts.length]![1] });
  const submitOnly = (tag: string) => async (i: number) => {
    const res = await rt.call('resident', draft(i), `bench-sim-${tag}-${i}`);
    if (!res.ok) throw new Error(res.error.message);
  };
  const lookupThenSubmit = (tag: string) => async (i: number) => {
    const { action: _a, requestId: _r, phone: _p, name: _n, ...fields } = draft(i);
    const found = await rt.call(
      'resident',
      { action: 'similar', cardCode: fields.cardCode, category: fields.category, description: fields.description },
      `bench-sim-${tag}-${i}`,
    );
    if (!found.ok) throw new Error(found.error.message);
    await submitOnly(tag)(i);
  };
  // both ways once before the clock starts: what is measured is the steady state, not the first compilation of either
  await timed(100, 1, lookupThenSubmit('warm'));
  await timed(100, 1, submitOnly('warm'));
  let withSeconds = 0;
  let withoutSeconds = 0;
  const rounds = 20;
  const each = Number(process.env.BENCH_SIMILAR_N ?? 2000) / rounds;
  for (let r = 0; r < rounds; r++) {
    const a = () => timed(each, 1, lookupThenSubmit(`a${r}`)).then((t) => (withSeconds += t));
    const b = () => timed(each, 1, submitOnly(`b${r}`)).then((t) => (withoutSeconds += t));
    if (r % 4 === 0 || r % 4 === 3) await a().then(b);
    else await b().then(a);
  }
  const n = each * rounds;
  console.log(
    `similar at submit: lookup + submit ${((withSeconds / n) * 1000).toFixed(1)} ms, submit ${((withoutSeconds / n) * 1000).toFixed(1)} ms (${n} each, ${OPEN} open cases in the village, file store)`,
  );
  console.log(`BENCH similar-at-submit ratio=${(withSeconds / withoutSeconds).toFixed(2)} goal<=1.3`);
  await rt.close();
}

/** Each bench by the name it prints; `npm run bench -- h5-card` runs only those whose name holds the words given. */
const BENCHES: Record<string, () => Promise<void>> = {
  'submit-vs-raw-insert': submitVsRawInsert,
  'sweep-1m-vs-10k': sweepLargeVsSmall,
  'stats-320k-vs-3k': statsLargeVsSmall,
  'ledger-export-30k-vs-timeout': ledgerExport,
  'round-trips': roundTripsPerAction,
  'weapp-main-vs-hello': weappMainVsHello,
  'h5-card-tti-vs-hello': h5CardTtiVsHello,
  'similar-at-submit': similarAtSubmit,
};
const only = process.argv.slice(2);
Object.entries(BENCHES)
  .filter(([name]) => only.every((word) => name.includes(word)))
  .reduce((chain, [, bench]) => chain.then(bench), Promise.resolve())
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
