import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { MemoryRouter } from 'react-router';
import { Provider } from 'urql';
import { recoupTheme } from '../../shared/app/theme';
import { createGraphqlClient } from '../../shared/graphql/client';
import { DisputeForm, descriptionLimitNote } from './DisputeForm';

const INVOICE = {
  id: 'inv-1',
  number: 'INV-NW-00042',
  currency: 'USD',
  disputableAmount: '120.00',
  lines: [
    { id: 'line-a', lineNumber: 1, sku: 'CF-1001', description: 'Coffee', quantity: '2.000', unitPrice: '0.0500', amount: '0.10' },
    { id: 'line-b', lineNumber: 2, sku: 'TE-2001', description: 'Tea', quantity: '5.000', unitPrice: '0.0400', amount: '0.20' },
  ],
};
const REASONS = [
  { code: 'SHORTAGE', label: 'Shortage', requiresDescription: false },
  { code: 'OTHER', label: 'Other', requiresDescription: true },
];

function graphqlResponse(fileDispute: unknown): Response {
  return new Response(JSON.stringify({ data: { fileDispute } }), { headers: { 'Content-Type': 'application/json' } });
}

function sentInput(fetchMock: ReturnType<typeof vi.fn>, call = 0) {
  const init = fetchMock.mock.calls[call]?.[1] as RequestInit;
  return JSON.parse(init.body as string).variables.input;
}

function renderForm() {
  render(
    <MantineProvider theme={recoupTheme}>
      <MemoryRouter>
        <Provider value={createGraphqlClient()}>
          <DisputeForm invoice={INVOICE} reasons={REASONS} />
        </Provider>
      </MemoryRouter>
    </MantineProvider>,
  );
}

function fillWholeInvoice(amount: string) {
  fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value: 'SHORTAGE' } });
  fireEvent.change(screen.getByRole('textbox', { name: /^Amount/ }), { target: { value: amount } });
}

afterEach(() => vi.unstubAllGlobals());

describe('DisputeForm', () => {
  it("files once on a double click and shows the server's message beside the amount", async () => {
    let answer: (response: Response) => void = () => {};
    const fetchMock = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', fetchMock);
    renderForm();
    fillWholeInvoice('500.00');

    const submit = screen.getByRole('button', { name: 'File dispute' });
    fireEvent.click(submit);
    fireEvent.click(submit);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(submit).toBeDisabled();
    expect(sentInput(fetchMock)).toMatchObject({ invoiceId: 'inv-1', reasonCode: 'SHORTAGE', amount: '500.00', lines: [] });

    const message = 'You can dispute at most 120.00 USD on this invoice.';
    answer(
      graphqlResponse({
        __typename: 'InvalidInputResult',
        errors: [{ __typename: 'FieldError', field: 'amount', code: 'amount_exceeds_disputable', message }],
      }),
    );
    const amount = screen.getByRole('textbox', { name: /^Amount/ });
    await waitFor(() => expect(amount).toHaveAccessibleDescription(expect.stringContaining(message)));
    expect(amount).toHaveAttribute('aria-invalid', 'true');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('sends the same idempotency key again when retrying after a dropped connection', async () => {
    const fetchMock = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(
        graphqlResponse({ __typename: 'ConflictResult', message: 'The invoice changed while you were filing.' }),
      );
    vi.stubGlobal('fetch', fetchMock);
    renderForm();
    fillWholeInvoice('10');

    fireEvent.click(screen.getByRole('button', { name: 'File dispute' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("don't know whether your dispute was filed");
    fireEvent.click(screen.getByRole('button', { name: 'File dispute' }));
    expect(await screen.findByText('The invoice changed while you were filing.')).toBeInTheDocument();

    const first = sentInput(fetchMock, 0).idempotencyKey;
    expect(first).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(sentInput(fetchMock, 1).idempotencyKey).toBe(first);
  });

  it('shows messages for fields it does not have above the form', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        graphqlResponse({
          __typename: 'InvalidInputResult',
          errors: [{ __typename: 'FieldError', field: 'invoiceId', code: 'locked', message: 'This invoice is locked.' }],
        }),
      ),
    );
    renderForm();
    fillWholeInvoice('10');
    fireEvent.click(screen.getByRole('button', { name: 'File dispute' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This invoice is locked.');
  });

  it('sums the chosen lines exactly and checks the form before sending', () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderForm();

    fireEvent.click(screen.getByRole('radio', { name: 'Specific lines' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Dispute line 1' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Dispute line 2' }));
    expect(screen.getByRole('textbox', { name: 'Disputed amount, line 1' })).toHaveValue('0.10');
    expect(screen.getByTestId('disputed-total')).toHaveTextContent('Total disputed: $0.30');

    fireEvent.click(screen.getByRole('button', { name: 'File dispute' }));
    expect(screen.getByLabelText(/^Reason/)).toHaveAccessibleDescription('Choose a reason.');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('fills a line amount from the quantity typed and keeps it editable; a bad quantity is marked where it was typed', () => {
    vi.stubGlobal('fetch', vi.fn());
    renderForm();
    fireEvent.click(screen.getByRole('radio', { name: 'Specific lines' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Dispute line 2' }));
    const quantity = screen.getByRole('textbox', { name: 'Disputed quantity, line 2' });
    const amount = screen.getByRole('textbox', { name: 'Disputed amount, line 2' });

    fireEvent.change(quantity, { target: { value: '3' } });
    expect(amount).toHaveValue('0.12'); // 3 × 0.0400
    fireEvent.change(amount, { target: { value: '0.05' } }); // a price claim: the amount stays what was typed
    expect(amount).toHaveValue('0.05');

    fireEvent.change(quantity, { target: { value: '9' } });
    fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value: 'SHORTAGE' } });
    fireEvent.click(screen.getByRole('button', { name: 'File dispute' }));
    expect(quantity).toHaveAttribute('aria-invalid', 'true');
    expect(quantity).toHaveAccessibleDescription('At most the 5.000 invoiced.');
    expect(amount).not.toHaveAttribute('aria-invalid', 'true');
  });

  describe('what our records say', () => {
    function json(data: unknown): Response {
      return new Response(JSON.stringify({ data }), { headers: { 'Content-Type': 'application/json' } });
    }

    function recordsLine(verdict: string, message: string) {
      return {
        __typename: 'ClaimLineCheck',
        invoiceLineId: 'line-a',
        lineNumber: 1,
        sku: 'CF-1001',
        orderNumber: 'SO-1001',
        ordered: '75.000',
        shipped: '75.000',
        delivered: '65.000',
        invoiced: '75.000',
        orderPrice: '0.0500',
        invoicedPrice: '0.0500',
        verdict,
        message,
        proofOfDelivery: {
          __typename: 'ProofOfDelivery',
          id: 'doc-9',
          filename: 'POD-SO-1001.pdf',
          downloadUrl: '/api/documents/doc-9/download?expires=1&sig=abc',
        },
        receivedBy: 'J. Ruiz',
      };
    }

    /** The server: claimCheck answers `claimCheck`, fileDispute files. */
    function server(claimCheck: unknown) {
      return vi.fn(async (_url: string, init: RequestInit) => {
        const body = JSON.parse(init.body as string);
        if (body.operationName === 'DisputeClaimCheck') return json({ claimCheck: { __typename: 'ClaimCheck', ...(claimCheck as object) } });
        return json({
          fileDispute: { __typename: 'ConflictResult', message: 'Stopped here: the test only looks at what was sent.' },
        });
      });
    }

    function operations(fetchMock: ReturnType<typeof server>) {
      return fetchMock.mock.calls.map(([, init]) => JSON.parse(init.body as string));
    }

    function claimLineOne(quantity: string) {
      fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value: 'SHORTAGE' } });
      fireEvent.click(screen.getByRole('radio', { name: 'Specific lines' }));
      fireEvent.click(screen.getByRole('checkbox', { name: 'Dispute line 1' }));
      fireEvent.change(screen.getByRole('textbox', { name: 'Disputed quantity, line 1' }), { target: { value: quantity } });
    }

    it('asks the records once typing pauses, and not while a quantity is not a number', async () => {
      const fetchMock = server({ verdict: null, lines: [] });
      vi.stubGlobal('fetch', fetchMock);
      renderForm();
      claimLineOne('1.');
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(fetchMock).not.toHaveBeenCalled();

      fireEvent.change(screen.getByRole('textbox', { name: 'Disputed quantity, line 1' }), { target: { value: '1' } });
      await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
      expect(operations(fetchMock)[0]).toMatchObject({
        operationName: 'DisputeClaimCheck',
        variables: { reasonCode: 'SHORTAGE', lines: [{ invoiceLineId: 'line-a', amount: '0.05', quantity: '1' }] },
      });
      // No verdict (an invoice without an order): nothing to show.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(screen.queryByText('What our records say')).not.toBeInTheDocument();
    });

    it('shows a supported claim with the figures, the proof of delivery and who signed, and files it', async () => {
      const message = 'The proof of delivery shows 65 of 75 delivered: your claim of 1 matches.';
      const fetchMock = server({ verdict: 'SUPPORTED', lines: [recordsLine('SUPPORTED', message)] });
      vi.stubGlobal('fetch', fetchMock);
      renderForm();
      claimLineOne('1');

      const panel = await screen.findByRole('region', { name: 'What our records say' });
      expect(panel).toHaveTextContent('Our records support your claim');
      expect(panel).toHaveTextContent(message);
      expect(panel).toHaveTextContent('Signed by J. Ruiz');
      expect(panel).toHaveTextContent('Order SO-1001');
      expect(screen.getByRole('link', { name: 'POD-SO-1001.pdf' })).toHaveAttribute(
        'href',
        '/api/documents/doc-9/download?expires=1&sig=abc',
      );
      expect(screen.queryByRole('checkbox', { name: /File anyway/ })).not.toBeInTheDocument();

      fireEvent.click(screen.getByRole('button', { name: 'File dispute' }));
      await waitFor(() => expect(operations(fetchMock).map((op) => op.operationName)).toContain('FileDispute'));
    });

    it('asks for evidence when the records differ, and files once the customer says it will follow', async () => {
      const message =
        'The proof of delivery shows 75 of 75 delivered, signed by J. Ruiz: attach your receiving report if you count otherwise.';
      const fetchMock = server({ verdict: 'CONTRADICTED', lines: [recordsLine('CONTRADICTED', message)] });
      vi.stubGlobal('fetch', fetchMock);
      renderForm();
      claimLineOne('1');

      const panel = await screen.findByRole('region', { name: 'What our records say' });
      expect(panel).toHaveTextContent('Our records differ from your claim');
      expect(panel).toHaveTextContent('attach your receiving report');
      const fileAnyway = screen.getByRole('checkbox', { name: 'File anyway: I will send evidence' });

      fireEvent.click(screen.getByRole('button', { name: 'File dispute' }));
      await waitFor(() => expect(fileAnyway).toHaveAttribute('aria-invalid', 'true'));
      expect(fileAnyway).toHaveAccessibleDescription(expect.stringContaining('Attach your receiving report, or tick'));
      expect(operations(fetchMock).map((op) => op.operationName)).not.toContain('FileDispute');

      fireEvent.click(fileAnyway);
      expect(fileAnyway).not.toHaveAttribute('aria-invalid', 'true');
      fireEvent.click(screen.getByRole('button', { name: 'File dispute' }));
      await waitFor(() => expect(operations(fetchMock).map((op) => op.operationName)).toContain('FileDispute'));
    });

    it('files an unverified claim with a neutral note', async () => {
      const fetchMock = server({
        verdict: 'UNVERIFIED',
        lines: [
          {
            ...recordsLine('UNVERIFIED', 'We have no delivery record for this line yet; attach your receiving report.'),
            delivered: null,
            proofOfDelivery: null,
            receivedBy: '',
          },
        ],
      });
      vi.stubGlobal('fetch', fetchMock);
      renderForm();
      claimLineOne('1');

      const panel = await screen.findByRole('region', { name: 'What our records say' });
      expect(panel).toHaveTextContent("We couldn't verify your claim against our records");
      expect(panel).toHaveTextContent('No record yet');
      expect(panel).not.toHaveTextContent('Signed by');
      fireEvent.click(screen.getByRole('button', { name: 'File dispute' }));
      await waitFor(() => expect(operations(fetchMock).map((op) => op.operationName)).toContain('FileDispute'));
    });
  });
});

describe('descriptionLimitNote', () => {
  it('says nothing far from the limit, counts near it, and says a longer text was cut at it', () => {
    expect(descriptionLimitNote('x'.repeat(100))).toBe('');
    expect(descriptionLimitNote('x'.repeat(3700))).toBe(' 3,700 of 4,000 characters.');
    expect(descriptionLimitNote('x'.repeat(4000))).toBe(' At most 4,000 characters: the rest was not taken.');
  });
});
