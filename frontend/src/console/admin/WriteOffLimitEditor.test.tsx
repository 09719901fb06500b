import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderAdmin, sentVariables, stubGraphql } from './testing';
import { WriteOffLimitEditor } from './WriteOffLimitEditor';

function saved(maxAmount: string | null) {
  return {
    setWriteOffLimit: {
      __typename: 'SettingSaved',
      writeOffLimit: { __typename: 'WriteOffLimit', role: 'ar_clerk', maxAmount },
      reasonCode: null,
      routingRule: null,
      staffUser: null,
      savedView: null,
    },
  };
}

function renderEditor(maxAmount: string | null | undefined) {
  const onSaved = vi.fn();
  renderAdmin(<WriteOffLimitEditor role="ar_clerk" maxAmount={maxAmount} onSaved={onSaved} onCancel={() => {}} />);
  return onSaved;
}

const amountInput = () => screen.getByRole('textbox', { name: 'Maximum per case' });

afterEach(() => vi.unstubAllGlobals());

describe('WriteOffLimitEditor', () => {
  it('sends the amount exactly as typed, as a decimal string', async () => {
    const fetchMock = stubGraphql(saved('300.50'));
    const onSaved = renderEditor('250.00');
    expect(amountInput()).toHaveValue('250.00');
    expect(screen.getByRole('checkbox', { name: 'No limit' })).not.toBeChecked();

    fireEvent.change(amountInput(), { target: { value: ' 300.50 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save limit' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(sentVariables(fetchMock)).toEqual({ role: 'ar_clerk', maxAmount: '300.50' });
  });

  it('sends null for "No limit"', async () => {
    const fetchMock = stubGraphql(saved(null));
    const onSaved = renderEditor('5000.00');

    fireEvent.click(screen.getByRole('checkbox', { name: 'No limit' }));
    expect(amountInput()).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Save limit' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(sentVariables(fetchMock)).toEqual({ role: 'ar_clerk', maxAmount: null });
  });

  it('starts from "No limit" for an unlimited role', () => {
    stubGraphql(saved(null));
    renderEditor(null);
    expect(screen.getByRole('checkbox', { name: 'No limit' })).toBeChecked();
    expect(amountInput()).toBeDisabled();
    expect(amountInput()).toHaveValue('');
  });

  it('sends nothing for text that is no amount, and says so beside the field', async () => {
    const fetchMock = stubGraphql(saved('1.00'));
    const onSaved = renderEditor(undefined);

    fireEvent.click(screen.getByRole('button', { name: 'Save limit' }));
    await waitFor(() => expect(amountInput()).toHaveAccessibleDescription('Enter an amount, or tick "No limit".'));

    fireEvent.change(amountInput(), { target: { value: '1,000' } });
    expect(amountInput()).not.toHaveAccessibleDescription();
    fireEvent.click(screen.getByRole('button', { name: 'Save limit' }));
    await waitFor(() => expect(amountInput()).toHaveAccessibleDescription(/Enter an amount as a number/));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it("shows the server's field error beside the amount", async () => {
    const message = 'Use at most two decimals (cents).';
    stubGraphql({
      setWriteOffLimit: {
        __typename: 'InvalidInputResult',
        errors: [{ __typename: 'FieldError', field: 'maxAmount', code: 'amount_too_precise', message }],
      },
    });
    const onSaved = renderEditor('250.00');

    fireEvent.change(amountInput(), { target: { value: '250.005' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save limit' }));

    await waitFor(() => expect(amountInput()).toHaveAccessibleDescription(message));
    expect(amountInput()).toHaveAttribute('aria-invalid', 'true');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it("shows a refusal in the server's words", async () => {
    stubGraphql({ setWriteOffLimit: { __typename: 'NotPermittedResult', message: 'Only an admin can change this.' } });
    const onSaved = renderEditor('250.00');

    fireEvent.click(screen.getByRole('button', { name: 'Save limit' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The limit was not changed');
    expect(alert).toHaveTextContent('Only an admin can change this.');
    expect(onSaved).not.toHaveBeenCalled();
  });
});
