import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { CollectionsAccountViewFragment } from '../../shared/graphql/generated';

type Person = CollectionsAccountViewFragment['people'][number];

/** Whom to contact at the customer: their people with a login, and who receives invoices and reminders. */
export function PeoplePanel({ people }: { people: Person[] }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="people-heading">
      <Title order={2} size="h3" id="people-heading">
        Contacts
      </Title>
      <Paper withBorder p="md">
        {people.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody at this customer has a login yet: reminders are recorded but not e-mailed.
          </Text>
        ) : (
          <Stack gap="xs" component="ul" aria-label="Contacts at the customer" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {people.map((person) => (
              <Group component="li" key={person.email} gap="xs" wrap="wrap">
                <Text size="sm" fw={600}>
                  {person.fullName}
                </Text>
                <Anchor href={`mailto:${person.email}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {person.email}
                </Anchor>
                {person.isAdmin && (
                  <Badge variant="light" radius="sm">
                    Administrator
                  </Badge>
                )}
                {!person.isActive && (
                  <Badge variant="light" color="gray" radius="sm">
                    No active login
                  </Badge>
                )}
                {person.receivesInvoices && (
                  <Badge variant="outline" radius="sm">
                    Receives invoices
                  </Badge>
                )}
                {person.receivesReminders && (
                  <Badge variant="outline" radius="sm">
                    Receives reminders
                  </Badge>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
