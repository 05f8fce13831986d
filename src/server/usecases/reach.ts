/**
 * Every resident reached: the one-time subscribe consents each person gave (counted per template),
 * used up by the pushes the deliver timer makes, and what follows an answer that could not be
 * pushed to its resident — a 回访 item on the representative's list — with a record of whether
 * the answer reached them (the office's 24-hour figure).
 */
import type { TemplateName } from '../../../config/deployment';
import { TEMPLATE_FOR } from '../../../config/subscribe';
import type { Callback, CallbackReason, CaseRecord, Consent, MessageKind, OutboxEntry, Reach } from '../../../types/domain';
import { ANSWER_KINDS } from '../../domain/followup';
import { RESIDENT_FIELDS, residentRecipient, standsIn } from '../../domain/roles';
import type { Ctx } from '../ctx';
import { checked, collection, derivedId, getAll, getById } from '../store';
import { requireOpenid } from './people';

const HOUR_MS = 3600_000;

export const consentId = (openid: string, template: TemplateName): string => derivedId('consent', openid, template);

/**
 * `resident · consented`: the templates the person just accepted in WeChat's dialog, each one more
 * push allowed (and any earlier refusal lifted). Answers the counts now held.
 */
export async function recordConsents(ctx: Ctx, templates: readonly TemplateName[]): Promise<{ consents: Array<{ template: TemplateName; count: number }> }> {
  const openid = requireOpenid(ctx);
  const now = ctx.clock.now();
  const consents = [];
  for (const template of [...new Set(templates)]) {
    const count = await ctx.db.runTransaction(async (tx) => {
      const id = consentId(openid, template);
      const held = checked(await tx.collection<Consent>('consents').doc(id).get()).data;
      const next: Omit<Consent, '_id'> = { openid, template, count: (held?.count ?? 0) + 1, refusedAt: null, updatedAt: now };
      checked(await tx.collection('consents').doc(id).set(next));
      return next.count;
    });
    consents.push({ template, count });
  }
  return { consents };
}

/** Whether to push to this person now, and if not, why (a 回访 reason). */
export interface PushPermit {
  push: boolean;
  reason: Extract<CallbackReason, 'no_consent' | 'refused'> | null;
}

/**
 * One-time subscriptions: a person never counted (they consented before counting began, or outside
 * the pages that count) is tried and WeChat decides; a counted one is pushed while a consent is
 * left. Long-term subscriptions (政务民生) need none; a refusal stops both until the next accept.
 */
export async function pushPermit(ctx: Ctx, openid: string, kind: MessageKind): Promise<PushPermit> {
  const consent = await getById<Consent>(ctx.db, 'consents', consentId(openid, TEMPLATE_FOR[kind]));
  if (consent?.refusedAt) return { push: false, reason: 'refused' };
  if (!consent || ctx.messenger.longTerm || consent.count > 0) return { push: true, reason: null };
  return { push: false, reason: 'no_consent' };
}

/** What a push did to the person's consents: one used up (one-time only), or none left after WeChat's refusal (43101). */
export async function afterPush(ctx: Ctx, openid: string, kind: MessageKind, result: 'pushed' | 'delivered' | 'unsubscribed'): Promise<void> {
  const template = TEMPLATE_FOR[kind];
  const id = consentId(openid, template);
  const now = ctx.clock.now();
  if (result === 'pushed' && !ctx.messenger.longTerm) {
    const _ = ctx.db.command;
    checked(
      await collection(ctx.db, 'consents')
        .where({ _id: id, count: _.gt(0) })
        .update({ count: _.inc(-1), updatedAt: now }),
    );
  } else if (result === 'unsubscribed') {
    const refused: Omit<Consent, '_id'> = { openid, template, count: 0, refusedAt: now, updatedAt: now };
    checked(await collection(ctx.db, 'consents').doc(id).set(refused));
  }
}

/** How one delivery went for its person: pushed, in the message centre only (no template), or not pushed and why. */
export type PushOutcome = 'pushed' | 'in_app' | 'no_consent' | 'refused';

export const pushOutcome = (permit: PushPermit, result: 'pushed' | 'delivered' | 'unsubscribed'): PushOutcome =>
  result === 'pushed' ? 'pushed' : result === 'unsubscribed' ? 'refused' : (permit.reason ?? 'in_app');

/** Writes a record only if it is not there yet (a retried delivery writes nothing twice). */
async function createOnce<T extends { _id: string }>(ctx: Ctx, name: 'reaches' | 'callbacks', record: T): Promise<void> {
  const { _id, ...rest } = record;
  await ctx.db.runTransaction(async (tx) => {
    if (checked(await tx.collection<T>(name).doc(_id).get()).data) return;
    checked(await tx.collection(name).doc(_id).set(rest));
  });
}

/**
 * `openid` read answers in the message centre (the outbox entries of their own messages, `ids`):
 * each one to a case whose resident they are, not reached yet, is reached now, in the app, and its
 * 回访 item, if no call got through first, is done — nobody needs to call to tell what they read.
 * Reaches and 回访 items carry their entry's id. A request entered for a resident is answered to
 * the representative (or whoever entered it): their reading it tells the resident nothing, and its
 * item waits for the call.
 */
export async function readInApp(ctx: Ctx, openid: string, entryIds: readonly string[]): Promise<void> {
  if (!entryIds.length) return;
  const _ = ctx.db.command;
  const unreached = await getAll(
    collection<Reach>(ctx.db, 'reaches')
      .where({ _id: _.in([...entryIds]), reachedAt: null })
      .orderBy('_id', 'asc'),
  );
  const caseIds = [...new Set(unreached.map((r) => r.caseId))];
  const cases = caseIds.length
    ? await getAll(
        collection<CaseRecord>(ctx.db, 'cases')
          .where({ _id: _.in(caseIds) })
          .field(RESIDENT_FIELDS)
          .orderBy('_id', 'asc'),
      )
    : [];
  const theirs = new Set(cases.filter((c) => !standsIn(c) && c.resident.openid === openid).map((c) => c._id));
  const ids = unreached.filter((r) => theirs.has(r.caseId)).map((r) => r._id);
  if (!ids.length) return;
  const now = ctx.clock.now();
  checked(
    await collection(ctx.db, 'reaches')
      .where({ _id: _.in(ids), reachedAt: null })
      .update({ reachedAt: now, via: 'app' }),
  );
  const attempt = { at: now, outcome: 'reached', note: '群众已在小程序里看到答复', byName: '群众本人' };
  checked(
    await collection(ctx.db, 'callbacks')
      .where({ _id: _.in(ids), status: 'open' })
      .update({ status: 'done', outcome: 'reached', attempts: _.push(attempt), updatedAt: now }),
  );
}

/**
 * After an answer (ANSWER_KINDS) was delivered: if it was the resident's own entry, whether it
 * reached them (pushed now) and, when it could not be pushed — no consent left, refused, or a
 * request entered for them that only a call reaches — a 回访 item for the case's representative.
 * Followers hear it through their own entries; a proposal's or an echo-wall post's case has no
 * resident to call.
 */
export async function followAnswer(ctx: Ctx, entry: OutboxEntry, outcomes: ReadonlyMap<string, PushOutcome>): Promise<void> {
  if (!ANSWER_KINDS.includes(entry.kind)) return;
  const c = await getById<CaseRecord>(ctx.db, 'cases', entry.caseId);
  if (!c || c.proposalId || c.wallPostId || JSON.stringify(residentRecipient(c)) !== JSON.stringify(entry.to)) return;
  const entered = standsIn(c);
  const outcome = entered ? null : outcomes.get(c.resident.openid);
  if (!entered && outcome === undefined) return; // not delivered to them in this attempt
  const now = ctx.clock.now();
  const pushed = outcome === 'pushed';
  await createOnce<Reach>(ctx, 'reaches', {
    _id: entry._id,
    countyId: c.countyId,
    caseId: c._id,
    kind: entry.kind,
    answeredAt: entry.createdAt,
    reachedAt: pushed ? now : null,
    via: pushed ? 'push' : null,
  });
  // an answer left in the message centre alone (no template for it) has not reached anyone yet
  const reason: CallbackReason | null = entered ? 'entered' : outcome === 'pushed' ? null : outcome!;
  if (!reason) return;
  await createOnce<Callback>(ctx, 'callbacks', {
    _id: entry._id,
    countyId: c.countyId,
    caseId: c._id,
    caseNo: c.no,
    representativeId: c.representativeId,
    reason,
    kind: entry.kind,
    title: entry.title,
    body: entry.body,
    createdAt: now,
    due: entry.createdAt + ctx.rules.reach.withinHours * HOUR_MS,
    status: 'open',
    outcome: null,
    attempts: [],
    updatedAt: now,
  });
}
