/**
 * 我的网格: the grids a person logs household visits (走访) on — a representative named on a grid,
 * a handler of its village's unit, its township's assigner — each with its people and latest
 * visits; the log of a day's visit (who went, households, notes), corrected with the version read;
 * and, for each resident met, a request entered the way it is at a reception, the phone kept only
 * with their consent.
 */
import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { monthDay } from '../../domain/labels';
import type { LoggedVisit, MyGrids } from '../../server/usecases/grids';
import { LogEnd, RequestEntry } from '../../components/request-entry';
import { Card, Chips, Empty, Field, Row, Screen, Show, spoken, Toggles } from '../../components/ui';
import { call, request } from '../../services/api';
import { useRemote } from '../../services/remote';

type MyGrid = MyGrids['grids'][number];

export default function MyGridsPage() {
  const mine = useRemote(() => request('grid', 'mine'));
  const [current, setCurrent] = useState<LoggedVisit | null>(null);
  const [gridId, setGridId] = useState<string | null>(null);
  return (
    <Screen>
      <Show remote={mine}>
        {(m) => {
          if (m.grids.length === 0) return <Empty text='您还没有负责的网格。网格由县联系群众工作办公室或乡镇(街道)设置。' />;
          const grid = m.grids.find((g) => g.id === gridId) ?? m.grids[0]!;
          return (
            <>
              {current ? (
                <Entered
                  visit={current}
                  grid={m.grids.find((g) => g.id === current.gridId) ?? grid}
                  onBack={() => {
                    setCurrent(null);
                    mine.reload();
                  }}
                />
              ) : (
                <VisitForm mine={m} grid={grid} onGrid={setGridId} onSaved={setCurrent} onStale={mine.reload} />
              )}
              {m.grids.map((g) => (
                <GridCard key={g.id} grid={g} onEnter={setCurrent} />
              ))}
            </>
          );
        }}
      </Show>
    </Screen>
  );
}

/** A grid's people and its latest visits; the caller's own (recent enough) open their requests' form. */
function GridCard({ grid, onEnter }: { grid: MyGrid; onEnter: (visit: LoggedVisit) => void }) {
  return (
    <Card className='grid-card'>
      <Text className='card-title'>{`${grid.villageName} · ${grid.name}`}</Text>
      <Row label='网格长'>{grid.head}</Row>
      {grid.staffNames.length > 1 && <Row label='网格员'>{grid.staffNames.slice(1).join('、')}</Row>}
      {grid.representatives.length > 0 && <Row label='党代表'>{grid.representatives.map((r) => r.name).join('、')}</Row>}
      {grid.backbones.length > 0 && <Row label='群众骨干'>{grid.backbones.join('、')}</Row>}
      <Text className='lead'>最近的走访</Text>
      {grid.visits.length === 0 && <Text className='small block'>还没有走访记录</Text>}
      {grid.visits.map((v) => (
        <View key={v._id} className='grid-visit'>
          <Text className='block'>{`${monthDay(v.date)} · 走访${v.households}户 · 登记诉求${v.caseIds.length}件`}</Text>
          <Text className='small block'>{`${v.people.join('、')}（${v.loggedByName}记）`}</Text>
          {v.notes && <Text className='small block'>{v.notes}</Text>}
          {v.editable && (
            <View className='link' onClick={() => onEnter(v)}>
              <Text>为这次走访的群众登记诉求</Text>
            </View>
          )}
        </View>
      ))}
    </Card>
  );
}

/** The log of a day's visit in a grid: the caller's log of that day, if written, is corrected with the version read. */
function VisitForm({
  mine,
  grid,
  onGrid,
  onSaved,
  onStale,
}: {
  mine: MyGrids;
  grid: MyGrid;
  onGrid: (id: string) => void;
  onSaved: (visit: LoggedVisit) => void;
  onStale: () => void;
}) {
  const [date, setDate] = useState(mine.today);
  const [people, setPeople] = useState<string[]>([]);
  const [households, setHouseholds] = useState(0);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const written = grid.visits.find((v) => v.editable && v.date === date.trim());
  // the form takes what was written whenever another log (or a newer version of it) is the one looked at
  const writtenKey = `${grid.id}|${written ? `${written._id}@${written.updatedAt}` : ''}`;
  const [shownKey, setShownKey] = useState<string | null>(null);
  if (shownKey !== writtenKey) {
    setShownKey(writtenKey);
    setPeople(written?.people ?? []);
    setHouseholds(written?.households ?? 0);
    setNotes(written?.notes ?? '');
  }

  const save = async () => {
    setSaving(true);
    const res = await call('grid', 'logVisit', {
      gridId: grid.id,
      date: date.trim(),
      people,
      households,
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(written ? { updatedAt: written.updatedAt } : {}),
    });
    setSaving(false);
    if (res.ok) return onSaved(res.data);
    setErrors({ ...(res.error.fields ?? {}), form: res.error.message });
    if (res.error.code === 'CONFLICT') onStale();
  };

  return (
    <Card className='visit-form'>
      <Text className='card-title'>{written ? `修改${monthDay(written.date)}的走访记录` : '记一次走访'}</Text>
      {mine.grids.length > 1 && (
        <Field label='走访的网格'>
          <Chips options={mine.grids.map((g) => ({ value: g.id, label: `${g.villageName} ${g.name}` }))} value={grid.id} onChange={onGrid} />
        </Field>
      )}
      <Field label='日期' hint={`年-月-日，可补记${monthDay(mine.earliest)}以来的`} error={errors.date}>
        <Input className='input' {...spoken('走访日期')} value={date} onInput={(e) => setDate(e.detail.value)} />
      </Field>
      <Field label='参加走访的人员' error={errors.people}>
        <Toggles options={grid.people.map((p) => ({ value: p, label: p }))} value={people} onChange={setPeople} />
      </Field>
      <LogEnd
        countField='households'
        countLabel='走访户数'
        unit='户'
        count={households}
        onCount={setHouseholds}
        notes={notes}
        notesHint='群众说了什么、当场解决了什么'
        onNotes={setNotes}
        errors={errors}
        saving={saving}
        saveLabel='保存走访记录'
        onSave={save}
      />
    </Card>
  );
}

/** Requests for the residents met on one visit, one after another; each is accepted as it is entered. */
function Entered({ visit, grid, onBack }: { visit: LoggedVisit; grid: MyGrid; onBack: () => void }) {
  return (
    <Card>
      <Text className='card-title'>{`已保存：${monthDay(visit.date)} 走访${visit.gridName}`}</Text>
      <Text className='small block'>{`${visit.people.join('、')} · 走访${visit.households}户`}</Text>
      <RequestEntry
        villages={[{ id: grid.villageId, name: grid.villageName }]}
        villageId={grid.villageId}
        send={(entered) => call('grid', 'enterRequest', { visitId: visit._id, ...entered })}
        onBack={onBack}
        backLabel='这次走访登记完了'
      />
    </Card>
  );
}
