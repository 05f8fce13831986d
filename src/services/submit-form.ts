/**
 * The resident's request form as data: the draft kept while they write, the checks made before
 * sending (the server checks again), and the event sent. Pure, so it is tested without a page.
 */
import { descriptionProblem, PHONE_PATTERN, RULES, UNCHOSEN_CATEGORY } from '../../config/rules';
import { pendingOf, recordingCount, type PendingFile } from './drafts';
import type { Recording } from '../../types/domain';
import { ANONYMOUS_VOICE } from '../domain/labels';

export interface Draft {
  /** made once per draft: resending the same draft can never make a second case */
  requestId: string;
  category: string | null;
  description: string;
  photos: string[];
  /** 语音说事: recordings uploaded to the person's own folder, each with its seconds */
  recordings: Recording[];
  address: string;
  location: { latitude: number; longitude: number } | null;
  phone: string;
  name: string;
  anonymous: boolean;
  villageId: string | null;
  /** files chosen while the network was down, kept on the phone and uploaded when the draft is sent */
  pending: PendingFile[];
}

export type DraftErrors = Partial<Record<'category' | 'description' | 'phone' | 'name' | 'address' | 'photos' | 'recordings' | 'consent', string>>;

export function newRequestId(now = Date.now(), random = Math.random): string {
  return `r${now.toString(36)}-${Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0')}`;
}

export function emptyDraft(requestId = newRequestId()): Draft {
  return {
    requestId,
    category: null,
    description: '',
    photos: [],
    recordings: [],
    address: '',
    location: null,
    phone: '',
    name: '',
    anonymous: false,
    villageId: null,
    pending: [],
  };
}

/** A stored draft if it still has the shape of one (old app versions, damaged storage). */
export function restoreDraft(stored: unknown): Draft | null {
  if (!stored || typeof stored !== 'object') return null;
  const d = { ...emptyDraft(), ...(stored as Partial<Draft>) };
  const strings = [d.requestId, d.description, d.address, d.phone, d.name];
  if (
    strings.some((s) => typeof s !== 'string') ||
    !Array.isArray(d.photos) ||
    !Array.isArray(d.pending) ||
    !Array.isArray(d.recordings) ||
    typeof d.anonymous !== 'boolean'
  )
    return null;
  return d;
}

export function isBlank(d: Draft): boolean {
  return (
    !d.description.trim() &&
    d.photos.length === 0 &&
    d.pending.length === 0 &&
    d.recordings.length === 0 &&
    !d.address.trim() &&
    !d.location &&
    !d.phone.trim() &&
    !d.name.trim()
  );
}

const { maxPhotos } = RULES.submit;
const { maxRecordings } = RULES.voice;

export function checkDraft(d: Draft): DraftErrors {
  const errors: DraftErrors = {};
  // recordings still waiting for the network count: they are sent with the draft
  const recordings = recordingCount(d);
  const description = descriptionProblem(d.description, recordings > 0);
  if (description) errors.description = description;
  if (d.photos.length + pendingOf(d, 'photo').length > maxPhotos) errors.photos = `照片最多${maxPhotos}张`;
  if (recordings > maxRecordings) errors.recordings = `录音最多${maxRecordings}段`;
  // a voice tells who spoke (the server refuses it too)
  else if (d.anonymous && recordings) errors.recordings = ANONYMOUS_VOICE;
  const phone = d.phone.trim();
  if (!d.anonymous && phone && !PHONE_PATTERN.test(phone)) errors.phone = '请填写正确的手机号或座机号';
  if (d.name.trim().length > RULES.text.nameMax) errors.name = `称呼最多${RULES.text.nameMax}个字`;
  if (d.address.trim().length > RULES.text.addressMax) errors.address = `地址最多${RULES.text.addressMax}个字`;
  return errors;
}

/** The submit event for the resident function. Anonymous drafts send no name or phone. */
export function submitEvent(d: Draft, cardCode: string) {
  const optional = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    cardCode,
    requestId: d.requestId,
    category: d.category ?? UNCHOSEN_CATEGORY,
    description: d.description.trim(),
    photos: d.photos.length ? d.photos : undefined,
    recordings: d.recordings.length ? d.recordings : undefined,
    address: optional(d.address),
    location: d.location ?? undefined,
    phone: d.anonymous ? undefined : optional(d.phone),
    name: d.anonymous ? undefined : optional(d.name),
    anonymous: d.anonymous || undefined,
    villageId: d.villageId ?? undefined,
  };
}

/** What a messenger's pass-on needs beyond the request: a named neighbour's name, and their consent before their phone. */
export function checkPassOn(d: Draft, consent: boolean): DraftErrors {
  const errors = checkDraft(d);
  if (!d.anonymous && !d.name.trim()) errors.name = '请填写邻居怎么称呼，或选择匿名';
  if (!d.anonymous && d.phone.trim() && !consent) errors.consent = '留电话要先问过邻居：邻居同意了，再点上面一行';
  return errors;
}

/** The messenger function's pass event: the request, and the neighbour (named, with their phone only by consent, or anonymous). */
export function passOnEvent(d: Draft, messengerId: string, consent: boolean) {
  const { cardCode: _card, villageId: _village, anonymous, phone, ...request } = submitEvent(d, '');
  return { ...request, messengerId, phone: consent ? phone : undefined, anonymous: anonymous ?? false, consent: !!phone && consent };
}
