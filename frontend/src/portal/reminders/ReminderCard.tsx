import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { formatDate } from '../../shared/format/dates';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import type { ReminderCardFragment } from '../../shared/graphql/generated';
import { FactList, type Fact } from '../../shared/invoices/InvoiceFacts';
import { ReminderAnswers, type ReminderAnswer } from './ReminderAnswers';
import { ReminderItemsTable } from './ReminderItemsTable';
import { dueItems, underReviewItems } from './reminderAnswers';

interface ReminderCardProps {
  reminder: ReminderCardFragment;
  onPromised: () => void;
  initialAnswer?: ReminderAnswer | null;
}

/**
 * One reminder received: its number, level, day and amount due, its PDF, the
 * invoices it asks for, the disputed ones listed apart as not due, and the
 * customer's answers.
 */
export function ReminderCard({ reminder, onPromised, initialAnswer }: ReminderCardProps) {
  const headingId = `reminder-${reminder.id}-heading`;
  const due = dueItems(reminder);
  const underReview = underReviewItems(reminder);
  const money = (amount: string) => formatMoney(amount, reminder.currency);
  const facts: Fact[] = [
    { label: 'Level', value: reminder.levelName },
    { label: 'Sent on', value: formatDate(reminder.sentOn) },
    { label: 'Amount due', value: <Text span fw={700}>{money(reminder.amountDue)}</Text> },
  ];
  if (reminder.stillDue !== reminder.amountDue) {
    facts.push({ label: 'Still due now', value: <Text span fw={700}>{money(reminder.stillDue)}</Text> });
  }
  if (!isZeroAmount(reminder.underReviewAmount)) {
    facts.push({ label: 'Under review, not due now', value: money(reminder.underReviewAmount) });
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-reminder-id={reminder.id}>
      <Stack gap="md">
        <Group justify="space-between" align="center" gap="sm">
          <Group gap="sm" align="center">
            <Title order={2} size="h4" id={headingId}>
              Reminder {reminder.number}
            </Title>
            <Badge variant="light" color="orange" radius="sm">
              {reminder.levelName}
            </Badge>
          </Group>
          {/* A plain link: the browser downloads the PDF with the session cookie. */}
          <Anchor href={reminder.pdfUrl} size="sm" aria-label={`Download PDF of reminder ${reminder.number}`}>
            Download PDF
          </Anchor>
        </Group>
        <FactList label={`Reminder ${reminder.number}`} facts={facts} />
        {due.length > 0 && (
          <ReminderItemsTable
            label={`Due on reminder ${reminder.number}`}
            items={due}
            currency={reminder.currency}
            amountLabel="Amount due"
          />
        )}
        {underReview.length > 0 && (
          <Stack gap={4}>
            <Title order={3} size="h5">
              Under review — not due now
            </Title>
            <Text size="sm" c="dimmed">
              You disputed these invoices. Their disputed money is not due while we review it.
            </Text>
            <ReminderItemsTable
              label={`Under review on reminder ${reminder.number}`}
              items={underReview}
              currency={reminder.currency}
              amountLabel="Under review"
            />
          </Stack>
        )}
        <ReminderAnswers reminder={reminder} onPromised={onPromised} initialAnswer={initialAnswer} />
      </Stack>
    </Paper>
  );
}
