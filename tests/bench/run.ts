/**
 * `npm run bench`: performance targets as ratios measured in one run on this machine.
 *
 * submit-vs-raw-insert: the submit use case (validation, idempotency, rate limit, card lookup,
 * case number, case + outbox in one transaction) against a raw insert of the same case
 * document into the same file-backed store. Goal: at least half the raw throughput.
 */
import { RULES } from '../../config/rules';
import type { CaseRecord } from '../../types/domain';
import { openLocalRuntime } from '../../src/runtime/local/runtime';
import { checked, getById } from '../../src/server/store';
import { FixedClock, MONDAY_9AM, quietLog, submission, tempDir } from '../harness';

const N = Number(process.env.BENCH_N ?? 2000);

async function timed(n: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await op(i);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function submitVsRawInsert(): Promise<void> {
  const rules = { ...RULES, submit: { ...RULES.submit, perHour: 1e9, perDay: 1e9 } };
  const rt = await openLocalRuntime({ dataDir: tempDir('lianxin-bench-'), clock: new FixedClock(MONDAY_9AM), log: quietLog, rules });
  const warm = await rt.call('resident', submission(), 'bench-warmup');
  if (!warm.ok) throw new Error(warm.error.message);
  const sample = (await getById<CaseRecord>(rt.db, 'cases', (warm.data as { id: string }).id))!;
  const { _id, ...doc } = sample;

  // alternate the two so neither gets a warmer machine
  let submitSeconds = 0;
  let rawSeconds = 0;
  const rounds = 4;
  for (let r = 0; r < rounds; r++) {
    submitSeconds += await timed(N / rounds, async (i) => {
      const res = await rt.call('resident', submission(), `bench-resident-${r}-${i}`);
      if (!res.ok) throw new Error(res.error.message);
    });
    rawSeconds += await timed(N / rounds, async (i) => {
      checked(await rt.db.collection('cases').add({ ...doc, _id: `raw-${r}-${i}`, requestId: `raw-${r}-${i}` }));
    });
  }
  await rt.close();
  const submitRate = N / submitSeconds;
  const rawRate = N / rawSeconds;
  console.log(`submit: ${submitRate.toFixed(0)}/s, raw insert: ${rawRate.toFixed(0)}/s (${N} each, file store)`);
  console.log(`BENCH submit-vs-raw-insert ratio=${(submitRate / rawRate).toFixed(2)} goal>=0.5`);
}

submitVsRawInsert().catch((err) => {
  console.error(err);
  process.exit(1);
});
