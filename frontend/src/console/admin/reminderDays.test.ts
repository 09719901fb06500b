import { describe, expect, it } from 'vitest';
import { daysAfterDueText } from './reminderDays';

describe('daysAfterDueText', () => {
  it('says negative days as before the due date', () => {
    expect(daysAfterDueText(-3)).toBe('3 days before due');
    expect(daysAfterDueText(-1)).toBe('1 day before due');
  });

  it('says zero as the due date itself', () => {
    expect(daysAfterDueText(0)).toBe('on the due date');
  });

  it('says positive days as after the due date', () => {
    expect(daysAfterDueText(7)).toBe('7 days after due');
    expect(daysAfterDueText(1)).toBe('1 day after due');
  });
});
