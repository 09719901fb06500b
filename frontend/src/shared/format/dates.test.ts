import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatInstantDate, isIsoDate, localIsoDate } from './dates';

const originalTz = process.env.TZ;

afterEach(() => {
  process.env.TZ = originalTz;
});

describe('formatDate', () => {
  it('formats for the given locale', () => {
    expect(formatDate('2024-03-01', 'en-US')).toBe('Mar 1, 2024');
    expect(formatDate('2024-03-01', 'en-GB')).toBe('1 Mar 2024');
    expect(formatDate('2024-03-01', 'de-DE')).toBe('01.03.2024');
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata', 'UTC'])(
    'shows the same calendar day in time zone %s',
    (tz) => {
      process.env.TZ = tz;
      expect(formatDate('2024-03-01', 'en-US')).toBe('Mar 1, 2024');
      expect(formatDate('2023-12-31', 'en-US')).toBe('Dec 31, 2023');
    },
  );

  it('is not fooled the way parsing with new Date() would be', () => {
    process.env.TZ = 'America/Los_Angeles';
    // The trap this module avoids: UTC midnight is the previous evening here.
    expect(new Date('2024-03-01').getDate()).toBe(29);
    expect(formatDate('2024-03-01', 'en-US')).toBe('Mar 1, 2024');
  });

  it('handles leap days', () => {
    expect(formatDate('2024-02-29', 'en-US')).toBe('Feb 29, 2024');
  });

  it('refuses malformed or impossible dates', () => {
    expect(() => formatDate('2024-02-30', 'en-US')).toThrow(RangeError);
    expect(() => formatDate('2024-3-1', 'en-US')).toThrow(RangeError);
    expect(() => formatDate('2024-03-01T00:00:00Z', 'en-US')).toThrow(RangeError);
  });
});

describe('formatDateTime and formatInstantDate', () => {
  it('shows an instant in the given time zone', () => {
    expect(formatDateTime('2024-03-01T09:00:00+00:00', 'en-US', 'UTC')).toBe('Mar 1, 2024, 9:00 AM');
    expect(formatDateTime('2024-03-01T09:00:00+00:00', 'en-US', 'America/Los_Angeles')).toBe(
      'Mar 1, 2024, 1:00 AM',
    );
  });

  it('gives the local calendar day of an instant', () => {
    expect(formatInstantDate('2024-03-01T02:00:00+00:00', 'en-US', 'UTC')).toBe('Mar 1, 2024');
    expect(formatInstantDate('2024-03-01T02:00:00+00:00', 'en-US', 'America/Los_Angeles')).toBe('Feb 29, 2024');
  });

  it('refuses values that are not ISO instants', () => {
    expect(() => formatDateTime('2024-03-01', 'en-US')).toThrow(RangeError);
    expect(() => formatInstantDate('yesterday', 'en-US')).toThrow(RangeError);
  });
});

describe('isIsoDate and localIsoDate', () => {
  it('accepts only real calendar days', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('')).toBe(false);
    expect(isIsoDate('2024-3-1')).toBe(false);
  });

  it('writes the local calendar day', () => {
    expect(localIsoDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(localIsoDate(new Date(987, 11, 31))).toBe('0987-12-31');
  });
});
