import type { FailureAnswer, Refusal } from '../common/refusal';
import { refusalOf } from '../common/refusal';

/** The success members of the collections answers: the first two say what was done in the server's words. */
type DoneAnswer = { __typename: 'CollectionsDone' | 'RemindersSent'; message: string };
type PromiseAnswer = { __typename: 'PromiseRecorded' };

export type ActionOutcome<F extends string> = { ok: true; message: string } | ({ ok: false } & Refusal<F>);

/**
 * What a collections action answered, sorted for a form with the given fields: the done message, or why not
 * (field errors beside their fields, the rest for the whole form). No answer at all says so in plain words.
 */
export function actionOutcome<F extends string>(
  answer: DoneAnswer | PromiseAnswer | FailureAnswer | undefined,
  fields: readonly F[],
  doneMessage = 'Done.',
): ActionOutcome<F> {
  if (!answer) return { ok: false, ...refusalOf(undefined, fields) };
  switch (answer.__typename) {
    case 'CollectionsDone':
    case 'RemindersSent':
      return { ok: true, message: answer.message };
    case 'PromiseRecorded':
      return { ok: true, message: doneMessage };
    default:
      return { ok: false, ...refusalOf(answer, fields) };
  }
}
