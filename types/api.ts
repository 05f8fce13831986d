/**
 * What crosses the wire between the pages and the cloud functions: results, typed errors and
 * the role-filtered views of a case. The events each function takes are defined (and validated)
 * next to its handler in src/server/functions.
 */
import type {
  SystemEvent,
  TransferEvent,
  MetooEvent,
  Escalation,
  Extension,
  CaseAction,
  CaseStatus,
  FeedbackMethod,
  GeoPoint,
  Level,
  Outcome,
  Rating,
  Relation,
  StillThereAnswer,
} from './domain';
import type { MessengerKind } from '../src/domain/messengers';

export type ErrorCode =
  | 'INVALID_INPUT' // the event does not fit: see `fields`
  | 'UNAUTHENTICATED' // no caller identity
  | 'FORBIDDEN' // the caller's role does not allow it
  | 'NOT_FOUND' // no such record (or not one the caller may see)
  | 'INVALID_STATE' // the case is not in a state that allows it
  | 'CONFLICT' // someone else changed it at the same moment
  | 'RATE_LIMITED' // too many submissions
  | 'UNKNOWN_ACTION' // the function has no such action
  | 'INTERNAL'; // our fault; logged

export interface ApiError {
  code: ErrorCode;
  /** Simplified Chinese, ready to show */
  message: string;
  /** per-field messages for forms, keyed by dotted path */
  fields?: Record<string, string>;
}

/** A kept photo: its file id, and a temporary address handed to this caller only. */
export interface PhotoView {
  id: string;
  url: string;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** What residents see of the four steps: 已提交 → 已受理 → 办理中 → 已答复 */
export type Stage = 0 | 1 | 2 | 3;

export interface CaseSummary {
  id: string;
  no: string;
  category: string;
  categoryName: string;
  summary: string;
  status: CaseStatus;
  statusText: string;
  stage: Stage;
  level: Level | null;
  levelText: string | null;
  unitName: string | null;
  townshipName: string;
  villageName: string;
  dueDate: string | null;
  /** working days left until the due day (0 on the day, negative when overdue) */
  workingDaysLeft: number | null;
  /** open: past its date now (a later date after re-routing or an extension clears it); finished: answered late */
  overdue: boolean;
  createdAt: number;
  updatedAt: number;
  /** 我也反映: how many residents raised it (its resident and its co-reporters) */
  raisedBy: number;
  /** 并案: the case it was merged into (status merged), else null */
  mergedInto: string | null;
}

export type ResidentView = { anonymous: true } | { anonymous: false; name: string | null; phone: string | null; phoneMasked: boolean };

export interface TimelineView {
  id: string;
  action: CaseAction | SystemEvent | TransferEvent | MetooEvent | 'submit';
  actionText: string;
  at: number;
  actor: { relation: Relation | 'system'; name: string };
  note: string | null;
  visibility: 'public' | 'internal';
  data: Record<string, string | number | boolean | string[] | null>;
}

/** A recording to play: its file id (for 放行), a temporary address, its seconds, and whether the check flagged it (the office's review). */
export interface RecordingView {
  id: string;
  url: string;
  seconds: number;
  flagged: boolean;
}

export interface CaseView extends CaseSummary {
  description: string;
  /** the photos this caller may see: the file's id (for 放行) and a temporary address to show it from */
  photos: PhotoView[];
  /**
   * 语音说事: the recordings this caller may hear (a voice tells who spoke: the resident, those
   * handling a case not sent anonymously once the check passed it, the office those the check flagged)
   */
  recordings: RecordingView[];
  location: GeoPoint | null;
  address: string | null;
  resident: ResidentView;
  /**
   * who passed it on for a neighbour (民情信使 / 代办党员): a public role, shown to everyone who sees
   * the case, an anonymous neighbour's included (their name and role only, never their phone)
   */
  messenger: { name: string; kind: MessengerKind; kindText: string } | null;
  /** who follows it to the end: null once the office took over from a representative who left */
  /** the phone is given to the resident of a late case, to call (null otherwise) */
  representative: { id: string | null; name: string; phone: string | null };
  coUnitNames: string[];
  assignedAt: number | null;
  dueAt: number | null;
  outcome: Outcome | null;
  outcomeText: string | null;
  feedbackMethod: FeedbackMethod | null;
  feedbackMethodText: string | null;
  reply: string | null;
  plan: string | null;
  expectedDate: string | null;
  rating: Rating | null;
  ratingText: string | null;
  ratingComment: string | null;
  /** 我也反映: a co-reporter's own rating (null before they rate, and for everyone else) */
  myCoRating: Rating | null;
  /** a co-reporter may rate now (the case is answered and they have not rated yet): `resident · coRate` */
  canCoRate: boolean;
  /** the case's village (the office's 并案 lists that village's open cases to merge into) */
  villageId: string;
  /** the office may merge it into another open case of its village now (并案: `case · merge`) */
  canMerge: boolean;
  reassignCount: number;
  closedAt: number | null;
  timeline: TimelineView[];
  /**
   * 问题还在吗: the question put a month after 已办结 (answerable until `answerDate`, YYYY-MM-DD) and
   * its answer — a reporter's own (each of the resident and the co-reporters answers once, for
   * themselves), the latest for staff; `still_there` is among the actions while the caller may answer
   */
  stillThere: { askedAt: number; answerDate: string; answer: StillThereAnswer | null; answerText: string | null } | null;
  /** times 还在 reopened it (再交办) */
  reopenCount: number;
  /** what the caller may do now: the pages show exactly these */
  actions: CaseAction[];
  relations: Relation[];
  /** levels the caller may route it to, when `assign` is among the actions */
  assignableLevels: Level[];
  /** staff only: e.g. a deadline computed without holiday data */
  warnings: string[];
  /** 催办 so far, and (to the resident who pressed) when it may be pressed again */
  urgeCount: number;
  urgeNote: string | null;
  /** 督办 so far */
  superviseCount: number;
  /** staff only: each 上报 with its reason */
  escalations: Escalation[];
  /** staff only: 延期 requests and decisions */
  extensions: Extension[];
  /**
   * words waiting for the office's review (内容核对): whose and since when, for everyone on the
   * case; the words and why they were held only for the office and their author
   */
  held: { actionText: string; byName: string; at: number; text: string | null; why: string | null } | null;
  /**
   * photos the image check has not passed: how many are kept from this caller, and, for the
   * office, the flagged ones it may let through
   */
  photoReview: { hidden: number; flagged: PhotoView[] };
  /** 公开栏 notices that answer this case */
  notices: NoticeView[];
  version: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A 公开栏 notice as anyone may read it. */
export interface NoticeView {
  id: string;
  title: string;
  body: string;
  publisher: string;
  publishedAt: number;
  /** how many requests it answers */
  answers: number;
}
