interface FieldError {
  field: string;
  message: string;
}

export interface SortedFieldErrors<F extends string> {
  /** Messages to show beside their field, in the server's words. */
  fields: Partial<Record<F, string>>;
  /** Messages about fields the form does not have: shown above the form. */
  form: string[];
}

/**
 * Sorts an InvalidInputResult's errors for a form with the given fields:
 * each known field gets its message(s); anything else becomes a form-level
 * message, so nothing the server said is lost.
 */
export function sortFieldErrors<F extends string>(
  errors: readonly FieldError[],
  fields: readonly F[],
): SortedFieldErrors<F> {
  const sorted: SortedFieldErrors<F> = { fields: {}, form: [] };
  for (const { field, message } of errors) {
    const known = fields.find((candidate) => candidate === field);
    if (known === undefined) {
      sorted.form.push(message);
    } else {
      const before = sorted.fields[known];
      sorted.fields[known] = before ? `${before} ${message}` : message;
    }
  }
  return sorted;
}

/** What to say when a mutation got no answer at all (the connection dropped, the server failed). */
export const UNREACHABLE = "We couldn't reach Recoup. Check your connection and try again.";
