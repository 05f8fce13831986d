/** Every cloud function, as the local runtime serves it, with its config.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fn as briefing } from '../../../cloudfunctions/briefing';
import { fn as card } from '../../../cloudfunctions/card';
import { fn as caseFn } from '../../../cloudfunctions/case';
import { fn as deliver } from '../../../cloudfunctions/deliver';
import { fn as grid } from '../../../cloudfunctions/grid';
import { fn as group } from '../../../cloudfunctions/group';
import { fn as linkage } from '../../../cloudfunctions/linkage';
import { fn as housekeeping } from '../../../cloudfunctions/housekeeping';
import { fn as matter } from '../../../cloudfunctions/matter';
import { fn as media } from '../../../cloudfunctions/media';
import { fn as messages } from '../../../cloudfunctions/messages';
import { fn as messenger } from '../../../cloudfunctions/messenger';
import { fn as office } from '../../../cloudfunctions/office';
import { fn as open311 } from '../../../cloudfunctions/open311';
import { fn as proposal } from '../../../cloudfunctions/proposal';
import { fn as evaluation } from '../../../cloudfunctions/evaluation';
import { fn as remind } from '../../../cloudfunctions/remind';
import { fn as resident } from '../../../cloudfunctions/resident';
import { fn as staff } from '../../../cloudfunctions/staff';
import { fn as wall } from '../../../cloudfunctions/wall';
import type { CloudFunction } from '../../server/handler';

export interface FunctionConfig {
  timeout: number;
  /** the WeChat open APIs (cloud.openapi) the function may call */
  permissions: { openapi: string[] };
  triggers?: Array<{ name: string; type: 'timer'; config: string }>;
}

export const FUNCTIONS_DIR = join(__dirname, '..', '..', '..', 'cloudfunctions');

export const FUNCTIONS: ReadonlyMap<string, CloudFunction> = new Map(
  [
    card,
    resident,
    caseFn,
    staff,
    office,
    proposal,
    briefing,
    evaluation,
    matter,
    group,
    grid,
    wall,
    messenger,
    linkage,
    messages,
    deliver,
    remind,
    housekeeping,
    media,
    open311,
  ].map((f) => [f.name, f]),
);

export function functionConfig(name: string): FunctionConfig {
  return JSON.parse(readFileSync(join(FUNCTIONS_DIR, name, 'config.json'), 'utf8')) as FunctionConfig;
}
