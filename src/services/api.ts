/**
 * The one way the pages reach the cloud functions: `Taro.cloud.callFunction` in the mini-program,
 * `POST /api/fn/<name>` on the local server (h5). Every answer is an ApiResult; a network failure
 * becomes one too, so pages handle a single shape.
 */
import Taro from '@tarojs/taro';
import type { z } from 'zod';
import { RULES } from '../../config/rules';
import type { ApiError, ApiResult } from '../../types/api';
import type { Action } from '../server/handler';
// the contract: the functions' own definitions, as types only (nothing of the server is bundled)
import type { fn as briefing } from '../../cloudfunctions/briefing/index';
import type { fn as card } from '../../cloudfunctions/card/index';
import type { fn as caseFn } from '../../cloudfunctions/case/index';
import type { fn as evaluation } from '../../cloudfunctions/evaluation/index';
import type { fn as grid } from '../../cloudfunctions/grid/index';
import type { fn as group } from '../../cloudfunctions/group/index';
import type { fn as matter } from '../../cloudfunctions/matter/index';
import type { fn as linkage } from '../../cloudfunctions/linkage/index';
import type { fn as messages } from '../../cloudfunctions/messages/index';
import type { fn as messenger } from '../../cloudfunctions/messenger/index';
import type { fn as office } from '../../cloudfunctions/office/index';
import type { fn as proposal } from '../../cloudfunctions/proposal/index';
import type { fn as resident } from '../../cloudfunctions/resident/index';
import type { fn as staff } from '../../cloudfunctions/staff/index';
import type { fn as wall } from '../../cloudfunctions/wall/index';

/** The functions the pages call, each with its actions: input from the action's schema, answer from its use case. */
interface Callable {
  briefing: typeof briefing;
  card: typeof card;
  case: typeof caseFn;
  evaluation: typeof evaluation;
  grid: typeof grid;
  group: typeof group;
  matter: typeof matter;
  linkage: typeof linkage;
  messages: typeof messages;
  messenger: typeof messenger;
  office: typeof office;
  proposal: typeof proposal;
  resident: typeof resident;
  staff: typeof staff;
  wall: typeof wall;
}
export type FunctionName = keyof Callable;
type Actions<F extends FunctionName> = Callable[F]['actions'];
export type ActionName<F extends FunctionName> = keyof Actions<F> & string;
/** What a page sends for an action (optional where the schema has a default) … */
export type InputOf<F extends FunctionName, A extends ActionName<F>> = Actions<F>[A] extends Action<infer S, unknown> ? z.input<S> : never;
/** … and what it gets back. */
export type OutputOf<F extends FunctionName, A extends ActionName<F>> = Actions<F>[A] extends Action<z.ZodType, infer R> ? R : never;
/** The payload argument: left out when the action needs nothing. */
type Payload<F extends FunctionName, A extends ActionName<F>> =
  Record<never, never> extends InputOf<F, A> ? [payload?: InputOf<F, A>] : [payload: InputOf<F, A>];

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

/** Calls one action of a function, answering its ApiResult (a network failure becomes one too). */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  ...[payload]: Payload<F, A>
): Promise<ApiResult<OutputOf<F, A>>> {
  try {
    return (await transport(name, Object.assign({ action }, payload))) as ApiResult<OutputOf<F, A>>;
  } catch {
    return { ok: false, error: NETWORK_ERROR };
  }
}

/** `call`, answering the data or throwing an ApiFailure. */
export async function request<F extends FunctionName, A extends ActionName<F>>(name: F, action: A, ...payload: Payload<F, A>): Promise<OutputOf<F, A>> {
  const res = await call(name, action, ...payload);
  if (!res.ok) throw new ApiFailure(res.error);
  return res.data;
}

/** This person's folders in cloud storage (a request may carry only photos from theirs): asked once. */
let folders: Promise<{ photos: string; imports: string }> | null = null;
export const myFolders = (): Promise<{ photos: string; imports: string }> =>
  (folders ??= request('resident', 'uploadFolder').catch((err: unknown) => {
    folders = null;
    throw err;
  }));

/** A name in one of this person's folders for a file of this kind. */
export const cloudPathFor = async (kind: 'photos' | 'imports', ext: string) =>
  `${(await myFolders())[kind]}/${Date.now()}-${Math.random().toString(36).slice(2, 10)}.${ext}`;

/** What a person uploads for a request: a photo, or a recording (语音说事); both go to their own photos folder. */
export type UploadKind = 'photo' | 'recording';
/** the extension a file is kept under when its temporary path names none */
const USUAL_EXT: Record<UploadKind, string> = { photo: 'jpg', recording: 'mp3' };

/**
 * A photo at most RULES.photos.maxSide on its longest side before it travels: the server keeps only
 * such a copy, without metadata, and one this size it cleans in milliseconds (a larger one it must
 * decode); a village's signal is slow too. Where WeChat cannot shrink it, the server does.
 */
async function shrunkForUpload(path: string): Promise<string> {
  const { maxSide } = RULES.photos;
  try {
    const { width, height } = await Taro.getImageInfo({ src: path });
    if (Math.max(width, height) <= maxSide) return path;
    const side = width >= height ? { compressedWidth: maxSide } : { compressedHeight: maxSide };
    return (await Taro.compressImage({ src: path, quality: RULES.photos.quality, ...side })).tempFilePath;
  } catch {
    return path;
  }
}

const uploadToCloud = async (kind: UploadKind, tempFilePath: string): Promise<string> => {
  const ext = /\.(\w+)$/.exec(tempFilePath)?.[1] ?? USUAL_EXT[kind];
  const cloudPath = await cloudPathFor('photos', ext);
  const filePath = kind === 'photo' ? await shrunkForUpload(tempFilePath) : tempFilePath;
  return (await Taro.cloud.uploadFile({ cloudPath, filePath })).fileID;
};

// the local server tells a photo from a recording by the file's own type
const uploadToLocal = async (_kind: UploadKind, tempFilePath: string): Promise<string> => {
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
 * Uploads a chosen photo or a made recording and answers the address a case keeps: a cloud file id
 * in the mini-program, `/uploads/<name>` on the local server.
 */
export const uploadFile: (kind: UploadKind, tempFilePath: string) => Promise<string> = process.env.TARO_ENV === 'weapp' ? uploadToCloud : uploadToLocal;

/** Uploads a chosen photo (`uploadFile` of a photo). */
export const uploadPhoto = (tempFilePath: string): Promise<string> => uploadFile('photo', tempFilePath);
