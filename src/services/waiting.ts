/**
 * Poor signal: drafts that wait for the network, kept on the phone (they survive closing the app)
 * and sent by themselves when it returns, one at a time, each with its own request id, so a resend
 * after a lost answer, or two "online" events at once, still make one case per draft.
 *
 * Files chosen while the network is down are kept on the phone until their draft is sent: in the
 * mini-program saved into the user data folder (a temporary file may be gone when the app opens
 * again); in h5 as Blobs in IndexedDB, not as data URLs in localStorage: its ~5 MB would not hold
 * two drafts of phone photos, and a data URL (a third larger than the file) in the draft would be
 * written again at every keystroke (useDraft keeps the draft as it is typed).
 */
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { ApiError, ApiResult } from '../../types/api';
import { ApiFailure, call, NETWORK_ERROR, request, uploadFile, uploadPhoto, type OutputOf } from './api';
import {
  attachUploaded,
  enqueue,
  nextToSend,
  passes,
  removeWaiting,
  restoreWaiting,
  updateWaiting,
  withoutOldSent,
  type PendingFile,
  type Waiting,
} from './drafts';
import { restoreDraft, submitEvent, type Draft } from './submit-form';

const LIST_KEY = 'lianxin:waiting';

/** A failure of the network (no answer at all), not a refusal by the server, which has its typed error. */
export const isNetworkFailure = (err: unknown): boolean =>
  err instanceof ApiFailure ? err.error === NETWORK_ERROR : !isApiError(err) || err === NETWORK_ERROR;
const isApiError = (err: unknown): err is ApiError => !!err && typeof err === 'object' && 'code' in err && 'message' in err;

/** Whether the phone knows it has no network now (then nothing is tried). */
async function knownOffline(): Promise<boolean> {
  if (process.env.TARO_ENV === 'h5') return navigator.onLine === false;
  return Taro.getNetworkType().then(
    (r) => r.networkType === 'none',
    () => false,
  );
}

// ---- files kept on the phone -------------------------------------------------------------------

const DB = 'lianxin';
const STORE = 'files';

/** h5: one IndexedDB request on the kept files' store. */
function idb<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const req = act(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => {
        resolve(req.result as T);
        db.close();
      };
      req.onerror = () => {
        reject(req.error);
        db.close();
      };
    };
  });
}

const fs = () => Taro.getFileSystemManager();

/** Keeps a chosen or recorded file (its temporary path; h5: also a recording's object URL) on the phone until its draft is sent: answers where (PendingFile's `kept`). */
export async function keepFile(tempPath: string): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    const blob = await (await fetch(tempPath)).blob();
    const key = `kept-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    await idb('readwrite', (s) => s.put(blob, key));
    return key;
  }
  return new Promise<string>((resolve, reject) =>
    fs().saveFile({ tempFilePath: tempPath, success: (r) => resolve(r.savedFilePath), fail: (e) => reject(new Error(e.errMsg)) }),
  );
}

/** A kept file as something an Image or an upload can read (h5: an object URL to revoke), or null if it is gone. */
export async function openKept(file: PendingFile): Promise<string | null> {
  if (process.env.TARO_ENV === 'h5') {
    const blob = await idb<Blob | undefined>('readonly', (s) => s.get(file.kept)).catch(() => undefined);
    return blob ? URL.createObjectURL(blob) : null;
  }
  return new Promise((resolve) => fs().access({ path: file.kept, success: () => resolve(file.kept), fail: () => resolve(null) }));
}

/** Lets go of an opened kept file (h5's object URL). */
export const closeKept = (opened: string) => {
  if (process.env.TARO_ENV === 'h5') URL.revokeObjectURL(opened);
};

/** Removes a kept file from the phone (sent, or taken out of the draft). */
export async function dropKept(file: PendingFile): Promise<void> {
  if (process.env.TARO_ENV === 'h5') await idb('readwrite', (s) => s.delete(file.kept)).catch(() => undefined);
  else await new Promise<void>((resolve) => fs().removeSavedFile({ filePath: file.kept, complete: () => resolve() }));
}

/** Each kind of kept file's upload: answers the file id its draft field keeps. */
const UPLOAD: Record<PendingFile['kind'], (path: string) => Promise<string>> = { photo: uploadPhoto, recording: (path) => uploadFile('recording', path) };

/** The address an Image shows a kept file from, while it is shown. */
export function useKeptSrc(file: PendingFile): string | null {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let opened: string | null = null;
    let gone = false;
    void openKept(file).then((s) => {
      if (gone && s) closeKept(s);
      else setSrc((opened = s));
    });
    return () => {
      gone = true;
      if (opened) closeKept(opened);
    };
  }, [file]);
  return src;
}

// ---- sending a draft ---------------------------------------------------------------------------

export type DraftSent = ApiResult<OutputOf<'resident', 'submit'>> & { draft: Draft };

/**
 * Sends a draft: its kept files uploaded first (each one joins the draft as it lands, so `onDraft`
 * can keep the draft as far as it got), then the request. A missing network answers NETWORK_ERROR.
 */
export async function sendDraft(draft: Draft, cardCode: string, onDraft: (d: Draft) => void = () => undefined): Promise<DraftSent> {
  if (await knownOffline()) return { ok: false, error: NETWORK_ERROR, draft };
  let d = draft;
  for (const file of draft.pending) {
    const path = await openKept(file);
    if (!path) {
      // the phone lost the file (cleared by the system): the rest of the draft is still sent
      d = { ...d, pending: d.pending.filter((p) => p.kept !== file.kept) };
      continue;
    }
    try {
      d = attachUploaded(d, file, await UPLOAD[file.kind](path));
    } catch (err) {
      return { ok: false, error: err instanceof ApiFailure ? err.error : NETWORK_ERROR, draft: d };
    } finally {
      closeKept(path);
    }
    onDraft(d);
    void dropKept(file);
  }
  return { ...(await call('resident', 'submit', submitEvent(d, cardCode))), draft: d };
}

/** The card a draft is written to: as last read, when the network is down (a draft can be written without one). */
export async function cardForDraft(cardCode: string): Promise<OutputOf<'card', 'get'>> {
  const key = `lianxin:card:${cardCode}`;
  try {
    const card = await request('card', 'get', { cardCode });
    Taro.setStorageSync(key, card);
    return card;
  } catch (err) {
    const kept = Taro.getStorageSync<OutputOf<'card', 'get'> | ''>(key);
    if (kept && isNetworkFailure(err)) return kept;
    throw err;
  }
}

// ---- the waiting list --------------------------------------------------------------------------

const listeners = new Set<() => void>();

export const readWaiting = (): Waiting[] => restoreWaiting(Taro.getStorageSync(LIST_KEY), restoreDraft);

function changeWaiting(change: (list: Waiting[]) => Waiting[]): void {
  const list = withoutOldSent(change(readWaiting()), Date.now());
  if (list.length) Taro.setStorageSync(LIST_KEY, list);
  else Taro.removeStorageSync(LIST_KEY);
  listeners.forEach((l) => l());
}

/** Puts a draft in the waiting list (it is sent when the network returns). */
export function queueDraft(cardCode: string, draft: Draft): void {
  changeWaiting((list) => enqueue(list, cardCode, draft, Date.now()));
}

/** Takes a draft out of the list, its kept files with it (the resident deleted it, or was told it was sent). */
export function removeDraft(w: Waiting): void {
  changeWaiting((list) => removeWaiting(list, w.draft.requestId));
  for (const f of w.draft.pending) void dropKept(f);
}

/** The waiting list as it changes (and as it is when the page is shown again). */
export function useWaiting(): Waiting[] {
  const [list, setList] = useState(readWaiting);
  useEffect(() => {
    const heard = () => setList(readWaiting());
    listeners.add(heard);
    return () => void listeners.delete(heard);
  }, []);
  useDidShow(() => setList(readWaiting()));
  return list;
}

let sending: Promise<void> | null = null;
let again = false;

/** Sends what waits, one draft at a time, until the list is empty or the network is gone; one run at a time. */
export function sendWaiting(): Promise<void> {
  if (sending) {
    again = true; // heard while a run is on its way: one more run after it, never two at once
    return sending;
  }
  sending = (async () => {
    do {
      again = false;
      for (let w = nextToSend(readWaiting()); w; w = nextToSend(readWaiting())) {
        const requestId = w.draft.requestId;
        const res = await sendDraft(w.draft, w.cardCode, (draft) => changeWaiting((list) => updateWaiting(list, requestId, { draft })));
        if (!res.ok && passes(res.error)) {
          // no network (or a refusal that passes): as far as it got is kept, the rest waits for the next run
          changeWaiting((list) => updateWaiting(list, requestId, { draft: res.draft }));
          break;
        }
        if (!res.ok) {
          changeWaiting((list) => updateWaiting(list, requestId, { draft: res.draft, refused: res.error }));
          continue;
        }
        changeWaiting((list) => updateWaiting(list, requestId, { draft: res.draft, sent: { id: res.data.id, no: res.data.no, at: Date.now() } }));
        void Taro.showToast({ title: `没网时存的事已发出，编号${res.data.no}`, icon: 'none', duration: 3000 });
      }
    } while (again);
  })().finally(() => {
    sending = null;
  });
  return sending;
}

/**
 * At launch: what waits is sent now and whenever the network returns (WeChat's network events, the
 * browser's `online`), and tried again every half minute while anything waits (an answer lost on a
 * network that never went down).
 */
export function sendWhenOnline(): void {
  if (process.env.TARO_ENV === 'weapp') Taro.onNetworkStatusChange(({ isConnected }) => isConnected && void sendWaiting());
  else window.addEventListener('online', () => void sendWaiting());
  void sendWaiting();
  setInterval(() => nextToSend(readWaiting()) && void sendWaiting(), 30_000);
}
