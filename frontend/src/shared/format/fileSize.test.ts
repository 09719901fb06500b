import { describe, expect, it } from 'vitest';
import { formatFileSize } from './fileSize';

describe('formatFileSize', () => {
  it('picks a readable unit', () => {
    expect(formatFileSize(1, 'en-US')).toBe('1 byte');
    expect(formatFileSize(512, 'en-US')).toBe('512 bytes');
    expect(formatFileSize(14_540, 'en-US')).toBe('14.2 KB');
    expect(formatFileSize(25 * 1024 * 1024, 'en-US')).toBe('25 MB');
  });
});
