/** Pieces of a case shown to residents and staff alike: status steps, summary line, timeline. */
import { Text, View } from '@tarojs/components';
import type { CaseSummary, CaseView, NoticeView, Stage, TimelineView } from '../../types/api';
import { dateTime, daysLeftText, fullDate, monthDayOf } from '../services/format';

const STAGES = ['已提交', '已受理', '办理中', '已答复'];

/**
 * The step a timeline event began, if any: 还在 (问题还在吗) began 办理中 again, as 再交办 to the unit
 * that closed it. Each step shows the date of the latest event that began it.
 */
function stepBegun(e: TimelineView): number | null {
  if (e.action === 'still_there') return e.data.answer === 'still' ? 2 : null;
  const i = STEP_ACTIONS.findIndex((actions) => actions.includes(e.action));
  return i < 0 ? null : i;
}
const STEP_ACTIONS: ReadonlyArray<ReadonlyArray<TimelineView['action']>> = [['submit'], ['accept', 'reject'], ['assign'], ['close', 'answer']];

export function Steps({ stage, timeline = [] }: { stage: Stage; timeline?: TimelineView[] }) {
  const reached = (i: number) => [...timeline].reverse().find((e) => stepBegun(e) === i)?.at;
  return (
    <View className='steps' aria-label={`进度：${STAGES[stage]}`}>
      {STAGES.map((s, i) => {
        const at = i <= stage ? reached(i) : undefined;
        return (
          <View key={s} className={`step${i <= stage ? ' step-done' : ''}${i === stage ? ' step-now' : ''}`}>
            <Text className='step-dot'>{i < stage ? '✓' : String(i + 1)}</Text>
            <Text className='step-name'>{s}</Text>
            {at !== undefined && <Text className='step-date'>{monthDayOf(at)}</Text>}
          </View>
        );
      })}
    </View>
  );
}

/** Due date in words, with overdue said in words as well as colour. */
export function DueLine({ c }: { c: Pick<CaseSummary, 'dueDate' | 'workingDaysLeft' | 'overdue'> }) {
  if (!c.dueDate) return null;
  // while open: how many working days are left; once answered, whether it was late
  const words = daysLeftText(c.workingDaysLeft) ?? (c.overdue ? '超期答复' : null);
  return (
    <Text className={`due${c.overdue ? ' overdue' : ''}`}>
      {c.overdue ? '⚠ ' : ''}答复期限 {fullDate(c.dueDate)}
      {words ? `（${words}）` : ''}
    </Text>
  );
}

/** A list of cases: cards on a phone, a table with a header row at a desk (app.css, .screen-wide). */
/** A case in brief above a staff form: what is done to it, its number, words, place and status, so a cadre knows what they answer. */
export function CaseGist({ c, title }: { c: CaseSummary; title: string }) {
  return (
    <View className='card'>
      <Text className='card-title'>
        {title} · {c.no}
      </Text>
      <Text className='description'>{c.summary}</Text>
      <Text className='small'>
        {c.categoryName} · {c.townshipName}
        {c.villageName} · {c.statusText}
      </Text>
      <DueLine c={c} />
    </View>
  );
}

export function CaseList({ items, onOpen }: { items: readonly CaseSummary[]; onOpen: (c: CaseSummary) => void }) {
  return (
    <View className='case-list'>
      <View className='case-table-head' aria-hidden='true'>
        <Text>状态 · 反映时间</Text>
        <Text>反映内容</Text>
        <Text>类别 · 村(社区) · 承办单位</Text>
        <Text>答复期限</Text>
      </View>
      {items.map((c) => (
        <CaseItem key={c.id} c={c} onOpen={() => onOpen(c)} />
      ))}
    </View>
  );
}

/** One case of a list; `note` a line of its own under the summary (for whom a messenger passed it on). */
export function CaseItem({ c, onOpen, note }: { c: CaseSummary; onOpen: () => void; note?: string }) {
  return (
    <View className={`case-item${c.overdue ? ' case-overdue' : ''}`} onClick={onOpen}>
      <View className='case-item-head'>
        <Text className='case-status'>{c.statusText}</Text>
        <Text className='small'>{dateTime(c.createdAt)}</Text>
      </View>
      <Text className='case-summary'>{c.summary}</Text>
      {note && <Text className='small case-note'>{note}</Text>}
      <Text className='small'>
        {c.categoryName} · {c.villageName}
        {c.unitName ? ` · ${c.unitName}` : ''}
      </Text>
      <DueLine c={c} />
    </View>
  );
}

export function Timeline({ items }: { items: TimelineView[] }) {
  return (
    <View className='timeline'>
      {items.map((e) => (
        <View key={e.id} className={`event${e.visibility === 'internal' ? ' event-internal' : ''}`}>
          <Text className='event-title'>
            {e.actionText}
            {e.visibility === 'internal' ? '（内部）' : ''}
          </Text>
          <Text className='small'>
            {dateTime(e.at)} · {e.actor.name}
          </Text>
          {e.note && <Text className='event-note'>{e.note}</Text>}
        </View>
      ))}
    </View>
  );
}

/** Words waiting for the office's review: the words to the office and their author, the fact to everyone else. */
export function HeldBanner({ held }: { held: NonNullable<CaseView['held']> }) {
  return (
    <View className='banner banner-warn'>
      <Text className='block'>
        {held.byName}的{held.actionText}正在核对（{dateTime(held.at)}），核对后才生效。
      </Text>
      {held.text && <Text className='block'>内容：{held.text}</Text>}
      {held.why && <Text className='block small'>核对原因：{held.why}</Text>}
    </View>
  );
}

/** A 公开栏 notice: who posted it, when, and what it says. */
export function NoticeCard({ n }: { n: NoticeView }) {
  return (
    <View className='card notice'>
      <Text className='card-title'>公开栏：{n.title}</Text>
      <Text className='small'>
        {n.publisher} · {fullDate(n.publishedAt)}
        {n.answers > 1 ? ` · 答复${n.answers}件反映` : ''}
      </Text>
      <Text className='reply-text'>{n.body}</Text>
    </View>
  );
}
