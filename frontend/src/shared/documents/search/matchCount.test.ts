import { describe, expect, it } from 'vitest';
import { matchCount } from './DocumentSearchView';

describe('matchCount', () => {
  it('says how many match, and when the count stopped counting', () => {
    expect(matchCount(1, true)).toBe('1 document matches');
    expect(matchCount(37, true)).toBe('37 documents match');
    expect(matchCount(1000, false, 'en-US')).toMatch(/^More than 1,000 documents match/);
    expect(matchCount(1000, false, 'de-DE')).toMatch(/^More than 1.000 documents match/);
  });
});
