/**
 * Privacy of the grassroots channels, across every role: whoever asks — a resident, a
 * representative, an assigner, a handler of any unit, a supervisor of any level, the office, the
 * city office, someone not signed in, the poster and the voters themselves — no answer names the
 * author of an anonymous wall post or a voter, and the public answers (walls, boards, notices,
 * cards) carry no resident's phone, name or WeChat identity.
 */
import { RULES } from '../../config/rules';
import type { ApiResult } from '../../types/api';
import { identities } from '../../src/runtime/local/demo-county';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS } from '../../src/server/schema';
import { checked, scanAll, sha256 } from '../../src/server/store';
import { ASSIGNER, FixedClock, MONDAY_9AM, OFFICE, quietLog, submission, TAOYUAN, tempDir, WANG } from '../harness';

const POSTER = 'wx-anon-poster-41';
const VOTERS = ['wx-voter-a7', 'wx-voter-b8', 'wx-voter-c9'];
const PHONE = '13987654321';
const NAME = '钱奶奶';

let rt: LocalRuntime;
let clock: FixedClock;
const onDay = (date: string) => (clock.t = Date.parse(`${date}T09:00:00+08:00`));

async function ok<T = Record<string, unknown>>(fn: string, event: Record<string, unknown>, openid: string | null): Promise<T> {
  const res = (await rt.call(fn, event, openid)) as ApiResult<T>;
  if (!res.ok) throw new Error(`${fn} · ${String(event.action)}: ${res.error.message}`);
  return res.data;
}

let caseIds: string[];
let matterId: string;
let postId: string;

beforeEach(async () => {
  clock = new FixedClock(MONDAY_9AM);
  rt = await openLocalRuntime({ clock, log: quietLog, rules: RULES });
  // a named request with a phone and an anonymous one, through 李秀英's card
  const named = await ok<{ caseId: string }>('resident', submission({ name: NAME, phone: PHONE }), WANG);
  const anonymous = await ok<{ caseId: string }>('resident', submission({ anonymous: true, name: undefined, phone: undefined }), 'wx-anon-sender-5');
  // an anonymous wall post, answered in public and turned into a case
  const post = await ok<{ id: string }>('wall', { action: 'post', villageId: 'taoyuan', text: '桃源村小学门口没有减速带' }, POSTER);
  postId = post.id;
  await ok('wall', { action: 'reply', postId, text: '已报镇里，下周安装' }, TAOYUAN);
  const made = await ok<{ case: { id: string } }>('wall', { action: 'convert', postId, category: 'road' }, OFFICE);
  caseIds = [named.caseId, anonymous.caseId, made.case.id];
  // a matter put to 桃源村, voted on by three residents and published
  const matter = await ok<{ id: string }>(
    'matter',
    {
      action: 'open',
      requestId: 'privacy-matter-1',
      title: '村口道路硬化',
      body: '村口到小学的道路硬化，每户集资200元。',
      kind: 'approval',
      mode: 'vote',
      villageIds: ['taoyuan'],
      opensOn: '2026-11-25',
      closesOn: '2026-12-01',
    },
    ASSIGNER,
  );
  matterId = matter.id;
  onDay('2026-11-25');
  for (const [i, voter] of VOTERS.entries()) await ok('matter', { action: 'vote', matterId, villageId: 'taoyuan', option: i === 2 ? 1 : 0 }, voter);
  onDay('2026-12-02');
  await ok('matter', { action: 'close', matterId }, ASSIGNER);
});
afterEach(() => rt.close());

/** What every caller may ask of the walls, boards, matters and cases: each answer, ok or refused, as text. */
async function everyAnswer(openid: string | null): Promise<string> {
  const asks: Array<[string, Record<string, unknown>]> = [
    ...['taoyuan', 'liuhe'].map((villageId): [string, Record<string, unknown>] => ['wall', { action: 'list', villageId, page: 1, pageSize: 50 }]),
    ['wall', { action: 'pending', page: 1, pageSize: 50 }],
    ['wall', { action: 'figures' }],
    ['wall', { action: 'assigned' }],
    ['matter', { action: 'list' }],
    ['matter', { action: 'detail', matterId }],
    ['matter', { action: 'board', villageId: 'taoyuan' }],
    ['card', { action: 'board', villageId: 'taoyuan' }],
    ['card', { action: 'notices', villageId: 'taoyuan' }],
    ['card', { action: 'get', cardCode: 'QX0001' }],
    ...caseIds.map((caseId): [string, Record<string, unknown>] => ['case', { action: 'detail', caseId }]),
  ];
  const answers = await Promise.all(asks.map(([fn, event]) => rt.call(fn, event, openid)));
  return JSON.stringify(answers);
}

const CALLERS: Array<[string, string | null]> = [
  ...identities.map((i): [string, string] => [i.label, i.openid]),
  ['someone not signed in', null],
  ['the poster', POSTER],
  ['a voter', VOTERS[0]!],
];

it.each(CALLERS)('shows %s neither the wall post’s author nor a voter', async (_label, openid) => {
  const seen = await everyAnswer(openid);
  expect(seen).toContain('桃源村小学门口没有减速带'); // the wall was read…
  expect(seen).toContain('村口道路硬化'); // …and the matter
  expect(seen).not.toContain(POSTER);
  for (const voter of VOTERS) expect(seen).not.toContain(voter);
  expect(seen).not.toContain('wx-anon-sender-5');
});

it.each(CALLERS.filter(([, openid]) => openid === null || openid === POSTER || openid === VOTERS[0]))(
  'shows %s public pages without any resident’s phone, name or WeChat identity, nor any cadre’s WeChat identity',
  async (_label, openid) => {
    const seen = await everyAnswer(openid);
    expect(seen).toContain('李秀英'); // the representative's card is public
    for (const secret of [PHONE, NAME, WANG, '王大爷']) expect(seen).not.toContain(secret);
    // nor the WeChat identity of the cadres who answered, converted, put and closed
    for (const staff of [ASSIGNER, TAOYUAN, OFFICE]) expect(seen).not.toContain(staff);
  },
);

it('keeps the matter’s published result to counts and turnout, the same for the office as on the board', async () => {
  const detail = await ok<{ result: { cast: number; passed: boolean } }>('matter', { action: 'detail', matterId }, OFFICE);
  expect(detail.result).toMatchObject({ cast: 3, passed: true });
  const board = await ok<{ matters: Array<{ id: string; result: unknown }> }>('card', { action: 'board', villageId: 'taoyuan' }, null);
  expect(board.matters.find((m) => m.id === matterId)!.result).toEqual(detail.result);
});

/** A matter put to 桃源村 on 2 December, voted on until the 4th. */
const lamps = (requestId: string) => ({
  action: 'open',
  requestId,
  title: '村口路灯',
  body: '村口安装路灯两盏。',
  kind: 'approval',
  mode: 'vote',
  villageIds: ['taoyuan'],
  opensOn: '2026-12-02',
  closesOn: '2026-12-04',
});

/** Every document of every collection, as the office (or a backup of the database) could read them. */
async function wholeDatabase(): Promise<string> {
  const all = await Promise.all(COLLECTIONS.map(async (name) => [name, await scanAll<{ _id: string }>(rt.db, name, {})] as const));
  return JSON.stringify(all);
}

it('keeps in the database nothing from which the office could find the wall post’s author or how a known resident voted', async () => {
  const stored = await wholeDatabase();
  expect(stored).toContain('桃源村小学门口没有减速带');
  const traces = (openid: string) => [
    openid,
    sha256(openid),
    sha256(openid).slice(0, 32),
    // what earlier versions kept a vote under: a plain hash anyone holding a resident's openid could recompute
    sha256(`matter-vote\u0000${matterId}\u0000${openid}`).slice(0, 32),
  ];
  for (const who of [POSTER, ...VOTERS]) for (const trace of traces(who)) expect(stored).not.toContain(trace);
  // the limit on posting and the votes are kept, under pseudonyms
  expect(stored).toMatch(/"wall:[0-9a-f]{32}"/);
  expect((await scanAll<{ _id: string }>(rt.db, 'matterVotes', { matterId })).map((v) => v._id)).toHaveLength(VOTERS.length);
});

it('counts once a vote kept under an earlier version’s plain hash', async () => {
  const reopened = await ok<{ id: string }>('matter', lamps('privacy-matter-2'), ASSIGNER);
  const legacy = `${reopened.id}:${sha256(`matter-vote\u0000${reopened.id}\u0000${VOTERS[0]!}`).slice(0, 32)}`;
  checked(await rt.db.collection('matterVotes').doc(legacy).set({ matterId: reopened.id, countyId: 'qingxi', villageId: 'taoyuan', option: 0 }));
  const again = await rt.call('matter', { action: 'vote', matterId: reopened.id, villageId: 'taoyuan', option: 1 }, VOTERS[0]!);
  expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  expect(await scanAll(rt.db, 'matterVotes', { matterId: reopened.id })).toHaveLength(1);
  const board = await ok<{ matters: Array<{ id: string; voted: boolean }> }>('matter', { action: 'board', villageId: 'taoyuan' }, VOTERS[0]!);
  expect(board.matters.find((m) => m.id === reopened.id)!.voted).toBe(true);
});

it('keeps the pseudonyms’ key beside the data, readable by its owner only: who voted before a restart cannot vote again after it', async () => {
  const dataDir = tempDir('lianxin-pseudonym-');
  const open = () => openLocalRuntime({ dataDir, clock, log: quietLog, rules: RULES });
  const first = await open();
  const put = (await first.call('matter', lamps('restart-matter'), ASSIGNER)) as ApiResult<{ id: string }>;
  if (!put.ok) throw new Error(put.error.message);
  expect(await first.call('matter', { action: 'vote', matterId: put.data.id, villageId: 'taoyuan', option: 0 }, VOTERS[1]!)).toMatchObject({ ok: true });
  await first.close();
  expect(statSync(join(dataDir, 'pseudonym.key')).mode & 0o077).toBe(0);
  const second = await open();
  try {
    const again = await second.call('matter', { action: 'vote', matterId: put.data.id, villageId: 'taoyuan', option: 1 }, VOTERS[1]!);
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  } finally {
    await second.close();
  }
});
