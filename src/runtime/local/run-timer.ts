/** `npm run timer -- <function>`: runs one timer function once against the local store. */
import { resolve } from 'node:path';
import { openLocalRuntime } from './runtime';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) throw new Error('usage: npm run timer -- <function>');
  const runtime = await openLocalRuntime({ dataDir: resolve(process.env.LIANXIN_DATA_DIR ?? '.data') });
  const result = await runtime.runTimer(name);
  console.log(JSON.stringify(result));
  await runtime.close();
  if (!result.ok) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
