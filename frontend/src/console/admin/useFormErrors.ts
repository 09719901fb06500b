import { useState } from 'react';
import type { AdminOutcome } from './adminAnswer';

/** Field and form-level messages of one form: the form's own checks and what the server refused. */
export function useFormErrors<F extends string>() {
  const [fields, setFields] = useState<Partial<Record<F, string>>>({});
  const [form, setForm] = useState<string[]>([]);
  return {
    fields,
    form,
    /** Typing in a field clears its message. */
    clearField(field: F) {
      setFields((current) => (current[field] === undefined ? current : { ...current, [field]: undefined }));
    },
    /** Shows the form's own checks; true when there was nothing to complain about. */
    check(problems: Partial<Record<F, string>>): boolean {
      setFields(problems);
      setForm([]);
      return Object.values(problems).every((problem) => !problem);
    },
    /** Shows a refused mutation's messages. */
    show(outcome: AdminOutcome<F, object>) {
      if (outcome.saved) return;
      setFields(outcome.fields);
      setForm(outcome.form);
    },
  };
}
