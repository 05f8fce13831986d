/** Records for domain tests. */
import type { CaseRecord, Unit } from '../types/domain';
import { notYetRouted } from '../src/domain/case';

export function makeCase(over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    _id: 'case-1',
    no: '202611230001',
    requestId: 'req-00000001',
    countyId: 'qingxi',
    townshipId: 'qingshi',
    villageId: 'taoyuan',
    townshipName: '青石镇',
    villageName: '桃源村',
    representativeId: 'rep-1',
    representativeName: '李秀英',
    cardCode: 'QX0001',
    receptionId: null,
    category: 'road',
    description: '村口的路灯坏了两个月了，晚上出门很不方便',
    photos: [],
    location: null,
    address: null,
    resident: { openid: 'o-resident', name: '王大爷', phone: '13912345678', anonymous: false },
    ...notYetRouted(),
    createdAt: Date.parse('2026-11-23T09:00:00+08:00'),
    updatedAt: Date.parse('2026-11-23T09:00:00+08:00'),
    version: 1,
    events: [],
    warnings: [],
    ...over,
  };
}

export const unit = (over: Partial<Unit> & Pick<Unit, '_id' | 'level'>): Unit => ({
  countyId: 'qingxi',
  code: over._id,
  name: over._id,
  categories: [],
  ...over,
});

/**
 * The subscribe-message template ids the weapp build under test is made with (set by the global
 * setup before it builds), so tests can check what the pages ask WeChat for.
 */
export const testTemplateId = (name: string): string => `test-${name.replace(/_/g, '-')}-template-0123`;

/** WeChat's message push with an image check's answer (wxa_media_check), as the media function receives it. */
export const mediaCheckPush = (traceId: string, suggest = 'pass', label = '100') => ({
  ToUserName: 'gh_1',
  FromUserName: 'o-platform',
  CreateTime: 1763859600,
  MsgType: 'event',
  Event: 'wxa_media_check',
  appid: 'wx0',
  trace_id: traceId,
  version: 2,
  result: { suggest, label },
});
