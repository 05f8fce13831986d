/**
 * resident: send a request from a contact card (photos from one's own upload folder), list my
 * requests, and say which subscribe-message templates one just accepted (counted: one accept, one push);
 * 我也反映: look for the same problem before sending, say 是同一件事, rate as a co-reporter.
 */
import { z } from 'zod';
import { TEMPLATE_NAMES } from '../../config/deployment';
import { RULES } from '../../config/rules';
import { uploadFolder } from '../../src/server/store';
import { requireOpenid } from '../../src/server/usecases/people';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { myCases } from '../../src/server/usecases/cases';
import { coRate, metoo, similarOpen } from '../../src/server/usecases/metoo';
import { submitCase } from '../../src/server/usecases/submit';
import { category, event, flag, id, oneOf, pageNo, pageSize, rating, requestFields, text } from '../../src/server/validate';
import { recordConsents } from '../../src/server/usecases/reach';

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
  consented: action(
    event({
      templates: z
        .array(oneOf('订阅消息模板', TEMPLATE_NAMES), { error: '订阅消息模板格式不对' })
        .min(1, '请说明接受了哪些订阅消息')
        .max(TEMPLATE_NAMES.length, '订阅消息模板过多'),
    }),
    (ctx, input) => recordConsents(ctx, input.templates),
  ),
  // 我也反映: open cases of the card's village that look like the draft (before sending)
  similar: action(
    event({
      cardCode: id('联系卡编号'),
      villageId: id('村(社区)').optional(),
      category: category.optional(),
      description: text('问题描述', RULES.submit.descriptionMax),
    }),
    similarOpen,
  ),
  // 是同一件事: become a co-reporter of one of them
  metoo: action(event({ cardCode: id('联系卡编号'), caseId: id('事项编号'), requestId: requestFields.requestId }), metoo),
  // a co-reporter's own rating of the answer
  coRate: action(event({ caseId: id('事项编号'), rating }), coRate),
  myCases: action(event({ page: pageNo.default(1), pageSize: pageSize.default(RULES.pageSize.default) }), (ctx, input) =>
    myCases(ctx, input.page, input.pageSize),
  ),
});
export const main = cloudMain(fn);
