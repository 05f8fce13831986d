/** A representative as the contact card shows them: on the card page and on the printable card. */
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Fragment, type PropsWithChildren } from 'react';
import { monthDay } from '../domain/labels';
import type { CardInfo, PrintableCard } from '../server/usecases/cards';
import { Card, Row, spoken } from './ui';

export function RepHead({ c }: { c: Pick<CardInfo, 'photoUrl' | 'name' | 'levelText'> }) {
  return (
    <View className='rep-head'>
      {c.photoUrl ? (
        <Image className='rep-photo' {...spoken(`${c.name}的照片`)} src={c.photoUrl} mode='aspectFill' />
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
export function RepDetails({ c, next = false }: { c: Pick<CardInfo, 'team' | 'workrooms' | 'villages'>; next?: boolean }) {
  return (
    <>
      {c.team.length > 0 && <Row label='接待小组'>{c.team.join('、')}</Row>}
      {c.workrooms.map((w) => (
        <Fragment key={w.name}>
          <Row label='工作室'>{w.name}</Row>
          <Row label='接待时间'>
            {w.times}
            {next && `（下次${monthDay(w.next)}）`}
          </Row>
        </Fragment>
      ))}
      <Row label='联系村(社区)'>{c.villages.map((v) => v.name).join('、')}</Row>
    </>
  );
}

/** A contact card as printed: the representative, where and when to find them, and the card's code. */
export function CardFace({ c }: { c: PrintableCard }) {
  return (
    <Card className='rep print-card'>
      <Text className='card-title print-title'>党代表联系卡</Text>
      <RepHead c={c} />
      <Text className='rep-position'>{c.position}</Text>
      <Row label='电话'>{c.phone}</Row>
      <RepDetails c={c} />
      <View className='print-code'>
        <Image className='print-code-img' {...spoken('联系卡小程序码，微信扫一扫反映问题')} src={c.codeUrl} mode='scaleToFill' showMenuByLongpress />
        <Text className='block'>微信扫一扫 反映问题</Text>
        <Text className='small'>{c.cardCode}</Text>
      </View>
    </Card>
  );
}

/** A representative as residents meet them: who they are, a call button, where and when; then what the page adds. */
export function RepProfile({ c, children }: PropsWithChildren<{ c: CardInfo }>) {
  return (
    <Card className='rep'>
      <RepHead c={c} />
      <Text className='rep-position'>{c.position}</Text>
      <View className='call' onClick={() => Taro.makePhoneCall({ phoneNumber: c.phone })}>
        <Text>拨打电话 {c.phone}</Text>
      </View>
      <RepDetails c={c} next />
      {children}
    </Card>
  );
}
