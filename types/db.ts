/**
 * The subset of the CloudBase database API (@cloudbase/node-sdk 3.x, `app.database()`) that
 * Lianxin uses. Production passes the real SDK object; locally and in tests the embedded engine
 * (src/runtime/embedded/engine) implements the same surface. Shapes follow @cloudbase/database 3.x:
 * - `doc(id).get()` → `{ data: Doc[] }` (an array, empty when missing); inside a transaction
 *   `{ data: Doc | null }`.
 * - `get()` returns 100 records when no `limit` is set and at most 1000 (the twin throws above).
 * - request errors may come back as `{ code, message }` instead of throwing: use `checked()`.
 * - nested plain objects in `where` match dotted paths; nested plain objects in `update` are
 *   merged field by field (use `command.set(obj)` to replace a whole sub-object).
 */

/** Any stored document (untyped). */
export type Doc = { _id?: string } & Record<string, unknown>;
/** What a typed collection's documents must look like (interfaces have no index signature). */
export type DocShape = { _id?: string };

/** Opaque operator objects built by `db.command`. */
export interface QueryCommand {
  readonly __queryCommand?: true;
  and(...others: Array<QueryCommand | unknown>): QueryCommand;
  or(...others: Array<QueryCommand | unknown>): QueryCommand;
}
export interface LogicCommand {
  readonly __logicCommand?: true;
}
export interface UpdateCommand {
  readonly __updateCommand?: true;
}

export interface Command {
  eq(value: unknown): QueryCommand;
  neq(value: unknown): QueryCommand;
  lt(value: unknown): QueryCommand;
  lte(value: unknown): QueryCommand;
  gt(value: unknown): QueryCommand;
  gte(value: unknown): QueryCommand;
  in(values: unknown[]): QueryCommand;
  nin(values: unknown[]): QueryCommand;
  exists(flag: boolean): QueryCommand;
  /** Across fields: `_.or([{ a: 1 }, { b: 2 }])`; within a field: `_.or(_.lt(1), _.gt(5))`. */
  and(...conditions: unknown[]): LogicCommand & QueryCommand;
  or(...conditions: unknown[]): LogicCommand & QueryCommand;
  set(value: unknown): UpdateCommand;
  inc(n: number): UpdateCommand;
  push(values: unknown): UpdateCommand;
  pull(condition: unknown): UpdateCommand;
  addToSet(value: unknown): UpdateCommand;
  remove(): UpdateCommand;
}

export type Where = Record<string, unknown> | LogicCommand;
export type Patch = Record<string, unknown>;
export type Projection = Record<string, boolean | 0 | 1>;

export interface ErrorResult {
  code: string;
  message: string;
  requestId?: string;
}

export interface GetResult<T> {
  data: T[];
  requestId?: string;
}
export interface CountResult {
  total: number;
}
export interface AddResult {
  id: string;
}
export interface SetResult {
  updated: number;
  upsertedId?: string;
}
export interface UpdateResult {
  updated: number;
}
export interface RemoveResult {
  deleted: number;
}

export interface Query<T extends DocShape = Doc> {
  where(condition: Where): Query<T>;
  orderBy(field: string, direction: 'asc' | 'desc'): Query<T>;
  skip(n: number): Query<T>;
  limit(n: number): Query<T>;
  field(projection: Projection): Query<T>;
  get(): Promise<GetResult<T> | ErrorResult>;
  count(): Promise<CountResult | ErrorResult>;
  update(patch: Patch): Promise<UpdateResult | ErrorResult>;
  remove(): Promise<RemoveResult | ErrorResult>;
}

export interface DocumentReference<T extends DocShape = Doc> {
  get(): Promise<GetResult<T> | ErrorResult>;
  set(data: object): Promise<SetResult | ErrorResult>;
  update(patch: Patch): Promise<UpdateResult | ErrorResult>;
  remove(): Promise<RemoveResult | ErrorResult>;
  field(projection: Projection): DocumentReference<T>;
}

export interface CollectionReference<T extends DocShape = Doc> extends Query<T> {
  doc(id: string): DocumentReference<T>;
  add(data: object): Promise<AddResult | ErrorResult>;
}

/** Inside `runTransaction`: single-document operations only. */
export interface TransactionDocument<T extends DocShape = Doc> {
  get(): Promise<{ data: T | null } | ErrorResult>;
  set(data: object): Promise<SetResult | ErrorResult>;
  update(patch: Patch): Promise<UpdateResult | ErrorResult>;
  delete(): Promise<RemoveResult | ErrorResult>;
}
export interface TransactionCollection<T extends DocShape = Doc> {
  doc(id: string): TransactionDocument<T>;
  add(data: object): Promise<AddResult | ErrorResult>;
}
export interface Transaction {
  collection<T extends DocShape = Doc>(name: string): TransactionCollection<T>;
  /** Abort: `runTransaction` rejects with `reason` and nothing is written. */
  rollback(reason?: unknown): Promise<unknown>;
}

/**
 * An index a collection keeps: on one field (a dotted path), or on a field and then another
 * (CloudBase's compound index `{ field: 1, then: -1 }`): the documents under each value of `field`
 * kept in the order of `then`, so a query for some values of `field`, ordered by `then` and
 * limited, reads only the documents it returns.
 */
export type IndexSpec = string | { field: string; then: string };

export interface ServerDate {
  readonly __serverDate?: true;
}

export interface Database {
  collection<T extends DocShape = Doc>(name: string): CollectionReference<T>;
  readonly command: Command;
  serverDate(options?: { offset?: number }): ServerDate;
  /**
   * Runs `fn` in a transaction and resolves with its value. Retried (up to `times`) only on a
   * write conflict; any other error rolls back and rejects. Keep business decisions as returned
   * values, not thrown errors.
   */
  runTransaction<R>(fn: (tx: Transaction) => Promise<R>, times?: number): Promise<R>;
  createCollection(name: string): Promise<unknown>;
}
