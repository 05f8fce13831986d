/**
 * 我要反映: one required field (what happened); the rest is optional. The draft is kept while the
 * resident writes, a failed send keeps everything and offers to send again, and the request id
 * made with the draft means a double tap or a resend never makes a second case.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { RULES } from '../../../config/rules';
import { RESIDENT_TEMPLATES } from '../../../config/subscribe';
import type { ApiError } from '../../../types/api';
import { PhotoPicker, waitForUploads } from '../../components/photos';
import { Btn, CATEGORY_CHOICES, Chips, ErrorState, Field, Loading, Screen, spoken, SwitchRow } from '../../components/ui';
import { call, request } from '../../services/api';
import { privacyDeclined } from '../../services/privacy';
import { askToNotify } from '../../services/subscribe';
import { goInstead, pages, param } from '../../services/nav';
import { useRemote } from '../../services/remote';
import { checkDraft, emptyDraft, isBlank, restoreDraft, submitEvent, type Draft, type DraftErrors } from '../../services/submit-form';

const { maxPhotos, descriptionMax } = RULES.submit;
const draftKey = (code: string) => `lianxin:draft:${code}`;

/** An address a resident of the card's village might write. */
const addressExample = (village: { name: string } | undefined) =>
  village ? `例如：${village.name}${village.name.endsWith('村') ? '村口' : '东门口'}` : '例如：村口、哪条路';

export default function SubmitPage() {
  const { params } = useRouter();
  const code = param(params, 'code').trim().toUpperCase();
  const card = useRemote(() => request('card', 'get', { cardCode: code }));
  const [draft, setDraft] = useState<Draft>(() => restoreDraft(Taro.getStorageSync(draftKey(code))) ?? emptyDraft());
  // the draft as typed, even before the page has drawn it again: a tap on 提交 right after typing sends what was typed
  const typed = useRef(draft);
  const edit = (next: (d: Draft) => Draft) => {
    typed.current = next(typed.current);
    setDraft(typed.current);
  };
  const [errors, setErrors] = useState<DraftErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const tooLong = draft.description.trim().length > descriptionMax;
  const hasErrors = Object.keys(errors).length > 0;
  // where the eye is: the page moves to the first field to fix once it has rendered its error
  const showFirstError = () => void setTimeout(() => void Taro.pageScrollTo({ selector: '.field-has-error', duration: 200 }).catch(() => undefined), 50);
  const [uploading, setUploading] = useState(0);
  const sendingRef = useRef(false);

  // the draft survives leaving the page, closing the app or a failed send
  useEffect(() => {
    if (isBlank(draft)) Taro.removeStorageSync(draftKey(code));
    else Taro.setStorageSync(draftKey(code), draft);
  }, [code, draft]);

  const change = (patch: Partial<Draft>) => {
    // only what really changed clears its error: an input event repeating the same words (h5 sends
    // one late at times) must not take away the error the resident was just shown
    const changed = (Object.keys(patch) as Array<keyof Draft>).filter((k) => patch[k] !== typed.current[k]);
    if (changed.length === 0) return;
    edit((d) => ({ ...d, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of changed) delete next[k as keyof DraftErrors];
      return next;
    });
  };

  const addLocation = async () => {
    try {
      const { latitude, longitude } = await Taro.getLocation({ type: 'gcj02' });
      change({ location: { latitude, longitude } });
    } catch (err) {
      Taro.showToast({ title: privacyDeclined(err) ? '没有同意隐私保护指引，不能取位置；可以直接写地址' : '没有取到位置，可以直接写地址', icon: 'none' });
    }
  };

  const send = async () => {
    if (sendingRef.current) return; // a second tap while the first is on its way
    const draft = typed.current;
    const found = checkDraft(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return showFirstError();
    sendingRef.current = true;
    // WeChat's 接收通知 dialog shows while the request is on its way (it must come from the tap)
    const asked = askToNotify(RESIDENT_TEMPLATES);
    setSending(true);
    setFailure(null);
    const res = await call('resident', 'submit', submitEvent(draft, code));
    await asked;
    sendingRef.current = false;
    setSending(false);
    if (!res.ok) {
      setFailure(res.error);
      if (res.error.fields) {
        setErrors(res.error.fields as DraftErrors);
        showFirstError();
      }
      return;
    }
    Taro.removeStorageSync(draftKey(code));
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
      <Text className='lead'>向党代表 {card.data.name} 反映</Text>

      <Field label='遇到了什么问题？（必填）' hint='说清楚在哪里、什么事、持续多久' error={errors.description}>
        <Textarea
          className='textarea'
          {...spoken('问题描述')}
          value={draft.description}
          // a long paste is kept whole, never cut without a word: the counter says how much to shorten
          maxlength={-1}
          placeholder='例如：村口到小学的路灯坏了两个月，晚上孩子放学很危险'
          onInput={(e) => change({ description: e.detail.value })}
          autoHeight
        />
        <Text className={`counter${tooLong ? ' counter-over' : ''}`}>
          {draft.description.trim().length}/{descriptionMax}
        </Text>
        {tooLong && (
          <View className='banner banner-warn' role='status'>
            <Text>{`写了${draft.description.trim().length}个字，超过了${descriptionMax}个字。内容都还在，请删减到${descriptionMax}个字以内再提交。`}</Text>
          </View>
        )}
      </Field>

      <Field label='属于哪一类？（可不选）'>
        <Chips options={CATEGORY_CHOICES} value={draft.category} onChange={(category) => change({ category })} />
      </Field>

      {villages.length > 1 && (
        <Field label='您住在哪个村(社区)？'>
          <Chips
            options={villages.map((v) => ({ value: v.id, label: v.name }))}
            value={draft.villageId ?? villages[0]!.id}
            onChange={(villageId) => change({ villageId })}
          />
        </Field>
      )}

      <PhotoPicker
        label={`照片（可不传，最多${maxPhotos}张）`}
        value={draft.photos}
        onChange={(photos) => change({ photos })}
        max={maxPhotos}
        error={errors.photos}
        onUploading={setUploading}
      />

      <Field label='地点（可不填）' error={errors.address}>
        <Input
          className='input'
          {...spoken('地点')}
          value={draft.address}
          placeholder={addressExample(villages.find((v) => v.id === draft.villageId) ?? villages[0])}
          onInput={(e) => change({ address: e.detail.value })}
        />
        <View className='link' onClick={draft.location ? () => change({ location: null }) : addLocation}>
          <Text>{draft.location ? '✓ 已附上位置（点这里去掉）' : '附上我现在的位置'}</Text>
        </View>
      </Field>

      <SwitchRow label='匿名反映（不留姓名和电话）' checked={draft.anonymous} onChange={(anonymous) => change({ anonymous })} />

      {!draft.anonymous && (
        <>
          <Field label='联系电话（可不填，方便回复您）' error={errors.phone}>
            <Input
              className='input'
              {...spoken('联系电话')}
              type='number'
              value={draft.phone}
              placeholder='手机号'
              onInput={(e) => change({ phone: e.detail.value })}
            />
          </Field>
          <Field label='怎么称呼您（可不填）' error={errors.name}>
            <Input
              className='input'
              {...spoken('怎么称呼您')}
              value={draft.name}
              placeholder='例如：王大爷'
              onInput={(e) => change({ name: e.detail.value })}
            />
          </Field>
        </>
      )}

      {hasErrors && !failure && (
        <View className='field-error' role='alert'>
          <Text>⚠ 还没有提交：请先改好上面标出的地方</Text>
        </View>
      )}
      {failure && (
        <View className='banner banner-error' role='alert'>
          <Text>没有发送成功：{failure.message}。您写的内容都还在，可以再发一次。</Text>
        </View>
      )}
      <Btn kind='primary' big loading={sending} {...waitForUploads(uploading, '提交')} onClick={send}>
        {failure ? '重新提交' : '提交'}
      </Btn>
      <Text className='hint'>您的电话只给办理这件事的工作人员看。</Text>
    </Screen>
  );
}
