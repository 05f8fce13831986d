/** One way for a page to send an action: which one is on its way, the server's refusal, a toast when done. */
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { ApiError, ApiResult } from '../../types/api';

export function useSend<K extends string = string>() {
  const [sending, setSending] = useState<K | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  /** Waits for `answer`; a refusal is kept in `error`, success says `done` and goes on with `then`. */
  const send = async <T>(key: K, answer: Promise<ApiResult<T>>, done: string, then: (data: T) => void): Promise<void> => {
    setSending(key);
    const res = await answer;
    setSending(null);
    if (!res.ok) return setError(res.error);
    setError(null);
    void Taro.showToast({ title: done, icon: 'success' });
    then(res.data);
  };
  return { sending, error, send };
}
