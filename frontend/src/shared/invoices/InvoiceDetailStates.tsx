import type { ReactNode } from 'react';
import { Paper, Stack, Text, Title } from '@mantine/core';
import type { CombinedError } from '@urql/core';
import { ErrorState, LoadingState } from '../app/PageStates';
import { BackToInvoices } from './InvoiceDetailView';

interface InvoiceDetailStatesProps<T> {
  invoice: T | null | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  onRetry: () => void;
  children: (invoice: T) => ReactNode;
}

/** Loading, error and "not found" around an invoice detail query. */
export function InvoiceDetailStates<T>({ invoice, fetching, error, onRetry, children }: InvoiceDetailStatesProps<T>) {
  if (invoice) return children(invoice);
  if (error) {
    return (
      <Stack gap="md">
        <BackToInvoices />
        <ErrorState title="We couldn't load this invoice" onRetry={onRetry} />
      </Stack>
    );
  }
  if (invoice === undefined || fetching) return <LoadingState label="Loading invoice…" />;
  return (
    <Stack gap="md">
      <title>Invoice not found · Recoup</title>
      <BackToInvoices />
      <Paper withBorder p="xl">
        <Title order={1} size="h2">
          Invoice not found
        </Title>
        <Text mt="xs" c="dimmed">
          This invoice doesn't exist, or you don't have access to it. Check the link, or find it in the invoice list.
        </Text>
      </Paper>
    </Stack>
  );
}
