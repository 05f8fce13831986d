/**
 * The audit trail (PIPL asks who saw personal data, and who gave access to it): who issued and
 * withdrew invitations, bound and lost roles, imported the organisation, released or kept back
 * held content, and saw a resident's full phone. Each line is written with the change it records
 * (in the same transaction where there is one); the county's office reads it.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '../../../types/api';
import type { ErrorResult, SetResult } from '../../../types/db';
import type { AuditEntry, AuditKind } from '../../../types/domain';
import { shanghaiDate } from '../../domain/calendar';
import type { Ctx } from '../ctx';
import { checked, collection, getPage, sha256 } from '../store';
import { requireOffice, sentBetween } from './office';

/** the database or a transaction: whichever the change it records is written through */
type Writer = { collection(name: string): { doc(id: string): { set(data: object): Promise<SetResult | ErrorResult> } } };

/** Writes one line of the trail, through a transaction when the change it records has one. */
export async function audit(db: Writer, entry: Omit<AuditEntry, '_id'>, id = `a${randomBytes(12).toString('hex')}`): Promise<void> {
  checked(await db.collection('audit').doc(id).set(entry));
}

/**
 * Records that `openid` saw the full phone of a case's resident: one line per person, case and
 * day, however often they open it that day.
 */
export async function auditPhoneSeen(ctx: Ctx, who: { openid: string; name: string }, c: { _id: string; no: string; countyId: string }): Promise<void> {
  const at = ctx.clock.now();
  const id = `p${sha256(`${who.openid}\u0000${c._id}\u0000${shanghaiDate(at)}`).slice(0, 24)}`;
  const existing = checked(await ctx.db.collection('audit').doc(id).get()).data;
  if (existing.length) return;
  await audit(
    ctx.db,
    { countyId: c.countyId, kind: 'view_phone', at, by: who.openid, byName: who.name, subject: `事项${c.no}`, caseId: c._id, detail: '查看了群众的完整电话' },
    id,
  );
}

export interface AuditFilter {
  from: string;
  to: string;
  kind?: AuditKind;
  page: number;
  pageSize: number;
}

/** The county's trail for a period, newest first. */
export async function auditLog(ctx: Ctx, filter: AuditFilter): Promise<Page<AuditEntry> & { from: string; to: string }> {
  const { office } = await requireOffice(ctx);
  const query = collection<AuditEntry>(ctx.db, 'audit')
    .where({ countyId: office.countyId, at: sentBetween(ctx, filter.from, filter.to), ...(filter.kind ? { kind: filter.kind } : {}) })
    .orderBy('at', 'desc');
  return { ...(await getPage(query, filter.page, filter.pageSize)), from: filter.from, to: filter.to };
}
