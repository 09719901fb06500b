import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { OrderStatusBadge } from './OrderStatusBadge';
import { ORDER_STATUSES, isOrderStatus, orderStatusLook, orderStatusOption } from './orderStatus';

describe('order statuses', () => {
  it('knows every status the schema defines, in the order a customer follows an order', () => {
    expect(ORDER_STATUSES).toEqual([
      'RECEIVED',
      'ON_HOLD',
      'REJECTED',
      'APPROVED',
      'SHIPPED',
      'DELIVERED',
      'INVOICED',
      'PAID',
      'CLOSED',
    ]);
    expect(isOrderStatus('ON_HOLD')).toBe(true);
    expect(isOrderStatus('on_hold')).toBe(false);
    expect(isOrderStatus('constructor')).toBe(false);
  });

  it('says each in plain words', () => {
    expect(ORDER_STATUSES.map((status) => orderStatusLook(status).label)).toEqual([
      'Received',
      'On hold',
      'Rejected',
      'Approved',
      'Shipped',
      'Delivered',
      'Invoiced',
      'Paid',
      'Closed',
    ]);
  });

  it('explains a hold as waiting for credit approval, in the filter too', () => {
    expect(orderStatusLook('ON_HOLD').hint).toBe('Waiting for credit approval');
    expect(orderStatusOption('ON_HOLD')).toBe('On hold (waiting for credit approval)');
    expect(orderStatusOption('SHIPPED')).toBe('Shipped');
  });

  it('renders the label in a badge, with the hint when asked', () => {
    renderWithTheme(<OrderStatusBadge status="ON_HOLD" withHint />);
    expect(screen.getByText('On hold').closest('[data-status]')).toHaveAttribute('data-status', 'ON_HOLD');
    expect(screen.getByText('Waiting for credit approval')).toBeInTheDocument();
  });
});
