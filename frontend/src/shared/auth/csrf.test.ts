import { describe, expect, it } from 'vitest';
import { readCsrfToken } from './csrf';

describe('readCsrfToken', () => {
  it('finds the token among other cookies', () => {
    expect(readCsrfToken('theme=dark; recoup_csrf=abc123; other=1')).toBe('abc123');
  });

  it('does not confuse cookies with similar names', () => {
    expect(readCsrfToken('xrecoup_csrf=wrong; recoup_csrf_old=wrong')).toBe('');
  });

  it('decodes encoded values and returns empty when absent', () => {
    expect(readCsrfToken('recoup_csrf=a%2Bb%3D')).toBe('a+b=');
    expect(readCsrfToken('')).toBe('');
  });
});
