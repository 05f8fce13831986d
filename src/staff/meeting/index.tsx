/**
 * 乡镇每月问题会商会: a township's meeting of a month. Its agenda — the overdue, escalated, returned
 * and 不满意 cases, with why each is on it, and items added by hand —, then the record: date, place,
 * attendees, and for each item the lead unit and the new date. A decision on a case reaches it as
 * 督办 with that date, and the item says so. The township's assigner and supervisors record; the office reads.
 */
import { Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import { shanghaiDate } from '../../domain/calendar';
import { monthDay } from '../../domain/labels';
import { AGENDA_REASON_TEXT } from '../../domain/linkage';
import type { AgendaItem, LinkageDesk, MeetingView } from '../../server/usecases/linkage';
import { DateField, LineField, SendButton, useSend } from '../../components/office-forms';
import { Card, Chips, Empty, Field, Row, Screen, Show, spoken, SwitchRow } from '../../components/ui';
import { call, request } from '../../services/api';
import { fullDate } from '../../services/format';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';

/** This month and the two before it (YYYY-MM). */
function recentMonths(today: string): string[] {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return [0, 1, 2].map((back) => {
    const n = y * 12 + (m - 1) - back;
    return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  });
}
const monthText = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;

export default function MeetingPage() {
  const desk = useRemote(() => request('linkage', 'desk'));
  return (
    <Screen>
      <Show remote={desk}>{(d) => (d.townships.length === 0 ? <Empty text='您没有要开问题会商会的乡镇(街道)' /> : <Township desk={d} />)}</Show>
    </Screen>
  );
}

function Township({ desk }: { desk: LinkageDesk }) {
  const { params } = useRouter();
  const today = shanghaiDate(Date.now());
  const askedTownship = param(params, 'township');
  const askedMonth = param(params, 'month');
  const months = recentMonths(today);
  const [townshipId, setTownshipId] = useState(desk.townships.some((t) => t.id === askedTownship) ? askedTownship : desk.townships[0]!.id);
  const [month, setMonth] = useState(/^\d{4}-\d{2}$/.test(askedMonth) ? askedMonth : months[0]!);
  const meeting = useRemote(() => request('linkage', 'agenda', { townshipId, month }), [townshipId, month]);
  return (
    <>
      {desk.townships.length > 1 && <Chips options={desk.townships.map((t) => ({ value: t.id, label: t.name }))} value={townshipId} onChange={setTownshipId} />}
      <Chips options={[...new Set([month, ...months])].map((m) => ({ value: m, label: monthText(m) }))} value={month} onChange={setMonth} />
      <Show remote={meeting}>
        {(m) => (
          <>
            <Text className='lead'>{`${m.townshipName}${monthText(m.month)}问题会商会`}</Text>
            {m.held ? (
              <Card className='meeting-held'>
                <Row label='会商日期'>{fullDate(m.held.date)}</Row>
                <Row label='地点'>{m.held.place}</Row>
                <Row label='参会人员'>{m.held.attendees.join('、')}</Row>
                <Text className='small block'>{`${m.held.recordedByName}记录`}</Text>
              </Card>
            ) : (
              <Text className='hint block'>这个月的会商会还没有记录</Text>
            )}
            <Text className='card-title'>{`议程（${m.items.length}项）`}</Text>
            {m.items.length === 0 && <Empty text='没有超期、上报、退回或群众不满意的事项' />}
            {m.items.map((i) => (
              <Item key={i.key} i={i} />
            ))}
            {m.canRecord && <AddAgendaItem meeting={m} onAdded={meeting.reload} />}
            {m.canRecord && m.items.length > 0 && <RecordMeeting key={`${m.id}@${m.version}`} meeting={m} today={today} onSaved={meeting.reload} />}
          </>
        )}
      </Show>
    </>
  );
}

/** One agenda item: the case (why it is on the agenda, where it stands) or the words added by hand, and the decision once taken. */
function Item({ i }: { i: AgendaItem }) {
  return (
    <Card className='agenda-item'>
      <View className='reasons'>
        {i.kind === 'case' ? (
          i.reasons.map((r) => (
            <Text key={r} className='reason'>
              {AGENDA_REASON_TEXT[r]}
            </Text>
          ))
        ) : (
          <Text className='reason'>{`人工添加 · ${i.addedByName ?? ''}`}</Text>
        )}
      </View>
      {i.caseId ? (
        <View className='link' onClick={() => go(pages.case(i.caseId!))}>
          <Text>{`${i.caseNo} · ${i.categoryText ?? ''}`}</Text>
        </View>
      ) : null}
      <Text className='block'>{i.text}</Text>
      {i.statusText && (
        <Text className='small block'>{`${i.statusText}${i.unitName ? ` · ${i.unitName}` : ''}${i.dueDate ? ` · 期限${monthDay(i.dueDate)}` : ''}`}</Text>
      )}
      {i.decision && (
        <Text className='block decision'>{`会商决定：${i.decision.leadUnitName}牵头，${fullDate(i.decision.dueDate)}前办结${i.decision.note ? `。${i.decision.note}` : ''}`}</Text>
      )}
      {i.applied && <Text className='small block applied'>{`✓ 已督办到事项，新期限${fullDate(i.applied.dueDate)}`}</Text>}
    </Card>
  );
}

function AddAgendaItem({ meeting, onAdded }: { meeting: MeetingView; onAdded: () => void }) {
  const [text, setText] = useState('');
  const { sending, error, send, fieldError } = useSend<MeetingView>(() => {
    setText('');
    onAdded();
  }, '已加入议程');
  return (
    <Card className='add-agenda'>
      <LineField label='加一项会商事项' value={text} max={RULES.text.noteMax} error={fieldError('text')} onChange={setText} />
      <SendButton
        label='加入议程'
        sending={sending}
        error={error}
        onSend={() => void send(() => call('linkage', 'addAgendaItem', { townshipId: meeting.townshipId, month: meeting.month, text: text.trim() }))}
      />
    </Card>
  );
}

interface Decision {
  on: boolean;
  leadUnitId: string;
  dueDate: string;
  note: string;
}

/** The meeting's record: when, where, who, and each item's lead unit and new date (the one recorded, to correct). */
function RecordMeeting({ meeting, today, onSaved }: { meeting: MeetingView; today: string; onSaved: () => void }) {
  const [date, setDate] = useState(meeting.held?.date ?? (today.startsWith(meeting.month) ? today : ''));
  const [place, setPlace] = useState(meeting.held?.place ?? '');
  const [attendees, setAttendees] = useState(meeting.held?.attendees.join('、') ?? '');
  const [decisions, setDecisions] = useState<Record<string, Decision>>(() =>
    Object.fromEntries(
      meeting.items.map((i) => [
        i.key,
        i.decision
          ? { on: true, leadUnitId: i.decision.leadUnitId, dueDate: i.decision.dueDate, note: i.decision.note ?? '' }
          : { on: false, leadUnitId: meeting.units.find((u) => u.name === i.unitName)?.id ?? '', dueDate: '', note: '' },
      ]),
    ),
  );
  const change = (key: string, patch: Partial<Decision>) => setDecisions((d) => ({ ...d, [key]: { ...d[key]!, ...patch } }));
  const { sending, error, send, fieldError } = useSend<MeetingView>(onSaved, '已保存会商记录');
  const save = () =>
    void send(() =>
      call('linkage', 'recordMeeting', {
        townshipId: meeting.townshipId,
        month: meeting.month,
        date,
        place: place.trim(),
        attendees: attendees
          .split(/[、，,;；\s]+/)
          .map((a) => a.trim())
          .filter(Boolean),
        decisions: meeting.items.flatMap((i) => {
          const d = decisions[i.key]!;
          return d.on ? [{ key: i.key, leadUnitId: d.leadUnitId, dueDate: d.dueDate, ...(d.note.trim() ? { note: d.note.trim() } : {}) }] : [];
        }),
        ...(meeting.held ? { version: meeting.version } : {}),
      }),
    );
  return (
    <Card className='record-meeting'>
      <Text className='card-title'>{meeting.held ? '修改会商记录' : '记录会商会'}</Text>
      <DateField label='会商日期' value={date} error={fieldError('date')} onChange={setDate} />
      <LineField label='地点' value={place} max={RULES.text.addressMax} error={fieldError('place')} onChange={setPlace} />
      <LineField label='参会人员（用顿号隔开）' value={attendees} max={RULES.text.noteMax} error={fieldError('attendees')} onChange={setAttendees} />
      {meeting.items.map((i) => {
        const d = decisions[i.key]!;
        return (
          <View key={i.key} className='decision-form'>
            <SwitchRow label={`会商决定：${i.caseNo ?? i.text}`} checked={d.on} onChange={(on) => change(i.key, { on })} />
            {d.on && (
              <>
                <Field label='牵头单位'>
                  <Chips
                    options={meeting.units.map((u) => ({ value: u.id, label: u.name }))}
                    value={d.leadUnitId}
                    onChange={(leadUnitId) => change(i.key, { leadUnitId })}
                  />
                </Field>
                <Field label='办结日期' hint='年-月-日，例如2027-01-15'>
                  <Input className='input' {...spoken('办结日期')} value={d.dueDate} onInput={(e) => change(i.key, { dueDate: e.detail.value.trim() })} />
                </Field>
                <LineField label='会商意见（可不填）' value={d.note} max={RULES.text.noteMax} onChange={(note) => change(i.key, { note })} />
              </>
            )}
          </View>
        );
      })}
      <SendButton label='保存会商记录' sending={sending} error={error} onSend={save} />
    </Card>
  );
}
