/**
 * The grassroots channels in the seeded history (seed.ts walks them with the cases, on the same
 * clock, through the same functions): residents write on their village's 民意回音墙 now and then,
 * without a name; the village committee answers most within days, some late (the remind timer
 * marks them 逾期 and the office presses one), and a few are turned into cases. Late in the history
 * 青石镇 puts a road fund to 桃源村 and 柳河村 (重大事项民意): residents vote from their boards and the
 * result is published once the window closes; 白沙村 decides its square's lights at a 坝坝会 whose
 * chair records the counts. The office draws the grids at the start and invites a 民情信使 for each,
 * who passes on a neighbour's request every few weeks (named with consent, or anonymous): the grid's
 * representative accepts it, the village committee answers it and the messenger rates it for the
 * neighbour. Near the end 青石镇 holds its monthly 问题会商会, pressing the cases on its agenda with a
 * new date, and the county draws three reception days to inspect (督查), one group found short of a
 * representative. Every plan is drawn up front from the seed.
 */
import type { CaseView } from '../../../types/api';
import type { Inspection } from '../../../types/domain';
import { addDays } from '../../domain/calendar';
import type { MeetingView } from '../../server/usecases/linkage';
import * as demo from './demo-county';
import type { Step } from './seed';
import { at, dayOf, SEED_GRIDS, saveSeedGrid, seedOffice, type WorkContext } from './seed-work';

const DAY = 24 * 3600 * 1000;

/** What a village's residents write on its wall; `{v}` is the village. */
const POSTS = [
  '{v}村委会门口的公告栏好久没更新了，希望把低保名单和补贴发放情况按时公示',
  '{v}晚上路灯九点就关了，下晚班回来路上很黑，能不能晚一点关',
  '{v}垃圾池旁边又有人乱倒建筑垃圾，建议装个摄像头',
  '{v}的健身器材有两个坏了，老人锻炼不安全',
  '{v}村道两边的杂草太高，会车看不见对面来车',
  '希望{v}卫生室周末也能开半天，老人看病方便些',
  '{v}的自来水最近有几天发浑，希望查一查水源',
  '建议{v}在小学门口路段画斑马线、装减速带',
];
const REPLIES = {
  onTime: '感谢您的留言。村委会已安排专人处理，本周内落实，处理结果会在公开栏公示。',
  late: '抱歉答复晚了。此事需要镇里协调，现已协调好，下周开始处理。',
};

/** What neighbours tell their grid's messenger. */
const NEIGHBOURS = [
  { category: 'environment', description: '邻居说巷子口的垃圾桶满了三天没人清，味道很大' },
  { category: 'utilities', description: '邻居家老人说这周水压太小，二楼接不上水' },
  { category: 'road', description: '邻居反映屋后小路的石板塌了一块，晚上容易崴脚' },
  { category: 'other', description: '邻居想问村里的老年活动室什么时候重新开门' },
];

export interface GrassrootsMade {
  wallPosts: number;
  matters: number;
  passedOn: number;
  meetings: number;
  inspections: number;
}

/** The seed's steps for the walls and the matters put to residents. */
export function grassrootsWork(ctx: WorkContext, made: GrassrootsMade): Step[] {
  const { act, start, end } = ctx;
  const office = seedOffice(ctx.seed);
  const step = (t: number, run: () => Promise<Step | null>): Step => ({ at: t, run });
  const days = (end - start) / DAY;
  const key = (part: number, i: number) => ctx.seed * 100_019 + part * 1000 + i;
  const steps: Step[] = [];

  // ---- 回音墙: about one post a month per village
  const posts = Math.max(3, Math.round((days / 30) * demo.villages.length * 0.5));
  for (let i = 0; i < posts; i++) {
    const r = ctx.random(key(1, i));
    const village = demo.villages[i % demo.villages.length]!;
    const postAt = at(dayOf(start + r.between(0.02, 0.95) * days * DAY), r.between(7, 22));
    const text = POSTS[(i + ctx.seed) % POSTS.length]!.replace('{v}', village.name);
    const late = i === 1 || r.chance(0.12);
    const converted = i === 2 || (!late && r.chance(0.12));
    const unit = `seed-handler-vc-${village._id}`;
    steps.push(
      step(postAt, async () => {
        const p = await act<{ id: string; held: boolean }>('wall', { action: 'post', villageId: village._id, text }, `seed-wall-${ctx.seed}-${i}`);
        made.wallPosts++;
        if (p.held) return null;
        const on = (action: string, who: string, more: Record<string, unknown> = {}) => act('wall', { action, postId: p.id, ...more }, who);
        const reply = step(ctx.now() + (late ? r.between(13, 20) : r.between(0.5, 6)) * DAY, async () => {
          await on('reply', unit, { text: late ? REPLIES.late : REPLIES.onTime });
          return converted ? step(ctx.now() + r.between(0.1, 1) * DAY, async () => (await on('convert', unit, { category: 'other' }), null)) : null;
        });
        // a late one is pressed by the office the day after it fell due
        return late
          ? step(ctx.now() + 12 * DAY, async () => (await on('supervise', office, { note: '回音墙留言已超过答复期限，请尽快答复。' }), reply))
          : reply;
      }),
    );
  }

  // ---- 重大事项民意: a vote two months before the end, a 坝坝会 a month before
  const r = ctx.random(key(2, 0));
  const voteOpens = dayOf(end - Math.min(60, days * 0.4) * DAY);
  const voteCloses = addDays(voteOpens, 6);
  const township = 'seed-assigner-qingshi';
  steps.push(
    step(at(addDays(voteOpens, -2), 10), async () => {
      const m = await act<{ id: string }>(
        'matter',
        {
          action: 'open',
          requestId: `seed-${ctx.seed}-matter-vote`,
          title: '桃源村至柳河村道路硬化集资',
          body: '拟将桃源村至柳河村的3公里机耕道硬化为水泥路，县里补助60%，其余由两村受益群众集资：直接受益每人300元，间接受益每人100元。请两村群众表决。',
          kind: 'approval',
          mode: 'vote',
          villageIds: ['taoyuan', 'liuhe'],
          opensOn: voteOpens,
          closesOn: voteCloses,
        },
        township,
      );
      made.matters++;
      // two dozen residents vote over the week, about four in five for it
      for (let v = 0; v < 24; v++) {
        const villageId = v % 3 === 0 ? 'liuhe' : 'taoyuan';
        const option = r.chance(0.8) ? 0 : 1;
        ctx.enqueue(
          step(at(addDays(voteOpens, Math.floor(r.between(0, 7))), r.between(7, 21)), async () => {
            await act('matter', { action: 'vote', matterId: m.id, villageId, option }, `seed-voter-${ctx.seed}-${v}`);
            return null;
          }),
        );
      }
      return step(at(addDays(voteCloses, 1), 9), async () => (await act('matter', { action: 'close', matterId: m.id }, township), null));
    }),
  );
  const meetingOn = dayOf(end - Math.min(30, days * 0.2) * DAY);
  const chair = 'seed-assigner-baisha';
  steps.push(
    step(at(addDays(meetingOn, -5), 10), async () => {
      const m = await act<{ id: string }>(
        'matter',
        {
          action: 'open',
          requestId: `seed-${ctx.seed}-matter-meeting`,
          title: '白沙村文化广场安装路灯',
          body: '村集体经济收益中拿出2万元，为文化广场安装8盏太阳能路灯。在广场召开坝坝会，由到会群众举手表决。',
          kind: 'approval',
          mode: 'meeting',
          villageIds: ['baishacun'],
          opensOn: addDays(meetingOn, -1),
          closesOn: addDays(meetingOn, 3),
        },
        chair,
      );
      made.matters++;
      return step(at(meetingOn, 20), async () => {
        await act(
          'matter',
          {
            action: 'meeting',
            matterId: m.id,
            date: meetingOn,
            place: '白沙村文化广场',
            attendance: 63,
            counts: [51, 9],
            minutes: '村党支部书记主持，说明了资金来源和安装位置。群众提出路灯要照到健身器材一带，已采纳。举手表决：同意51人，不同意9人，3人未表态。',
          },
          chair,
        );
        return null;
      });
    }),
  );
  // ---- 网格 and 民情信使: the grids drawn at the start, a messenger invited for each
  steps.push(
    step(at(addDays(dayOf(start), 1), 11), async () => {
      for (const [g, grid] of SEED_GRIDS.entries()) {
        const saved = await saveSeedGrid(ctx, grid);
        const messenger = `seed-messenger-${ctx.seed}-${g}`;
        const invited = await act<{ id: string; code: string }>(
          'messenger',
          { action: 'invite', kind: 'messenger', name: MESSENGER_NAMES[g % MESSENGER_NAMES.length]!, phone: `1375550${String(1000 + g)}`, gridId: saved.id },
          office,
        );
        // every few weeks a neighbour's request, until the end of the history
        const passOn = (n: number): Step | null => {
          const t = ctx.now() + ctx.random(key(3, g * 100 + n)).between(12, 30) * DAY;
          return t > end ? null : step(t, async () => (await passed(g, n, invited.id, messenger), passOn(n + 1)));
        };
        ctx.enqueue(step(ctx.now() + 0.2 * DAY, async () => (await act('messenger', { action: 'accept', code: invited.code }, messenger), passOn(0))));
      }
      return null;
    }),
  );
  /** One request a messenger passes on, and its life: accepted, answered by the village, rated for the neighbour. */
  const passed = async (g: number, n: number, messengerId: string, messenger: string): Promise<void> => {
    const r = ctx.random(key(4, g * 100 + n));
    const grid = SEED_GRIDS[g]!;
    const words = NEIGHBOURS[(n + g) % NEIGHBOURS.length]!;
    const anonymous = r.chance(0.3);
    const sent = await act<{ id: string; created: boolean }>(
      'messenger',
      {
        action: 'pass',
        messengerId,
        requestId: `seed-${ctx.seed}-pass-${g}-${n}`,
        ...words,
        ...(anonymous ? { anonymous: true } : { name: r.pick(['周大娘', '陈大爷', '刘阿姨', '吴奶奶']), phone: `1366660${String(1000 + n)}`, consent: true }),
      },
      messenger,
    );
    made.passedOn++;
    if (!sent.created) return;
    const rep = `seed-rep-${grid.representativeIds[0]}`;
    const unit = `seed-handler-vc-${grid.villageId}`;
    const onCase = (action: string, who: string, more: Record<string, unknown> = {}) => act<CaseView>('case', { action, caseId: sent.id, ...more }, who);
    ctx.enqueue(
      step(ctx.now() + r.between(0.1, 1) * DAY, async () => {
        await onCase('accept', rep, { level: 'village' });
        await onCase('assign', rep, { level: 'village', unitId: `vc-${grid.villageId}` });
        return step(ctx.now() + r.between(0.2, 1) * DAY, async () => {
          await onCase('sign', unit);
          return step(ctx.now() + r.between(1, 5) * DAY, async () => {
            await onCase('close', unit, { outcome: 'resolved', feedbackMethod: 'message', reply: '已安排人员处理好了，请转告群众。' });
            return step(
              ctx.now() + r.between(0.5, 3) * DAY,
              async () => (await onCase('rate', messenger, { rating: r.chance(0.8) ? 'satisfied' : 'basic' }), null),
            );
          });
        });
      }),
    );
  };

  // ---- 三联动: 青石镇's 问题会商会 of the last month, and a 督查 of three reception days
  const sitsOn = dayOf(end - 2 * DAY);
  const month = sitsOn.slice(0, 7);
  steps.push(
    step(at(addDays(sitsOn, -3), 16), async () => {
      await act(
        'linkage',
        { action: 'addAgendaItem', townshipId: 'qingshi', month, text: '柳河村饮水管网老化，多户反映水压不足，需镇里统筹' },
        'seed-assigner-qingshi',
      );
      return step(at(sitsOn, 15), async () => {
        const agenda = await act<MeetingView>('linkage', { action: 'agenda', townshipId: 'qingshi', month }, 'seed-assigner-qingshi');
        const township = agenda.units.filter((u) => u.level === 'township');
        const decisions = agenda.items.map((item) => ({
          key: item.key,
          leadUnitId: agenda.units.find((u) => u.name === item.unitName)?.id ?? township[0]!.id,
          dueDate: addDays(sitsOn, 14),
          note: item.kind === 'case' ? '会商明确牵头单位，两周内办结并向群众反馈' : '镇村建办牵头，摸清管网底数，列入明年计划',
        }));
        await act(
          'linkage',
          {
            action: 'recordMeeting',
            townshipId: 'qingshi',
            month,
            date: sitsOn,
            place: '青石镇政府三楼会议室',
            attendees: ['青石镇组织委员', '青石镇督办领导', '村镇建设服务中心', '社会事务办公室'],
            decisions,
          },
          'seed-assigner-qingshi',
        );
        made.meetings++;
        return null;
      });
    }),
    step(at(dayOf(end - DAY), 10), async () => {
      const drawn = await act<Inspection>(
        'linkage',
        { action: 'draw', from: dayOf(end - 31 * DAY), to: dayOf(end - 2 * DAY), count: 3 },
        'seed-supervisor-county',
      );
      for (const [k, session] of drawn.sessions.entries()) {
        const absentIds = k === 0 && session.representativeIds.length > 1 ? [session.representativeIds.at(-1)!] : [];
        await act(
          'linkage',
          {
            action: 'inspect',
            inspectionId: drawn._id,
            session: session.key,
            absentIds,
            notes: absentIds.length ? '一名代表未按时到岗，未请假' : '接待小组按时到岗，台账齐全',
          },
          'seed-supervisor-county',
        );
      }
      made.inspections++;
      return null;
    }),
  );
  return steps;
}

const MESSENGER_NAMES = ['孙桂芳', '郑大勇', '钱小燕'];
