/** Node-side only (the builds and deploy scripts): the deployment variables from `.env` files. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Loads `.env.local`, then `.env`, from `root` into process.env. A variable already set is never
 * overwritten, so the shell wins over `.env.local`, which wins over `.env` (the CLI's order).
 */
export function loadEnvFiles(root: string): void {
  for (const file of ['.env.local', '.env']) if (existsSync(join(root, file))) process.loadEnvFile(join(root, file));
}
