/** resident: send a request from a contact card (photos from one's own upload folder), list my requests. */
import { RULES } from '../../config/rules';
import { uploadFolder } from '../../src/server/store';
import { requireOpenid } from '../../src/server/usecases/people';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { myCases } from '../../src/server/usecases/cases';
import { submitCase } from '../../src/server/usecases/submit';
import { event, flag, id, pageNo, pageSize, requestFields } from '../../src/server/validate';

export const fn = defineFunction('resident', {
  submit: action(
    event({
      cardCode: id('联系卡编号'),
      ...requestFields,
      anonymous: flag('匿名').optional(),
    }),
    submitCase,
  ),
  // where this person uploads: photos for a request, a workbook for the office's import
  uploadFolder: action(event({}), (ctx) =>
    Promise.resolve({ photos: uploadFolder('photos', requireOpenid(ctx)), imports: uploadFolder('imports', requireOpenid(ctx)) }),
  ),
  myCases: action(event({ page: pageNo.default(1), pageSize: pageSize.default(RULES.pageSize.default) }), (ctx, input) =>
    myCases(ctx, input.page, input.pageSize),
  ),
});
export const main = cloudMain(fn);
