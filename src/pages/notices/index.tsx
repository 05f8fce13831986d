/** A village's 公开栏: the notices posted for it, newest first, and the way to its echo wall (回音墙). */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { NoticeCard } from '../../components/case-parts';
import { Empty, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function NoticesPage() {
  const { params } = useRouter();
  const villageId = param(params, 'village');
  const notices = useRemote(() => request('card', 'notices', { villageId, page: 1, pageSize: 50 }));
  return (
    <Screen>
      <View className='links'>
        <View className='link wall-link' onClick={() => go(pages.wall(villageId))}>
          <Text>民意回音墙：有意见写在这里，不用留名</Text>
        </View>
      </View>
      <Show remote={notices}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty text='公开栏里还没有公告' />
          ) : (
            <View>
              <Text className='lead'>共 {p.total} 条公告</Text>
              {p.items.map((n) => (
                <NoticeCard key={n.id} n={n} />
              ))}
            </View>
          )
        }
      </Show>
    </Screen>
  );
}
