import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { graphqlResponse, renderAdmin } from '../admin/testing';
import { ImportsPage } from './ImportsPage';

const job = (status: string, progressPercent: number) => ({
  __typename: 'RemittanceImport',
  id: 'import-1',
  filename: 'lockbox-1120.csv',
  format: 'lockbox_csv',
  status,
  acceptValid: false,
  progressPercent,
  lineCount: 1200,
  appliedLines: 0,
  exceptionLines: 0,
  errorLines: 0,
  skippedLines: 0,
  payments: 0,
  deductions: 0,
  appliedAmount: '0.00',
  message: '',
  importedAt: '2026-11-20T09:00:00+00:00',
  finishedAt: null,
});

const page = (imports: unknown[], role = 'AR_CLERK') => ({
  viewer: { __typename: 'Viewer', id: 'u1', role },
  remittanceImports: imports,
  cashApplicationSettings: { __typename: 'CashApplicationSettings', autoApplyThreshold: '0.90', updatedAt: null },
});

/** Answers GraphQL requests with `graphql` in turn and the upload endpoint with `upload`. */
function stubServer(upload: { status: number; body: unknown }, ...graphql: unknown[]) {
  let call = 0;
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    void init;
    if (url === '/api/imports/remittances') {
      return Promise.resolve(
        new Response(JSON.stringify(upload.body), {
          status: upload.status,
          headers: { 'Content-Type': 'application/json' },
        }),
      );
    }
    return Promise.resolve(graphqlResponse(graphql[Math.min(call++, graphql.length - 1)]));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => vi.unstubAllGlobals());

describe('ImportsPage', () => {
  it('sends the chosen file with the accept-valid choice and shows the running import with its progress', async () => {
    const fetchMock = stubServer(
      { status: 202, body: { id: 'import-1', status: 'queued', format: 'lockbox_csv', duplicate: false } },
      page([]),
      page([job('reading', 40)]),
    );
    const { container } = renderAdmin(<ImportsPage />, '/cash');
    expect(await screen.findByText('No remittance files were imported yet.')).toBeTruthy();
    expect(screen.getByText(/confidence of at least 0.90/)).toBeTruthy();

    const input = container.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['payment_reference\n'], 'lockbox-1120.csv')] } });
    fireEvent.click(screen.getByRole('checkbox', { name: /apply the good payments anyway/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    expect((await screen.findByRole('status')).textContent).toContain('queued');
    const upload = fetchMock.mock.calls.find(([url]) => url === '/api/imports/remittances');
    const body = upload?.[1]?.body as FormData;
    expect(body.get('accept_valid')).toBe('true');
    expect((body.get('file') as File).name).toBe('lockbox-1120.csv');
    await waitFor(() => expect(screen.getByRole('progressbar', { name: 'Progress of lockbox-1120.csv' })).toBeTruthy());
    expect(screen.getByText('Reading and matching')).toBeTruthy();
  });

  it("shows the server's reason when a file is refused", async () => {
    stubServer({ status: 422, body: { code: 'import_rejected', message: 'The file is empty.' } }, page([]));
    const { container } = renderAdmin(<ImportsPage />, '/cash');
    await screen.findByText('No remittance files were imported yet.');

    const input = container.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([''], 'empty.csv')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    expect((await screen.findByRole('alert')).textContent).toContain('The file is empty.');
  });

  it("saves an admin's new auto-apply threshold and shows the server's refusal beside it", async () => {
    const fetchMock = stubServer(
      { status: 500, body: {} },
      page([], 'ADMIN'),
      {
        saveCashApplicationSettings: {
          __typename: 'InvalidInputResult',
          errors: [{ __typename: 'FieldError', field: 'autoApplyThreshold', code: 'threshold_out_of_range', message: 'Choose a confidence between 0.50 and 1.00, with two decimals.' }],
        },
      },
      {
        saveCashApplicationSettings: {
          __typename: 'CashApplicationSettings',
          autoApplyThreshold: '0.85',
          updatedAt: '2026-11-20T09:00:00+00:00',
        },
      },
      page([], 'ADMIN'),
    );
    renderAdmin(<ImportsPage />, '/cash');
    const field = await screen.findByLabelText(/Apply matches automatically from confidence/);

    fireEvent.change(field, { target: { value: '0.2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/between 0.50 and 1.00/)).toBeTruthy();
    fireEvent.change(field, { target: { value: ' 0.85 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(4));
    const body = (call: number) => JSON.parse((fetchMock.mock.calls[call]?.[1]?.body as string) ?? '{}');
    expect(body(1).variables).toEqual({ threshold: '0.2' });
    expect(body(2).variables).toEqual({ threshold: '0.85' });
    await waitFor(() => expect(screen.queryByText(/between 0.50 and 1.00/)).toBeNull());
  });
});
