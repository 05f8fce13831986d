/** What staff do to a wall post, one open form at a time: reply in public, turn it into a case, press it (督办), review a held one. */
import { Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { ApiError } from '../../types/api';
import { inPublic, WALL_ACTION_TEXT, type PublicWallPost, type WallAction } from '../domain/wall';
import type { WallPostView } from '../server/usecases/wall';
import { call } from '../services/api';
import { Btn, CATEGORY_CHOICES, Chips, ErrorBanner, Field, spoken } from './ui';

/** A staff view of a post in the public wall's shape (nothing of who wrote it is in either). */
export const publicShape = (p: WallPostView): PublicWallPost => inPublic(p, p.late);

const WORDS: Partial<Record<WallAction, { label: string; hint: string }>> = {
  reply: { label: '公开回复', hint: '回复会和留言一起公开在回音墙上，请写清怎么办、什么时候办好。' },
  supervise: { label: '督办意见', hint: '回复单位会收到提醒。' },
  reject: { label: '不予公开的理由', hint: '只留在记录里，不公开。' },
};

export function WallActions({ postId, actions, onDone }: { postId: string; actions: readonly WallAction[]; onDone: () => void }) {
  const [open, setOpen] = useState<WallAction | null>(null);
  const [words, setWords] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const send = async (action: WallAction) => {
    setSending(true);
    setError(null);
    const res = await (action === 'reply'
      ? call('wall', 'reply', { postId, text: words.trim() })
      : action === 'supervise'
        ? call('wall', 'supervise', { postId, note: words.trim() })
        : action === 'reject'
          ? call('wall', 'reject', { postId, reason: words.trim() })
          : action === 'convert'
            ? call('wall', 'convert', { postId, category: category ?? '' })
            : call('wall', 'release', { postId }));
    setSending(false);
    if (!res.ok) return setError(res.error);
    setOpen(null);
    setWords('');
    onDone();
  };
  if (!open)
    return (
      <View className='actions'>
        <ErrorBanner error={error} />
        {actions.map((a) => (
          <View key={a} className={`act-${a}`}>
            <Btn
              kind={a === 'reply' || a === 'release' ? 'primary' : a === 'reject' ? 'danger' : 'default'}
              loading={sending}
              onClick={() => (a === 'release' ? void send(a) : setOpen(a))}
            >
              {WALL_ACTION_TEXT[a]}
            </Btn>
          </View>
        ))}
      </View>
    );
  const field = WORDS[open];
  const ready = open === 'convert' ? category !== null : words.trim() !== '';
  return (
    <View className={`editing wall-${open}`}>
      {field ? (
        <Field label={field.label} hint={field.hint}>
          <Textarea className='textarea' {...spoken(field.label)} value={words} maxlength={-1} onInput={(e) => setWords(e.detail.value)} autoHeight />
        </Field>
      ) : (
        <Field label='事项类别' hint='转为事项后，按反映的问题交办，由本村联系的党代表跟进；留言的人仍然不留名。'>
          <Chips options={CATEGORY_CHOICES} value={category} onChange={setCategory} />
        </Field>
      )}
      <ErrorBanner error={error} />
      <Btn kind='primary' big loading={sending} disabled={!ready} why={open === 'convert' ? '请选择类别' : '请先填写'} onClick={() => void send(open)}>
        {`确定${WALL_ACTION_TEXT[open]}`}
      </Btn>
      <Btn onClick={() => setOpen(null)}>取消</Btn>
    </View>
  );
}
