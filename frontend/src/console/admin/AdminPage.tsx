import type { ReactNode } from 'react';
import { Alert, Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export const READ_ONLY_NOTICE = 'You can look at these settings; only an admin can change them.';

interface AdminPageProps {
  title: string;
  description: string;
  /** True for staff who are not admins: the page says so and offers no changes. */
  readOnly?: boolean;
  /** What the read-only notice says, when more roles than admins may change this screen. */
  readOnlyNotice?: string;
  /** A button beside the title, e.g. "Add reason code". */
  action?: ReactNode;
  children: ReactNode;
}

/** One administration screen: a link back to the overview, the title and the read-only notice. */
export function AdminPage({
  title,
  description,
  readOnly = false,
  readOnlyNotice = READ_ONLY_NOTICE,
  action,
  children,
}: AdminPageProps) {
  return (
    <Stack gap="lg">
      <title>{`${title} · Administration · Recoup`}</title>
      <Anchor component={Link} to=".." size="sm" w="fit-content">
        ← Administration
      </Anchor>
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            {title}
          </Title>
          <Text c="dimmed">{description}</Text>
        </div>
        {!readOnly && action}
      </Group>
      {readOnly && (
        <Alert color="gray" variant="light" title="Read only">
          {readOnlyNotice}
        </Alert>
      )}
      {children}
    </Stack>
  );
}

/** The messages a refused change came back with, above its form. */
export function FormErrors({ title, messages }: { title: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title}>
      {messages.join(' ')}
    </Alert>
  );
}
