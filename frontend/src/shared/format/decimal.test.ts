import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimals, isMoneyInput, lineAmount, percentOf, sumDecimals } from './decimal';

describe('addDecimals', () => {
  it('adds cents exactly where floats would not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addDecimals('0.10', '0.20')).toBe('0.30');
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
  });

  it('keeps the precision of the more precise operand', () => {
    expect(addDecimals('1', '2.5')).toBe('3.5');
    expect(addDecimals('0.0125', '1.10')).toBe('1.1125');
  });

  it('handles negative values and signs of the result', () => {
    expect(addDecimals('-1.50', '1.00')).toBe('-0.50');
    expect(addDecimals('-1.50', '1.50')).toBe('0.00');
    expect(addDecimals('-0.05', '-0.05')).toBe('-0.10');
  });
});

describe('sumDecimals', () => {
  it('sums a list with two decimals at least', () => {
    expect(sumDecimals(['36.80', '2020.80'])).toBe('2057.60');
    expect(sumDecimals(['1', '2', '3'])).toBe('6.00');
    expect(sumDecimals([])).toBe('0.00');
  });

  it('stays exact for values far beyond Number.MAX_SAFE_INTEGER', () => {
    expect(sumDecimals(['999999999999999999.99', '0.01'])).toBe('1000000000000000000.00');
    expect(sumDecimals(['12345678901234567.89', '98765432109876543.21'])).toBe('111111111011111111.10');
  });

  it('adds ten dimes to exactly one dollar', () => {
    expect(sumDecimals(Array.from({ length: 10 }, () => '0.10'))).toBe('1.00');
  });

  it('refuses anything that is not a plain decimal string', () => {
    expect(() => sumDecimals(['1e3'])).toThrow(RangeError);
    expect(() => sumDecimals(['1,000.00'])).toThrow(RangeError);
    expect(() => sumDecimals([''])).toThrow(RangeError);
    expect(() => sumDecimals(['.5'])).toThrow(RangeError);
  });
});

describe('compareDecimals', () => {
  it('orders amounts regardless of trailing zeros', () => {
    expect(compareDecimals('1.5', '1.50')).toBe(0);
    expect(compareDecimals('0.00', '0')).toBe(0);
    expect(compareDecimals('10.01', '10.1')).toBe(-1);
    expect(compareDecimals('100.00', '99.99')).toBe(1);
  });

  it('compares negative and very large values exactly', () => {
    expect(compareDecimals('-0.01', '0.00')).toBe(-1);
    expect(compareDecimals('9007199254740993.01', '9007199254740993.00')).toBe(1);
  });
});

describe('isMoneyInput', () => {
  it.each(['125', '125.5', '125.50', '0.01', '0'])('accepts %s', (value) => {
    expect(isMoneyInput(value)).toBe(true);
  });

  it.each(['', '-1', '1.005', '1,000', '1e3', '.5', '5.', ' 5', 'NaN'])('refuses %j', (value) => {
    expect(isMoneyInput(value)).toBe(false);
  });
});

describe('percentOf', () => {
  it('gives the share in percent with one decimal, exactly', () => {
    expect(percentOf('25.00', '100.00')).toBe(25);
    expect(percentOf('1', '3')).toBe(33.3);
    expect(percentOf('46271.45', '175703.55')).toBe(26.3);
    expect(percentOf('0.10', '0.3')).toBe(33.3);
  });

  it('treats nothing, negatives and an empty whole as 0 and never exceeds 100', () => {
    expect(percentOf('0.00', '100.00')).toBe(0);
    expect(percentOf('-5.00', '100.00')).toBe(0);
    expect(percentOf('5.00', '0.00')).toBe(0);
    expect(percentOf('150.00', '100.00')).toBe(100);
  });
});

describe('lineAmount', () => {
  it('is quantity × unit price rounded half-up to cents, exactly', () => {
    expect(lineAmount('3', '0.335')).toBe('1.01');
    expect(lineAmount('10', '18.40')).toBe('184.00');
    expect(lineAmount('0.125', '0.0400')).toBe('0.01');
    expect(lineAmount('2', '5')).toBe('10.00');
  });
});
