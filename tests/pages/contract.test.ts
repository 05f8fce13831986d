/**
 * The pages' contract with the functions (services/api.ts) is derived from the functions' own
 * schemas and use cases: a page that sends a field no schema has, or misreads an answer, fails
 * `tsc` (which `npm test` runs first). The `@ts-expect-error` lines below fail the type check the
 * day the contract stops catching them.
 */
import type { CaseView } from '../../types/api';
import type { CardInfo } from '../../src/server/usecases/cards';
import type { InputOf, OutputOf } from '../../src/services/api';

const send = <F extends 'card' | 'case'>(input: F extends 'card' ? InputOf<'card', 'get'> : InputOf<'case', 'rate'>) => input;

it('types what a page sends by the action’s schema, and what it reads by the use case', () => {
  const card: InputOf<'card', 'get'> = { cardCode: 'QX0001' };
  // @ts-expect-error the card's number is `cardCode`
  const misnamed: InputOf<'card', 'get'> = { code: 'QX0001' };
  // @ts-expect-error a rating is one of the three words, not a score
  send<'case'>({ caseId: 'c1', rating: 5 });
  const rated = send<'case'>({ caseId: 'c1', rating: 'basic', comment: '还行' });
  // answers are the use cases' own types
  const shown: OutputOf<'card', 'get'> extends CardInfo ? true : false = true;
  const detail: OutputOf<'case', 'detail'> extends CaseView ? true : false = true;
  expect([card.cardCode, misnamed, rated.rating, shown, detail]).toEqual(['QX0001', { code: 'QX0001' }, 'basic', true, true]);
});
