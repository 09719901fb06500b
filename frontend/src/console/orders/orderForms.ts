import { compareDecimals, isQuantityInput } from '../../shared/format/decimal';
import { formatQuantity } from '../../shared/format/money';

/** What the server keeps of a note on an order's history. */
export const MAX_ORDER_NOTE = 2000;

/** Why a required note cannot be sent (`empty` says what it should hold), or null. */
export function requiredNoteProblem(note: string, empty: string): string | null {
  const text = note.trim();
  if (text === '') return empty;
  if (text.length > MAX_ORDER_NOTE) return `Keep the note under ${MAX_ORDER_NOTE.toLocaleString('en')} characters.`;
  return null;
}

/** Why a held order's approval or rejection cannot be sent yet, or null. The server checks again. */
export function decisionNoteProblem(note: string): string | null {
  return requiredNoteProblem(note, 'Say why, in a note: it goes on the order’s history.');
}

export type DeliveredField = 'quantity' | 'note';

/** The delivered-quantity form's own checks: a plain quantity, at most what was shipped, and a note. */
export function deliveredQuantityProblems(
  quantity: string,
  note: string,
  shipped: string,
): Partial<Record<DeliveredField, string>> {
  const problems: Partial<Record<DeliveredField, string>> = {};
  const typed = quantity.trim();
  if (typed === '') problems.quantity = 'Enter how many arrived (0 when nothing did).';
  else if (!isQuantityInput(typed)) problems.quantity = 'Enter a quantity in digits with at most three decimals, e.g. 12 or 2.5.';
  else if (compareDecimals(typed, shipped) > 0) {
    problems.quantity = `At most the ${formatQuantity(shipped)} shipped; record an over-delivery in the delivery feed.`;
  }
  const noteProblem = requiredNoteProblem(note, 'Say how you know, in a note: it goes on the order’s history.');
  if (noteProblem) problems.note = noteProblem;
  return problems;
}
