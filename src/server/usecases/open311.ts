/**
 * Open311 GeoReport v2, read-only (src/domain/open311.ts): the answers to GET
 * /open311/v2/services.json, /open311/v2/requests.json and /open311/v2/requests/<id>.json, for one
 * county at a time. Anyone may ask (there is no caller): what is answered is public, and only of
 * counties whose rules switch it on. The same answers reach the local server and the `open311`
 * function's HTTP access (both call `serveOpen311`).
 */
import { open311RulesFor } from '../../../config/rules';
import type { CaseRecord, County } from '../../../types/domain';
import {
  OPEN311_FIELDS,
  OPEN311_MAX_RESULTS,
  open311Query,
  open311Request,
  open311Services,
  publishablePhoto,
  UNPUBLISHED,
  type Open311Case,
  type Open311Error,
  type Open311Request,
} from '../../domain/open311';
import type { Ctx } from '../ctx';
import type { HttpAsk } from '../handler';
import { checked, collection, getAll, getById } from '../store';

/** An answer: its HTTP status and the JSON it carries (the spec's error array when not 200). */
export interface Open311Answer {
  status: number;
  body: unknown;
}

/** The spec's error answer. */
export const failure = (status: number, description: string): Open311Answer => ({ status, body: [{ code: status, description }] satisfies Open311Error[] });

/**
 * /open311/v2/<what>.json — also without `/open311` (should HTTP access hand on the path below its
 * trigger path) or under a prefix of a custom domain's.
 */
const ROUTE = /(?:^|\/)(?:open311\/)?v2\/(services|requests|requests\/([^/]+))\.json$/;

/** The counties that publish: those the rules switch on (all that exist, when the default is on). */
async function publishingCounties(ctx: Ctx): Promise<string[]> {
  const _ = ctx.db.command;
  const named = Object.keys(ctx.rules.counties).filter((id) => open311RulesFor(ctx.rules, id).enabled);
  const counties = await getAll(
    (ctx.rules.open311.enabled ? collection<County>(ctx.db, 'counties') : collection<County>(ctx.db, 'counties').where({ _id: _.in(named) }))
      .orderBy('_id', 'asc')
      .field({ _id: true }),
  );
  return counties.map((c) => c._id).filter((id) => open311RulesFor(ctx.rules, id).enabled);
}

/**
 * The county asked about: `jurisdiction_id` (the county's id) when given — a county that does not
 * publish answers as one that does not exist —, else the only county that publishes; with several,
 * the caller must say which.
 */
async function jurisdiction(ctx: Ctx, id: string | undefined): Promise<string | Open311Answer> {
  const unknown = failure(404, '没有这个辖区，或它没有开放 Open311 数据');
  if (id !== undefined) {
    if (!/^[\w-]{1,64}$/.test(id) || !open311RulesFor(ctx.rules, id).enabled) return unknown;
    return (await getById<County>(ctx.db, 'counties', id)) ? id : unknown;
  }
  const on = await publishingCounties(ctx);
  if (on.length === 0) return unknown;
  if (on.length > 1) return failure(400, `请用 jurisdiction_id 指明辖区：${on.join(', ')}`);
  return on[0]!;
}

/**
 * A photo's temporary address as the spec's media_url: absolute. Production's storage answers
 * absolute addresses already; the local one a path, made absolute with the origin asked at (none
 * known: no media_url).
 */
export function absoluteUrl(url: string, origin: string | null): string | null {
  if (/^https?:\/\//i.test(url)) return url;
  return url.startsWith('/') && origin ? `${origin}${url}` : null;
}

/**
 * The published requests of the cases, each with its photo's temporary address (one request to
 * storage) and, for a merged one, the number of the case it joined (one read).
 */
async function published(ctx: Ctx, cases: readonly Open311Case[], origin: string | null): Promise<Open311Request[]> {
  const shown = cases.filter((c) => !UNPUBLISHED.includes(c.status));
  const photos = shown.map(publishablePhoto);
  const wanted = photos.filter((p): p is string => p !== null);
  const urls = wanted.length ? await ctx.platform.fileUrls(wanted) : [];
  const into = [...new Set(shown.map((c) => (c.status === 'merged' ? c.mergedInto : null)).filter((id): id is string => !!id))];
  const survivors = into.length
    ? checked(
        await collection<CaseRecord>(ctx.db, 'cases')
          .where({ _id: ctx.db.command.in(into) })
          .limit(into.length)
          .field({ _id: true, no: true })
          .get(),
      ).data
    : [];
  const noOf = (id: string | null | undefined) => survivors.find((s) => s._id === id)?.no ?? null;
  return shown.map((c, i) => {
    const url = photos[i] ? urls[wanted.indexOf(photos[i]!)] : '';
    return open311Request(c, ctx.rules.categories, url ? absoluteUrl(url, origin) : null, c.status === 'merged' ? noOf(c.mergedInto) : null);
  });
}

/** GET requests.json: the county's requests the filters match, newest first, at most 1000 (one read through the indexes). */
async function requestsOf(ctx: Ctx, countyId: string, ask: HttpAsk): Promise<Open311Answer> {
  const asked = open311Query(ask.query, ctx.clock.now(), ctx.rules.categories);
  if (Array.isArray(asked)) return { status: 400, body: asked };
  const _ = ctx.db.command;
  const where = asked.numbers
    ? { countyId, no: _.in(asked.numbers) }
    : {
        countyId,
        createdAt: _.and(_.gte(asked.from), _.lt(asked.to)),
        status: _.in(asked.statuses),
        ...(asked.categories ? { category: _.in(asked.categories) } : {}),
      };
  const { data } = checked(
    await collection<CaseRecord>(ctx.db, 'cases')
      .where(where)
      .orderBy('createdAt', 'desc')
      .orderBy('no', 'desc')
      .limit(OPEN311_MAX_RESULTS)
      .field(OPEN311_FIELDS)
      .get(),
  );
  return { status: 200, body: await published(ctx, data as unknown as Open311Case[], ask.origin) };
}

/** GET requests/<id>.json: an array of the one request with that case number in the county. */
async function requestOf(ctx: Ctx, countyId: string, no: string, origin: string | null): Promise<Open311Answer> {
  const missing = failure(404, `没有编号为 ${no} 的公开事项`);
  if (!/^\d{12}$/.test(no)) return missing;
  const { data } = checked(await collection<CaseRecord>(ctx.db, 'cases').where({ countyId, no }).limit(1).field(OPEN311_FIELDS).get());
  const found = await published(ctx, data as unknown as Open311Case[], origin);
  return found.length ? { status: 200, body: found } : missing;
}

/** The answer to one request at /open311/v2/…. */
export async function serveOpen311(ctx: Ctx, ask: HttpAsk): Promise<Open311Answer> {
  const route = ROUTE.exec(ask.path);
  if (!route) return failure(404, '没有这个地址：只提供 services.json、requests.json 和 requests/<编号>.json');
  if (ask.method !== 'GET' && ask.method !== 'HEAD') return failure(405, '只读接口：只接受 GET');
  const county = await jurisdiction(ctx, ask.query.jurisdiction_id);
  if (typeof county !== 'string') return county;
  if (route[1] === 'services') return { status: 200, body: open311Services(ctx.rules.categories) };
  if (route[1] === 'requests') return requestsOf(ctx, county, ask);
  return requestOf(ctx, county, route[2]!, ask.origin);
}
