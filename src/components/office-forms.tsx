/**
 * What the office's forms share: sending one action with its error shown where the office acts, a
 * day picked from a calendar, a line of text, and the county's representatives to choose from.
 */
import { Input, Picker, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { ApiError, ApiResult } from '../../types/api';
import { request } from '../services/api';
import { fullDate } from '../services/format';
import { useRemote } from '../services/remote';
import { waitForUploads } from './photos';
import { Btn, ErrorBanner, Field, spoken, type Choice } from './ui';

/**
 * One action sent from a form: while it is on its way, and the API's error (its message, and each
 * field's) until the next try. `done` gets the answer; a toast says it went through.
 */
export function useSend<T>(done: (data: T) => void, said: string) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const send = async (asked: () => Promise<ApiResult<T>>) => {
    setSending(true);
    setError(null);
    const res = await asked();
    setSending(false);
    if (!res.ok) return setError(res.error);
    void Taro.showToast({ title: said, icon: 'success' });
    done(res.data);
  };
  return { sending, error, send, fieldError: (name: string) => error?.fields?.[name] };
}

/** The send button of a form, with the API's refusal above it. */
export function SendButton({
  label,
  sending,
  error,
  onSend,
  uploading = 0,
}: {
  label: string;
  sending: boolean;
  error: ApiError | null;
  onSend: () => void;
  /** photos of the form still on their way: it waits for them */
  uploading?: number;
}) {
  return (
    <>
      <ErrorBanner error={error} />
      <Btn kind='primary' big loading={sending} {...waitForUploads(uploading, label)} onClick={onSend}>
        {label}
      </Btn>
    </>
  );
}

/** A day (YYYY-MM-DD) picked from WeChat's calendar. */
export function DateField({ label, value, error, onChange }: { label: string; value: string; error?: string; onChange: (day: string) => void }) {
  return (
    <Field label={label} error={error}>
      <Picker mode='date' value={value} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='input picker' role='button' aria-label={`${label}：${value ? fullDate(value) : '未选'}`}>
          <Text>{value ? fullDate(value) : '点这里选日期'}</Text>
        </View>
      </Picker>
    </Field>
  );
}

/** A line of text, such as a name or a title. */
export function LineField({
  label,
  value,
  max,
  error,
  onChange,
}: {
  label: string;
  value: string;
  max: number;
  error?: string;
  onChange: (text: string) => void;
}) {
  return (
    <Field label={label} error={error}>
      <Input className='input' {...spoken(label)} value={value} maxlength={max} onInput={(e) => onChange(e.detail.value)} />
    </Field>
  );
}

/** The county's representatives in office, as choices (the office's roster). */
export function useRepresentatives(): { choices: Array<Choice<string>>; error: ApiError | null; reload: () => void } {
  const roster = useRemote(() => request('office', 'roster'));
  const choices = (roster.data?.representatives ?? []).filter((r) => r.active).map((r) => ({ value: r.id, label: r.name }));
  return { choices, error: roster.state === 'error' ? roster.error : null, reload: roster.reload };
}
