/**
 * The local runtime: the same handlers as on CloudBase, over the embedded engine, with a clock
 * the tests can fix and the message centre as messenger.
 */
import { RULES, type Rules } from '../../../config/rules';
import type { County, User } from '../../../types/domain';
import type { ApiResult } from '../../../types/api';
import { consoleLog, type Clock, type Ctx, type Log, type Messenger, type Platform } from '../../server/ctx';
import type { HttpEvent, HttpResponse } from '../../server/handler';
import { COLLECTIONS, INDEXES } from '../../server/schema';
import { checked } from '../../server/store';
import { deliverOutbox, messageCentre } from '../../server/usecases/outbox';
import { scopesOf } from '../../server/usecases/people';
import { openEmbeddedDatabase, type EmbeddedDatabase } from '../embedded/engine';
import * as demo from './demo-county';
import { FUNCTIONS } from './functions';
import { localFiles, localPlatform, localPseudonymKey, type LocalFiles } from './platform';

export interface LocalOptions {
  /** persist here; omitted = in memory */
  dataDir?: string;
  clock?: Clock;
  log?: Log;
  rules?: Rules;
  /** write the demo county when the store is empty (default true) */
  seed?: boolean;
  /** what carries messages (default: the local message centre) */
  messenger?: (db: EmbeddedDatabase) => Messenger;
  /**
   * the platform's services: the local one (QR codes, files under uploadsDir, the local checks),
   * with these in place of its own (tests: a slow or failing WeChat check), or another altogether
   */
  platform?: Partial<Platform>;
  /** where kept files go (card codes); omitted = in memory */
  uploadsDir?: string;
  /** the address the local pages are served at, which printed card codes point to */
  baseUrl?: string;
}

export interface LocalRuntime {
  db: EmbeddedDatabase;
  clock: Clock;
  rules: Rules;
  /** calls a function as `openid` would (null: nobody signed in) */
  call(name: string, event: unknown, openid: string | null): Promise<ApiResult<unknown>>;
  /** runs a timer function once, as its trigger would */
  runTimer(name: string): Promise<ApiResult<unknown>>;
  /** hands a function an event of WeChat's message push, as WeChat would */
  push(name: string, event: unknown): Promise<ApiResult<unknown>>;
  /** hands an http function a request as CloudBase's HTTP access service would (its event), answering its response */
  http(name: string, event: HttpEvent): Promise<HttpResponse>;
  /** delivers the outbox now (what the deliver timer does every minute) */
  deliver(): Promise<number>;
  /** the context a timer gets (no caller), for calling use cases directly */
  timerCtx(): Ctx;
  /** the temporary addresses of kept files, which the local server checks */
  files: LocalFiles;
  close(): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now() };

/**
 * The local system's clock: real time, which the dev control can set to an instant or move
 * ahead (local only), so deadlines can be seen to bite and tests never depend on today's date.
 */
export interface DevClock extends Clock {
  /** from real time to the clock's time */
  offsetMs: number;
  /** how far the clock was moved ahead since it was last set */
  movedMs: number;
  set(at: number): void;
  advance(ms: number): void;
}
export function devClock(at?: number): DevClock {
  const clock: DevClock = {
    offsetMs: 0,
    movedMs: 0,
    now: () => Date.now() + clock.offsetMs,
    set(to) {
      clock.offsetMs = to - Date.now();
      clock.movedMs = 0;
    },
    advance(ms) {
      clock.offsetMs += ms;
      clock.movedMs += ms;
    },
  };
  if (at !== undefined) clock.set(at);
  return clock;
}
export const isDevClock = (clock: Clock): clock is DevClock => typeof (clock as Partial<DevClock>).set === 'function';

export async function seedDemoCounty(db: EmbeddedDatabase, now: number): Promise<boolean> {
  const existing = checked(await db.collection('counties').count()).total;
  if (existing > 0) return false;
  const put = async (name: string, docs: ReadonlyArray<{ _id: string }>) => {
    for (const d of docs) checked(await db.collection(name).add(d));
  };
  await put('townships', demo.townships);
  await put('villages', demo.villages);
  await put('units', demo.units);
  await put('representatives', demo.representatives);
  await put('workrooms', demo.workrooms);
  await put('groups', demo.groups);
  await put(
    'users',
    demo.identities
      .filter((i) => i.grants.length > 0 || i.regions)
      .map(
        (i): User => ({
          _id: i.openid,
          name: i.name,
          grants: i.grants,
          scopes: scopesOf(i.grants),
          ...(i.regions ? { regions: i.regions } : {}),
          createdAt: now,
          updatedAt: now,
        }),
      ),
  );
  await put('regions', [demo.region]);
  // the county last: its presence marks a complete seed
  const county: County = { ...demo.county, rollupsFrom: now };
  await put('counties', [county]);
  return true;
}

export async function openLocalRuntime(options: LocalOptions = {}): Promise<LocalRuntime> {
  const clock = options.clock ?? realClock;
  const log = options.log ?? consoleLog;
  const db = await openEmbeddedDatabase({ dir: options.dataDir, indexes: INDEXES, now: () => clock.now() });
  for (const name of COLLECTIONS) await db.createCollection(name);
  if (options.seed ?? true) await seedDemoCounty(db, clock.now());
  const rules = options.rules ?? RULES;
  const messenger = options.messenger ? options.messenger(db) : messageCentre({ db });
  const files = localFiles(clock);
  const platform: Platform = {
    ...localPlatform({
      uploadsDir: options.uploadsDir,
      baseUrl: options.baseUrl ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`,
      files,
      ...(options.dataDir ? { pseudonymKey: localPseudonymKey(options.dataDir) } : {}),
    }),
    ...options.platform,
  };
  const ctxFor = (openid: string | null, fromClient = false): Ctx => ({
    db,
    caller: openid ? { openid } : null,
    fromClient,
    clock,
    messenger,
    platform,
    log,
    rules,
  });
  return {
    db,
    clock,
    rules,
    async call(name, event, openid) {
      const fn = FUNCTIONS.get(name);
      if (!fn || fn.kind !== 'callable') return { ok: false, error: { code: 'UNKNOWN_ACTION', message: '没有这个功能' } };
      return fn.handler(event, ctxFor(openid, true));
    },
    async runTimer(name) {
      const fn = FUNCTIONS.get(name);
      if (!fn || fn.kind !== 'timer') return { ok: false, error: { code: 'UNKNOWN_ACTION', message: '没有这个定时任务' } };
      return fn.handler({ Type: 'Timer', TriggerName: name, Time: new Date(clock.now()).toISOString() }, ctxFor(null));
    },
    async push(name, event) {
      const fn = FUNCTIONS.get(name);
      if (!fn || fn.kind !== 'push') return { ok: false, error: { code: 'UNKNOWN_ACTION', message: '没有这个消息推送' } };
      return fn.handler(event, ctxFor(null));
    },
    async http(name, event) {
      const fn = FUNCTIONS.get(name);
      if (!fn?.http) throw new Error(`no http function ${name}`);
      return fn.http(event, ctxFor(null));
    },
    async deliver() {
      return (await deliverOutbox(ctxFor(null))).delivered;
    },
    timerCtx: () => ctxFor(null),
    files,
    close: () => db.close(),
  };
}
