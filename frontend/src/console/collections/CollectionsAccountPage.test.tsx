import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { renderConsole } from '../common/testing';
import { CollectionsAccountPage } from './CollectionsAccountPage';
import { PRIORITY, STAFF, stubOperations, variablesOf } from './testing';

const item = (invoiceId: string, number: string, dueNow: string) => ({
  __typename: 'OpenItem',
  invoiceId,
  number,
  dueDate: '2026-10-01',
  daysOverdue: 30,
  openBalance: dueNow,
  disputedAmount: '0.00',
  promised: '0.00',
  dueNow,
  currency: 'USD',
  lastReminderLevel: 1,
});

const VIEW = {
  __typename: 'CollectionsAccount',
  account: { __typename: 'CustomerAccount', id: 'acc-1', number: 'C-1001', name: 'Acme Foods', currency: 'USD' },
  credit: {
    __typename: 'CreditSummary',
    currency: 'USD',
    creditLimit: '1000.00',
    exposure: '1250.00',
    current: '250.00',
    pastDueUndisputed: '1000.00',
    inDispute: '0.00',
    availableCredit: '-250.00',
    promised: '0.00',
    onHold: true,
    holdReasons: ['Over the credit limit'],
    holdSince: '2026-11-01T09:00:00+00:00',
    asOf: '2026-11-30',
  },
  profile: {
    __typename: 'CreditProfile',
    creditLimit: '1000.00',
    currency: 'USD',
    riskClass: 'HIGH',
    paymentTermsDays: 30,
    creditReviewOn: null,
    version: 7,
  },
  priority: PRIORITY,
  collectorId: null,
  collectorName: null,
  nextActionOn: null,
  dunningPausedUntil: null,
  dunningPauseReason: '',
  openItems: [item('inv-1', 'INV-1', '0.10'), item('inv-2', 'INV-2', '0.20'), item('inv-3', 'INV-3', '0.00')],
  holds: [],
  promises: [],
  reminders: [],
  contacts: [],
  people: [
    { __typename: 'AccountPerson', fullName: 'Lena Ward', email: 'ap@litware.example', isAdmin: true, isActive: true, receivesInvoices: true, receivesReminders: false },
  ],
};

const answer = (role: string) => ({
  viewer: { __typename: 'Viewer', id: 'me', role },
  collectionsAccount: VIEW,
});

function renderAccount() {
  return renderConsole(
    <Routes>
      <Route path="/collections/accounts/:accountId" element={<CollectionsAccountPage />} />
    </Routes>,
    '/collections/accounts/acc-1',
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('CollectionsAccountPage', () => {
  it('shows a collector the hold and its reasons, over-limit credit, and no release or profile form', async () => {
    stubOperations({ CollectionsAccountPage: answer('COLLECTOR'), ConsoleStaffMembers: STAFF, CollectionsContactOutcomes: { contactOutcomes: [] } });
    renderAccount();
    expect(await screen.findByRole('heading', { name: 'Acme Foods' })).toBeTruthy();
    expect(screen.getByText('Over the credit limit')).toBeVisible();
    expect(screen.getByText('Over the limit by $250.00')).toBeVisible();
    expect(screen.getByText('Only a credit manager can release the hold.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Release hold' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save credit profile' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Open cases in the queue' }).getAttribute('href')).toContain('accountIds=acc-1');
    // whom to call, and who receives what
    const contacts = screen.getByRole('list', { name: 'Contacts at the customer' });
    expect(within(contacts).getByText('Lena Ward')).toBeVisible();
    expect(within(contacts).getByText('Receives invoices')).toBeVisible();
    expect(within(contacts).queryByText('Receives reminders')).toBeNull();
  });

  it('lets a credit manager change the profile with its version and shows a conflict', async () => {
    const sent = stubOperations({
      CollectionsAccountPage: answer('CREDIT_MANAGER'),
      ConsoleStaffMembers: STAFF,
      CollectionsContactOutcomes: { contactOutcomes: [] },
      CollectionsChangeCreditProfile: {
        changeCreditProfile: { __typename: 'ConflictResult', message: 'Someone changed this account meanwhile; reload it.' },
      },
    });
    renderAccount();
    const limit = await screen.findByRole('textbox', { name: 'Credit limit (USD)' });
    fireEvent.change(limit, { target: { value: '2500.00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save credit profile' }));
    expect(await screen.findByText('Someone changed this account meanwhile; reload it.')).toBeTruthy();
    expect(variablesOf(sent, 'CollectionsChangeCreditProfile')).toEqual([
      { accountId: 'acc-1', version: 7, creditLimit: '2500.00', riskClass: 'HIGH', paymentTermsDays: 30, creditReviewOn: null },
    ]);
    expect(screen.getByRole('button', { name: 'Reload the account' })).toBeTruthy();

    // a release needs a note before anything is sent
    fireEvent.click(screen.getByRole('button', { name: 'Release hold' }));
    expect(await screen.findByText('Say why the hold is released.')).toBeTruthy();
    expect(variablesOf(sent, 'CollectionsReleaseCreditHold')).toEqual([]);
  });

  it('prefills a promise with the chosen invoices’ exact due-now sum and shows a refused date beside its field', async () => {
    const sent = stubOperations({
      CollectionsAccountPage: answer('COLLECTOR'),
      ConsoleStaffMembers: STAFF,
      CollectionsContactOutcomes: { contactOutcomes: [] },
      CollectionsRecordPromise: {
        recordPromiseToPay: {
          __typename: 'InvalidInputResult',
          errors: [{ __typename: 'FieldError', field: 'promisedOn', code: 'date_too_far', message: 'Promise a date within the next 180 days.' }],
        },
      },
    });
    renderAccount();
    const table = await screen.findByRole('table', { name: 'Open items' });
    expect(within(table).getByRole('checkbox', { name: 'Promise for INV-3' })).toBeDisabled();
    fireEvent.click(within(table).getByRole('checkbox', { name: 'Promise for INV-1' }));
    fireEvent.click(within(table).getByRole('checkbox', { name: 'Promise for INV-2' }));
    const form = screen.getByRole('form', { name: 'Record promise to pay' });
    expect(within(form).getByRole('textbox', { name: 'Amount' })).toHaveValue('0.30');

    const date = within(form).getByLabelText('Promised payment date');
    fireEvent.change(date, { target: { value: '2027-12-31' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record promise' }));
    expect(await within(form).findByText('Promise a date within the next 180 days.')).toBeTruthy();
    expect(date).toHaveAttribute('aria-invalid', 'true');
    expect(variablesOf(sent, 'CollectionsRecordPromise')).toEqual([
      { accountId: 'acc-1', invoiceIds: ['inv-1', 'inv-2'], amount: '0.30', promisedOn: '2027-12-31', note: '' },
    ]);
  });
});
