export const CSRF_COOKIE = 'recoup_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/**
 * The current CSRF token from the `recoup_csrf` cookie. Read it afresh for
 * every request: signing in rotates it.
 */
export function readCsrfToken(cookies: string = document.cookie): string {
  for (const part of cookies.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === CSRF_COOKIE) {
      return decodeURIComponent(part.slice(separator + 1).trim());
    }
  }
  return '';
}

/** Headers every state-changing request (except sign-in) must carry. */
export function csrfHeaders(): Record<string, string> {
  return { [CSRF_HEADER]: readCsrfToken() };
}
