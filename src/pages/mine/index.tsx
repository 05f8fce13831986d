/** The resident's own cases, newest first. */
import { Text } from '@tarojs/components';
import { CaseItem } from '../../components/case-parts';
import { Empty, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function MinePage() {
  const list = useRemote(() => request('resident', 'myCases', { page: 1, pageSize: 50 }));
  return (
    <Screen>
      <Show remote={list}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty text='您还没有反映过事情。扫一扫党代表联系卡上的二维码就可以反映。' />
          ) : (
            <>
              <Text className='lead'>共 {p.total} 件</Text>
              {p.items.map((c) => (
                <CaseItem key={c.id} c={c} onOpen={() => go(pages.case(c.id))} />
              ))}
            </>
          )
        }
      </Show>
    </Screen>
  );
}
