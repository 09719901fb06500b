import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UploadError, declaredType, uploadDocument } from './uploadDocument';

/** Just enough of XMLHttpRequest to drive an upload by hand. */
class FakeRequest {
  static last: FakeRequest | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | File | null = null;
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
  send(body: FormData | File) {
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

const STARTED_LOCAL = {
  startDocumentUpload: {
    __typename: 'UploadStarted',
    document: { id: 'doc-1' },
    upload: { method: 'PUT', url: '/api/documents/doc-1/content', fields: [] },
  },
};
const STARTED_S3 = {
  startDocumentUpload: {
    __typename: 'UploadStarted',
    document: { id: 'doc-2' },
    upload: {
      method: 'POST',
      url: 'https://s3.example/bucket',
      fields: [
        { name: 'key', value: 'acct/doc-2' },
        { name: 'policy', value: 'cG9saWN5' },
      ],
    },
  },
};
const CONFIRMED = {
  confirmDocumentUpload: {
    __typename: 'DocumentConfirmed',
    document: { id: 'doc-1', filename: 'pod.pdf', contentType: 'application/pdf', sizeBytes: 8 },
  },
};

/** Answers each GraphQL request with the next answer; returns the recorded request bodies. */
function stubGraphql(...answers: unknown[]) {
  const bodies: { query: string; variables: Record<string, unknown> }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(init.body as string));
      const data = answers[Math.min(bodies.length - 1, answers.length - 1)];
      return Promise.resolve(new Response(JSON.stringify({ data }), { headers: { 'Content-Type': 'application/json' } }));
    }),
  );
  return bodies;
}

/** Lets the promise chain reach the byte upload (the start mutation answers first). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  vi.stubGlobal('XMLHttpRequest', FakeRequest);
  document.cookie = 'recoup_csrf=token-1';
  FakeRequest.last = null;
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.cookie = 'recoup_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

describe('uploadDocument', () => {
  it('starts the upload, PUTs the bytes to Recoup with the CSRF token, then confirms', async () => {
    const bodies = stubGraphql(STARTED_LOCAL, CONFIRMED);
    const progress: number[] = [];
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), (percent) => progress.push(percent), undefined, 'PROOF_OF_DELIVERY');
    await settle();

    expect(bodies[0]!.variables).toEqual({
      input: { disputeId: 'd-1', filename: 'pod.pdf', contentType: 'application/pdf', sizeBytes: 8, documentType: 'PROOF_OF_DELIVERY' },
    });
    expect(sent().method).toBe('PUT');
    expect(sent().url).toBe('/api/documents/doc-1/content');
    expect(sent().headers['X-CSRF-Token']).toBe('token-1');
    expect((sent().body as File).name).toBe('pod.pdf');
    sent().progress(512, 1024);
    sent().answer(204, '');

    await expect(done).resolves.toEqual(CONFIRMED.confirmDocumentUpload.document);
    expect(bodies[1]!.variables).toEqual({ documentId: 'doc-1' });
    expect(progress).toEqual([50, 100]);
  });

  it("posts straight to S3 with the presigned fields first and the file last, and no CSRF header", async () => {
    stubGraphql(STARTED_S3, CONFIRMED);
    void uploadDocument({ invoiceId: 'i-1' }, pdf(), () => {});
    await settle();

    expect(sent().method).toBe('POST');
    expect(sent().url).toBe('https://s3.example/bucket');
    expect(sent().headers['X-CSRF-Token']).toBeUndefined();
    const form = sent().body as FormData;
    expect([...form.keys()]).toEqual(['key', 'policy', 'file']);
    expect(form.get('key')).toBe('acct/doc-2');
  });

  it("refuses at the start with the server's own words", async () => {
    stubGraphql({
      startDocumentUpload: {
        __typename: 'InvalidInputResult',
        errors: [{ field: 'file', code: 'too_large', message: 'The file is larger than 25 MB.' }],
      },
    });
    await expect(uploadDocument({ disputeId: 'd-1' }, pdf(), () => {})).rejects.toEqual(
      new UploadError('too_large', 'The file is larger than 25 MB.', 400),
    );
    expect(FakeRequest.last).toBeNull();
  });

  it('refuses at the confirmation when the bytes are not what they claim', async () => {
    stubGraphql(STARTED_LOCAL, {
      confirmDocumentUpload: {
        __typename: 'InvalidInputResult',
        errors: [{ field: 'file', code: 'unsupported_type', message: 'Only PDF, JPEG, PNG and TIFF files can be attached.' }],
      },
    });
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), () => {});
    await settle();
    sent().answer(204, '');
    await expect(done).rejects.toMatchObject({ code: 'unsupported_type' });
  });

  it('says the archive is unreachable in its own words', async () => {
    stubGraphql(STARTED_LOCAL, {
      confirmDocumentUpload: { __typename: 'UnavailableResult', message: 'The document archive is not reachable right now.' },
    });
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), () => {});
    await settle();
    sent().answer(204, '');
    await expect(done).rejects.toMatchObject({ message: 'The document archive is not reachable right now.' });
  });

  it('falls back to a message by status when the byte upload answers without JSON', async () => {
    stubGraphql(STARTED_LOCAL);
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), () => {});
    await settle();
    sent().answer(413, '<html>Request Entity Too Large</html>');
    await expect(done).rejects.toMatchObject({ code: 'http_413', message: 'This file is too large.' });
  });

  it('reports a dropped connection', async () => {
    stubGraphql(STARTED_LOCAL);
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), () => {});
    await settle();
    sent().onerror?.();
    await expect(done).rejects.toMatchObject({ code: 'network' });
  });

  it('stops when aborted', async () => {
    stubGraphql(STARTED_LOCAL);
    const controller = new AbortController();
    const done = uploadDocument({ disputeId: 'd-1' }, pdf(), () => {}, controller.signal);
    await settle();
    controller.abort();
    await expect(done).rejects.toMatchObject({ code: 'aborted' });
  });

  it('declares a type from the name when the browser gives none', () => {
    expect(declaredType(new File(['x'], 'scan.TIF'))).toBe('image/tiff');
    expect(declaredType(new File(['x'], 'notes.txt'))).toBe('application/octet-stream');
  });
});

describe('UploadError.refusesTheFile', () => {
  it('tells a refusal of the file itself (no retry can work) from a failure worth trying again', () => {
    expect(new UploadError('active_content_pdf', 'This PDF contains a script…', 400).refusesTheFile).toBe(true);
    expect(new UploadError('unreadable_pdf', 'This PDF is damaged…', 400).refusesTheFile).toBe(true);
    expect(new UploadError('http_413', 'Too large', 413).refusesTheFile).toBe(true);
    expect(new UploadError('network', 'The connection dropped…', 0).refusesTheFile).toBe(false);
    expect(new UploadError('RateLimitedResult', 'Too many uploads…', 400).refusesTheFile).toBe(false);
  });
});
