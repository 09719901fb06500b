import type { ReactNode } from 'react';
import { Alert, Button, Center, Loader, Paper, Stack, Text, Title } from '@mantine/core';

export function LoadingState({ label }: { label: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" />
        <Text c="dimmed">{label}</Text>
      </Stack>
    </Center>
  );
}

export function ErrorState({ title, onRetry }: { title: string; onRetry?: () => void }) {
  return (
    <Alert color="red" variant="light" role="alert" title={title}>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">Something went wrong on our side or the connection dropped. Your data is safe.</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/** A whole-screen message, e.g. when the user is in the wrong app. */
export function NoticeScreen({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="gray.0" component="main">
      <title>{`${title} · Recoup`}</title>
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={480}>
        <Stack gap="md">
          <Title order={1} size="h2">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

export function FullPageLoader() {
  return (
    <Center mih="100vh">
      <LoadingState label="Loading Recoup…" />
    </Center>
  );
}
