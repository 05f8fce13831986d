/** A matter put to residents (重大事项民意 / 坝坝会) as the board, staff and office show it: what, options, window; once decided, result and turnout. */
import { Text, View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import type { MatterView } from '../server/usecases/matters';
import { request } from '../services/api';
import { fullDate } from '../services/format';
import { useRemote } from '../services/remote';
import { Card, Row, Show } from './ui';

export function MatterCard({ m, children }: PropsWithChildren<{ m: MatterView }>) {
  return (
    <Card className='matter'>
      <Text className='card-title'>{`${m.kindText}：${m.title}`}</Text>
      <Text className='evaluation-phase'>{m.phaseText}</Text>
      <Text className='description'>{m.body}</Text>
      <Row label='选项'>{m.options.map((o) => o.text).join(' / ')}</Row>
      <Row label={m.mode === 'meeting' ? '坝坝会时间' : '投票时间'}>{`${fullDate(m.opensOn)} 至 ${fullDate(m.closesOn)}`}</Row>
      <Row label='涉及'>{m.villages.map((v) => v.name).join('、')}</Row>
      <Row label='发布'>{`${m.publisher} · ${fullDate(m.putOn)}`}</Row>
      {m.thresholdText && <Text className='small'>{`「${m.options[0]?.text ?? ''}」达到投票数的${m.thresholdText}即为通过`}</Text>}
      {m.result && <MatterResult m={m} result={m.result} />}
      {children}
    </Card>
  );
}

/** The published result: counts per option, turnout, and the meeting held in person with its minutes. */
function MatterResult({ m, result }: { m: MatterView; result: NonNullable<MatterView['result']> }) {
  return (
    <View className='matter-decided'>
      <Text className='matter-result'>{`结果：${result.text}`}</Text>
      {result.counts.map((c) => (
        <View key={c.option} className={`matter-count${c.option === result.chosen ? ' matter-count-chosen' : ''}`}>
          <Text>{c.option}</Text>
          <Text>{`${c.count} 票`}</Text>
        </View>
      ))}
      <Text className='small'>{`${result.decidedByText}，${result.turnoutText}，${fullDate(result.decidedOn)}公布`}</Text>
      {m.meeting && (
        <View className='wall-reply'>
          <Text className='event-title'>{`坝坝会：${fullDate(m.meeting.date)}，${m.meeting.place}，到会${m.meeting.attendance}人`}</Text>
          <Text className='reply-text'>{m.meeting.minutes}</Text>
          <Text className='small'>{`记录人：${m.meeting.chairName}`}</Text>
        </View>
      )}
    </View>
  );
}

/** The count so far of a matter not yet decided (counts only: never who voted), for the staff of its area. */
export function MatterTally({ matterId }: { matterId: string }) {
  const detail = useRemote(() => request('matter', 'detail', { matterId }), [matterId]);
  return (
    <Show remote={detail}>
      {(d) => (
        <View className='tally'>
          <Text className='event-title'>{`目前 ${d.cast} 票`}</Text>
          {d.counted.map((c) => (
            <View key={c.option} className='matter-count'>
              <Text>{c.option}</Text>
              <Text>{`${c.count} 票`}</Text>
            </View>
          ))}
        </View>
      )}
    </Show>
  );
}
