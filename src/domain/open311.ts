/**
 * Open311 GeoReport v2, read-only: a county's requests as other systems (12345 platforms,
 * open-data dashboards) read them. Spec: https://wiki.open311.org/GeoReport_v2 — GET services,
 * GET service requests (start_date, end_date, status, service_code; by default the last 90 days,
 * at most 1000 results, a range never wider than 90 days), GET a service request (an array of
 * one), errors as an array of { code, description }, dates in W3C ISO 8601 with their offset
 * (+08:00 here), `jurisdiction_id` when one endpoint serves several jurisdictions (here: the
 * county's id, the code it was set up with).
 *
 * Public, so it follows the 公开栏's rules: no resident is ever named or reached (no name, phone,
 * openid), an anonymous request shows only its village (no address, no coordinates, no photo), a
 * photo is published only once it was released to those handling the case (WeChat's image check
 * passed it, or the office let it through), requests the content check holds or withheld are not
 * published at all; an anonymous request's words are not published either (they may say who sent
 * them, as the 我也反映 lookup withholds them), and long digit runs (phone or ID numbers a resident
 * typed into the words, full-width too) are masked in a named one's. Pure: records in, spec-shaped
 * answers out.
 */
import type { CaseRecord, CaseStatus, GeoPoint, Level, Outcome } from '../../types/domain';
import { CASE_STATUSES } from '../../types/domain';
import { SHANGHAI_OFFSET_MS } from './shanghai';
import { LEVEL_TEXT, STATUS_TEXT } from './labels';
import { maskNumbers } from './publicity';

export interface Open311Rules {
  /** whether the county publishes its requests at /open311/v2 (off by default: publishing is its office's decision) */
  enabled: boolean;
}

/** the widest range of one query, and the default one back from now (days) */
export const OPEN311_DAYS = 90;
/** the most requests one answer carries */
export const OPEN311_MAX_RESULTS = 1000;

export type Open311Status = 'open' | 'closed';
export const OPEN311_STATUSES: readonly Open311Status[] = ['open', 'closed'];

/** Never published: words the content check holds for the office, or withheld. */
export const UNPUBLISHED: readonly CaseStatus[] = ['held', 'withheld'];
/** Done with, in Open311's terms: 已办结, 不予受理, 已撤回, and 已并案 (handled as the case it joined). */
export const CLOSED: readonly CaseStatus[] = ['closed', 'not_accepted', 'withdrawn', 'merged'];

/** What the answer says of a case with an outcome (答复 and 已办结): what came of it, not the status again. */
export const OUTCOME_NOTE: Record<Outcome, string> = { resolved: '问题已解决', in_progress: '已启动办理', explained: '已解释说明' };
/** The words published for an anonymous request (its own words may say who sent it), and for one said only by voice. */
export const ANONYMOUS_DESCRIPTION = '（匿名反映，内容不公开）';
export const VOICE_DESCRIPTION = '（语音反映）';

/** The case statuses an Open311 status stands for. */
export const CASE_STATUSES_OF: Record<Open311Status, CaseStatus[]> = {
  closed: [...CLOSED],
  open: CASE_STATUSES.filter((s) => !CLOSED.includes(s) && !UNPUBLISHED.includes(s)),
};

export const open311Status = (s: CaseStatus): Open311Status => (CLOSED.includes(s) ? 'closed' : 'open');

/** One error of the spec's error answer. */
export interface Open311Error {
  code: number;
  description: string;
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  /** no extra attributes are asked for (read-only: there is no service definition) */
  metadata: false;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface Open311Request {
  /** the case number residents read out (事项编号) */
  service_request_id: string;
  status: Open311Status;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice?: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime?: string;
  address: string;
  /** WGS-84, as the spec asks; absent for an anonymous request or one without a place */
  lat?: number;
  long?: number;
  media_url?: string;
}

/** What of a case the answers are made from (no resident but whether they are anonymous). */
export type Open311Case = Pick<
  CaseRecord,
  | 'no'
  | 'countyId'
  | 'category'
  | 'description'
  | 'status'
  | 'outcome'
  | 'unitName'
  | 'representativeName'
  | 'townshipName'
  | 'villageName'
  | 'address'
  | 'location'
  | 'photos'
  | 'photoChecks'
  | 'createdAt'
  | 'updatedAt'
  | 'dueAt'
  | 'dueDate'
  | 'mergedInto'
> & { resident: Pick<CaseRecord['resident'], 'anonymous'> };

/** The fields read for the answers: everything else of a case (the resident, the timeline) never leaves the database. */
export const OPEN311_FIELDS = {
  no: true,
  countyId: true,
  category: true,
  description: true,
  status: true,
  outcome: true,
  unitName: true,
  representativeName: true,
  townshipName: true,
  villageName: true,
  address: true,
  location: true,
  photos: true,
  photoChecks: true,
  createdAt: true,
  updatedAt: true,
  dueAt: true,
  dueDate: true,
  mergedInto: true,
  'resident.anonymous': true,
} as const;

/** An instant as W3C ISO 8601 in Shanghai time: 2026-03-02T09:00:00+08:00. */
export function isoShanghai(at: number): string {
  return `${new Date(at + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/**
 * A W3C datetime (offset or Z required, as the spec's examples) as epoch ms, or null — also for a
 * day or time that does not exist (2026-02-30, 24:00), which Date.parse would roll over.
 */
export function parseW3cDatetime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const exists =
    wall.getUTCFullYear() === y &&
    wall.getUTCMonth() === mo - 1 &&
    wall.getUTCDate() === d &&
    wall.getUTCHours() === h &&
    wall.getUTCMinutes() === mi &&
    wall.getUTCSeconds() === s;
  if (!exists || (m[8] !== 'Z' && (Number(m[9]) > 23 || Number(m[10]) > 59))) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? at : null;
}

/** The status notes: the status in words, with what came of an answered case, or the case a merged one joined (`intoNo`). */
export function open311StatusNotes(c: Pick<Open311Case, 'status' | 'outcome'>, intoNo: string | null): string {
  if (c.status === 'merged') return intoNo ? `已并入${intoNo}办理` : '已并入其他事项办理';
  const outcome = (c.status === 'replied' || c.status === 'closed') && c.outcome ? OUTCOME_NOTE[c.outcome] : null;
  return outcome ? `${STATUS_TEXT[c.status]}：${outcome}` : STATUS_TEXT[c.status];
}

/** What a request's words publish: nothing of an anonymous one, a neutral phrase for voice alone, else the words with numbers masked. */
export function open311Description(c: Pick<Open311Case, 'description' | 'resident'>): string {
  if (c.resident.anonymous) return ANONYMOUS_DESCRIPTION;
  return c.description.trim() ? maskNumbers(c.description) : VOICE_DESCRIPTION;
}

/**
 * GCJ-02 (what WeChat's map and getLocation answer in China) to WGS-84 (what the spec's lat/long
 * are), by inverting the published offset function twice: within a metre or two, far below what
 * a village needs.
 */
export function wgs84(p: GeoPoint): GeoPoint {
  const outsideChina = p.longitude < 72.004 || p.longitude > 137.8347 || p.latitude < 0.8293 || p.latitude > 55.8271;
  if (outsideChina) return p;
  let guess = { latitude: p.latitude, longitude: p.longitude };
  for (let i = 0; i < 2; i++) {
    const shifted = gcj02(guess);
    guess = { latitude: guess.latitude - (shifted.latitude - p.latitude), longitude: guess.longitude - (shifted.longitude - p.longitude) };
  }
  return { latitude: Math.round(guess.latitude * 1e6) / 1e6, longitude: Math.round(guess.longitude * 1e6) / 1e6 };
}

/** WGS-84 to GCJ-02 (the offset China's maps apply; Krasovsky 1940 ellipsoid). */
export function gcj02(p: GeoPoint): GeoPoint {
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const x = p.longitude - 105.0;
  const y = p.latitude - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLng += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLng += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (p.latitude / 180.0) * Math.PI;
  const magic = 1 - ee * Math.sin(radLat) * Math.sin(radLat);
  const sqrtMagic = Math.sqrt(magic);
  return {
    latitude: p.latitude + (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI),
    longitude: p.longitude + (dLng * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI),
  };
}

/** The categories as Open311 services: the code is the category's id, the group the level it usually goes to. */
export function open311Services(categories: ReadonlyArray<{ id: string; name: string; level: Level }>): Open311Service[] {
  return categories.map((c) => ({
    service_code: c.id,
    service_name: c.name,
    description: `${c.name}方面的群众诉求，通常由${LEVEL_TEXT[c.level]}办理`,
    metadata: false,
    type: 'realtime',
    keywords: c.name,
    group: LEVEL_TEXT[c.level],
  }));
}

/**
 * The photo a request may publish: the first released to those handling it (the image check
 * passed it, or the office let it through), never one of an anonymous request.
 */
export function publishablePhoto(c: Pick<Open311Case, 'photos' | 'photoChecks' | 'resident'>): string | null {
  if (c.resident.anonymous) return null;
  return c.photos.find((photo) => (c.photoChecks.find((p) => p.photo === photo)?.suggest ?? 'pass') === 'pass') ?? null;
}

/**
 * One case as a published request; `mediaUrl` is the absolute address of its publishable photo, if
 * any; `intoNo` the number of the case a merged one joined.
 */
export function open311Request(
  c: Open311Case,
  categories: ReadonlyArray<{ id: string; name: string }>,
  mediaUrl: string | null,
  intoNo: string | null = null,
): Open311Request {
  const status = open311Status(c.status);
  const place = `${c.townshipName}${c.villageName}`;
  const anonymous = c.resident.anonymous;
  const point = !anonymous && c.location ? wgs84(c.location) : null;
  return {
    service_request_id: c.no,
    status,
    status_notes: open311StatusNotes(c, intoNo),
    service_name: categories.find((k) => k.id === c.category)?.name ?? c.category,
    service_code: c.category,
    description: open311Description(c),
    agency_responsible: c.unitName ?? `党代表${c.representativeName}`,
    ...(status === 'open' && c.dueDate ? { service_notice: `按时限应于${c.dueDate}前答复` } : {}),
    requested_datetime: isoShanghai(c.createdAt),
    updated_datetime: isoShanghai(c.updatedAt),
    // expected only while it is open: a closed (or merged) request expects nothing more
    ...(status === 'open' && c.dueAt !== null ? { expected_datetime: isoShanghai(c.dueAt) } : {}),
    // an anonymous request shows only its village; another its place as the resident gave it
    address: anonymous || !c.address ? place : `${place} ${maskNumbers(c.address)}`,
    ...(point ? { lat: point.latitude, long: point.longitude } : {}),
    ...(mediaUrl ? { media_url: mediaUrl } : {}),
  };
}

/** A GET service requests query, checked: the requested_datetime range, the case statuses and categories asked for. */
export interface Open311Query {
  from: number;
  /** exclusive */
  to: number;
  statuses: CaseStatus[];
  categories: string[] | null;
  /** case numbers asked for by `service_request_id` (the spec: it overrides the other filters) */
  numbers: string[] | null;
}

const DAY_MS = 24 * 3600 * 1000;
const list = (v: string | undefined) => (v === undefined ? null : v.split(',').map((s) => s.trim()));

/** The filters of GET requests.json, or the spec's errors (400) saying what is wrong with them. */
export function open311Query(
  params: Readonly<Record<string, string | undefined>>,
  now: number,
  categories: ReadonlyArray<{ id: string }>,
): Open311Query | Open311Error[] {
  const errors: Open311Error[] = [];
  const bad = (description: string) => errors.push({ code: 400, description });
  const numbers = list(params.service_request_id);
  if (numbers && (numbers.length > OPEN311_MAX_RESULTS || numbers.some((n) => !/^\d{12}$/.test(n))))
    bad('service_request_id 须为事项编号（12位数字），以逗号分隔');
  const start = params.start_date === undefined ? undefined : parseW3cDatetime(params.start_date);
  const end = params.end_date === undefined ? undefined : parseW3cDatetime(params.end_date);
  if (start === null) bad('start_date 须为带时区的 ISO 8601 时间，如 2026-03-01T00:00:00+08:00');
  if (end === null) bad('end_date 须为带时区的 ISO 8601 时间，如 2026-03-31T23:59:59+08:00');
  const statuses = list(params.status);
  if (statuses && statuses.some((s) => !OPEN311_STATUSES.includes(s as Open311Status))) bad('status 只能是 open 或 closed（可用逗号同时给出）');
  const codes = list(params.service_code);
  if (codes && codes.some((code) => !categories.some((c) => c.id === code))) bad(`service_code 只能是：${categories.map((c) => c.id).join(', ')}`);
  if (errors.length) return errors;
  // one end given: the range runs 90 days from it; neither: the last 90 days
  const to = end ?? (start !== undefined && start !== null ? start + OPEN311_DAYS * DAY_MS : now);
  const from = start ?? to - OPEN311_DAYS * DAY_MS;
  if (from > to) return [{ code: 400, description: 'start_date 不能晚于 end_date' }];
  if (to - from > OPEN311_DAYS * DAY_MS) return [{ code: 400, description: `start_date 与 end_date 相隔不能超过${OPEN311_DAYS}天` }];
  return {
    from,
    to: to + 1,
    statuses: statuses ? [...new Set(statuses as Open311Status[])].flatMap((s) => CASE_STATUSES_OF[s]) : [...CASE_STATUSES_OF.open, ...CASE_STATUSES_OF.closed],
    categories: codes,
    numbers,
  };
}
