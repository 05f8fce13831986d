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
 */
import type { CaseRecord } from '../../types/domain';
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

submitVsRawInsert().catch((err) => {
  console.error(err);
  process.exit(1);
});
