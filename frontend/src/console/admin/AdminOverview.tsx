import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export const ADMIN_SCREENS = [
  {
    path: 'write-off-limits',
    title: 'Write-off limits',
    description: 'The most each staff role may write off on one case.',
  },
  {
    path: 'reason-codes',
    title: 'Reason codes',
    description: 'The reasons a dispute may give, their category and resolution SLA.',
  },
  {
    path: 'external-codes',
    title: 'Remittance codes',
    description: 'Which adjustment code on a remittance (X12, EDIFACT, a retailer’s own) means which reason.',
  },
  {
    path: 'routing-rules',
    title: 'Routing rules',
    description: 'Who gets a new case, by reason, customer and amount.',
  },
  {
    path: 'resolution-rules',
    title: 'Resolution rules',
    description: 'Write off or approve new cases automatically, by customer, reason and tolerance (admins only).',
  },
  {
    path: 'promotions',
    title: 'Promotions',
    description: 'Trade promotions and their periods, against which promotion claims are checked (admins only).',
  },
  {
    path: 'credit-hold-rules',
    title: 'Credit hold rules',
    description: 'When an account goes on credit hold: over its limit, past due, a broken promise (credit managers).',
  },
  {
    path: 'reminder-levels',
    title: 'Reminder levels',
    description: 'The reminder e-mails about money due, in order, and when each is sent (credit managers).',
  },
  {
    path: 'staff-users',
    title: 'Staff users',
    description: 'Who can sign in to the console, and with which role.',
  },
  {
    path: 'saved-views',
    title: 'Saved views',
    description: 'Your own saved work-queue filters.',
  },
  {
    path: 'api-clients',
    title: 'API clients',
    description: 'Programs such as the ERP that call the machine API, and their scopes (admins).',
  },
] as const;

/** `/admin`: the administration screens, one link each. Staff who may not change a screen's settings see it read-only. */
export function AdminOverview() {
  return (
    <Stack gap="lg">
      <title>Administration · Recoup</title>
      <div>
        <Title order={1} size="h2">
          Administration
        </Title>
        <Text c="dimmed">
          How Recoup works for your team. Admins change these settings; credit managers also change the credit hold rules
          and the reminder levels.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" component="ul" style={{ listStyle: 'none', padding: 0 }}>
        {ADMIN_SCREENS.map((screen) => (
          <Paper key={screen.path} withBorder p="md" component="li">
            <Anchor component={Link} to={screen.path} fw={600} size="lg">
              {screen.title}
            </Anchor>
            <Text size="sm" c="dimmed" mt={4}>
              {screen.description}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
