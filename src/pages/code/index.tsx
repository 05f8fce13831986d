/**
 * One box for the two codes a resident is handed: a messenger's invitation code (they become the
 * messenger it names) and a follow code from a messenger (they follow the neighbour's case from
 * then on). Opened from 我的反映, or from a link that carries the code.
 */
import { Input, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { ApiError } from '../../../types/api';
import { parseFollowCode } from '../../domain/messengers';
import { Btn, Card, Field, Screen, spoken } from '../../components/ui';
import { call } from '../../services/api';
import { goInstead, pages, param } from '../../services/nav';

export default function CodePage() {
  const { params } = useRouter();
  const [code, setCode] = useState(() => param(params, 'code').trim().toUpperCase());
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const send = async () => {
    const typed = code.trim();
    if (!typed) return setError({ code: 'INVALID_INPUT', message: '请输入邀请码或跟进码' });
    setSending(true);
    setError(null);
    if (parseFollowCode(typed)) {
      const res = await call('messenger', 'follow', { code: typed });
      setSending(false);
      if (!res.ok) return setError(res.error);
      return void goInstead(pages.case(res.data.id));
    }
    const res = await call('messenger', 'accept', { code: typed });
    setSending(false);
    if (!res.ok) return setError(res.error);
    void goInstead(pages.messenger());
  };
  return (
    <Screen>
      <Card>
        <Field label='邀请码或跟进码' error={error?.fields?.code ?? error?.message}>
          <Input
            className='input code-input'
            {...spoken('邀请码或跟进码')}
            value={code}
            maxlength={40}
            placeholder='输入收到的码'
            onInput={(e) => setCode(e.detail.value.toUpperCase())}
          />
        </Field>
        <Btn kind='primary' big loading={sending} onClick={() => void send()}>
          确定
        </Btn>
      </Card>
      <Text className='hint'>邀请码：工作人员请您当民情信使时给您的8位码。输入后，您就能代邻居反映问题。</Text>
      <Text className='hint'>跟进码：民情信使替您反映后给您的码，像“202611160001-ABC234”。输入后，您就能自己看办理进度和答复。</Text>
    </Screen>
  );
}
