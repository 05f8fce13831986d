/**
 * 民意回音墙: a village's public wall, opened from its 公示牌, its 公开栏 or the printed wall code
 * (whose scene is the village). Anyone writes one opinion, with no name kept; the wall shows every
 * post newest first with its public reply, the working days the reply took, 逾期 for late ones, the
 * case a post became, and the due day of those still waiting.
 */
import { Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import type { ApiError } from '../../../types/api';
import { WallPostCard } from '../../components/wall-parts';
import { Btn, Card, Empty, ErrorBanner, Field, Screen, Show, spoken } from '../../components/ui';
import { call, request } from '../../services/api';
import { param } from '../../services/nav';
import { useRemote } from '../../services/remote';

const PAGE_SIZE = 20;

export default function WallPage() {
  const { params } = useRouter();
  const villageId = param(params, 'scene') || param(params, 'village');
  const [pageCount, setPageCount] = useState(1);
  const wall = useRemote(() => request('wall', 'list', { villageId, page: 1, pageSize: PAGE_SIZE * pageCount }), [pageCount]);
  return (
    <Screen>
      <Show remote={wall}>
        {(w) => (
          <View>
            <Text className='lead'>{`${w.village.townshipName}${w.village.name}民意回音墙`}</Text>
            <Text className='hint'>{`有意见、有建议，写在这里。${w.replyByText}会在${w.replyWorkingDays}个工作日内公开回复，大家都能看到。`}</Text>
            <PostForm villageId={villageId} onPosted={wall.reload} />
            {w.items.length === 0 ? (
              <Empty text='回音墙上还没有留言' />
            ) : (
              <>
                <Text className='small'>{`共 ${w.total} 条留言`}</Text>
                {w.items.map((p) => (
                  <WallPostCard key={p.id} p={p} />
                ))}
                {w.items.length < w.total && <Btn onClick={() => setPageCount((n) => n + 1)}>{`再看${PAGE_SIZE}条`}</Btn>}
              </>
            )}
          </View>
        )}
      </Show>
    </Screen>
  );
}

/** One field: the opinion. No name, no phone. */
function PostForm({ villageId, onPosted }: { villageId: string; onPosted: () => void }) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const tooLong = text.trim().length > RULES.wall.textMax;
  const send = async () => {
    setSending(true);
    setError(null);
    const res = await call('wall', 'post', { villageId, text: text.trim() });
    setSending(false);
    if (!res.ok) return setError(res.error);
    setDone(res.data.next);
    setText('');
    onPosted();
  };
  return (
    <Card className='wall-form'>
      <Field label='我的意见' hint='不用留姓名和电话，谁写的不会被记录，也不会公开。'>
        <Textarea
          className='textarea'
          {...spoken('我的意见')}
          value={text}
          maxlength={-1}
          placeholder='例如：村口的垃圾桶好几天没人清运'
          onInput={(e) => {
            setText(e.detail.value);
            setDone(null);
          }}
          autoHeight
        />
        <Text className={`counter${tooLong ? ' counter-over' : ''}`}>{`${text.trim().length}/${RULES.wall.textMax}`}</Text>
      </Field>
      <ErrorBanner error={error} />
      {done && (
        <View className='banner banner-warn wall-posted' role='status'>
          <Text>{done}</Text>
        </View>
      )}
      <Btn
        kind='primary'
        big
        loading={sending}
        disabled={!text.trim() || tooLong}
        why={tooLong ? '字数太多了，请删短一些' : '请先写下您的意见'}
        onClick={() => void send()}
      >
        公开留言
      </Btn>
    </Card>
  );
}
