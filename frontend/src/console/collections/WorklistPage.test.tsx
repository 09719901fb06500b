import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { renderConsole } from '../common/testing';
import { PRIORITY, STAFF, stubOperations, variablesOf } from './testing';
import { WorklistPage } from './WorklistPage';

const entry = (id: string, name: string, onHold = false) => ({
  __typename: 'WorklistEntry',
  account: { __typename: 'CustomerAccount', id, number: `C-${id}`, name },
  currency: 'USD',
  pastDueUndisputed: '1000.00',
  inDispute: '0.00',
  exposure: '1500.00',
  creditLimit: '5000.00',
  riskClass: 'HIGH',
  priority: PRIORITY,
  onHold,
  brokenPromises: 1,
  promised: '0.00',
  collectorName: null,
  collectorId: null,
  nextActionOn: null,
  dunningPausedUntil: null,
});

const page = (entries: unknown[]) => ({
  collectionsWorklist: {
    __typename: 'WorklistPage',
    totalCount: entries.length,
    pastDueTotals: [
      { __typename: 'MoneyTotal', currency: 'EUR', amount: '10.00' },
      { __typename: 'MoneyTotal', currency: 'USD', amount: '1000.50' },
    ],
    pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
    entries,
  },
});

function Location() {
  return <output aria-label="location">{useLocation().search}</output>;
}

function renderWorklist(path = '/collections') {
  return renderConsole(
    <Routes>
      <Route
        path="/collections"
        element={
          <>
            <WorklistPage />
            <Location />
          </>
        }
      />
    </Routes>,
    path,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('WorklistPage', () => {
  it('ranks accounts with the priority explained on screen and an On hold badge', async () => {
    stubOperations({ CollectionsWorklist: page([entry('a1', 'Acme Foods', true)]), ConsoleStaffMembers: STAFF });
    renderWorklist();
    const table = await screen.findByRole('table', { name: 'Accounts' });
    const row = within(table).getByRole('link', { name: 'Acme Foods' }).closest('tr')!;
    expect(within(row).getByText(PRIORITY.explanation)).toBeVisible();
    expect(within(row).getByText('On hold')).toBeVisible();
    expect(within(row).getByText('$1,000.00')).toBeVisible();
    // the past-due totals per currency, never added across currencies
    expect(screen.getByTestId('worklist-totals').textContent).toContain('€10.00 + $1,000.50');
  });

  it('keeps the filters in the URL and sends them', async () => {
    const sent = stubOperations({ CollectionsWorklist: page([]), ConsoleStaffMembers: STAFF });
    renderWorklist('/collections?onHold=true');
    expect(await screen.findByText('No account matches these filters.')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Mine' }));
    await waitFor(() => expect(screen.getByLabelText('location').textContent).toBe('?mine=true&onHold=true'));
    await waitFor(() => expect(variablesOf(sent, 'CollectionsWorklist')).toHaveLength(2));
    expect(variablesOf(sent, 'CollectionsWorklist')[1]?.filter).toMatchObject({ mine: true, onHold: true });
  });

  it('sends reminders to the selected accounts and shows what the server said', async () => {
    const sent = stubOperations({
      CollectionsWorklist: page([entry('a1', 'Acme Foods'), entry('a2', 'Bolt Hardware')]),
      ConsoleStaffMembers: STAFF,
      CollectionsSendReminders: { sendReminders: { __typename: 'RemindersSent', letters: 1, message: '1 reminder(s) sent.' } },
    });
    renderWorklist();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Bolt Hardware (C-a2)' }));
    const bar = screen.getByRole('region', { name: 'Selected accounts' });
    fireEvent.click(within(bar).getByRole('button', { name: 'Send reminders' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Send reminders to 1 account' }));
    expect(await screen.findByText('1 reminder(s) sent.')).toBeTruthy();
    expect(variablesOf(sent, 'CollectionsSendReminders')).toEqual([{ accountIds: ['a2'] }]);
  });

  it('shows a refused assignment beside the collector field', async () => {
    stubOperations({
      CollectionsWorklist: page([entry('a1', 'Acme Foods')]),
      ConsoleStaffMembers: STAFF,
      CollectionsAssignCollector: {
        assignCollector: {
          __typename: 'InvalidInputResult',
          errors: [{ __typename: 'FieldError', field: 'collectorId', code: 'not_a_collector', message: 'Choose an active collector or credit manager.' }],
        },
      },
    });
    renderWorklist();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Acme Foods (C-a1)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Assign collector' }));
    const select = await screen.findByRole('combobox', { name: 'Collector' });
    // only people who may collect are offered
    expect(within(select).queryByRole('option', { name: 'Alex Clerk' })).toBeNull();
    fireEvent.change(select, { target: { value: 'u-col' } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    expect(await screen.findByText('Choose an active collector or credit manager.')).toBeTruthy();
    expect(select).toHaveAttribute('aria-invalid', 'true');
  });
});
