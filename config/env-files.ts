/** Node-side only (the builds and deploy scripts): the deployment variables from `.env` files. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentFrom, type Deployment } from './deployment';

/**
 * The deployment the repository at `root` is set up for: loads `.env.local`, then `.env`, into
 * process.env and reads it. A variable already set is never overwritten, so the shell wins over
 * `.env.local`, which wins over `.env` (the CLI's order).
 */
export function deploymentAt(root: string): Deployment {
  for (const file of ['.env.local', '.env']) if (existsSync(join(root, file))) process.loadEnvFile(join(root, file));
  return deploymentFrom(process.env);
}
