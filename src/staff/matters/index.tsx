/**
 * 重大事项民意 / 坝坝会 for village and township staff and the office: put a matter to villages of
 * their own area (what, kind, online vote or meeting, options, window), and for each of their
 * matters the count so far, closing an online vote once its window is over, or recording the
 * meeting held in person (date, place, attendance, hands per option, minutes).
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import { APPROVAL_OPTIONS, MATTER_KIND_TEXT, MATTER_MODE_TEXT, OPTIONS_MAX, type MatterKind, type MatterMode } from '../../domain/matters';
import type { MatterView } from '../../server/usecases/matters';
import { MatterCard, MatterTally } from '../../components/matter-parts';
import { DateField, LineField, SendButton, useSend } from '../../components/office-forms';
import { Btn, Chips, choicesOf, Empty, Field, Screen, Show, spoken, Toggles } from '../../components/ui';
import { call, request } from '../../services/api';
import { useRemote } from '../../services/remote';
import { newRequestId } from '../../services/submit-form';

export default function MattersPage() {
  const [putting, setPutting] = useState(false);
  const list = useRemote(() => request('matter', 'list', {}));
  if (putting) return <PutForm onDone={() => (setPutting(false), list.reload())} onCancel={() => setPutting(false)} />;
  return (
    <Screen>
      <Btn kind='primary' big onClick={() => setPutting(true)}>
        征求群众意见
      </Btn>
      <Show remote={list}>
        {(ms) =>
          ms.length === 0 ? (
            <Empty text='还没有征求意见的事项' />
          ) : (
            <View>
              {ms.map((m) => (
                <MatterCard key={m.id} m={m}>
                  <Manage m={m} onDone={list.reload} />
                </MatterCard>
              ))}
            </View>
          )
        }
      </Show>
    </Screen>
  );
}

/** The count so far, and what can be done now: close a vote whose window is over, record a meeting. */
function Manage({ m, onDone }: { m: MatterView; onDone: () => void }) {
  const [recording, setRecording] = useState(false);
  const { sending, error, send } = useSend<MatterView>(onDone, '结果已公布');
  if (m.result) return null;
  return (
    <View className='matter-manage'>
      <MatterTally matterId={m.id} />
      {m.mode === 'vote' && m.phase === 'closed' && (
        <SendButton label='统计并公布结果' sending={sending} error={error} onSend={() => void send(() => call('matter', 'close', { matterId: m.id }))} />
      )}
      {m.mode === 'meeting' && (recording ? <MeetingForm m={m} onDone={onDone} /> : <Btn onClick={() => setRecording(true)}>记录坝坝会结果</Btn>)}
    </View>
  );
}

function MeetingForm({ m, onDone }: { m: MatterView; onDone: () => void }) {
  const [date, setDate] = useState('');
  const [place, setPlace] = useState('');
  const [attendance, setAttendance] = useState(0);
  const [counts, setCounts] = useState<number[]>(m.options.map(() => 0));
  const [minutes, setMinutes] = useState('');
  const { sending, error, send, fieldError } = useSend<MatterView>(onDone, '结果已公布');
  return (
    <View className='editing meeting-form'>
      <DateField label='会议日期' value={date} error={fieldError('date')} onChange={setDate} />
      <LineField label='会议地点' value={place} max={RULES.text.addressMax} error={fieldError('place')} onChange={setPlace} />
      <CountField label='到会人数' value={attendance} error={fieldError('attendance')} onChange={setAttendance} />
      {m.options.map((o) => (
        <CountField
          key={o.index}
          label={`「${o.text}」票数`}
          value={counts[o.index] ?? 0}
          onChange={(n) => setCounts((cs) => cs.map((c, i) => (i === o.index ? n : c)))}
        />
      ))}
      <Field label='会议记录' error={fieldError('minutes')}>
        <Textarea className='textarea' {...spoken('会议记录')} value={minutes} maxlength={-1} onInput={(e) => setMinutes(e.detail.value)} autoHeight />
      </Field>
      <SendButton
        label='公布坝坝会结果'
        sending={sending}
        error={error}
        onSend={() => void send(() => call('matter', 'meeting', { matterId: m.id, date, place: place.trim(), attendance, counts, minutes: minutes.trim() }))}
      />
    </View>
  );
}

/** A count typed on the number keyboard (hundreds at a meeting: too many for ＋ taps). */
function CountField({ label, value, error, onChange }: { label: string; value: number; error?: string; onChange: (n: number) => void }) {
  return (
    <Field label={label} error={error}>
      <Input
        className='input'
        type='number'
        {...spoken(label)}
        value={String(value)}
        onInput={(e) => onChange(Math.max(0, Math.floor(Number(e.detail.value) || 0)))}
      />
    </Field>
  );
}

function PutForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const villages = useRemote(() => request('matter', 'villages'));
  // one per form: a send repeated on a weak signal puts the matter once
  const [requestId] = useState(newRequestId);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [kind, setKind] = useState<MatterKind>('approval');
  const [mode, setMode] = useState<MatterMode>('vote');
  const [options, setOptions] = useState<string[]>([...APPROVAL_OPTIONS]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [opensOn, setOpensOn] = useState('');
  const [closesOn, setClosesOn] = useState('');
  const { sending, error, send, fieldError } = useSend(onDone, '已发布');
  return (
    <Screen>
      <View className='put-form'>
        <LineField label='事项名称' value={title} max={40} error={fieldError('title')} onChange={setTitle} />
        <Field label='事项内容' hint='写清要做什么、花多少钱、谁出钱、对大家有什么影响。' error={fieldError('body')}>
          <Textarea className='textarea' {...spoken('事项内容')} value={body} maxlength={-1} onInput={(e) => setBody(e.detail.value)} autoHeight />
        </Field>
        <Field label='事项类型' hint='表决：第一个选项达到三分之二即通过；征求意见：看多数人选哪个。'>
          <Chips
            options={choicesOf(MATTER_KIND_TEXT)}
            value={kind}
            onChange={(k) => {
              setKind(k);
              setOptions(k === 'approval' ? [...APPROVAL_OPTIONS] : ['', '']);
            }}
          />
        </Field>
        <Field label='表决方式' hint='网上投票：群众在村公示牌上投票；坝坝会：当面开会表决，会后记录票数。'>
          <Chips options={choicesOf(MATTER_MODE_TEXT)} value={mode} onChange={setMode} />
        </Field>
        <Field label='选项' error={fieldError('options')}>
          {options.map((o, i) => (
            <LineField key={i} label={`选项${i + 1}`} value={o} max={20} onChange={(t) => setOptions((os) => os.map((x, j) => (j === i ? t : x)))} />
          ))}
          {options.length < OPTIONS_MAX && <Btn onClick={() => setOptions((os) => [...os, ''])}>再加一个选项</Btn>}
          {options.length > 2 && <Btn onClick={() => setOptions((os) => os.slice(0, -1))}>去掉最后一个选项</Btn>}
        </Field>
        <Field label='涉及的村(社区)' hint='同一个乡镇(街道)的村(社区)' error={fieldError('villageIds')}>
          <Show remote={villages}>
            {(vs) => <Toggles options={vs.map((v) => ({ value: v.id, label: `${v.townshipName}${v.name}` }))} value={chosen} onChange={setChosen} />}
          </Show>
        </Field>
        <DateField label='开始日期' value={opensOn} error={fieldError('opensOn')} onChange={setOpensOn} />
        <DateField label='结束日期' value={closesOn} error={fieldError('closesOn')} onChange={setClosesOn} />
        <SendButton
          label='发布'
          sending={sending}
          error={error}
          onSend={() =>
            void send(() =>
              call('matter', 'open', {
                requestId,
                title: title.trim(),
                body: body.trim(),
                kind,
                mode,
                options: options.map((o) => o.trim()),
                villageIds: chosen,
                opensOn,
                closesOn,
              }),
            )
          }
        />
        <Btn onClick={onCancel}>取消</Btn>
        <Text className='small'>发布后会通知这些村(社区)反映过问题的群众，并显示在村里的党代表公示牌上。</Text>
      </View>
    </Screen>
  );
}
