/** The message centre a caller reads: what will be WeChat subscribe messages in production. */
import type { Page } from '../../../types/api';
import type { Message } from '../../../types/domain';
import type { Ctx } from '../ctx';
import { checked, collection, getPage } from '../store';
import { requireCaller } from './people';
import { readInApp } from './reach';

export type MessageView = Omit<Message, 'to' | '_id' | 'entryId'> & { id: string };

export async function myMessages(ctx: Ctx, page: number, pageSize: number): Promise<Page<MessageView> & { unread: number }> {
  const caller = await requireCaller(ctx);
  const mine = collection<Message>(ctx.db, 'messages');
  const [result, unread] = await Promise.all([
    getPage(mine.where({ to: caller.openid }).orderBy('createdAt', 'desc'), page, pageSize),
    mine.where({ to: caller.openid, read: false }).count().then(checked),
  ]);
  return {
    ...result,
    items: result.items.map(({ _id, to: _to, entryId: _entry, ...m }) => ({ id: _id, ...m })),
    unread: unread.total,
  };
}

/**
 * Marks the caller's own messages read; others' ids are simply not matched. An answer its
 * resident reads here has reached them (`readInApp`).
 */
export async function markRead(ctx: Ctx, ids: string[]): Promise<{ updated: number }> {
  const caller = await requireCaller(ctx);
  const _ = ctx.db.command;
  const unread = checked(
    await collection<Message>(ctx.db, 'messages')
      .where({ _id: _.in(ids), to: caller.openid, read: false })
      .field({ _id: true, entryId: true })
      .limit(ids.length)
      .get(),
  ).data;
  if (!unread.length) return { updated: 0 };
  // reached first, then read: a retry after a failure in between finds the messages still unread
  await readInApp(
    ctx,
    caller.openid,
    unread.flatMap((m) => (m.entryId ? [m.entryId] : [])),
  );
  const res = checked(
    await collection(ctx.db, 'messages')
      .where({ _id: _.in(unread.map((m) => m._id)), to: caller.openid })
      .update({ read: true }),
  );
  return { updated: res.updated };
}
