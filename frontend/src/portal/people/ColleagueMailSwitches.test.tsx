import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { Provider } from 'urql';
import { recoupTheme } from '../../shared/app/theme';
import { createGraphqlClient } from '../../shared/graphql/client';
import { ColleagueMailSwitches } from './ColleagueMailSwitches';

const COLLEAGUE = {
  id: 'u-2',
  email: 'ap@northwind.example',
  fullName: 'Pat Payables',
  role: 'CUSTOMER_USER' as const,
  isActive: true,
  invitationPending: false,
  receivesInvoices: false,
  receivesReminders: true,
};

function json(data: unknown): Response {
  return new Response(JSON.stringify({ data }), { headers: { 'Content-Type': 'application/json' } });
}

function renderSwitches(editable = true) {
  render(
    <MantineProvider theme={recoupTheme}>
      <Provider value={createGraphqlClient()}>
        <ColleagueMailSwitches colleague={COLLEAGUE} editable={editable} />
      </Provider>
    </MantineProvider>,
  );
}

const invoicesBox = () => screen.getByRole('checkbox', { name: 'Pat Payables receives invoices' });
const remindersBox = () => screen.getByRole('checkbox', { name: 'Pat Payables receives reminders' });

afterEach(() => vi.unstubAllGlobals());

describe('ColleagueMailSwitches', () => {
  it('saves both choices when one is ticked', async () => {
    const fetchMock = vi.fn().mockResolvedValue(
      json({ setColleagueMail: { __typename: 'ColleagueSaved', colleague: { __typename: 'Colleague', ...COLLEAGUE, receivesInvoices: true } } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderSwitches();
    expect(invoicesBox()).not.toBeChecked();
    expect(remindersBox()).toBeChecked();

    fireEvent.click(invoicesBox());

    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const sent = JSON.parse((fetchMock.mock.calls[0]?.[1] as RequestInit).body as string);
    expect(sent.variables).toEqual({ userId: 'u-2', receivesInvoices: true, receivesReminders: true });
    await waitFor(() => expect(invoicesBox()).toBeChecked());
  });

  it("goes back and says why when the server refuses", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        json({ setColleagueMail: { __typename: 'NotPermittedResult', message: "Only your account's administrator can do this." } }),
      ),
    );
    renderSwitches();
    fireEvent.click(remindersBox());
    expect(await screen.findByRole('alert')).toHaveTextContent("Only your account's administrator can do this.");
    expect(remindersBox()).toBeChecked();
  });

  it('shows the choices read-only to someone who may not change them', () => {
    renderSwitches(false);
    expect(invoicesBox()).toBeDisabled();
    expect(remindersBox()).toBeDisabled();
  });
});
