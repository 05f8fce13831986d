/**
 * Limits that hold under concurrency: each is counted in the same transaction as the write it
 * limits, so 30 attempts arriving together, each waiting 200 ms on WeChat's content check
 * (msgSecCheck's usual latency), are let through exactly as far as the limit allows.
 */
import { RULES, type Rules } from '../../config/rules';
import type { ApiResult } from '../../types/api';
import type { CaseRecord } from '../../types/domain';
import { localTextCheck } from '../../src/runtime/local/platform';
import { openLocalRuntime, type LocalRuntime } from '../../src/runtime/local/runtime';
import { getAll } from '../../src/server/store';
import { FixedClock, MONDAY_9AM, OFFICE, quietLog, REP_LI, submission } from '../harness';

const HOUR = 3600 * 1000;
let rt: LocalRuntime;
let clock: FixedClock;

async function open(rules: Rules = RULES): Promise<void> {
  clock = new FixedClock(MONDAY_9AM);
  // WeChat's content check, as slow as it usually is
  const slowCheck = async ({ text }: { text: string }) => {
    await new Promise((r) => setTimeout(r, 200));
    return localTextCheck(text);
  };
  rt = await openLocalRuntime({ clock, log: quietLog, rules, platform: { checkText: slowCheck } });
}
afterEach(() => rt.close());

const codes = (results: ApiResult<unknown>[]) => results.map((r) => (r.ok ? 'ok' : r.error.code)).sort();
const tally = (results: ApiResult<unknown>[]) => Object.fromEntries([...new Set(codes(results))].map((c) => [c, codes(results).filter((x) => x === c).length]));

describe('sending requests', () => {
  it('accepts 5 of 30 parallel requests from one resident (5 an hour), whatever the content check’s delay', async () => {
    await open();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => rt.call('resident', submission({ description: `第${i}件事：村口的路灯坏了` }), 'wx-flood')),
    );
    expect(tally(results)).toEqual({ ok: RULES.submit.perHour, RATE_LIMITED: 30 - RULES.submit.perHour });
    const stored = await getAll(rt.db.collection<CaseRecord>('cases').where({ 'resident.openid': 'wx-flood' }).orderBy('_id', 'asc'));
    expect(stored).toHaveLength(RULES.submit.perHour);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('太频繁') } });
    console.log(`limits: ${results.filter((r) => r.ok).length} of 30 parallel submits accepted (limit ${RULES.submit.perHour} an hour)`);

    // the same request sent again is answered with its case, not counted; an hour on, more are taken
    const again = await rt.call('resident', { ...submission(), requestId: stored[0]!.requestId, description: stored[0]!.description }, 'wx-flood');
    expect(again).toMatchObject({ ok: true, data: { id: stored[0]!._id, created: false } });
    clock.advance(HOUR + 1);
    expect(await rt.call('resident', submission(), 'wx-flood')).toMatchObject({ ok: true });
    // and another resident was never held back
    expect(await rt.call('resident', submission(), 'wx-neighbour')).toMatchObject({ ok: true });
  });

  it('holds the day’s limit too: 20 a day, however they are spread over the hours', async () => {
    await open();
    let accepted = 0;
    for (let hour = 0; hour < 6; hour++) {
      const results = await Promise.all(Array.from({ length: 8 }, () => rt.call('resident', submission(), 'wx-steady')));
      accepted += results.filter((r) => r.ok).length;
      clock.advance(HOUR + 1);
    }
    expect(accepted).toBe(RULES.submit.perDay);
  });

  it('limits a representative’s entries at a reception day the same way, apart from any resident’s', async () => {
    await open({ ...RULES, enter: { perHour: 4, perDay: 10 } });
    const log = await rt.call(
      'staff',
      { action: 'logReception', kind: 'reception', workroomId: 'ws-taoyuan', date: '2026-11-23', representativeIds: ['rep-1'], residents: 30 },
      REP_LI,
    );
    if (!log.ok) throw new Error(log.error.message);
    const receptionId = (log.data as { _id: string })._id;
    const { action: _a, cardCode: _c, ...fields } = submission();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        rt.call(
          'staff',
          {
            action: 'enterRequest',
            ...fields,
            requestId: `req-enter-${String(i).padStart(4, '0')}`,
            receptionId,
            consent: false,
            phone: undefined,
            name: `群众${i}`,
          },
          REP_LI,
        ),
      ),
    );
    expect(tally(results)).toEqual({ ok: 4, RATE_LIMITED: 26 });
    expect(await rt.call('resident', submission(), REP_LI)).toMatchObject({ ok: true });
  });
});

it('forgets the counts of those who tried nothing for a day', async () => {
  await open();
  await rt.call('resident', submission(), 'wx-once');
  clock.advance(20 * HOUR);
  await rt.call('resident', submission(), 'wx-lately');
  clock.advance(5 * HOUR);
  expect(await rt.runTimer('housekeeping')).toMatchObject({ ok: true, data: { idleLimitsForgotten: 1 } });
  expect((await getAll(rt.db.collection<{ _id: string }>('limits').orderBy('_id', 'asc'))).map((l) => l._id)).toEqual(['submit:wx-lately']);
});

describe('redeeming invitation codes', () => {
  const wrong = (n: number, openid: string) =>
    Promise.all(Array.from({ length: n }, (_, i) => rt.call('staff', { action: 'redeem', code: `WRNG${String(i).padStart(4, '2')}`.slice(0, 8) }, openid)));

  it('refuses an identity after 10 wrong codes in an hour, even a right one, when 30 arrive at once; an hour later it works', async () => {
    await open();
    const invite = await rt.call('office', { action: 'issueInvitation', name: '新承办人', role: 'handler', unitId: 'qingshi-build' }, OFFICE);
    const { code } = (invite as { data: { code: string } }).data;
    const results = await wrong(30, 'wx-guesser');
    expect(tally(results)).toEqual({ NOT_FOUND: RULES.redeem.wrongPerHour, RATE_LIMITED: 30 - RULES.redeem.wrongPerHour });
    expect(await rt.call('staff', { action: 'redeem', code }, 'wx-guesser')).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.stringContaining('一小时后') },
    });
    console.log(
      `limits: redeeming refused after wrong code ${RULES.redeem.wrongPerHour} (${results.filter((r) => !r.ok && r.error.code === 'NOT_FOUND').length} of 30 parallel wrong codes tried, the rest refused)`,
    );
    // someone else is not held back by this identity's guessing
    const other = await rt.call('office', { action: 'issueInvitation', name: '另一人', role: 'handler', unitId: 'qingshi-social' }, OFFICE);
    expect(await rt.call('staff', { action: 'redeem', code: (other as { data: { code: string } }).data.code }, 'wx-honest')).toMatchObject({ ok: true });
    clock.advance(HOUR + 1);
    expect(await rt.call('staff', { action: 'redeem', code }, 'wx-guesser')).toMatchObject({ ok: true, data: { grants: [{ role: 'handler' }] } });
  });

  it('caps wrong codes from everyone together, however many identities guess, without locking out a newcomer with the right code', async () => {
    await open({ ...RULES, redeem: { wrongPerHour: 10, allWrongPerHour: 25 } });
    const invite = async (name: string) =>
      ((await rt.call('office', { action: 'issueInvitation', name, role: 'handler', unitId: 'qingshi-build' }, OFFICE)) as { data: { code: string } }).data
        .code;
    const [forGuesser, forNewcomer] = [await invite('甲'), await invite('乙')];
    const results = (await Promise.all(['wx-a', 'wx-b', 'wx-c'].map((who) => wrong(10, who)))).flat();
    expect(tally(results)).toEqual({ NOT_FOUND: 25, RATE_LIMITED: 5 });
    // past the cap, whoever has guessed wrong this hour is refused, even with a right code…
    expect(await rt.call('staff', { action: 'redeem', code: forGuesser }, 'wx-a')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // …someone new gets one try: a wrong one, and they too are refused from then on…
    expect(await rt.call('staff', { action: 'redeem', code: 'ABCDEFGH' }, 'wx-e')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await rt.call('staff', { action: 'redeem', code: forGuesser }, 'wx-e')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // …and the newcomer typing the code the office gave them binds
    expect(await rt.call('staff', { action: 'redeem', code: forNewcomer }, 'wx-newcomer')).toMatchObject({ ok: true });
  });
});
