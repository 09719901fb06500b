import type { CaseActionAnswerFragment } from '../../shared/graphql/generated';
import { refusalOf, type Refusal } from '../common/refusal';

export type CaseUpdatedAnswer = Extract<CaseActionAnswerFragment, { __typename: 'CaseUpdated' }>;

export type CaseActionOutcome<F extends string> =
  | { ok: true; answer: CaseUpdatedAnswer }
  | { ok: false; refusal: Refusal<F> };

/** Reads a case action's answer: the updated case, or why not (sorted for a form with these fields). */
export function caseActionOutcome<F extends string>(
  answer: CaseActionAnswerFragment | undefined,
  fields: readonly F[],
): CaseActionOutcome<F> {
  if (answer?.__typename === 'CaseUpdated') return { ok: true, answer };
  return { ok: false, refusal: refusalOf(answer, fields) };
}
