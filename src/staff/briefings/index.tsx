/**
 * 重大事项通报, a representative's: their briefings, unread first; with an id, one briefing — the
 * words and pictures, 确认已阅, and while the office asks for opinions (征求意见), the box to give or
 * change theirs, with what they sent.
 */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { BRIEFING_LIMITS } from '../../domain/briefings';
import type { BriefingView } from '../../server/usecases/briefings';
import { PhotoStrip } from '../../components/photos';
import { TextBox } from '../../components/proposal-parts';
import { Btn, Card, Empty, ErrorBanner, Row, Screen, Show } from '../../components/ui';
import { call, request } from '../../services/api';
import { dateTime, fullDate } from '../../services/format';
import { go, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';
import { useSend } from '../../services/send';

export default function BriefingsPage() {
  const id = param(useRouter().params, 'id');
  return <Screen>{id ? <OneBriefing id={id} /> : <Briefings />}</Screen>;
}

function Briefings() {
  const mine = useRemote(() => request('briefing', 'mine'));
  return (
    <Show remote={mine}>
      {(m) => (
        <>
          <Text className='lead'>{m.unread > 0 ? `有${m.unread}件没有确认已阅` : '都已确认已阅'}</Text>
          {m.items.length === 0 && <Empty text='还没有发给您的通报' />}
          {m.items.map((b) => (
            <View key={b.id} className={`message briefing-item${b.readAt === null ? ' unread' : ''}`} onClick={() => void go(pages.briefings(b.id))}>
              <Text className='message-title'>{`${b.readAt === null ? '【未读】' : ''}${b.title}`}</Text>
              <Text className='small'>{`${fullDate(b.publishedOn)} · ${b.audienceText}`}</Text>
              {b.opinionsOpen && <Text className='small'>{`征求意见中，${fullDate(b.opinionsUntil!)}截止${b.opined ? '（您已提出意见）' : ''}`}</Text>}
            </View>
          ))}
        </>
      )}
    </Show>
  );
}

function OneBriefing({ id }: { id: string }) {
  const open = useRemote(() => request('briefing', 'open', { briefingId: id }), [id]);
  return <Show remote={open}>{(b) => <Shown key={`${b.readAt}-${b.opinionAt}`} b={b} onChange={open.reload} />}</Show>;
}

function Shown({ b, onChange }: { b: BriefingView; onChange: () => void }) {
  const [opinion, setOpinion] = useState(b.opinion ?? '');
  const { sending, error, send } = useSend<'ack' | 'opine'>();
  const ack = () => send('ack', call('briefing', 'ack', { briefingId: b.id }), '已确认已阅', onChange);
  const opine = () => send('opine', call('briefing', 'opine', { briefingId: b.id, opinion: opinion.trim() }), '意见已提交', onChange);
  return (
    <>
      <Card className='briefing'>
        <Text className='lead briefing-title'>{b.title}</Text>
        <Text className='small'>{`${b.publishedByName} · ${dateTime(b.publishedAt)} · ${b.audienceText}`}</Text>
        <Text className='description'>{b.text}</Text>
        <PhotoStrip urls={b.files.map((f) => f.url)} name='通报附图' />
        {b.readAt === null ? (
          <View className='ack'>
            <Btn kind='primary' big loading={sending === 'ack'} onClick={ack}>
              确认已阅
            </Btn>
          </View>
        ) : (
          <Text className='block acked'>{`✓ 已于${dateTime(b.readAt)}确认已阅`}</Text>
        )}
      </Card>
      {(b.opinionsOpen || b.opinion !== null) && (
        <Card className='opinion'>
          <Text className='card-title'>征求意见</Text>
          {b.opinionsUntil && (
            <Text className='hint'>{b.opinionsOpen ? `${fullDate(b.opinionsUntil)}截止，截止前可以修改` : `已于${fullDate(b.opinionsUntil)}截止`}</Text>
          )}
          {b.opinion !== null && (
            <Row label='您提出的意见'>
              <Text className='reply-text my-opinion'>{b.opinion}</Text>
              {b.opinionAt !== null && <Text className='small'>{dateTime(b.opinionAt)}</Text>}
            </Row>
          )}
          {b.opinionsOpen && (
            <>
              <TextBox
                label={b.opinion === null ? '您的意见' : '修改意见'}
                error={error?.fields?.opinion}
                value={opinion}
                max={BRIEFING_LIMITS.opinionMax}
                onChange={setOpinion}
                className='opinion-input'
              />
              <Btn kind='primary' big loading={sending === 'opine'} onClick={opine}>
                {b.opinion === null ? '提交意见' : '提交修改'}
              </Btn>
            </>
          )}
        </Card>
      )}
      <ErrorBanner error={error} />
    </>
  );
}
