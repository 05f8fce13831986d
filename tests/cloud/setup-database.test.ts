/**
 * `npm run setup:database` against the Tencent Cloud API stand-in: the real
 * @cloudbase/manager-node signs and sends every request over loopback.
 */
import CloudBase from '@cloudbase/manager-node';
import { COLLECTION_ACL, describeReport, indexKeys, setupDatabase, STORAGE_RULE } from '../../src/runtime/cloudbase/setup-database';
import { COLLECTIONS, INDEXES } from '../../src/server/schema';
import type { IndexSpec } from '../../types/db';
import { startTencentCloudApi, type TencentCloudApi } from './tencent-cloud-api';

const ENV_ID = 'lianxin-prod-7f3e2a';
/** an index's fields and directions as the stand-in keeps them */
const keysOf = (spec: IndexSpec) =>
  indexKeys(spec)
    .map((k) => `${k.Name} ${k.Direction}`)
    .join(', ');
let api: TencentCloudApi;

afterEach(async () => {
  await api.close();
});

test('creates every collection with the indexes its queries need, readable by cloud functions only', async () => {
  api = await startTencentCloudApi(ENV_ID);
  const report = await setupDatabase(new CloudBase({ envId: ENV_ID }), ENV_ID);

  expect([...api.collections.keys()].sort()).toEqual([...COLLECTIONS].sort());
  expect(report.created.sort()).toEqual([...COLLECTIONS].sort());
  for (const collection of COLLECTIONS) {
    const state = api.collections.get(collection)!;
    expect({ collection, keys: state.indexes.map((i) => i.keys).sort() }).toEqual({ collection, keys: (INDEXES[collection] ?? []).map(keysOf).sort() });
    expect({ collection, acl: state.acl }).toEqual({ collection, acl: COLLECTION_ACL });
  }
  expect(api.collections.get('cases')!.indexes).toContainEqual({ name: 'resident_openid_1', keys: 'resident.openid 1' });
  // 我也反映's lookup: a village's cases sharing a term, newest first (组合索引)
  expect(api.collections.get('cases')!.indexes).toContainEqual({ name: 'similarKeys_1_createdAt_-1', keys: 'similarKeys 1, createdAt -1' });
  expect(report.locked).toContainEqual({ collection: 'cases', was: 'PRIVATE' });
  // photos private to their uploader; exports and card codes readable by file id; writes only one's own uploads
  expect(api.storage).toEqual({ acl: 'CUSTOM', rule: JSON.stringify(STORAGE_RULE) });
  expect(JSON.parse(api.storage.rule!)).toEqual({
    read: 'auth != null && (resource.openid == auth.openid || /^(exports|cards)\\//.test(resource.path) == true)',
    write: 'auth != null && resource.openid == auth.openid && /^(photos|imports)\\//.test(resource.path) == true',
  });
  expect(report.storageWas).toBe('READONLY');
  expect(api.actions).toEqual(expect.arrayContaining(['DescribeStorageSafeRule', 'ModifyStorageSafeRule']));
});

test('running it again on a ready environment changes nothing and says so', async () => {
  api = await startTencentCloudApi(ENV_ID);
  await setupDatabase(new CloudBase({ envId: ENV_ID }), ENV_ID);
  const before = api.actions.length;

  const again = await setupDatabase(new CloudBase({ envId: ENV_ID }), ENV_ID);

  expect(again).toEqual({ created: [], indexed: [], locked: [], storageWas: null });
  const writes = api.actions.slice(before).filter((a) => ['CreateTable', 'UpdateTable', 'ModifyDatabaseACL', 'ModifyStorageSafeRule'].includes(a));
  expect(writes).toEqual([]);
  expect(describeReport(again, ENV_ID)).toBe(
    `${ENV_ID}: all ${COLLECTIONS.length} collections, their indexes and permissions, and the storage permission were already in place.`,
  );
});

test('completes an environment set up by hand: keeps its indexes, adds the missing ones, locks readable collections', async () => {
  api = await startTencentCloudApi(ENV_ID, {
    // made by hand: status descending and similarKeys then createdAt both ascending (each read either way),
    // a compound index of its own, and a geographic one on a field we index plainly
    cases: {
      indexes: [
        { name: 'status_from_console', keys: 'status -1' },
        { name: 'similar_by_hand', keys: 'similarKeys 1, createdAt 1' },
        { name: 'village_newest', keys: 'villageId 1, createdAt -1' },
        { name: 'where_sent', keys: 'gridId 2dsphere' },
      ],
      acl: 'READONLY',
    },
  });
  const report = await setupDatabase(new CloudBase({ envId: ENV_ID }), ENV_ID);

  expect(report.created).not.toContain('cases');
  const cases = api.collections.get('cases')!;
  expect(cases.indexes.filter((i) => i.keys.startsWith('status '))).toEqual([{ name: 'status_from_console', keys: 'status -1' }]);
  // theirs kept, every one of ours there: villageId alone and gridId plainly are ours too (neither of theirs stands for them)
  expect(cases.indexes).toHaveLength(INDEXES.cases!.length + 2);
  expect(cases.indexes.map((i) => i.keys)).toEqual(expect.arrayContaining(['villageId 1, createdAt -1', 'villageId 1', 'gridId 2dsphere', 'gridId 1']));
  expect(cases.indexes.filter((i) => i.keys.startsWith('similarKeys'))).toEqual([{ name: 'similar_by_hand', keys: 'similarKeys 1, createdAt 1' }]);
  expect(report.indexed).not.toContain('cases.similarKeys+createdAt');
  expect(report.indexed).not.toContain('cases.status');
  expect(report.indexed).toContain('cases.dueAt');
  expect(cases.acl).toBe('ADMINONLY');
  expect(report.locked).toContainEqual({ collection: 'cases', was: 'READONLY' });
  expect(describeReport(report, ENV_ID)).toContain('cases (was READONLY)');
});

test('fails with the cloud API error when the key is wrong, changing nothing', async () => {
  api = await startTencentCloudApi(ENV_ID);
  process.env.TENCENTCLOUD_SECRETKEY = 'not-the-secret';

  await expect(setupDatabase(new CloudBase({ envId: ENV_ID }), ENV_ID)).rejects.toThrow('The provided credentials could not be validated.');
  expect(api.collections.size).toBe(0);
});

test('the storage rule lets a user read and write their own uploads only, and read exports and card codes by file id', () => {
  // the rule's expressions are JavaScript-like (==, ||, regex literals with test): evaluated here as JavaScript
  const allows = (what: 'read' | 'write', auth: { openid: string } | null, resource: { openid: string; path: string }) =>
    new Function('auth', 'resource', `return ${STORAGE_RULE[what]};`)(auth, resource) as boolean;
  const wang = { openid: 'o-wang' };
  const li = { openid: 'o-li' };
  const photo = { openid: 'o-wang', path: 'photos/1f2e3d4c5b6a7980/1763859600000-ab12cd34.jpg' };
  expect([allows('read', wang, photo), allows('read', li, photo), allows('read', null, photo)]).toEqual([true, false, false]);
  expect([allows('write', wang, photo), allows('write', li, photo)]).toEqual([true, false]);
  const exported = { openid: '', path: 'exports/0123456789abcdef0123456789abcdef.xlsx' };
  const card = { openid: '', path: 'cards/release/QX0001.png' };
  expect([allows('read', li, exported), allows('read', li, card), allows('read', null, card)]).toEqual([true, true, false]);
  // nobody writes over what the functions made, or outside their own uploads
  expect([allows('write', li, card), allows('write', li, exported), allows('write', li, { openid: 'o-li', path: 'cards/release/QX0001.png' })]).toEqual([
    false,
    false,
    false,
  ]);
  expect(allows('write', li, { openid: 'o-li', path: 'imports/9f8e7d6c5b4a3920/组织架构.xlsx' })).toBe(true);
});
