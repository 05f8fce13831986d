/** A wall post as the public wall shows it (回音墙): the words, the reply and the days it took, 逾期, the case it became. */
import { Text, View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import type { PublicWallPost } from '../domain/wall';
import { fullDate } from '../services/format';

const took = (days: number) => (days === 0 ? '当天回复' : `用了${days}个工作日`);

export function WallPostCard({ p, children }: PropsWithChildren<{ p: PublicWallPost }>) {
  return (
    <View className={`card wall-post${p.late ? ' wall-late' : ''}`}>
      <View className='case-item-head'>
        <Text className='case-status'>{p.statusText}</Text>
        {p.lateText && <Text className='late-mark'>⚠ {p.lateText}</Text>}
        <Text className='small'>{`${fullDate(p.postedOn)} · ${p.no}`}</Text>
      </View>
      <Text className='description wall-text'>{p.text}</Text>
      {p.reply ? (
        <View className='wall-reply'>
          <Text className='event-title'>{`${p.reply.unitName}回复：`}</Text>
          <Text className='reply-text'>{p.reply.text}</Text>
          <Text className={`small wall-took${p.late ? ' overdue' : ''}`}>
            {`${fullDate(p.reply.repliedOn)}回复，${took(p.reply.workingDays)}${p.late ? '，超过了答复期限' : ''}`}
          </Text>
        </View>
      ) : (
        p.dueDate && (
          <Text className={`due${p.late ? ' overdue' : ''}`}>{p.late ? `已超过回复期限 ${fullDate(p.dueDate)}` : `${fullDate(p.dueDate)}前回复`}</Text>
        )
      )}
      {p.caseNo && <Text className='wall-case'>{`已转为事项 ${p.caseNo}`}</Text>}
      {children}
    </View>
  );
}
