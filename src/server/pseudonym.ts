/**
 * Pseudonyms: what stands for a WeChat identity where the identity itself must not be kept — a
 * vote (述职评议, 重大事项民意), the limit on anonymous wall posts. A keyed hash (HMAC-SHA256) with a
 * key kept outside the database: whoever reads the database (the office, a backup, an export)
 * cannot recompute a known resident's pseudonym to find their vote or their post, as they could
 * with a plain hash of the openid. One identity still gets the same pseudonym each time, so a vote
 * is counted once and a limit holds.
 */
import { createHmac } from 'node:crypto';

/** the pseudonym of `value` for `purpose` (a vote on one subject, a wall limit): 32 hex digits */
export type Pseudonym = (purpose: string, value: string) => string;

/** the environment variable holding the production key: 64 hex digits (`openssl rand -hex 32`) */
export const PSEUDONYM_KEY_VARIABLE = 'LIANXIN_PSEUDONYM_KEY';

export const isPseudonymKey = (text: string): boolean => /^[0-9a-f]{64}$/i.test(text.trim());

export const pseudonymWith =
  (key: Buffer): Pseudonym =>
  (purpose, value) =>
    createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest('hex').slice(0, 32);

/** Why these environment variables hold no usable key (naming the variable and how to make one), or null. */
export const pseudonymKeyProblem = (env: Record<string, string | undefined>): string | null =>
  isPseudonymKey(env[PSEUDONYM_KEY_VARIABLE] ?? '') ? null : `${PSEUDONYM_KEY_VARIABLE} is not set to 64 hex digits (\`openssl rand -hex 32\`)`;

/**
 * The pseudonyms of a deployed function: its key from the function's environment (set by
 * cloudbaserc.json's `envVariables` at deploy). Without one, making a pseudonym throws, naming
 * the variable, and what needs none still runs.
 */
export function pseudonymFromEnvironment(env: Record<string, string | undefined>): Pseudonym {
  const problem = pseudonymKeyProblem(env);
  if (problem) {
    return () => {
      throw new Error(`${problem} in this function's environment (npm run deploy sets it from .env.local)`);
    };
  }
  return pseudonymWith(Buffer.from(env[PSEUDONYM_KEY_VARIABLE]!.trim(), 'hex'));
}
