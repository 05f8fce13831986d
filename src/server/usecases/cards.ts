/** The contact card (联系卡): what a resident sees after scanning a representative's code. */
import type { Evaluation, Proposal, Reception, Representative, Township, Village, Workroom } from '../../../types/domain';
import { shanghaiDate, startOfShanghaiDay } from '../../domain/calendar';
import { ANSWERED_PROPOSAL } from '../../domain/proposals';
import { ACTIVITY_ITEMS, activitySince, publicActivity, type Activity, type ActivityRecords } from '../../domain/publicity';
import { nextReceptionDay, scheduleText } from '../../domain/reception';
import type { Query } from '../../../types/db';
import type { CodeTarget, Ctx } from '../ctx';
import { AppError, forbidden, notFound } from '../errors';
import { scopeKey } from '../../domain/roles';
import { checked, collection, getAll, getById } from '../store';
import { boardEvaluations, type BoardEvaluation } from './evaluations';
import { boardMatters, type BoardMatter } from './matters';
import { requireOffice } from './office';
import { requireStaff } from './people';

export interface CardInfo {
  cardCode: string;
  representativeId: string;
  name: string;
  photoUrl: string;
  position: string;
  phone: string;
  level: Representative['level'];
  levelText: string;
  team: string[];
  /** where and when they receive residents (三固定), with the next reception day (YYYY-MM-DD) */
  workrooms: Array<{ name: string; times: string; next: string }>;
  villages: Array<{ id: string; name: string }>;
  /** false once the representative left: the card takes no requests and says where to go instead */
  active: boolean;
  /** why not, in words for the resident (null while active) */
  notice: string | null;
}

/** What a card of a representative who left tells whoever scans it. */
export const leftNotice = (rep: Pick<Representative, 'name'>) =>
  `党代表${rep.name}已不再联系本村，这张联系卡不再接收反映。请看村里的党代表公示牌，找现在联系本村的党代表。`;

/** The card's representative; `takingRequests`: refused, in words, once they left. */
export async function representativeByCard(ctx: Ctx, cardCode: string, takingRequests = true): Promise<Representative> {
  const { data } = checked(await collection<Representative>(ctx.db, 'representatives').where({ cardCode }).limit(1).get());
  const rep = data[0];
  if (!rep) throw notFound('联系卡，请核对卡上的二维码');
  if (takingRequests && !rep.active) throw new AppError('INVALID_STATE', leftNotice(rep));
  return rep;
}

/** What a card shows of its representative (public: it is printed and posted). */
function cardInfoOf(rep: Representative, villages: readonly Village[], workrooms: readonly Workroom[], today: string): CardInfo {
  return {
    cardCode: rep.cardCode,
    representativeId: rep._id,
    name: rep.name,
    photoUrl: rep.photoUrl,
    position: rep.position,
    phone: rep.phone,
    level: rep.level,
    levelText: rep.level === 'county' ? '县党代表' : '乡镇党代表',
    team: rep.team,
    workrooms: workrooms
      .filter((w) => w.representativeIds.includes(rep._id))
      .map((w) => ({ name: w.name, times: `${scheduleText(w.schedule)} ${w.hours}`, next: nextReceptionDay(w.schedule, today) })),
    villages: rep.villageIds.flatMap((id) => {
      const v = villages.find((x) => x._id === id);
      return v ? [{ id: v._id, name: v.name }] : [];
    }),
    active: rep.active,
    notice: rep.active ? null : leftNotice(rep),
  };
}

/** A card as its scan opens it, with the representative's 活动公示; a card whose representative left points to the villages' boards. */
export async function cardInfo(ctx: Ctx, cardCode: string): Promise<CardInfo & { activity: Activity }> {
  const rep = await representativeByCard(ctx, cardCode, false);
  const _ = ctx.db.command;
  const today = shanghaiDate(ctx.clock.now());
  const [{ data: villages }, workrooms, records] = await Promise.all([
    collection<Village>(ctx.db, 'villages')
      .where({ _id: _.in(rep.villageIds) })
      .limit(100)
      .get()
      .then(checked),
    getAll(collection<Workroom>(ctx.db, 'workrooms').where({ representativeIds: rep._id }).orderBy('_id', 'asc')),
    activityRecords(ctx, rep, today),
  ]);
  return { ...cardInfoOf(rep, villages, workrooms, today), activity: publicActivity(rep, records, today) };
}

/** 活动公示's reads, each of the representative's county and bounded: the latest of each list, and counts. */
async function activityRecords(ctx: Ctx, rep: Representative, today: string): Promise<ActivityRecords> {
  const _ = ctx.db.command;
  const receptions = collection<Reception>(ctx.db, 'receptions').where({
    countyId: rep.countyId,
    representativeIds: rep._id,
    date: _.gte(activitySince(today)),
  });
  const answered = (as: object) => collection<Proposal>(ctx.db, 'proposals').where({ countyId: rep.countyId, ...as, status: _.in([...ANSWERED_PROPOSAL]) });
  const asProposer = answered({ proposerId: rep._id });
  const asCosigner = answered({ 'cosigners.representativeId': rep._id });
  const latest = (q: Query<Proposal>) => q.orderBy('updatedAt', 'desc').limit(ACTIVITY_ITEMS).get().then(checked);
  const count = async (q: Query<Reception> | Query<Proposal>) => checked(await q.count()).total;
  const [logs, receptionTotal, proposed, cosigned, proposedTotal, cosignedTotal, submittedThisYear, evaluations] = await Promise.all([
    receptions.orderBy('date', 'desc').limit(ACTIVITY_ITEMS).get().then(checked),
    count(receptions),
    latest(asProposer),
    latest(asCosigner),
    count(asProposer),
    count(asCosigner),
    count(
      collection<Proposal>(ctx.db, 'proposals').where({
        countyId: rep.countyId,
        proposerId: rep._id,
        submittedAt: _.gte(startOfShanghaiDay(`${today.slice(0, 4)}-01-01`)),
      }),
    ),
    collection<Evaluation>(ctx.db, 'evaluations')
      .where({ countyId: rep.countyId, representativeId: rep._id, result: _.neq(null) })
      .orderBy('seq', 'desc')
      .limit(1)
      .get()
      .then(checked),
  ]);
  return {
    receptions: logs.data,
    receptionTotal,
    proposals: [...proposed.data, ...cosigned.data],
    answeredTotal: proposedTotal + cosignedTotal,
    submittedThisYear,
    evaluations: evaluations.data,
  };
}

/** A county's workrooms: a few hundred at most (Dianjiang: one per village). */
export const countyWorkrooms = (ctx: Ctx, countyId: string) => getAll(collection<Workroom>(ctx.db, 'workrooms').where({ countyId }).orderBy('_id', 'asc'));

/** Where a printed code's image is kept: the record it is printed for, and its field of file ids by version. */
export interface CodeRecord {
  collection: 'representatives' | 'villages';
  id: string;
  field: 'codeFileIds' | 'wallCodeFileIds';
  kept: Partial<Record<string, string>> | undefined;
}

/**
 * The image of a printed code (a mini-program code in production): made once per version of the
 * mini-program it opens, kept in storage and on its record, and reused; answers its file id and a
 * temporary address.
 */
export async function keptCode(ctx: Ctx, record: CodeRecord, path: (version: string) => string, target: CodeTarget): Promise<{ fileId: string; url: string }> {
  const version = ctx.platform.codeVersion;
  let fileId = record.kept?.[version];
  if (!fileId) {
    fileId = await ctx.platform.saveFile(path(version), await ctx.platform.codeImage(target));
    checked(
      await collection(ctx.db, record.collection)
        .doc(record.id)
        .update({ [`${record.field}.${version}`]: fileId }),
    );
  }
  return { fileId, url: (await ctx.platform.fileUrls([fileId]))[0]! };
}

const codeOf = (ctx: Ctx, rep: Representative) =>
  keptCode(
    ctx,
    { collection: 'representatives', id: rep._id, field: 'codeFileIds', kept: rep.codeFileIds },
    (version) => `cards/${version}/${rep.cardCode}.png`,
    {
      page: 'card',
      cardCode: rep.cardCode,
    },
  );

/** The code printed on a card, for the card's own representative and the county's office. */
export async function cardCode(ctx: Ctx, code: string): Promise<{ cardCode: string; url: string; fileId: string }> {
  const caller = await requireStaff(ctx);
  const rep = await representativeByCard(ctx, code);
  if (!caller.scopes.includes(scopeKey.representative(rep.countyId, rep._id)) && !caller.scopes.includes(scopeKey.office(rep.countyId))) {
    throw forbidden('只有这张卡的党代表和联系群众工作办公室可以打印');
  }
  return { cardCode: rep.cardCode, ...(await codeOf(ctx, rep)) };
}

export type PrintableCard = CardInfo & { codeUrl: string; codeFileId: string };

/** Every active representative's card in the office's county, with its code, to print on A4 sheets. */
export async function cardSheet(ctx: Ctx): Promise<PrintableCard[]> {
  const { office } = await requireOffice(ctx);
  const [reps, villages, workrooms] = await Promise.all([
    getAll(collection<Representative>(ctx.db, 'representatives').where({ countyId: office.countyId, active: true }).orderBy('cardCode', 'asc')),
    getAll(collection<Village>(ctx.db, 'villages').where({ countyId: office.countyId }).orderBy('_id', 'asc')),
    countyWorkrooms(ctx, office.countyId),
  ]);
  const today = shanghaiDate(ctx.clock.now());
  return codesFewAtATime(reps, async (rep) => {
    const code = await codeOf(ctx, rep);
    return { ...cardInfoOf(rep, villages, workrooms, today), codeUrl: code.url, codeFileId: code.fileId };
  });
}

/** A sheet's codes: the first time, each is made by WeChat, so a few at a time. */
export async function codesFewAtATime<T, R>(items: readonly T[], make: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 8) out.push(...(await Promise.all(items.slice(i, i + 8).map(make))));
  return out;
}

/**
 * 公示牌: a village's representatives, as posted in the village (public, like the cards), their 述职评议
 * (reports open for voting, published results), and the matters put to the village (重大事项民意:
 * open ones with how to take part, decided ones with result and turnout).
 */
export async function villageBoard(
  ctx: Ctx,
  villageId: string,
): Promise<{ village: string; township: string; representatives: CardInfo[]; evaluations: BoardEvaluation[]; matters: BoardMatter[] }> {
  const village = await getById<Village>(ctx.db, 'villages', villageId);
  if (!village) throw notFound('村(社区)');
  const [reps, township, workrooms, evaluations, matters] = await Promise.all([
    getAll(collection<Representative>(ctx.db, 'representatives').where({ villageIds: villageId, active: true }).orderBy('cardCode', 'asc')),
    getById<Township>(ctx.db, 'townships', village.townshipId),
    countyWorkrooms(ctx, village.countyId),
    boardEvaluations(ctx, villageId),
    boardMatters(ctx, villageId),
  ]);
  const _ = ctx.db.command;
  const ids = [...new Set(reps.flatMap((r) => r.villageIds))];
  const { data: villages } = checked(
    await collection<Village>(ctx.db, 'villages')
      .where({ _id: _.in(ids) })
      .limit(1000)
      .get(),
  );
  return {
    village: village.name,
    township: township?.name ?? '',
    representatives: reps.map((r) => cardInfoOf(r, villages, workrooms, shanghaiDate(ctx.clock.now()))),
    evaluations,
    matters,
  };
}
