/**
 * Once before all tests: build the pages for both platforms where they are stale. The browser
 * tests' servers (each runs `npm start`'s program, which would build h5 too) then never build the
 * same folder at once, and the weapp tests read a build that matches the sources. A failed build
 * fails the run.
 */
import { ensureBuilt } from '../src/runtime/local/build';

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stdout.write(`\n${line}\n`);
  await ensureBuilt('h5', log);
  await ensureBuilt('weapp', log);
}
