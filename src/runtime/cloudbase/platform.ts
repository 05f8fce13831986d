/**
 * The platform in production: the codes of contact cards and of villages' walls are WeChat
 * mini-program codes (`cloud.openapi.wxacode.getUnlimited`, unlimited in number, the card code or
 * the village as `scene`), files go
 * to CloudBase storage through @cloudbase/node-sdk, words are checked with
 * `cloud.openapi.security.msgSecCheck` and photos and recordings with `security.mediaCheckAsync` (version 2).
 */
import type { Deployment } from '../../../config/deployment';
import type { TextVerdict } from '../../../types/domain';
import type { CodeTarget, MediaKind, Platform, TextScene } from '../../server/ctx';
import { AppError } from '../../server/errors';
import { inOwnFolder } from '../../server/store';
import type { Pseudonym } from '../../server/pseudonym';

/** the page each printed code opens; it reads the card code (the village) from `scene` */
export const CODE_PAGES: Record<CodeTarget['page'], string> = { card: 'pages/card/index', wall: 'pages/wall/index' };

/** `scene`: at most 32 visible characters of these (WeChat's rule for getUnlimited) */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

/** The scene of a printed code: the card code, or the wall's village; or an error saying why WeChat would refuse it. */
export function codeScene(target: CodeTarget): string {
  const [what, scene] = target.page === 'card' ? ['联系卡编号', target.cardCode] : ['村(社区)编号', target.villageId];
  if (!SCENE.test(scene)) throw new AppError('INVALID_INPUT', `${what}“${scene}”不能做成小程序码：最多32位，只能用字母、数字和常用符号`);
  return scene;
}

const ENV_VERSION: Record<Deployment['miniprogramState'], 'release' | 'trial' | 'develop'> = { formal: 'release', trial: 'trial', developer: 'develop' };

/** The parts of wx-server-sdk's `cloud.openapi` and @cloudbase/node-sdk's app used here. */
export interface WxaCodeApi {
  wxacode: {
    getUnlimited(options: {
      scene: string;
      page: string;
      checkPath: boolean;
      envVersion: string;
      width: number;
    }): Promise<{ buffer: Buffer; contentType: string }>;
  };
}
export interface SecurityApi {
  security: {
    msgSecCheck(options: { openid: string; scene: number; version: 2; content: string }): Promise<{ result?: { suggest?: string; label?: number } }>;
    mediaCheckAsync(options: { openid: string; scene: number; version: 2; mediaUrl: string; mediaType: 1 | 2 }): Promise<{ traceId?: string }>;
  };
}
export interface StorageApi {
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID?: string; code?: string; message?: string }>;
  getTempFileURL(options: {
    fileList: Array<{ fileID: string; maxAge: number }>;
  }): Promise<{ fileList?: Array<{ fileID: string; tempFileURL: string; code?: string }>; code?: string; message?: string }>;
  deleteFile(options: { fileList: string[] }): Promise<{ fileList?: Array<{ fileID: string; code?: string }>; code?: string; message?: string }>;
  downloadFile(options: { fileID: string }): Promise<{ fileContent?: Buffer; code?: string; message?: string }>;
}

/** How long a temporary address lasts: a page opened now, not a link to keep (seconds). */
export const TEMP_URL_SECONDS = 2 * 3600;
/** getTempFileURL answers at most this many files a call. */
const TEMP_URLS_PER_CALL = 50;

/** An open-API call whose WeChat error codes named here become errors the office reads. */
async function wechatCall<T>(call: () => Promise<T>, known: Record<number, string>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const code = Number((err as { errCode?: unknown } | null)?.errCode);
    if (known[code]) throw new AppError('INVALID_STATE', known[code]!);
    throw err;
  }
}

/** msgSecCheck's scenes: 1 资料 · 2 评论 · 3 论坛 · 4 社交日志 */
export const MSG_SEC_SCENE: Record<TextScene, number> = { post: 3, comment: 2 };
const SUGGESTIONS: ReadonlyArray<TextVerdict['suggest']> = ['pass', 'review', 'risky'];
/** mediaCheckAsync's media types: 1 音频 · 2 图片 */
export const MEDIA_TYPE: Record<MediaKind, 1 | 2> = { audio: 1, image: 2 };

export function cloudPlatform(
  openapi: WxaCodeApi & SecurityApi,
  storage: StorageApi,
  deployment: Pick<Deployment, 'miniprogramState'>,
  pseudonym: Pseudonym,
): Platform {
  async function fileUrls(fileIds: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < fileIds.length; i += TEMP_URLS_PER_CALL) {
      const ids = fileIds.slice(i, i + TEMP_URLS_PER_CALL);
      const res = await storage.getTempFileURL({ fileList: ids.map((fileID) => ({ fileID, maxAge: TEMP_URL_SECONDS })) });
      if (res.code) throw new Error(`getTempFileURL: ${res.code} ${res.message ?? ''}`);
      // a file that is gone (its uploader deleted it) has no address: the page shows the rest
      for (const id of ids) out.push(res.fileList?.find((f) => f.fileID === id)?.tempFileURL ?? '');
    }
    return out;
  }
  return {
    pseudonym,
    codeVersion: ENV_VERSION[deployment.miniprogramState],
    async codeImage(target) {
      const scene = codeScene(target);
      const res = await wechatCall(
        () =>
          openapi.wxacode.getUnlimited({
            scene,
            page: CODE_PAGES[target.page],
            // a page of an unpublished version is refused unless the path check is off
            checkPath: deployment.miniprogramState === 'formal',
            envVersion: ENV_VERSION[deployment.miniprogramState],
            width: 430,
          }),
        {
          // 41030: the page is not in a released version yet (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getUnlimitedQRCode.html)
          41030: `小程序还没有发布：正式版的${target.page === 'card' ? '联系卡' : '回音墙'}小程序码要在小程序审核发布后才能生成`,
        },
      );
      if (!/^image\//.test(res.contentType)) throw new Error(`wxacode.getUnlimited answered ${res.contentType}, not an image`);
      return res.buffer;
    },
    async saveFile(path, content) {
      const res = await storage.uploadFile({ cloudPath: path, fileContent: content });
      if (!res.fileID) throw new Error(`uploadFile ${path}: ${res.code ?? ''} ${res.message ?? 'no file id'}`);
      return res.fileID;
    },
    fileUrls,
    async deleteFiles(fileIds) {
      if (fileIds.length === 0) return;
      const res = await storage.deleteFile({ fileList: [...fileIds] });
      // a file already gone is as good as deleted (a run that died between deleting and recording it)
      const failed = (res.fileList ?? []).filter((f) => f.code && f.code !== 'SUCCESS' && !/NOT_?EXIST|NONEXIST|NoSuchKey/i.test(f.code));
      if (res.code || failed.length) throw new Error(`deleteFile: ${res.code ?? failed.map((f) => `${f.fileID} ${f.code}`).join(', ')} ${res.message ?? ''}`);
    },
    // cloud://<env>.<bucket>/photos/<the sender's folder>/…
    isOwnPhoto: async (openid, fileId) => inOwnFolder('photos', openid, fileId),
    uploads: true,
    async readFile(fileId) {
      const res = await storage.downloadFile({ fileID: fileId });
      if (!res.fileContent) throw new Error(`downloadFile ${fileId}: ${res.code ?? ''} ${res.message ?? 'no content'}`);
      return res.fileContent;
    },
    async checkText({ openid, scene, text }) {
      const res = await openapi.security.msgSecCheck({ openid, scene: MSG_SEC_SCENE[scene], version: 2, content: text });
      const suggest = SUGGESTIONS.find((s) => s === res.result?.suggest);
      if (!suggest) throw new Error(`security.msgSecCheck answered no suggestion: ${JSON.stringify(res.result ?? null)}`);
      return { suggest, label: Number(res.result?.label ?? 0) };
    },
    async checkMedia({ openid, fileId, kind }) {
      // WeChat downloads the photo (the recording) from a temporary address; the answer comes by message push
      const [mediaUrl] = await fileUrls([fileId]);
      if (!mediaUrl) throw new Error(`no temporary address for ${fileId}`);
      const res = await openapi.security.mediaCheckAsync({ openid, scene: MSG_SEC_SCENE.post, version: 2, mediaUrl, mediaType: MEDIA_TYPE[kind] });
      if (!res.traceId) throw new Error('security.mediaCheckAsync answered no trace id');
      return { traceId: res.traceId };
    },
  };
}
