/**
 * The contact card (联系卡): opened from the card's QR code. In the mini-program the code's scene
 * is the card code; in h5 the `code` parameter is. Opened without a card (from 最近使用, or by a
 * reviewer), it offers to scan a card or to type the number printed under its code. Below the
 * representative, 履职公示: their reception days, answered proposals and published 述职评议 result.
 */
import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ActivitySection } from '../../components/activity';
import { RepProfile } from '../../components/rep';
import { Btn, Card, Empty, Field, Screen, Show, spoken } from '../../components/ui';
import { request } from '../../services/api';
import { cardCodeIn, go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function CardPage() {
  const { params } = useRouter();
  const code = (param(params, 'scene') || param(params, 'code')).trim().toUpperCase();
  const card = useRemote(() => (code ? request('card', 'get', { cardCode: code }) : Promise.resolve(null)));

  return (
    <Screen>
      {!code ? (
        <Empty text='请用微信扫一扫党代表联系卡上的二维码'>
          <FindCard />
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
                  <>
                    <View className='links'>
                      {c.villages.map((v) => (
                        <View key={v.id} className='link' onClick={() => go(pages.board(v.id))}>
                          <Text>{v.name}的党代表</Text>
                        </View>
                      ))}
                    </View>
                    <ActivitySection a={c.activity} />
                  </>
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

/** Scan a card (in WeChat) or type the number printed under its code. */
function FindCard() {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState('');
  const open = (code: string) => {
    setError('');
    void go(pages.card(code));
  };
  const scan = async () => {
    let scanned: Taro.scanCode.SuccessCallbackResult;
    try {
      scanned = await Taro.scanCode({}); // the default kinds include 小程序码 (wxCode), whose path it answers
    } catch (err) {
      // closed the scanner: nothing to say
      if (!/cancel/.test(String((err as { errMsg?: unknown } | null)?.errMsg ?? ''))) setError('没有扫到码，请再试一次，或输入卡上的编号');
      return;
    }
    const code = cardCodeIn(scanned.path) || cardCodeIn(scanned.result);
    if (code) open(code);
    else setError('这不是党代表联系卡上的码，请对准联系卡上的小程序码再扫');
  };
  const openTyped = () => {
    const code = typed.trim().toUpperCase();
    if (code) open(code);
    else setError('请输入联系卡二维码下面的编号');
  };
  return (
    <Card>
      {process.env.TARO_ENV === 'weapp' && (
        <Btn kind='primary' big onClick={() => void scan()}>
          扫一扫联系卡
        </Btn>
      )}
      <Field label='或输入联系卡编号' hint='编号印在联系卡二维码的下面' error={error}>
        <Input
          className='input code-input'
          {...spoken('联系卡编号')}
          value={typed}
          maxlength={32}
          onInput={(e) => setTyped(e.detail.value.toUpperCase())}
          onConfirm={openTyped}
        />
      </Field>
      <Btn big onClick={openTyped}>
        打开联系卡
      </Btn>
    </Card>
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
