/**
 * `npm run bench`: performance targets as ratios measured in one run on this machine.
 *
 * submit-vs-raw-insert: the submit use case (validation, idempotency, rate limit, card lookup,
 * case number, case + outbox in one transaction) against a raw insert of the same case
 * document into the same file-backed store, both durable (flushed to disk) before they answer.
 * Goal: at least half the raw throughput. The goal line measures one request at a time, the
 * way a county's few thousand cases a half-year arrive; a second line shows both with 8 in flight.
 */
import { RULES } from '../../config/rules';
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
  const rules = { ...RULES, submit: { ...RULES.submit, perHour: 1e9, perDay: 1e9 } };
  const rt = await openLocalRuntime({ dataDir: tempDir('lianxin-bench-'), clock: new FixedClock(MONDAY_9AM), log: quietLog, rules });
  const warm = await rt.call('resident', submission(), 'bench-warmup');
  if (!warm.ok) throw new Error(warm.error.message);
  const sample = (await getById<CaseRecord>(rt.db, 'cases', (warm.data as { id: string }).id))!;
  const { _id, ...doc } = sample;

  /** submits and raw inserts per second with `inFlight` at once, alternating so neither gets a warmer machine */
  const rates = async (inFlight: number, label: string) => {
    let submitSeconds = 0;
    let rawSeconds = 0;
    const rounds = 4;
    for (let r = 0; r < rounds; r++) {
      submitSeconds += await timed(N / rounds, inFlight, async (i) => {
        const res = await rt.call('resident', submission(), `bench-${label}-${r}-${i}`);
        if (!res.ok) throw new Error(res.error.message);
      });
      rawSeconds += await timed(N / rounds, inFlight, async (i) => {
        checked(await rt.db.collection('cases').add({ ...doc, _id: `raw-${label}-${r}-${i}`, requestId: `raw-${label}-${r}-${i}` }));
      });
    }
    const submit = N / submitSeconds;
    const raw = N / rawSeconds;
    console.log(`${label}: submit ${submit.toFixed(0)}/s, raw insert ${raw.toFixed(0)}/s, ratio ${(submit / raw).toFixed(2)} (${N} each, file store)`);
    return submit / raw;
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
