/**
 * 党代表履职: each representative's figures for the yearly evaluation (述职评议) — reception
 * attendances and residents received, requests received (and entered in person), answered in
 * time, followed to the end, resolved, satisfaction — and the period's reception logs; exported
 * to Excel for the evaluation meeting.
 */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { monthDay, percentText } from '../../domain/labels';
import { PERIOD_TEXT, type PeriodKind } from '../../domain/periods';
import { Btn, Card, Chips, choicesOf, Empty, Row, Screen, Show } from '../../components/ui';
import { call, request } from '../../services/api';
import { exportReport } from '../../services/files';
import { fullDate } from '../../services/format';
import { useRemote } from '../../services/remote';

export default function RecordsPage() {
  const [period, setPeriod] = useState<PeriodKind>('year');
  const filter = { period };
  const records = useRemote(() => request('office', 'representativeRecords', filter), [period]);
  const logs = useRemote(() => request('office', 'receptions', filter), [period]);
  return (
    <Screen wide>
      <Chips options={choicesOf(PERIOD_TEXT)} value={period} onChange={setPeriod} />
      <Show remote={records}>
        {(r) => (
          <>
            <Text className='small'>
              {fullDate(r.from)} 至 {fullDate(r.to)}
            </Text>
            <Btn onClick={() => void exportReport(call('office', 'exportRepresentativeRecords', filter))}>导出Excel</Btn>
            <View className='desk-columns'>
              {r.records.map((x) => (
                <Card key={x.representativeId} className='record'>
                  <Text className='card-title'>{x.name}</Text>
                  <Row label='接待'>{`${x.attendances} 次（其中走访 ${x.visits} 次），接待群众 ${x.residents} 人`}</Row>
                  <Row label='收到诉求'>{`${x.received} 件（当面登记 ${x.inPerson} 件）`}</Row>
                  <Row label='响应率'>{percentText(x.response)}</Row>
                  <Row label='办理'>{`已答复 ${x.answered} 件，已办结 ${x.resolved} 件，跟踪到底 ${x.closed} 件`}</Row>
                  <Row label='满意率'>{`${percentText(x.satisfaction)}（${x.satisfaction.numerator}/${x.satisfaction.denominator}）`}</Row>
                </Card>
              ))}
            </View>
          </>
        )}
      </Show>
      <Text className='card-title'>接待日志</Text>
      <Show remote={logs}>
        {(list) =>
          list.length === 0 ? (
            <Empty text='这段时间还没有接待日志' />
          ) : (
            <View className='desk-columns'>
              {list.map((l) => (
                <Card key={l._id}>
                  <Text className='block'>{`${monthDay(l.date)} · ${l.kind === 'visit' ? `走访${l.villageName}` : `${l.workroomName}${l.scheduled ? '' : '（加开）'}`}`}</Text>
                  <Text className='small block'>{`${l.representativeNames.join('、')} · 接待群众${l.residents}人 · 登记诉求${l.caseIds.length}件`}</Text>
                  {l.notes && <Text className='small block'>{l.notes}</Text>}
                </Card>
              ))}
            </View>
          )
        }
      </Show>
    </Screen>
  );
}
