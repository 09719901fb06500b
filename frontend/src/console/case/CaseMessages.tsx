import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../shared/format/dates';
import type { CaseDetailFragment } from '../../shared/graphql/generated';

export const INTERNAL_NOTE = 'Internal note — not visible to the customer';

type Message = CaseDetailFragment['messages'][number];

function look(message: Message) {
  if (message.isInternal) return { bg: 'yellow.0', border: 'var(--mantine-color-yellow-7)' };
  if (message.fromStaff) return { bg: 'teal.0', border: 'var(--mantine-color-teal-7)' };
  return { bg: 'gray.0', border: 'var(--mantine-color-gray-5)' };
}

/** The conversation with the customer and the staff's internal notes, oldest first. */
export function CaseMessages({ messages, accountName }: { messages: Message[]; accountName: string }) {
  if (messages.length === 0) return <Text c="dimmed">No messages or notes yet.</Text>;
  return (
    <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Messages">
      {messages.map((message) => {
        const { bg, border } = look(message);
        return (
          <Paper
            key={message.id}
            component="li"
            withBorder
            p="sm"
            bg={bg}
            style={{ borderLeft: `4px solid ${border}` }}
            data-internal={message.isInternal || undefined}
          >
            <Group justify="space-between" gap="xs" mb={4}>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {message.fromStaff ? message.authorName : `${message.authorName} (${accountName})`}
                </Text>
                {message.isInternal ? (
                  <Badge size="sm" color="yellow" variant="filled" radius="sm" c="dark">
                    {INTERNAL_NOTE}
                  </Badge>
                ) : (
                  <Badge size="xs" variant="light" color={message.fromStaff ? 'teal' : 'gray'}>
                    {message.fromStaff ? 'Staff, to the customer' : 'Customer'}
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
        );
      })}
    </Stack>
  );
}
