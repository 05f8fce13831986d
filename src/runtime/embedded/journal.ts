/**
 * Durable storage of the embedded twin: one snapshot file per collection (`<name>.db`, one
 * document per line, NeDB's format) plus a journal (`journal.log`) that every write appends to
 * before it is applied. A journal record (a length, then the writes in V8's serialisation) holds
 * all the writes of one operation or transaction and is flushed to disk (fdatasync) before the
 * write is acknowledged, so a crash keeps either every write of a transaction or none: a torn
 * last record is ignored when the data is loaded.
 *
 * Opening replays the journal over the snapshots, rewrites the snapshots and empties the
 * journal; so does closing, and so does a journal grown past `compactAt` bytes. The journal is
 * emptied only once the new snapshots are on disk: each file is synced before it is renamed into
 * place, and the directory after, so the renames themselves survive a power cut. Replaying a
 * journal over snapshots that already hold it changes nothing (each record puts or deletes whole
 * documents, in order).
 */
import { closeSync, existsSync, fdatasync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Doc } from '../../../types/db';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const model = require('@seald-io/nedb/lib/model.js') as {
  serialize(value: unknown): string;
  deserialize(line: string): unknown;
};

/** One write: put (insert or replace) a document, delete one, or create a collection. */
export type Op = [collection: string, kind: 'put', doc: Doc] | [collection: string, kind: 'del', id: string] | [collection: string, kind: 'create'];

const JOURNAL = 'journal.log';
/** bytes of the length before each journal record */
const HEADER = 4;
const SNAPSHOT = '.db';

export class CorruptDataError extends Error {
  constructor(file: string, record: number) {
    super(`the data file ${file} is damaged at record ${record}; restore it from a backup or move it away`);
  }
}

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n');
}

/** Waits until what was written to `fd` is on disk. */
export type Sync = (fd: number) => Promise<void>;

export const fdatasyncFile: Sync = (fd) => new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));

/** Syncs a directory, so the files renamed or created in it are found there after a power cut. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class Journal {
  private fd: number;
  private bytes = 0;
  /** records written, and records known to be on disk */
  private written = 0;
  private flushed = 0;
  private flushing: Promise<void> | null = null;

  private constructor(
    private readonly dir: string,
    private readonly compactAt: number,
    private readonly sync: Sync,
  ) {
    this.fd = openSync(join(dir, JOURNAL), 'a');
  }

  /**
   * Loads every collection from `dir` (snapshots, then the journal replayed over them), compacts,
   * and opens the journal for appending.
   */
  static open(dir: string, compactAt: number, sync: Sync = fdatasyncFile): { journal: Journal; collections: Map<string, Map<string, Doc>> } {
    const collections = new Map<string, Map<string, Doc>>();
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith(SNAPSHOT)) continue;
      const docs = new Map<string, Doc>();
      readLines(join(dir, file)).forEach((line, i) => {
        if (!line) return;
        let doc: Doc;
        try {
          doc = model.deserialize(line) as Doc;
        } catch {
          throw new CorruptDataError(file, i + 1);
        }
        // NeDB's own files mark deletions and index definitions in the same stream
        if ((doc as { $$deleted?: boolean }).$$deleted) docs.delete(doc._id!);
        else if (doc._id !== undefined) docs.set(doc._id, doc);
      });
      collections.set(file.slice(0, -SNAPSHOT.length), docs);
    }
    const journalFile = join(dir, JOURNAL);
    if (existsSync(journalFile)) {
      const bytes = readFileSync(journalFile);
      // a record cut short at the end is a write that never completed
      for (let at = 0, n = 1; at + HEADER <= bytes.length; n++) {
        const end = at + HEADER + bytes.readUInt32LE(at);
        if (end > bytes.length) break;
        let ops: Op[];
        try {
          ops = deserialize(bytes.subarray(at + HEADER, end)) as Op[];
        } catch {
          throw new CorruptDataError(JOURNAL, n);
        }
        Journal.apply(collections, ops);
        at = end;
      }
    }
    Journal.writeSnapshots(dir, new Map([...collections].map(([name, docs]) => [name, docs.values()])));
    writeFileSync(journalFile, '');
    return { journal: new Journal(dir, compactAt, sync), collections };
  }

  static apply(collections: Map<string, Map<string, Doc>>, ops: readonly Op[]): void {
    for (const op of ops) {
      let docs = collections.get(op[0]);
      if (!docs) collections.set(op[0], (docs = new Map()));
      if (op[1] === 'put') docs.set(op[2]._id!, op[2]);
      else if (op[1] === 'del') docs.delete(op[2]);
    }
  }

  /** Writes each collection to a temporary file and renames it over the old snapshot. */
  private static writeSnapshots(dir: string, collections: Map<string, Iterable<Doc>>): void {
    for (const [name, docs] of collections) {
      const tmp = join(dir, `${name}${SNAPSHOT}~`);
      const fd = openSync(tmp, 'w');
      try {
        let chunk = '';
        for (const doc of docs) {
          chunk += `${model.serialize(doc)}\n`;
          if (chunk.length > 1 << 20) {
            writeSync(fd, chunk);
            chunk = '';
          }
        }
        writeSync(fd, chunk);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, join(dir, `${name}${SNAPSHOT}`));
    }
    syncDirectory(dir);
  }

  /**
   * Appends one atomic group of writes (to the page cache) and returns its sequence number;
   * `durable(seq)` resolves once it is on disk. Call under the write lock, so records never mix.
   */
  write(ops: readonly Op[]): number {
    const body = serialize(ops);
    const record = Buffer.allocUnsafe(HEADER + body.length);
    record.writeUInt32LE(body.length, 0);
    body.copy(record, HEADER);
    this.bytes += writeSync(this.fd, record);
    return ++this.written;
  }

  /** Waits until record `seq` is on disk (one flush serves every record written before it). */
  async durable(seq: number): Promise<void> {
    while (this.flushed < seq) {
      if (!this.flushing) {
        const upTo = this.written;
        const fd = this.fd;
        this.flushing = this.sync(fd)
          .then(() => {
            this.flushed = Math.max(this.flushed, upTo);
          })
          .finally(() => {
            this.flushing = null;
          });
      }
      await this.flushing;
    }
  }

  /** Whether the journal has grown enough to fold into the snapshots. */
  get due(): boolean {
    return this.bytes >= this.compactAt;
  }

  /** Rewrites the snapshots from `collections` (the live data) and empties the journal. */
  compact(collections: Map<string, Iterable<Doc>>): void {
    Journal.writeSnapshots(this.dir, collections);
    // the snapshots, on disk, now hold every line written
    this.flushed = this.written;
    const old = this.fd;
    writeFileSync(join(this.dir, JOURNAL), '');
    this.fd = openSync(join(this.dir, JOURNAL), 'a');
    this.bytes = 0;
    // a flush still running uses the old descriptor: close it after
    void (this.flushing ?? Promise.resolve()).finally(() => closeSync(old));
  }

  async close(collections: Map<string, Iterable<Doc>>): Promise<void> {
    this.compact(collections);
    await this.flushing;
    closeSync(this.fd);
  }
}
