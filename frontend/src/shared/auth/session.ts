import { csrfHeaders } from './csrf';

/** What `POST /auth/login` answers on success. */
export interface SignInResult {
  role: string;
  isStaff: boolean;
}

/** A sign-in that did not succeed, with a message fit to show the user. */
export class SignInError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'SignInError';
    this.code = code;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  401: 'Email or password is incorrect.',
  429: 'Too many sign-in attempts. Please wait a few minutes and try again.',
};

async function readErrorBody(response: Response): Promise<{ code?: string; message?: string }> {
  try {
    return (await response.json()) as { code?: string; message?: string };
  } catch {
    return {};
  }
}

export async function signIn(email: string, password: string): Promise<SignInResult> {
  let response: Response;
  try {
    response = await fetch('/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw new SignInError('network', 'Could not reach Recoup. Check your connection and try again.');
  }
  if (response.ok) return (await response.json()) as SignInResult;

  const body = await readErrorBody(response);
  const message =
    body.message ?? FALLBACK_MESSAGES[response.status] ?? 'Sign-in failed. Please try again in a moment.';
  throw new SignInError(body.code ?? `http_${response.status}`, message);
}

/** Ends the session. Resolves even if the server could not be reached. */
export async function signOut(): Promise<void> {
  try {
    await fetch('/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: csrfHeaders(),
    });
  } catch {
    // The session is dropped from the UI either way; the next request
    // asks the server who is signed in.
  }
}
