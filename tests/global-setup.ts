/**
 * Once before all tests: build the pages for both platforms where they are stale. The browser
 * tests' servers (each runs `npm start`'s program, which would build h5 too) then never build the
 * same folder at once, and the weapp tests read a build that matches the sources (and test
 * template ids). A failed build fails the run.
 */
import { TEMPLATE_NAMES, templateVariable } from '../config/deployment';
import { ensureBuilt } from '../src/runtime/local/build';
import { testTemplateId } from './fixtures';

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stdout.write(`\n${line}\n`);
  await ensureBuilt('h5', log);
  // the mini-program under test asks for known templates, whatever .env.local says
  for (const name of TEMPLATE_NAMES) process.env[templateVariable(name)] = testTemplateId(name);
  await ensureBuilt('weapp', log);
}
