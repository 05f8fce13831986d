/**
 * Activity groups (活动小组): representatives of a county organised under a leader (组长) to
 * inspect (调研视察), meet residents together (集中联系) and visit homes (走访). What an activity
 * may be, who may be counted present, and how many activities each representative attended: data
 * and pure functions. The words are GROUP_ACTIVITY_KIND_TEXT in labels.ts.
 */
import type { ActivityGroup, GroupActivity } from '../../types/domain';

/** 调研视察 · 集中联系 · 走访 */
export const GROUP_ACTIVITY_KINDS = ['inspection', 'joint_contact', 'visit'] as const;
export type GroupActivityKind = (typeof GROUP_ACTIVITY_KINDS)[number];

/** Photos an activity may carry. */
export const MAX_ACTIVITY_PHOTOS = 9;

/**
 * Who of `attendeeIds` may not be counted present: anyone not a member of the group, except one
 * already counted when the activity was logged (a correction keeps who was there, even if the
 * office's import has since moved them to another group).
 */
export function notMembers(group: Pick<ActivityGroup, 'memberIds'>, attendeeIds: readonly string[], counted: readonly string[] = []): string[] {
  return attendeeIds.filter((id) => !group.memberIds.includes(id) && !counted.includes(id));
}

/** Activities attended per representative (each activity once per person present). */
export function attendedCounts(activities: Iterable<Pick<GroupActivity, 'attendeeIds'>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of activities) for (const id of new Set(a.attendeeIds)) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}
