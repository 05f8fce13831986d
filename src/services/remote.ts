/**
 * Loading, error and reload for data a page shows. Loads each time the page is shown (it may have
 * changed meanwhile) and when `deps` change.
 */
import { useDidHide, useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../types/api';
import { ApiFailure, NETWORK_ERROR } from './api';

export type Remote<T> =
  | { state: 'loading'; data: T | null; reload: () => void }
  | { state: 'error'; error: ApiError; data: T | null; reload: () => void }
  | { state: 'ready'; data: T; reload: () => void };

export function useRemote<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Remote<T> {
  const [value, setValue] = useState<{ state: 'loading' | 'ready' | 'error'; data: T | null; error?: ApiError }>({
    state: 'loading',
    data: null,
  });
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(() => {
    const mine = ++latest.current;
    setValue((v) => ({ state: 'loading', data: v.data }));
    loader.current().then(
      (data) => mine === latest.current && setValue({ state: 'ready', data }),
      (err: unknown) =>
        mine === latest.current && setValue((v) => ({ state: 'error', data: v.data, error: err instanceof ApiFailure ? err.error : NETWORK_ERROR })),
    );
  }, []);
  // load on mount and when deps change; again whenever the page is shown after it was hidden (back
  // from another page, back from the background), but not for the show that comes with opening it,
  // however quickly the person comes back
  const key = JSON.stringify(deps);
  const hidden = useRef(false);
  useEffect(() => reload(), [key, reload]);
  useDidHide(() => {
    hidden.current = true;
  });
  useDidShow(() => {
    if (!hidden.current) return;
    hidden.current = false;
    reload();
  });
  if (value.state === 'ready') return { state: 'ready', data: value.data as T, reload };
  if (value.state === 'error') return { state: 'error', error: value.error!, data: value.data, reload };
  return { state: 'loading', data: value.data, reload };
}
