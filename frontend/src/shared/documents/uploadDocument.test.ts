import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UploadError, uploadDocument } from './uploadDocument';

/** Just enough of XMLHttpRequest to drive an upload by hand. */
class FakeRequest {
  static last: FakeRequest | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = '';
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  constructor() {
    FakeRequest.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.onload?.();
  }
}

const pdf = () => new File(['%PDF-1.4'], 'pod.pdf', { type: 'application/pdf' });
const sent = () => FakeRequest.last!;

beforeEach(() => {
  vi.stubGlobal('XMLHttpRequest', FakeRequest);
  document.cookie = 'recoup_csrf=token-1';
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.cookie = 'recoup_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

describe('uploadDocument', () => {
  it('posts the file and the dispute as multipart form data with the CSRF token', async () => {
    const progress: number[] = [];
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), (percent) => progress.push(percent));

    expect(sent().method).toBe('POST');
    expect(sent().url).toBe('/api/documents');
    expect(sent().headers['X-CSRF-Token']).toBe('token-1');
    expect(sent().body?.get('disputeId')).toBe('d-1');
    expect((sent().body?.get('file') as File).name).toBe('pod.pdf');

    sent().progress(512, 1024);
    const stored = { id: 'doc-1', filename: 'pod.pdf', contentType: 'application/pdf', sizeBytes: 8 };
    sent().answer(201, stored);

    await expect(done).resolves.toEqual(stored);
    expect(progress).toEqual([50, 100]);
  });

  it('can attach to an invoice instead', () => {
    void uploadDocument({ invoiceId: 'i-1' }, pdf(), () => {});
    expect(sent().body?.get('invoiceId')).toBe('i-1');
    expect(sent().body?.has('disputeId')).toBe(false);
  });

  it.each([
    [413, 'too_large', 'Files can be up to 25 MB.'],
    [415, 'unsupported_type', 'Only PDF, JPEG, PNG and TIFF files are accepted.'],
    [429, 'rate_limited', 'Too many uploads. Try again in a minute.'],
  ])("rejects a %i with the server's message as is", async (status, code, message) => {
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), () => {});
    sent().answer(status, { code, message });
    await expect(done).rejects.toEqual(new UploadError(code, message, status));
  });

  it('falls back to a message by status when the body is not JSON', async () => {
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), () => {});
    sent().answer(413, '<html>Request Entity Too Large</html>');
    await expect(done).rejects.toMatchObject({ code: 'http_413', message: 'This file is too large.' });
  });

  it('reports a dropped connection', async () => {
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), () => {});
    sent().onerror?.();
    await expect(done).rejects.toMatchObject({ code: 'network' });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), () => {}, controller.signal);
    controller.abort();
    await expect(done).rejects.toMatchObject({ code: 'aborted' });
  });
});
