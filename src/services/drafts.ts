/**
 * Drafts waiting for the network, as data: the list kept on the phone (each draft with its card, its
 * request id and the files chosen while the network was down), what is sent next, and what the
 * resident is shown. Pure, so it is tested without a page; services/waiting.ts keeps and sends it.
 */
import type { ApiError } from '../../types/api';
import type { Draft } from './submit-form';

/**
 * A file chosen while the network was down, kept on the phone until its draft is sent: `kept` is
 * where (a saved file's path in the mini-program, a key of the browser's IndexedDB in h5). `kind`
 * says which field of the draft it joins once uploaded (attachUploaded). Another kind of file joins
 * as another member of this type, with fields of its own (a recording's seconds), its case in
 * attachUploaded and its upload in services/waiting.ts UPLOAD: the compiler asks for both.
 */
export type PendingFile = PendingPhoto | PendingRecording;
export interface PendingPhoto {
  kind: 'photo';
  kept: string;
}
export interface PendingRecording {
  kind: 'recording';
  kept: string;
  seconds: number;
}

/** A draft in the waiting list: sent one at a time, in order, each with its own request id. */
export interface Waiting {
  cardCode: string;
  draft: Draft;
  queuedAt: number;
  /** answered: the case it made (kept a while to tell the resident) */
  sent?: { id: string; no: string; at: number };
  /** the server refused it (not the network): it waits for the resident, no more automatic sends */
  refused?: ApiError;
}

/** How long a sent draft is still shown (with its number) in the list. */
export const SHOW_SENT_MS = 3 * 24 * 3600 * 1000;

const id = (w: Waiting) => w.draft.requestId;

/** Adds a draft (or replaces the one with its request id: a draft is never waiting twice). */
export function enqueue(list: readonly Waiting[], cardCode: string, draft: Draft, now: number): Waiting[] {
  const entry: Waiting = { cardCode, draft, queuedAt: now };
  return list.some((w) => id(w) === draft.requestId) ? list.map((w) => (id(w) === draft.requestId ? entry : w)) : [...list, entry];
}

export const removeWaiting = (list: readonly Waiting[], requestId: string): Waiting[] => list.filter((w) => id(w) !== requestId);

/** Changes one draft of the list (its files uploaded so far, its answer). */
export const updateWaiting = (list: readonly Waiting[], requestId: string, patch: Partial<Waiting>): Waiting[] =>
  list.map((w) => (id(w) === requestId ? { ...w, ...patch } : w));

/**
 * Whether a refusal may pass by itself (no identity yet, too many at once, the server's own fault):
 * the draft keeps waiting and is tried again later. Any other refusal is the draft's: it stops
 * there and the resident is shown why.
 */
export const passes = (error: ApiError): boolean => ['UNAUTHENTICATED', 'RATE_LIMITED', 'CONFLICT', 'INTERNAL'].includes(error.code);

/** What still waits to be sent automatically (neither sent nor refused), oldest first. */
export const stillWaiting = (list: readonly Waiting[]): Waiting[] => list.filter((w) => !w.sent && !w.refused).sort((a, b) => a.queuedAt - b.queuedAt);

/** The next draft to send, or null. */
export const nextToSend = (list: readonly Waiting[]): Waiting | null => stillWaiting(list)[0] ?? null;

/** The list without sent drafts shown long enough. */
export const withoutOldSent = (list: readonly Waiting[], now: number): Waiting[] => list.filter((w) => !w.sent || now - w.sent.at < SHOW_SENT_MS);

/** The draft's first words, to recognise it by in a list. */
export function firstWords(d: Draft, max = 16): string {
  const text = d.description.trim().replace(/\s+/g, ' ');
  if (!text) return recordingCount(d) ? '（只有录音，没有写字）' : '（没有写字）';
  return [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;
}

/** A kept list if it still has the shape of one (older app versions, damaged storage): damaged entries are dropped. */
export function restoreWaiting(stored: unknown, restore: (d: unknown) => Draft | null): Waiting[] {
  if (!Array.isArray(stored)) return [];
  const list: Waiting[] = [];
  for (const item of stored as Array<Partial<Waiting> | null>) {
    const draft = item && typeof item.cardCode === 'string' && typeof item.queuedAt === 'number' ? restore(item.draft) : null;
    if (item && draft) list.push({ ...(item as Waiting), draft });
  }
  return list;
}

/** A file of the draft uploaded: it joins its field (photos…) and leaves the files still to upload. */
export function attachUploaded(d: Draft, file: PendingFile, fileId: string): Draft {
  const pending = d.pending.filter((p) => p.kept !== file.kept);
  switch (file.kind) {
    case 'photo':
      return { ...d, pending, photos: [...d.photos, fileId] };
    case 'recording':
      return { ...d, pending, recordings: [...d.recordings, { file: fileId, seconds: file.seconds }] };
  }
}

/** The files of one kind still to upload. */
export const pendingOf = <K extends PendingFile['kind']>(d: Pick<Draft, 'pending'>, kind: K): Array<Extract<PendingFile, { kind: K }>> =>
  d.pending.filter((p): p is Extract<PendingFile, { kind: K }> => p.kind === kind);

/** The draft's files of one kind still to upload replaced by `files` (the others kept). */
export const withPending = <K extends PendingFile['kind']>(
  d: Pick<Draft, 'pending'>,
  kind: K,
  files: ReadonlyArray<Extract<PendingFile, { kind: K }>>,
): PendingFile[] => [...d.pending.filter((p) => p.kind !== kind), ...files];

/** How many recordings a draft has, uploaded or waiting for the network. */
export const recordingCount = (d: Pick<Draft, 'recordings' | 'pending'>): number => d.recordings.length + pendingOf(d, 'recording').length;
