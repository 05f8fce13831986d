/** A representative as the contact card shows them: on the card page and on the printable card. */
import { Image, Text, View } from '@tarojs/components';
import type { CardInfo } from '../server/usecases/cards';
import { Row } from './ui';

export function RepHead({ c }: { c: Pick<CardInfo, 'photoUrl' | 'name' | 'levelText'> }) {
  return (
    <View className='rep-head'>
      {c.photoUrl ? (
        <Image className='rep-photo' src={c.photoUrl} mode='aspectFill' />
      ) : (
        <View className='rep-photo rep-initial'>
          <Text>{c.name.slice(0, 1)}</Text>
        </View>
      )}
      <View className='rep-id'>
        <Text className='rep-name'>{c.name}</Text>
        <Text className='rep-level'>{c.levelText}</Text>
      </View>
    </View>
  );
}

/** Where and when to find them, and for which villages. */
export function RepDetails({ c }: { c: Pick<CardInfo, 'team' | 'workroom' | 'receptionTimes' | 'villages'> }) {
  return (
    <>
      {c.team.length > 0 && <Row label='接待小组'>{c.team.join('、')}</Row>}
      <Row label='工作室'>{c.workroom}</Row>
      <Row label='接待时间'>{c.receptionTimes}</Row>
      <Row label='联系村(社区)'>{c.villages.map((v) => v.name).join('、')}</Row>
    </>
  );
}
