import { csrfHeaders } from '../../shared/auth/csrf';

export type HandedIn = { ok: true; id: string; duplicate: boolean } | { ok: false; message: string };

/** Sends a message saved as .eml to `/api/inbound-mail`; it is kept, then read like the mailbox's. */
export async function handInMessage(file: File): Promise<HandedIn> {
  const body = new FormData();
  body.append('file', file);
  let response: Response;
  try {
    response = await fetch('/api/inbound-mail', {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: csrfHeaders(),
    });
  } catch {
    return { ok: false, message: 'The server did not answer. Check your connection and try again.' };
  }
  let answer: { id?: string; duplicate?: boolean; message?: string } = {};
  try {
    answer = await response.json();
  } catch {
    // a proxy's error page: fall through to the generic message
  }
  if ((response.status === 202 || response.status === 200) && answer.id) {
    return { ok: true, id: answer.id, duplicate: Boolean(answer.duplicate) };
  }
  if (response.status === 413) return { ok: false, message: 'The message is too large.' };
  return { ok: false, message: answer.message ?? `The message was not accepted (HTTP ${response.status}).` };
}
