/** A village's 公开栏: the notices posted for it, newest first. */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { NoticeCard } from '../../components/case-parts';
import { Empty, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function NoticesPage() {
  const { params } = useRouter();
  const villageId = param(params, 'village');
  const notices = useRemote(() => request('card', 'notices', { villageId, page: 1, pageSize: 50 }));
  return (
    <Screen>
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
