/**
 * What every handler gets injected: the database (the real CloudBase SDK object in production,
 * the embedded engine locally), the caller, a clock, the messenger and a log. Use cases never
 * reach for globals, so tests can fix the clock and swap the runtime.
 */
import type { Rules } from '../../config/rules';
import type { Database } from '../../types/db';
import type { Delivery } from '../../types/domain';

export interface Clock {
  now(): number;
}

export interface Log {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

/**
 * Delivers one outbox entry to its recipient: always into the in-app message centre, and in
 * production also as a WeChat subscribe message. 'unsubscribed': WeChat refused the push because
 * the person has no subscription left (43101); the message centre has it. Throws when delivery
 * failed and should be retried.
 */
export interface Messenger {
  deliver(delivery: Delivery): Promise<'delivered' | 'unsubscribed'>;
}

export interface Ctx {
  db: Database;
  /** the WeChat openid of whoever called, or null for timers and anonymous calls */
  caller: { openid: string } | null;
  clock: Clock;
  messenger: Messenger;
  log: Log;
  rules: Rules;
}

export const consoleLog: Log = {
  info: (m, d) => console.log(JSON.stringify({ level: 'info', msg: m, ...d })),
  warn: (m, d) => console.warn(JSON.stringify({ level: 'warn', msg: m, ...d })),
  error: (m, d) => console.error(JSON.stringify({ level: 'error', msg: m, ...d })),
};
