import { describe, expect, it } from 'vitest';
import { singleSignOnMessage } from './singleSignOn';

describe('singleSignOnMessage', () => {
  it('is null without a reason in the address', () => {
    expect(singleSignOnMessage('')).toBeNull();
    expect(singleSignOnMessage('?status=NEW')).toBeNull();
  });

  it("says each of the server's reasons in the console's own words", () => {
    expect(singleSignOnMessage('?sso_error=no_role')).toMatch(/no Recoup staff role/);
    expect(singleSignOnMessage('?sso_error=cancelled')).toMatch(/cancelled/);
    expect(singleSignOnMessage('?sso_error=expired')).toMatch(/expired or was already used/);
  });

  it('never shows text taken from the address', () => {
    const message = singleSignOnMessage('?sso_error=Call+0800+123+for+your+refund');
    expect(message).toBe('Single sign-on did not work. Please start again, or sign in with your password.');
  });
});
