/**
 * 公开栏: the office or a unit publishes a notice that answers many requests at once; the cases
 * it answers show it, and each village's notices are public. The words pass WeChat's content
 * check first, as everything others read does.
 */
import { randomBytes } from 'node:crypto';
import type { NoticeView, Page } from '../../../types/api';
import type { CaseRecord, Notice, Unit, Village } from '../../../types/domain';
import { noticeView } from '../../domain/view';
import type { Ctx } from '../ctx';
import { forbidden, invalid, notFound } from '../errors';
import { checked, collection, getById, getPage } from '../store';
import { requirePassedWords } from './moderation';
import { requireStaff } from './people';

export interface NoticeInput {
  title: string;
  body: string;
  /** the numbers of the cases it answers (事项编号) */
  caseNos: string[];
  /** where it is posted; by default the villages of those cases */
  villageIds?: string[];
}

export async function publishNotice(ctx: Ctx, input: NoticeInput): Promise<NoticeView> {
  const caller = await requireStaff(ctx);
  const office = caller.user.grants.find((g) => g.role === 'office');
  const handler = caller.user.grants.filter((g) => g.role === 'handler' && g.unitId);
  if (!office && handler.length === 0) throw forbidden('只有联系群众工作办公室和承办单位可以发布公开栏公告');
  const countyId = (office ?? handler[0]!).countyId;
  const _ = ctx.db.command;
  const nos = [...new Set(input.caseNos)];
  const { data: cases } = checked(
    await collection<CaseRecord>(ctx.db, 'cases')
      .where({ countyId, no: _.in(nos) })
      .field({ no: true, unitId: true, coUnitIds: true, villageId: true })
      .limit(100)
      .get(),
  );
  const missing = nos.filter((no) => !cases.some((c) => c.no === no));
  if (missing.length) throw invalid('caseNos', `找不到这些事项：${missing.join('、')}`);
  // a unit answers only what it handles; the office, anything in its county
  const units = new Set(handler.map((g) => g.unitId!));
  if (!office && cases.some((c) => !(c.unitId && units.has(c.unitId)) && !c.coUnitIds.some((u) => units.has(u)))) {
    throw forbidden('只能为本单位办理的事项发布公告');
  }
  const answered = new Set(cases.map((c) => c.villageId));
  const villageIds = input.villageIds?.length ? [...new Set(input.villageIds)] : [...answered];
  // a unit speaks only where its cases are; the office, anywhere in its county
  if (!office && villageIds.some((v) => !answered.has(v))) throw forbidden('承办单位只能在所答复事项所在的村(社区)张贴公告');
  const { data: villages } = checked(
    await collection<Village>(ctx.db, 'villages')
      .where({ countyId, _id: _.in(villageIds) })
      .limit(100)
      .get(),
  );
  if (villages.length !== villageIds.length) throw invalid('villageIds', '所选的村(社区)不在本县');

  await requirePassedWords(ctx, caller.openid, [input.title, input.body], 'body', {
    message: '公告内容没有通过微信内容检查，请修改后再发布',
    hint: '请修改公告内容',
  });

  const unit = office ? null : await getById<Unit>(ctx.db, 'units', handler[0]!.unitId!);
  const notice: Notice = {
    _id: `n${randomBytes(12).toString('hex')}`,
    countyId,
    title: input.title,
    body: input.body,
    villageIds,
    caseIds: cases.map((c) => c._id),
    publishedAt: ctx.clock.now(),
    publisher: unit?.name ?? '联系群众工作办公室',
    publishedBy: caller.openid,
  };
  checked(await ctx.db.collection('notices').add(notice));
  ctx.log.info('notice published', { noticeId: notice._id, cases: notice.caseIds.length });
  return noticeView(notice);
}

/** A village's 公开栏, newest first: public, like the board it hangs on. */
export async function villageNotices(ctx: Ctx, villageId: string, page: number, pageSize: number): Promise<Page<NoticeView>> {
  if (!(await getById<Village>(ctx.db, 'villages', villageId))) throw notFound('村(社区)');
  const res = await getPage(collection<Notice>(ctx.db, 'notices').where({ villageIds: villageId }).orderBy('publishedAt', 'desc'), page, pageSize);
  return { ...res, items: res.items.map(noticeView) };
}
