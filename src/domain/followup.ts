/**
 * After the answer: 问题还在吗 (a month after 已办结 the resident is asked whether the problem is
 * still there; 还在 reopens the case as 再交办 to the same unit), and 回访 with the share of
 * residents an answer reached within a day. Rules as data (RULES.stillThere, RULES.reach), pure
 * functions; the use cases are in src/server/usecases/followup.ts.
 */
import type { Rules } from '../../config/rules';
import type {
  CallbackOutcome,
  CallbackReason,
  CaseRecord,
  MessageKind,
  Reach,
  Relation,
  StillThere,
  StillThereAnswer,
  StillThereReply,
} from '../../types/domain';
import { addDays, endOfShanghaiDay, shanghaiDate, startOfShanghaiDay } from './calendar';
import type { Applied } from './case';
import { monthDay } from './labels';
import { standsIn } from './roles';
import { rate, type Rate } from './statistics';

const HOUR_MS = 3600_000;

/**
 * When a case just closed is to be asked whether the problem is still there, or null: 已办结
 * (resolved) is asked `askAfterDays` after the day it closed; 已启动办理 (in_progress, with its
 * expected date) that long after the work was expected done, since asking before it could be done
 * tells nothing. 已解释说明 (explained) promised no fix, and is not asked; nor is an echo-wall
 * post's case, which has no resident to ask.
 */
export function stillThereAskAt(
  c: Pick<CaseRecord, 'status' | 'closedAt' | 'outcome' | 'expectedDate' | 'wallPostId'>,
  rules: Pick<Rules, 'stillThere'>,
  hour: number,
): number | null {
  if (c.status !== 'closed' || c.closedAt === null || c.wallPostId) return null;
  const closed = shanghaiDate(c.closedAt);
  const from = c.outcome === 'resolved' ? closed : c.outcome === 'in_progress' && c.expectedDate ? (c.expectedDate > closed ? c.expectedDate : closed) : null;
  return from === null ? null : startOfShanghaiDay(addDays(from, rules.stillThere.askAfterDays)) + hour * HOUR_MS;
}

/** The cursor after an action: set when the case has just closed, cleared once it is open again (still or no longer to be asked). */
export function withStillThereCursor(before: Pick<CaseRecord, 'status'>, next: CaseRecord, rules: Pick<Rules, 'stillThere'>, hour: number): CaseRecord {
  if (next.status !== 'closed') return next.stillThereAt ? { ...next, stillThereAt: null } : next;
  return before.status === 'closed' ? next : { ...next, stillThereAt: stillThereAskAt(next, rules, hour) };
}

/** The question put to the resident now: answerable until the end of the `answerDays`th day. */
export function stillThereQuestion(now: number, rules: Pick<Rules, 'stillThere'>): StillThere {
  const answerDate = addDays(shanghaiDate(now), rules.stillThere.answerDays);
  return { askedAt: now, answerDate, answerBy: endOfShanghaiDay(answerDate), answer: null, answeredAt: null, requestId: null, answers: [] };
}

/**
 * Who answers 问题还在吗 for a caller: each reporter answers for themselves — the case's own resident
 * (null, whoever stands in for them) or a co-reporter (their openid). Null also for anyone else.
 */
export function stillThereReporter(relations: readonly Relation[], openid: string | null | undefined): string | null {
  return !relations.includes('resident') && relations.includes('co_reporter') && openid ? openid : null;
}

/** Each reporter's answer to the question; a question stored before that (one answer for the case) reads as the resident's. */
export function stillThereAnswers(q: StillThere): StillThereReply[] {
  if (q.answers) return q.answers;
  return q.answer ? [{ reporter: null, answer: q.answer, at: q.answeredAt ?? q.askedAt, requestId: q.requestId ?? '' }] : [];
}

/** This reporter's answer, if they gave one. */
export const stillThereReplyOf = (q: StillThere, reporter: string | null): StillThereReply | undefined =>
  stillThereAnswers(q).find((a) => a.reporter === reporter);

/** Whether the caller is one of the case's reporters (its resident, or a co-reporter): those asked 问题还在吗. */
export const isReporter = (relations: readonly Relation[]): boolean => relations.includes('resident') || relations.includes('co_reporter');

/** The caller's own answer, when they are one of the case's reporters and gave one. */
export const callerStillThereReply = (
  c: Pick<CaseRecord, 'stillThere'>,
  relations: readonly Relation[],
  openid: string | null | undefined,
): StillThereReply | undefined => (isReporter(relations) && c.stillThere ? stillThereReplyOf(c.stillThere, stillThereReporter(relations, openid)) : undefined);

/** Why this reporter cannot answer (again), or null: one answer each. */
export function stillThereAnsweredProblem(q: StillThere | null | undefined, reporter: string | null): string | null {
  const mine = q ? stillThereReplyOf(q, reporter) : undefined;
  return mine ? `您已于${monthDay(shanghaiDate(mine.at))}回答过问题是否还在（${STILL_THERE_TEXT[mine.answer]}），不能重复回答` : null;
}

/** The question with one more reporter's answer: the latest answer is the question's too. */
export function withStillThereReply(q: StillThere, reply: StillThereReply): StillThere {
  return { ...q, answers: [...stillThereAnswers(q), reply], answer: reply.answer, answeredAt: reply.at, requestId: reply.requestId };
}

/** Asks the resident of a closed case (the sweep): the question, an internal timeline event, the message. */
export function askStillThere(c: CaseRecord, rules: Pick<Rules, 'stillThere'>, now: number): Applied {
  const stillThere = stillThereQuestion(now, rules);
  const event = {
    id: `${c._id}-${c.events.length + 1}`,
    action: 'ask_still_there' as const,
    at: now,
    actor: { relation: 'system' as const, name: '系统' },
    note: `已询问群众问题是否还在，${monthDay(stillThere.answerDate)}前可回答`,
    visibility: 'public' as const,
    data: { answerDate: stillThere.answerDate },
    from: c.status,
    to: c.status,
  };
  return {
    next: {
      ...c,
      stillThere,
      stillThereAt: null,
      stillThereAsked: (c.stillThereAsked ?? 0) + 1,
      updatedAt: now,
      version: c.version + 1,
      events: [...c.events, event],
    },
    event,
    notifications: [
      {
        kind: 'case_still_there',
        to: { resident: true },
        title: '您反映的问题还在吗？',
        body: `事项${c.no}已办结一个月，问题如果还在，请在${monthDay(stillThere.answerDate)}前点“还在”，我们再交办`,
      },
    ],
  };
}

export const STILL_THERE_TEXT: Record<StillThereAnswer, string> = { gone: '已解决', still: '还在' };

/** The answers the resident most needs: a reply or close with its outcome, and a refusal. 回访 follows these when they cannot be pushed. */
export const ANSWER_KINDS: readonly MessageKind[] = ['case_replied', 'case_not_accepted'];

export const CALLBACK_REASON_TEXT: Record<CallbackReason, string> = {
  no_consent: '群众没有可用的订阅消息次数',
  refused: '群众拒收订阅消息',
  entered: '代群众录入的事项，只能电话告知',
  in_app: '这类答复没有开通微信订阅消息，群众只有打开小程序才能看到',
};
export const CALLBACK_OUTCOME_TEXT: Record<CallbackOutcome, string> = { reached: '已联系上', no_answer: '无人接听', wrong_number: '号码有误' };

/** Why there is no phone to call, and how else the answer reaches the resident. */
export const NO_PHONE_TEXT = {
  cleared: '群众电话已按规定清除，只能通过公开栏或消息告知',
  anonymous: '群众匿名且没有留电话，只能通过公开栏或我的消息告知',
  entered: '代群众录入时没有留电话，只能下次见面时当面告知，或通过公开栏告知',
  none: '群众没有留电话，只能通过公开栏或我的消息告知',
} as const;

/** A 回访 without a phone to call: what the item says, by the actual reason (null when there is a phone). */
export function noPhoneText(c: Pick<CaseRecord, 'resident' | 'receptionId' | 'proposalId' | 'gridVisitId'>): string | null {
  if (c.resident.phone) return null;
  if (c.resident.maskedPhone) return NO_PHONE_TEXT.cleared;
  if (c.resident.anonymous) return NO_PHONE_TEXT.anonymous;
  return standsIn(c) ? NO_PHONE_TEXT.entered : NO_PHONE_TEXT.none;
}

export interface ReachFigures {
  /** answers sent to residents in the period (denominator) and those that reached the resident within the hours, pushed or by a 回访 (numerator) */
  reached: Rate;
  /** of those reached, how many by a 回访 call */
  byCall: number;
}

/**
 * 24小时触达率: of the answers sent in [from, to] (their days, Asia/Shanghai), the share that reached
 * their resident within `withinHours` — pushed in time, or a 回访 recorded reached in time.
 */
export function reachedShare(
  reaches: Iterable<Pick<Reach, 'answeredAt' | 'reachedAt' | 'via'>>,
  period: { from: string; to: string },
  withinHours: number,
): ReachFigures {
  let answered = 0;
  let reached = 0;
  let byCall = 0;
  for (const r of reaches) {
    const day = shanghaiDate(r.answeredAt);
    if (day < period.from || day > period.to) continue;
    answered++;
    if (r.reachedAt !== null && r.reachedAt - r.answeredAt <= withinHours * HOUR_MS) {
      reached++;
      if (r.via === 'call') byCall++;
    }
  }
  return { reached: rate(reached, answered), byCall };
}
