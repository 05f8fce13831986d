/**
 * 我要反映: one required field (what happened); the rest is optional. The draft is kept while the
 * resident writes, a refusal keeps everything and offers to send again, and the request id made
 * with the draft means a double tap or a resend never makes a second case. Without a network the
 * draft (photos too) waits on the phone, listed at the top, and goes by itself when the network returns.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { RESIDENT_TEMPLATES } from '../../../config/subscribe';
import type { ApiError } from '../../../types/api';
import { waitForUploads } from '../../components/photos';
import { SimilarCases } from '../../components/metoo';
import { ContactField, RequestFields, SendProblems, useDraft } from '../../components/request-form';
import { Btn, Chips, ErrorState, Field, Loading, Screen, SwitchRow } from '../../components/ui';
import { WaitingList } from '../../components/waiting';
import { NETWORK_ERROR } from '../../services/api';
import { askToNotify } from '../../services/subscribe';
import { goInstead, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';
import { checkDraft } from '../../services/submit-form';
import { stillWaiting } from '../../services/drafts';
import { cardForDraft, queueDraft, sendDraft, useWaiting } from '../../services/waiting';

/** An address a resident of the card's village might write. */
const addressExample = (village: { name: string } | undefined) =>
  village ? `例如：${village.name}${village.name.endsWith('村') ? '村口' : '东门口'}` : '例如：村口、哪条路';

export default function SubmitPage() {
  const { params } = useRouter();
  const code = param(params, 'code').trim().toUpperCase();
  const card = useRemote(() => cardForDraft(code));
  const form = useDraft(`lianxin:draft:${code}`);
  const { draft, change } = form;
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  // the last draft went into the waiting list for want of a network
  const [queued, setQueued] = useState(false);
  const waiting = useWaiting();
  const [uploading, setUploading] = useState(0);
  const sendingRef = useRef(false);

  const send = async () => {
    if (sendingRef.current) return; // a second tap while the first is on its way
    const draft = form.typed.current;
    if (form.showErrors(checkDraft(draft))) return;
    sendingRef.current = true;
    // WeChat's 接收通知 dialog shows while the request is on its way (it must come from the tap)
    const asked = askToNotify(RESIDENT_TEMPLATES);
    setSending(true);
    setFailure(null);
    setQueued(false);
    // photos and recordings kept on the phone go up first, each leaving the draft's waiting files as it lands
    const res = await sendDraft(draft, code, ({ photos, recordings, pending }) => change({ photos, recordings, pending }));
    await asked;
    sendingRef.current = false;
    setSending(false);
    if (!res.ok && res.error === NETWORK_ERROR) {
      queueDraft(code, res.draft);
      form.startAnew();
      setQueued(true);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
      return;
    }
    if (!res.ok) {
      change({ photos: res.draft.photos, recordings: res.draft.recordings, pending: res.draft.pending });
      setFailure(res.error);
      return form.refused(res.error);
    }
    form.forget();
    const { id, no, held, expectedDueDate, next } = res.data;
    // held for the office's review: no date to promise yet
    void goInstead(pages.done({ id, no, next, ...(held ? { held: '1', due: '' } : { due: expectedDueDate }) }));
  };

  if (card.state === 'error')
    return (
      <Screen>
        <ErrorState error={card.error} onRetry={card.reload} />
      </Screen>
    );
  if (!card.data)
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  const villages = card.data.villages;

  return (
    <Screen>
      {queued && stillWaiting(waiting).length > 0 && (
        <View className='banner banner-warn queued' role='status'>
          <Text>没有网络，已存好，有网时会自动发出。还有别的事，可以接着在下面写。</Text>
        </View>
      )}
      <WaitingList />
      <Text className='lead'>向党代表 {card.data.name} 反映</Text>

      <RequestFields
        form={form}
        addressExample={addressExample(villages.find((v) => v.id === draft.villageId) ?? villages[0])}
        onUploading={setUploading}
        keepOffline
        villages={
          villages.length > 1 && (
            <Field label='您住在哪个村(社区)？'>
              <Chips
                options={villages.map((v) => ({ value: v.id, label: v.name }))}
                value={draft.villageId ?? villages[0]!.id}
                onChange={(villageId) => change({ villageId })}
              />
            </Field>
          )
        }
      />
      <SimilarCases code={code} form={form} villageId={draft.villageId ?? villages[0]?.id} />

      <SwitchRow label='匿名反映（不留姓名和电话）' checked={draft.anonymous} onChange={(anonymous) => change({ anonymous })} />

      {!draft.anonymous && (
        <>
          <ContactField form={form} field='phone' label='联系电话（可不填，方便回复您）' spokenAs='联系电话' placeholder='手机号' />
          <ContactField form={form} field='name' label='怎么称呼您（可不填）' spokenAs='怎么称呼您' placeholder='例如：王大爷' />
        </>
      )}

      <SendProblems form={form} failure={failure} />
      <Btn kind='primary' big loading={sending} {...waitForUploads(uploading, '提交')} onClick={send}>
        {failure ? '重新提交' : '提交'}
      </Btn>
      <Text className='hint'>您的电话只给办理这件事的工作人员看。</Text>
    </Screen>
  );
}
