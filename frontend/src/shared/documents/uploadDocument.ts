import { CSRF_HEADER, readCsrfToken } from '../auth/csrf';

/** Where an uploaded document belongs. */
export type UploadTarget = { disputeId: string } | { invoiceId: string };

/** What `POST /api/documents` answers with 201. */
export interface UploadedDocument {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

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
}

export const UPLOAD_URL = '/api/documents';

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The upload was refused. Try again.',
  404: 'The dispute was not found.',
  413: 'This file is too large.',
  415: 'This type of file is not accepted.',
  429: 'Too many uploads at once. Wait a minute, then try again.',
};

function errorFrom(request: XMLHttpRequest): UploadError {
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(request.responseText) as typeof body;
  } catch {
    // Not JSON (e.g. a proxy's error page): fall back to a message by status.
  }
  const message =
    typeof body.message === 'string' && body.message
      ? body.message
      : (FALLBACK_MESSAGES[request.status] ?? 'The upload failed on our side. Try again in a moment.');
  const code = typeof body.code === 'string' ? body.code : `http_${request.status}`;
  return new UploadError(code, message, request.status);
}

/**
 * Uploads one file with XMLHttpRequest, which (unlike fetch) reports upload
 * progress: `onProgress` gets a whole percentage from 0 to 100. Resolves with
 * the stored document; rejects with an UploadError.
 */
export function uploadDocument(
  target: UploadTarget,
  file: File,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<UploadedDocument> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    if ('disputeId' in target) body.append('disputeId', target.disputeId);
    else body.append('invoiceId', target.invoiceId);
    body.append('file', file, file.name);

    const request = new XMLHttpRequest();
    // Same origin, so the session cookie goes along without withCredentials.
    request.open('POST', UPLOAD_URL);
    request.setRequestHeader('Accept', 'application/json');
    // Read afresh for every request: signing in rotates the token.
    request.setRequestHeader(CSRF_HEADER, readCsrfToken());

    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.floor((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      if (request.status === 200 || request.status === 201) {
        try {
          onProgress(100);
          resolve(JSON.parse(request.responseText) as UploadedDocument);
        } catch {
          reject(new UploadError('bad_response', 'The server answered in a way we did not expect. Try again.', request.status));
        }
      } else {
        reject(errorFrom(request));
      }
    };
    request.onerror = () =>
      reject(new UploadError('network', 'The connection dropped during the upload. Check it, then try again.', 0));
    request.onabort = () => reject(new UploadError('aborted', 'The upload was cancelled.', 0));

    if (signal?.aborted) return reject(new UploadError('aborted', 'The upload was cancelled.', 0));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(body);
  });
}
