/**
 * Applying a decided action to a case record: the next record, its timeline event, and the
 * notifications it causes. Pure — the use case has already loaded what it needs (units, due date)
 * and asked `decide` whether the caller may.
 */
import type { Due } from './deadlines';
import { withStillThereReply } from './followup';
import type {
  Actor,
  CaseMessenger,
  CaseRecord,
  CaseStatus,
  FeedbackMethod,
  GeoPoint,
  HeldContent,
  MessageKind,
  Outcome,
  PhotoCheck,
  Rating,
  Reception,
  Recording,
  TextVerdict,
  TimelineEvent,
  Level,
  StillThereAnswer,
  Unit,
} from '../../types/domain';
import { ACTION_TEXT, categoryName, LEVEL_TEXT, monthDay, OUTCOME_TEXT, RATING_TEXT, RECEPTION_KIND_TEXT } from './labels';
import { assignerKey, followsByOpenid, officeKey, representativeKey, standsIn, supervisorKey, unitKey } from './roles';
import type { Rules } from '../../config/rules';
import { decide, lateNow, pendingExtension } from './transitions';

export interface Closing {
  outcome: Outcome;
  feedbackMethod: FeedbackMethod;
  reply: string;
  plan?: string;
  expectedDate?: string;
}

/** An action with everything it needs, resolved. */
export type Command =
  | { action: 'withdraw'; reason?: string }
  /** due: a later first deadline, when the case is accepted at a level with a longer time limit than it was promised by */
  | { action: 'accept'; category?: string; level?: Level; due?: Due }
  | { action: 'reject'; reason: string }
  | ({ action: 'answer' } & Closing)
  | { action: 'assign'; level: Level; lead: Unit; coUnits: Unit[]; due: Due; note?: string }
  | { action: 'sign'; note?: string }
  | { action: 'return'; reason: string }
  | { action: 'reply'; reply: string }
  | ({ action: 'close' } & Closing)
  | { action: 'rate'; rating: Rating; comment?: string }
  | { action: 'urge' }
  | { action: 'note'; note: string }
  /** due: a new due day the pressing sets (乡镇问题会商会): the resident is told it */
  | { action: 'supervise'; note: string; due?: Due }
  | { action: 'escalate'; reason: string }
  | { action: 'extend'; reason: string; toDate: string }
  | { action: 'approve_extension'; due: Due; note?: string }
  | { action: 'refuse_extension'; note: string }
  /** due: a held request's first deadline, or a held 交办's deadline, counted from the release (null: no new date) */
  | { action: 'release'; due: Due | null }
  | { action: 'withhold'; reason: string }
  /** due: 还在's new legal clock from now (the unit's level; a first deadline when no unit held it), null for 已解决 */
  /** reporter: who answers (null: the case's own resident, else a co-reporter's openid) */
  | { action: 'still_there'; answer: StillThereAnswer; requestId: string; reporter: string | null; due: Due | null };

/** Who receives a notification: the resident, everyone holding a scope key, or one person. */
export type Audience = { resident: true } | { key: string } | { openid: string };

export interface Notification {
  kind: MessageKind;
  to: Audience;
  title: string;
  body: string;
}

export interface Applied {
  next: CaseRecord;
  event: TimelineEvent;
  notifications: Notification[];
}

/** A case's outcome and rating before it is closed (and again when it is sent back, 再交办). */
export const NO_OUTCOME = {
  outcome: null,
  feedbackMethod: null,
  reply: null,
  plan: null,
  expectedDate: null,
  rating: null,
  ratingComment: null,
} as const satisfies Partial<CaseRecord>;

/** No unit and no clock: a case before it is assigned, and again when it is escalated (fresh arrays). */
const noUnit = () =>
  ({
    unitId: null,
    unitName: null,
    coUnitIds: [],
    coUnitNames: [],
    assignedAt: null,
    dueAt: null,
    dueDate: null,
  }) satisfies Partial<CaseRecord>;

/** Everything about routing, progress and outcome a case starts without (fresh arrays each time). */
export const notYetRouted = () =>
  ({
    status: 'submitted',
    level: null,
    ...noUnit(),
    ...NO_OUTCOME,
    reassignCount: 0,
    returnCount: 0,
    returnedUnitIds: [],
    respondedAt: null,
    closedAt: null,
    nextReminderAt: null,
    nextReminderKey: null,
    overdue: false,
    overdueAt: null,
    overdueUnitIds: [],
    superviseCount: 0,
    escalationCount: 0,
    escalations: [],
    extensions: [],
    photoChecks: [],
    held: null,
    heldAt: null,
  }) satisfies Partial<CaseRecord>;

/** The level above: where 上报 sends a case. */
const ABOVE: Record<Level, Level | null> = { village: 'township', township: 'county', county: null };

/**
 * Where a case goes when escalated: a handler sends it one level above the case's; an assigner
 * (a township's: the county has none above it) sends it to the county.
 */
function escalationTarget(c: Pick<CaseRecord, 'level'>, relation: Actor['relation']): Level | null {
  return relation === 'assigner' ? (c.level === 'county' ? null : 'county') : c.level ? ABOVE[c.level] : null;
}

/** A new deadline's calendar warning replaces the one about the deadline it replaces. */
const dueWarnings = (c: CaseRecord, due: Due) => [...c.warnings.filter((w) => w.kind !== 'calendar_uncovered'), ...(due.warning ? [due.warning] : [])];

/** The unit's handlers, lead and co-handling. */
const unitKeys = (c: CaseRecord) => [c.unitId, ...c.coUnitIds].filter((u): u is string => !!u).map((u) => unitKey(c, u));

const RESIDENT: Audience = { resident: true };
const PROGRESS_PREVIEW = 60;

function preview(text: string, n = PROGRESS_PREVIEW): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

function closingFields(cmd: Closing) {
  return {
    outcome: cmd.outcome,
    feedbackMethod: cmd.feedbackMethod,
    reply: cmd.reply,
    plan: cmd.outcome === 'in_progress' ? (cmd.plan ?? null) : null,
    expectedDate: cmd.outcome === 'in_progress' ? (cmd.expectedDate ?? null) : null,
  };
}

/** What tells the representative a request came in on their card (on submission, or when the office releases it). */
export function submittedNotifications(c: Pick<CaseRecord, 'countyId' | 'representativeId' | 'villageName' | 'category' | 'description'>): Notification[] {
  return [
    {
      kind: 'case_submitted',
      to: { key: representativeKey(c) },
      title: '您有一条新的群众反映',
      body: `${c.villageName}群众反映「${categoryName(c.category)}」：${preview(c.description, 40)}`,
    },
  ];
}

/** A photo WeChat's image check flagged, or could not be asked about: the office looks at it first. */
export const photoFlagged = (p: Pick<PhotoCheck, 'suggest'>) => p.suggest === 'review' || p.suggest === 'risky';

/** What a checked file of a case is, as the office's notice names it: a photo, or a recording (语音说事). */
export const mediaWhat = (c: Pick<CaseRecord, 'photos'>, file: string) => (c.photos.includes(file) ? '群众上传的照片' : '群众的录音');

/** Everything a new request is made of, read and checked by the use case (提交, or 当面登记 at a reception). */
export interface NewCase {
  id: string;
  no: string;
  requestId: string;
  representative: { id: string; name: string; cardCode: string; countyId: string };
  township: { id: string; name: string };
  village: { id: string; name: string };
  category: string;
  description: string;
  photos: string[];
  recordings?: Recording[];
  location: GeoPoint | null;
  address: string | null;
  resident: CaseRecord['resident'];
  /** entered in person at a reception (接待日志), with the level the representative gave it */
  reception: { id: string; kind: Reception['kind'] } | null;
  /** entered on a grid visit (网格走访), with the level given by whoever entered it */
  visit?: { id: string; gridId: string } | null;
  /** made from a representative's proposal by its reviewer (转作意见建议) */
  proposal?: { id: string; title: string } | null;
  /** made from an anonymous echo-wall post by the unit replying or the office (转为事项) */
  wall?: { id: string; no: string } | null;
  /** passed on by a messenger or a 代办党员 (代为反映 / 代办), for the grid it belongs to; `follow` the 代办's follow code */
  messenger?: { of: CaseMessenger; gridId: string | null; entered: string; follow: CaseRecord['follow'] } | null;
  level: Level | null;
  /** who sent it, and how they appear in the timeline */
  by: HeldContent['by'];
  /** the words the content check read, and its verdict */
  words: string;
  verdict: TextVerdict;
  /** the first deadline promised (triage days, then the level's limit) */
  due: Due;
  photoChecks: PhotoCheck[];
}

/**
 * A new case and whom it tells. Its first state: held while its words wait for the office's review,
 * accepted when a representative entered it in person or it was made from a proposal or a wall post, else submitted (待受理). A held request
 * promises no date yet: its clock starts when it is released.
 */
export function newCase(n: NewCase, now: number): { record: CaseRecord; notifications: Notification[] } {
  const status: CaseStatus = n.verdict.suggest !== 'pass' ? 'held' : n.reception || n.visit || n.proposal || n.wall ? 'accepted' : 'submitted';
  const held: HeldContent | null = status === 'held' ? { action: 'submit', command: null, by: n.by, text: n.words, verdict: n.verdict, at: now } : null;
  const { openid: _openid, ...actor } = n.by;
  const record: CaseRecord = {
    _id: n.id,
    no: n.no,
    requestId: n.requestId,
    countyId: n.representative.countyId,
    townshipId: n.township.id,
    villageId: n.village.id,
    townshipName: n.township.name,
    villageName: n.village.name,
    representativeId: n.representative.id,
    representativeName: n.representative.name,
    cardCode: n.representative.cardCode,
    category: n.category,
    description: n.description,
    photos: n.photos,
    recordings: n.recordings ?? [],
    location: n.location,
    address: n.address,
    resident: n.resident,
    receptionId: n.reception?.id ?? null,
    ...(n.proposal ? { proposalId: n.proposal.id } : {}),
    ...(n.wall ? { wallPostId: n.wall.id } : {}),
    ...(n.messenger ? { messenger: n.messenger.of, gridId: n.messenger.gridId, followers: [], follow: n.messenger.follow } : {}),
    ...(n.visit ? { gridId: n.visit.gridId, gridVisitId: n.visit.id } : {}),
    ...notYetRouted(),
    status,
    // entered in person: the level it was given is kept, also while its words are reviewed
    level: n.level,
    ...(status === 'accepted' ? { respondedAt: now } : {}),
    ...(held ? { held, heldAt: now } : { dueAt: n.due.dueAt, dueDate: n.due.dueDate }),
    photoChecks: n.photoChecks,
    createdAt: now,
    updatedAt: now,
    version: 1,
    events: [
      {
        id: `${n.id}-1`,
        action: 'submit',
        at: now,
        actor,
        ...(n.messenger ? { note: n.messenger.entered } : {}),
        visibility: 'public',
        from: null,
        to: status,
        data: {
          category: categoryName(n.category),
          village: n.village.name,
          ...(n.reception ? { entered: `${RECEPTION_KIND_TEXT[n.reception.kind]}登记` } : {}),
          ...(n.visit ? { entered: '网格走访登记' } : {}),
          ...(n.proposal ? { entered: `由提议「${n.proposal.title}」转作意见建议` } : {}),
          ...(n.wall ? { entered: `由回音墙留言${n.wall.no}转为事项` } : {}),
          ...(n.messenger ? { entered: n.messenger.entered } : {}),
        },
      },
    ],
    warnings: !held && n.due.warning ? [n.due.warning] : [],
  };
  const notifications = [
    ...(held ? heldNotifications(record, '群众反映的内容') : status === 'submitted' ? submittedNotifications(record) : []),
    ...(!held && n.photoChecks.some(photoFlagged) ? heldNotifications(record, mediaWhat(record, n.photoChecks.find(photoFlagged)!.photo)) : []),
  ];
  return { record, notifications };
}

/** The words of a command that others will read: what the content check looks at. */
export function wordsOf(cmd: Command): string {
  const parts = cmd as Partial<Record<'reason' | 'reply' | 'plan' | 'comment' | 'note', string>>;
  return [parts.reason, parts.reply, parts.plan, parts.comment, parts.note].filter((t) => t?.trim()).join('\n');
}

/** Tells the office that words wait for its review. */
export function heldNotifications(c: Pick<CaseRecord, 'countyId' | 'no'>, what: string): Notification[] {
  return [{ kind: 'content_held', to: { key: officeKey(c) }, title: `事项${c.no}有内容待核对`, body: `${what}没有通过微信内容检查，请核对后放行或退回` }];
}

function replied(c: CaseRecord, cmd: Closing): Notification[] {
  const body = `${OUTCOME_TEXT[cmd.outcome]}：${preview(cmd.reply)}`;
  return [
    { kind: 'case_replied', to: RESIDENT, title: '您反映的问题已答复，请评价', body },
    { kind: 'case_replied', to: { key: representativeKey(c) }, title: `事项${c.no}已答复`, body },
  ];
}

export function applyAction(c: CaseRecord, cmd: Command, to: CaseStatus, actor: Actor, visibility: 'public' | 'internal', now: number): Applied {
  const base: CaseRecord = { ...c, status: to, updatedAt: now, version: c.version + 1 };
  let patch: Partial<CaseRecord> = {};
  let note: string | undefined;
  let data: TimelineEvent['data'];
  let notifications: Notification[] = [];

  switch (cmd.action) {
    case 'withdraw':
      note = cmd.reason;
      // withdrawn while still held for review: heldAt stays, and the request is never released (transitions.ts released)
      patch = { closedAt: now, held: null, heldAt: c.status === 'held' ? c.heldAt : null };
      break;
    case 'release':
      // a held request goes on to the representative (a held action is applied by the use case)
      patch = {
        held: null,
        heldAt: null,
        ...(cmd.due ? { dueAt: cmd.due.dueAt, dueDate: cmd.due.dueDate, warnings: dueWarnings(c, cmd.due) } : {}),
      };
      notifications = submittedNotifications(c);
      break;
    case 'withhold': {
      note = cmd.reason;
      const held = c.held!;
      patch = { held: null, heldAt: null, ...(c.status === 'held' ? { closedAt: now } : {}) };
      data = { heldAction: held.action };
      notifications = [
        c.status === 'held'
          ? { kind: 'content_withheld', to: RESIDENT, title: '您反映的内容没有通过核对', body: `原因：${preview(cmd.reason)}` }
          : {
              kind: 'content_withheld',
              to: { openid: held.by.openid },
              title: `您在事项${c.no}的${ACTION_TEXT[held.action]}没有通过核对，请修改后重新提交`,
              body: `原因：${preview(cmd.reason)}。您写的是：${preview(held.text)}`,
            },
      ];
      break;
    }
    case 'accept': {
      const category = cmd.category ?? c.category;
      patch = {
        category,
        level: cmd.level ?? c.level,
        respondedAt: c.respondedAt ?? now,
        ...(cmd.due ? { dueAt: cmd.due.dueAt, dueDate: cmd.due.dueDate, warnings: dueWarnings(c, cmd.due) } : {}),
      };
      data = { category: categoryName(category), level: cmd.level ?? null, ...(cmd.due ? { dueDate: cmd.due.dueDate } : {}) };
      notifications = [
        {
          kind: 'case_accepted',
          to: RESIDENT,
          title: '您反映的问题已受理',
          body: `${c.representativeName}已受理您反映的问题，会尽快交给有关单位办理${cmd.due ? `，预计${monthDay(cmd.due.dueDate)}前答复` : ''}。`,
        },
      ];
      break;
    }
    case 'reject':
      note = cmd.reason;
      patch = { closedAt: now, respondedAt: c.respondedAt ?? now };
      notifications = [{ kind: 'case_not_accepted', to: RESIDENT, title: '您反映的问题未予受理', body: `原因：${preview(cmd.reason)}` }];
      break;
    case 'answer':
    case 'close':
      note = cmd.reply;
      patch = { ...closingFields(cmd), ...(cmd.action === 'answer' ? { respondedAt: c.respondedAt ?? now } : {}) };
      data = { outcome: cmd.outcome, feedbackMethod: cmd.feedbackMethod, expectedDate: cmd.expectedDate ?? null };
      notifications = replied(c, cmd);
      break;
    case 'assign': {
      const unitName = cmd.lead.name;
      const again = c.status !== 'accepted';
      note = cmd.note;
      patch = {
        level: cmd.level,
        unitId: cmd.lead._id,
        unitName,
        coUnitIds: cmd.coUnits.map((u) => u._id),
        coUnitNames: cmd.coUnits.map((u) => u.name),
        assignedAt: now,
        dueAt: cmd.due.dueAt,
        dueDate: cmd.due.dueDate,
        ...NO_OUTCOME,
        reassignCount: c.status === 'reassigning' ? c.reassignCount + 1 : c.reassignCount,
        warnings: dueWarnings(c, cmd.due),
      };
      data = {
        level: cmd.level,
        unitName,
        coUnitNames: cmd.coUnits.map((u) => u.name),
        dueDate: cmd.due.dueDate,
        again,
      };
      const due = monthDay(cmd.due.dueDate);
      notifications = [
        ...[cmd.lead, ...cmd.coUnits].map(
          (u): Notification => ({
            kind: 'case_assigned',
            to: { key: unitKey(c, u._id) },
            title: u === cmd.lead ? `新交办事项，请于${due}前办结` : `新协办事项，${due}前办结`,
            body: `${c.no} ${categoryName(c.category)}：${preview(c.description, 40)}`,
          }),
        ),
        {
          kind: 'case_progress',
          to: RESIDENT,
          title: '您反映的问题已交给有关单位办理',
          body: `您反映的问题已交给${unitName}处理，预计${due}前答复。`,
        },
      ];
      break;
    }
    case 'sign':
      note = cmd.note;
      data = { unitName: c.unitName };
      break;
    case 'return':
      note = cmd.reason;
      patch = { returnCount: c.returnCount + 1, returnedUnitIds: c.unitId ? [...(c.returnedUnitIds ?? []), c.unitId] : (c.returnedUnitIds ?? []) };
      data = { unitName: c.unitName };
      notifications = [
        {
          kind: 'case_returned',
          to: { key: assignerKey(c, c.level) },
          title: `事项${c.no}被退回，请重新交办`,
          body: `${c.unitName ?? '承办单位'}退回：${preview(cmd.reason)}`,
        },
      ];
      break;
    case 'reply':
      note = cmd.reply;
      notifications = [{ kind: 'case_progress', to: RESIDENT, title: '您反映的问题有新进展', body: preview(cmd.reply) }];
      break;
    case 'rate': {
      note = cmd.comment;
      // sent back (再交办): no date is promised until it is assigned again, and then the new one is told
      patch = {
        rating: cmd.rating,
        ratingComment: cmd.comment ?? null,
        closedAt: to === 'closed' ? now : null,
        ...(to === 'reassigning' ? { dueAt: null, dueDate: null } : {}),
      };
      data = { rating: cmd.rating };
      const text = `群众评价：${RATING_TEXT[cmd.rating]}${cmd.comment ? `，${preview(cmd.comment)}` : ''}`;
      notifications =
        to === 'reassigning'
          ? [{ kind: 'case_reassigning', to: { key: assignerKey(c, c.level) }, title: `事项${c.no}群众不满意，请再交办`, body: text }]
          : [{ kind: 'case_closed', to: { key: representativeKey(c) }, title: `事项${c.no}已办结`, body: text }];
      break;
    }
    case 'urge': {
      // 催办: the representative, and whoever holds the case now (the unit, or before it the assigner)
      patch = { urgeCount: (c.urgeCount ?? 0) + 1 };
      const late = lateNow(c, now);
      const title = `群众催办：事项${c.no}${late ? `已超期（期限${monthDay(c.dueDate!)}）` : `${monthDay(c.dueDate!)}到期`}，请尽快办理`;
      const holders = c.unitId ? unitKeys(c) : c.status === 'submitted' ? [] : [assignerKey(c, c.level)];
      // pressed by the representative for a resident they entered it for: the unit alone
      notifications = [...(standsIn(c) && !followsByOpenid(c) ? [] : [representativeKey(c)]), ...holders].map((key) => ({
        kind: 'case_urged',
        to: { key },
        title,
        body: `${categoryName(c.category)}：${preview(c.description, 40)}`,
      }));
      break;
    }
    case 'note':
      note = cmd.note;
      break;
    case 'supervise': {
      note = cmd.note;
      // counted against a unit only once one holds it (两倒查); before that the timeline keeps it
      patch = {
        ...(c.unitId ? { superviseCount: c.superviseCount + 1 } : {}),
        ...(cmd.due ? { dueAt: cmd.due.dueAt, dueDate: cmd.due.dueDate, warnings: dueWarnings(c, cmd.due) } : {}),
      };
      data = { unitName: c.unitName, ...(cmd.due ? { dueDate: cmd.due.dueDate } : {}) };
      const by = cmd.due ? `，请于${monthDay(cmd.due.dueDate)}前办结` : '，请加快办理';
      // pressed: the unit that holds it, or before that whoever it waits for (受理, 交办)
      notifications = (c.unitId ? unitKeys(c) : c.status === 'submitted' ? [representativeKey(c)] : [representativeKey(c), assignerKey(c, c.level)]).map(
        (key): Notification => ({
          kind: 'case_supervised',
          to: { key },
          title: `事项${c.no}被督办${by}`,
          body: `${actor.name}督办：${preview(cmd.note)}`,
        }),
      );
      if (cmd.due) {
        notifications.push({
          kind: 'case_progress',
          to: RESIDENT,
          title: '您反映的问题已督办',
          body: `${c.unitName ?? '承办单位'}正在办理，预计${monthDay(cmd.due.dueDate)}前答复。`,
        });
      }
      break;
    }
    case 'escalate': {
      const target = escalationTarget(c, actor.relation)!;
      note = cmd.reason;
      patch = {
        level: target,
        ...noUnit(),
        escalationCount: c.escalationCount + 1,
        escalations: [...c.escalations, { at: now, from: c.level, to: target, unitId: c.unitId, unitName: c.unitName, reason: cmd.reason }],
      };
      data = { from: c.level, to: target, unitName: c.unitName };
      const from = c.unitName ?? (c.level ? LEVEL_TEXT[c.level] : '');
      notifications = [
        {
          kind: 'case_escalated',
          to: { key: assignerKey(c, target) },
          title: `事项${c.no}由${from}上报，请交办`,
          body: `上报理由：${preview(cmd.reason)}`,
        },
        {
          kind: 'case_escalated',
          to: { key: representativeKey(c) },
          title: `您受理的事项${c.no}已上报${LEVEL_TEXT[target]}办理`,
          body: `${from}上报：${preview(cmd.reason)}`,
        },
      ];
      break;
    }
    case 'extend':
      note = cmd.reason;
      patch = {
        extensions: [
          ...c.extensions,
          {
            requestedAt: now,
            unitName: c.unitName,
            reason: cmd.reason,
            fromDate: c.dueDate!,
            toDate: cmd.toDate,
            status: 'pending',
            decidedAt: null,
            decidedBy: null,
            note: null,
          },
        ],
      };
      data = { fromDate: c.dueDate, toDate: cmd.toDate };
      notifications = [assignerKey(c, c.level), supervisorKey(c)]
        .filter((k): k is string => !!k)
        .map((key) => ({
          kind: 'extension_requested',
          to: { key },
          title: `事项${c.no}申请延期至${monthDay(cmd.toDate)}，请审批`,
          body: `${c.unitName ?? ''}：${preview(cmd.reason)}`,
        }));
      break;
    case 'approve_extension':
    case 'refuse_extension': {
      const approved = cmd.action === 'approve_extension';
      const pending = pendingExtension(c)!;
      note = cmd.note;
      const decided = { ...pending, status: approved ? 'approved' : 'refused', decidedAt: now, decidedBy: actor.name, note: cmd.note ?? null } as const;
      patch = {
        extensions: c.extensions.map((e) => (e === pending ? decided : e)),
        ...(approved ? { dueAt: cmd.due.dueAt, dueDate: cmd.due.dueDate, warnings: dueWarnings(c, cmd.due) } : {}),
      };
      data = { fromDate: pending.fromDate, toDate: pending.toDate, approved };
      const title = approved
        ? `事项${c.no}延期已同意，新期限${monthDay(cmd.due.dueDate)}`
        : `事项${c.no}延期未同意，请按原期限${monthDay(pending.fromDate)}办结`;
      notifications = unitKeys(c).map((key) => ({ kind: 'extension_decided', to: { key }, title, body: cmd.note ? preview(cmd.note) : title }));
      if (approved) {
        notifications.push({
          kind: 'case_progress',
          to: RESIDENT,
          title: '您反映的问题办理期限有调整',
          body: `${c.unitName ?? '承办单位'}正在办理，预计${monthDay(cmd.due.dueDate)}前答复。`,
        });
      }
      break;
    }
    case 'still_there': {
      const stillThere = withStillThereReply(c.stillThere!, { reporter: cmd.reporter, answer: cmd.answer, at: now, requestId: cmd.requestId });
      if (cmd.answer === 'gone' || !cmd.due) {
        note = '群众反映问题已解决';
        patch = { stillThere };
        data = { answer: cmd.answer };
        break;
      }
      // 还在: 再交办 to the same unit at the same level, on a new clock; the rating is cleared with the
      // outcome (the timeline keeps both), since the case will be answered and rated again
      const reopenCount = (c.reopenCount ?? 0) + 1;
      const due = monthDay(cmd.due.dueDate);
      note = '群众反映问题还在，再交办';
      patch = {
        stillThere,
        reopenCount,
        ...NO_OUTCOME,
        closedAt: null,
        dueAt: cmd.due.dueAt,
        dueDate: cmd.due.dueDate,
        warnings: dueWarnings(c, cmd.due),
        ...(to === 'assigned' ? { assignedAt: now } : {}),
      };
      data = { answer: cmd.answer, unitName: c.unitName, dueDate: cmd.due.dueDate, reopenCount };
      const gist = `${c.no} ${categoryName(c.category)}：${preview(c.description, 40)}`;
      notifications = [
        ...(to === 'assigned'
          ? unitKeys(c).map((key): Notification => ({ kind: 'case_assigned', to: { key }, title: `群众反映问题还在，再交办，请于${due}前办结`, body: gist }))
          : [{ kind: 'case_reopened' as const, to: { key: assignerKey(c, c.level) }, title: `事项${c.no}群众反映问题还在，请再交办`, body: gist }]),
        { kind: 'case_reopened', to: { key: representativeKey(c) }, title: `事项${c.no}群众反映问题还在，已再交办`, body: gist },
        {
          kind: 'case_progress',
          to: RESIDENT,
          title: '您反映的问题已再交办',
          body: `${to === 'assigned' ? `已再次交给${c.unitName ?? '承办单位'}办理` : '党代表会再次交办'}，预计${due}前答复。`,
        },
      ];
      break;
    }
  }

  const event: TimelineEvent = {
    id: `${c._id}-${c.events.length + 1}`,
    action: cmd.action,
    at: now,
    actor,
    visibility,
    from: c.status,
    to,
    ...(note !== undefined ? { note } : {}),
    ...(data !== undefined ? { data } : {}),
  };
  return { next: { ...base, ...patch, events: [...c.events, event] }, event, notifications };
}

/**
 * Applies a held action as its author sent it, now that the office releases it: decided again on
 * the case as it stands (it may have moved on meanwhile), answering why not if it cannot be.
 */
export function applyHeld(c: CaseRecord, rules: Rules, now: number, due: Due | null): Applied | string {
  const held = c.held!;
  // a held 交办 gives the unit its whole time limit from the release (`due`), not from when it was held
  const cmd = held.command!.action === 'assign' && due ? { ...held.command!, due } : held.command!;
  const cleared: CaseRecord = { ...c, held: null, heldAt: null };
  const decision = decide(cleared, cmd.action, [held.by.relation], 'rating' in cmd ? { rating: cmd.rating } : {}, rules, now);
  if (!decision.ok) return `事项已有新的变化，这条${ACTION_TEXT[cmd.action]}不能再放行，请不予放行并告诉作者`;
  return applyAction(cleared, cmd, decision.to, { relation: held.by.relation, name: held.by.name }, decision.transition.visibility, now);
}

/**
 * 改由他人跟进: a case whose representative left goes to the successor the office chose, or to
 * the office itself (`to` null), which then stands in as its representative. The resident is told
 * who follows it now; so is whoever took it over.
 */
export function transferCase(c: CaseRecord, to: { id: string; name: string } | null, actor: Actor, reason: string, now: number): Applied {
  const name = to ? `党代表${to.name}` : '联系群众工作办公室';
  const next: CaseRecord = {
    ...c,
    representativeId: to?.id ?? null,
    representativeName: to?.name ?? '联系群众工作办公室',
    updatedAt: now,
    version: c.version + 1,
  };
  const event: TimelineEvent = {
    id: `${c._id}-${c.events.length + 1}`,
    action: 'transfer',
    at: now,
    actor,
    visibility: 'public',
    note: reason,
    data: { from: c.representativeName, to: name },
    from: c.status,
    to: c.status,
  };
  return {
    next: { ...next, events: [...c.events, event] },
    event,
    notifications: [
      {
        kind: 'case_transferred',
        to: { key: representativeKey(next) },
        title: `事项${c.no}转由您跟进`,
        body: `原跟进的党代表${c.representativeName}已离任：${preview(reason)}`,
      },
      { kind: 'case_progress', to: RESIDENT, title: '您反映的事项换了跟进人', body: `原党代表${c.representativeName}已离任，现由${name}继续跟进到底。` },
    ],
  };
}
