/**
 * The drafts that wait for the network, where the resident sees them (the submit page, 我的): how
 * many wait, each by its first words with 删除, and each sent one with its number.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { firstWords, pendingOf, recordingCount, stillWaiting, type Waiting } from '../services/drafts';
import { go, pages } from '../services/nav';
import { removeDraft, useWaiting } from '../services/waiting';
import { Btn, Card } from './ui';

/** The waiting list, or nothing when no draft waits or was just sent. */
export function WaitingList() {
  const list = useWaiting();
  if (list.length === 0) return null;
  const waiting = stillWaiting(list).length;
  return (
    <Card className='waiting'>
      <Text className='card-title'>{waiting > 0 ? `待发送 ${waiting} 件` : '没网时存的事都已发出'}</Text>
      {waiting > 0 && <Text className='hint'>没有网络时存好的，有网时会自动发出，不用再点提交。</Text>}
      {[...stillWaiting(list), ...list.filter((w) => w.refused), ...list.filter((w) => w.sent)].map((w) => (
        <WaitingItem key={w.draft.requestId} w={w} />
      ))}
    </Card>
  );
}

/** What a waiting draft carries: 带 2 张照片、1 段录音. */
const carries = (photos: number, recordings: number) => `带 ${[photos && `${photos} 张照片`, recordings && `${recordings} 段录音`].filter(Boolean).join('、')}`;

function WaitingItem({ w }: { w: Waiting }) {
  const photos = w.draft.photos.length + pendingOf(w.draft, 'photo').length;
  const recordings = recordingCount(w.draft);
  const remove = async () => {
    const { confirm } = await Taro.showModal({
      title: '删除这件事？',
      content: `“${firstWords(w.draft)}”还没有发出，删除后就不会发出了。`,
      confirmText: '删除',
      cancelText: '不删',
    });
    if (confirm) removeDraft(w);
  };
  return (
    <View className={`list-item waiting-item${w.sent ? ' waiting-sent' : ''}`}>
      <View className='waiting-text'>
        <Text className='block waiting-words'>{firstWords(w.draft)}</Text>
        {photos + recordings > 0 && <Text className='block small'>{carries(photos, recordings)}</Text>}
        {w.sent ? (
          <View className='link applied' role='link' onClick={() => go(pages.case(w.sent!.id))}>
            <Text>✓ 已发出，编号 {w.sent.no}</Text>
          </View>
        ) : w.refused ? (
          <View className='field-error' role='alert'>
            <Text>没有发出：{w.refused.message}</Text>
          </View>
        ) : (
          <Text className='block waiting-state'>待发送</Text>
        )}
      </View>
      {w.sent ? (
        <Btn onClick={() => removeDraft(w)}>知道了</Btn>
      ) : (
        <Btn kind='danger' onClick={() => void remove()}>
          删除
        </Btn>
      )}
    </View>
  );
}
