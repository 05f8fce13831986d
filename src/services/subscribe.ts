/**
 * Asking for WeChat subscribe messages (订阅消息) at the moments they matter. WeChat shows its
 * dialog only from a tap, so `askToNotify` must be called in the tap handler itself, before any
 * await. Only the mini-program asks, and only for templates the build has ids for; the answer
 * never blocks what the tap does, and a refusal costs nothing (messages stay in 我的消息).
 */
import Taro from '@tarojs/taro';
import { currentDeployment, TEMPLATE_NAMES, type TemplateName } from '../../config/deployment';
import { STAFF_TEMPLATES, TEMPLATES_PER_REQUEST } from '../../config/subscribe';
import type { StaffRole } from '../../types/domain';
import { call } from './api';

/** The template ids one request asks for: those of `names` this build has, most important first. */
export function notifyTemplates(names: readonly TemplateName[]): string[] {
  if (process.env.TARO_ENV !== 'weapp') return [];
  const { templates } = currentDeployment();
  return [...new Set(names)].flatMap((n) => (templates[n] ? [templates[n]] : [])).slice(0, TEMPLATES_PER_REQUEST);
}

/** What staff with these roles are asked for on the workbench. */
export const staffTemplates = (roles: readonly StaffRole[]): TemplateName[] => roles.flatMap((r) => STAFF_TEMPLATES[r]);

/**
 * The template ids the person accepted (none outside the mini-program). What they accepted is told
 * to the server (`resident · consented`: one accept allows one push), without waiting for it.
 */
export function askToNotify(names: readonly TemplateName[]): Promise<string[]> {
  const tmplIds = notifyTemplates(names);
  if (tmplIds.length === 0) return Promise.resolve([]);
  return Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option).then(
    (res) => {
      const accepted = tmplIds.filter((id) => (res as unknown as Record<string, string>)[id] === 'accept');
      const { templates } = currentDeployment();
      const counted = TEMPLATE_NAMES.filter((n) => templates[n] && accepted.includes(templates[n]));
      if (counted.length) void call('resident', 'consented', { templates: counted });
      return accepted;
    },
    () => [],
  );
}
