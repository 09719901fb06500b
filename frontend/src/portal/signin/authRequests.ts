// The sign-in helpers that work without a session: asking for a password
// reset link, and choosing a password from a reset or invitation link. The
// server exempts these POSTs from the CSRF check (there is no session yet),
// so they send JSON and nothing else.

/** A request the server refused or that never reached it; `message` is fit to show as is. */
export class AuthRequestError extends Error {
  /** The server's code, e.g. `token_invalid` or `password_too_short`; `network` when it was not reached. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'AuthRequestError';
    this.code = code;
  }
}

const NOT_REACHED = "We couldn't reach Recoup. Check your connection and try again.";
const FAILED = 'Something went wrong on our side. Try again in a moment.';

async function postJson(url: string, body: unknown): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new AuthRequestError('network', NOT_REACHED);
  }
}

async function readBody(response: Response): Promise<{ code?: unknown; message?: unknown }> {
  try {
    return (await response.json()) as { code?: unknown; message?: unknown };
  } catch {
    return {};
  }
}

async function refusal(response: Response): Promise<AuthRequestError> {
  const body = await readBody(response);
  const message = typeof body.message === 'string' && body.message ? body.message : FAILED;
  const code = typeof body.code === 'string' ? body.code : `http_${response.status}`;
  return new AuthRequestError(code, message);
}

/**
 * `POST /auth/password-reset`: the server e-mails a link if the address has a
 * login, and answers the same either way. Resolves with its message.
 */
export async function requestPasswordReset(email: string): Promise<string> {
  const response = await postJson('/auth/password-reset', { email });
  if (!response.ok) throw await refusal(response);
  const body = await readBody(response);
  return typeof body.message === 'string' && body.message
    ? body.message
    : 'If that address has a Recoup login, a reset link is on its way.';
}

async function redeem(url: string, token: string, password: string): Promise<void> {
  const response = await postJson(url, { token, password });
  if (response.status !== 204 && !response.ok) throw await refusal(response);
}

/** `POST /auth/password-reset/confirm`: a new password from a reset link; every session of the user ends. */
export function confirmPasswordReset(token: string, password: string): Promise<void> {
  return redeem('/auth/password-reset/confirm', token, password);
}

/** `POST /auth/accept-invite`: the invited colleague chooses a password; then they sign in as usual. */
export function acceptInvitation(token: string, password: string): Promise<void> {
  return redeem('/auth/accept-invite', token, password);
}
