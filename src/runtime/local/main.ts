/** `npm start`: the local system on one port, over the embedded store in LIANXIN_DATA_DIR. */
import { resolve } from 'node:path';
import { consoleLog } from '../../server/ctx';
import { scheduleTimers } from './cron';
import { identities, representatives } from './demo-county';
import { openLocalRuntime } from './runtime';
import { createLocalServer, listen } from './server';

async function main(): Promise<void> {
  const dataDir = resolve(process.env.LIANXIN_DATA_DIR ?? '.data');
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const runtime = await openLocalRuntime({ dataDir });
  const timers = scheduleTimers(runtime, consoleLog);
  const server = createLocalServer(runtime, { dataDir });
  const bound = await listen(server, port, host);
  const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}`;

  const lines = [
    '',
    '连心桥 Lianxin — local system is running',
    `  data:        ${dataDir}`,
    `  health:      ${base}/healthz`,
    `  API:         POST ${base}/api/fn/<function>  { "action": "...", ... }`,
    `  sign in:     POST ${base}/api/dev/signin {"openid": "..."}  (or header x-lianxin-openid)`,
    `  timers:      ${timers.schedules.map((s) => `${s.fn} (${s.cron})`).join(', ')}`,
    `  demo card:   ${base}/api/fn/card  {"action":"get","cardCode":"${representatives[0]!.cardCode}"}`,
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
