/**
 * The message centre: what the mini-program will also push as WeChat subscribe messages.
 * Opening a message marks it read and opens its case.
 */
import { Text, View } from '@tarojs/components';
import type { Message } from '../../../types/domain';
import { Btn, Empty, Screen, Show } from '../../components/ui';
import { call, request } from '../../services/api';
import { dateTime } from '../../services/format';
import { go } from '../../services/nav';
import { useRemote } from '../../services/remote';

type MessageView = Omit<Message, '_id' | 'to'> & { id: string };

export default function MessagesPage() {
  const list = useRemote(() => request('messages', 'list', { page: 1, pageSize: 50 }));
  const open = async (m: MessageView) => {
    if (!m.read) await call('messages', 'markRead', { ids: [m.id] });
    void go(m.page);
  };
  const readAll = async (items: MessageView[]) => {
    const ids = items.filter((m) => !m.read).map((m) => m.id);
    if (ids.length) await call('messages', 'markRead', { ids });
    list.reload();
  };
  return (
    <Screen>
      <Show remote={list}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty text='还没有消息。事情有进展时会通知您。' />
          ) : (
            <>
              <View className='list-head'>
                <Text className='lead'>{p.unread > 0 ? `${p.unread} 条未读` : '都已读'}</Text>
                {p.unread > 0 && <Btn onClick={() => readAll(p.items)}>全部标为已读</Btn>}
              </View>
              {p.items.map((m) => (
                <View key={m.id} className={`message${m.read ? '' : ' unread'}`} onClick={() => open(m)}>
                  <Text className='message-title'>
                    {m.read ? '' : '● '}
                    {m.title}
                  </Text>
                  <Text className='message-body'>{m.body}</Text>
                  <Text className='small'>
                    {dateTime(m.createdAt)} · 事项 {m.caseNo}
                  </Text>
                </View>
              ))}
            </>
          )
        }
      </Show>
    </Screen>
  );
}
