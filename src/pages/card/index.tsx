/**
 * The contact card (联系卡): opened from the card's QR code. In the mini-program the code's scene
 * is the card code; in h5 the `code` parameter is.
 */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { CardInfo } from '../../server/usecases/cards';
import { RepProfile } from '../../components/rep';
import { Btn, Empty, Screen, Show } from '../../components/ui';
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
                {c.active ? (
                  <>
                    <RepProfile c={c} />
                    <Btn kind='primary' big onClick={() => go(pages.submit(c.cardCode))}>
                      我要反映
                    </Btn>
                    <Text className='hint'>有困难、有意见，都可以直接告诉党代表，办理进度会通知您。</Text>
                  </>
                ) : (
                  // the representative left: the card points to who serves the village now (公示牌)
                  <>
                    <View className='banner banner-warn' role='alert'>
                      <Text>{c.notice}</Text>
                    </View>
                    {c.villages.map((v) => (
                      <Btn key={v.id} kind='primary' big onClick={() => go(pages.board(v.id))}>
                        {`看${v.name}现在的党代表`}
                      </Btn>
                    ))}
                  </>
                )}
                {c.active && (
                  <View className='links'>
                    {c.villages.map((v) => (
                      <View key={v.id} className='link' onClick={() => go(pages.board(v.id))}>
                        <Text>{v.name}的党代表</Text>
                      </View>
                    ))}
                  </View>
                )}
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
