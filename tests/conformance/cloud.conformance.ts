/**
 * The conformance suite against a real CloudBase environment: `npm run conformance:cloud` with
 * TCB_ENV, TCB_SECRET_ID and TCB_SECRET_KEY set (an API key of an account that may use the
 * environment's database). It creates collections named `conformance_<run>_<n>` and empties
 * them afterwards; delete them from the console when done.
 */
import tcb from '@cloudbase/node-sdk';
import type { Database } from '../../types/db';
import { describeDatabaseConformance, type Subject } from './database.suite';

describeDatabaseConformance('CloudBase', async (): Promise<Subject> => {
  const app = tcb.init({ env: process.env.TCB_ENV!, secretId: process.env.TCB_SECRET_ID!, secretKey: process.env.TCB_SECRET_KEY! });
  const db = app.database() as unknown as Database;
  const run = Date.now().toString(36);
  const created: string[] = [];
  return {
    db,
    // serverDate is the server's time: only the machine's clock can be held against it
    now: () => Date.now(),
    async newCollection() {
      const name = `conformance_${run}_${created.length}`;
      await db.createCollection(name);
      created.push(name);
      return name;
    },
    async close() {
      const _ = db.command;
      for (const name of created)
        await db
          .collection(name)
          .where({ _id: _.exists(true) })
          .remove();
    },
  };
});
