/**
 * Sliding-window limits (so many an hour, so many a day) over the times of recent attempts: pure,
 * so the same rule decides a cheap early refusal and the binding check inside the transaction
 * that writes.
 */

export interface LimitRule {
  /** the window's length, ms */
  ms: number;
  /** attempts allowed within it */
  max: number;
}

/**
 * Whether one more attempt at `now` fits every window, and the times still worth keeping (those
 * inside the longest window: the record never grows past what the rules count).
 */
export function admit(times: readonly number[], now: number, rules: readonly LimitRule[]): { ok: boolean; kept: number[] } {
  const longest = Math.max(...rules.map((r) => r.ms));
  const kept = times.filter((t) => t > now - longest && t <= now);
  const ok = rules.every((r) => kept.filter((t) => t > now - r.ms).length < r.max);
  return { ok, kept };
}

export const HOUR_MS = 3600 * 1000;
export const DAY_MS = 24 * HOUR_MS;
