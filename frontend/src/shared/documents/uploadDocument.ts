import { print } from 'graphql';
import { CSRF_HEADER, csrfHeaders, readCsrfToken } from '../auth/csrf';
import {
  ConfirmDocumentUploadDocument,
  StartDocumentUploadDocument,
  StartInternalDocumentUploadDocument,
  type ConfirmDocumentUploadMutation,
  type DocumentType,
  type StartDocumentUploadMutation,
  type StartInternalDocumentUploadMutation,
} from '../graphql/generated';

/** Where an uploaded document belongs; `internal` (staff only) keeps it from the customer. */
export type UploadTarget = ({ disputeId: string } | { invoiceId: string }) & { internal?: boolean };

/** The document once the server has checked and kept it. */
export interface UploadedDocument {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

/** Refusals of the file itself (its type, contents or size): sending the same file again cannot succeed. */
const REFUSALS_OF_THE_FILE = new Set([
  'unsupported_type',
  'unreadable_pdf',
  'encrypted_pdf',
  'active_content_pdf',
  'too_large',
  'empty_file',
]);

/** An upload the server refused or that never reached it; `message` is fit to show as is. */
export class UploadError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = 'UploadError';
    this.code = code;
    this.status = status;
  }

  /** True when the file itself was refused (choose another), false when trying again may work. */
  get refusesTheFile(): boolean {
    return REFUSALS_OF_THE_FILE.has(this.code) || this.status === 413 || this.status === 415;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The upload was refused. Try again.',
  403: 'The archive refused the file (too large, or the upload took too long). Try again.',
  404: 'The upload was not found. Try again.',
  413: 'This file is too large.',
  415: 'This type of file is not accepted.',
  429: 'Too many uploads at once. Wait a minute, then try again.',
};
const UNREACHABLE = 'Recoup could not be reached. Check your connection, then try again.';

/** A typed refusal in a mutation's result, as an UploadError with the server's words. */
function refusal(result: { __typename?: string; message?: string; errors?: { code: string; message: string }[] }) {
  if (result.errors && result.errors.length > 0) {
    return new UploadError(result.errors[0]!.code, result.errors.map((error) => error.message).join(' '), 400);
  }
  return new UploadError(result.__typename ?? 'refused', result.message ?? 'The upload was refused. Try again.', 400);
}

async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...csrfHeaders() },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new UploadError('network', UNREACHABLE, 0);
  }
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || !body.data) {
    throw new UploadError(`http_${response.status}`, body.errors?.[0]?.message ?? UNREACHABLE, response.status);
  }
  return body.data;
}

function errorFrom(request: XMLHttpRequest): UploadError {
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(request.responseText) as typeof body;
  } catch {
    // Not JSON (S3 answers in XML, a proxy with HTML): fall back to a message by status.
  }
  const message =
    typeof body.message === 'string' && body.message
      ? body.message
      : (FALLBACK_MESSAGES[request.status] ?? 'The upload failed on our side. Try again in a moment.');
  const code = typeof body.code === 'string' ? body.code : `http_${request.status}`;
  return new UploadError(code, message, request.status);
}

type Instructions = Extract<
  StartDocumentUploadMutation['startDocumentUpload'],
  { __typename: 'UploadStarted' }
>['upload'];

/**
 * Sends the bytes as the server said: PUT to Recoup (local archive) or a multipart POST straight to S3.
 * XMLHttpRequest, unlike fetch, reports upload progress.
 */
function sendBytes(
  instructions: Instructions,
  file: File,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(instructions.method, instructions.url);
    let body: FormData | File = file;
    if (instructions.method === 'PUT') {
      // Same origin: the session cookie goes along; the CSRF token is read afresh (sign-in rotates it).
      request.setRequestHeader(CSRF_HEADER, readCsrfToken());
      request.setRequestHeader('Accept', 'application/json');
    } else {
      const form = new FormData();
      for (const field of instructions.fields) form.append(field.name, field.value);
      form.append('file', file, file.name); // S3 wants the file last
      body = form;
    }
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(99, Math.floor((event.loaded / event.total) * 100)));
    };
    request.onload = () => (request.status >= 200 && request.status < 300 ? resolve() : reject(errorFrom(request)));
    request.onerror = () =>
      reject(new UploadError('network', 'The connection dropped during the upload. Check it, then try again.', 0));
    request.onabort = () => reject(new UploadError('aborted', 'The upload was cancelled.', 0));
    if (signal?.aborted) return reject(new UploadError('aborted', 'The upload was cancelled.', 0));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(body);
  });
}

/** The type a file claims by its name, for the server to check against its bytes. */
export function declaredType(file: File): string {
  if (file.type) return file.type;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return (
    { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', tif: 'image/tiff', tiff: 'image/tiff' }[
      extension
    ] ?? 'application/octet-stream'
  );
}

/**
 * Uploads one file in three steps: start (a pending document and where its bytes go), send the
 * bytes with progress (`onProgress` gets a whole percentage), confirm (the server checks the
 * bytes and keeps or refuses them). Resolves with the stored document; rejects with an UploadError.
 */
export async function uploadDocument(
  target: UploadTarget,
  file: File,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
  documentType: DocumentType = 'OTHER',
): Promise<UploadedDocument> {
  const { internal = false, ...place } = target;
  const input = { ...place, filename: file.name, contentType: declaredType(file), sizeBytes: file.size, documentType };
  const started = internal
    ? (await graphql<StartInternalDocumentUploadMutation>(print(StartInternalDocumentUploadDocument), { input }))
        .startStaffDocumentUpload
    : (await graphql<StartDocumentUploadMutation>(print(StartDocumentUploadDocument), { input })).startDocumentUpload;
  if (started.__typename !== 'UploadStarted') throw refusal(started);
  await sendBytes(started.upload, file, onProgress, signal);
  const confirmed = (
    await graphql<ConfirmDocumentUploadMutation>(print(ConfirmDocumentUploadDocument), {
      documentId: started.document.id,
    })
  ).confirmDocumentUpload;
  if (confirmed.__typename !== 'DocumentConfirmed') throw refusal(confirmed);
  onProgress(100);
  return confirmed.document;
}
