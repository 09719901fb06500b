import { Badge, Group, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { formatDateTime } from '../../shared/format/dates';
import type { CollectionsAccountViewFragment } from '../../shared/graphql/generated';
import { contactKindLabel } from './collectionsLabels';
import { LogContactForm } from './LogContactForm';

type Contact = CollectionsAccountViewFragment['contacts'][number];

interface ContactTimelineProps {
  accountId: string;
  contacts: Contact[];
  onDone: (message: string) => void;
}

/** Calls, e-mails, notes, letters and customer replies on the account, with a form to log one. */
export function ContactTimeline({ accountId, contacts, onDone }: ContactTimelineProps) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="contacts-heading">
      <Title order={2} size="h3" id="contacts-heading">
        Contact log
      </Title>
      <Paper withBorder p="md">
        <LogContactForm accountIds={[accountId]} onDone={onDone} />
      </Paper>
      {contacts.length === 0 ? (
        <Text c="dimmed">Nothing logged yet.</Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} aria-label="Contact log">
          {contacts.map((contact) => (
            <Timeline.Item
              key={contact.id}
              title={
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    {contactKindLabel(contact.kind)}
                  </Text>
                  {contact.outcome && (
                    <Badge variant="light" size="sm">
                      {contact.outcome}
                    </Badge>
                  )}
                </Group>
              }
            >
              {contact.note && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {contact.note}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {contact.byName ?? 'Recoup'} · {formatDateTime(contact.at)}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}
