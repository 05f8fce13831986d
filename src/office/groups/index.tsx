/**
 * 活动小组, the office's side: every activity group of the county with its members and how active it
 * was in a period (activities, attendances), the period's activities newest first, and both as a
 * workbook.
 */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { PERIOD_TEXT, type PeriodKind } from '../../domain/periods';
import { Btn, Card, Chips, choicesOf, Empty, Row, Screen, Show } from '../../components/ui';
import { call, request } from '../../services/api';
import { exportReport } from '../../services/files';
import { fullDate } from '../../services/format';
import { useRemote } from '../../services/remote';

export default function OfficeGroupsPage() {
  const [period, setPeriod] = useState<PeriodKind>('half_year');
  const county = useRemote(() => request('group', 'county', { period }), [period]);
  return (
    <Screen wide>
      <Chips options={choicesOf(PERIOD_TEXT)} value={period} onChange={setPeriod} />
      <Show remote={county}>
        {(c) => (
          <>
            <Text className='small'>{`${fullDate(c.from)} 至 ${fullDate(c.to)}`}</Text>
            <Btn onClick={() => void exportReport(call('group', 'export', { period }))}>导出Excel</Btn>
            {c.groups.length === 0 ? (
              <Empty text='本县还没有活动小组' />
            ) : (
              <View className='desk-columns'>
                {c.groups.map((g) => (
                  <Card key={g.id} className='group'>
                    <Text className='card-title'>{g.code ? `${g.code} ${g.name}` : g.name}</Text>
                    <Row label='组长'>{g.leader.name}</Row>
                    <Row label='成员'>{g.members.map((m) => m.name).join('、')}</Row>
                    <Row label='活动'>{`${g.activities} 次，参加 ${g.attendances} 人次`}</Row>
                  </Card>
                ))}
              </View>
            )}
            <Text className='lead'>小组活动</Text>
            {c.activities.length === 0 ? (
              <Empty text='这段时间还没有小组活动' />
            ) : (
              <View className='desk-columns'>
                {c.activities.map((a) => (
                  <Card key={a._id} className='group-activity'>
                    <Text className='card-title'>{a.subject}</Text>
                    <Text className='small'>{`${fullDate(a.date)} · ${a.groupName} · ${a.kindText} · ${a.place}`}</Text>
                    <Row label='参加代表'>{a.attendeeNames.join('、')}</Row>
                    {a.opinions !== null && <Row label='收集意见'>{`${a.opinions} 条`}</Row>}
                    {a.notes && <Text className='description'>{a.notes}</Text>}
                    <Text className='small'>{`${a.loggedByName}记录${a.photos.length ? `，照片 ${a.photos.length} 张` : ''}`}</Text>
                  </Card>
                ))}
              </View>
            )}
          </>
        )}
      </Show>
    </Screen>
  );
}
