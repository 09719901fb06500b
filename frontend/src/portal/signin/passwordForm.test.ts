import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './passwordForm';

describe('checkNewPassword', () => {
  it('accepts ten characters typed twice alike', () => {
    expect(checkNewPassword({ password: 'abcdefghij', repeat: 'abcdefghij' })).toEqual({});
  });

  it('asks for both fields', () => {
    expect(checkNewPassword({ password: '', repeat: '' })).toEqual({
      password: 'Choose a password.',
      repeat: 'Type the password again.',
    });
  });

  it('refuses fewer than ten characters, counting characters rather than UTF-16 units', () => {
    expect(checkNewPassword({ password: 'abcdefghi', repeat: 'abcdefghi' })).toEqual({
      password: 'Use at least 10 characters.',
    });
    // Nine emoji are 18 UTF-16 units but nine characters.
    const emoji = '🔒'.repeat(9);
    expect(checkNewPassword({ password: emoji, repeat: emoji }).password).toBe('Use at least 10 characters.');
  });

  it('says when the two differ', () => {
    expect(checkNewPassword({ password: 'abcdefghij', repeat: 'abcdefghiJ' })).toEqual({
      repeat: "The two passwords don't match.",
    });
  });
});
