/**
 * The embedded store survives a crash, not only a stop: a child process writes without end and is
 * killed (SIGKILL, no chance to close) in the middle; reopened, the store holds every write the
 * child acknowledged, each transaction whole or not at all. Also: a write is visible to readers
 * only once it is on disk, and two processes starting on one data directory cannot both have it.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEmbeddedDatabase } from '../../src/runtime/embedded/engine';
import type { Sync } from '../../src/runtime/embedded/journal';
import { getAll } from '../../src/server/store';
import { tempDir } from '../harness';

const ROOT = join(__dirname, '..', '..');
const WRITER = join(__dirname, 'children', 'writer.ts');

/** Runs the writer on `dir` (node itself, so the pid killed is the writer's) until `acks` writes are acknowledged, then kills it. */
async function writeThenKill(dir: string, acks: number, from: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(from)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: string[] = [];
  let buffered = '';
  let errors = '';
  child.stderr!.on('data', (d) => (errors += d));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line !== 'ready') acked.push(line);
      if (acked.length >= acks && child.exitCode === null) {
        process.kill(child.pid!, 'SIGKILL');
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`the writer stopped by itself: ${errors}`)));
  }).catch((err) => {
    if (child.signalCode !== 'SIGKILL') throw err;
  });
  expect(await exited).toBe('SIGKILL');
  // what was printed before the kill landed is acknowledged too
  if (buffered) acked.push(...buffered.split('\n').filter(Boolean));
  return acked;
}

describe('a crash in the middle of a stream of writes', () => {
  it('loses no acknowledged write, and keeps every transaction whole, across three kills', async () => {
    const dir = tempDir('lianxin-crash-');
    let lost = 0;
    let acknowledged = 0;
    let from = 0;
    for (const acks of [50, 600, 1500]) {
      const acked = await writeThenKill(dir, acks, from);
      acknowledged += acked.length;
      // reopened as after a power cut: the dead writer's claim is taken over, the journal replayed
      const db = await openEmbeddedDatabase({ dir });
      const items = new Set((await getAll(db.collection<{ _id: string }>('items').orderBy('_id', 'asc'))).map((d) => d._id));
      const pairs = new Set((await getAll(db.collection<{ _id: string }>('pairs').orderBy('_id', 'asc'))).map((d) => d._id));
      const counter = ((await db.collection<{ _id?: string; n: number }>('counter').doc('c').get()) as { data: Array<{ n: number }> }).data[0]?.n ?? 0;
      for (const line of acked) {
        const [kind, i] = line.split(' ') as [string, string];
        if (kind === 'item' && !items.has(`i${i}`)) lost++;
        if (kind === 'pair' && !(pairs.has(`a${i}`) && pairs.has(`b${i}`))) lost++;
      }
      // a transaction is there whole or not at all, acknowledged or not
      for (const id of pairs) expect(pairs.has(`${id[0] === 'a' ? 'b' : 'a'}${id.slice(1)}`)).toBe(true);
      expect(counter).toBeGreaterThanOrEqual(acked.filter((l) => l.startsWith('inc ')).length);
      from = Math.max(from, ...acked.map((l) => Number(l.split(' ')[1]))) + 1000;
      await db.close();
    }
    console.log(`crash: ${acknowledged} acknowledged writes across 3 SIGKILLs, ${lost} lost`);
    expect(lost).toBe(0);
  }, 180_000);
});

describe('durability before visibility', () => {
  it('shows a write to readers only once it is on disk', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding = false;
    const sync: Sync = async () => {
      if (holding) await held;
    };
    const db = await openEmbeddedDatabase({ dir: tempDir('lianxin-visible-'), sync });
    await db.createCollection('items');
    holding = true;
    const writing = db.collection('items').doc('x').set({ n: 1 });
    await new Promise((r) => setTimeout(r, 50));
    // written to the journal, not yet on disk: nobody reads it
    expect(((await db.collection('items').doc('x').get()) as { data: unknown[] }).data).toEqual([]);
    expect(((await db.collection('items').count()) as { total: number }).total).toBe(0);
    release();
    await writing;
    expect(((await db.collection('items').doc('x').get()) as { data: unknown[] }).data).toEqual([{ _id: 'x', n: 1 }]);
    await db.close();
  });
});

describe('a disk that fails a write', () => {
  it('refuses every later write until a restart, which keeps what was acknowledged', async () => {
    const dir = tempDir('lianxin-broken-');
    let failing = false;
    const sync: Sync = async () => {
      if (failing) throw new Error('EIO: i/o error, fdatasync');
    };
    const db = await openEmbeddedDatabase({ dir, sync });
    await db.createCollection('items');
    await db.collection('items').doc('kept').set({ n: 1 });
    failing = true;
    await expect(db.collection('items').doc('lost').set({ n: 2 })).rejects.toThrow(/EIO/);
    failing = false;
    // the journal may hold part of that record: nothing more is written on top of it
    await expect(db.collection('items').doc('after').set({ n: 3 })).rejects.toThrow(/restart/);
    expect(((await db.collection('items').doc('lost').get()) as { data: unknown[] }).data).toEqual([]);
    await db.close().catch(() => undefined);
    const again = await openEmbeddedDatabase({ dir });
    expect(((await again.collection('items').doc('kept').get()) as { data: unknown[] }).data).toEqual([{ _id: 'kept', n: 1 }]);
    await again.collection('items').doc('after').set({ n: 3 });
    await again.close();
  });
});

describe('one process per data directory', () => {
  it('lets exactly one of several processes starting at once have it', async () => {
    const dir = tempDir('lianxin-claim-');
    const script = `require('tsx/cjs'); const { claimDirectory } = require(${JSON.stringify(join(ROOT, 'src/runtime/embedded/engine.ts'))}); try { claimDirectory(process.argv[1]); console.log('got it'); setTimeout(() => {}, 1500); } catch (e) { console.log('refused'); }`;
    const outcomes = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<string>((resolve) => {
            const child = spawn(process.execPath, ['-e', script, dir], { cwd: ROOT });
            let out = '';
            child.stdout.on('data', (d) => (out += d));
            child.once('exit', () => resolve(out.trim()));
          }),
      ),
    );
    expect(outcomes.filter((o) => o === 'got it')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(5);
  }, 60_000);

  it('takes over a claim left by a process that is gone', async () => {
    const dir = tempDir('lianxin-stale-');
    // a pid no process has (beyond the kernel's pid_max)
    writeFileSync(join(dir, 'owner.pid'), '99999999');
    const db = await openEmbeddedDatabase({ dir });
    await db.close();
  });
});
