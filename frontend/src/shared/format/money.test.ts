import { describe, expect, it } from 'vitest';
import { formatMoney, formatQuantity, formatUnitPrice, isDecimalString, isZeroAmount } from './money';

describe('formatMoney', () => {
  it('formats a plain amount with grouping and two decimals', () => {
    expect(formatMoney('1234.5', 'USD', 'en-US')).toBe('$1,234.50');
  });

  it('keeps every cent of a very large amount', () => {
    expect(formatMoney('12345678901234.57', 'USD', 'en-US')).toBe('$12,345,678,901,234.57');
    // As a JS number this would come out as ...456.75.
    expect(formatMoney('1234567890123456.78', 'USD', 'en-US')).toBe('$1,234,567,890,123,456.78');
  });

  it('rounds half-cents from the exact decimal, not a float approximation', () => {
    // 1.005 as a float is 1.00499999..., which would round down to $1.00.
    expect(formatMoney('1.005', 'USD', 'en-US')).toBe('$1.01');
  });

  it('formats negative amounts and zero', () => {
    expect(formatMoney('-42.10', 'USD', 'en-US')).toBe('-$42.10');
    expect(formatMoney('0.00', 'USD', 'en-US')).toBe('$0.00');
  });

  it('uses the currency and the locale', () => {
    expect(formatMoney('1234.5', 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatMoney('1234', 'JPY', 'en-US')).toBe('¥1,234');
  });

  it('refuses anything that is not a decimal string', () => {
    expect(() => formatMoney('1e3', 'USD', 'en-US')).toThrow(RangeError);
    expect(() => formatMoney('', 'USD', 'en-US')).toThrow(RangeError);
    expect(() => formatMoney('12,50', 'USD', 'en-US')).toThrow(RangeError);
  });
});

describe('formatUnitPrice', () => {
  it('keeps sub-cent prices and pads whole ones', () => {
    expect(formatUnitPrice('0.0125', 'USD', 'en-US')).toBe('$0.0125');
    expect(formatUnitPrice('5', 'USD', 'en-US')).toBe('$5.00');
    expect(formatUnitPrice('1234.5000', 'USD', 'en-US')).toBe('$1,234.50');
  });
});

describe('formatQuantity', () => {
  it('drops trailing zeros but keeps real decimals', () => {
    expect(formatQuantity('12.000', 'en-US')).toBe('12');
    expect(formatQuantity('2.125', 'en-US')).toBe('2.125');
    expect(formatQuantity('1500', 'en-US')).toBe('1,500');
  });
});

describe('decimal helpers', () => {
  it('recognises decimal strings', () => {
    expect(isDecimalString('-0.50')).toBe(true);
    expect(isDecimalString('NaN')).toBe(false);
  });

  it('detects zero amounts', () => {
    expect(isZeroAmount('0.00')).toBe(true);
    expect(isZeroAmount('-0')).toBe(true);
    expect(isZeroAmount('0.01')).toBe(false);
  });
});
