import { describe, expect, it } from 'vitest';
import { ratioAsPercent } from './ratio';

describe('ratioAsPercent', () => {
  it('moves the point two places exactly', () => {
    expect(ratioAsPercent('0.4286')).toBe('42.86 %');
    expect(ratioAsPercent('1.0000')).toBe('100.00 %');
    expect(ratioAsPercent('0.05')).toBe('5.00 %');
    expect(ratioAsPercent('0.0001')).toBe('0.01 %');
  });
});
