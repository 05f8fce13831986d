/**
 * Once before all tests: build the h5 pages if they are stale, so the browser tests' servers (each
 * runs `npm start`'s program, which would build them too) never build the same folder at once.
 */
import { ensureH5 } from '../src/runtime/local/build';

export default async function globalSetup(): Promise<void> {
  await ensureH5((line) => process.stdout.write(`\n${line}\n`));
}
