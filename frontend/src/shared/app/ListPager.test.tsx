import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { ListPager } from './ListPager';

function renderPager(overrides: Partial<Parameters<typeof ListPager>[0]> = {}) {
  const props = {
    label: 'Invoice pages',
    pageIndex: 0,
    pageSize: 25,
    rowCount: 25,
    totalCount: 437,
    hasNextPage: true,
    onPrevious: vi.fn(),
    onNext: vi.fn(),
    locale: 'en-US',
    ...overrides,
  };
  renderWithTheme(<ListPager {...props} />);
  return props;
}

describe('ListPager', () => {
  it('shows the range of the first page and only lets you go forward', () => {
    const props = renderPager();
    expect(screen.getByText('Showing 1–25 of 437')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(props.onNext).toHaveBeenCalledTimes(1);
  });

  it('counts from the page index and goes back', () => {
    const props = renderPager({ pageIndex: 1 });
    expect(screen.getByText('Showing 26–50 of 437')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(props.onPrevious).toHaveBeenCalledTimes(1);
  });

  it('ends the range at the last row on a short last page', () => {
    renderPager({ pageIndex: 17, rowCount: 12, hasNextPage: false });
    expect(screen.getByText('Showing 426–437 of 437')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeEnabled();
  });

  it('groups large counts for the locale', () => {
    renderPager({ pageIndex: 40, totalCount: 12345 });
    expect(screen.getByText('Showing 1,001–1,025 of 12,345')).toBeInTheDocument();
  });

  it('disables both buttons while a page is loading', () => {
    renderPager({ pageIndex: 2, busy: true });
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
  });
});
