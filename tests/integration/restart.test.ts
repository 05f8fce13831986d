/** A case survives stopping and restarting `npm start`'s server on the file store. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { openEmbeddedDatabase } from '../../src/runtime/embedded/engine';
import { submission, tempDir, WANG } from '../harness';

const ROOT = join(__dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function start(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/runtime/local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LIANXIN_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  // wait for the line that prints the URLs
  for (let i = 0; i < 600 && !output.includes('/healthz'); i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(output).toContain(`http://127.0.0.1:${port}/healthz`);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function call(port: number, fn: string, event: Record<string, unknown>, openid: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lianxin-openid': openid },
    body: JSON.stringify(event),
  });
  return (await res.json()) as { ok: boolean; data: any };
}

describe('the file store across restarts', () => {
  it('keeps a submitted case, its number sequence and the seed after a restart', async () => {
    const dir = tempDir();
    const port = await freePort();
    let server = await start(dir, port);
    const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, runtime: 'local', dataDir: dir });
    const first = await call(port, 'resident', submission(), WANG);
    expect(first.ok).toBe(true);
    await stop(server);

    server = await start(dir, port);
    try {
      const detail = await call(port, 'case', { action: 'detail', caseId: first.data.id }, WANG);
      expect(detail.data).toMatchObject({ id: first.data.id, no: first.data.no, status: 'submitted' });
      const second = await call(port, 'resident', submission(), WANG);
      expect(Number(second.data.no)).toBe(Number(first.data.no) + 1);
      const reps = await call(port, 'card', { action: 'get', cardCode: 'QX0001' }, WANG);
      expect(reps.data.name).toBe('李秀英');
    } finally {
      await stop(server);
    }
  });

  it('lets no second process open the data directory while the server has it, and frees it on stop', async () => {
    const dir = tempDir();
    const port = await freePort();
    const server = await start(dir, port);
    try {
      await expect(openEmbeddedDatabase({ dir })).rejects.toThrow(/is in use by process \d+ \(is `npm start` running\?\)/);
    } finally {
      await stop(server);
    }
    const db = await openEmbeddedDatabase({ dir });
    await db.close();
  });
});
