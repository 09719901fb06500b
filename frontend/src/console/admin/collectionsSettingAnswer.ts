import { sortFieldErrors, UNREACHABLE } from '../../shared/graphql/fieldErrors';
import type { CollectionsSettingAnswerFragment } from '../../shared/graphql/generated';
import type { AdminOutcome } from './adminAnswer';

export type CollectionsSettingSaved = Extract<CollectionsSettingAnswerFragment, { __typename: 'CollectionsSettingSaved' }>;

/**
 * What a credit or collections settings mutation's answer means for a form
 * with the given fields: saved (with the server's message), field errors
 * beside their fields, or a refusal above the form in the server's words.
 */
export function readCollectionsSettingAnswer<F extends string>(
  answer: CollectionsSettingAnswerFragment | null | undefined,
  fields: readonly F[],
): AdminOutcome<F, CollectionsSettingSaved> {
  switch (answer?.__typename) {
    case 'CollectionsSettingSaved':
      return { saved: answer };
    case 'InvalidInputResult': {
      const sorted = sortFieldErrors(answer.errors, fields);
      return { saved: null, fields: sorted.fields, form: sorted.form };
    }
    case 'NotFoundResult':
    case 'ConflictResult':
    case 'NotPermittedResult':
    case 'RateLimitedResult':
      return { saved: null, fields: {}, form: [answer.message] };
    default:
      return { saved: null, fields: {}, form: [UNREACHABLE] };
  }
}
