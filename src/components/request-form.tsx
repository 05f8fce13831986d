/**
 * A request's form, shared by the resident's 我要反映 and the messenger's 代邻居反映: the draft kept
 * while they write (a failed send keeps everything), the fields of the request itself (what
 * happened, the category, photos, the place) and the one way errors from the check or the server
 * show beside their field.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { RULES } from '../../config/rules';
import type { ApiError } from '../../types/api';
import { emptyDraft, isBlank, restoreDraft, type Draft, type DraftErrors } from '../services/submit-form';
import { pendingOf, recordingCount, withPending, type PendingPhoto, type PendingRecording } from '../services/drafts';
import { privacyDeclined } from '../services/privacy';
import { PhotoPicker } from './photos';
import { VoiceInput } from './voice';
import { CATEGORY_CHOICES, Chips, Field, spoken } from './ui';

const { maxPhotos, descriptionMax } = RULES.submit;

/** The draft kept under `storageKey` while it is written, with its errors; `typed` is the draft as typed, even before the page drew it. */
export function useDraft(storageKey: string) {
  const [draft, setDraft] = useState<Draft>(() => restoreDraft(Taro.getStorageSync(storageKey)) ?? emptyDraft());
  // a tap on 提交 right after typing sends what was typed
  const typed = useRef(draft);
  const [errors, setErrors] = useState<DraftErrors>({});

  // the draft survives leaving the page, closing the app or a failed send
  useEffect(() => {
    if (isBlank(draft)) Taro.removeStorageSync(storageKey);
    else Taro.setStorageSync(storageKey, draft);
  }, [storageKey, draft]);

  const change = (patch: Partial<Draft>) => {
    // only what really changed clears its error: an input event repeating the same words (h5 sends
    // one late at times) must not take away the error the person was just shown
    const changed = (Object.keys(patch) as Array<keyof Draft>).filter((k) => patch[k] !== typed.current[k]);
    if (changed.length === 0) return;
    typed.current = { ...typed.current, ...patch };
    setDraft(typed.current);
    setErrors((e) => {
      const next = { ...e };
      for (const k of changed) delete next[k as keyof DraftErrors];
      return next;
    });
  };

  /** Shows these errors and moves the page to the first field to fix: true when there were any. */
  const showErrors = (found: DraftErrors): boolean => {
    setErrors(found);
    if (Object.keys(found).length === 0) return false;
    setTimeout(() => void Taro.pageScrollTo({ selector: '.field-has-error', duration: 200 }).catch(() => undefined), 50);
    return true;
  };

  /** The server's refusal: its field errors beside their fields. */
  const refused = (error: ApiError) => {
    if (error.fields) showErrors(error.fields as DraftErrors);
  };

  /** Takes away one error once what caused it changed outside the draft (a consent given). */
  const dismiss = (key: keyof DraftErrors) =>
    setErrors((e) => {
      const { [key]: _gone, ...rest } = e;
      return rest;
    });

  /** A new draft (a new request id) after this one went on its way; who is writing and where they live stay. */
  const startAnew = () => {
    const { name, phone, anonymous, villageId } = typed.current;
    typed.current = { ...emptyDraft(), name, phone, anonymous, villageId };
    setDraft(typed.current);
    setErrors({});
  };

  return { draft, typed, errors, change, showErrors, refused, dismiss, startAnew, forget: () => Taro.removeStorageSync(storageKey) };
}

export type DraftForm = ReturnType<typeof useDraft>;

/** What happened (the one required field, with its counter), the category, photos and the place. */
export function RequestFields({
  form,
  addressExample,
  onUploading,
  villages,
  keepOffline = false,
}: {
  form: DraftForm;
  addressExample: string;
  onUploading: (count: number) => void;
  /** photos chosen and recordings made without a network are kept on the phone in the draft (`pending`), to upload when it is sent */
  keepOffline?: boolean;
  /** between the category and the photos: where the request is from, when the form asks */
  villages?: ReactNode;
}) {
  const { draft, errors, change } = form;
  // photos and recordings on their way: the form's button waits for both
  const [photosUp, setPhotosUp] = useState(0);
  const [voiceUp, setVoiceUp] = useState(0);
  useEffect(() => onUploading(photosUp + voiceUp), [onUploading, photosUp, voiceUp]);
  // words heard in a recording join what is written, for the resident to correct
  const heard = (words: string) => {
    const written = form.typed.current.description.trim();
    change({ description: written ? `${written}\n${words}` : words });
  };
  const length = draft.description.trim().length;
  const tooLong = length > descriptionMax;
  const addLocation = async () => {
    try {
      const { latitude, longitude } = await Taro.getLocation({ type: 'gcj02' });
      change({ location: { latitude, longitude } });
    } catch (err) {
      Taro.showToast({ title: privacyDeclined(err) ? '没有同意隐私保护指引，不能取位置；可以直接写地址' : '没有取到位置，可以直接写地址', icon: 'none' });
    }
  };
  return (
    <>
      <VoiceInput
        value={draft.recordings}
        onChange={(recordings) => change({ recordings })}
        onHeard={heard}
        onUploading={setVoiceUp}
        error={errors.recordings}
        {...(keepOffline && {
          waiting: pendingOf(draft, 'recording'),
          onWaiting: (files: PendingRecording[]) => change({ pending: withPending(form.typed.current, 'recording', files) }),
        })}
      />

      <Field
        label={recordingCount(draft) ? '遇到了什么问题？（已经说了，可以不写）' : '遇到了什么问题？（写字或按住上面的按钮说话）'}
        hint='说清楚在哪里、什么事、持续多久'
        error={errors.description}
      >
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
          {length}/{descriptionMax}
        </Text>
        {tooLong && (
          <View className='banner banner-warn' role='status'>
            <Text>{`写了${length}个字，超过了${descriptionMax}个字。内容都还在，请删减到${descriptionMax}个字以内再提交。`}</Text>
          </View>
        )}
      </Field>

      <Field label='属于哪一类？（可不选）'>
        <Chips options={CATEGORY_CHOICES} value={draft.category} onChange={(category) => change({ category })} />
      </Field>

      {villages}

      <PhotoPicker
        label={`照片（可不传，最多${maxPhotos}张）`}
        value={draft.photos}
        onChange={(photos) => change({ photos })}
        max={maxPhotos}
        error={errors.photos}
        onUploading={setPhotosUp}
        {...(keepOffline && {
          waiting: pendingOf(draft, 'photo'),
          onWaiting: (files: PendingPhoto[]) => change({ pending: withPending(form.typed.current, 'photo', files) }),
        })}
      />

      <Field label='地点（可不填）' error={errors.address}>
        <Input className='input' {...spoken('地点')} value={draft.address} placeholder={addressExample} onInput={(e) => change({ address: e.detail.value })} />
        <View className='link' onClick={draft.location ? () => change({ location: null }) : addLocation}>
          <Text>{draft.location ? '✓ 已附上位置（点这里去掉）' : '附上我现在的位置'}</Text>
        </View>
      </Field>
    </>
  );
}

/** Under the form: what still stops it from being sent, in words. */
export function SendProblems({ form, failure }: { form: DraftForm; failure: ApiError | null }) {
  if (failure)
    return (
      <View className='banner banner-error' role='alert'>
        <Text>没有发送成功：{failure.message}。您写的内容都还在，可以再发一次。</Text>
      </View>
    );
  if (Object.keys(form.errors).length === 0) return null;
  return (
    <View className='field-error' role='alert'>
      <Text>⚠ 还没有提交：请先改好上面标出的地方</Text>
    </View>
  );
}

/** The name or phone of the draft as one field: its label, what a screen reader calls it, an example. */
export function ContactField({
  form,
  field,
  label,
  spokenAs,
  placeholder,
}: {
  form: DraftForm;
  field: 'name' | 'phone';
  label: string;
  spokenAs: string;
  placeholder: string;
}) {
  return (
    <Field label={label} error={form.errors[field]}>
      <Input
        className='input'
        {...spoken(spokenAs)}
        type={field === 'phone' ? 'number' : 'text'}
        value={form.draft[field]}
        placeholder={placeholder}
        onInput={(e) => form.change({ [field]: e.detail.value })}
      />
    </Field>
  );
}
