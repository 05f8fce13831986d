/**
 * `npm run setup:database`: makes a CloudBase environment's database ready for Lianxin, through
 * the Tencent Cloud API (@cloudbase/manager-node, signed with the key in TENCENTCLOUD_SECRETID /
 * TENCENTCLOUD_SECRETKEY). For every collection of src/server/schema.ts it
 * - creates the collection if it is missing;
 * - creates the indexes INDEXES lists that the collection does not have yet (an index on the same
 *   fields made by hand in the console counts, whatever its name): single-field ones ascending, and a
 *   field then another as a compound index (组合索引), the second descending — a query for values of
 *   the first, newest first, reads only what it returns
 *   (https://docs.cloudbase.net/database/data-index, 组合索引: 前缀, 排序方向);
 * - sets its permission to ADMINONLY (仅管理端可读写): the mini-program never reads or writes the
 *   database itself, only cloud functions do, and they check the caller's role on every read.
 * It also sets cloud storage's security rule (自定义安全规则, STORAGE_RULE): whoever uploads a photo
 * (or an organisation workbook) reads and writes it, and no one else; a workbook exported for the
 * office, under an unguessable name and deleted after a day, and a card's mini-program code (printed
 * on the card anyway) are readable by a signed-in WeChat user who is handed their file id, so the
 * mini-program downloads them with wx.cloud.downloadFile and needs no downloadFile legal domain.
 * Everyone else sees a photo only at a temporary address a function hands to a caller who may see
 * it. The functions, as admin, read and write everything. Rules:
 * https://docs.cloudbase.net/storage/security-rules (resource.openid, resource.path, regex `test`)
 * It is safe to run again after every release: it only adds what is missing and reports it.
 *
 * With `--county <code> --county-name <name> --office <name>` it then records the county and
 * issues the invitation of its first office account (see inviteFirstOffice), writing through
 * @cloudbase/node-sdk with the same key.
 *
 * With `--region <code> --region-name <name> --region-level city|province --counties <code,code…>
 * --office <name>` it records a city or province over counties already set up and issues the
 * invitation of its office, which reads their figures side by side (see inviteRegionOffice).
 */
import { parseArgs } from 'node:util';
import CloudBase from '@cloudbase/manager-node';
import { RULES } from '../../../config/rules';
import { deploymentAt } from '../../../config/env-files';
import type { Database, IndexSpec } from '../../../types/db';
import { COLLECTIONS, INDEXES, type CollectionName } from '../../server/schema';
import { inviteFirstOffice, inviteRegionOffice } from '../../server/usecases/staff';
import { REGION_LEVELS, type RegionLevel } from '../../../types/domain';
import { fullDateTime } from '../../services/format';
import { ROOT } from '../local/build';

/** 仅管理员可读写: only the server SDKs (our cloud functions) reach the data. */
export const COLLECTION_ACL = 'ADMINONLY';
/** Storage: a custom security rule (below). */
export const STORAGE_ACL = 'CUSTOM';
export const STORAGE_RULE = {
  read: 'auth != null && (resource.openid == auth.openid || /^(exports|cards)\\//.test(resource.path) == true)',
  write: 'auth != null && resource.openid == auth.openid && /^(photos|imports)\\//.test(resource.path) == true',
};

export interface DatabaseReport {
  /** collections that did not exist */
  created: CollectionName[];
  /** `collection.field` for each index created */
  indexed: string[];
  /** collections whose permission was changed to ADMINONLY, with what it was */
  locked: Array<{ collection: CollectionName; was: string }>;
  /** what the storage permission was, when it was changed to our rule */
  storageWas: string | null;
}

/** An index's keys as CloudBase lists them: the field ascending, then a compound index's second field descending. */
export function indexKeys(spec: IndexSpec): Array<{ Name: string; Direction: '1' | '-1' }> {
  return typeof spec === 'string'
    ? [{ Name: spec, Direction: '1' }]
    : [
        { Name: spec.field, Direction: '1' },
        { Name: spec.then, Direction: '-1' },
      ];
}

/** The name of our index (`resident.openid` → `resident_openid_1`, similarKeys then createdAt → `similarKeys_1_createdAt_-1`). */
export function indexName(spec: IndexSpec): string {
  return indexKeys(spec)
    .map((k) => `${k.Name.replace(/\./g, '_')}_${k.Direction}`)
    .join('_');
}

/**
 * What tells one index from another for our queries: its fields in order, whatever its name. Each
 * reads as well ascending or descending (a query for values of the first field walks the second
 * either way); a geographic index (2dsphere) is another kind, never ours.
 */
const fieldsOf = (keys: ReadonlyArray<{ Name?: string; Direction?: string }>) =>
  keys.every((k) => k.Direction === '1' || k.Direction === '-1') ? keys.map((k) => k.Name).join(', ') : null;

export async function setupDatabase(manager: CloudBase, envId: string): Promise<DatabaseReport> {
  const report: DatabaseReport = { created: [], indexed: [], locked: [], storageWas: null };
  const tcb = manager.commonService('tcb', '2018-06-08');
  for (const collection of COLLECTIONS) {
    const made = await manager.database.createCollectionIfNotExists(collection);
    if (made.IsCreated) report.created.push(collection);

    const { Indexes = [] } = await manager.database.describeCollection(collection);
    const has = new Set(Indexes.map((i) => fieldsOf(i.Keys)));
    const missing = (INDEXES[collection] ?? []).filter((spec) => !has.has(fieldsOf(indexKeys(spec))));
    if (missing.length) {
      await manager.database.updateCollection(collection, {
        CreateIndexes: missing.map((spec) => ({
          IndexName: indexName(spec),
          MgoKeySchema: { MgoIsUnique: false, MgoIndexKeys: indexKeys(spec) },
        })),
      });
      report.indexed.push(
        ...missing.map(
          (spec) =>
            `${collection}.${indexKeys(spec)
              .map((k) => k.Name)
              .join('+')}`,
        ),
      );
    }

    const acl = (await tcb.call({ Action: 'DescribeDatabaseACL', Param: { EnvId: envId, CollectionName: collection } })) as { AclTag?: string };
    if (acl.AclTag !== COLLECTION_ACL) {
      await tcb.call({ Action: 'ModifyDatabaseACL', Param: { EnvId: envId, CollectionName: collection, AclTag: COLLECTION_ACL } });
      report.locked.push({ collection, was: acl.AclTag ?? '—' });
    }
  }
  const storage = await manager.storage.getStorageAcl({ withRule: true });
  if (storage.acl !== STORAGE_ACL || JSON.stringify(storage.rule) !== JSON.stringify(STORAGE_RULE)) {
    await manager.storage.setStorageAcl(STORAGE_ACL, STORAGE_RULE);
    report.storageWas = storage.acl;
  }
  return report;
}

export function describeReport(report: DatabaseReport, envId: string): string {
  const nothing = !report.created.length && !report.indexed.length && !report.locked.length && !report.storageWas;
  if (nothing) return `${envId}: all ${COLLECTIONS.length} collections, their indexes and permissions, and the storage permission were already in place.`;
  return [
    `${envId}:`,
    `  collections created: ${report.created.join(', ') || 'none'}`,
    `  indexes created: ${report.indexed.join(', ') || 'none'}`,
    `  set to ${COLLECTION_ACL}: ${report.locked.map((l) => `${l.collection} (was ${l.was})`).join(', ') || 'none'}`,
    `  storage: ${report.storageWas ? `security rule set (was ${report.storageWas})` : 'security rule already in place'}`,
  ].join('\n');
}

const USAGE =
  'npm run setup:database [-- --county <县级行政区划代码> --county-name <县名> --office <办公室负责人姓名>]' +
  ' [-- --region <市或省行政区划代码> --region-name <名称> --region-level city|province --counties <县代码,县代码…> --office <姓名>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      county: { type: 'string' },
      'county-name': { type: 'string' },
      office: { type: 'string' },
      region: { type: 'string' },
      'region-name': { type: 'string' },
      'region-level': { type: 'string' },
      counties: { type: 'string' },
    },
  });
  const first = [values.county, values['county-name'], values.office];
  const region = [values.region, values['region-name'], values['region-level'], values.counties, values.office];
  if (values.county && values.region) throw new Error(`a county or a region, one at a time: ${USAGE}`);
  if (!values.region && first.some(Boolean) && !first.every(Boolean)) throw new Error(`--county, --county-name and --office go together: ${USAGE}`);
  if (values.region && !region.every(Boolean)) throw new Error(`--region, --region-name, --region-level, --counties and --office go together: ${USAGE}`);
  const level = values['region-level'];
  if (level !== undefined && !REGION_LEVELS.includes(level as RegionLevel)) throw new Error(`--region-level is city or province: ${USAGE}`);
  const { envId } = deploymentAt(ROOT);
  if (!envId) throw new Error('set LIANXIN_ENV_ID in .env.local first (see .env.example)');
  const secretId = process.env.TENCENTCLOUD_SECRETID;
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY;
  if (!secretId || !secretKey) {
    throw new Error(
      'set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (the API key of a sub-account allowed to manage CloudBase: 访问管理 → 用户 → 新建用户, policy QcloudAccessForTCBRole; README → Deploying, step 4) in your shell or in .env.local, which git ignores; never commit them',
    );
  }
  console.log(describeReport(await setupDatabase(new CloudBase({ envId, secretId, secretKey }), envId), envId));

  if (!values.office) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tcb = require('@cloudbase/node-sdk');
  const db = tcb.init({ env: envId, secretId, secretKey }).database() as Database;
  if (values.region && values['region-name'] && values.counties) {
    const { code, expiresAt } = await inviteRegionOffice(db, RULES, Date.now(), {
      regionId: values.region,
      regionName: values['region-name'],
      level: level as RegionLevel,
      countyIds: values.counties.split(',').map((c) => c.trim()),
      name: values.office,
    });
    console.log(
      `invitation for ${values.office}, office of ${values['region-name']}: ${code} (valid until ${fullDateTime(expiresAt)}).\n` +
        'Open the mini-program, tap 工作人员 and enter the code: the workbench then shows 各县统计, the counties side by side.',
    );
  }
  if (values.county && values['county-name']) {
    const { code, expiresAt } = await inviteFirstOffice(db, RULES, Date.now(), {
      countyId: values.county,
      countyName: values['county-name'],
      name: values.office,
    });
    console.log(
      `invitation for ${values.office}, office of ${values['county-name']}: ${code} (valid until ${fullDateTime(expiresAt)}).\n` +
        "Open the mini-program (without scanning a card), tap 工作人员 and enter the code; from then on the office issues everyone else's codes.",
    );
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
