import { describe, expect, it } from 'vitest';
import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { recoupTheme } from '../shared/app/theme';
import type { UserRole } from '../shared/graphql/generated';
import { ConsoleNav } from './ConsoleNav';

function navLinks(role: UserRole): string[] {
  render(
    <MantineProvider theme={recoupTheme}>
      <MemoryRouter initialEntries={['/invoices']}>
        <ConsoleNav role={role} />
      </MemoryRouter>
    </MantineProvider>,
  );
  const nav = screen.getByRole('navigation', { name: 'Main' });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent ?? '');
}

describe('ConsoleNav', () => {
  it('leaves Collections out for AR clerks, whom the API refuses it, and keeps the rest', () => {
    expect(navLinks('AR_CLERK')).toEqual([
      'Queue',
      'Dashboard',
      'Reports',
      'Documents',
      'Invoices',
      'Orders',
      'Discrepancies',
      'Cash',
      'Feeds',
      'Administration',
    ]);
  });

  it.each<UserRole>(['COLLECTOR', 'CREDIT_MANAGER', 'ADMIN'])('offers Collections to %s', (role) => {
    expect(navLinks(role)).toEqual([
      'Queue',
      'Dashboard',
      'Reports',
      'Documents',
      'Invoices',
      'Orders',
      'Discrepancies',
      'Collections',
      'Cash',
      'Feeds',
      'Administration',
    ]);
  });

  it('marks the current page', () => {
    navLinks('AR_CLERK');
    expect(screen.getByRole('link', { name: 'Invoices' })).toHaveAttribute('aria-current', 'page');
  });
});
