/** office: the county office's administration (invitation codes for staff binding). */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { issueInvitation } from '../../src/server/usecases/staff';
import { event, id, level, oneOf, text } from '../../src/server/validate';

export const fn = defineFunction('office', {
  issueInvitation: action(
    event({
      name: text('姓名', RULES.text.nameMax),
      role: oneOf('身份', ['representative', 'assigner', 'handler', 'supervisor', 'office'] as const),
      level: level.optional(),
      townshipId: id('乡镇(街道)').optional(),
      villageIds: z.array(id('村(社区)'), { error: '村(社区)格式不对' }).max(50).optional(),
      unitId: id('承办单位').optional(),
      representativeId: id('党代表').optional(),
    }),
    issueInvitation,
  ),
});
export const main = cloudMain(fn);
