/**
 * 接待日志: a representative's reception desk. Their workrooms with the next reception day
 * (三固定); the log of a session or of a day's home visits (走访) — who was on duty, how many
 * residents came, what was said; and, for each resident met, a request entered on their behalf,
 * with their consent before a phone number is kept. Each workroom's 接待前民意清单 of its coming
 * session comes first; an item gathered by hand is entered as a request at that session's log.
 * Made for a phone, between visitors.
 */
import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { LoggedReception } from '../../../types/domain';
import { monthDay, RECEPTION_KIND_TEXT } from '../../domain/labels';
import { receptionIdOf } from '../../domain/reception';
import type { ReceptionDesk } from '../../server/usecases/reception';
import { PreList, type ListItem } from '../../components/linkage';
import { LogEnd, RequestEntry } from '../../components/request-entry';
import { Card, Chips, choicesOf, Empty, Field, Row, Screen, Show, spoken, Toggles } from '../../components/ui';
import { call, request } from '../../services/api';
import { useRemote } from '../../services/remote';

type Kind = LoggedReception['kind'];
const KIND_CHOICES = choicesOf(RECEPTION_KIND_TEXT);

export default function ReceptionPage() {
  const desk = useRemote(() => request('staff', 'receptionDesk'));
  const [current, setCurrent] = useState<{ log: LoggedReception; item: ListItem | null } | null>(null);
  return (
    <Screen>
      <Show remote={desk}>
        {(d) => (
          <>
            {d.workrooms.map((w) => (
              <Card key={w.id}>
                <Text className='card-title'>{w.name}</Text>
                <Row label='接待时间'>{w.times}</Row>
                <Row label='下次接待'>{w.today ? '今天' : monthDay(w.next)}</Row>
                <Row label='接待小组'>{w.group.map((g) => g.name).join('、')}</Row>
              </Card>
            ))}
            {d.workrooms.map((w) => {
              const log = d.logs.find((l) => l._id === w.list.receptionId);
              return (
                <View key={w.list.receptionId}>
                  <PreList list={w.list} onEnter={log ? (item) => setCurrent({ log, item }) : undefined} />
                  {!log && w.list.items.some((i) => !i.caseNo) && <Text className='hint block'>接待当天记下接待日志后，可把收集的民意登记为诉求。</Text>}
                </View>
              );
            })}
            {current ? (
              <Entered
                key={`${current.log._id}/${current.item?.id ?? ''}`}
                log={current.log}
                item={current.item}
                villages={d.villages}
                onBack={() => {
                  setCurrent(null);
                  desk.reload();
                }}
              />
            ) : (
              <LogForm desk={d} onSaved={(log) => setCurrent({ log, item: null })} onStale={desk.reload} />
            )}
            <Text className='card-title'>最近的接待日志</Text>
            {d.logs.length === 0 && <Empty text='还没有接待日志' />}
            {d.logs.map((l) => (
              <Card key={l._id}>
                <Text className='block'>{`${monthDay(l.date)} · ${l.kind === 'visit' ? `走访${l.villageName}` : l.workroomName}`}</Text>
                <Text className='small'>{`${l.representativeNames.join('、')} · 接待群众${l.residents}人 · 登记诉求${l.caseIds.length}件`}</Text>
                {l.notes && <Text className='small block'>{l.notes}</Text>}
                <View className='link' onClick={() => setCurrent({ log: l, item: null })}>
                  <Text>为这次接待的群众登记诉求</Text>
                </View>
              </Card>
            ))}
          </>
        )}
      </Show>
    </Screen>
  );
}

/** The session's log: where, when, who, how many, what was said — the one already written, if any, to correct. */
function LogForm({ desk, onSaved, onStale }: { desk: ReceptionDesk; onSaved: (log: LoggedReception) => void; onStale: () => void }) {
  const [kind, setKind] = useState<Kind>(desk.workrooms.length ? 'reception' : 'visit');
  const [workroomId, setWorkroomId] = useState(desk.workrooms.find((w) => w.today)?.id ?? desk.workrooms[0]?.id ?? '');
  const [villageId, setVillageId] = useState(desk.villages[0]?.id ?? '');
  const [date, setDate] = useState(desk.today);
  const [onDuty, setOnDuty] = useState<string[]>([desk.representative.id]);
  const [residents, setResidents] = useState(0);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const group =
    kind === 'reception' ? (desk.workrooms.find((w) => w.id === workroomId)?.group ?? []) : [{ id: desk.representative.id, name: desk.representative.name }];
  const written = desk.logs.find(
    (l) =>
      l._id ===
      receptionIdOf({ kind, workroomId: kind === 'reception' ? workroomId : null, villageId, date: date.trim(), representativeId: desk.representative.id }),
  );
  // a session already logged (by this representative or another of the group) is corrected, not written anew:
  // the form takes what was written whenever another log (or a newer version) is the one being looked at
  const writtenKey = written ? `${written._id}@${written.updatedAt}` : '';
  const [shownKey, setShownKey] = useState<string | null>(null);
  if (shownKey !== writtenKey) {
    setShownKey(writtenKey);
    setOnDuty(written ? written.representativeIds : [desk.representative.id]);
    setResidents(written?.residents ?? 0);
    setNotes(written?.notes ?? '');
  }

  const save = async () => {
    setSaving(true);
    const res = await call('staff', 'logReception', {
      kind,
      ...(kind === 'reception' ? { workroomId } : { villageId }),
      date: date.trim(),
      representativeIds: onDuty.filter((id) => group.some((g) => g.id === id)),
      residents,
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(written ? { updatedAt: written.updatedAt } : {}),
    });
    setSaving(false);
    if (res.ok) return onSaved(res.data);
    setErrors({ ...(res.error.fields ?? {}), form: res.error.message });
    if (res.error.code === 'CONFLICT') onStale();
  };

  return (
    <Card>
      <Text className='card-title'>{written ? `修改${monthDay(written.date)}的接待日志（${written.loggedByName}记）` : '记一次接待'}</Text>
      <Chips options={desk.workrooms.length ? KIND_CHOICES : KIND_CHOICES.slice(1)} value={kind} onChange={setKind} />
      {kind === 'reception' ? (
        desk.workrooms.length > 1 && <Chips options={desk.workrooms.map((w) => ({ value: w.id, label: w.name }))} value={workroomId} onChange={setWorkroomId} />
      ) : (
        <Field label='走访的村(社区)'>
          <Chips options={desk.villages.map((v) => ({ value: v.id, label: v.name }))} value={villageId} onChange={setVillageId} />
        </Field>
      )}
      <Field label='日期' hint='年-月-日，补记以前的也可以' error={errors.date}>
        <Input className='input' {...spoken('接待日期')} value={date} onInput={(e) => setDate(e.detail.value)} />
      </Field>
      {group.length > 1 && (
        <Field label='参加接待的代表' error={errors.representativeIds}>
          <Toggles options={group.map((g) => ({ value: g.id, label: g.name }))} value={onDuty} onChange={setOnDuty} />
        </Field>
      )}
      <LogEnd
        countField='residents'
        countLabel='接待群众'
        unit='人'
        count={residents}
        onCount={setResidents}
        notes={notes}
        notesHint='群众说了什么、当场答复了什么'
        onNotes={setNotes}
        errors={errors}
        saving={saving}
        saveLabel='保存接待日志'
        onSave={save}
      />
    </Card>
  );
}

/** Requests for the residents of one session, one after another; each is accepted as it is entered. The first may be an item of the session's list. */
function Entered({ log, item, villages, onBack }: { log: LoggedReception; item: ListItem | null; villages: ReceptionDesk['villages']; onBack: () => void }) {
  // the resident's village: the session's when the representative covers it
  const villageOf = villages.some((v) => v.id === log.villageId) ? log.villageId : (villages[0]?.id ?? log.villageId);
  return (
    <Card>
      <Text className='card-title'>{`已保存：${monthDay(log.date)} ${log.kind === 'visit' ? `走访${log.villageName}` : log.workroomName}`}</Text>
      <Text className='small block'>{`${log.representativeNames.join('、')} · 接待群众${log.residents}人`}</Text>
      <RequestEntry
        villages={villages}
        villageId={villageOf}
        item={item}
        send={(entered) => call('staff', 'enterRequest', { receptionId: log._id, ...entered })}
        onBack={onBack}
        backLabel='这次接待登记完了'
      />
    </Card>
  );
}
