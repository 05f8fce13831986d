/** The office's view of the township meetings: per township, which months of a year had their 问题会商会, and what they decided. */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { shanghaiDate } from '../../domain/calendar';
import { monthDay } from '../../domain/labels';
import { Card, Chips, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function MeetingsHeldPage() {
  const today = shanghaiDate(Date.now());
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const held = useRemote(() => request('linkage', 'meetings', { year }), [year]);
  return (
    <Screen wide>
      <Chips options={[thisYear, thisYear - 1].map((y) => ({ value: String(y), label: `${y}年` }))} value={String(year)} onChange={(y) => setYear(Number(y))} />
      <Show remote={held}>
        {(h) => (
          <View className='desk-columns'>
            {h.townships.map((t) => {
              const months = t.months.filter((m) => m.month <= today.slice(0, 7));
              return (
                <Card key={t.id} className='township-meetings'>
                  <Text className='card-title'>{`${t.name} · 开了${months.filter((m) => m.held).length}次（共${months.length}个月）`}</Text>
                  {months.map((m) => (
                    <View key={m.month} className={`link meeting-month${m.held ? '' : ' overdue'}`} onClick={() => go(pages.meeting(t.id, m.month))}>
                      <Text>{`${Number(m.month.slice(5, 7))}月：${m.held ? `${monthDay(m.held)}已开，议定${m.decided}项（议程${m.items}项）` : '未开'}`}</Text>
                    </View>
                  ))}
                </Card>
              );
            })}
          </View>
        )}
      </Show>
    </Screen>
  );
}
