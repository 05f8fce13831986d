/**
 * 三联动's shared parts: a reception day's 接待前民意清单 (the village's open requests, those raised
 * since the last session, what was gathered by hand) and the form adding to it.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { RULES } from '../../config/rules';
import { monthDay } from '../domain/labels';
import type { ListCase, PreReceptionList } from '../server/usecases/linkage';
import { call } from '../services/api';
import { fullDate } from '../services/format';
import { go, pages } from '../services/nav';
import { SendButton, useSend } from './office-forms';
import { Btn, Card, Field, spoken } from './ui';

export type ListItem = PreReceptionList['items'][number];

/** One of the village's requests on the list: number, category, short words, status, due day; taps through to the case. */
function ListCaseItem({ c }: { c: ListCase }) {
  return (
    <View className='case-item list-case' onClick={() => go(pages.case(c.id))}>
      <View className='case-item-head'>
        <Text className='case-status'>{c.statusText}</Text>
        <Text className='small'>{`${c.no} · ${c.categoryText}`}</Text>
      </View>
      <Text className='case-summary'>{c.description}</Text>
      {c.dueDate && <Text className='small block'>{`答复期限 ${fullDate(c.dueDate)}`}</Text>}
    </View>
  );
}

/** A reception day's list; `onEnter` (the representative at the session) enters a hand item as a request. */
export function PreList({ list, onEnter }: { list: PreReceptionList; onEnter?: (item: ListItem) => void }) {
  return (
    <Card className='pre-list'>
      <Text className='card-title'>{`${monthDay(list.date)}接待前民意清单`}</Text>
      <Text className='small block'>{`${list.workroom.name} · ${list.workroom.times}`}</Text>
      {!list.scheduled && <Text className='small block'>这一天不是工作室的接待日</Text>}
      <Text className='lead'>{`还没办完的诉求（${list.open.length}件）`}</Text>
      {list.open.map((c) => (
        <ListCaseItem key={c.id} c={c} />
      ))}
      <Text className='lead'>{`${list.lastSession ? `上次接待（${monthDay(list.lastSession)}）以来` : '近两个月'}新反映的（${list.raised.length}件）`}</Text>
      {list.raised.map((c) => (
        <ListCaseItem key={c.id} c={c} />
      ))}
      <Text className='lead'>{`村里收集的民意（${list.items.length}条）`}</Text>
      {list.items.length === 0 && <Text className='hint block'>还没有收集到的民意</Text>}
      {list.items.map((i) => (
        <View key={i.id} className='list-item'>
          <Text className='block'>{i.text}</Text>
          <Text className='small block'>{`${i.residentName ? `${i.residentName} · ` : ''}${i.addedByName}记`}</Text>
          {i.caseNo ? (
            <View className='link' onClick={() => go(pages.case(i.caseId!))}>
              <Text>{`已登记为诉求 ${i.caseNo}`}</Text>
            </View>
          ) : (
            onEnter && <Btn onClick={() => onEnter(i)}>登记为诉求</Btn>
          )}
        </View>
      ))}
    </Card>
  );
}

/** Adds what the village gathered by hand to the list: the words, and whose they are if the resident wishes. */
export function AddItemForm({ list, onAdded }: { list: PreReceptionList; onAdded: (list: PreReceptionList) => void }) {
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const { sending, error, send, fieldError } = useSend<PreReceptionList>((l) => {
    setText('');
    setName('');
    onAdded(l);
  }, '已加入清单');
  return (
    <Card className='add-item'>
      <Text className='card-title'>加一条收集到的民意</Text>
      <Field label='群众反映的问题' error={fieldError('text')}>
        <Textarea
          className='textarea'
          {...spoken('群众反映的问题')}
          value={text}
          maxlength={RULES.text.noteMax}
          onInput={(e) => setText(e.detail.value)}
          autoHeight
        />
      </Field>
      <Field label='群众姓名（可不填）' error={fieldError('residentName')}>
        <Input className='input' {...spoken('群众姓名')} value={name} maxlength={RULES.text.nameMax} onInput={(e) => setName(e.detail.value)} />
      </Field>
      <SendButton
        label='加入清单'
        sending={sending}
        error={error}
        onSend={() =>
          void send(() =>
            call('linkage', 'addItem', {
              workroomId: list.workroom.id,
              date: list.date,
              text: text.trim(),
              ...(name.trim() ? { residentName: name.trim() } : {}),
            }),
          )
        }
      />
    </Card>
  );
}
