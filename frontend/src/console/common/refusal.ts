import { sortFieldErrors, UNREACHABLE } from '../../shared/graphql/fieldErrors';

/** Every mutation answer's failure members, as the schema's result unions carry them. */
export type FailureAnswer =
  | { __typename: 'InvalidInputResult'; errors: { field: string; code: string; message: string }[] }
  | { __typename: 'NotFoundResult'; message: string }
  | { __typename: 'ConflictResult'; message: string }
  | { __typename: 'NotPermittedResult'; message: string }
  | { __typename: 'RateLimitedResult'; message: string };

export type RefusalKind = 'invalid' | 'notFound' | 'conflict' | 'notPermitted' | 'rateLimited' | 'unreachable';

/** Why an action was not applied, in the server's words, sorted for a form. */
export interface Refusal<F extends string = string> {
  kind: RefusalKind;
  /** Messages to show beside a field the form has. */
  fields: Partial<Record<F, string>>;
  /** Messages for the whole form (including field errors about fields the form does not have). */
  messages: string[];
}

const KIND: Record<Exclude<FailureAnswer['__typename'], 'InvalidInputResult'>, RefusalKind> = {
  NotFoundResult: 'notFound',
  ConflictResult: 'conflict',
  NotPermittedResult: 'notPermitted',
  RateLimitedResult: 'rateLimited',
};

/**
 * Sorts a failed answer for a form with the given fields. `undefined` (no
 * answer: the connection dropped or the server failed) says so in plain words.
 */
export function refusalOf<F extends string>(answer: FailureAnswer | undefined, fields: readonly F[]): Refusal<F> {
  if (!answer) return { kind: 'unreachable', fields: {}, messages: [UNREACHABLE] };
  if (answer.__typename === 'InvalidInputResult') {
    const sorted = sortFieldErrors(answer.errors, fields);
    return { kind: 'invalid', fields: sorted.fields, messages: sorted.form };
  }
  return { kind: KIND[answer.__typename], fields: {}, messages: [answer.message] };
}

/** True for a typename that is one of the failure members. */
export function isFailure<T extends { __typename?: string }>(answer: T | undefined): answer is T & FailureAnswer {
  return !!answer && answer.__typename !== undefined && answer.__typename.endsWith('Result');
}
