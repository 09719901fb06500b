import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { AmountRangeInputs } from './AmountRangeInputs';

afterEach(() => vi.useRealTimers());

describe('AmountRangeInputs', () => {
  it('sends a typed amount once typing stops, and refuses only what cannot be sent', () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    renderWithTheme(<AmountRangeInputs amountMin="" amountMax="" onChange={onChange} serverError={null} />);

    fireEvent.change(screen.getByLabelText('Total from'), { target: { value: '12.345' } });
    fireEvent.change(screen.getByLabelText('Total up to'), { target: { value: '1,000' } });
    act(() => vi.advanceTimersByTime(450));

    // More than two decimals is the server's to refuse; a comma could not be sent at all.
    expect(onChange).toHaveBeenCalledWith('amountMin', '12.345');
    expect(onChange).not.toHaveBeenCalledWith('amountMax', expect.anything());
    expect(screen.getByLabelText('Total up to')).toHaveAccessibleDescription(
      'Enter an amount in digits, e.g. 1500 or 1500.50.',
    );
  });

  it("shows the server's refusal and ties it to the amount that was sent", () => {
    const message = 'Amount filters are zero or more, with at most two decimals.';
    renderWithTheme(<AmountRangeInputs amountMin="12.345" amountMax="" onChange={vi.fn()} serverError={message} />);

    expect(screen.getByRole('alert')).toHaveTextContent(message);
    expect(screen.getByLabelText('Total from')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Total from')).toHaveAccessibleErrorMessage(message);
    expect(screen.getByLabelText('Total up to')).not.toHaveAttribute('aria-invalid', 'true');
  });
});
