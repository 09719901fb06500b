import { sortFieldErrors, UNREACHABLE } from '../../shared/graphql/fieldErrors';
import type { AdminAnswerFragment } from '../../shared/graphql/generated';

export type SettingSaved = Extract<AdminAnswerFragment, { __typename: 'SettingSaved' }>;

/** What a settings form's mutation came to; `S` is what a saved answer carries. */
export type AdminOutcome<F extends string, S = SettingSaved> =
  | { saved: S }
  | {
      saved: null;
      /** Messages to show beside their field. */
      fields: Partial<Record<F, string>>;
      /** Everything else the server said (refusals, unknown fields), shown above the form. */
      form: string[];
    };

/**
 * What an administration mutation's AdminResult means for a form with the
 * given fields. No answer at all (a dropped connection, a GraphQL error) reads
 * as "couldn't reach Recoup"; a refusal keeps the server's own words.
 */
export function readAdminAnswer<F extends string>(
  answer: AdminAnswerFragment | null | undefined,
  fields: readonly F[],
): AdminOutcome<F> {
  switch (answer?.__typename) {
    case 'SettingSaved':
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
