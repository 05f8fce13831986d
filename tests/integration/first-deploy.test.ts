/**
 * A first deployment: the functions (and their every-minute timers) go up before `npm run
 * setup:database` has made the collections. The timers wait, quietly, until it has.
 */
import { RULES } from '../../config/rules';
import { openEmbeddedDatabase } from '../../src/runtime/embedded/engine';
import { FUNCTIONS } from '../../src/runtime/local/functions';
import { localFiles, localPlatform } from '../../src/runtime/local/platform';
import { COLLECTIONS } from '../../src/server/schema';
import { messageCentre } from '../../src/server/usecases/outbox';
import type { Ctx } from '../../src/server/ctx';
import { FixedClock, MONDAY_9AM } from '../harness';

it('lets every timer wait, without an error, until the database is set up, and then run', async () => {
  const db = await openEmbeddedDatabase();
  const clock = new FixedClock(MONDAY_9AM);
  const logged: Array<[string, string]> = [];
  const log = {
    info: (m: string) => void logged.push(['info', m]),
    warn: (m: string) => void logged.push(['warn', m]),
    error: (m: string) => void logged.push(['error', m]),
  };
  const ctx: Ctx = {
    db,
    caller: null,
    fromClient: false,
    clock,
    log,
    rules: RULES,
    messenger: messageCentre({ db }),
    platform: localPlatform({ baseUrl: 'http://127.0.0.1', files: localFiles(clock) }),
  };
  const timers = [...FUNCTIONS.values()].filter((f) => f.kind === 'timer');
  expect(timers.map((t) => t.name).sort()).toEqual(['deliver', 'housekeeping', 'remind']);

  for (const timer of timers)
    expect({ timer: timer.name, result: await timer.handler({}, ctx) }).toEqual({ timer: timer.name, result: { ok: true, data: { waitingForSetup: true } } });
  expect(logged.filter(([level]) => level !== 'info')).toEqual([]);

  for (const name of COLLECTIONS) await db.createCollection(name);
  for (const timer of timers) {
    const res = await timer.handler({}, ctx);
    expect(res.ok && (res.data as Record<string, unknown>).waitingForSetup).toBeFalsy();
  }
  expect(logged.filter(([level]) => level === 'error')).toEqual([]);
  await db.close();
});
