/**
 * A child process for the crash test: opens the embedded store in a data directory and writes
 * without end — documents, two-document transactions, a counter — 8 at a time, printing each
 * acknowledged write (synchronously, so a line printed is a write acknowledged) until killed.
 */
import { writeSync } from 'node:fs';
import { openEmbeddedDatabase } from '../../../src/runtime/embedded/engine';

async function main(): Promise<void> {
  const dir = process.argv[2]!;
  // a small journal, folded into the snapshots every few dozen writes: compaction is crashed into too
  const db = await openEmbeddedDatabase({ dir, compactAt: 16 * 1024 });
  for (const name of ['items', 'pairs', 'counter']) await db.createCollection(name);
  const start = Number(process.argv[3] ?? 0);
  let next = start;
  writeSync(1, 'ready\n');
  const writer = async () => {
    for (;;) {
      const i = next++;
      if (i % 3 === 0) {
        await db
          .collection('items')
          .doc(`i${i}`)
          .set({ i, text: '路灯坏了'.repeat(20) });
        writeSync(1, `item ${i}\n`);
      } else if (i % 3 === 1) {
        await db.runTransaction(async (tx) => {
          await tx.collection('pairs').doc(`a${i}`).set({ i });
          await tx.collection('pairs').doc(`b${i}`).set({ i });
        });
        writeSync(1, `pair ${i}\n`);
      } else {
        await db.runTransaction(async (tx) => {
          const c = (await tx.collection<{ _id?: string; n: number }>('counter').doc('c').get()) as { data: { n: number } | null };
          await tx
            .collection('counter')
            .doc('c')
            .set({ n: (c.data?.n ?? 0) + 1 });
        });
        writeSync(1, `inc ${i}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
}

main().catch((err: unknown) => {
  writeSync(2, `${String(err)}\n`);
  process.exit(1);
});
