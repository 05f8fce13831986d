/**
 * Every representative's contact card in the county, laid out to print several to an A4 sheet
 * (two across, cut along the borders) from the browser.
 */
import { Text, View } from '@tarojs/components';
import type { PrintableCard } from '../../server/usecases/cards';
import { CardFace } from '../../components/rep';
import { Btn, Empty, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { useRemote } from '../../services/remote';

export default function CardSheetPage() {
  const cards = useRemote(() => request<PrintableCard[]>('card', 'sheet'));
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
                <Text className='hint'>请在电脑上打开工作台打印；在手机上可逐张保存小程序码。</Text>
              )}
              <View className='card-sheet'>
                {list.map((c) => (
                  <CardFace key={c.cardCode} c={c} />
                ))}
              </View>
            </View>
          )
        }
      </Show>
    </Screen>
  );
}
