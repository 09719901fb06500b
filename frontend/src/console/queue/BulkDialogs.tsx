import { useState } from 'react';
import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { sumDecimals } from '../../shared/format/decimal';
import { formatMoney } from '../../shared/format/money';
import type { QueueRowFragment, RootCause } from '../../shared/graphql/generated';
import { useRootCause } from '../case/RootCauseSelect';

/** The selection's total per currency, e.g. "$1,250.00 + €80.00" (amounts in different currencies never add up). */
export function totalsByCurrency(rows: Pick<QueueRowFragment, 'amount' | 'currency'>[]): string {
  const byCurrency = new Map<string, string[]>();
  rows.forEach((row) => byCurrency.set(row.currency, [...(byCurrency.get(row.currency) ?? []), row.amount]));
  return [...byCurrency.entries()].map(([currency, amounts]) => formatMoney(sumDecimals(amounts), currency)).join(' + ');
}

const cases = (count: number) => (count === 1 ? '1 case' : `${count} cases`);

interface BulkDialogProps {
  opened: boolean;
  rows: QueueRowFragment[];
  busy: boolean;
  error: string | null;
  onClose: () => void;
}

/** Confirms approving the selected cases in full (each gets a credit memo for its whole claim). */
export function BulkApproveDialog({ opened, rows, busy, error, onClose, onConfirm }: BulkDialogProps & { onConfirm: (note: string, rootCause: RootCause) => void }) {
  const [note, setNote] = useState('');
  const cause = useRootCause(busy);
  return (
    <Modal opened={opened} onClose={() => !busy && onClose()} title={`Approve ${cases(rows.length)} in full?`} centered>
      <Stack gap="md">
        <Text size="sm">
          Each case is credited for its whole claim ({totalsByCurrency(rows)} in all) with its own credit memo, and each
          customer is told. Cases someone changed meanwhile are left as they are and listed afterwards.
        </Text>
        {error && (
          <Alert color="red" variant="light" role="alert" title="Nothing was approved">
            {error}
          </Alert>
        )}
        {cause.field}
        <Textarea label="Note (optional)" autosize minRows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.currentTarget.value)} disabled={busy} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            onClick={() => {
              const chosen = cause.require();
              if (chosen) onConfirm(note.trim(), chosen);
            }}
            loading={busy}
          >
            Approve {cases(rows.length)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Asks why the selected cases are written off; each must be within the user's write-off limit. */
export function BulkWriteOffDialog({ opened, rows, busy, error, onClose, onConfirm }: BulkDialogProps & { onConfirm: (reason: string, rootCause: RootCause) => void }) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const cause = useRootCause(busy);
  function confirm() {
    setReasonError(reason.trim() === '' ? 'Say why these cases are written off.' : null);
    const chosen = cause.require();
    if (reason.trim() !== '' && chosen) onConfirm(reason.trim(), chosen);
  }
  return (
    <Modal opened={opened} onClose={() => !busy && onClose()} title={`Write off ${cases(rows.length)}?`} centered>
      <Stack gap="md">
        <Text size="sm">
          The claims ({totalsByCurrency(rows)} in all) are written off their invoices and no longer pursued. A case
          above your role's write-off limit is left open and listed afterwards.
        </Text>
        <List size="sm">
          {rows.slice(0, 5).map((row) => (
            <List.Item key={row.id}>
              {row.invoiceNumber} · {row.accountName} · {formatMoney(row.amount, row.currency)}
            </List.Item>
          ))}
          {rows.length > 5 && <List.Item>and {rows.length - 5} more</List.Item>}
        </List>
        {error && (
          <Alert color="red" variant="light" role="alert" title="Nothing was written off">
            {error}
          </Alert>
        )}
        <Textarea
          label="Reason"
          description="Kept in each case's audit trail."
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          error={reasonError}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setReasonError(null);
          }}
          disabled={busy}
          data-autofocus
        />
        {cause.field}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color="orange" onClick={confirm} loading={busy}>
            Write off {cases(rows.length)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
