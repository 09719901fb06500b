import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderConsole, sentVariables, stubGraphql } from '../common/testing';
import { ApproveDialog, partialAmountProblem } from './ApproveDialog';

const CONFLICT = {
  approveCase: {
    __typename: 'ConflictResult',
    message: 'Someone else changed this case a moment ago. Reload it to see what changed, then decide again.',
  },
};

function approved() {
  // Only what the dialog reads; the cache does not need the whole case.
  return {
    approveCase: {
      __typename: 'CaseUpdated',
      case: null,
      creditMemo: { __typename: 'CreditMemo', id: 'm1', number: 'CM-000042', amount: '6.00' },
    },
  };
}

/** The dialog on a page that reloads the case (version 3 → 4) when asked to. */
function Harness(props: { onDone: () => void; onReload: () => void }) {
  const [version, setVersion] = useState(3);
  const reload = () => {
    props.onReload();
    setVersion(4);
  };
  return <ApproveDialog caseId="c1" version={version} amount="10.00" currency="USD" onDone={props.onDone} onClose={() => {}} onReload={reload} />;
}

function renderDialog() {
  const props = { onDone: vi.fn(), onReload: vi.fn() };
  renderConsole(<Harness {...props} />);
  return props;
}

function chooseRootCause(label = 'Pricing master data') {
  fireEvent.change(screen.getByRole('combobox', { name: /Root cause/ }), {
    target: { value: { 'Pricing master data': 'PRICING_MASTER_DATA', Warehouse: 'WAREHOUSE' }[label] },
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('ApproveDialog', () => {
  it('refuses a partial amount above the claim before sending anything', () => {
    const fetchMock = stubGraphql(approved());
    renderDialog();
    fireEvent.click(screen.getByRole('radio', { name: 'In part' }));
    const amount = screen.getByRole('textbox', { name: 'Amount to approve (USD)' });
    fireEvent.change(amount, { target: { value: '10.01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(amount).toHaveAccessibleDescription(/You can approve at most the claimed 10.00/);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows a conflict with "Reload case", then retries with the same key and the new version', async () => {
    const fetchMock = stubGraphql(CONFLICT, approved());
    const { onDone, onReload } = renderDialog();
    fireEvent.click(screen.getByRole('radio', { name: 'In part' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Amount to approve (USD)' }), { target: { value: '6.00' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Note/ }), { target: { value: ' Price list 2026 applies. ' } });
    chooseRootCause();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Someone else changed this case');
    fireEvent.click(screen.getByRole('button', { name: 'Reload case' }));
    expect(onReload).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(onDone.mock.calls[0]?.[0]).toBe('Approved $6.00: credit memo CM-000042 is issued.');

    const first = sentVariables(fetchMock, 0).input as Record<string, unknown>;
    const second = sentVariables(fetchMock, 1).input as Record<string, unknown>;
    expect(first).toMatchObject({
      caseId: 'c1',
      version: 3,
      amount: '6.00',
      note: 'Price list 2026 applies.',
      rootCause: 'PRICING_MASTER_DATA',
    });
    expect(second).toMatchObject({ caseId: 'c1', version: 4, amount: '6.00' });
    expect(typeof first.idempotencyKey).toBe('string');
    expect(second.idempotencyKey).toBe(first.idempotencyKey);
  });

  it('sends no amount when approving in full', async () => {
    const fetchMock = stubGraphql(approved());
    const { onDone } = renderDialog();
    chooseRootCause('Warehouse');
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(sentVariables(fetchMock).input).toMatchObject({ version: 3, amount: null, note: '', rootCause: 'WAREHOUSE' });
  });

  it('asks for the root cause before sending anything', () => {
    const fetchMock = stubGraphql(approved());
    renderDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(screen.getByRole('combobox', { name: /Root cause/ })).toHaveAccessibleDescription(/Choose what really went wrong/);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('ApproveDialog on a claim our records contradict', () => {
  function renderContradicted() {
    const props = { onDone: vi.fn(), onReload: vi.fn() };
    renderConsole(
      <ApproveDialog
        caseId="c1"
        version={3}
        amount="8.00"
        currency="USD"
        onDone={props.onDone}
        onClose={() => {}}
        onReload={props.onReload}
        contradicted={['Line 2: the difference was already credited (CM-000055).']}
      />,
    );
    return props;
  }

  it('says what the records say and sends nothing until the clerk confirms', async () => {
    const fetchMock = stubGraphql(approved());
    const { onDone } = renderContradicted();
    expect(screen.getByText('Our records contradict this claim')).toBeInTheDocument();
    expect(screen.getByText('Line 2: the difference was already credited (CM-000055).')).toBeInTheDocument();
    chooseRootCause();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    const confirm = screen.getByRole('checkbox', { name: 'I checked the records: approve it anyway' });
    expect(confirm).toHaveAccessibleDescription(/Tick this to approve a claim our records contradict/);
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.click(confirm);
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('asks nothing more when the records do not contradict the claim', async () => {
    stubGraphql(approved());
    const { onDone } = renderDialog();
    expect(screen.queryByText('Our records contradict this claim')).not.toBeInTheDocument();
    chooseRootCause();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
  });
});

describe('partialAmountProblem', () => {
  it('accepts amounts up to the claim with at most two decimals', () => {
    expect(partialAmountProblem('6', '10.00')).toBeNull();
    expect(partialAmountProblem('10.00', '10.00')).toBeNull();
    expect(partialAmountProblem('6.005', '10.00')).toMatch(/two decimals/);
    expect(partialAmountProblem('0.00', '10.00')).toMatch(/more than zero/);
    expect(partialAmountProblem('', '10.00')).toMatch(/Enter the amount/);
    expect(partialAmountProblem('10.01', '10.00')).toMatch(/at most the claimed 10.00/);
  });
});

