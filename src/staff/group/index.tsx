/**
 * 活动小组, a representative's: their groups with the members, the form to log an activity
 * (调研视察 · 集中联系 · 走访: day, place, subject, who was there, notes, opinions gathered) and each
 * group's latest activities.
 */
import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import { MAX_ACTIVITY_PHOTOS, type GroupActivityKind } from '../../domain/groups';
import { monthDay } from '../../domain/labels';
import type { MyGroups } from '../../server/usecases/groups';
import { PhotoPicker, PhotoStrip, waitForUploads } from '../../components/photos';
import { TextBox } from '../../components/proposal-parts';
import { Btn, Card, Chips, Empty, ErrorBanner, Field, Screen, Show, spoken, Stepper, Toggles } from '../../components/ui';
import { call, request } from '../../services/api';
import { useRemote } from '../../services/remote';
import { useSend } from '../../services/send';
import { newRequestId } from '../../services/submit-form';

export default function GroupPage() {
  const mine = useRemote(() => request('group', 'mine'));
  return (
    <Screen>
      <Show remote={mine}>
        {(m) =>
          m.groups.length === 0 ? (
            <Empty text='您还不在任何活动小组里' />
          ) : (
            <>
              <LogForm key={m.groups.map((g) => g.activities[0]?._id ?? g.id).join()} m={m} onSaved={mine.reload} />
              {m.groups.map((g) => (
                <Card key={g.id} className='group'>
                  <Text className='card-title'>{g.name}</Text>
                  <Text className='small'>{`组长 ${g.leader.name} · 组员 ${g.members.map((x) => x.name).join('、')}`}</Text>
                  <Text className='field-label'>最近的活动</Text>
                  {g.activities.length === 0 && <Text className='hint'>还没有记录活动</Text>}
                  {g.activities.map((a) => (
                    <View key={a._id}>
                      <Text className='block group-activity'>
                        {`${monthDay(a.date)} ${a.kindText} · ${a.subject}（${a.place}）· ${a.attendeeNames.length}位代表参加${a.opinions ? ` · 收集意见${a.opinions}条` : ''}`}
                      </Text>
                      <PhotoStrip urls={a.photoUrls} name={`${a.subject}的照片`} />
                    </View>
                  ))}
                </Card>
              ))}
            </>
          )
        }
      </Show>
    </Screen>
  );
}

function LogForm({ m, onSaved }: { m: MyGroups; onSaved: () => void }) {
  const [groupId, setGroupId] = useState(m.groups[0]!.id);
  const group = m.groups.find((g) => g.id === groupId)!;
  const [kind, setKind] = useState<GroupActivityKind>(m.kinds[0]!.kind);
  const [date, setDate] = useState(m.today);
  const [place, setPlace] = useState('');
  const [subject, setSubject] = useState('');
  // most of a group goes: everyone is ticked, whoever was absent is tapped off
  const [present, setPresent] = useState<string[]>(group.members.map((x) => x.id));
  const [notes, setNotes] = useState('');
  const [opinions, setOpinions] = useState(0);
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(0);
  const { sending, error, send } = useSend();
  // one per activity written: a retried or doubled send logs it once; the next activity gets a new one
  const [requestId, setRequestId] = useState(newRequestId);
  const save = () =>
    send(
      'log',
      call('group', 'log', {
        requestId,
        groupId,
        kind,
        date: date.trim(),
        place: place.trim(),
        subject: subject.trim(),
        attendeeIds: present,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
        opinions,
        ...(photos.length ? { photos } : {}),
      }),
      '已记录',
      () => {
        setRequestId(newRequestId());
        onSaved();
      },
    );
  const fieldError = (name: string) => error?.fields?.[name];
  return (
    <Card className='activity-form'>
      <Text className='card-title'>记一次小组活动</Text>
      {m.groups.length > 1 && (
        <Chips
          options={m.groups.map((g) => ({ value: g.id, label: g.name }))}
          value={groupId}
          onChange={(id) => {
            setGroupId(id);
            setPresent(m.groups.find((g) => g.id === id)!.members.map((x) => x.id));
          }}
        />
      )}
      <Field label='活动类型' error={fieldError('kind')}>
        <Chips options={m.kinds.map((k) => ({ value: k.kind, label: k.text }))} value={kind} onChange={setKind} />
      </Field>
      <Field label='日期' hint={`年-月-日，补记最早到${monthDay(m.earliest)}`} error={fieldError('date')}>
        <Input className='input' {...spoken('活动日期')} value={date} onInput={(e) => setDate(e.detail.value)} />
      </Field>
      <Field label='地点' error={fieldError('place')}>
        <Input className='input activity-place' {...spoken('地点')} value={place} maxlength={60} onInput={(e) => setPlace(e.detail.value)} />
      </Field>
      <Field label='主题' error={fieldError('subject')}>
        <Input className='input activity-subject' {...spoken('主题')} value={subject} maxlength={60} onInput={(e) => setSubject(e.detail.value)} />
      </Field>
      <Field label='参加的代表' hint='没来的点一下取消' error={fieldError('attendeeIds')}>
        <Toggles options={group.members.map((x) => ({ value: x.id, label: x.name }))} value={present} onChange={setPresent} />
      </Field>
      <TextBox label='记事（可不填）' hint='看了什么、听到群众说什么' error={fieldError('notes')} value={notes} max={RULES.text.replyMax} onChange={setNotes} />
      <Field label='收集意见（条）' error={fieldError('opinions')}>
        <Stepper value={opinions} unit='条' onChange={setOpinions} />
      </Field>
      <PhotoPicker
        label={`照片（可不传，最多${MAX_ACTIVITY_PHOTOS}张）`}
        value={photos}
        onChange={setPhotos}
        max={MAX_ACTIVITY_PHOTOS}
        error={fieldError('photos')}
        orElse='保存'
        onUploading={setUploading}
      />
      <ErrorBanner error={error} />
      <Btn kind='primary' big loading={sending !== null} {...waitForUploads(uploading, '保存')} onClick={save}>
        保存活动记录
      </Btn>
    </Card>
  );
}
