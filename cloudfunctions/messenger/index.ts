/**
 * messenger: 民情信使 and 代办党员 — the office or a township's assigner invites a resident as the
 * messenger of a grid (or a 代办党员 of a village), lists them with what came of what they passed
 * on, and ends a term; the resident accepts with the code, passes on neighbours' requests (代为反映 /
 * 代办) and reads what they passed on; a resident given a follow code follows the case.
 */
import { z } from 'zod';
import { RULES } from '../../config/rules';
import { cloudMain } from '../../src/runtime/cloudbase/main';
import { action, defineFunction } from '../../src/server/handler';
import { MESSENGER_KINDS } from '../../src/domain/messengers';
import {
  acceptMessenger,
  areaMessengers,
  endMessenger,
  followCase,
  inviteMessenger,
  messengerCases,
  myPassedOn,
  passOn,
} from '../../src/server/usecases/messengers';
import { event, flag, id, oneOf, pageNo, pageSize, phone, requestFields, text } from '../../src/server/validate';

const messengerId = id('民情信使');
const kind = oneOf('身份', MESSENGER_KINDS);
const code = (label: string) =>
  z
    .string({ error: `${label}格式不对` })
    .trim()
    .min(1, `请输入${label}`)
    .max(40, `${label}格式不对`);
const page = { page: pageNo.default(1), pageSize: pageSize.default(RULES.pageSize.default) };
const { villageId: _village, ...request } = requestFields;

export const fn = defineFunction('messenger', {
  // the office (its county) or a township's assigner (its township)
  invite: action(
    event({ kind, name: text('姓名', RULES.text.nameMax), phone, gridId: id('网格').optional(), villageId: id('村(社区)').optional() }),
    inviteMessenger,
  ),
  list: action(event({ kind: kind.optional(), townshipId: id('乡镇(街道)').optional(), villageId: id('村(社区)').optional() }), areaMessengers),
  cases: action(event({ messengerId, ...page }), (ctx, input) => messengerCases(ctx, input.messengerId, input.page, input.pageSize)),
  end: action(event({ messengerId, reason: text('卸任原因', RULES.text.reasonMax) }), endMessenger),
  // the invited resident, signed in
  accept: action(event({ code: code('邀请码') }), (ctx, input) => acceptMessenger(ctx, input.code.toUpperCase())),
  // an active messenger or 代办党员
  pass: action(event({ messengerId, ...request, anonymous: flag('匿名').default(false), consent: flag('群众同意联系').default(false) }), passOn),
  mine: action(event(page), (ctx, input) => myPassedOn(ctx, input.page, input.pageSize)),
  // the resident a messenger or 代办党员 gave a follow code
  follow: action(event({ code: code('跟进码') }), (ctx, input) => followCase(ctx, input.code)),
});
export const main = cloudMain(fn);
