/**
 * wall: a village's 民意回音墙 — anyone posts without a name and reads the wall; the office
 * releases or rejects what the content check held, and prints each wall's code; the village's (or township's) unit replies in
 * public; the office or a supervisor presses (督办); the unit or the office turns a post into a case.
 */
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { actOnWallPost, countyWallFigures, heldWallPosts, postOnWall, unitWallPosts, villageWall, wallCodes } from '../../src/server/usecases/wall';
import { category, event, id, pageNo, pageSize, text } from '../../src/server/validate';

const postId = id('留言');
const villageId = id('村(社区)');

export const fn = defineFunction('wall', {
  // anyone: post (no name is asked or kept) and read a village's wall
  post: action(event({ villageId, text: text('留言', RULES.wall.textMax) }), postOnWall),
  list: action(event({ villageId, page: pageNo, pageSize }), (ctx, input) => villageWall(ctx, input.villageId, input.page, input.pageSize)),
  // the office: held posts, released or kept off the wall; its figures per village
  pending: action(event({ page: pageNo, pageSize }), (ctx, input) => heldWallPosts(ctx, input.page, input.pageSize)),
  release: action(event({ postId }), (ctx, input) => actOnWallPost(ctx, input.postId, { action: 'release' })),
  reject: action(event({ postId, reason: text('不予公开的理由', RULES.text.reasonMax) }), (ctx, { postId: pid, reason }) =>
    actOnWallPost(ctx, pid, { action: 'reject', reason }),
  ),
  figures: action(event({}), (ctx) => countyWallFigures(ctx)),
  codes: action(event({}), (ctx) => wallCodes(ctx)),
  // the replying unit: its posts, the public reply; with the office, 转为事项
  assigned: action(event({}), (ctx) => unitWallPosts(ctx)),
  reply: action(event({ postId, text: text('回复内容', RULES.text.replyMax) }), (ctx, { postId: pid, text: words }) =>
    actOnWallPost(ctx, pid, { action: 'reply', text: words }),
  ),
  convert: action(event({ postId, category }), (ctx, { postId: pid, category: c }) => actOnWallPost(ctx, pid, { action: 'convert', category: c })),
  supervise: action(event({ postId, note: text('督办意见', RULES.text.noteMax) }), (ctx, { postId: pid, note }) =>
    actOnWallPost(ctx, pid, { action: 'supervise', note }),
  ),
});
export const main = cloudMain(fn);
