/** The contact card (联系卡): what a resident sees after scanning a representative's code. */
import type { Representative, Village } from '../../../types/domain';
import type { Ctx } from '../ctx';
import { forbidden, notFound } from '../errors';
import { checked, collection } from '../store';
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
  workroom: string;
  receptionTimes: string;
  villages: Array<{ id: string; name: string }>;
}

export async function representativeByCard(ctx: Ctx, cardCode: string): Promise<Representative> {
  const { data } = checked(await collection<Representative>(ctx.db, 'representatives').where({ cardCode }).limit(1).get());
  const rep = data[0];
  if (!rep || !rep.active) throw notFound('联系卡，请核对卡上的二维码');
  return rep;
}

export async function cardInfo(ctx: Ctx, cardCode: string): Promise<CardInfo> {
  const rep = await representativeByCard(ctx, cardCode);
  const _ = ctx.db.command;
  const { data: villages } = checked(
    await collection<Village>(ctx.db, 'villages').where({ _id: _.in(rep.villageIds) }).limit(100).get(),
  );
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
    workroom: rep.workroom,
    receptionTimes: rep.receptionTimes,
    villages: rep.villageIds.flatMap((id) => {
      const v = villages.find((x) => x._id === id);
      return v ? [{ id: v._id, name: v.name }] : [];
    }),
  };
}

/**
 * The code printed on a card (a mini-program code in production): made once, kept in storage and
 * reused, for the card's own representative and the county's office.
 */
export async function cardCode(ctx: Ctx, code: string): Promise<{ cardCode: string; url: string }> {
  const caller = await requireStaff(ctx);
  const rep = await representativeByCard(ctx, code);
  if (!caller.scopes.includes(`representative:${rep._id}`) && !caller.scopes.includes(`office:${rep.countyId}`)) {
    throw forbidden('只有这张卡的党代表和联系群众工作办公室可以打印');
  }
  let fileId = rep.codeFileId;
  if (!fileId) {
    fileId = await ctx.platform.saveFile(`cards/${rep.cardCode}.png`, await ctx.platform.cardCodeImage(rep.cardCode));
    checked(await collection(ctx.db, 'representatives').doc(rep._id).update({ codeFileId: fileId }));
  }
  return { cardCode: rep.cardCode, url: await ctx.platform.fileUrl(fileId) };
}
