/**
 * What a log of residents met in person (接待日志, 网格走访) is written with: its count and notes, and
 * a request entered for each resident met — at a reception (接待) or on a grid's household
 * visit: what they said, its category, their village, the level it belongs to, and their
 * name and phone, the phone kept only with their consent. One after another; each is accepted as it
 * is entered and listed with its number.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { RULES, UNCHOSEN_CATEGORY } from '../../config/rules';
import type { ApiResult } from '../../types/api';
import type { Level } from '../../types/domain';
import { LEVEL_TEXT } from '../domain/labels';
import type { SubmitResult } from '../server/usecases/submit';
import { go, pages } from '../services/nav';
import { newRequestId } from '../services/submit-form';
import { Btn, CATEGORY_CHOICES, Chips, choicesOf, Field, spoken, Stepper, SwitchRow } from './ui';

/** What the form sends: the fields of a request entered in person (the functions' `enteredRequestFields`). */
export interface EnteredRequest {
  requestId: string;
  category: string;
  level?: Level;
  villageId: string;
  description: string;
  name?: string;
  phone?: string;
  consent: boolean;
  /** entering an item of the session's 接待前民意清单: the item keeps the case's number */
  itemId?: string;
}

export function RequestEntry({
  villages,
  villageId,
  send,
  onBack,
  backLabel,
  item = null,
}: {
  /** the villages the resident may live in: chosen among when more than one */
  villages: ReadonlyArray<{ id: string; name: string }>;
  /** the village chosen at first */
  villageId: string;
  send: (request: EnteredRequest) => Promise<ApiResult<SubmitResult>>;
  onBack: () => void;
  /** the button that ends the session's entries */
  backLabel: string;
  /** an item of the session's list to enter first: its words and resident prefilled */
  item?: { id: string; text: string; residentName: string | null } | null;
}) {
  const blank = (from: typeof item = null) => ({
    requestId: newRequestId(),
    itemId: from?.id ?? null,
    description: from?.text ?? '',
    category: null as string | null,
    level: null as Level | null,
    villageId,
    name: from?.residentName ?? '',
    phone: '',
    consent: false,
  });
  const [form, setForm] = useState(() => blank(item));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<SubmitResult[]>([]);
  const change = (patch: Partial<ReturnType<typeof blank>>) => setForm((f) => ({ ...f, ...patch }));

  const enter = async () => {
    setSending(true);
    const res = await send({
      requestId: form.requestId,
      ...(form.itemId ? { itemId: form.itemId } : {}),
      category: form.category ?? UNCHOSEN_CATEGORY,
      ...(form.level ? { level: form.level } : {}),
      villageId: form.villageId,
      description: form.description.trim(),
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      consent: form.consent,
    });
    setSending(false);
    if (!res.ok) return setErrors({ ...(res.error.fields ?? {}), form: res.error.message });
    setDone((d) => [res.data, ...d]);
    setErrors({});
    setForm(blank());
    void Taro.showToast({ title: '已登记', icon: 'success' });
  };

  return (
    <View className='request-entry'>
      <Text className='lead'>{form.itemId ? '把清单里的民意登记为诉求' : '为群众登记诉求'}</Text>
      <Field label='群众反映的问题（必填）' error={errors.description}>
        <Textarea
          className='textarea'
          {...spoken('问题描述')}
          value={form.description}
          maxlength={RULES.submit.descriptionMax}
          onInput={(e) => change({ description: e.detail.value })}
          autoHeight
        />
      </Field>
      <Field label='属于哪一类？'>
        <Chips options={CATEGORY_CHOICES} value={form.category} onChange={(category) => change({ category })} />
      </Field>
      {villages.length > 1 && (
        <Field label='群众住在哪个村(社区)？'>
          <Chips options={villages.map((v) => ({ value: v.id, label: v.name }))} value={form.villageId} onChange={(id) => change({ villageId: id })} />
        </Field>
      )}
      <Field label='归哪一级办？（可不选，以后交办时再定）'>
        <Chips options={choicesOf(LEVEL_TEXT)} value={form.level} onChange={(level) => change({ level })} />
      </Field>
      <Field label='群众称呼（可不填）' error={errors.name}>
        <Input className='input' {...spoken('群众称呼')} value={form.name} placeholder='例如：王大爷' onInput={(e) => change({ name: e.detail.value })} />
      </Field>
      <Field label='群众电话（可不填）' error={errors.phone}>
        <Input className='input' {...spoken('群众电话')} type='number' value={form.phone} onInput={(e) => change({ phone: e.detail.value })} />
      </Field>
      <SwitchRow label='群众同意办理人员打电话联系' checked={form.consent} onChange={(consent) => change({ consent })} />
      {errors.consent && (
        <View className='field-error' role='alert'>
          <Text>⚠ {errors.consent}</Text>
        </View>
      )}
      {errors.form && !errors.consent && (
        <View className='banner banner-error' role='alert'>
          <Text>{errors.form}</Text>
        </View>
      )}
      <Btn kind='primary' big loading={sending} onClick={enter}>
        登记并受理
      </Btn>
      {done.map((r) => (
        <View key={r.id} className='link entered' onClick={() => go(pages.case(r.id))}>
          <Text>{`已登记 ${r.no}：去交办`}</Text>
        </View>
      ))}
      <Btn onClick={onBack}>{backLabel}</Btn>
    </View>
  );
}

/** The end of a log's form: how many were met, what was said, the API's refusal and the save button. */
export function LogEnd({
  countField,
  countLabel,
  unit,
  count,
  onCount,
  notes,
  notesHint,
  onNotes,
  errors,
  saving,
  saveLabel,
  onSave,
}: {
  /** the count's field in the API's errors */
  countField: string;
  countLabel: string;
  unit: string;
  count: number;
  onCount: (change: (n: number) => number) => void;
  notes: string;
  notesHint: string;
  onNotes: (notes: string) => void;
  /** the API's refusal: by field, and its message as `form` */
  errors: Record<string, string>;
  saving: boolean;
  saveLabel: string;
  onSave: () => void;
}) {
  return (
    <>
      <Field label={`${countLabel}（${unit}）`} error={errors[countField]}>
        <Stepper value={count} unit={unit} onChange={onCount} />
      </Field>
      <Field label='记事（可不填）' hint={notesHint} error={errors.notes}>
        <Textarea className='textarea' {...spoken('记事')} value={notes} maxlength={RULES.text.replyMax} onInput={(e) => onNotes(e.detail.value)} autoHeight />
      </Field>
      {errors.form && (
        <View className='banner banner-error' role='alert'>
          <Text>{errors.form}</Text>
        </View>
      )}
      <Btn kind='primary' big loading={saving} onClick={onSave}>
        {saveLabel}
      </Btn>
    </>
  );
}
