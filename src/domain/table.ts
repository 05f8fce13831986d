/**
 * A state machine as one table of rows — action, from which states, to which, by whom — and the
 * one way every table is read: the case table (transitions.ts) and the proposal table
 * (proposals.ts) differ only in what their rows' guards and problems look at, so each passes
 * those in as two questions about a row.
 */
export interface Row<A extends string, S extends string, R extends string> {
  action: A;
  from: readonly S[];
  /** 'same' keeps the state */
  to: S | 'same';
  by: readonly R[];
}

/** How one record answers a row: whether it applies (its guard), and why it cannot be taken now. */
export interface RowQuestions<T> {
  applies: (row: T) => boolean;
  problem: (row: T) => string | null;
}

export type TableDecision<T, S> =
  | { ok: true; transition: T; to: S }
  /** `message`: why this record cannot take the action now, when a row says so */
  | { ok: false; reason: 'forbidden' | 'invalid_state'; message?: string };

/**
 * Decides one action: never allowed to these relations at all, or allowed in this state to
 * someone else, is forbidden; allowed to them but not now (another state, a problem) is an
 * invalid state, with the first row's reason in words. Among rows sharing an action, the first
 * whose guard holds and that has no problem decides.
 */
export function decideRow<A extends string, S extends string, R extends string, T extends Row<A, S, R>>(
  table: readonly T[],
  status: S,
  action: A,
  relations: readonly R[],
  ask: RowQuestions<T>,
): TableDecision<T, S> {
  const mine = (t: T) => t.by.some((r) => relations.includes(r));
  const rows = table.filter((t) => t.action === action);
  if (!rows.some(mine)) return { ok: false, reason: 'forbidden' };
  const here = rows.filter((t) => t.from.includes(status));
  if (here.length > 0 && !here.some(mine)) return { ok: false, reason: 'forbidden' };
  const candidates = here.filter((t) => mine(t) && ask.applies(t));
  const row = candidates.find((t) => !ask.problem(t));
  if (!row) {
    const message = candidates.map((t) => ask.problem(t)).find((m) => m);
    return { ok: false, reason: 'invalid_state', ...(message ? { message } : {}) };
  }
  return { ok: true, transition: row, to: row.to === 'same' ? status : row.to };
}

/** The actions these relations may take now, in the table's order (the pages' buttons). */
export function allowedRows<A extends string, S extends string, R extends string, T extends Row<A, S, R>>(
  table: readonly T[],
  status: S,
  relations: readonly R[],
  ask: RowQuestions<T>,
): A[] {
  const out: A[] = [];
  for (const t of table) {
    if (out.includes(t.action) || !t.from.includes(status) || !t.by.some((r) => relations.includes(r))) continue;
    if (ask.applies(t) && !ask.problem(t)) out.push(t.action);
  }
  return out;
}
