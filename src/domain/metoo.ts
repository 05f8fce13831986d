/**
 * 我也反映 and 并案: the rules of co-reporting and merging, as data and pure functions. A resident
 * who finds their problem already raised becomes a co-reporter of that case instead of sending it
 * again; the office merges two cases of one problem, and every reporter of the one follows the
 * other. Use cases: src/server/usecases/metoo.ts; matching: src/domain/similar.ts.
 */
import type { CaseRecord, CaseStatus } from '../../types/domain';
import { shanghaiDate } from './calendar';
import { monthDay } from './labels';
import { DAY_MS } from './limits';
import { termsOf, type SimilarRules } from './similar';
import { followsByOpenid, standsIn } from './roles';
import { TERMINAL, UNRELEASED } from './transitions';

/** Open for 我也反映 and for merging into: released and not finished (answered cases wait for their rating, and count). */
export const OPEN_FOR_METOO: readonly CaseStatus[] = (
  ['submitted', 'accepted', 'assigned', 'returned', 'handling', 'replied', 'reassigning', 'escalated'] as const
).filter((s) => !TERMINAL.includes(s) && !UNRELEASED.includes(s));

/** A co-reporter may rate once the case is answered (已答复待评价, or closed after the resident's rating). */
export const CO_RATABLE: readonly CaseStatus[] = ['replied', 'closed'];

type Reporters = Pick<CaseRecord, 'receptionId' | 'proposalId' | 'gridVisitId' | 'followers' | 'coReporters'> & { resident: { openid: string } };

/** what every key of a case starts with (keys of an older form do not, and are worked out again) */
const keyPrefix = (c: Pick<CaseRecord, 'countyId' | 'villageId' | 'category'>) => `${c.countyId}|${c.villageId}|${c.category}|`;

/**
 * Where and about what a case was sent, as indexed values (`<county>|<village>|<category>|<fault>|<thing>`,
 * src/domain/similar.ts `similarTerms`): the lookup before sending reads only the cases of the
 * village, of the draft's category, that share a term with the draft, newest first (the index
 * keeps each key's cases in the order they were sent, src/server/schema.ts) and only the
 * `RULES.similar.weigh` newest — never the village's whole month. A case carries them while open
 * (`caseSimilarKeys`).
 */
export const similarKeys = (countyId: string, villageId: string, category: string, description: string): string[] =>
  lookupKeys(countyId, villageId, [category], termsOf(description));

type KeyedBy = Pick<CaseRecord, 'status' | 'countyId' | 'villageId' | 'category' | 'description' | 'similarKeys'>;
const KEYED_BY = ['countyId', 'villageId', 'category', 'description'] as const;
const isOpen = (c: Pick<CaseRecord, 'status'>) => OPEN_FOR_METOO.includes(c.status);
/**
 * The keys a case carries (`CaseRecord.similarKeys`, indexed): its `similarKeys` while 我也反映 may
 * offer it (`OPEN_FOR_METOO`), none once it is finished, merged or held. Worked out at every
 * write of a case (src/server/usecases/outbox.ts `saveCase`; `before`, the case as it was, spares
 * the work when what they are made of is unchanged), so a case that closes leaves the lookup's
 * index, one reopened (问题还在吗) or released comes back, one given another category is found by it.
 */
export function caseSimilarKeys(c: KeyedBy, before: KeyedBy | null = null): string[] {
  if (!isOpen(c)) return [];
  // what the keys are made of unchanged (a reminder, a reply): the keys it has
  const kept = before?.similarKeys;
  if (kept?.length && isOpen(before!) && KEYED_BY.every((f) => before![f] === c[f]) && kept.every((k) => k.startsWith(keyPrefix(c)))) return kept;
  return similarKeys(c.countyId, c.villageId, c.category, c.description);
}

/** The keys a draft's lookup asks for (and a case carries, `similarKeys`): its terms (`similarTerms`) in each of `categories`. */
export function lookupKeys(countyId: string, villageId: string, categories: readonly string[], terms: readonly string[]): string[] {
  return categories.flatMap((c) => terms.map((t) => `${countyId}|${villageId}|${c}|${t}`));
}

/** How many residents raised it: its resident and its co-reporters. */
export const raisedBy = (c: Pick<CaseRecord, 'coReporters'>): number => 1 + (c.coReporters ?? []).length;

/**
 * The WeChat identities that hear a case as its resident does, by openid: its resident (unless a
 * representative follows it for them by scope key), its followers and its co-reporters.
 */
export function reporterOpenids(c: Reporters): string[] {
  const own = !standsIn(c) || followsByOpenid(c) ? [c.resident.openid] : [];
  return [...new Set([...own, ...(c.followers ?? []), ...(c.coReporters ?? [])])];
}

/**
 * Why this identity cannot say 是同一件事 about this case, or null: no longer open, older than the
 * lookup's window (`days`: what the lookup before sending offers, asked by id alike), already theirs,
 * or full.
 */
export function metooProblem(
  c: Reporters & Pick<CaseRecord, 'status' | 'createdAt'>,
  openid: string,
  rules: Pick<SimilarRules, 'days'> & { maxCoReporters: number },
  now: number,
): string | null {
  const { maxCoReporters } = rules;
  if (!OPEN_FOR_METOO.includes(c.status)) return '这件事项已经办结或不再办理，请另外提交您的诉求';
  if (now - c.createdAt > rules.days * DAY_MS)
    return `这件事项是${monthDay(shanghaiDate(c.createdAt))}反映的，已超过${rules.days}天，不能再说是同一件事，请另外提交您的诉求`;
  if (c.resident.openid === openid || (c.followers ?? []).includes(openid)) return '这是您自己反映的事项，不用再反映';
  if ((c.coReporters ?? []).length >= maxCoReporters) return `这件事项已有${maxCoReporters}位群众反映，办理时会一并答复`;
  return null;
}

/** Why this co-reporter cannot rate now, or null. */
export function coRateProblem(c: Pick<CaseRecord, 'status' | 'coReporters' | 'coRatings'>, openid: string): string | null {
  if (!(c.coReporters ?? []).includes(openid)) return '只有反映了同一件事的群众可以评价';
  if (!CO_RATABLE.includes(c.status)) return '这件事项答复后才能评价';
  if ((c.coRatings ?? []).some((r) => r.openid === openid)) return '您已经评价过了';
  return null;
}

type Mergeable = Pick<CaseRecord, '_id' | 'countyId' | 'villageId' | 'status'>;

/**
 * Why case `from` cannot be merged into case `into`, or null. Both of one county and one village
 * (a problem is where it is: two villages' streetlights are two problems, and their units differ),
 * both open, two different cases.
 */
export function mergeProblem(from: Mergeable, into: Mergeable): string | null {
  if (from._id === into._id) return '不能把事项并入它自己';
  if (from.countyId !== into.countyId) return '只能合并本县的事项';
  if (from.status === 'merged') return '这件事项已经并案了';
  if (into.status === 'merged') return '要并入的事项已经并入了别的事项，请并入那一件';
  if (!OPEN_FOR_METOO.includes(from.status)) return '这件事项已经办结或不再办理，不能并案';
  if (!OPEN_FOR_METOO.includes(into.status)) return '要并入的事项已经办结或不再办理，不能并案';
  if (from.villageId !== into.villageId) return '只能合并同一个村(社区)的事项';
  return null;
}

/** Who becomes a co-reporter of `into` when `from` is merged into it: every reporter of `from` not already one of `into`'s. */
export function mergedReporters(from: Reporters, into: Reporters): string[] {
  const already = new Set(reporterOpenids(into));
  return reporterOpenids(from).filter((o) => !already.has(o));
}
