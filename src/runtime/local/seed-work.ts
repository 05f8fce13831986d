/**
 * The representatives' own work in the seeded history (seed.ts walks it with the cases, on the
 * same clock, through the same functions): the office opens a collection window (提案征集) about a
 * month before the party congress and names its review committee; representatives draft 提议 all
 * along and 提案 inside the window, circulate them, co-sign each other's and submit; the office or
 * the committee reviews — most 立案, some 转作意见建议, one 并案, one 不予立案 — the office assigns
 * the registered to county units, their handlers reply A/B/C (some late and pressed, 督办), the
 * proposers rate (one 不满意 goes round again). The office publishes 重大事项通报 to all or to a
 * group, some asking for opinions, which most read and some answer; each activity group logs an
 * activity every few weeks on its day; near the end one representative is evaluated (述职评议) by a
 * dozen residents of their villages and the result published once voting closes; the office adds
 * two manual score items. Every plan is drawn up front from the seed (its own random source per
 * item, so the cases' randomness does not move it); the office acts as an identity of the seed's
 * own (`seed-office-<seed>`), whose presence tells seed.ts the work was made already.
 */
import { RULES } from '../../../config/rules';
import type { CaseView } from '../../../types/api';
import type { Evaluation, Proposal, Rating } from '../../../types/domain';
import type { GroupActivityKind } from '../../domain/groups';
import type { ReplyClass } from '../../domain/proposals';
import { addDays, endOfShanghaiDay, shanghaiDate, startOfShanghaiDay } from '../../domain/calendar';
import { getAll } from '../../server/store';
import type { RouteOptions } from '../../server/usecases/cases';
import * as demo from './demo-county';
import type { LocalRuntime } from './runtime';
import type { Random, Step } from './seed';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** The office the seed acts as: one per seed. */
export const seedOffice = (seed: number) => `seed-office-${seed}`;
const SUPERVISOR = 'seed-supervisor-county';
const ASSIGNER = 'seed-assigner-county';
/** 议案审查委员会: the two county representatives */
const COMMITTEE = ['rep-2', 'rep-6'];
const repId = (id: string) => `seed-rep-${id}`;

export interface WorkContext {
  rt: LocalRuntime;
  seed: number;
  start: number;
  end: number;
  act: <T>(fn: string, event: Record<string, unknown>, openid: string) => Promise<T>;
  /** a random source of its own for one item, so its plan does not depend on anything else */
  random: (key: number) => Random;
  now: () => number;
  /** puts a step on the walk (one that starts several lives: a briefing's readers, an evaluation's voters) */
  enqueue: (s: Step) => void;
}

/** What the run made of the representatives' work. */
export interface WorkMade {
  /** grid visits (网格走访) logged */
  gridVisits: number;
  proposals: number;
  briefings: number;
  activities: number;
  evaluations: number;
  adjustments: number;
}

interface Idea {
  category: string;
  title: string;
  problem: string;
  suggestion: string;
  lead: string;
  co: string[];
}

const IDEAS: Idea[] = [
  {
    category: 'road',
    title: '关于加快农村通组公路提质改造的建议',
    problem: '部分通组公路路面窄、破损多，雨季经常塌方，群众出行和农产品运输很不方便。',
    suggestion: '将通组公路提质改造列入年度计划分批实施，并建立日常养护机制，落实养护资金。',
    lead: 'county-transport',
    co: ['qingshi-build', 'baisha-build'],
  },
  {
    category: 'utilities',
    title: '关于解决山区村组饮水安全问题的建议',
    problem: '山区部分村组仍靠山泉水，旱季缺水，水质没有定期检测，群众喝水不放心。',
    suggestion: '实施农村供水管网延伸工程，落实水质定期检测和管护责任，确保旱季供水。',
    lead: 'county-water',
    co: ['qingshi-build'],
  },
  {
    category: 'environment',
    title: '关于加强农村生活垃圾收运处置的建议',
    problem: '部分村垃圾池清运不及时，收运车辆和保洁人员不足，夏季异味大，群众意见多。',
    suggestion: '增加收运车辆和保洁人员，推行垃圾分类，实行定时定点清运，纳入村级考核。',
    lead: 'county-eco',
    co: ['qingshi-env', 'baisha-env'],
  },
  {
    category: 'welfare',
    title: '关于提高农村养老服务水平的建议',
    problem: '农村留守老人多，村级养老服务站点少，日间照料和助餐服务跟不上。',
    suggestion: '利用闲置村部建设互助养老点，落实运营补贴，引入专业机构提供上门服务。',
    lead: 'county-hrss',
    co: ['qingshi-social', 'baisha-social'],
  },
  {
    category: 'road',
    title: '关于完善临水临崖路段安全设施的建议',
    problem: '临水临崖路段缺少护栏和警示标志，夜间没有路灯，已发生过多起交通事故。',
    suggestion: '全面排查临水临崖路段，补齐护栏、标志和路灯，纳入公路安全生命防护工程。',
    lead: 'county-transport',
    co: [],
  },
  {
    category: 'welfare',
    title: '关于便利外出务工人员异地就医结算的建议',
    problem: '外出务工人员和随迁老人异地就医备案手续多，垫付资金多，报销周期长。',
    suggestion: '简化异地就医备案流程，推广线上办理，扩大直接结算的定点医院范围。',
    lead: 'county-hrss',
    co: [],
  },
  {
    category: 'utilities',
    title: '关于改造老旧农村电网线路的建议',
    problem: '部分村的电网线路老化，用电高峰经常跳闸停电，影响群众生活和生产。',
    suggestion: '协调供电部门对老旧线路和变压器进行改造增容，建立停电快速抢修机制。',
    lead: 'county-water',
    co: ['baisha-build'],
  },
  {
    category: 'environment',
    title: '关于治理畜禽养殖污染的建议',
    problem: '一些养殖场粪污处理设施不全，污水直排沟渠和农田，周边群众反映强烈。',
    suggestion: '开展养殖场粪污治理专项行动，对治理设施给予补助，推广种养结合还田利用。',
    lead: 'county-eco',
    co: ['baisha-env'],
  },
  {
    category: 'other',
    title: '关于增开城乡公交早晚班次的建议',
    problem: '偏远村到县城的公交每天只有两班，学生上学和老人看病出行很困难。',
    suggestion: '优化城乡公交线路，增开早晚班次，在学校和卫生院附近增设站点。',
    lead: 'county-transport',
    co: [],
  },
];

const REPLIES: Record<ReplyClass, string> = {
  A: '您的建议已经采纳。我单位已安排专项资金组织实施，相关工程已完工并通过验收，欢迎继续监督。',
  B: '您的建议已列入今年的工作计划，目前正在组织实施，预计年底前完成，我们将及时向您反馈进展。',
  C: '受资金和政策条件限制，目前暂时无法全部解决。我单位已向上级部门争取支持，条件具备后优先安排。',
};
const AGAIN = '根据您的意见，我单位再次组织现场查看，调整了实施方案，增加了资金安排，计划分两期完成。';

const BRIEFINGS: Array<{ title: string; text: string; groupId?: string }> = [
  {
    title: '关于全县今年重点民生项目安排的通报',
    text: '县委、县政府确定今年实施道路、供水、养老、教育等重点民生项目二十项，现将项目安排通报各位代表，请结合联系村(社区)的情况提出意见建议。',
  },
  {
    title: '关于青石镇集镇改造项目进展的通报',
    text: '青石镇集镇改造项目已完成主干道改造和管网铺设，正在进行立面整治，现将进展情况通报小组各位代表。',
    groupId: 'grp-qingshi',
  },
  {
    title: '关于做好今年防汛工作的通报',
    text: '今年汛期降雨偏多，县防汛指挥部已对防汛工作作出部署。请各位代表协助联系村(社区)排查隐患，做好群众转移避险的宣传。',
  },
  {
    title: '关于白沙镇产业园区建设情况的通报',
    text: '白沙镇产业园区一期已有五家企业入驻，带动周边群众就业三百余人，二期征地工作正在推进，现将情况通报小组各位代表。',
    groupId: 'grp-baisha',
  },
];
const OPINIONS = [
  '建议优先安排群众反映最集中的道路和饮水项目。',
  '项目实施中要加强质量监督，请代表和群众参与验收。',
  '希望把村级养老服务站点建设列入重点项目。',
  '建议提前公布项目进度，方便代表向群众解释。',
];

const ACTIVITIES: Record<GroupActivityKind, { subject: string; notes: string }> = {
  inspection: { subject: '视察农村人居环境整治工作', notes: '实地查看垃圾收运和污水处理设施，听取镇里情况介绍，提出改进意见。' },
  joint_contact: { subject: '集中联系群众，收集意见建议', notes: '在党群服务中心集中接待群众，现场解答政策咨询，登记意见建议。' },
  visit: { subject: '走访困难群众和老党员', notes: '入户走访困难群众和老党员，了解生产生活情况，帮助解决实际困难。' },
};
const KINDS: GroupActivityKind[] = ['inspection', 'joint_contact', 'visit'];

const VOTE_COMMENTS = ['代表经常到村里来，办事很实在', '反映的路灯问题很快就解决了', '希望多来听听老百姓的意见', '工作认真负责', '有些问题解决得慢'];
const REPORT =
  '一年来，本人认真履行党代表职责，按时参加工作室接待日，坚持入户走访，收集群众反映的问题并跟踪办理到底；' +
  '围绕群众关心的道路、饮水、养老等问题提出提议，参加活动小组调研视察。存在的不足是走访的面还不够广，今后将进一步加强与群众的联系。';

/** The moment of an hour of a day (Asia/Shanghai), to the minute. */
/** a moment of a day, Asia/Shanghai; and the day of a moment */
export const at = (date: string, hour: number) => startOfShanghaiDay(date) + Math.round(hour * 60) * 60_000;
export const dayOf = (t: number) => shanghaiDate(t);
/** Fisher–Yates, from the item's own random source. */
function shuffled<T>(r: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const laterBy = (t: number, days: number, hour: number) => at(dayOf(t + days * DAY), hour);

export function representativesWork(ctx: WorkContext, made: WorkMade): Step[] {
  const { rt, act, start, end } = ctx;
  const SEED_OFFICE = seedOffice(ctx.seed);
  const step = (t: number, run: () => Promise<Step | null>): Step => ({ at: t, run });
  const days = (end - start) / DAY;
  const key = (part: number, i: number) => ctx.seed * 100_003 + part * 1000 + i;
  const steps: Step[] = [];

  // ---- proposals: the congress a little after the middle of the history, its window the month before
  const congress = dayOf(start + 0.6 * days * DAY);
  const windowFrom = [addDays(congress, -30), addDays(dayOf(start), 3)].sort().at(-1)!;
  const windowTo = addDays(congress, -3);
  const year = congress.slice(0, 4);
  steps.push(
    step(at(addDays(dayOf(start), 1), 10), async () => {
      await act('proposal', { action: 'committee', representativeIds: COMMITTEE }, SEED_OFFICE);
      return null;
    }),
    step(at(addDays(windowFrom, -2), 10), async () => {
      await act('proposal', { action: 'openWindow', name: `${year}年党代会提案征集`, from: windowFrom, to: windowTo }, SEED_OFFICE);
      return null;
    }),
  );
  /** the submitted proposals' ids by plan key, for the one merged into another */
  const ids = new Map<string, string>();

  type Review = 'register' | 'convert' | 'merge' | 'decline';
  interface Plan {
    key: string;
    kind: 'motion' | 'proposal';
    draftAt: number;
    review: Review;
    intoKey?: string;
    late?: boolean;
    dissatisfied?: boolean;
  }
  const motions = Math.max(2, Math.round((days / 30) * 2));
  const plans: Plan[] = [];
  for (let i = 0; i < motions; i++) {
    const r = ctx.random(key(1, i));
    const date = dayOf(start + ((i + 0.3 + 0.5 * r.next()) / motions) * (days - 12) * DAY);
    const review: Review = i === 2 || i === 5 ? 'convert' : i === 3 ? 'decline' : 'register';
    plans.push({ key: `m${i}`, kind: 'motion', draftAt: at(date, r.between(8, 21)), review, late: i === 1 || r.chance(0.12), dissatisfied: i === 0 });
  }
  const windowDays = Math.max(0, (startOfShanghaiDay(windowTo) - startOfShanghaiDay(windowFrom)) / DAY - 9);
  for (let i = 0; i < 8; i++) {
    const r = ctx.random(key(2, i));
    const date = addDays(windowFrom, Math.floor(r.between(0, windowDays + 1)));
    plans.push({
      key: `p${i}`,
      kind: 'proposal',
      draftAt: at(date, r.between(8, 21)),
      review: i === 3 ? 'merge' : 'register',
      intoKey: 'p0',
      late: r.chance(0.1),
    });
  }

  plans.forEach((plan, n) => {
    const r = ctx.random(key(3, n));
    const proposer = r.pick(demo.representatives);
    const me = repId(proposer._id);
    const idea = IDEAS[(n + ctx.seed) % IDEAS.length]!;
    const others = shuffled(
      r,
      demo.representatives.filter((x) => x._id !== proposer._id),
    );
    const cosigners = others.slice(0, RULES.proposals.minCosigners[plan.kind] + (r.chance(0.5) ? 1 : 0));
    steps.push(
      step(plan.draftAt, async () => {
        const title = plan.kind === 'proposal' ? idea.title : idea.title.replace('的建议', '的提议');
        const p = await act<Proposal>(
          'proposal',
          { action: 'draft', kind: plan.kind, title, category: idea.category, problem: idea.problem, suggestion: idea.suggestion },
          me,
        );
        made.proposals++;
        const on = (action: string, who: string, more: Record<string, unknown> = {}) => act<Proposal>('proposal', { action, proposalId: p._id, ...more }, who);
        let t = ctx.now() + r.between(0.1, 1) * DAY;
        const circulate = step(t, async () => (await on('circulate', me), cosign(0)));
        const cosign = (k: number): Step | null => {
          t += r.between(0.1, 1) * DAY;
          if (k === cosigners.length) return submit();
          return step(t, async () => (await on('cosign', repId(cosigners[k]!._id)), cosign(k + 1)));
        };
        // a 提案 not ready before the window closes stays where it is
        const submit = (): Step | null =>
          plan.kind === 'proposal' && dayOf(t) > windowTo ? null : step(t, async () => (await on('submit', me), ids.set(plan.key, p._id), review()));
        const review = (): Step => {
          // 提议 by the office as they come; 提案 by the committee once the window closed (never a member's own)
          const when = plan.kind === 'proposal' ? at(addDays(windowTo, Math.floor(r.between(2, 8))), 10) : laterBy(ctx.now(), r.between(2, 8), 10);
          const reviewer = plan.kind === 'proposal' ? repId(COMMITTEE.find((c) => c !== proposer._id)!) : SEED_OFFICE;
          return step(when, async () => {
            const into = plan.intoKey && ids.get(plan.intoKey);
            if (plan.review === 'merge' && into) return (await on('merge', reviewer, { intoId: into }), null);
            if (plan.review === 'convert') return convertedCase((await on('convert', reviewer)).review!.caseId!);
            if (plan.review === 'decline')
              return (await on('decline', reviewer, { reason: '所提事项已有明确政策规定，且正在按计划推进，不予立案，已向代表作了说明。' }), null);
            await on('register', reviewer);
            return step(laterBy(ctx.now(), r.between(1, 4), 15), async () => {
              const coUnitIds = idea.co.length && r.chance(0.5) ? [r.pick(idea.co)] : [];
              const assigned = await on('assign', SEED_OFFICE, { leadUnitId: idea.lead, coUnitIds });
              return replyStep(assigned.handling!.assignedAt, assigned.handling!.dueAt, 0);
            });
          });
        };
        // 转作意见建议: the case it became is routed as a request is, a unit answers it, the proposer rates it
        const convertedCase = (caseId: string): Step =>
          step(laterBy(ctx.now(), r.between(1, 3), 10), async () => {
            const onCase = (action: string, who: string, more: Record<string, unknown> = {}) => act<CaseView>('case', { action, caseId, ...more }, who);
            // as the representative first responsible, or the county's assigner for a county matter (as any request is routed)
            const mine = await act<RouteOptions>('case', { action: 'routeOptions', caseId }, me);
            const { suggestion } = mine;
            const who = suggestion.level === 'county' ? ASSIGNER : me;
            const options = who === me ? mine : await act<RouteOptions>('case', { action: 'routeOptions', caseId }, who);
            const unitId = suggestion.unitId ?? options.units.find((u) => u.level === suggestion.level)!.id;
            await onCase('assign', who, { level: suggestion.level, unitId });
            const unit = `seed-handler-${unitId}`;
            return step(ctx.now() + r.between(0.2, 1) * DAY, async () => {
              await onCase('sign', unit);
              return step(ctx.now() + r.between(5, 20) * DAY, async () => {
                await onCase('close', unit, { outcome: 'resolved', feedbackMethod: 'in_person', reply: REPLIES.A });
                return step(ctx.now() + r.between(1, 4) * DAY, async () => (await onCase('rate', me, { rating: 'satisfied' }), null));
              });
            });
          });
        const handler = `seed-handler-${idea.lead}`;
        const replyStep = (from: number, due: number, round: number): Step => {
          const late = plan.late && round === 0;
          const replyAt = round > 0 ? from + r.between(10, 25) * DAY : late ? due + r.between(3, 15) * DAY : from + r.between(0.25, 0.9) * (due - from);
          const reply = step(replyAt, async () => {
            const c = r.next();
            const replyClass: ReplyClass = round > 0 ? 'B' : c < 0.5 ? 'A' : c < 0.85 ? 'B' : 'C';
            await on('reply', handler, { replyClass, text: round > 0 ? AGAIN : REPLIES[replyClass] });
            return rate(round);
          });
          // pressed the day after it fell due, unanswered
          if (!late) return reply;
          return step(due + 14 * HOUR, async () => {
            await on('supervise', r.chance(0.5) ? SUPERVISOR : SEED_OFFICE, { note: '已超过答复期限，请抓紧办理，尽快答复代表。' });
            return reply;
          });
        };
        const rate = (round: number): Step => {
          // some proposers take their time
          const wait = r.chance(0.25) ? r.between(25, 60) : r.between(1, 5);
          return step(ctx.now() + wait * DAY, async () => {
            const rating: Rating = plan.dissatisfied && round === 0 ? 'dissatisfied' : r.chance(0.7) ? 'satisfied' : 'basic';
            const rated = await on('rate', me, { rating });
            return rated.status === 'handling' ? replyStep(ctx.now(), rated.handling!.dueAt, round + 1) : null;
          });
        };
        return circulate;
      }),
    );
  });

  // ---- 重大事项通报: every six weeks or so, to all (asking for opinions) or to one group
  const briefings = Math.max(1, Math.round(days / 45));
  for (let i = 0; i < briefings; i++) {
    const r = ctx.random(key(4, i));
    const b = BRIEFINGS[i % BRIEFINGS.length]!;
    const publishAt = at(dayOf(start + ((i + 0.4) / briefings) * days * DAY), r.between(9, 11));
    const opinionsUntil = b.groupId ? undefined : addDays(dayOf(publishAt), 10);
    const audience = b.groupId ? demo.groups.find((g) => g._id === b.groupId)!.memberIds : demo.representatives.map((x) => x._id);
    steps.push(
      step(publishAt, async () => {
        const published = await act<{ id: string }>(
          'briefing',
          {
            action: 'publish',
            requestId: `seed-${ctx.seed}-briefing-${i}`,
            title: b.title,
            text: b.text,
            ...(b.groupId ? { audience: 'groups', groupIds: [b.groupId] } : { audience: 'all' }),
            ...(opinionsUntil ? { opinionsUntil } : {}),
          },
          SEED_OFFICE,
        );
        made.briefings++;
        const on = (action: string, who: string, more: Record<string, unknown> = {}) =>
          act('briefing', { action, briefingId: published.id, ...more }, repId(who));
        // most read it within days, some never; asked for opinions, about half answer before the closing day
        for (const who of audience) {
          if (r.chance(0.2)) continue;
          const readAt = publishAt + r.between(0.05, 4) * DAY;
          const opineAt = readAt + r.between(0.5, 5) * DAY;
          const opines = opinionsUntil && r.chance(0.5) && dayOf(opineAt) <= opinionsUntil;
          const opinion = r.pick(OPINIONS);
          ctx.enqueue(
            step(readAt, async () => {
              await on('open', who);
              await on('ack', who);
              return opines ? step(opineAt, async () => (await on('opine', who, { opinion }), null)) : null;
            }),
          );
        }
        return null;
      }),
    );
  }

  // ---- activity groups: an activity every three weeks or so, logged on its day
  demo.groups.forEach((g, gi) => {
    const r = ctx.random(key(5, gi));
    for (let t = start + (5 + 4 * gi) * DAY, k = 0; t < end; t += r.between(17, 28) * DAY, k++) {
      const date = dayOf(t);
      const kind = KINDS[(k + gi) % KINDS.length]!;
      const logAt = at(date, r.between(17, 20.5));
      const logger = r.chance(0.8) ? g.leaderId : r.pick(g.memberIds);
      const attendees = g.memberIds.filter((id) => id === logger || r.chance(0.8));
      const village = r.pick(demo.villages.filter((v) => g._id === `grp-${v.townshipId}`));
      const opinions = kind === 'inspection' ? undefined : Math.floor(r.between(kind === 'visit' ? 1 : 3, kind === 'visit' ? 6 : 15));
      steps.push(
        step(logAt, async () => {
          const { subject, notes } = ACTIVITIES[kind];
          await act(
            'group',
            {
              action: 'log',
              groupId: g._id,
              requestId: `seed-${ctx.seed}-activity-${gi}-${k}`,
              kind,
              date,
              place: `${village.name}党群服务中心`,
              subject,
              attendeeIds: attendees,
              notes,
              ...(opinions === undefined ? {} : { opinions }),
            },
            repId(logger),
          );
          made.activities++;
          return null;
        }),
      );
    }
  });

  // ---- 述职评议 of one representative, opened some forty days before today
  {
    const r = ctx.random(key(6, 0));
    const rep = demo.representatives[ctx.seed % demo.representatives.length]!;
    const openDate = dayOf(Math.max(start + DAY, end - 40 * DAY));
    const openAt = at(openDate, 10);
    const opensOn = addDays(openDate, 5);
    const closesOn = addDays(opensOn, 14);
    steps.push(
      step(openAt, async () => {
        const earlier = await getAll(
          rt.db.collection<Evaluation>('evaluations').where({ countyId: demo.county._id, representativeId: rep._id }).orderBy('seq', 'asc'),
        );
        // another seed's still waiting for its result: one at a time
        if (earlier.some((e) => !e.result)) return null;
        const e = await act<{ id: string }>(
          'evaluation',
          {
            action: 'open',
            representativeId: rep._id,
            name: `${rep.name}${openDate.slice(0, 4)}年度述职评议`,
            from: dayOf(start),
            to: openDate,
            opensOn,
            closesOn,
          },
          SEED_OFFICE,
        );
        made.evaluations++;
        const on = (action: string, who: string, more: Record<string, unknown>) => act('evaluation', { action, evaluationId: e.id, ...more }, who);
        ctx.enqueue(step(at(addDays(openDate, 2), 20), async () => (await on('report', repId(rep._id), { text: REPORT }), null)));
        const voters = Math.floor(r.between(10, 15));
        const votingMs = endOfShanghaiDay(closesOn) - 3 * HOUR - at(opensOn, 8);
        for (let k = 0; k < voters; k++) {
          const v = r.next();
          const rating: Rating = v < 0.65 ? 'satisfied' : v < 0.9 ? 'basic' : 'dissatisfied';
          const comment = r.chance(0.4) ? r.pick(VOTE_COMMENTS) : undefined;
          const vote = { villageId: r.pick(rep.villageIds), rating, ...(comment ? { comment } : {}) };
          ctx.enqueue(step(at(opensOn, 8) + r.next() * votingMs, async () => (await on('vote', `seed-voter-${ctx.seed}-${k}`, vote), null)));
        }
        ctx.enqueue(step(at(addDays(closesOn, 1), 10), async () => (await on('publish', SEED_OFFICE, {}), null)));
        return null;
      }),
    );
  }

  // ---- the office's manual score items (办公室加减分)
  const adjustments = [
    {
      rep: demo.representatives[(ctx.seed + 3) % demo.representatives.length]!,
      points: 2,
      reason: '牵头开展农村养老服务专题调研，调研报告被县委采纳',
      at: at(dayOf(end - 12 * DAY), 15),
    },
    {
      rep: demo.representatives[(ctx.seed + 5) % demo.representatives.length]!,
      points: -1,
      reason: '无故缺席一次集中接待日活动',
      at: at(dayOf(end - 6 * DAY), 15),
    },
  ];
  for (const a of adjustments) {
    steps.push(
      step(a.at, async () => {
        await act(
          'office',
          { action: 'adjustScore', representativeId: a.rep._id, year: Number(dayOf(a.at).slice(0, 4)), points: a.points, reason: a.reason },
          SEED_OFFICE,
        );
        made.adjustments++;
        return null;
      }),
    );
  }
  return steps;
}

/** 网格: two grids the seed's office keeps, and their representatives' visits of the last four weeks — one grid meeting the rule, one not. */
export const SEED_GRIDS = [
  {
    code: 'grid-taoyuan-1',
    name: '桃源村第一网格',
    villageId: 'taoyuan',
    staffNames: ['王秀兰', '林国富'],
    representativeIds: ['rep-1'],
    backbones: ['孙大伯'],
    weekdays: [0, 2, 4],
  },
  { code: 'grid-xinhe-1', name: '新河社区第一网格', villageId: 'xinhe', staffNames: ['周建华'], representativeIds: ['rep-8'], backbones: [], weekdays: [1, 3] },
] as const;

/** The office saves one of the seed's grids (again: unchanged): its id and people. */
export const saveSeedGrid = (ctx: Pick<WorkContext, 'act' | 'seed'>, { weekdays: _w, ...grid }: (typeof SEED_GRIDS)[number]) =>
  ctx.act<{ id: string; people: string[] }>(
    'grid',
    { action: 'save', ...grid, representativeIds: [...grid.representativeIds], staffNames: [...grid.staffNames], backbones: [...grid.backbones] },
    seedOffice(ctx.seed),
  );

export async function seedGrids(ctx: Pick<WorkContext, 'act' | 'now' | 'seed'>): Promise<number> {
  const today = shanghaiDate(ctx.now());
  // the Monday four weeks back
  const monday = addDays(today, -(((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 28));
  let visits = 0;
  for (const grid of SEED_GRIDS) {
    const saved = await saveSeedGrid(ctx, grid);
    for (let week = 0; week < 4; week++)
      for (const d of grid.weekdays) {
        await ctx.act(
          'grid',
          { action: 'logVisit', gridId: saved.id, date: addDays(monday, week * 7 + d), people: saved.people.slice(0, 2), households: 4 + ((week + d) % 5) },
          repId(grid.representativeIds[0]),
        );
        visits++;
      }
  }
  return visits;
}
