/**
 * `npm start`: the local system on one port, over the embedded store in LIANXIN_DATA_DIR, on the
 * loopback address unless `-- --host <address>` says otherwise; LIANXIN_CLOCK_AT starts its clock
 * at a fixed instant (tests, demos of a given day).
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { consoleLog } from '../../server/ctx';
import { scheduleTimers } from './cron';
import { identities, representatives } from './demo-county';
import { ensureBuilt, H5_DIR } from './build';
import { devClock, openLocalRuntime } from './runtime';
import { cardUrl } from './platform';
import { createLocalServer, listen } from './server';

async function main(): Promise<void> {
  const dataDir = resolve(process.env.LIANXIN_DATA_DIR ?? '.data');
  const port = Number(process.env.PORT ?? 3000);
  const { values } = parseArgs({ options: { host: { type: 'string', default: '127.0.0.1' } } });
  const host = values.host!;
  const clockAt = process.env.LIANXIN_CLOCK_AT;
  const at = clockAt ? Date.parse(clockAt) : undefined;
  if (at !== undefined && !Number.isFinite(at)) throw new Error(`LIANXIN_CLOCK_AT=${clockAt}: not an instant (2026-09-30T10:00:00+08:00)`);
  await ensureBuilt('h5');
  const uploadsDir = join(dataDir, 'uploads');
  const publicHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  const runtime = await openLocalRuntime({ dataDir, clock: devClock(at), uploadsDir, baseUrl: `http://${publicHost}:${port}` });
  const timers = scheduleTimers(runtime, consoleLog);
  const anyHost = !['127.0.0.1', 'localhost', '::1'].includes(host);
  const server = createLocalServer(runtime, { info: { dataDir }, uploadsDir, h5Dir: H5_DIR, anyHost });
  const bound = await listen(server, port, host);
  const base = `http://${publicHost}:${bound}`;

  const card = representatives[0]!.cardCode;
  const lines = [
    '',
    '连心桥 Lianxin — local system is running. Open in a browser (a phone-sized window suits it best):',
    `  contact card:  ${cardUrl(base, card)}   (what a resident's scan opens)`,
    `  sign in as:    ${base}/#/pages/signin/index   (pick resident, representative, assigner, handler, supervisor or office)`,
    `  workbench:     ${base}/#/staff/workbench/index`,
    `  print a card:  ${base}/print/card/${card}`,
    '',
    `  data:          ${dataDir}`,
    `  health:        ${base}/healthz`,
    `  API:           POST ${base}/api/fn/<function>  { "action": "...", ... }  (header x-lianxin-openid: <identity>)`,
    `  timers:        ${timers.schedules.map((s) => `${s.fn} (${s.cron})`).join(', ')}`,
    `  time travel:   POST ${base}/api/dev/clock  { "days": 3 } or { "at": "2026-09-30T10:00:00+08:00" }   (moves or sets the local clock and runs the timers; the dev bar has a button)`,
    ...(anyHost ? [`  WARNING:       listening on ${host}: anyone who can reach this address can sign in as anyone (dev sign-in)`] : []),
    '  demo identities:',
    ...identities.map((i) => `    ${i.openid.padEnd(30)} ${i.label}`),
    '',
  ];
  console.log(lines.join('\n'));

  const stop = async () => {
    timers.stop();
    server.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
