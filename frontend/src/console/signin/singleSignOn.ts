import { useEffect, useState } from 'react';

/** Where the browser starts single sign-on; the server sends it on to the identity provider. */
export const SSO_START = '/auth/oidc/login';

/**
 * The console's own words for each reason the server gives in `?sso_error=`.
 * Text is never taken from the URL itself: a crafted link cannot put words on the sign-in page.
 */
const SSO_MESSAGES: Record<string, string> = {
  cancelled: 'Single sign-on was cancelled at your identity provider.',
  expired: 'That single sign-on attempt had expired or was already used. Please start again.',
  untrusted: "Your identity provider's answer could not be verified, so you were not signed in. Please start again.",
  not_confirmed: 'Your identity provider did not confirm the sign-in. Please start again.',
  no_role: 'Your identity provider gives you no Recoup staff role. Ask your administrator for access.',
  no_email: 'Your identity provider sent no verified e-mail address, so Recoup cannot tell who you are.',
  not_allowed: 'This e-mail address cannot sign in to the staff console.',
  unavailable: 'Your identity provider cannot be reached right now. Try again, or sign in with your password.',
  not_configured: 'Single sign-on is not set up here. Sign in with your e-mail and password.',
};

const UNKNOWN = 'Single sign-on did not work. Please start again, or sign in with your password.';

/** The message for a `?sso_error=` reason, or null when the URL carries none. */
export function singleSignOnMessage(search: string): string | null {
  const reason = new URLSearchParams(search).get('sso_error');
  if (reason === null) return null;
  return SSO_MESSAGES[reason] ?? UNKNOWN;
}

/**
 * Why the last single sign-on failed (read once from the address, which is then
 * cleaned so a reload does not repeat it), and whether the server offers it at all.
 */
export function useSingleSignOn(): { offered: boolean; failure: string | null } {
  const [failure] = useState(() => singleSignOnMessage(window.location.search));
  const [offered, setOffered] = useState(false);

  useEffect(() => {
    if (failure === null) return;
    const url = new URL(window.location.href);
    url.searchParams.delete('sso_error');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }, [failure]);

  useEffect(() => {
    let live = true;
    fetch('/auth/methods', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((response): Promise<{ sso?: boolean }> => (response.ok ? response.json() : Promise.resolve({})))
      .then((methods) => live && setOffered(methods.sso === true))
      .catch(() => live && setOffered(false));
    return () => {
      live = false;
    };
  }, []);

  return { offered, failure };
}
