/** resident: send a request from a contact card, list my requests. */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { myCases } from '../../src/server/usecases/cases';
import { submitCase } from '../../src/server/usecases/submit';
import { category, event, flag, id, pageNo, pageSize, phone, photo, text } from '../../src/server/validate';

const { submit: limits, text: t } = RULES;

const location = event({
  latitude: z.number({ error: '位置格式不对' }).min(-90).max(90),
  longitude: z.number({ error: '位置格式不对' }).min(-180).max(180),
});

export const fn = defineFunction('resident', {
  submit: action(
    event({
      cardCode: id('联系卡编号'),
      requestId: z.string({ error: '请求编号格式不对' }).regex(/^[\w-]{8,64}$/, '请求编号格式不对'),
      category,
      description: text('问题描述', limits.descriptionMax, limits.descriptionMin),
      photos: z.array(photo, { error: '照片格式不对' }).max(limits.maxPhotos, `照片最多${limits.maxPhotos}张`).optional(),
      location: location.optional(),
      address: text('地址', t.addressMax).optional(),
      phone: phone.optional(),
      name: text('称呼', t.nameMax).optional(),
      anonymous: flag('匿名').optional(),
      villageId: id('村(社区)').optional(),
    }),
    submitCase,
  ),
  myCases: action(
    event({ page: pageNo.default(1), pageSize: pageSize.default(RULES.pageSize.default) }),
    (ctx, input) => myCases(ctx, input.page, input.pageSize),
  ),
});
export const main = cloudMain(fn);
