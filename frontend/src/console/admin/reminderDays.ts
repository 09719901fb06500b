/** When a reminder level applies, in words: "3 days before due", "on the due date", "7 days after due". */
export function daysAfterDueText(daysAfterDue: number): string {
  if (daysAfterDue === 0) return 'on the due date';
  const count = Math.abs(daysAfterDue);
  const days = count === 1 ? '1 day' : `${count} days`;
  return daysAfterDue < 0 ? `${days} before due` : `${days} after due`;
}

/** The placeholders a reminder's e-mail may use, and what each is filled in with. */
export const REMINDER_PLACEHOLDERS = [
  { name: '{account}', means: "the customer account's name" },
  { name: '{amount_due}', means: 'the total now due, with its currency (one reminder per currency)' },
  { name: '{items}', means: 'the invoices now due, one a line: number, due date, days overdue, amount' },
  { name: '{under_review}', means: 'the disputed invoices, listed as not due now; empty when there are none' },
  { name: '{portal}', means: 'the link to the customer portal' },
] as const;
