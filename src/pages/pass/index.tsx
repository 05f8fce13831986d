/**
 * 代邻居反映 (a 代办党员's 代办): the messenger writes down a neighbour's request with the resident's
 * form — one required field — and says for whom: a named neighbour (their phone only once the
 * neighbour agreed to be called) or, for a messenger, an anonymous one. After sending: the receipt,
 * with the follow code a named neighbour is handed.
 */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { RESIDENT_TEMPLATES } from '../../../config/subscribe';
import type { ApiError } from '../../../types/api';
import { termPlace } from '../../components/messenger-parts';
import { waitForUploads } from '../../components/photos';
import { ContactField, RequestFields, SendProblems, useDraft, type DraftForm } from '../../components/request-form';
import { Btn, Chips, ErrorState, Field, Screen, Show, SwitchRow } from '../../components/ui';
import { call, request } from '../../services/api';
import { goInstead, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';
import { askToNotify } from '../../services/subscribe';
import { checkPassOn, passOnEvent } from '../../services/submit-form';

export default function PassPage() {
  const { params } = useRouter();
  const messengerId = param(params, 'messenger');
  const mine = useRemote(() => request('messenger', 'mine', { page: 1, pageSize: 1 }));
  const form = useDraft(`lianxin:pass:${messengerId}`);
  const [consent, setConsent] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const [uploading, setUploading] = useState(0);
  const sendingRef = useRef(false);

  const send = async () => {
    if (sendingRef.current) return;
    const draft = form.typed.current;
    if (form.showErrors(checkPassOn(draft, consent))) return;
    sendingRef.current = true;
    // the messenger hears of the replies, to tell the neighbour
    const asked = askToNotify(RESIDENT_TEMPLATES);
    setSending(true);
    setFailure(null);
    const res = await call('messenger', 'pass', passOnEvent(draft, messengerId, consent));
    await asked;
    sendingRef.current = false;
    setSending(false);
    if (!res.ok) {
      setFailure(res.error);
      return form.refused(res.error);
    }
    form.forget();
    const { id, no, held, expectedDueDate, next, follow } = res.data;
    void goInstead(
      pages.done({ id, no, next, passed: '1', follow: follow?.code, until: follow?.expiresOn, ...(held ? { held: '1', due: '' } : { due: expectedDueDate }) }),
    );
  };

  return (
    <Screen>
      <Show remote={mine}>
        {({ terms }) => {
          const term = terms.find((t) => t.id === messengerId);
          if (!term || !term.active)
            return (
              <ErrorState error={{ code: 'FORBIDDEN', message: term ? '您的任期已经结束，不能再代为反映' : '找不到您的民情信使身份，请从“我的反映”页进入' }} />
            );
          return (
            <>
              <Text className='lead'>{`${term.kind === 'errand' ? '代群众办事' : '代邻居反映'} · ${termPlace(term)}`}</Text>
              <RequestFields form={form} addressExample={`例如：${term.villageName}村口`} onUploading={setUploading} />
              <Neighbour form={form} errand={term.kind === 'errand'} consent={consent} onConsent={setConsent} />
              <SendProblems form={form} failure={failure} />
              <Btn kind='primary' big loading={sending} {...waitForUploads(uploading, '提交')} onClick={send}>
                {failure ? '重新提交' : '提交'}
              </Btn>
              <Text className='hint'>办理进度和答复会发给您，请转告邻居。</Text>
            </>
          );
        }}
      </Show>
    </Screen>
  );
}

const WHO = [
  { value: 'named', label: '署名（写邻居的称呼）' },
  { value: 'anonymous', label: '匿名（什么都不留）' },
] as const;

/** For whom: named (the name, and the phone only with the neighbour's consent) or anonymous; a 代办党员 always names the resident. */
function Neighbour({ form, errand, consent, onConsent }: { form: DraftForm; errand: boolean; consent: boolean; onConsent: (on: boolean) => void }) {
  const { draft, errors, change } = form;
  const named = errand || !draft.anonymous;
  return (
    <View className='neighbour'>
      {!errand && (
        <Field label='替谁反映？'>
          <Chips options={WHO} value={draft.anonymous ? 'anonymous' : 'named'} onChange={(v) => change({ anonymous: v === 'anonymous' })} />
        </Field>
      )}
      {named && (
        <>
          <ContactField
            form={form}
            field='name'
            label={errand ? '为哪位群众代办？（必填）' : '邻居怎么称呼？（必填）'}
            spokenAs='邻居的称呼'
            placeholder='例如：王大爷'
          />
          <ContactField form={form} field='phone' label='邻居的电话（可不填）' spokenAs='邻居的电话' placeholder='手机号' />
          <View className={errors.consent ? 'field-has-error' : ''}>
            <SwitchRow
              label='邻居同意办理人员打电话联系'
              checked={consent}
              onChange={(on) => {
                onConsent(on);
                form.dismiss('consent');
              }}
            />
            {errors.consent && (
              <View className='field-error' role='alert'>
                <Text>⚠ {errors.consent}</Text>
              </View>
            )}
          </View>
          <Text className='hint'>没有勾选同意，就不会留电话。提交后会给您一个跟进码，交给邻居，邻居自己也能查看办理进度。</Text>
        </>
      )}
      {!named && <Text className='hint'>匿名反映不留邻居的任何信息，只有您能看到办理进度和答复。</Text>}
    </View>
  );
}
