/** The resident's own cases, newest first (drafts still waiting for the network above them); the way to a messenger's page and to entering a code. */
import { Text, View } from '@tarojs/components';
import { CaseItem } from '../../components/case-parts';
import { Btn, Empty, Screen, Show } from '../../components/ui';
import { WaitingList } from '../../components/waiting';
import { request } from '../../services/api';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function MinePage() {
  const list = useRemote(() => request('resident', 'myCases', { page: 1, pageSize: 50 }));
  // only a messenger (or 代办党员) has terms: anyone else is refused, and sees no link
  const messenger = useRemote(() => request('messenger', 'mine', { page: 1, pageSize: 1 }));
  return (
    <Screen>
      <WaitingList />
      {messenger.data && (
        <Btn kind='primary' big onClick={() => go(pages.messenger())}>
          {messenger.data.terms.some((t) => t.kind === 'messenger') ? '我是民情信使：代邻居反映' : '我是代办党员：代群众办事'}
        </Btn>
      )}
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
      <View className='links'>
        <View className='link' onClick={() => go(pages.enterCode())}>
          <Text>输入邀请码或跟进码</Text>
        </View>
      </View>
    </Screen>
  );
}
