import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { recoupTheme } from '../../shared/app/theme';
import { CaseFlags } from './CaseFlags';

function renderFlags(flags: Parameters<typeof CaseFlags>[0]['flags']) {
  render(
    <MantineProvider theme={recoupTheme}>
      <CaseFlags flags={flags} />
    </MantineProvider>,
  );
}

describe('CaseFlags', () => {
  it('lists every flag with its name and the reason the server gave', () => {
    renderFlags([
      {
        code: 'DUPLICATE_CLAIM',
        message: 'Already claimed: case for 120.00 on INV-1004 filed 2026-11-02 (resolved valid)',
        raisedAt: '2026-12-01T09:00:00+00:00',
      },
      { code: 'NO_EVIDENCE', message: 'No document is linked to the case or to its invoice INV-1004', raisedAt: '2026-12-01T09:00:00+00:00' },
    ]);

    const items = within(screen.getByRole('list', { name: 'Validation flags' })).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Duplicate claim');
    expect(items[0]).toHaveTextContent('Already claimed: case for 120.00 on INV-1004 filed 2026-11-02 (resolved valid)');
    expect(items[1]).toHaveTextContent('No evidence');
  });

  it('says so when nothing was flagged', () => {
    renderFlags([]);

    expect(screen.queryByRole('list')).not.toBeInTheDocument();
    expect(screen.getByText(/No flags/)).toBeInTheDocument();
  });
});
