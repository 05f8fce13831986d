/**
 * `npm run seed -- --cases N [--months M] [--seed S]`: a county's history for the demo, made the
 * way the real one is made — residents send requests from the cards, representatives accept and
 * route them, units sign, reply and close, residents rate, and the `remind` timer runs every day —
 * all through the cloud functions, on a clock that walks through the last M months. Some requests
 * are withdrawn or not accepted, some answered on the spot, some returned, escalated, closed late
 * and pressed (督办), some rated 不满意 and handled again; the latest are still open. Each workroom
 * holds its reception days (接待日志) and representatives log home visits (走访) on Saturdays; some
 * requests are entered there for the residents met. Beside the residents' requests runs the
 * representatives' own work (seed-work.ts): 提议 and 提案 drafted, co-signed, reviewed, assigned to
 * county units, answered and rated; 重大事项通报 read and answered; activity groups' 调研视察,
 * 集中联系 and 走访; a 述职评议 voted on by residents; the office's manual score items; two grids
 * (网格) and their last four weeks of household visits, one meeting the visit rule. The same
 * seed gives the same history, and running it again adds nothing: another --seed adds more.
 */
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { RULES, usualLevel } from '../../../config/rules';
import type { ApiResult, CaseView } from '../../../types/api';
import { LEVELS, type Level, type Message, type Reception, type RoleGrant, type User } from '../../../types/domain';
import { ANSWER_KINDS } from '../../domain/followup';
import { shanghaiDate, weekday } from '../../domain/calendar';
import { isReceptionDay, receptionIdOf } from '../../domain/reception';
import { consoleLog, type Clock, type Log } from '../../server/ctx';
import { checked, getAll, getById } from '../../server/store';
import type { RouteOptions } from '../../server/usecases/cases';
import { scopesOf } from '../../server/usecases/people';
import * as demo from './demo-county';
import { grassrootsWork, type GrassrootsMade } from './seed-grassroots';
import { representativesWork, seedGrids, seedOffice, type WorkMade } from './seed-work';
import { openLocalRuntime, type LocalRuntime } from './runtime';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** A clock the seeder moves through the months. */
export class SeedClock implements Clock {
  constructor(public at: number) {}
  now(): number {
    return this.at;
  }
}

/** mulberry32: small, fast and the same everywhere. */
function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + (hi - lo) * next(),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof randomSource>;

/** What residents write, by category; `{v}` is their village. */
const WORDS: Record<string, string[]> = {
  road: ['{v}村口到小学的路灯坏了好几盏，晚上孩子放学看不见路', '{v}通组公路有一段塌方了，摩托车过不去', '{v}桥头的护栏松了，老人小孩走过很危险'],
  utilities: ['{v}这几天自来水发黄，烧开了还有沉淀', '{v}最近经常停电，冰箱里的东西都坏了', '{v}的水管冬天冻裂了，一直漏水'],
  environment: ['{v}垃圾池好久没人清运，夏天味道很大', '{v}河沟里有人倒建筑垃圾，堵住了排水', '{v}养殖场的污水直接排到田里'],
  welfare: ['我家老人的养老金这个月没有到账，{v}村里说不清楚', '{v}低保复核一直没有结果，想问问进度', '孩子在外地上学，{v}的医保转不过去'],
  dispute: ['{v}邻居家盖房子占了我家的过道，说了几次不听', '{v}两家为了田边的水沟吵了几年了', '{v}楼上漏水到我家，物业不管'],
  other: ['{v}村里的健身器材坏了，没人修', '想问问{v}的公交车能不能加一班', '{v}广场晚上跳舞声音太大，影响休息'],
};
/** What a reception log's 记事 says. */
const NOTES = ['群众反映道路和用水问题，已登记', '政策咨询为主，当场作了解释', '接待群众，宣传惠农政策', '走访困难户，了解生产生活情况', ''];

const REASONS = {
  reject: '这件事属于法院诉讼范围，已告知群众通过法律途径解决',
  answer: '已当场向群众解释了相关政策，群众表示理解',
  return: '这件事不归本单位管，请重新交办',
  escalate: '本级没有资金和权限解决，需要上级协调',
  supervise: '群众反映强烈，请加快办理，三日内答复',
  reply: '已安排人员现场查看，正在联系施工队',
};

/** The staff the seeder acts as: one per role and place, bound as real staff are. */
function seedStaff(seed: number): Array<{ openid: string; name: string; grants: RoleGrant[] }> {
  const C = demo.county._id;
  return [
    { openid: seedOffice(seed), name: '县联系群众工作办公室', grants: [{ role: 'office', countyId: C }] },
    ...demo.representatives.map((r) => ({
      openid: `seed-rep-${r._id}`,
      name: r.name,
      grants: [{ role: 'representative', countyId: C, representativeId: r._id }] as RoleGrant[],
    })),
    ...demo.units.map((u) => ({
      openid: `seed-handler-${u._id}`,
      name: `${u.name}承办人`,
      grants: [{ role: 'handler', countyId: C, unitId: u._id }] as RoleGrant[],
    })),
    ...demo.townships.map((t) => ({
      openid: `seed-assigner-${t._id}`,
      name: `${t.name}组织委员`,
      grants: [{ role: 'assigner', countyId: C, level: 'township', townshipId: t._id }] as RoleGrant[],
    })),
    { openid: 'seed-assigner-county', name: '县委办交办人', grants: [{ role: 'assigner', countyId: C, level: 'county' }] },
    ...demo.townships.map((t) => ({
      openid: `seed-supervisor-${t._id}`,
      name: `${t.name}督办领导`,
      grants: [{ role: 'supervisor', countyId: C, level: 'township', townshipId: t._id }] as RoleGrant[],
    })),
    ...demo.villages.map((v) => ({
      openid: `seed-supervisor-${v._id}`,
      name: `联系${v.name}领导`,
      grants: [{ role: 'supervisor', countyId: C, level: 'village', villageIds: [v._id] }] as RoleGrant[],
    })),
    { openid: 'seed-supervisor-county', name: '县督办领导', grants: [{ role: 'supervisor', countyId: C, level: 'county' }] },
  ];
}

export interface SeedOptions {
  cases: number;
  /** how far back the history starts */
  months: number;
  seed: number;
}

export interface SeedReport {
  cases: number;
  from: number;
  to: number;
  calls: number;
  /** the representatives' work this run made (nothing when the seed made it before) */
  work: WorkMade;
  /** the walls and matters this run made (nothing when the seed made them before) */
  grassroots: GrassrootsMade;
  /** 我也反映 co-reports and answers to 问题还在吗 this run made */
  followups: FollowupsMade;
}

export interface FollowupsMade {
  coReports: number;
  stillThere: number;
}

/** One step of one life (a case's, a proposal's…), due at `at`. */
export interface Step {
  at: number;
  run(): Promise<Step | null>;
}

export async function seedHistory(rt: LocalRuntime, clock: SeedClock, options: SeedOptions): Promise<SeedReport> {
  const end = clock.at;
  const start = end - options.months * 30 * DAY;
  const rnd: Random = randomSource(options.seed);
  let calls = 0;
  const grassroots: GrassrootsMade = { wallPosts: 0, matters: 0, passedOn: 0, meetings: 0, inspections: 0 };
  const followups: FollowupsMade = { coReports: 0, stillThere: 0 };
  // the walk starts at the beginning of the history (the first day's steps come before its first sweep)
  clock.at = start;

  // the seed's office identity present: its work was made by an earlier run
  const workDone = (await getById<User>(rt.db, 'users', seedOffice(options.seed))) !== null;
  for (const s of seedStaff(options.seed)) {
    const user: Omit<User, '_id'> = { name: s.name, grants: s.grants, scopes: scopesOf(s.grants), createdAt: start, updatedAt: start };
    checked(await rt.db.collection('users').doc(s.openid).set(user));
  }

  async function act<T>(fn: string, event: Record<string, unknown>, openid: string): Promise<T> {
    calls++;
    const res = (await rt.call(fn, event, openid)) as ApiResult<T>;
    if (!res.ok) throw new Error(`seed: ${fn}.${String(event.action)} as ${openid} at ${new Date(clock.at).toISOString()}: ${res.error.message}`);
    return res.data;
  }
  const step = (at: number, run: () => Promise<Step | null>): Step => ({ at, run });
  const assignerOf = (level: Level | null, townshipId: string) => (level === 'county' ? 'seed-assigner-county' : `seed-assigner-${townshipId}`);
  const supervisorOf = (c: CaseView, villageId: string, townshipId: string) =>
    c.level === 'county' ? 'seed-supervisor-county' : c.level === 'township' ? `seed-supervisor-${townshipId}` : `seed-supervisor-${villageId}`;

  // the day's reception sessions and visits, where requests of that day may be entered in person
  const logged = new Map<string, Reception[]>();
  /** A session or a day of visits: its figures from its own random source, so a second run logs the same. */
  function receptionOf(at: number, event: Record<string, unknown>, key: number): Step {
    return step(at, async () => {
      const group = event.representativeIds as string[];
      // logged by an earlier run: as it was
      const id = receptionIdOf({
        ...(event as Pick<Reception, 'kind' | 'date' | 'villageId'>),
        workroomId: (event.workroomId as string) ?? null,
        representativeId: group[0]!,
      });
      const earlier = await getById<Reception>(rt.db, 'receptions', id);
      if (earlier) return (logged.set(earlier.date, [...(logged.get(earlier.date) ?? []), earlier]), null);
      const local = randomSource(options.seed * 7919 + key);
      const onDuty = group.filter((_, i) => i === 0 || local.chance(0.8));
      const log = await act<Reception>(
        'staff',
        { action: 'logReception', ...event, representativeIds: onDuty, residents: Math.floor(local.between(1, 9)), notes: local.pick(NOTES) },
        `seed-rep-${onDuty[0]}`,
      );
      logged.set(log.date, [...(logged.get(log.date) ?? []), log]);
      return null;
    });
  }
  const receptionDays: Step[] = [];
  for (let day = start - ((start + 8 * HOUR) % DAY), n = 0; day <= end; day += DAY, n++) {
    const date = shanghaiDate(day);
    demo.workrooms.forEach((w, k) => {
      if (isReceptionDay(w.schedule, date))
        receptionDays.push(receptionOf(day + 9.5 * HOUR, { kind: 'reception', workroomId: w._id, date, representativeIds: w.representativeIds }, n * 100 + k));
    });
    if (weekday(date) === 6) {
      demo.representatives.forEach((r, k) => {
        if ((n + k) % 3 === 0)
          receptionDays.push(
            receptionOf(
              day + 15 * HOUR,
              { kind: 'visit', villageId: r.villageIds[n % r.villageIds.length], date, representativeIds: [r._id] },
              n * 100 + 50 + k,
            ),
          );
      });
    }
  }

  /** One request's life from its submission; each step schedules the next. */
  function lifeOf(i: number, at: number): Step {
    // residents come back: 997 of them share the requests
    const resident = `seed-resident-${i % 997}`;
    return step(at, async () => {
      // what is sent, from the request's own random source: a second run sends the same whatever came before
      const own = randomSource(options.seed * 15_485_863 + i);
      const rep = own.pick(demo.representatives);
      const villageId = own.pick(rep.villageIds);
      const village = demo.villages.find((v) => v._id === villageId)!;
      const category = own.pick(RULES.categories).id;
      const anonymous = own.chance(0.08);
      const repId = `seed-rep-${rep._id}`;
      const level: Level = own.chance(0.85) ? usualLevel(RULES, category) : own.pick<Level>(LEVELS);
      const request = {
        requestId: `seed-${options.seed}-${String(i).padStart(6, '0')}`,
        category,
        villageId,
        description: own.pick(WORDS[category]!).replace('{v}', village.name),
      };
      // met at the day's session or visit in the village, with the representative on duty: entered there
      const session = (logged.get(shanghaiDate(clock.at)) ?? []).find(
        (l) => l.villageId === villageId && l.representativeIds.includes(rep._id) && l.createdAt <= clock.at,
      );
      const inPerson = session && own.chance(0.6);
      const sent = inPerson
        ? await act<{ id: string; created: boolean }>(
            'staff',
            {
              action: 'enterRequest',
              receptionId: session._id,
              ...request,
              level,
              name: '群众',
              ...(own.chance(0.5) ? { phone: `138${String(10000000 + i).slice(-8)}`, consent: true } : {}),
            },
            repId,
          )
        : await act<{ id: string; created: boolean }>(
            'resident',
            {
              action: 'submit',
              cardCode: rep.cardCode,
              ...request,
              ...(anonymous ? { anonymous } : own.chance(0.6) ? { phone: `139${String(10000000 + i).slice(-8)}` } : {}),
            },
            resident,
          );
      // seeded before with this seed: that case has had its life already
      if (!sent.created) return null;
      const id = sent.id;
      // 我也反映: a neighbour about to send the same finds it and says 是同一件事 (too late once it is finished)
      if (!inPerson && !anonymous && own.chance(0.08))
        enqueue(
          step(clock.at + own.between(1, 8) * HOUR, async () => {
            const event = { action: 'metoo', cardCode: rep.cardCode, caseId: id, requestId: `seed-${options.seed}-metoo-${i}` };
            calls++;
            if ((await rt.call('resident', event, `seed-resident-${(i + 331) % 997}`)).ok) followups.coReports++;
            return null;
          }),
        );
      // who hears the replies and rates: the resident, or for a request entered in person, its representative
      const follower = inPerson ? repId : resident;
      const caseAct = (action: string, who: string, more: Record<string, unknown> = {}) => act<CaseView>('case', { action, caseId: id, ...more }, who);

      /** 交办 (or 再交办) to a unit of that level: the suggested one, or another when one is to be avoided */
      const route = async (who: string, wanted: Level | null, avoid?: string): Promise<Step> => {
        const options = await act<RouteOptions>('case', { action: 'routeOptions', caseId: id }, who);
        // a case answered on the spot has no level yet: the suggested one
        const level = wanted ?? options.suggestion.level;
        const units = options.units.filter((u) => u.level === level);
        const others = units.filter((u) => u.id !== avoid);
        const suggested = options.suggestion.level === level && options.suggestion.unitId !== avoid ? options.suggestion.unitId : null;
        const unitId = suggested ?? rnd.pick(others.length ? others : units).id;
        return handle(await caseAct('assign', who, { level, unitId }), unitId, level);
      };
      // first by the representative (or the county's assigner for county cases); again by the assigner of its level
      const assign = (level: Level, delay: number): Step =>
        step(clock.at + delay, () => route(level === 'county' ? assignerOf(level, village.townshipId) : repId, level));
      const reassign = (level: Level | null, avoid: string | undefined, delay: number): Step =>
        step(clock.at + delay, () => route(assignerOf(level, village.townshipId), level, avoid));

      function handle(view: CaseView, unitId: string, level: Level): Step {
        const handler = `seed-handler-${unitId}`;
        const assignedAt = clock.at;
        const due = view.dueAt!;
        return step(assignedAt + rnd.between(0.1, 1) * DAY, async () => {
          if (view.reassignCount === 0 && rnd.chance(0.04)) {
            await caseAct('return', handler, { reason: REASONS.return });
            return reassign(level, unitId, rnd.between(0.2, 1.5) * DAY);
          }
          await caseAct('sign', handler);
          if (level !== 'county' && view.reassignCount === 0 && rnd.chance(0.04)) {
            return step(clock.at + rnd.between(0.5, 3) * DAY, async () => {
              const escalated = await caseAct('escalate', handler, { reason: REASONS.escalate });
              return reassign(escalated.level!, undefined, rnd.between(0.3, 2) * DAY);
            });
          }
          const late = rnd.chance(0.09);
          const closeAt = late ? due + rnd.between(1, 8) * DAY : assignedAt + rnd.between(0.15, 0.95) * (due - assignedAt);
          const close = step(closeAt, async () => {
            const r = rnd.next();
            const outcome = r < 0.7 ? 'resolved' : r < 0.88 ? 'in_progress' : 'explained';
            const f = rnd.next();
            await caseAct('close', handler, {
              outcome,
              feedbackMethod: f < 0.7 ? 'message' : f < 0.9 ? 'in_person' : 'notice_board',
              reply:
                outcome === 'explained'
                  ? '已向群众解释相关政策和办理依据'
                  : outcome === 'in_progress'
                    ? '已列入今年的建设计划，正在招标'
                    : '已经处理好了，请您查看',
              ...(outcome === 'in_progress'
                ? { plan: '列入年度计划，分两期实施', expectedDate: new Date(clock.at + 40 * DAY).toISOString().slice(0, 10) }
                : {}),
            });
            return rate();
          });
          const pressed = late && rnd.chance(0.7) ? due + rnd.between(0.6, 0.95) * DAY : null;
          const progress = !late && rnd.chance(0.35) ? assignedAt + 0.5 * (closeAt - assignedAt) : null;
          if (pressed !== null && pressed < closeAt) {
            return step(pressed, async () => {
              await caseAct('supervise', supervisorOf(view, villageId, village.townshipId), { note: REASONS.supervise });
              return close;
            });
          }
          if (progress !== null) {
            return step(progress, async () => {
              await caseAct('reply', handler, { reply: REASONS.reply });
              return close;
            });
          }
          return close;
        });
      }

      const rate = (): Step | null =>
        rnd.chance(0.15)
          ? null // some residents never rate
          : step(clock.at + rnd.between(0.3, 3) * DAY, async () => {
              const r = rnd.next();
              const current = await caseAct('detail', follower);
              const rating = current.reassignCount === 0 && r < 0.08 ? 'dissatisfied' : r < 0.85 ? 'satisfied' : 'basic';
              const rated = await caseAct('rate', follower, { rating, ...(rating === 'dissatisfied' ? { comment: '问题还没有彻底解决' } : {}) });
              return rated.status === 'reassigning' ? reassign(rated.level, undefined, rnd.between(0.3, 2) * DAY) : stillThere();
            });

      // 问题还在吗: asked a month after 已办结; some residents answer it within days, most that it is gone, a few 还在 (再交办)
      const stillThere = (): Step | null =>
        inPerson || !rnd.chance(0.4)
          ? null
          : step(clock.at + (RULES.stillThere.askAfterDays + rnd.between(1, 6)) * DAY, async () => {
              if (!(await caseAct('detail', resident)).actions.includes('still_there')) return null;
              await caseAct('still_there', resident, { answer: rnd.chance(0.2) ? 'still' : 'gone', requestId: `seed-${options.seed}-still-${i}` });
              followups.stillThere++;
              return null;
            });

      // entered in person: accepted as it was entered
      if (inPerson) return assign(level, rnd.between(0.05, 0.5) * DAY);
      const r = rnd.next();
      if (r < 0.02) return step(clock.at + 2 * HOUR, async () => (await caseAct('withdraw', resident, { reason: '已经自己解决了' }), null));
      if (r < 0.05) return step(clock.at + 0.5 * DAY, async () => (await caseAct('reject', repId, { reason: REASONS.reject }), null));
      if (r < 0.13) {
        return step(clock.at + rnd.between(0.1, 1) * DAY, async () => {
          await caseAct('answer', repId, { outcome: 'explained', feedbackMethod: 'in_person', reply: REASONS.answer });
          return rate();
        });
      }
      // accepted mostly within the triage limit of one working day; some later
      const acceptAt = clock.at + (rnd.chance(0.1) ? rnd.between(1.5, 4) : rnd.between(0.05, 0.9)) * DAY;
      return step(acceptAt, async () => {
        await caseAct('accept', repId, { category, level });
        return assign(level, rnd.between(0.05, 0.5) * DAY);
      });
    });
  }

  // submissions spread over the months, in working hours, in time order
  const times = Array.from({ length: options.cases }, () => {
    const day = start + Math.floor(rnd.between(0, (end - start) / DAY)) * DAY;
    const midnight = day - ((day + 8 * HOUR) % DAY); // Asia/Shanghai midnight of that day
    return midnight + rnd.between(7.5, 21) * HOUR;
  }).sort((a, b) => a - b);
  const queue: Step[] = times.filter((t) => t <= end).map((t, i) => lifeOf(i, t));

  const enqueue = (s: Step) => {
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (queue[mid]!.at <= s.at) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, s);
  };
  for (const s of receptionDays) enqueue(s);
  const work: WorkMade = { gridVisits: 0, proposals: 0, briefings: 0, activities: 0, evaluations: 0, adjustments: 0 };

  if (!workDone) {
    const context = { rt, seed: options.seed, start, end, act, random: randomSource, now: () => clock.at, enqueue };
    for (const s of representativesWork(context, work)) enqueue(s);
    for (const s of grassrootsWork(context, grassroots)) enqueue(s);
  }
  // the remind timer, once a day at its hour (9:00), as its trigger runs it every minute
  let sweepAt = start - ((start + 8 * HOUR) % DAY) + RULES.reminders.hour * HOUR + DAY;
  // residents open the answers in 我的消息 on most mornings (nothing is pushed locally): each read one has reached them
  const reader = randomSource(options.seed + 1);
  const readAnswers = async () => {
    while ((await rt.deliver()) > 0);
    const _ = rt.db.command;
    const unread = await getAll(
      rt.db
        .collection<Message>('messages')
        .where({ read: false, kind: _.in([...ANSWER_KINDS]) })
        .orderBy('_id', 'asc'),
    );
    for (const m of unread) if (reader.chance(0.6)) await act('messages', { action: 'markRead', ids: [m._id] }, m.to);
  };
  const sweepUntil = async (t: number) => {
    for (; sweepAt <= t; sweepAt += DAY) {
      clock.at = sweepAt;
      for (let more = true; more; ) {
        const res = (await rt.runTimer('remind')) as ApiResult<{ more: boolean }>;
        more = res.ok && res.data.more;
      }
      await readAnswers();
    }
  };
  while (queue.length) {
    const next = queue.shift()!;
    if (next.at > end) continue; // after today: the case waits where it is
    await sweepUntil(next.at);
    clock.at = Math.max(clock.at, next.at);
    const then = await next.run();
    if (then) enqueue(then);
  }
  await sweepUntil(end);
  clock.at = end;
  if (!workDone) work.gridVisits = await seedGrids({ act, now: () => clock.at, seed: options.seed });
  while ((await rt.deliver()) > 0);
  return { cases: times.filter((t) => t <= end).length, from: start, to: end, calls, work, grassroots, followups };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cases: { type: 'string' }, months: { type: 'string', default: '6' }, seed: { type: 'string', default: '1' } } });
  const cases = Number(values.cases);
  const months = Number(values.months);
  const seed = Number(values.seed);
  if (!Number.isInteger(cases) || cases < 1 || cases > 100_000)
    throw new Error('usage: npm run seed -- --cases N [--months 6] [--seed 1] (N from 1 to 100000)');
  if (!Number.isInteger(months) || months < 1 || months > 36) throw new Error('--months: 1 to 36');
  const dataDir = resolve(process.env.LIANXIN_DATA_DIR ?? '.data');
  const clock = new SeedClock(Date.now());
  // a history of thousands of actions: only what went wrong is worth printing
  const log: Log = { ...consoleLog, info: () => undefined };
  const rt = await openLocalRuntime({ dataDir, clock, log, uploadsDir: join(dataDir, 'uploads') });
  try {
    const started = Date.now();
    const report = await seedHistory(rt, clock, { cases, months, seed });
    const w = report.work;
    console.log(
      `seeded ${report.cases} cases, ${w.proposals} proposals, ${w.briefings} briefings, ${w.activities} group activities, ${w.evaluations} evaluations and ` +
        `${w.adjustments} score items, ${report.grassroots.wallPosts} wall posts, ${report.grassroots.matters} matters, ${report.grassroots.passedOn} requests passed on by messengers, ${report.grassroots.meetings} problem meeting and ${report.grassroots.inspections} inspection, ${report.followups.coReports} 我也反映 and ${report.followups.stillThere} answers to 问题还在吗 over ${months} months into ${dataDir} (${report.calls} calls, ${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  } finally {
    await rt.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
