/**
 * 问题还在吗: the question put to the resident a month after 已办结, and what came of it. Each tap
 * makes its own request id, kept when the same tap is tried again after a failure, so a lost answer
 * never reopens the case twice.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { ApiError, CaseView } from '../../types/api';
import type { StillThereAnswer } from '../../types/domain';
import { isReporter } from '../domain/followup';
import { call } from '../services/api';
import { fullDate } from '../services/format';
import { newRequestId } from '../services/submit-form';
import { Btn, Card, ErrorBanner, Row } from './ui';

/** The card at the top of a case while the resident may answer. */
export function StillThereCard({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const [sending, setSending] = useState<StillThereAnswer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // the tap that failed, to be sent again with the same id
  const pending = useRef<{ answer: StillThereAnswer; requestId: string } | null>(null);
  const answer = async (a: StillThereAnswer) => {
    if (a === 'still') {
      const unit = c.unitName ?? '党代表';
      const { confirm } = await Taro.showModal({ title: '问题还在？', content: `将重新交给${unit}办理`, confirmText: '还在', cancelText: '再想想' });
      if (!confirm) return;
    }
    const tap = pending.current?.answer === a ? pending.current : { answer: a, requestId: newRequestId() };
    pending.current = tap;
    setSending(a);
    setError(null);
    const res = await call('case', 'still_there', { caseId: c.id, answer: a, requestId: tap.requestId });
    setSending(null);
    if (!res.ok) return setError(res.error);
    pending.current = null;
    Taro.showToast({ title: a === 'still' ? '已重新交办' : '谢谢您告诉我们', icon: 'none' });
    onDone();
  };
  const closed = c.closedAt ?? c.stillThere?.askedAt ?? null;
  return (
    <Card className='still-there'>
      <Text className='card-title'>问题还在吗？</Text>
      <Text className='block'>
        {closed ? `这件事${fullDate(closed)}已办结。` : ''}
        {c.stillThere ? `请在${fullDate(c.stillThere.answerDate)}前告诉我们。` : ''}
      </Text>
      <View className='actions'>
        <Btn kind='primary' big loading={sending === 'still'} disabled={sending === 'gone'} onClick={() => void answer('still')}>
          还在
        </Btn>
        <Btn big loading={sending === 'gone'} disabled={sending === 'still'} onClick={() => void answer('gone')}>
          已经解决了
        </Btn>
      </View>
      <ErrorBanner error={error} />
    </Card>
  );
}

/** The answer once given, and the reopening it caused: lines of the case's status card. */
export function StillThereOutcome({ c }: { c: Pick<CaseView, 'stillThere' | 'reopenCount' | 'relations'> }) {
  const said = c.stillThere?.answerText;
  // a reporter reads their own answer (each answers for themselves), staff the latest
  const who = isReporter(c.relations) ? '您的回答' : '群众回答';
  return (
    <>
      {said && <Row label='问题还在吗'>{`${who}：${said}`}</Row>}
      {c.reopenCount > 0 && <Text className='block still-there-reopened'>{`群众反映问题还在，已再交办（第${c.reopenCount}次）`}</Text>}
    </>
  );
}
