import { DISPUTE_FORM_FIELDS, type DisputeFormField, type FieldMessages } from './disputeForm';

interface FieldError {
  field: string;
  message: string;
}

export interface MappedErrors {
  /** Messages to show beside their field. */
  fields: FieldMessages;
  /** Messages for fields the form does not have: shown above the form. */
  form: string[];
}

function isFormField(field: string): field is DisputeFormField {
  return (DISPUTE_FORM_FIELDS as readonly string[]).includes(field);
}

/**
 * Sorts an InvalidInputResult's errors: each known field gets its message(s),
 * in the server's words; anything else becomes a form-level message.
 */
export function mapFieldErrors(errors: readonly FieldError[]): MappedErrors {
  const fields: FieldMessages = {};
  const form: string[] = [];
  for (const { field, message } of errors) {
    if (isFormField(field)) fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
    else form.push(message);
  }
  return { fields, form };
}
