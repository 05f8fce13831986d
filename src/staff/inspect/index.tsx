/**
 * 督查: the county's supervisors and office draw reception days of a period at random (the draw is
 * kept: its seed, how many days it drew from, the days chosen), record at each chosen day who of the
 * group on duty was absent, and download the 通报 workbook of a period.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import type { Inspection, InspectedSession } from '../../../types/domain';
import { shanghaiDate } from '../../domain/calendar';
import { monthDay } from '../../domain/labels';
import { SendButton, useSend } from '../../components/office-forms';
import { Btn, Card, Empty, Field, Row, Screen, Show, spoken, Stepper, Toggles } from '../../components/ui';
import { call, request } from '../../services/api';
import { exportReport } from '../../services/files';
import { dateTime, fullDate } from '../../services/format';
import { useRemote } from '../../services/remote';

/** A period as two typed days, the first of the month to today by default. */
function usePeriod() {
  const today = shanghaiDate(Date.now());
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  return { from: from.trim(), to: to.trim(), setFrom, setTo };
}

function PeriodFields({ period, errors }: { period: ReturnType<typeof usePeriod>; errors: (name: string) => string | undefined }) {
  return (
    <>
      <Field label='开始日期' hint='年-月-日' error={errors('from')}>
        <Input className='input' {...spoken('开始日期')} value={period.from} onInput={(e) => period.setFrom(e.detail.value)} />
      </Field>
      <Field label='结束日期' hint='年-月-日' error={errors('to')}>
        <Input className='input' {...spoken('结束日期')} value={period.to} onInput={(e) => period.setTo(e.detail.value)} />
      </Field>
    </>
  );
}

export default function InspectPage() {
  const inspections = useRemote(() => request('linkage', 'inspections'));
  return (
    <Screen>
      <Draw onDrawn={inspections.reload} />
      <Show remote={inspections}>
        {(list) => (
          <>
            {list.length === 0 && <Empty text='还没有抽查过接待日' />}
            {list.map((i) => (
              <Drawn key={i._id} inspection={i} onSaved={inspections.reload} />
            ))}
          </>
        )}
      </Show>
      <Circular />
    </Screen>
  );
}

function Draw({ onDrawn }: { onDrawn: () => void }) {
  const period = usePeriod();
  const [count, setCount] = useState(3);
  const { sending, error, send, fieldError } = useSend<Inspection>(onDrawn, '已抽取');
  return (
    <Card className='draw'>
      <Text className='card-title'>随机抽查接待日</Text>
      <PeriodFields period={period} errors={fieldError} />
      <Field label='抽查几个接待日' error={fieldError('count')}>
        <Stepper value={count} unit='个' onChange={(f) => setCount((n) => Math.max(1, f(n)))} />
      </Field>
      <SendButton
        label='随机抽取'
        sending={sending}
        error={error}
        onSend={() => void send(() => call('linkage', 'draw', { from: period.from, to: period.to, count }))}
      />
    </Card>
  );
}

/** A draw as kept: its period, seed and candidates, and each chosen session with its finding. */
function Drawn({ inspection: i, onSaved }: { inspection: Inspection; onSaved: () => void }) {
  return (
    <Card className='inspection'>
      <Text className='card-title'>{`${fullDate(i.from)}至${fullDate(i.to)}`}</Text>
      <Text className='small block'>{`${i.drawnByName}于${dateTime(i.drawnAt)}从${i.candidates.length}个接待日中随机抽取${i.sessions.length}个（随机种子${i.seed}）`}</Text>
      {i.sessions.map((s) => (
        <Session key={s.key} inspectionId={i._id} s={s} onSaved={onSaved} />
      ))}
    </Card>
  );
}

function Session({ inspectionId, s, onSaved }: { inspectionId: string; s: InspectedSession; onSaved: () => void }) {
  const [absent, setAbsent] = useState<string[]>(s.finding?.absentIds ?? []);
  const [notes, setNotes] = useState(s.finding?.notes ?? '');
  const { sending, error, send, fieldError } = useSend<Inspection>(onSaved, '已记录');
  const absentNames = s.representativeIds.flatMap((id, n) => (s.finding?.absentIds.includes(id) ? [s.representativeNames[n]!] : []));
  const future = s.date > shanghaiDate(Date.now());
  return (
    <View className='session list-item'>
      <Text className='lead'>{`${monthDay(s.date)} · ${s.villageName}`}</Text>
      <Text className='small block'>{s.workroomName}</Text>
      <Row label='接待小组'>{s.representativeNames.join('、')}</Row>
      {s.finding && <Row label='督查情况'>{absentNames.length ? `缺岗：${absentNames.join('、')}` : '全部在岗'}</Row>}
      {future ? (
        <Text className='hint block'>接待日到了才能记录督查情况</Text>
      ) : (
        <>
          <Field label='缺岗的代表（没有就不选）' error={fieldError('absentIds')}>
            <Toggles options={s.representativeIds.map((id, n) => ({ value: id, label: s.representativeNames[n]! }))} value={absent} onChange={setAbsent} />
          </Field>
          <Field label='督查记事（可不填）' error={fieldError('notes')}>
            <Textarea
              className='textarea'
              {...spoken('督查记事')}
              value={notes}
              maxlength={RULES.text.noteMax}
              onInput={(e) => setNotes(e.detail.value)}
              autoHeight
            />
          </Field>
          <SendButton
            label={s.finding ? '修改督查情况' : '记录督查情况'}
            sending={sending}
            error={error}
            onSend={() =>
              void send(() =>
                call('linkage', 'inspect', {
                  inspectionId,
                  session: s.key,
                  absentIds: absent,
                  ...(notes.trim() ? { notes: notes.trim() } : {}),
                  ...(s.finding ? { replaces: s.finding.at } : {}),
                }),
              )
            }
          />
        </>
      )}
    </View>
  );
}

/** The 通报 of a period as a workbook: the sessions with absences, then every session inspected. */
function Circular() {
  const period = usePeriod();
  return (
    <Card className='circular'>
      <Text className='card-title'>督查通报</Text>
      <PeriodFields period={period} errors={() => undefined} />
      <Btn onClick={() => void exportReport(call('linkage', 'circular', { from: period.from, to: period.to }))}>下载通报（Excel）</Btn>
    </Card>
  );
}
