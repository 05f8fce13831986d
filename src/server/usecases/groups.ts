/**
 * Activity groups (活动小组) and their activities (小组活动). The office imports the groups with the
 * organisation (sheet 活动小组); a group's leader (组长) or a member logs an activity — 调研视察,
 * 集中联系 or 走访: the day, place, subject, who of the group was there, notes, photos and the
 * opinions gathered — and whoever logged it may correct it within the days a reception log may be
 * written, checked by version. A representative reads their groups and each one's recent
 * activities; the office reads the county's groups and activities of a period and downloads them.
 * The activities a representative attended count in their record (述职评议) and score (百分制).
 */
import type { ActivityGroup, GroupActivity, Representative } from '../../../types/domain';
import { addDays, shanghaiDate } from '../../domain/calendar';
import { attendedCounts, GROUP_ACTIVITY_KINDS, notMembers, type GroupActivityKind } from '../../domain/groups';
import { GROUP_ACTIVITY_KIND_TEXT } from '../../domain/labels';
import type { Ctx } from '../ctx';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { checked, collection, derivedId, getAll, getById, scanAll } from '../store';
import { keepReport, type KeptFile } from './exports';
import { requirePassedWords } from './moderation';
import { requireOffice } from './office';
import { cleanOwnPhotos, keptPhotos, NOT_OWN_PHOTOS, requireOwnPhotos } from './photos';
import { callerRepresentative } from './people';
import { LOG_WITHIN_DAYS, repsById, tooOld } from './reception';

const MEMBERS_ONLY = '只有活动小组的组长和成员可以记录小组活动';
/** activities shown per group on a representative's page */
const RECENT = 10;

export interface ActivityInput {
  kind: GroupActivityKind;
  date: string;
  place: string;
  subject: string;
  /** the members present */
  attendeeIds: string[];
  notes?: string;
  photos?: string[];
  /** opinions gathered (条) */
  opinions?: number;
}

export interface Person {
  id: string;
  name: string;
}

/** A group as pages show it: names resolved, the leader first among the members. */
export interface GroupView {
  id: string;
  code: string | null;
  name: string;
  leader: Person;
  members: Array<Person & { leader: boolean }>;
}

/**
 * An activity as pages show it: its type in words, its photos' temporary addresses, whether the
 * reader may correct it, and who logged it by name (loggedByName), never by WeChat identity.
 */
export type ActivityView = Omit<GroupActivity, 'loggedBy'> & { kindText: string; photoUrls: string[]; editable: boolean };

export interface MyGroups {
  today: string;
  /** the earliest day an activity may be logged or corrected for */
  earliest: string;
  kinds: Array<{ kind: GroupActivityKind; text: string }>;
  /** the caller's groups, each with its latest activities, newest first */
  groups: Array<GroupView & { activities: ActivityView[] }>;
}

function groupView(g: ActivityGroup, reps: ReadonlyMap<string, Pick<Representative, 'name'>>): GroupView {
  const nameOf = (id: string) => reps.get(id)?.name ?? '';
  const ids = [g.leaderId, ...g.memberIds.filter((id) => id !== g.leaderId)];
  return {
    id: g._id,
    code: g.code ?? null,
    name: g.name,
    leader: { id: g.leaderId, name: nameOf(g.leaderId) },
    members: ids.map((id) => ({ id, name: nameOf(id), leader: id === g.leaderId })),
  };
}

async function activityViews(ctx: Ctx, activities: readonly GroupActivity[], reader: string | null): Promise<ActivityView[]> {
  const photos = activities.flatMap((a) => a.photos);
  const urls = (await keptPhotos(ctx, photos)).map((k) => k.url);
  let next = 0;
  return activities.map(({ loggedBy: _by, ...a }) => ({
    ...a,
    kindText: GROUP_ACTIVITY_KIND_TEXT[a.kind],
    photoUrls: a.photos.map(() => urls[next++] ?? ''),
    editable: a.loggedById === reader && !tooOld(ctx, a.date),
  }));
}

const newestFirst = (list: GroupActivity[]) => list.sort((a, b) => b.date.localeCompare(a.date) || b.createdAt - a.createdAt);

/** A representative's groups (name, leader, members) and each one's latest activities. */
export async function myGroups(ctx: Ctx): Promise<MyGroups> {
  const { rep } = await callerRepresentative(ctx, '只有党代表可以查看活动小组');
  const today = shanghaiDate(ctx.clock.now());
  const groups = await getAll(collection<ActivityGroup>(ctx.db, 'groups').where({ countyId: rep.countyId, memberIds: rep._id }).orderBy('_id', 'asc'));
  const [reps, recent] = await Promise.all([
    repsById(ctx, [...new Set(groups.flatMap((g) => g.memberIds))]),
    Promise.all(
      groups.map(async (g) =>
        activityViews(
          ctx,
          checked(
            await collection<GroupActivity>(ctx.db, 'groupActivities')
              .where({ countyId: rep.countyId, groupId: g._id })
              .orderBy('date', 'desc')
              .limit(RECENT)
              .get(),
          ).data,
          rep._id,
        ),
      ),
    ),
  ]);
  return {
    today,
    earliest: addDays(today, -LOG_WITHIN_DAYS),
    kinds: GROUP_ACTIVITY_KINDS.map((kind) => ({ kind, text: GROUP_ACTIVITY_KIND_TEXT[kind] })),
    groups: groups.map((g, i) => ({ ...groupView(g, reps), activities: recent[i]! })),
  };
}

type CheckedFields = Pick<GroupActivity, 'kind' | 'date' | 'place' | 'subject' | 'attendeeIds' | 'attendeeNames' | 'notes' | 'photos' | 'opinions'>;

/**
 * What an activity records, checked: a day neither ahead nor further back than a log may be
 * written; those present members of the group (or already counted, when correcting), serving;
 * photos the logger uploaded; words that pass the content check (the group and the office read them).
 */
async function checkedActivity(
  ctx: Ctx,
  openid: string,
  group: ActivityGroup,
  input: ActivityInput,
  before: Pick<GroupActivity, 'attendeeIds' | 'photos'> | null,
): Promise<{ fields: CheckedFields; discard: () => Promise<void> }> {
  if (input.date > shanghaiDate(ctx.clock.now())) throw invalid('date', '活动日期不能晚于今天');
  if (tooOld(ctx, input.date)) throw invalid('date', `只能补记${LOG_WITHIN_DAYS}天以内的活动`);
  const counted = before?.attendeeIds ?? [];
  const present = [...new Set(input.attendeeIds)];
  if (notMembers(group, present, counted).length) throw invalid('attendeeIds', '参加活动的代表须是这个小组的成员');
  const reps = await repsById(ctx, present);
  if (present.some((id) => !counted.includes(id) && !reps.get(id)?.active)) throw invalid('attendeeIds', '参加活动的代表中有已不在任的');
  const photos = input.photos ?? [];
  await requireOwnPhotos(ctx, openid, photos, 'photos', NOT_OWN_PHOTOS, before?.photos);
  await requirePassedWords(ctx, openid, [input.place, input.subject, input.notes ?? ''], 'subject');
  // new photos kept as clean copies (no EXIF, no GPS); the uploads go once the activity is written
  const clean = await cleanOwnPhotos(ctx, openid, photos, { field: 'photos', message: NOT_OWN_PHOTOS, kept: before?.photos });
  const fields: CheckedFields = {
    kind: input.kind,
    date: input.date,
    place: input.place,
    subject: input.subject,
    attendeeIds: present,
    attendeeNames: present.map((id) => reps.get(id)?.name ?? ''),
    notes: input.notes ?? '',
    photos: clean.photos,
    opinions: input.opinions ?? null,
  };
  return { fields, discard: clean.discard };
}

/** One activity per county, logger and request id: a retried or doubled send finds the first; nobody else's can meet it. */
export const activityIdFor = (countyId: string, openid: string, requestId: string): string => derivedId('ga', countyId, openid, requestId);

/**
 * A group's leader or a member logs one of its activities. Idempotent on the form's request id:
 * a retried or doubled send answers the activity the first one logged and writes nothing more
 * (each activity counts toward its attendees' 百分制 item).
 */
export async function logActivity(ctx: Ctx, input: ActivityInput & { groupId: string; requestId: string }): Promise<ActivityView> {
  const { caller, rep } = await callerRepresentative(ctx, MEMBERS_ONLY);
  const id = activityIdFor(rep.countyId, caller.openid, input.requestId);
  const [existing, group] = await Promise.all([getById<GroupActivity>(ctx.db, 'groupActivities', id), getById<ActivityGroup>(ctx.db, 'groups', input.groupId)]);
  if (existing) return (await activityViews(ctx, [existing], rep._id))[0]!;
  if (!group || group.countyId !== rep.countyId) throw notFound('活动小组');
  if (!group.memberIds.includes(rep._id)) throw forbidden(MEMBERS_ONLY);
  const { fields, discard } = await checkedActivity(ctx, caller.openid, group, input, null);
  const now = ctx.clock.now();
  const activity: GroupActivity = {
    _id: id,
    countyId: group.countyId,
    groupId: group._id,
    groupName: group.name,
    ...fields,
    loggedById: rep._id,
    loggedByName: rep.name,
    loggedBy: caller.openid,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  // the same request sent twice at once: whichever writes second finds the first
  const saved = await ctx.db.runTransaction(async (tx) => {
    const dup = checked(await tx.collection<GroupActivity>('groupActivities').doc(id).get()).data;
    if (dup) return { activity: { ...dup, _id: id }, created: false };
    const { _id, ...rest } = activity;
    checked(await tx.collection('groupActivities').doc(_id).set(rest));
    return { activity, created: true };
  });
  await discard();
  if (saved.created)
    ctx.log.info('group activity logged', { activityId: id, groupId: group._id, kind: activity.kind, attendances: activity.attendeeIds.length });
  return (await activityViews(ctx, [saved.activity], rep._id))[0]!;
}

/**
 * Whoever logged an activity corrects it, within the days it may be logged, with the `version` they
 * read: a change someone made meanwhile is not overwritten unseen.
 */
export async function editActivity(ctx: Ctx, activityId: string, version: number, input: ActivityInput): Promise<ActivityView> {
  const { caller, rep } = await callerRepresentative(ctx, MEMBERS_ONLY);
  const found = await getById<GroupActivity>(ctx.db, 'groupActivities', activityId);
  const group = found && found.countyId === rep.countyId ? await getById<ActivityGroup>(ctx.db, 'groups', found.groupId) : null;
  // read by the group's members and by whoever logged it; to anyone else it is not there
  if (!found || !group || (found.loggedById !== rep._id && !group.memberIds.includes(rep._id))) throw notFound('小组活动');
  if (found.loggedById !== rep._id) throw forbidden('只有记录这次活动的代表可以修改');
  if (tooOld(ctx, found.date)) throw new AppError('INVALID_STATE', `这次活动已超过${LOG_WITHIN_DAYS}天，不能再修改`);
  const { fields, discard } = await checkedActivity(ctx, caller.openid, group, input, found);
  const result = await ctx.db.runTransaction(async (tx) => {
    const live = checked(await tx.collection<GroupActivity>('groupActivities').doc(activityId).get()).data;
    if (!live || live.version !== version) return new AppError('CONFLICT', '这次活动的记录刚被修改过，请刷新后再改');
    const next: GroupActivity = { ...live, _id: activityId, ...fields, updatedAt: ctx.clock.now(), version: live.version + 1 };
    const { _id, ...rest } = next;
    checked(await tx.collection('groupActivities').doc(_id).set(rest));
    return next;
  });
  if (result instanceof AppError) throw result;
  await discard();
  return (await activityViews(ctx, [result], rep._id))[0]!;
}

export interface Period {
  from: string;
  to: string;
}

/** The county's group activities whose day falls in the period (both days included). */
export function groupActivitiesIn(ctx: Ctx, countyId: string, period: Period): Promise<GroupActivity[]> {
  if (period.from > period.to) throw invalid('to', '结束日期不能早于开始日期');
  const _ = ctx.db.command;
  return scanAll<GroupActivity>(ctx.db, 'groupActivities', { countyId, date: _.and(_.gte(period.from), _.lte(period.to)) });
}

/**
 * Per representative of the county, how many group activities of the period they attended (the
 * 百分制 item `activities`); those who attended none are absent.
 */
export async function activitiesAttendedIn(ctx: Ctx, countyId: string, period: Period): Promise<Map<string, number>> {
  return attendedCounts(await groupActivitiesIn(ctx, countyId, period));
}

export interface CountyGroups {
  from: string;
  to: string;
  /** every group of the county, with its activities and attendances (人次) in the period */
  groups: Array<GroupView & { activities: number; attendances: number }>;
  /** the period's activities, newest first */
  activities: ActivityView[];
}

async function countyGroupsOf(ctx: Ctx, period: Period): Promise<Omit<CountyGroups, 'activities'> & { activities: GroupActivity[] }> {
  const { office } = await requireOffice(ctx);
  const [groups, reps, activities] = await Promise.all([
    getAll(collection<ActivityGroup>(ctx.db, 'groups').where({ countyId: office.countyId }).orderBy('_id', 'asc')),
    getAll(collection<Representative>(ctx.db, 'representatives').where({ countyId: office.countyId }).orderBy('_id', 'asc').field({ name: true })),
    groupActivitiesIn(ctx, office.countyId, period),
  ]);
  const names = new Map(reps.map((r) => [r._id, r]));
  const of = (g: ActivityGroup) => activities.filter((a) => a.groupId === g._id);
  return {
    from: period.from,
    to: period.to,
    groups: groups.map((g) => ({
      ...groupView(g, names),
      activities: of(g).length,
      attendances: of(g).reduce((n, a) => n + a.attendeeIds.length, 0),
    })),
    activities: newestFirst(activities),
  };
}

/** The office: every group of its county, and their activities in the period. */
export async function countyGroups(ctx: Ctx, period: Period): Promise<CountyGroups> {
  const { activities, ...rest } = await countyGroupsOf(ctx, period);
  return { ...rest, activities: await activityViews(ctx, activities, null) };
}

/** The county's groups and their activities in the period, as a workbook. */
export async function exportGroupActivities(ctx: Ctx, period: Period): Promise<KeptFile> {
  const { groups, activities } = await countyGroupsOf(ctx, period);
  const names = (g: GroupView) => g.members.map((m) => m.name).join('、');
  return keepReport(ctx, `小组活动_${period.from}_${period.to}.xlsx`, [
    {
      name: '活动小组',
      columns: ['编号', '名称', '组长', { header: '成员', width: 40, wrap: true }, '活动（次）', '参加（人次）'],
      rows: groups.map((g) => [g.code, g.name, g.leader.name, names(g), g.activities, g.attendances]),
    },
    {
      name: '小组活动',
      columns: [
        '日期',
        '活动小组',
        '类型',
        '地点',
        { header: '主题', width: 30, wrap: true },
        { header: '参加代表', width: 30, wrap: true },
        '参加（人）',
        '收集意见（条）',
        '照片（张）',
        '记录人',
        { header: '记事', width: 40, wrap: true },
      ],
      rows: activities.map((a) => [
        { day: a.date },
        a.groupName,
        GROUP_ACTIVITY_KIND_TEXT[a.kind],
        a.place,
        a.subject,
        a.attendeeNames.join('、'),
        a.attendeeIds.length,
        a.opinions,
        a.photos.length,
        a.loggedByName,
        a.notes || null,
      ]),
      filter: true,
    },
  ]);
}
