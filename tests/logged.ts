/**
 * Errors the code logs during a test: through the runtime's log (`quietLog`) or `console.error`.
 * After each test any left over fails it (tests/loud.ts); a test that provokes one on purpose takes
 * it with `expectLoggedError`, which fails if no such error was logged.
 */
import { format } from 'node:util';
import type { Log } from '../src/server/ctx';

const logged: string[] = [];

/** The runtime's log in tests: quiet, except that its errors are kept for the check after each test. */
export const quietLog: Log = {
  info() {},
  warn() {},
  error(message, detail) {
    logged.push(`${message} ${JSON.stringify(detail)}`);
  },
};

/** Keeps what the code writes with console.error (the local server's last resort). */
export function keepConsoleErrors(): void {
  console.error = (...args: unknown[]) => void logged.push(format(...args));
}

/** Takes the logged errors that match, failing the test when none does. */
export function expectLoggedError(pattern: RegExp): string[] {
  const matching = logged.filter((e) => pattern.test(e));
  if (matching.length === 0) throw new Error(`expected an error logged matching ${pattern}; logged: ${JSON.stringify(logged)}`);
  for (const m of matching) logged.splice(logged.indexOf(m), 1);
  return matching;
}

/** Every error logged since the last call, taken. */
export const takeLogged = (): string[] => logged.splice(0);
