/**
 * Counts the database round trips a use case makes, as CloudBase would bill and wait for them:
 * each read (`get`, `count`) and each write (`add`, `set`, `update`, `remove`) is one, in a
 * transaction or not, and each transaction is one more (its commit).
 */
import type { Database } from '../../types/db';

const TRIPS = new Set(['get', 'count', 'add', 'set', 'update', 'remove', 'create']);

export interface Counted {
  db: Database;
  /** round trips since the last `take` */
  take(): number;
}

export function countRoundTrips(db: Database): Counted {
  let trips = 0;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, key, receiver) {
        const value = Reflect.get(t, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === 'runTransaction') {
            trips++;
            const [work, ...rest] = args as [(tx: object) => unknown, ...unknown[]];
            return (value as (...a: unknown[]) => unknown).call(t, (tx: object) => work(wrap(tx)), ...rest);
          }
          if (typeof key === 'string' && TRIPS.has(key)) trips++;
          const result = (value as (...a: unknown[]) => unknown).apply(t, args);
          return result && typeof result === 'object' && !(result instanceof Promise) && key !== 'command' ? wrap(result as object) : result;
        };
      },
    });
  return {
    db: wrap(db),
    take: () => {
      const n = trips;
      trips = 0;
      return n;
    },
  };
}
