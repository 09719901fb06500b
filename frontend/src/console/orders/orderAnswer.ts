import type { ConsoleOrderActionAnswerFragment } from '../../shared/graphql/generated';
import { refusalOf, type Refusal } from '../common/refusal';

export type OrderActionOutcome<F extends string> = { ok: true; message: string } | { ok: false; refusal: Refusal<F> };

/**
 * Reads an order action's answer: the server's done message, or why not (field errors sorted for a form with these
 * fields, the rest for the whole form). No answer at all says so in plain words.
 */
export function orderActionOutcome<F extends string>(
  answer: ConsoleOrderActionAnswerFragment | undefined,
  fields: readonly F[],
): OrderActionOutcome<F> {
  if (answer?.__typename === 'OrderChanged') return { ok: true, message: answer.message };
  return { ok: false, refusal: refusalOf(answer, fields) };
}
