/**
 * `db.command` and `db.serverDate` of the embedded twin, and their translation into the
 * MongoDB-style queries and modifiers of the underlying document store (@seald-io/nedb).
 *
 * CloudBase semantics kept here:
 * - a nested plain object in `where` matches field by field (`{ a: { b: 1 } }` ≡ `{ 'a.b': 1 }`);
 * - an array field matches when any element matches; an array value is an exact match;
 * - a nested plain object in `update` is merged field by field; `_.set(obj)` replaces it.
 */
import type { Command, LogicCommand, QueryCommand, ServerDate, UpdateCommand } from '../../../types/db';

type QueryOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'nin' | 'exists';
type UpdateOp = 'set' | 'inc' | 'push' | 'pull' | 'addToSet' | 'remove';
type NedbQuery = Record<string, unknown>;

class FieldCondition implements QueryCommand {
  declare readonly __queryCommand?: true;
  constructor(
    readonly op: QueryOp,
    readonly value: unknown,
  ) {}
  and(...others: unknown[]): Logic {
    return new Logic('and', [this, ...flat(others)]);
  }
  or(...others: unknown[]): Logic {
    return new Logic('or', [this, ...flat(others)]);
  }
}

/** `_.and` / `_.or`: across fields at the top level, or within one field as its value. */
class Logic implements LogicCommand, QueryCommand {
  declare readonly __logicCommand?: true;
  declare readonly __queryCommand?: true;
  constructor(
    readonly op: 'and' | 'or',
    readonly operands: unknown[],
  ) {}
  and(...others: unknown[]): Logic {
    return new Logic('and', [this, ...flat(others)]);
  }
  or(...others: unknown[]): Logic {
    return new Logic('or', [this, ...flat(others)]);
  }
}

class Modifier implements UpdateCommand {
  declare readonly __updateCommand?: true;
  constructor(
    readonly op: UpdateOp,
    readonly value: unknown,
  ) {}
}

export class EmbeddedServerDate implements ServerDate {
  declare readonly __serverDate?: true;
  constructor(readonly offset: number) {}
}

/** `_.or([a, b])` and `_.or(a, b)` mean the same. */
const flat = (args: unknown[]): unknown[] => (args.length === 1 && Array.isArray(args[0]) ? args[0] : args);

export const command: Command = {
  eq: (v) => new FieldCondition('eq', v),
  neq: (v) => new FieldCondition('neq', v),
  lt: (v) => new FieldCondition('lt', v),
  lte: (v) => new FieldCondition('lte', v),
  gt: (v) => new FieldCondition('gt', v),
  gte: (v) => new FieldCondition('gte', v),
  in: (v) => {
    if (!Array.isArray(v)) throw new TypeError('command.in expects an array');
    return new FieldCondition('in', v);
  },
  nin: (v) => {
    if (!Array.isArray(v)) throw new TypeError('command.nin expects an array');
    return new FieldCondition('nin', v);
  },
  exists: (v) => new FieldCondition('exists', Boolean(v)),
  and: (...c) => new Logic('and', flat(c)),
  or: (...c) => new Logic('or', flat(c)),
  set: (v) => new Modifier('set', v),
  inc: (n) => {
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new TypeError('command.inc expects a number');
    return new Modifier('inc', n);
  },
  push: (v) => new Modifier('push', v),
  pull: (v) => new Modifier('pull', v),
  addToSet: (v) => new Modifier('addToSet', v),
  remove: () => new Modifier('remove', undefined),
};

/** A value stored as is: not an operator, not an object to descend into. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const isCommand = (v: unknown): boolean => v instanceof FieldCondition || v instanceof Logic || v instanceof Modifier;

/**
 * Replaces server dates with the time now, and refuses operators where plain data belongs and
 * field names the store cannot keep (a leading `$`, a `.` inside).
 */
export function resolveData(value: unknown, now: number, where: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => resolveData(v, now, where));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k in value) {
      const v = value[k];
      if (k.charCodeAt(0) === 36 /* $ */ || k.includes('.')) throw new TypeError(`${where}: field name ${k} may not start with $ or contain a dot`);
      if (v !== undefined) out[k] = resolveData(v, now, where);
    }
    return out;
  }
  if (value instanceof EmbeddedServerDate) return new Date(now + value.offset);
  if (value instanceof Date) return new Date(value.getTime());
  if (isCommand(value)) throw new TypeError(`${where}: operators are not allowed in plain data`);
  return value;
}

// ---- queries ----

function fieldQuery(c: FieldCondition, now: number): unknown {
  const v = resolveData(c.value, now, 'where');
  switch (c.op) {
    case 'eq':
      return isPlainObject(v) || Array.isArray(v) ? { $in: [v] } : v;
    case 'neq':
      return { $ne: v };
    case 'exists':
      return { $exists: v };
    default:
      return { [`$${c.op}`]: v };
  }
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

/** Comparisons on one field, each with a different operator, merged into one range; else null. */
function rangeOf(path: string, parts: NedbQuery[]): NedbQuery | null {
  const range: Record<string, unknown> = {};
  for (const part of parts) {
    const keys = Object.keys(part);
    const cond = part[path];
    if (keys.length !== 1 || keys[0] !== path || !isPlainObject(cond)) return null;
    for (const [op, v] of Object.entries(cond)) {
      if (!RANGE_OPS.has(op) || op in range) return null;
      range[op] = v;
    }
  }
  return { [path]: range };
}

/** The condition one field's value states, as a list of queries all of which must hold. */
function conditionOn(path: string, value: unknown, now: number): NedbQuery[] {
  if (value instanceof FieldCondition) return [{ [path]: fieldQuery(value, now) }];
  if (value instanceof Logic) {
    const parts = value.operands.map((o) => andOf(conditionOn(path, o, now)));
    if (value.op === 'and') {
      // `_.gt(a).and(_.lte(b))` as one range `{ path: { $gt: a, $lte: b } }`: the store's index
      // answers a range; an `$and` of two half-ranges it would scan
      const range = rangeOf(path, parts);
      if (range) return [range];
    }
    return [{ [`$${value.op}`]: parts }];
  }
  if (value instanceof Modifier) throw new TypeError(`where: update operator on ${path}`);
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [{ [path]: {} }];
    return entries.flatMap(([k, v]) => conditionOn(`${path}.${k}`, v, now));
  }
  return [{ [path]: resolveData(value, now, 'where') }];
}

/**
 * Merges single-field queries into one object while their fields differ, so the store sees
 * indexed fields at the top level and can use its indexes.
 */
function andOf(parts: NedbQuery[]): NedbQuery {
  const merged: NedbQuery = {};
  const rest: NedbQuery[] = [];
  for (const part of parts) {
    const [key] = Object.keys(part);
    if (key === undefined) continue;
    if (key.startsWith('$') || key in merged) rest.push(part);
    else merged[key] = part[key];
  }
  if (rest.length === 0) return merged;
  if (Object.keys(merged).length === 0 && rest.length === 1) return rest[0]!;
  return { ...merged, $and: [...((merged.$and as NedbQuery[]) ?? []), ...rest] };
}

function topLevel(condition: unknown, now: number): NedbQuery[] {
  if (condition instanceof Logic) {
    if (condition.op === 'and') return condition.operands.flatMap((o) => topLevel(o, now));
    return [{ $or: condition.operands.map((o) => andOf(topLevel(o, now))) }];
  }
  if (isPlainObject(condition)) return Object.entries(condition).flatMap(([k, v]) => conditionOn(k, v, now));
  throw new TypeError('where expects an object or a logic command');
}

/** A CloudBase `where` condition as a store query. */
export function toQuery(condition: unknown, now: number): NedbQuery {
  return andOf(topLevel(condition, now));
}

// ---- updates ----

function eachOf(value: unknown): unknown[] {
  if (isPlainObject(value) && Array.isArray(value.each)) return value.each;
  return Array.isArray(value) ? value : [value];
}

/** A CloudBase update patch as store modifiers (`$set`, `$inc`, `$push`, …). */
export function toModifiers(patch: unknown, now: number): Record<string, Record<string, unknown>> {
  if (!isPlainObject(patch)) throw new TypeError('update expects an object');
  const mods: Record<string, Record<string, unknown>> = {};
  const put = (op: string, path: string, v: unknown) => {
    (mods[op] ??= {})[path] = v;
  };
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      const path = prefix ? `${prefix}.${k}` : k;
      if (path === '_id') throw new TypeError('update: _id cannot be changed');
      if (v instanceof Modifier) {
        switch (v.op) {
          case 'set':
            put('$set', path, resolveData(v.value, now, 'update'));
            break;
          case 'inc':
            put('$inc', path, v.value);
            break;
          case 'push':
            put('$push', path, { $each: resolveData(eachOf(v.value), now, 'update') });
            break;
          case 'addToSet':
            put('$addToSet', path, { $each: resolveData(eachOf(v.value), now, 'update') });
            break;
          case 'pull':
            put('$pull', path, v.value instanceof FieldCondition ? fieldQuery(v.value, now) : resolveData(v.value, now, 'update'));
            break;
          case 'remove':
            put('$unset', path, true);
            break;
        }
      } else if (v instanceof FieldCondition || v instanceof Logic) {
        throw new TypeError(`update: query operator on ${path}`);
      } else if (isPlainObject(v) && Object.keys(v).length > 0) {
        walk(v, path);
      } else {
        put('$set', path, resolveData(v, now, 'update'));
      }
    }
  };
  walk(patch, '');
  if (Object.keys(mods).length === 0) throw new TypeError('update: nothing to update');
  return mods;
}

/** `field()` projection: true/1 includes, false/0 excludes. */
export function toProjection(projection: Record<string, unknown>): Record<string, 0 | 1> {
  const out: Record<string, 0 | 1> = {};
  for (const [k, v] of Object.entries(projection)) out[k] = v ? 1 : 0;
  return out;
}
