import { useState } from 'react';
import { Anchor, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatMoney } from '../../shared/format/money';
import type { ReminderCardFragment } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';
import { invoiceHref } from '../../shared/invoices/invoiceLinks';
import { PromiseToPayForm } from './PromiseToPayForm';
import { ReportPaidForm } from './ReportPaidForm';
import { dueItems, remittanceReference } from './reminderAnswers';

export type ReminderAnswer = 'pay' | 'promise' | 'disputed' | 'paid';

const ANSWERS: { key: ReminderAnswer; label: string }[] = [
  { key: 'pay', label: 'Pay' },
  { key: 'promise', label: 'Promise to pay' },
  { key: 'disputed', label: 'This is disputed' },
  { key: 'paid', label: 'Already paid' },
];

/** "Pay": what to send and what to quote with it, so the payment is matched to this reminder. */
function PayDetails({ reminder }: { reminder: ReminderCardFragment }) {
  return (
    <Stack gap="sm">
      <Text size="sm">
        Send this amount by your usual payment method and quote the reference with it, so we match it to these
        invoices.
      </Text>
      <FactList
        label={`Payment for reminder ${reminder.number}`}
        facts={[
          { label: 'Amount to send', value: formatMoney(reminder.stillDue, reminder.currency) },
          {
            label: 'Reference to quote',
            value: (
              <Text span ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                {remittanceReference(reminder)}
              </Text>
            ),
          },
        ]}
      />
    </Stack>
  );
}

/** "This is disputed": each due invoice leads to the dispute form for it. */
function DisputeLinks({ reminder }: { reminder: ReminderCardFragment }) {
  return (
    <Stack gap="xs">
      <Text size="sm">
        Tell us what is wrong with an invoice. While we review a dispute, its money is not due and we send no reminders
        for it.
      </Text>
      <List size="sm" spacing={4} aria-label="Invoices you can dispute">
        {dueItems(reminder).map((item) => (
          <List.Item key={item.invoiceId}>
            <Anchor component={Link} to={`${invoiceHref(item.invoiceId)}/dispute`}>
              Dispute invoice {item.invoiceNumber}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

interface ReminderAnswersProps {
  reminder: ReminderCardFragment;
  /** After a promise is recorded: the promises list is asked for again. */
  onPromised: () => void;
  /** Opens with this answer shown (for tests and links); none by default. */
  initialAnswer?: ReminderAnswer | null;
}

/**
 * The customer's one-step answers to a reminder: pay, promise to pay, dispute
 * an invoice, or say it is already paid. One answer is open at a time.
 */
export function ReminderAnswers({ reminder, onPromised, initialAnswer = null }: ReminderAnswersProps) {
  const [open, setOpen] = useState<ReminderAnswer | null>(initialAnswer);
  const headingId = `reminder-${reminder.id}-answers`;
  const panelId = `reminder-${reminder.id}-answer`;

  if (dueItems(reminder).length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing on this reminder is due now: every invoice on it is under review.
      </Text>
    );
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>
        Answer this reminder
      </Title>
      <Group gap="xs" wrap="wrap">
        {ANSWERS.map((answer) => (
          <Button
            key={answer.key}
            variant={open === answer.key ? 'filled' : 'default'}
            aria-expanded={open === answer.key}
            aria-controls={open === answer.key ? panelId : undefined}
            onClick={() => setOpen((current) => (current === answer.key ? null : answer.key))}
          >
            {answer.label}
          </Button>
        ))}
      </Group>
      {open && (
        <Paper withBorder p="md" id={panelId} bg="gray.0">
          {open === 'pay' && <PayDetails reminder={reminder} />}
          {open === 'promise' && <PromiseToPayForm reminder={reminder} onPromised={onPromised} />}
          {open === 'disputed' && <DisputeLinks reminder={reminder} />}
          {open === 'paid' && <ReportPaidForm reminder={reminder} />}
        </Paper>
      )}
    </Stack>
  );
}
