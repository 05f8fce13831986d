/**
 * The contact card (联系卡): opened from the card's QR code. In the mini-program the code's scene
 * is the card code; in h5 the `code` parameter is.
 */
import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { CardInfo } from '../../server/usecases/cards';
import { Btn, Card, Empty, Row, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function CardPage() {
  const { params } = useRouter();
  const code = (param(params, 'scene') || param(params, 'code')).trim().toUpperCase();
  const card = useRemote(() => (code ? request<CardInfo>('card', 'get', { cardCode: code }) : Promise.resolve(null)));

  return (
    <Screen>
      {!code ? (
        <Empty text='请用微信扫一扫党代表联系卡上的二维码'>
          <ResidentLinks staff />
        </Empty>
      ) : (
        <Show remote={card}>
          {(c) =>
            c && (
              <View>
                <Card className='rep'>
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
                  <Text className='rep-position'>{c.position}</Text>
                  <View className='call' onClick={() => Taro.makePhoneCall({ phoneNumber: c.phone })}>
                    <Text>拨打电话 {c.phone}</Text>
                  </View>
                  {c.team.length > 0 && <Row label='接待小组'>{c.team.join('、')}</Row>}
                  <Row label='工作室'>{c.workroom}</Row>
                  <Row label='接待时间'>{c.receptionTimes}</Row>
                  <Row label='联系村(社区)'>{c.villages.map((v) => v.name).join('、')}</Row>
                </Card>
                <Btn kind='primary' big onClick={() => go(pages.submit(c.cardCode))}>
                  我要反映
                </Btn>
                <Text className='hint'>有困难、有意见，都可以直接告诉党代表，办理进度会通知您。</Text>
                <ResidentLinks />
              </View>
            )
          }
        </Show>
      )}
    </Screen>
  );
}

/** Where a resident goes next; opened without a card, also the way in for staff (工作台). */
function ResidentLinks({ staff = false }: { staff?: boolean }) {
  return (
    <View className='links'>
      <View className='link' onClick={() => go(pages.mine())}>
        <Text>我的反映</Text>
      </View>
      <View className='link' onClick={() => go(pages.messages())}>
        <Text>我的消息</Text>
      </View>
      {staff && (
        <View className='link' onClick={() => go(pages.workbench())}>
          <Text>工作人员</Text>
        </View>
      )}
    </View>
  );
}
