/**
 * 发布公开栏公告: one notice answering several requests of the same kind (a broken road, the water
 * supply), opened from one of them; other case numbers may be added. It is posted in the
 * villages of those cases and shown on each of them.
 */
import { Text, Textarea, View, Input } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import type { ApiError } from '../../../types/api';
import { Btn, Card, Field, Screen, spoken } from '../../components/ui';
import { call } from '../../services/api';
import { param } from '../../services/nav';

export default function PublishNoticePage() {
  const { params } = useRouter();
  const no = param(params, 'no');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [others, setOthers] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);

  const publish = async () => {
    setSending(true);
    setError(null);
    const caseNos = [no, ...others.split(/[、,，\s]+/).filter(Boolean)];
    const res = await call('staff', 'publishNotice', { title: title.trim(), body: body.trim(), caseNos });
    setSending(false);
    if (!res.ok) return setError(res.error);
    Taro.showToast({ title: '已发布', icon: 'success' });
    setTimeout(() => Taro.navigateBack(), 600);
  };

  return (
    <Screen>
      <Card>
        <Text className='hint'>公告会张贴在这些事项所在村(社区)的公开栏，并显示在每件事项里，作为对群众的答复。</Text>
        <Field label='标题' error={error?.fields?.title}>
          <Input
            className='input'
            {...spoken('标题')}
            value={title}
            maxlength={40}
            placeholder='例如：村口路灯维修公告'
            onInput={(e) => setTitle(e.detail.value)}
          />
        </Field>
        <Field label='公告内容' error={error?.fields?.body}>
          <Textarea
            className='textarea'
            {...spoken('公告内容')}
            value={body}
            maxlength={RULES.text.replyMax}
            placeholder='怎么办的、什么时候办好、找谁问'
            onInput={(e) => setBody(e.detail.value)}
          />
        </Field>
        <Field label='答复的事项' hint={`本事项 ${no}；同类的其他事项可填编号，用逗号分开`} error={error?.fields?.caseNos}>
          <Input className='input' {...spoken('同类的其他事项编号')} value={others} placeholder='可不填' onInput={(e) => setOthers(e.detail.value)} />
        </Field>
        {error && (
          <View className='banner banner-error' role='alert'>
            <Text>{error.message}</Text>
          </View>
        )}
        <Btn kind='primary' big loading={sending} onClick={() => void publish()}>
          发布
        </Btn>
      </Card>
    </Screen>
  );
}
