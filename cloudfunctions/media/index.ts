/**
 * media (message push): WeChat's answers to the image checks of residents' photos
 * (security.mediaCheckAsync → event wxa_media_check, version 2). Set it up in the CloudBase
 * console: 设置 → 其他设置 → 消息推送, 消息类型 event, 事件 wxa_media_check, 云函数 media.
 */
import { z } from 'zod';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { definePush } from '../../src/server/handler';
import { recordMediaCheck } from '../../src/server/usecases/moderation';

const mediaCheck = z.object({
  MsgType: z.literal('event'),
  Event: z.literal('wxa_media_check'),
  trace_id: z.string().min(1).max(128),
  result: z.object({
    suggest: z.enum(['pass', 'review', 'risky']),
    // WeChat sends the label as a string ("100") in pushes, a number elsewhere
    label: z.coerce.number(),
  }),
});

export const fn = definePush('media', mediaCheck, (ctx, e) => recordMediaCheck(ctx, { traceId: e.trace_id, suggest: e.result.suggest, label: e.result.label }));
export const main = cloudMain(fn);
