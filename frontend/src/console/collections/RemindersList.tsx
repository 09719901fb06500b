import { Anchor, Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { formatDate } from '../../shared/format/dates';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import type { CollectionsReminderFragment } from '../../shared/graphql/generated';
import { daysText } from './collectionsLabels';

/** The reminder letters sent to the account, with their PDFs; disputed items are listed apart as under review. */
export function RemindersList({ reminders }: { reminders: CollectionsReminderFragment[] }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="reminders-heading">
      <Title order={2} size="h3" id="reminders-heading">
        Reminders sent
      </Title>
      {reminders.length === 0 ? (
        <Text c="dimmed">No reminder has been sent.</Text>
      ) : (
        <Stack gap="xs" component="ul" aria-label="Reminders sent" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {reminders.map((reminder) => (
            <ReminderCard key={reminder.id} reminder={reminder} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function ReminderCard({ reminder }: { reminder: CollectionsReminderFragment }) {
  const money = (amount: string) => formatMoney(amount, reminder.currency);
  const due = reminder.items.filter((item) => !item.underReview);
  const underReview = reminder.items.filter((item) => item.underReview);
  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap={4}>
        <Group gap="sm" justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Text fw={700}>{reminder.number}</Text>
            <Badge variant="light">
              {reminder.level}. {reminder.levelName}
            </Badge>
            <Text size="sm">sent {formatDate(reminder.sentOn)}</Text>
          </Group>
          <Anchor href={reminder.pdfUrl} download size="sm">
            Download PDF of {reminder.number}
          </Anchor>
        </Group>
        <Text size="sm">
          Amount due: <strong>{money(reminder.amountDue)}</strong>
          {!isZeroAmount(reminder.underReviewAmount) && ` · under review: ${money(reminder.underReviewAmount)}`}
        </Text>
        <Text size="sm" c="dimmed">
          To {reminder.recipients.length > 0 ? reminder.recipients.join(', ') : 'nobody'}
        </Text>
        {due.length > 0 && (
          <List size="sm" aria-label={`Items due on ${reminder.number}`}>
            {due.map((item) => (
              <List.Item key={item.invoiceId}>
                {item.invoiceNumber}: {money(item.amount)}, due {formatDate(item.dueDate)}
                {item.daysOverdue > 0 && ` (${daysText(item.daysOverdue)} overdue)`}
              </List.Item>
            ))}
          </List>
        )}
        {underReview.length > 0 && (
          <>
            <Text size="sm" fw={600}>
              Under review (disputed, not asked for)
            </Text>
            <List size="sm" aria-label={`Items under review on ${reminder.number}`}>
              {underReview.map((item) => (
                <List.Item key={item.invoiceId}>
                  {item.invoiceNumber}: {money(item.amount)} under review
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Paper>
  );
}
