import { csrfHeaders } from '../../shared/auth/csrf';

export const FORMATS = [
  { value: '', label: 'Detect from the file' },
  { value: 'lockbox_csv', label: 'Lockbox CSV' },
  { value: 'camt.054', label: 'ISO 20022 camt.054 (notification)' },
  { value: 'camt.053', label: 'ISO 20022 camt.053 (statement)' },
  { value: 'x12_820', label: 'ANSI X12 820 remittance advice' },
  { value: 'bai2', label: 'BAI2 lockbox / cash management' },
  { value: 'edifact_remadv', label: 'EDIFACT REMADV remittance advice' },
];

export type Submitted = { ok: true; id: string; duplicate: boolean } | { ok: false; message: string };

/** Sends a remittance file to `/api/imports/remittances`; the import then runs as a job. */
export async function submitRemittance(file: File, format: string, acceptValid: boolean): Promise<Submitted> {
  const body = new FormData();
  body.append('file', file);
  if (format) body.append('format', format);
  body.append('accept_valid', acceptValid ? 'true' : 'false');
  let response: Response;
  try {
    response = await fetch('/api/imports/remittances', {
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
  if (response.status === 413) return { ok: false, message: 'The file is too large to import; split it.' };
  return { ok: false, message: answer.message ?? `The file was not accepted (HTTP ${response.status}).` };
}
