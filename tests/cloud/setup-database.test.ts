/**
 * `npm run setup:database` against the Tencent Cloud API stand-in: the real
 * @cloudbase/manager-node signs and sends every request over loopback.
 */
import CloudBase from '@cloudbase/manager-node';
import { COLLECTION_ACL, describeReport, setupDatabase, STORAGE_ACL } from '../../src/runtime/cloudbase/setup-database';
import { COLLECTIONS, INDEXES } from '../../src/server/schema';
import { startTencentCloudApi, type TencentCloudApi } from './tencent-cloud-api';

const ENV_ID = 'lianxin-prod-7f3e2a';
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
    expect({ collection, fields: state.indexes.map((i) => i.field).sort() }).toEqual({ collection, fields: [...(INDEXES[collection] ?? [])].sort() });
    expect({ collection, acl: state.acl }).toEqual({ collection, acl: COLLECTION_ACL });
  }
  expect(api.collections.get('cases')!.indexes).toContainEqual({ name: 'resident_openid_1', field: 'resident.openid' });
  expect(report.locked).toContainEqual({ collection: 'cases', was: 'PRIVATE' });
  // photos, exports and card codes: private to their uploader and the functions
  expect(api.storage.acl).toBe(STORAGE_ACL);
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
  expect(describeReport(again, ENV_ID)).toBe(`${ENV_ID}: all ${COLLECTIONS.length} collections, their indexes and permissions, and the storage permission were already in place.`);
});

test('completes an environment set up by hand: keeps its indexes, adds the missing ones, locks readable collections', async () => {
  api = await startTencentCloudApi(ENV_ID, {
    cases: { indexes: [{ name: 'status_from_console', field: 'status' }], acl: 'READONLY' },
  });
  const report = await setupDatabase(new CloudBase({ envId: ENV_ID }), ENV_ID);

  expect(report.created).not.toContain('cases');
  const cases = api.collections.get('cases')!;
  expect(cases.indexes.filter((i) => i.field === 'status')).toEqual([{ name: 'status_from_console', field: 'status' }]);
  expect(cases.indexes).toHaveLength(INDEXES.cases!.length);
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
