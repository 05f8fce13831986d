/**
 * The one way the pages reach the cloud functions: `Taro.cloud.callFunction` in the mini-program,
 * `POST /api/fn/<name>` on the local server (h5). Every answer is an ApiResult; a network failure
 * becomes one too, so pages handle a single shape.
 */
import Taro from '@tarojs/taro';
import type { ApiError, ApiResult } from '../../types/api';

export type FunctionName = 'card' | 'resident' | 'case' | 'staff' | 'messages' | 'office';

export const NETWORK_ERROR: ApiError = { code: 'INTERNAL', message: '网络不通，请检查网络后再试' };

/** An ApiError thrown by `request`, for loaders that want exceptions. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

type Transport = (name: FunctionName, event: object) => Promise<unknown>;

const viaCloud: Transport = async (name, event) => (await Taro.cloud.callFunction({ name, data: event })).result;

/** A request the page template (src/index.html) sent while the scripts loaded: the scanned card. */
interface Early {
  key: string;
  answer: Promise<unknown>;
}

/** The early answer to exactly this call, taken once (a retry asks again). */
function takeEarly(key: string): Promise<unknown> | null {
  const holder = globalThis as { lianxinEarly?: Early };
  const early = holder.lianxinEarly;
  if (!early || early.key !== key) return null;
  delete holder.lianxinEarly;
  return early.answer;
}

const viaHttp: Transport = async (name, event) => {
  const body = JSON.stringify(event);
  const early = takeEarly(`${name} ${body}`);
  if (early) return early;
  const res = await fetch(`/api/fn/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body });
  return res.json();
};

// chosen at build time: each platform's bundle carries only its own
const transport: Transport = process.env.TARO_ENV === 'weapp' ? viaCloud : viaHttp;

export async function call<T>(name: FunctionName, action: string, payload: object = {}): Promise<ApiResult<T>> {
  try {
    return (await transport(name, { action, ...payload })) as ApiResult<T>;
  } catch {
    return { ok: false, error: NETWORK_ERROR };
  }
}

/** `call`, answering the data or throwing an ApiFailure. */
export async function request<T>(name: FunctionName, action: string, payload: object = {}): Promise<T> {
  const res = await call<T>(name, action, payload);
  if (!res.ok) throw new ApiFailure(res.error);
  return res.data;
}

/** This person's folders in cloud storage (a request may carry only photos from theirs): asked once. */
let folders: Promise<{ photos: string; imports: string }> | null = null;
export const myFolders = (): Promise<{ photos: string; imports: string }> =>
  (folders ??= request<{ photos: string; imports: string }>('resident', 'uploadFolder').catch((err: unknown) => {
    folders = null;
    throw err;
  }));

/** A name in one of this person's folders for a file of this kind. */
export const cloudPathFor = async (kind: 'photos' | 'imports', ext: string) => `${(await myFolders())[kind]}/${Date.now()}-${Math.random().toString(36).slice(2, 10)}.${ext}`;

const uploadToCloud = async (tempFilePath: string): Promise<string> => {
  const ext = /\.(\w+)$/.exec(tempFilePath)?.[1] ?? 'jpg';
  const cloudPath = await cloudPathFor('photos', ext);
  return (await Taro.cloud.uploadFile({ cloudPath, filePath: tempFilePath })).fileID;
};

const uploadToLocal = async (tempFilePath: string): Promise<string> => {
  let res: Response;
  try {
    const blob = await (await fetch(tempFilePath)).blob();
    res = await fetch('/api/upload', { method: 'POST', headers: { 'content-type': blob.type }, credentials: 'same-origin', body: blob });
  } catch {
    throw new ApiFailure(NETWORK_ERROR);
  }
  const body = (await res.json()) as ApiResult<{ url: string }>;
  if (!body.ok) throw new ApiFailure(body.error);
  return body.data.url;
};

/**
 * Uploads a chosen photo and answers the address a case keeps: a cloud file id in the
 * mini-program, `/uploads/<name>` on the local server.
 */
export const uploadPhoto: (tempFilePath: string) => Promise<string> = process.env.TARO_ENV === 'weapp' ? uploadToCloud : uploadToLocal;
