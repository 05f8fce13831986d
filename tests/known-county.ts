/**
 * A county's cases whose every figure is worked out by hand (see the comments): the statistics and
 * the ledger are tested on them. The clock of the harness: Monday 2026-11-23 09:00.
 */
import type { Database } from '../types/db';
import type { CaseRecord } from '../types/domain';
import { makeCase } from './fixtures';

export const at = (iso: string) => Date.parse(`${iso}+08:00`);
const endOf = (day: string) => at(`${day}T23:59:59.999`);

const qingshi = {
  townshipId: 'qingshi',
  townshipName: '青石镇',
  villageId: 'taoyuan',
  category: 'road',
  level: 'township' as const,
  unitId: 'qingshi-build',
  unitName: '青石镇村镇建设服务中心',
};
const baisha = { townshipId: 'baisha', townshipName: '白沙镇', villageId: 'baishacun', villageName: '白沙村', category: 'welfare' };

/** Writes the 18 cases of the period 2026-07-01 … 2026-11-23 and 3 that must not count. */
export async function writeKnownCases(db: Database): Promise<void> {
  let seq = 0;
  const add = async (over: Partial<CaseRecord>) => {
    seq++;
    await db.collection('cases').add(makeCase({ _id: `st-${String(seq).padStart(2, '0')}`, no: `2026${String(seq).padStart(8, '0')}`, ...over }));
  };
  // 1–6 青石镇, September: resolved and closed, answered the same day; rated 满意 ×4, 基本满意, 不满意
  for (const rating of ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'basic', 'dissatisfied'] as const) {
    await add({ ...qingshi, createdAt: at('2026-09-07T10:00'), respondedAt: at('2026-09-07T15:00'), status: 'closed', outcome: 'resolved', rating });
  }
  // 7–8 October, handling started; answered on Thursday, past the one-working-day limit (Tuesday)
  for (let i = 0; i < 2; i++)
    await add({ ...qingshi, createdAt: at('2026-10-12T10:00'), respondedAt: at('2026-10-15T10:00'), status: 'replied', outcome: 'in_progress' });
  // 9 explained, answered on the limit day, rated 基本满意
  await add({ ...qingshi, createdAt: at('2026-10-12T10:00'), respondedAt: at('2026-10-13T17:00'), status: 'closed', outcome: 'explained', rating: 'basic' });
  // 10–12 白沙村, a county case at 县人力社保局; #10 past its due day, overdue and pressed twice
  await add({
    ...baisha,
    level: 'county',
    unitId: 'county-hrss',
    unitName: '县人力社保局',
    createdAt: at('2026-11-02T10:00'),
    respondedAt: at('2026-11-02T11:00'),
    status: 'handling',
    dueAt: endOf('2026-11-20'),
    overdue: true,
    overdueUnitIds: ['county-hrss'],
    superviseCount: 2,
  });
  for (let i = 0; i < 2; i++)
    await add({
      ...baisha,
      level: 'county',
      unitId: 'county-hrss',
      unitName: '县人力社保局',
      createdAt: at('2026-11-02T10:00'),
      respondedAt: at('2026-11-02T11:00'),
      status: 'handling',
      dueAt: endOf('2026-12-02'),
    });
  // 13 not accepted the next day (in time); 14 withdrawn before any answer; 15 sent this morning
  await add({ ...baisha, createdAt: at('2026-11-02T10:00'), respondedAt: at('2026-11-03T09:00'), status: 'not_accepted' });
  await add({ ...baisha, createdAt: at('2026-11-02T10:00'), status: 'withdrawn' });
  await add({ ...baisha, createdAt: at('2026-11-23T08:00'), status: 'submitted' });
  // 16 escalated by 白沙镇社会事务办公室 to the county; 17 returned by 白沙镇村镇建设服务中心
  await add({
    ...baisha,
    level: 'county',
    unitId: 'county-transport',
    unitName: '县交通运输局',
    createdAt: at('2026-11-09T10:00'),
    respondedAt: at('2026-11-09T12:00'),
    status: 'assigned',
    dueAt: endOf('2026-12-09'),
    escalations: [
      { at: at('2026-11-12T10:00'), from: 'township', to: 'county', unitId: 'baisha-social', unitName: '白沙镇社会事务办公室', reason: '本级解决不了' },
    ],
    escalationCount: 1,
  });
  await add({
    ...baisha,
    level: 'township',
    unitId: 'baisha-env',
    unitName: '白沙镇生态环境办公室',
    createdAt: at('2026-11-09T10:00'),
    respondedAt: at('2026-11-10T10:00'),
    status: 'handling',
    dueAt: endOf('2026-12-01'),
    returnedUnitIds: ['baisha-build'],
    returnCount: 1,
  });
  // 18 a week old and still not answered
  await add({ ...baisha, createdAt: at('2026-11-16T10:00'), status: 'submitted' });
  // not counted: before the period, another county, held by the content review
  await add({ ...qingshi, createdAt: at('2026-06-15T10:00'), status: 'closed', outcome: 'resolved' });
  await add({ ...qingshi, countyId: 'other', createdAt: at('2026-09-07T10:00'), status: 'closed', outcome: 'resolved' });
  await add({ ...qingshi, createdAt: at('2026-09-07T10:00'), status: 'held' });
}
