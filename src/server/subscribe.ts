/**
 * WeChat subscribe messages: the `subscribeMessage.send` payload for one delivery, each keyword
 * fitted to WeChat's rules for its type (订阅消息参数值内容限制), since a value that does not
 * fit is refused with 47003 and the message would never arrive. Pure.
 */
import type { Deployment } from '../../config/deployment';
import { TEMPLATE_FOR, type FieldSource } from '../../config/subscribe';
import type { Delivery } from '../../types/domain';
import { MESSAGE_PHRASE } from '../domain/labels';
import { fullDate, fullDateTime } from '../services/format';

export interface SubscribePayload {
  touser: string;
  templateId: string;
  /** the page the message opens, without a leading slash */
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: Deployment['miniprogramState'];
  lang: 'zh_CN';
}

const chars = (s: string) => [...s];
const cut = (s: string, max: number) => {
  const c = chars(s);
  return c.length <= max ? s : `${c.slice(0, max - 1).join('')}…`;
};
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** WeChat's limit per keyword type, and how a value is made to fit it. */
const FIT: Record<string, (v: string) => string> = {
  // 20 characters of anything
  thing: (v) => cut(oneLine(v), 20),
  // 5 Chinese characters, nothing else
  phrase: (v) =>
    chars(v.replace(/[^\u4e00-\u9fa5]/g, ''))
      .slice(0, 5)
      .join(''),
  // 10 Chinese characters or 20 letters
  name: (v) => (/^[\x20-\x7e]*$/.test(v) ? cut(oneLine(v), 20) : cut(oneLine(v), 10)),
  // 32 of digits, letters and symbols
  character_string: (v) => v.replace(/[^\x21-\x7e]/g, '').slice(0, 32),
  // digits only, at most 32
  number: (v) => v.replace(/[^\d.]/g, '').slice(0, 32),
  // digits, + - and spaces, at most 17
  phone_number: (v) => v.replace(/[^\d+\- ]/g, '').slice(0, 17),
};

/** `thing3` → `thing`, `character_string12` → `character_string` */
export const fieldType = (key: string): string => key.replace(/\d+$/, '');

/** A value fitted to its keyword; empty values (refused by WeChat) become 无. */
export function fitField(key: string, value: string): string {
  const type = fieldType(key);
  const fit = FIT[type];
  if (!fit) throw new Error(`subscribe keyword ${key}: unsupported type ${type}`);
  return fit(value) || (type === 'character_string' || type === 'number' ? '0' : '无');
}

/** `time` keywords take 2026年11月23日 09:30, `date` keywords 2026年11月23日. */
function formatted(key: string, source: FieldSource, d: Delivery): string {
  if (source !== 'time') throw new Error(`subscribe keyword ${key} is a ${fieldType(key)}: it takes time, not ${source}`);
  return fieldType(key) === 'date' ? fullDate(d.createdAt) : fullDateTime(d.createdAt);
}

function sourceValue(source: FieldSource, d: Delivery): string {
  switch (source) {
    case 'caseNo':
      return d.caseNo;
    case 'title':
      return d.title;
    case 'body':
      return d.body;
    case 'status':
      return MESSAGE_PHRASE[d.kind];
    case 'time':
      return fullDate(d.createdAt);
  }
}

/** The payload for one delivery, or null when the deployment has no template for its kind. */
export function subscribePayload(d: Delivery, deployment: Pick<Deployment, 'templates' | 'keywords' | 'miniprogramState'>): SubscribePayload | null {
  const name = TEMPLATE_FOR[d.kind];
  const templateId = deployment.templates[name];
  if (!templateId) return null;
  const data: SubscribePayload['data'] = {};
  for (const [key, source] of Object.entries(deployment.keywords[name])) {
    const type = fieldType(key);
    data[key] = { value: type === 'time' || type === 'date' ? formatted(key, source, d) : fitField(key, sourceValue(source, d)) };
  }
  return { touser: d.to, templateId, page: d.page.replace(/^\//, ''), data, miniprogramState: deployment.miniprogramState, lang: 'zh_CN' };
}
