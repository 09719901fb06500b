import { csrfHeaders } from '../../shared/auth/csrf';

export const FORMATS = [
  { value: '', label: 'Detect from the file' },
  { value: 'lockbox_csv', label: 'Lockbox CSV' },
  { value: 'camt.054', label: 'ISO 20022 camt.054 (notification)' },
  { value: 'camt.053', label: 'ISO 20022 camt.053 (statement)' },
  { value: 'x12_820', label: 'ANSI X12 820 remittance advice' },
  { value: 'bai2', label: 'BAI2 lockbox / cash management' },
  { value: 'edifact_remadv', label: 'EDIFACT REMADV remittance advice' },
  { value: 'advice', label: "Customer's own advice (CSV or XLSX, columns mapped once)" },
];

/** A customer's advice whose columns nobody mapped yet: its header and a few rows under it. */
export interface AdviceLayout {
  customer: string;
  header: string[];
  samples: string[][];
}

export type Submitted =
  | { ok: true; id: string; duplicate: boolean }
  | { ok: false; message: string; layout?: AdviceLayout };

/**
 * Sends a remittance file to `/api/imports/remittances`; the import then runs as a job. A customer's own advice
 * names the customer (`customer`); when that customer's columns are not mapped yet the answer carries the layout.
 */
export async function submitRemittance(
  file: File,
  format: string,
  acceptValid: boolean,
  customer = '',
): Promise<Submitted> {
  const body = new FormData();
  body.append('file', file);
  if (format) body.append('format', format);
  if (customer.trim()) body.append('customer', customer.trim());
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
  let answer: {
    id?: string;
    duplicate?: boolean;
    message?: string;
    code?: string;
    customer?: string;
    header?: string[];
    samples?: string[][];
  } = {};
  try {
    answer = await response.json();
  } catch {
    // a proxy's error page: fall through to the generic message
  }
  if ((response.status === 202 || response.status === 200) && answer.id) {
    return { ok: true, id: answer.id, duplicate: Boolean(answer.duplicate) };
  }
  if (response.status === 413) return { ok: false, message: 'The file is too large to import; split it.' };
  if (answer.code === 'column_mapping_required' && answer.header && answer.customer) {
    return {
      ok: false,
      message: answer.message ?? 'Say which column is which.',
      layout: { customer: answer.customer, header: answer.header, samples: answer.samples ?? [] },
    };
  }
  return { ok: false, message: answer.message ?? `The file was not accepted (HTTP ${response.status}).` };
}
