/**
 * Open311 GeoReport v2, read-only (https://wiki.open311.org/GeoReport_v2): the answers checked
 * field by field against the spec, its filters, what a public answer must never carry, one
 * county never answered for another, a county switched off, and the same answer from the local
 * server as from the `open311` function's HTTP access event.
 */
import type { Server } from 'node:http';
import { RULES, type Rules } from '../../config/rules';
import type { CaseRecord, County } from '../../types/domain';
import { gcj02 } from '../../src/domain/open311';
import { FUNCTIONS } from '../../src/runtime/local/functions';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { createLocalServer, listen } from '../../src/runtime/local/server';
import type { HttpEvent } from '../../src/server/handler';
import { checked, getById } from '../../src/server/store';
import { FixedClock, MONDAY_9AM, OFFICE, quietLog, REP_LI, submission, WANG } from '../harness';

const A = 'qingxi';
const B = 'liangping';
const DAY = 24 * 3600 * 1000;
/** photos as the pages send them (no uploads folder here: an id stands for itself); WeChat's image check never answers about HELD */
const SHOWN = '/uploads/11111111111111111111111111111111.jpg';
const HELD = '/uploads/22222222222222222222222222222222.jpg';
const SPEC_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

let rt: LocalRuntime;
let server: Server;
let base: string;
let clock: FixedClock;
let rules: Rules;
/** the cases made, by what they are */
const made: Record<string, string> = {};

async function get(path: string, query: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}?${new URLSearchParams(query).toString()}`);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => (headers[key] = value));
  return { status: res.status, headers, body: (await res.json()) as any };
}
const ok = async (fn: string, event: Record<string, unknown>, openid: string) => {
  const res = await rt.call(fn, event, openid);
  if (!res.ok) throw new Error(`${fn}.${String(event.action)}: ${res.error.message}`);
  return res.data as { id: string; no: string };
};
const numberOf = async (id: string) => (await getById<CaseRecord>(rt.db, 'cases', id))!.no;

beforeAll(async () => {
  rules = { ...RULES, counties: { [A]: { open311: { enabled: true } }, [B]: { open311: { enabled: true } } } };
  clock = new FixedClock(MONDAY_9AM - 100 * DAY);
  rt = await openLocalRuntime({
    clock,
    log: quietLog,
    rules,
    platform: { checkMedia: async ({ fileId }) => (fileId === HELD ? { traceId: 'trace-never-answered' } : { verdict: { suggest: 'pass', label: 100 } }) },
  });
  server = createLocalServer(rt);
  base = `http://127.0.0.1:${await listen(server, 0)}`;

  // 100 days ago: outside the default window
  made.old = (await ok('resident', submission({ description: '一百天前反映的：水渠堵了' }), WANG)).id;
  clock.t = MONDAY_9AM - 2 * DAY;
  // named, with its place, a phone typed into the words, and two photos of which only one was released
  made.named = (
    await ok(
      'resident',
      submission({
        description: '村口路灯坏了，有事打我电话13912345678',
        address: '桃源村三组12号',
        location: { latitude: 30.08, longitude: 107.33 },
        photos: [HELD, SHOWN],
      }),
      WANG,
    )
  ).id;
  await ok('case', { action: 'accept', caseId: made.named, level: 'township' }, REP_LI);
  await ok('case', { action: 'assign', caseId: made.named, level: 'township', unitId: 'qingshi-build' }, REP_LI);
  clock.t = MONDAY_9AM - DAY;
  // anonymous, with a place and a released photo it must not publish
  made.anonymous = (
    await ok(
      'resident',
      submission({
        category: 'environment',
        description: '河边有人倒垃圾，气味很大',
        name: undefined,
        phone: undefined,
        anonymous: true,
        address: '桃源村河边李家门口',
        location: { latitude: 30.09, longitude: 107.34 },
        photos: [SHOWN],
      }),
      WANG,
    )
  ).id;
  // only a photo not yet released
  made.unreleased = (await ok('resident', submission({ description: '桥栏杆松了，过桥很危险', photos: [HELD] }), WANG)).id;
  // withdrawn: closed
  made.withdrawn = (await ok('resident', submission({ category: 'environment', description: '垃圾桶满了没人清' }), WANG)).id;
  await ok('case', { action: 'withdraw', caseId: made.withdrawn }, WANG);
  // held by the content check: never published
  made.held = (await ok('resident', submission({ description: '有人在村里搞网络赌博' }), WANG)).id;
  clock.t = MONDAY_9AM;

  // county B, with a case of the same number as A's named one (numbers run per county)
  const a = (await getById<CaseRecord>(rt.db, 'cases', made.named))!;
  checked(await rt.db.collection<County>('counties').doc(B).set({ name: '梁平区' }));
  const { _id, ...rest } = a;
  void _id;
  checked(
    await rt.db
      .collection('cases')
      .doc('c-liangping-1')
      .set({ ...rest, countyId: B, description: '梁平区的事：桥塌了', unitName: '梁平区交通局' }),
  );
});
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  await rt.close();
});

/** A request as the spec defines it: its fields, their types and formats, nothing else. */
function expectSpecRequest(r: Record<string, unknown>): void {
  expect(Object.keys(r).filter((k) => !SPEC_FIELDS.includes(k))).toEqual([]);
  expect(r).toMatchObject({
    service_request_id: expect.stringMatching(/^\d{12}$/),
    status: expect.stringMatching(/^(open|closed)$/),
    status_notes: expect.any(String),
    service_name: expect.any(String),
    service_code: expect.stringMatching(/^(road|utilities|environment|welfare|dispute|other)$/),
    description: expect.any(String),
    agency_responsible: expect.any(String),
    requested_datetime: expect.stringMatching(W3C),
    updated_datetime: expect.stringMatching(W3C),
    address: expect.any(String),
  });
  for (const k of ['expected_datetime'] as const) if (k in r) expect(r[k]).toMatch(W3C);
  if ('lat' in r || 'long' in r) expect([typeof r.lat, typeof r.long]).toEqual(['number', 'number']);
  if ('media_url' in r) expect(r.media_url).toEqual(expect.any(String));
  expect(Date.parse(r.updated_datetime as string)).toBeGreaterThanOrEqual(Date.parse(r.requested_datetime as string));
}

const inA = (query: Record<string, string> = {}) => get('/open311/v2/requests.json', { jurisdiction_id: A, ...query });
const ids = async (query: Record<string, string> = {}) =>
  ((await inA(query)).body as Array<{ service_request_id: string }>).map((r) => r.service_request_id).sort();
const numbers = async (...keys: string[]) => (await Promise.all(keys.map((k) => numberOf(made[k]!)))).sort();

describe('GET services.json', () => {
  it('lists the categories as services with every field the spec names', async () => {
    const { status, headers, body } = await get('/open311/v2/services.json', { jurisdiction_id: A });
    expect([status, headers['content-type'], headers['access-control-allow-origin']]).toEqual([200, 'application/json; charset=utf-8', '*']);
    expect(body).toHaveLength(RULES.categories.length);
    expect(body[0]).toEqual({
      service_code: 'road',
      service_name: '道路交通',
      description: expect.stringContaining('乡镇(街道)'),
      metadata: false,
      type: 'realtime',
      keywords: '道路交通',
      group: '乡镇(街道)',
    });
  });
});

describe('GET requests.json', () => {
  it('answers the last 90 days by default, newest first, each request exactly as the spec shapes it', async () => {
    const { status, body } = await inA();
    expect(status).toBe(200);
    // the held request is not published; the one of 100 days ago is outside the window
    expect(body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(
      await Promise.all(['withdrawn', 'unreleased', 'anonymous', 'named'].map((k) => numberOf(made[k]!))),
    );
    for (const r of body) expectSpecRequest(r);
    const named = body.find((r: { service_request_id: string }) => r.service_request_id === body[3].service_request_id);
    expect(named).toEqual({
      service_request_id: await numberOf(made.named!),
      status: 'open',
      status_notes: '已交办，待签收',
      service_name: '道路交通',
      service_code: 'road',
      // the phone typed into the words is masked
      description: '村口路灯坏了，有事打我电话***********',
      agency_responsible: '青石镇村镇建设服务中心',
      service_notice: expect.stringMatching(/^按时限应于\d{4}-\d{2}-\d{2}前答复$/),
      requested_datetime: '2026-11-21T09:00:00+08:00',
      updated_datetime: '2026-11-21T09:00:00+08:00',
      expected_datetime: expect.stringMatching(/T23:59:59\+08:00$/),
      address: '青石镇桃源村 桃源村三组12号',
      lat: expect.any(Number),
      long: expect.any(Number),
      // absolute, with the host it was asked at
      media_url: expect.stringMatching(new RegExp(`^${base}${SHOWN}\\?expires=`)),
    });
    // WeChat's GCJ-02 point as WGS-84: shifted by China's offset there and back, the point the resident picked
    const back = gcj02({ latitude: named.lat, longitude: named.long });
    expect([back.latitude, back.longitude]).toEqual([expect.closeTo(30.08, 5), expect.closeTo(107.33, 5)]);
    expect(Math.abs(named.lat - 30.08) + Math.abs(named.long - 107.33)).toBeGreaterThan(0.001);
    // closed in Open311's terms
    expect(body[0]).toMatchObject({ status: 'closed', status_notes: '已撤回' });
  });

  it('publishes no name, phone, openid, words, exact place or photo of an anonymous request, and only released photos of others', async () => {
    const { body } = await inA();
    const text = JSON.stringify(body);
    for (const secret of ['王大爷', '13912345678', WANG, HELD, '李家门口', '网络赌博', '河边有人倒垃圾']) expect(text).not.toContain(secret);
    const anonymousNo = await numberOf(made.anonymous!);
    const anonymous = body.find((r: { service_request_id: string }) => r.service_request_id === anonymousNo);
    expect(anonymous).toMatchObject({ description: '（匿名反映，内容不公开）', address: '青石镇桃源村', agency_responsible: '党代表李秀英' });
    expect(['lat', 'long', 'media_url'].filter((k) => k in anonymous)).toEqual([]);
    const unreleased = body.find((r: { description: string }) => r.description === '桥栏杆松了，过桥很危险');
    expect('media_url' in unreleased).toBe(false);
  });

  it('filters by status, service_code and requested_datetime range, as the spec defines each', async () => {
    expect(await ids({ status: 'open' })).toEqual(await numbers('named', 'anonymous', 'unreleased'));
    expect(await ids({ status: 'closed' })).toEqual(await numbers('withdrawn'));
    expect(await ids({ status: 'open,closed' })).toEqual(await numbers('named', 'anonymous', 'unreleased', 'withdrawn'));
    expect(await ids({ service_code: 'environment' })).toEqual(await numbers('anonymous', 'withdrawn'));
    expect(await ids({ service_code: 'road,environment', status: 'closed' })).toEqual(await numbers('withdrawn'));
    expect(await ids({ service_code: 'welfare' })).toEqual([]);
    // a range: both ends included
    expect(await ids({ start_date: '2026-11-21T09:00:00+08:00', end_date: '2026-11-21T09:00:00+08:00' })).toEqual(await numbers('named'));
    expect(await ids({ start_date: '2026-11-22T00:00:00+08:00', end_date: '2026-11-23T00:00:00Z' })).toEqual(
      await numbers('anonymous', 'unreleased', 'withdrawn'),
    );
    // one end given: 90 days from it
    expect(await ids({ start_date: '2026-08-01T00:00:00+08:00' })).toEqual(await numbers('old'));
    expect(await ids({ end_date: '2026-11-21T12:00:00+08:00' })).toEqual(await numbers('named'));
    // service_request_id: those cases alone, whatever else is asked
    expect(await ids({ service_request_id: await numberOf(made.old!), status: 'closed' })).toEqual(await numbers('old'));
  });

  it('answers bad filters with 400 and the spec’s error array', async () => {
    for (const query of [
      { status: 'pending' },
      { start_date: '2026-11-01' },
      { end_date: 'yesterday' },
      { start_date: '2026-11-20T00:00:00+08:00', end_date: '2026-11-01T00:00:00+08:00' },
      { start_date: '2026-06-01T00:00:00+08:00', end_date: '2026-11-01T00:00:00+08:00' },
      { service_code: 'potholes' },
      { service_request_id: 'abc' },
    ] as Array<Record<string, string>>) {
      const { status, body } = await inA(query);
      expect({ query, status, body }).toEqual({ query, status: 400, body: [{ code: 400, description: expect.any(String) }] });
    }
  });
});

describe('GET requests/<id>.json', () => {
  it('answers an array of the one request, and 404 with the error array for an unknown or unpublished one', async () => {
    const no = await numberOf(made.named!);
    const { status, body } = await get(`/open311/v2/requests/${no}.json`, { jurisdiction_id: A });
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expectSpecRequest(body[0]);
    expect(body[0]).toMatchObject({ service_request_id: no, agency_responsible: '青石镇村镇建设服务中心' });
    for (const missing of ['209901010001', await numberOf(made.held!), 'abc']) {
      expect(await get(`/open311/v2/requests/${missing}.json`, { jurisdiction_id: A })).toMatchObject({
        status: 404,
        body: [{ code: 404, description: expect.any(String) }],
      });
    }
  });
});

describe('tenancy', () => {
  it('never answers one county’s request under another’s jurisdiction, and asks which when several publish', async () => {
    const no = await numberOf(made.named!);
    const [inCountyA, inCountyB] = await Promise.all([
      get(`/open311/v2/requests/${no}.json`, { jurisdiction_id: A }),
      get(`/open311/v2/requests/${no}.json`, { jurisdiction_id: B }),
    ]);
    expect([inCountyA.body[0].description, inCountyB.body[0].description]).toEqual(['村口路灯坏了，有事打我电话***********', '梁平区的事：桥塌了']);
    expect(JSON.stringify((await inA()).body)).not.toContain('梁平区');
    expect(((await get('/open311/v2/requests.json', { jurisdiction_id: B })).body as unknown[]).length).toBe(1);
    // two counties publish: which one must be said
    expect(await get('/open311/v2/requests.json')).toMatchObject({
      status: 400,
      body: [{ code: 400, description: expect.stringContaining('jurisdiction_id') }],
    });
    expect((await get('/open311/v2/services.json', { jurisdiction_id: 'no-such-county' })).status).toBe(404);
  });

  it('answers 404 for a county that switched it off, and needs no jurisdiction_id once one county publishes', async () => {
    rules.counties[B] = { open311: { enabled: false } };
    try {
      for (const path of ['/open311/v2/services.json', '/open311/v2/requests.json', `/open311/v2/requests/${await numberOf(made.named!)}.json`]) {
        expect(await get(path, { jurisdiction_id: B })).toMatchObject({ status: 404, body: [{ code: 404, description: expect.any(String) }] });
      }
      expect(await ids()).toEqual(await ids({ jurisdiction_id: A }));
      expect((await get('/open311/v2/requests.json')).body.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual(
        await numbers('named', 'anonymous', 'unreleased', 'withdrawn'),
      );
      // and all off: nothing is published at all
      rules.counties[A] = { open311: { enabled: false } };
      expect(await get('/open311/v2/services.json')).toMatchObject({ status: 404, body: [{ code: 404 }] });
    } finally {
      rules.counties[A] = { open311: { enabled: true } };
      rules.counties[B] = { open311: { enabled: true } };
    }
  });
});

describe('the two front doors', () => {
  it('answers the same from the local server as from the open311 function’s HTTP access event', async () => {
    const query = { jurisdiction_id: A, status: 'open', service_code: 'road' };
    const event: HttpEvent = {
      path: '/open311/v2/requests.json',
      httpMethod: 'GET',
      // the same host as the local server's (a photo's address is made absolute with it), as production's HTTP access passes it
      headers: { host: new URL(base).host, 'x-forwarded-proto': 'http' },
      queryStringParameters: query,
      body: '',
      isBase64Encoded: false,
    };
    const fromFunction = await FUNCTIONS.get('open311')!.http!(event, rt.timerCtx());
    const fromServer = await get('/open311/v2/requests.json', query);
    expect(fromFunction.statusCode).toBe(fromServer.status);
    expect(fromFunction.headers).toEqual({
      'content-type': fromServer.headers['content-type'],
      'access-control-allow-origin': fromServer.headers['access-control-allow-origin'],
      'cache-control': fromServer.headers['cache-control'],
    });
    // (each signs its photo address afresh: the same photo, the same request)
    const unsigned = (body: unknown) => JSON.parse(JSON.stringify(body).replace(/\?expires=\d+&sig=[0-9a-f]+/g, ''));
    expect(unsigned(JSON.parse(fromFunction.body))).toEqual(unsigned(fromServer.body));
    expect(JSON.parse(fromFunction.body)).toHaveLength(2);
    // the path below HTTP access's trigger path serves as well
    expect(await FUNCTIONS.get('open311')!.http!({ ...event, path: '/v2/services.json' }, rt.timerCtx())).toMatchObject({ statusCode: 200 });
    // a path the function does not serve, and a method it does not take
    expect(await FUNCTIONS.get('open311')!.http!({ ...event, path: '/open311/v2/requests.xml' }, rt.timerCtx())).toMatchObject({ statusCode: 404 });
    expect(await FUNCTIONS.get('open311')!.http!({ ...event, httpMethod: 'POST' }, rt.timerCtx())).toMatchObject({ statusCode: 405 });
    // and from a mini-program, as a callable, it has nothing
    expect(await rt.call('open311', { action: 'requests' }, OFFICE)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  });
});

describe('what each request says of itself', () => {
  it('publishes a merged request as closed, pointing at the case it joined, with no expected date', async () => {
    clock.t = MONDAY_9AM + DAY;
    const a = (await ok('resident', submission({ description: '村口路灯坏了，晚上看不见路' }), WANG)).id;
    const b = (await ok('resident', submission({ description: '村口的路灯不亮了' }), WANG)).id;
    await ok('case', { action: 'merge', caseId: a, intoCaseId: b, reason: '同一盏路灯' }, OFFICE);
    const [merged] = (await get(`/open311/v2/requests/${await numberOf(a)}.json`, { jurisdiction_id: A })).body;
    expectSpecRequest(merged);
    expect(merged).toMatchObject({ status: 'closed', status_notes: `已并入${await numberOf(b)}办理` });
    expect('expected_datetime' in merged || 'service_notice' in merged).toBe(false);
    expect(await ids({ status: 'closed', start_date: '2026-11-24T00:00:00+08:00' })).toEqual([await numberOf(a)]);
    expect(await ids({ status: 'open', start_date: '2026-11-24T00:00:00+08:00' })).toEqual([await numberOf(b)]);
  });

  it('says an answered request’s status once, with what came of it', async () => {
    clock.t = MONDAY_9AM + 2 * DAY;
    const id = (await ok('resident', submission({ description: '小学门口的路面塌了一个坑' }), WANG)).id;
    await ok('case', { action: 'answer', caseId: id, outcome: 'resolved', feedbackMethod: 'message', reply: '已经填平了' }, REP_LI);
    const notes = async () => (await get(`/open311/v2/requests/${await numberOf(id)}.json`, { jurisdiction_id: A })).body[0].status_notes;
    expect(await notes()).toBe('已答复，待评价：问题已解决');
    await ok('case', { action: 'rate', caseId: id, rating: 'satisfied' }, WANG);
    expect(await notes()).toBe('已办结：问题已解决');
  });

  it('masks a phone typed in full-width digits in a named request’s words', async () => {
    clock.t = MONDAY_9AM + 3 * DAY;
    const id = (await ok('resident', submission({ description: '路灯坏了，电话１３９１２３４５６７８' }), WANG)).id;
    const [r] = (await get(`/open311/v2/requests/${await numberOf(id)}.json`, { jurisdiction_id: A })).body;
    expect(r.description).toBe(`路灯坏了，电话${'*'.repeat(11)}`);
  });

  it('answers a day that does not exist with 400 and the spec’s error array', async () => {
    for (const query of [
      { start_date: '2026-02-30T00:00:00Z' },
      { end_date: '2026-11-31T00:00:00+08:00' },
      { start_date: '2026-11-01T24:00:00+08:00' },
    ] as Array<Record<string, string>>) {
      const { status, body } = await inA(query);
      expect({ query, status, body }).toEqual({ query, status: 400, body: [{ code: 400, description: expect.any(String) }] });
    }
  });
});
