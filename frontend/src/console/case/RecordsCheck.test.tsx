import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderConsole } from '../common/testing';
import { RecordsCheck } from './RecordsCheck';

describe('RecordsCheck', () => {
  it('shows the verdict and the comparison line by line', () => {
    renderConsole(<RecordsCheck verdict="SUPPORTED" detail={'Line 1: 10 invoiced, 8 delivered (POD)\nLine 2: price 12.00 above the order’s 10.00'} />);
    const section = screen.getByRole('region', { name: 'Checked against our records' });
    expect(within(section).getByText('Supported by our records')).toBeInTheDocument();
    expect(within(section).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Line 1: 10 invoiced, 8 delivered (POD)',
      'Line 2: price 12.00 above the order’s 10.00',
    ]);
  });

  it('shows nothing when no claimed line has an order', () => {
    renderConsole(<RecordsCheck verdict={null} detail="" />);
    expect(screen.queryByRole('region', { name: 'Checked against our records' })).toBeNull();
    expect(screen.queryByText(/our records/)).toBeNull();
  });
});
