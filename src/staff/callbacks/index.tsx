/**
 * 回访: the answers that could not be pushed to their residents — no consent left, refused, or entered
 * for them — on the representative's list (the office sees its county's). Call, then record how it
 * went: 已联系上 and 号码不对 close the item, 没人接 keeps it open with the attempt listed.
 */
import { Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import type { ApiError } from '../../../types/api';
import type { CallbackOutcome } from '../../../types/domain';
import type { CallbackItem } from '../../server/usecases/followup';
import { Btn, Card, Chips, Empty, ErrorBanner, Field, Row, Screen, Show, spoken, type Choice } from '../../components/ui';
import { call, request } from '../../services/api';
import { dateTime, fullDate } from '../../services/format';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

type Tab = CallbackItem['status'];
const TABS: ReadonlyArray<Choice<Tab>> = [
  { value: 'open', label: '待回访' },
  { value: 'done', label: '已回访' },
];
/** The buttons, in the words a representative uses on the phone. */
const OUTCOMES: ReadonlyArray<[CallbackOutcome, string]> = [
  ['reached', '已联系上'],
  ['no_answer', '没人接'],
  ['wrong_number', '号码不对'],
];
const PAGE_SIZE = 20;

export default function CallbacksPage() {
  const [tab, setTab] = useState<Tab>('open');
  const [pageCount, setPageCount] = useState(1);
  const list = useRemote(() => request('staff', 'callbacks', { status: tab, page: 1, pageSize: PAGE_SIZE * pageCount }), [tab, pageCount]);
  return (
    <Screen>
      <Chips
        options={TABS}
        value={tab}
        onChange={(t) => {
          setTab(t);
          setPageCount(1);
        }}
      />
      <Show remote={list}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty text={tab === 'open' ? '没有要回访的群众' : '还没有回访记录'} />
          ) : (
            <>
              <Text className='small'>共 {p.total} 条</Text>
              {p.items.map((cb) => (
                <CallbackCard key={cb.id} cb={cb} onDone={list.reload} />
              ))}
              {p.items.length < p.total && <Btn onClick={() => setPageCount((n) => n + 1)}>再看{PAGE_SIZE}条</Btn>}
            </>
          )
        }
      </Show>
    </Screen>
  );
}

function CallbackCard({ cb, onDone }: { cb: CallbackItem; onDone: () => void }) {
  const phone = cb.resident.phone;
  return (
    <Card className={`callback${cb.late ? ' case-overdue' : ''}`}>
      <View className='link' onClick={() => go(pages.case(cb.caseId))}>
        <Text>{`事项 ${cb.caseNo}`}</Text>
      </View>
      <Text className='small'>{[cb.categoryName, cb.villageName].filter(Boolean).join(' · ')}</Text>
      <Row label='为什么回访'>{cb.reasonText}</Row>
      <Row label='告诉群众'>{cb.title}</Row>
      <Text className='reply-text'>{cb.body}</Text>
      {cb.status === 'open' && <Text className={`due${cb.late ? ' overdue' : ''}`}>{`${cb.late ? '⚠ 已超时 · ' : ''}请在${fullDate(cb.dueDate)}前回访`}</Text>}
      <Row label='群众'>{cb.resident.name ?? '匿名'}</Row>
      {cb.status === 'open' &&
        (phone ? (
          <>
            <Row label='电话'>{phone}</Row>
            <Btn kind='primary' big onClick={() => void Taro.makePhoneCall({ phoneNumber: phone })}>
              拨打电话
            </Btn>
          </>
        ) : (
          <Text className='hint'>{cb.otherwise}</Text>
        ))}
      {cb.attempts.length > 0 && (
        <View className='callback-attempts'>
          {cb.attempts.map((a) => (
            <Text key={a.at} className='small block'>
              {`${dateTime(a.at)} ${a.byName}：${a.outcomeText}${a.note ? `，${a.note}` : ''}`}
            </Text>
          ))}
        </View>
      )}
      {cb.status === 'open' && <Outcome cb={cb} onDone={onDone} />}
    </Card>
  );
}

/** The outcome of a call, with an optional note. */
function Outcome({ cb, onDone }: { cb: CallbackItem; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [sending, setSending] = useState<CallbackOutcome | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const record = async (outcome: CallbackOutcome) => {
    setSending(outcome);
    setError(null);
    const res = await call('staff', 'callback', { callbackId: cb.id, outcome, note: note.trim() || undefined });
    setSending(null);
    if (!res.ok) return setError(res.error);
    setNote('');
    Taro.showToast({ title: outcome === 'no_answer' ? '已记下，稍后再打' : '已记录回访', icon: 'none' });
    onDone();
  };
  return (
    <View className='callback-outcome'>
      <Field label='回访情况（可不填）'>
        <Textarea className='textarea' {...spoken('回访情况')} value={note} maxlength={RULES.text.noteMax} onInput={(e) => setNote(e.detail.value)} />
      </Field>
      <View className='actions'>
        {OUTCOMES.map(([outcome, label]) => (
          <Btn
            key={outcome}
            kind={outcome === 'reached' ? 'primary' : 'default'}
            loading={sending === outcome}
            disabled={sending !== null && sending !== outcome}
            onClick={() => void record(outcome)}
          >
            {label}
          </Btn>
        ))}
      </View>
      <ErrorBanner error={error} />
    </View>
  );
}
