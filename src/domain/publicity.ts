/**
 * 活动公示: what a representative's public page (the contact card, opened from its code or from a
 * village's board) shows of their work — the reception days and home visits they held in the last
 * twelve months, their proposals once answered (as proposer or co-signer), and their latest
 * 述职评议 result once the office published it. Public, so nothing of a resident (no names, phones,
 * notes or cases), no drafts, no unanswered proposals, no running tally, no comments or voters.
 * Pure: the records in, the public shape out; it keeps only what may be shown whatever it is given.
 */
import type { Evaluation, Proposal, Reception, Representative } from '../../types/domain';
import { addDays, addMonths, shanghaiDate } from './calendar';
import { tallyView, type TallyView } from './evaluation';
import { receptionKindText } from './labels';
import {
  ANSWERED_PROPOSAL,
  PROPOSAL_KIND_TEXT,
  PROPOSAL_STATUS_TEXT,
  REPLY_CLASS_TEXT,
  type ProposalKind,
  type ProposalStatus,
  type ReplyClass,
} from './proposals';

/** How many of each list a card shows (the latest). */
export const ACTIVITY_ITEMS = 10;
/** The reception days shown are of this many months back. */
export const ACTIVITY_MONTHS = 12;

/** The first day whose reception logs the card counts: twelve months back from today, today's date excluded then. */
export const activitySince = (today: string): string => addDays(addMonths(today, -ACTIVITY_MONTHS), 1);

export type ActivityReception = Pick<
  Reception,
  'countyId' | 'kind' | 'scheduled' | 'date' | 'workroomName' | 'villageName' | 'residents' | 'representativeIds'
>;
export type ActivityProposal = Pick<Proposal, '_id' | 'countyId' | 'kind' | 'no' | 'title' | 'status' | 'proposerId' | 'cosigners' | 'reply'>;
export type ActivityEvaluation = Pick<Evaluation, '_id' | 'countyId' | 'representativeId' | 'seq' | 'name' | 'period' | 'result'>;

/** What the card's reads found: the latest of each kind, and the counts the lists are part of. */
export interface ActivityRecords {
  receptions: readonly ActivityReception[];
  /** the representative's logs since `activitySince(today)` */
  receptionTotal: number;
  proposals: readonly ActivityProposal[];
  /** their answered proposals, as proposer or co-signer */
  answeredTotal: number;
  /** the proposals they submitted this year (as proposer) */
  submittedThisYear: number;
  evaluations: readonly ActivityEvaluation[];
}

export interface Activity {
  receptions: {
    /** the first day counted (YYYY-MM-DD) */
    since: string;
    total: number;
    /** latest first: the day, 接待日 / 加开接待 / 走访, where, and how many residents came */
    items: Array<{ date: string; kindText: string; place: string; residents: number }>;
  };
  proposals: {
    year: number;
    submittedThisYear: number;
    answeredTotal: number;
    /** answered, latest answered first */
    items: Array<{
      id: string;
      kind: ProposalKind;
      kindText: string;
      no: string;
      title: string;
      /** 提出 or 附议 */
      roleText: string;
      status: ProposalStatus;
      statusText: string;
      replyClass: ReplyClass;
      replyClassText: string;
      repliedOn: string;
    }>;
  };
  /** the latest published 述职评议 */
  evaluation: (TallyView & { id: string; name: string; period: { from: string; to: string }; publishedOn: string }) | null;
}

/** A representative's 活动公示 on `today` (YYYY-MM-DD, Asia/Shanghai) from the records read for their card. */
export function publicActivity(rep: Pick<Representative, '_id' | 'countyId'>, records: ActivityRecords, today: string): Activity {
  const since = activitySince(today);
  const ours = <T extends { countyId: string }>(list: readonly T[]) => list.filter((x) => x.countyId === rep.countyId);
  const receptions = ours(records.receptions)
    .filter((l) => l.representativeIds.includes(rep._id) && l.date >= since && l.date <= today)
    .sort((a, b) => b.date.localeCompare(a.date))
    .slice(0, ACTIVITY_ITEMS);
  const answered = ours(records.proposals)
    .flatMap((p) => {
      const mine = p.proposerId === rep._id || p.cosigners.some((c) => c.representativeId === rep._id);
      return mine && p.reply && ANSWERED_PROPOSAL.includes(p.status) ? [{ p, reply: p.reply }] : [];
    })
    .sort((a, b) => b.reply.at - a.reply.at)
    .slice(0, ACTIVITY_ITEMS);
  const published = ours(records.evaluations)
    .flatMap((e) => (e.representativeId === rep._id && e.result ? [{ e, result: e.result }] : []))
    .sort((a, b) => b.e.seq - a.e.seq)[0];
  return {
    receptions: {
      since,
      total: records.receptionTotal,
      items: receptions.map((l) => ({ date: l.date, kindText: receptionKindText(l), place: l.workroomName ?? l.villageName, residents: l.residents })),
    },
    proposals: {
      year: Number(today.slice(0, 4)),
      submittedThisYear: records.submittedThisYear,
      answeredTotal: records.answeredTotal,
      items: answered.map(({ p, reply }) => ({
        id: p._id,
        kind: p.kind,
        kindText: PROPOSAL_KIND_TEXT[p.kind],
        no: p.no ?? '',
        title: p.title,
        roleText: p.proposerId === rep._id ? '提出' : '附议',
        status: p.status,
        statusText: PROPOSAL_STATUS_TEXT[p.status],
        replyClass: reply.replyClass,
        replyClassText: REPLY_CLASS_TEXT[reply.replyClass],
        repliedOn: shanghaiDate(reply.at),
      })),
    },
    evaluation: published
      ? {
          ...tallyView(published.result),
          id: published.e._id,
          name: published.e.name,
          period: published.e.period,
          publishedOn: shanghaiDate(published.result.publishedAt),
        }
      : null,
  };
}

/**
 * Runs of 7 or more digits (a phone, an ID number) masked: words a resident wrote may hold them,
 * typed with ASCII or full-width digits (０-９, as Chinese input methods give), spaced or dashed.
 */
export const maskNumbers = (text: string): string =>
  text.replace(/[0-9０-９][0-9０-９ \u3000\-－]{5,}[0-9０-９]/g, (run) => (run.replace(/[^0-9０-９]/g, '').length >= 7 ? '*'.repeat(run.length) : run));
