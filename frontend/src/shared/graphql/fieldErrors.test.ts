import { describe, expect, it } from 'vitest';
import { sortFieldErrors } from './fieldErrors';

describe('sortFieldErrors', () => {
  it('puts known fields beside the field and the rest above the form', () => {
    const sorted = sortFieldErrors(
      [
        { field: 'email', message: 'Enter a valid e-mail address.' },
        { field: 'fullName', message: "Enter the colleague's name." },
        { field: '', message: 'Something else.' },
        { field: 'toString', message: 'Not a field of this form.' },
      ],
      ['email', 'fullName'] as const,
    );
    expect(sorted.fields).toEqual({ email: 'Enter a valid e-mail address.', fullName: "Enter the colleague's name." });
    expect(sorted.form).toEqual(['Something else.', 'Not a field of this form.']);
  });

  it('keeps every message for a field', () => {
    const sorted = sortFieldErrors(
      [
        { field: 'body', message: 'One.' },
        { field: 'body', message: 'Two.' },
      ],
      ['body'] as const,
    );
    expect(sorted.fields.body).toBe('One. Two.');
  });
});
