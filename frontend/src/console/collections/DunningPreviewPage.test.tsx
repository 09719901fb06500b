import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderConsole } from '../common/testing';
import { DunningPreviewPage } from './DunningPreviewPage';
import { stubOperations, variablesOf } from './testing';

const letter = (accountId: string, accountName: string) => ({
  __typename: 'PlannedReminder',
  accountId,
  accountNumber: `C-${accountId}`,
  accountName,
  levelName: 'Friendly reminder',
  level: 1,
  currency: 'EUR',
  amountDue: '120.00',
  underReviewAmount: '30.00',
  invoiceNumbers: ['INV-1', 'INV-2'],
  recipients: ['ap@example.com'],
});

const preview = (letters: unknown[]) => ({
  dunningPreview: { __typename: 'DunningPreview', letterCount: letters.length, accountsConsidered: 12, shown: letters.length, letters },
});

afterEach(() => vi.unstubAllGlobals());

describe('DunningPreviewPage', () => {
  it('sends the selected accounts’ letters, says what went and looks again', async () => {
    let sentAlready = false;
    const sent = stubOperations({
      CollectionsDunningPreview: () => preview(sentAlready ? [letter('b', 'Bolt Hardware')] : [letter('a', 'Acme Foods'), letter('b', 'Bolt Hardware')]),
      CollectionsSendReminders: () => {
        sentAlready = true;
        return { sendReminders: { __typename: 'RemindersSent', letters: 1, message: '1 reminder(s) sent.' } };
      },
    });
    renderConsole(<DunningPreviewPage />, '/collections/preview');
    const table = await screen.findByRole('table', { name: 'Planned reminders' });
    expect(screen.getByText('2 letters from 12 accounts considered.')).toBeTruthy();
    expect(within(table).getAllByText('€30.00')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Send selected' })).toBeDisabled();

    fireEvent.click(within(table).getByRole('checkbox', { name: 'Select Acme Foods (C-a)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send selected' }));
    expect(await screen.findByText('1 reminder(s) sent.')).toBeTruthy();
    expect(variablesOf(sent, 'CollectionsSendReminders')).toEqual([{ accountIds: ['a'] }]);
    await waitFor(() => expect(screen.queryByText('Acme Foods')).toBeNull());
  });

  it('narrows the preview to the accounts in the URL', async () => {
    const sent = stubOperations({ CollectionsDunningPreview: preview([]) });
    renderConsole(<DunningPreviewPage />, '/collections/preview?accountId=a');
    expect(await screen.findByText('No reminder is due: a run now would send nothing.')).toBeTruthy();
    expect(variablesOf(sent, 'CollectionsDunningPreview')[0]).toEqual({ accountIds: ['a'] });
  });
});
