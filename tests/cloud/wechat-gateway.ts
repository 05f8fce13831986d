/**
 * A loopback stand-in for the CloudBase gateway that wx-server-sdk's `cloud.openapi` calls go
 * through (云调用). The real SDKs are pointed at it the way CloudBase points them at its own
 * gateway inside a function: `TCB_CONTEXT_CNFG={"URL": …}` plus the temporary credentials the
 * platform injects. It decodes the SDK's protobuf request (CommApiData: the open API's name and
 * its parameters as JSON pairs) and answers with WeChat's JSON or an image, wrapped as the
 * gateway does (CommOpenApiResp), so everything from the SDK down to the socket is the real code.
 */
import type { MiniprogramState } from '../../config/deployment';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import tcb from '@cloudbase/node-sdk';
import protobuf from 'protobufjs';
import * as cloud from 'wx-server-sdk';
import { cloudPlatform, type SecurityApi, type StorageApi, type WxaCodeApi } from '../../src/runtime/cloudbase/platform';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import type { Platform } from '../../src/server/ctx';
import { pseudonymWith } from '../../src/server/pseudonym';
import { randomBytes } from 'node:crypto';
import { FixedClock, MONDAY_9AM, quietLog } from '../harness';

// the messages of wx-server-sdk's src/protobuf/openapi.js, field numbers as it encodes them
const { root } = protobuf.parse(`
  syntax = "proto3";
  message KeyValuePair { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
  message OpenApiData { repeated KeyValuePair pairs = 1; }
  message CommApiData { int32 apiType = 1; OpenApiData openapiData = 2; string appid = 6; }
  message CommOpenApiResp { bytes respData = 1; string contentType = 2; int32 errorCode = 3; uint32 httpCode = 4; }
`);
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

/** One open-API call as WeChat's HTTP API would receive it: snake_case JSON parameters. */
export interface OpenApiCall {
  api: string;
  data: Record<string, unknown>;
}

/** What WeChat answers: JSON (errcode 0 or an error) or a file. */
export type OpenApiAnswer = { json: Record<string, unknown> } | { file: Buffer; contentType: string };

export interface WeChatGateway {
  calls: OpenApiCall[];
  /** what was uploaded to storage, by cloud path */
  files: Map<string, Buffer>;
  /** the storage calls of @cloudbase/node-sdk, with their parameters */
  storage: Array<{ action: string; params: Record<string, unknown> }>;
  /** answers for an API, by call; the default answers `{ errcode: 0, errmsg: 'ok' }` */
  answer(api: string, reply: (call: OpenApiCall) => OpenApiAnswer): void;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The parts of a multipart/form-data body as raw bytes (the protobuf part is binary, not text). */
function formParts(raw: Buffer, contentType: string): Map<string, Buffer> {
  const boundary = Buffer.from(`--${/boundary=([^;]+)/.exec(contentType)?.[1] ?? ''}`);
  const parts = new Map<string, Buffer>();
  for (let at = raw.indexOf(boundary); at !== -1; ) {
    const next = raw.indexOf(boundary, at + boundary.length);
    if (next === -1) break;
    const part = raw.subarray(at + boundary.length + 2, next - 2); // after CRLF, before CRLF
    const split = part.indexOf('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(part.subarray(0, split).toString())?.[1];
    if (name) parts.set(name, part.subarray(split + 4));
    at = next;
  }
  return parts;
}

const ENV_KEYS = [
  'TENCENTCLOUD_RUNENV',
  'TENCENTCLOUD_REGION',
  'TCB_CONTEXT_CNFG',
  'TENCENTCLOUD_SECRETID',
  'TENCENTCLOUD_SECRETKEY',
  'TENCENTCLOUD_SESSIONTOKEN',
  'TCB_ENV',
  'SCF_NAMESPACE',
];

/** Starts the gateway and points the SDKs of this process at it (undone by close). */
export async function startWeChatGateway(): Promise<WeChatGateway> {
  const calls: OpenApiCall[] = [];
  const files = new Map<string, Buffer>();
  const storage: WeChatGateway['storage'] = [];
  const replies = new Map<string, (call: OpenApiCall) => OpenApiAnswer>();
  const fileId = (path: string) => `cloud://lianxin-test-0a1b2c.6c69-lianxin-test/${path}`;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base());
      if (req.method === 'PUT' && url.pathname.startsWith('/cos/')) {
        files.set(decodeURIComponent(url.pathname.slice('/cos/'.length)), await body(req));
        res.writeHead(200).end('');
        return;
      }
      if (/application\/json/.test(req.headers['content-type'] ?? '')) {
        const params = JSON.parse((await body(req)).toString()) as {
          action: string;
          path?: string;
          file_list?: Array<{ fileid: string }>;
          fileid_list?: string[];
        };
        storage.push({ action: params.action, params });
        const pathOf = (id: string) => id.split('/').slice(3).join('/');
        if (params.action === 'storage.batchDeleteFile') for (const id of params.fileid_list ?? []) files.delete(pathOf(id));
        const answer =
          params.action === 'storage.getUploadMetadata'
            ? { url: `${base()}/cos/${encodeURIComponent(params.path!)}`, token: 't', authorization: 'a', fileId: fileId(params.path!), cosFileId: 'cos-1' }
            : params.action === 'storage.batchGetDownloadUrl'
              ? {
                  download_list: params.file_list!.map((f) => ({
                    fileID: f.fileid,
                    tempFileURL: `https://6c69-lianxin-test.tcb.qcloud.la/${pathOf(f.fileid)}?sign=x`,
                    code: 'SUCCESS',
                  })),
                }
              : params.action === 'storage.batchDeleteFile'
                ? { delete_list: (params.fileid_list ?? []).map((fileID) => ({ fileID, code: 'SUCCESS' })) }
                : null;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer ? { data: answer, requestId: 'r1' } : { code: 'INVALID_ACTION', message: params.action }));
        return;
      }
      const form = formParts(await body(req), req.headers['content-type'] ?? '');
      const action = String(form.get('action'));
      if (action !== 'wx.openApi') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'INVALID_ACTION', message: `no ${action} here` }));
        return;
      }
      const api = String(form.get('apiName'));
      const decoded = CommApiData.toObject(CommApiData.decode(form.get('requestData') ?? Buffer.alloc(0)), { bytes: Buffer }) as {
        openapiData?: { pairs?: Array<{ key: string; value: Buffer }> };
      };
      const data = Object.fromEntries((decoded.openapiData?.pairs ?? []).map((p) => [p.key, JSON.parse(p.value.toString()) as unknown]));
      const call = { api, data };
      calls.push(call);
      const answer = (replies.get(api) ?? (() => ({ json: { errcode: 0, errmsg: 'ok' } })))(call);
      const wrapped =
        'json' in answer
          ? { respData: Buffer.from(JSON.stringify(answer.json)), contentType: 'application/json; charset=UTF-8', httpCode: 200 }
          : { respData: answer.file, contentType: answer.contentType, httpCode: 200 };
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.create(wrapped)).finish()));
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  function base() {
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  Object.assign(process.env, {
    // inside a function, as in production: the SDKs skip probing the cloud metadata service
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${base()}/admin` }),
    TENCENTCLOUD_SECRETID: 'AKIDloopback',
    TENCENTCLOUD_SECRETKEY: 'loopback-secret',
    TENCENTCLOUD_SESSIONTOKEN: 'loopback-token',
    TCB_ENV: 'lianxin-test-0a1b2c',
    SCF_NAMESPACE: 'lianxin-test-0a1b2c',
  });
  return {
    calls,
    files,
    storage,
    answer: (api, reply) => replies.set(api, reply),
    async close() {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/**
 * A local runtime whose platform is the production one, on the real wx-server-sdk and
 * @cloudbase/node-sdk talking to the gateway (started first); data stays in the embedded store.
 */
export function runtimeOnGateway(miniprogramState: MiniprogramState = 'formal', dataDir?: string, platform: Partial<Platform> = {}): Promise<LocalRuntime> {
  cloud.init({ env: 'lianxin-test-0a1b2c' });
  const app = tcb.init({ env: 'lianxin-test-0a1b2c' });
  return openLocalRuntime({
    clock: new FixedClock(MONDAY_9AM),
    log: quietLog,
    dataDir,
    platform: {
      ...cloudPlatform(
        cloud.openapi as unknown as WxaCodeApi & SecurityApi,
        app as unknown as StorageApi,
        { miniprogramState },
        pseudonymWith(randomBytes(32)),
      ),
      ...platform,
    },
  });
}

/**
 * Reads a stored file from what the gateway holds (the SDK would download it from a temporary
 * address on the internet, which the gateway cannot stand in for).
 */
export const gatewayFiles = (gateway: WeChatGateway): Pick<Platform, 'readFile'> => ({
  async readFile(fileId) {
    const content = gateway.files.get(fileId.split('/').slice(3).join('/'));
    if (!content) throw new Error(`no stored file ${fileId}`);
    return content;
  },
});
