/**
 * 公示牌: the representatives of one village, as posted at its service centre — photo, name,
 * position, phone, reception times and place — with a way to call or to write to each.
 */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { RepProfile } from '../../components/rep';
import { Btn, Empty, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function BoardPage() {
  const { params } = useRouter();
  const villageId = param(params, 'village');
  const board = useRemote(() => request('card', 'board', { villageId }));
  return (
    <Screen>
      <Show remote={board}>
        {(b) => (
          <View>
            <Text className='lead'>
              {b.township}
              {b.village}的党代表
            </Text>
            <View className='link' onClick={() => go(pages.notices(villageId))}>
              <Text>{b.village}公开栏</Text>
            </View>
            {b.representatives.length === 0 && <Empty text='这里还没有党代表' />}
            {b.representatives.map((c) => (
              <RepProfile key={c.cardCode} c={c}>
                <Btn onClick={() => go(pages.submit(c.cardCode))}>向{c.name}反映</Btn>
              </RepProfile>
            ))}
          </View>
        )}
      </Show>
    </Screen>
  );
}
