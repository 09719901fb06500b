import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../shared/format/dates';
import type { DisputeMessageItemFragment } from '../../shared/graphql/generated';

/**
 * Who staff messages are from. The API does not name the seller (see the
 * report on Dispute.messages), so staff are called what they are to the customer.
 */
export const STAFF_SIDE = 'Supplier staff';

interface DisputeMessagesProps {
  messages: DisputeMessageItemFragment[];
  /** The customer's company, shown before the names of its people. */
  accountName: string | null;
}

/** Who wrote a message, e.g. "Supplier staff · Alex Clerk" or "Northwind Traders · Nora Lindqvist". */
export function messageAuthor(message: DisputeMessageItemFragment, accountName: string | null): string {
  const side = message.fromStaff ? STAFF_SIDE : accountName;
  return side ? `${side} · ${message.authorName}` : message.authorName;
}

/** The conversation with the seller's staff, oldest first; staff messages stand apart in colour and label. */
export function DisputeMessages({ messages, accountName }: DisputeMessagesProps) {
  if (messages.length === 0) {
    return <Text c="dimmed">No messages yet. Write below if you have a question or more to tell us about this dispute.</Text>;
  }
  return (
    <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Conversation">
      {messages.map((message) => (
        <Paper
          key={message.id}
          component="li"
          withBorder
          p="sm"
          bg={message.fromStaff ? 'teal.0' : 'gray.0'}
          ml={message.fromStaff ? 0 : { base: 0, sm: 'xl' }}
          mr={message.fromStaff ? { base: 0, sm: 'xl' } : 0}
          style={message.fromStaff ? { borderLeft: '4px solid var(--mantine-color-teal-7)' } : undefined}
          data-from-staff={message.fromStaff || undefined}
        >
          <Group justify="space-between" gap="xs" mb={4}>
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {messageAuthor(message, accountName)}
              </Text>
              {message.fromStaff && (
                <Badge size="xs" variant="light" color="teal">
                  Staff
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {formatDateTime(message.createdAt)}
            </Text>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {message.body}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
