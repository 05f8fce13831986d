/**
 * housekeeping (timer): photos whose image check went unanswered go to the office, exported
 * workbooks past their day are deleted, residents' phones are cleared after the retention period.
 */
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { defineTimer } from '../../src/server/handler';
import { housekeeping } from '../../src/server/usecases/housekeeping';

export const fn = defineTimer('housekeeping', (ctx) => housekeeping(ctx));
export const main = cloudMain(fn);
