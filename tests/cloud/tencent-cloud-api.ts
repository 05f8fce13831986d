/**
 * A loopback stand-in for the Tencent Cloud API endpoint (tcb.tencentcloudapi.com, API 3.0) that
 * @cloudbase/manager-node calls to manage an environment's database. @cloudbase/manager-node reads
 * the endpoint from TCB_BASE_URL, so the real SDK signs and sends real requests here. The stand-in
 * checks each TC3-HMAC-SHA256 signature with the key the SDK was given, then answers the actions
 * the database setup uses from a small in-memory environment, shaped as the API documents them:
 * `{ Response: { …, RequestId } }`, or `{ Response: { Error: { Code, Message }, RequestId } }`.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CollectionState {
  /** each index by name, with its fields in order and their directions (`status 1`, `similarKeys 1, createdAt -1`) */
  indexes: Array<{ name: string; keys: string }>;
  acl: string;
}

export interface TencentCloudApi {
  envId: string;
  collections: Map<string, CollectionState>;
  /** the storage bucket's permission (存储权限) and, for CUSTOM, its rule (JSON) */
  storage: { acl: string; rule: string | null };
  /** every action called, in order */
  actions: string[];
  close(): Promise<void>;
}

export const LOOPBACK_KEY = { id: 'AKIDloopbackmanager', secret: 'loopback-manager-secret' };
const ENV_KEYS = ['TCB_BASE_URL', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'TENCENTCLOUD_SESSIONTOKEN', 'TENCENTCLOUD_RUNENV', 'http_proxy'];
const DATABASE_INSTANCE = 'tnt-loopback01';
const BUCKET = '6c69-lianxin-loopback-1250000000';

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();

/** Checks the Authorization header as Tencent Cloud does (TC3-HMAC-SHA256, content-type;host). */
function checkSignature(req: IncomingMessage, payload: string): void {
  const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/(\w+)\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(
    String(req.headers.authorization),
  );
  if (!auth) throw new ApiError('AuthFailure.SignatureFailure', 'malformed Authorization header');
  const [, id, date, service, signature] = auth;
  if (id !== LOOPBACK_KEY.id) throw new ApiError('AuthFailure.SecretIdNotFound', `unknown SecretId ${id}`);
  const timestamp = String(req.headers['x-tc-timestamp']);
  const host = String(req.headers.host).replace(/:\d+$/, '');
  const canonical = `POST\n/\n\ncontent-type:${String(req.headers['content-type'])}\nhost:${host}\n\ncontent-type;host\n${sha256(payload)}`;
  const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${LOOPBACK_KEY.secret}`, date!), service!), 'tc3_request');
  if (hmac(key, toSign).toString('hex') !== signature) throw new ApiError('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
}

/**
 * Starts the stand-in and points @cloudbase/manager-node at it with the loopback key (undone by
 * close). `existing` seeds collections the environment already has.
 */
export async function startTencentCloudApi(envId: string, existing: Record<string, CollectionState> = {}, storageAcl = 'READONLY'): Promise<TencentCloudApi> {
  const collections = new Map(Object.entries(existing));
  // a new environment's storage: 所有用户可读，仅创建者可读写 (READONLY)
  const storage: { acl: string; rule: string | null } = { acl: storageAcl, rule: null };
  const actions: string[] = [];
  const table = (name: unknown): CollectionState => {
    const found = collections.get(String(name));
    if (!found) throw new ApiError('ResourceNotFound', `集合 ${String(name)} 不存在`);
    return found;
  };
  type Params = Record<string, unknown> & { TableName?: string; CollectionName?: string };
  const handlers: Record<string, (p: Params) => Record<string, unknown>> = {
    DescribeEnvInfo: () => ({
      EnvInfo: {
        EnvBaseInfo: {
          EnvId: envId,
          Status: 'NORMAL',
          Region: 'ap-shanghai',
          Databases: [{ InstanceId: DATABASE_INSTANCE, Region: 'ap-shanghai', Status: 'RUNNING' }],
          Storages: [{ Region: 'ap-shanghai', Bucket: BUCKET, CdnDomain: `${BUCKET}.tcb.qcloud.la`, AppId: '1250000000' }],
        },
      },
    }),
    DescribeStorageSafeRule: (p) => {
      if (p.Bucket !== BUCKET) throw new ApiError('ResourceNotFound', `存储桶 ${String(p.Bucket)} 不存在`);
      return { AclTag: storage.acl, ...(storage.acl === 'CUSTOM' ? { Rule: storage.rule } : {}) };
    },
    ModifyStorageSafeRule: (p) => {
      if (p.Bucket !== BUCKET) throw new ApiError('ResourceNotFound', `存储桶 ${String(p.Bucket)} 不存在`);
      if (!['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY', 'CUSTOM'].includes(String(p.AclTag)))
        throw new ApiError('InvalidParameter', `AclTag ${String(p.AclTag)}`);
      if (p.AclTag === 'CUSTOM' && typeof p.Rule !== 'string') throw new ApiError('InvalidParameter', 'Rule');
      storage.acl = String(p.AclTag);
      storage.rule = typeof p.Rule === 'string' ? p.Rule : null;
      return {};
    },
    DescribeTable: (p) => ({
      IndexNum: table(p.TableName).indexes.length + 1,
      Indexes: [
        { Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true },
        ...table(p.TableName).indexes.map((i) => ({
          Name: i.name,
          Keys: i.keys.split(', ').map((k) => ({ Name: k.split(' ')[0], Direction: k.split(' ')[1] })),
          Unique: false,
        })),
      ],
    }),
    CreateTable: (p) => {
      if (collections.has(String(p.TableName))) throw new ApiError('ResourceInUse', `集合 ${String(p.TableName)} 已存在`);
      collections.set(String(p.TableName), { indexes: [], acl: 'PRIVATE' }); // the console's default for a new collection
      return {};
    },
    UpdateTable: (p) => {
      const state = table(p.TableName);
      for (const index of p.CreateIndexes as Array<{ IndexName: string; MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: string }> } }>) {
        const keys = index.MgoKeySchema.MgoIndexKeys.map((k) => `${k.Name} ${k.Direction}`).join(', ');
        if (state.indexes.some((i) => i.name === index.IndexName || i.keys === keys)) throw new ApiError('FailedOperation', `索引 ${index.IndexName} 已存在`);
        state.indexes.push({ name: index.IndexName, keys });
      }
      return {};
    },
    DescribeDatabaseACL: (p) => ({ AclTag: table(p.CollectionName).acl }),
    ModifyDatabaseACL: (p) => {
      if (!['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY'].includes(String(p.AclTag))) throw new ApiError('InvalidParameter', `AclTag ${String(p.AclTag)}`);
      table(p.CollectionName).acl = String(p.AclTag);
      return {};
    },
  };

  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const payload = Buffer.concat(chunks).toString();
      const action = String(req.headers['x-tc-action']);
      let response: Record<string, unknown>;
      try {
        checkSignature(req, payload);
        const params = JSON.parse(payload) as Params;
        if ('EnvId' in params && params.EnvId !== envId) throw new ApiError('ResourceNotFound.Env', `环境 ${String(params.EnvId)} 不存在`);
        const handler = handlers[action];
        if (!handler) throw new ApiError('InvalidAction', `no ${action} here`);
        actions.push(action);
        response = handler(params);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        response = { Error: { Code: err.code, Message: err.message } };
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Response: { ...response, RequestId: `req-${actions.length}` } }));
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));

  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, {
    TCB_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    TENCENTCLOUD_SECRETID: LOOPBACK_KEY.id,
    TENCENTCLOUD_SECRETKEY: LOOPBACK_KEY.secret,
  });
  return {
    envId,
    collections,
    storage,
    actions,
    async close() {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
