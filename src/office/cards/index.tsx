/**
 * Every representative's contact card in the county, laid out to print several to an A4 sheet
 * (two across, cut along the borders) from the browser. In the mini-program, which cannot print,
 * each card opens its printable page, where its code is saved to the album for the print shop.
 */
import { Text, View } from '@tarojs/components';
import { CardFace } from '../../components/rep';
import { Btn, Empty, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function CardSheetPage() {
  const cards = useRemote(() => request('card', 'sheet'));
  return (
    <Screen>
      <Show remote={cards}>
        {(list) =>
          list.length === 0 ? (
            <Empty text='还没有党代表：请先导入组织架构' />
          ) : (
            <View>
              <Text className='lead'>共 {list.length} 张联系卡</Text>
              {process.env.TARO_ENV === 'h5' ? (
                <Btn kind='primary' big onClick={() => window.print()}>
                  打印（A4，每页4张）
                </Btn>
              ) : (
                <Text className='hint'>点一张联系卡，可以把它的小程序码存到手机相册，连同卡上的文字交给印刷厂。</Text>
              )}
              <View className='card-sheet'>
                {list.map((c) =>
                  process.env.TARO_ENV === 'h5' ? (
                    <CardFace key={c.cardCode} c={c} />
                  ) : (
                    <View key={c.cardCode} className='card-open' onClick={() => go(pages.printCard(c.cardCode))}>
                      <CardFace c={c} />
                    </View>
                  ),
                )}
              </View>
            </View>
          )
        }
      </Show>
    </Screen>
  );
}
