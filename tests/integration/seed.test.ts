/**
 * `npm run seed`: a county's history made through the cloud functions on a clock that walks the
 * months — residents' requests and the representatives' own work — varied enough that every screen
 * has something to show, and the same for the same seed.
 */
import type {
  Briefing,
  Callback,
  BriefingRead,
  CaseRecord,
  Evaluation,
  EvaluationVote,
  Grid,
  GridVisit,
  GroupActivity,
  Inspection,
  Matter,
  MatterVote,
  Messenger,
  ProblemMeeting,
  Proposal,
  ScoreAdjustment,
  WallPost,
} from '../../types/domain';
import { RULES } from '../../config/rules';
import { gridCompliance } from '../../src/domain/grids';
import { openLocalRuntime } from '../../src/runtime/local/runtime';
import { SeedClock, seedHistory } from '../../src/runtime/local/seed';
import { getAll } from '../../src/server/store';
import { MONDAY_9AM, OFFICE, quietLog } from '../harness';

interface Work {
  proposals: Proposal[];
  briefings: Briefing[];
  briefingReads: BriefingRead[];
  groupActivities: GroupActivity[];
  evaluations: Evaluation[];
  evaluationVotes: EvaluationVote[];
  scoreAdjustments: ScoreAdjustment[];
  wallPosts: WallPost[];
  matters: Matter[];
  matterVotes: MatterVote[];
  grids: Grid[];
  gridVisits: GridVisit[];
  messengers: Messenger[];
  problemMeetings: ProblemMeeting[];
  inspections: Inspection[];
  callbacks: Callback[];
}

async function history(seed: number, cases: number): Promise<{ all: CaseRecord[]; work: Work }> {
  const clock = new SeedClock(MONDAY_9AM);
  const rt = await openLocalRuntime({ clock, log: quietLog });
  try {
    const report = await seedHistory(rt, clock, { cases, months: 6, seed });
    expect(report.cases).toBe(cases);
    expect(clock.now()).toBe(MONDAY_9AM);
    // in the order they came (a case made from a proposal has an id of its own)
    const all = await getAll(rt.db.collection<CaseRecord>('cases').orderBy('no', 'asc'));
    // the office's statistics over the whole history agree with the records themselves
    const stats = await rt.call('office', { action: 'statistics', from: '2026-01-01', to: '2026-11-23' }, OFFICE);
    const answered = (o: string) => all.filter((c) => ['replied', 'closed'].includes(c.status) && c.outcome === o).length;
    expect(stats).toMatchObject({
      ok: true,
      data: {
        reception: { sessions: expect.any(Number), attendances: expect.any(Number) },
        totals: {
          collected: all.length,
          resolved: answered('resolved'),
          inProgress: answered('in_progress'),
          explained: answered('explained'),
          withdrawn: all.filter((c) => c.status === 'withdrawn').length,
        },
      },
    });
    const work = (await rt.db.dump()) as unknown as Work;
    const byTime = <T extends { createdAt?: number; publishedAt?: number }>(xs: T[] = []) =>
      [...xs].sort((a, b) => (a.createdAt ?? a.publishedAt ?? 0) - (b.createdAt ?? b.publishedAt ?? 0));
    return { all, work: { ...work, proposals: byTime(work.proposals), briefings: byTime(work.briefings), groupActivities: byTime(work.groupActivities) } };
  } finally {
    await rt.close();
  }
}

const count = (cases: CaseRecord[], test: (c: CaseRecord) => boolean) => cases.filter(test).length;

let seven: Awaited<ReturnType<typeof history>>;
beforeAll(async () => {
  seven = await history(7, 200);
});

it('makes a varied county history over the months, all through the cloud functions', () => {
  const cases = seven.all.filter((c) => !c.proposalId && !c.wallPostId && !c.messenger);
  expect(cases).toHaveLength(200);
  const months = new Set(cases.map((c) => new Date(c.createdAt + 8 * 3600 * 1000).toISOString().slice(0, 7)));
  expect(months.size).toBeGreaterThanOrEqual(6);
  expect(Math.min(...cases.map((c) => c.createdAt))).toBeGreaterThanOrEqual(MONDAY_9AM - 180 * 24 * 3600 * 1000);

  const statuses = new Set(cases.map((c) => c.status));
  for (const s of ['closed', 'replied', 'not_accepted', 'withdrawn'] as const) expect({ s, seen: statuses.has(s) }).toEqual({ s, seen: true });
  // the latest requests are still being worked on
  expect(count(cases, (c) => !['closed', 'not_accepted', 'withdrawn'].includes(c.status))).toBeGreaterThan(0);
  for (const o of ['resolved', 'in_progress', 'explained'] as const) expect({ o, n: count(cases, (c) => c.outcome === o) > 0 }).toEqual({ o, n: true });
  for (const l of ['village', 'township', 'county'] as const) expect({ l, n: count(cases, (c) => c.level === l) > 0 }).toEqual({ l, n: true });
  expect(count(cases, (c) => c.overdue)).toBeGreaterThan(0);
  expect(count(cases, (c) => c.superviseCount > 0)).toBeGreaterThan(0);
  expect(count(cases, (c) => c.escalationCount > 0)).toBeGreaterThan(0);
  expect(count(cases, (c) => c.returnCount > 0)).toBeGreaterThan(0);
  // 不满意 sent back and handled again
  expect(count(cases, (c) => c.reassignCount > 0)).toBeGreaterThan(0);
  expect(count(cases, (c) => c.events.some((e) => e.action === 'rate' && e.data?.rating === 'dissatisfied'))).toBeGreaterThan(0);
  // the clock ran every day: reminders and overdue marks are on the timelines
  expect(count(cases, (c) => c.events.some((e) => e.action === 'remind'))).toBeGreaterThan(0);
  expect(count(cases, (c) => c.events.some((e) => e.action === 'overdue'))).toBeGreaterThan(0);
  // reception days and visits were logged, and some requests entered there
  expect(count(cases, (c) => c.receptionId !== null)).toBeGreaterThan(0);
  expect(count(cases, (c) => c.receptionId !== null && c.status === 'closed')).toBeGreaterThan(0);
  // every timeline runs forward in time
  for (const c of cases) expect(c.events.map((e) => e.at)).toEqual([...c.events.map((e) => e.at)].sort((a, b) => a - b));
});

it("adds the representatives' own work: proposals through every stage, briefings read and answered, group activities, a 述职评议 and score items", () => {
  const { proposals, briefings, briefingReads, groupActivities, evaluations, evaluationVotes, scoreAdjustments } = seven.work;
  const statuses = (kind: Proposal['kind']) => new Set(proposals.filter((p) => p.kind === kind).map((p) => p.status));
  expect(proposals.length).toBeGreaterThanOrEqual(15);
  for (const s of ['handling', 'replied', 'closed', 'declined', 'converted'] as const)
    expect({ s, seen: statuses('motion').has(s) }).toEqual({ s, seen: true });
  for (const s of ['handling', 'merged'] as const) expect({ s, seen: statuses('proposal').has(s) }).toEqual({ s, seen: true });
  // each with the co-signers its kind needs, a 提案 submitted inside its window
  for (const p of proposals.filter((p) => p.submittedAt !== null)) {
    expect(p.cosigners.length).toBeGreaterThanOrEqual(p.kind === 'motion' ? 2 : 5);
    if (p.kind === 'proposal') expect(new Date(p.submittedAt! + 8 * 3600 * 1000).toISOString().slice(0, 10) <= p.window!.to).toBe(true);
  }
  expect(proposals.find((p) => p.status === 'declined')?.review?.reason).toBeTruthy();
  expect(proposals.find((p) => p.status === 'merged')?.review?.intoId).toBeTruthy();
  // the cases made from proposals are routed and answered like any request
  const converted = seven.all.filter((c) => c.proposalId);
  expect(converted.length).toBe(proposals.filter((p) => p.status === 'converted').length);
  expect(converted.some((c) => c.status === 'closed')).toBe(true);
  // answered A/B/C by the lead unit, some late and pressed, one 不满意 answered again
  expect(new Set(proposals.flatMap((p) => (p.reply ? [p.reply.replyClass] : []))).size).toBeGreaterThanOrEqual(2);
  expect(proposals.some((p) => p.handling && p.handling.coUnitIds.length > 0)).toBe(true);
  expect(proposals.some((p) => p.events.some((e) => e.action === 'supervise'))).toBe(true);
  expect(proposals.some((p) => p.rounds === 1 && p.events.filter((e) => e.action === 'reply').length === 2)).toBe(true);

  expect(briefings.length).toBeGreaterThanOrEqual(3);
  expect(briefings.some((b) => b.audience === 'groups')).toBe(true);
  expect(briefings.some((b) => b.opinionsUntil !== null)).toBe(true);
  const told = briefings.reduce((n, b) => n + b.representativeIds.length, 0);
  const read = briefingReads.filter((r) => r.readAt !== null).length;
  // most read them, some never did, some answered
  expect(read).toBeGreaterThan(told / 2);
  expect(read).toBeLessThan(told);
  expect(briefingReads.some((r) => r.opinion !== null)).toBe(true);

  // every few weeks per group, logged on the day with those present
  for (const g of ['grp-qingshi', 'grp-baisha']) expect(groupActivities.filter((a) => a.groupId === g).length).toBeGreaterThanOrEqual(5);
  expect(new Set(groupActivities.map((a) => a.kind)).size).toBe(3);
  for (const a of groupActivities) {
    expect(a.attendeeIds.length).toBeGreaterThan(0);
    expect(new Date(a.createdAt + 8 * 3600 * 1000).toISOString().slice(0, 10)).toBe(a.date);
  }

  expect(evaluations).toHaveLength(1);
  expect(evaluations[0]).toMatchObject({
    report: expect.objectContaining({ text: expect.any(String) }),
    result: expect.objectContaining({ publishedAt: expect.any(Number) }),
  });
  expect(evaluationVotes.length).toBeGreaterThanOrEqual(10);
  expect(evaluationVotes.every((v) => evaluations[0]!.villageIds.includes(v.villageId))).toBe(true);
  expect(scoreAdjustments.map((a) => Math.sign(a.points)).sort()).toEqual([-1, 1]);
});

it('adds the grassroots channels: wall posts answered on time and late, one turned into a case, a vote and a 坝坝会 decided', () => {
  const { wallPosts, matters, matterVotes } = seven.work;
  expect(wallPosts.length).toBeGreaterThanOrEqual(12);
  expect(new Set(wallPosts.map((p) => p.villageId)).size).toBe(6);
  const replied = wallPosts.filter((p) => p.reply);
  expect(replied.filter((p) => !p.reply!.late).length).toBeGreaterThan(replied.length / 2);
  const late = wallPosts.filter((p) => p.reply?.late);
  expect(late.length).toBeGreaterThanOrEqual(1);
  expect(late.every((p) => p.overdue && p.supervisions.length === 1)).toBe(true);
  const converted = wallPosts.filter((p) => p.case);
  expect(converted.length).toBeGreaterThanOrEqual(1);
  expect(converted.every((p) => seven.all.some((c) => c._id === p.case!.id && c.wallPostId === p._id && c.resident.anonymous))).toBe(true);
  const [vote, meeting] = [matters.find((m) => m.mode === 'vote')!, matters.find((m) => m.mode === 'meeting')!];
  expect(vote.result).toMatchObject({ cast: 24, passed: true });
  expect(matterVotes.filter((v) => v.matterId === vote._id)).toHaveLength(24);
  expect(meeting).toMatchObject({ meeting: { attendance: 63, counts: [51, 9] }, result: { passed: true } });
});

/** the four whole weeks before the history's last day, Monday 23 November 2026 */
const PERIOD = { from: '2026-10-26', to: '2026-11-22' };

it('adds messengers passing on neighbours’ requests, a township’s monthly meeting pressing its cases, and a 督查 with an absence', async () => {
  const { messengers, problemMeetings, inspections } = seven.work;
  expect(messengers).toHaveLength(2);
  expect(messengers.every((m) => m.active && m.openid !== null)).toBe(true);
  const passed = seven.all.filter((c) => c.messenger);
  expect(passed.length).toBeGreaterThanOrEqual(6);
  expect(passed.some((c) => c.resident.anonymous) && passed.some((c) => !c.resident.anonymous)).toBe(true);
  // rated by the messenger for the neighbour once the village answered
  expect(passed.filter((c) => c.rating !== null).length).toBeGreaterThanOrEqual(passed.length / 2);
  expect(passed.every((c) => c.gridId && messengers.some((m) => m.gridId === c.gridId && m.openid === c.resident.openid))).toBe(true);
  expect(problemMeetings).toHaveLength(1);
  const [meeting] = problemMeetings;
  expect(meeting!.held).not.toBeNull();
  expect(meeting!.items.every((i) => i.decision !== null)).toBe(true);
  const pressed = meeting!.items.filter((i) => i.caseId);
  expect(pressed.every((i) => i.applied !== null)).toBe(true);
  expect(inspections).toHaveLength(1);
  expect(inspections[0]!.sessions.every((s) => s.finding !== null)).toBe(true);
});

it('adds two grids and their last four weeks of visits, one grid meeting the three-days-a-week rule and one not', () => {
  const { grids, gridVisits } = seven.work;
  expect(grids.map((g) => g.name).sort()).toEqual(['新河社区第一网格', '桃源村第一网格']);
  const days = (code: string) => gridVisits.filter((v) => v.gridId.endsWith(code)).map((v) => v.date);
  const [met, short] = [
    gridCompliance(days('grid-taoyuan-1'), PERIOD, RULES.grids, '2026-11-23'),
    gridCompliance(days('grid-xinhe-1'), PERIOD, RULES.grids, '2026-11-23'),
  ];
  expect([met.compliance.percent, short.compliance.percent]).toEqual([100, 0]);
});

it('adds 我也反映 co-reporters and answers to 问题还在吗, 还在 reopening a case, and 回访 lists of answers no message could carry', () => {
  const coReported = seven.all.filter((c) => (c.coReporters ?? []).length > 0);
  expect(coReported.length).toBeGreaterThan(0);
  expect(coReported.every((c) => !c.resident.anonymous && !c.coReporters!.includes(c.resident.openid))).toBe(true);
  const answered = seven.all.filter((c) => c.stillThere?.answer);
  expect(answered.some((c) => c.stillThere!.answer === 'gone' && c.status === 'closed')).toBe(true);
  expect(answered.some((c) => c.stillThere!.answer === 'still' && c.reopenCount === 1 && c.status !== 'closed')).toBe(true);
  // residents who accepted no subscription: their answers wait for a call
  expect(seven.work.callbacks.length).toBeGreaterThan(0);
});

it('makes the same history from the same seed, and another from another', async () => {
  const shape = ({ all, work }: Awaited<ReturnType<typeof history>>) => [
    all.map((c) => [c.no, c.createdAt, c.status, c.outcome, c.rating, c.events.length]),
    work.proposals.map((p) => [p.kind, p.title, p.proposerId, p.createdAt, p.status, p.events.length]),
    work.briefings.map((b) => [b.title, b.publishedAt]),
    work.briefingReads.length,
    work.groupActivities.map((a) => [a.groupId, a.date, a.kind, a.attendeeIds]),
    work.evaluationVotes.length,
  ];
  const first = shape(await history(3, 40));
  expect(shape(await history(3, 40))).toEqual(first);
  expect(shape(await history(4, 40))).not.toEqual(first);
});

it('adds nothing when run again with the same seed', async () => {
  const clock = new SeedClock(MONDAY_9AM);
  const rt = await openLocalRuntime({ clock, log: quietLog });
  try {
    await seedHistory(rt, clock, { cases: 30, months: 3, seed: 5 });
    const before = await rt.db.dump();
    await seedHistory(rt, clock, { cases: 30, months: 3, seed: 5 });
    const after = await rt.db.dump();
    for (const name of [
      'cases',
      'receptions',
      'proposals',
      'proposalWindows',
      'briefings',
      'briefingReads',
      'groupActivities',
      'evaluations',
      'evaluationVotes',
      'scoreAdjustments',
      'wallPosts',
      'matters',
      'matterVotes',
    ] as const) {
      expect({ name, records: after[name] }).toEqual({ name, records: before[name] });
    }
    expect(before.proposals?.length).toBeGreaterThan(0);
  } finally {
    await rt.close();
  }
});
