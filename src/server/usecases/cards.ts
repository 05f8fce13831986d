/** The contact card (联系卡): what a resident sees after scanning a representative's code. */
import type { Representative, Village } from '../../../types/domain';
import type { Ctx } from '../ctx';
import { notFound } from '../errors';
import { checked, collection } from '../store';

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
