import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { compareDecimals } from '../../shared/format/decimal';
import { DisputeFormInvoiceDocument } from '../../shared/graphql/generated';
import { InvoiceDetailStates } from '../../shared/invoices/InvoiceDetailStates';
import { invoiceHref } from '../../shared/invoices/invoiceLinks';
import { DisputeForm } from './DisputeForm';

/** `/invoices/:invoiceId/dispute`: the customer files a dispute against one of their invoices. */
export function DisputeFormPage() {
  const { invoiceId = '' } = useParams();
  // Loaded once: the form must not change under the customer while they fill it in.
  const [result, reexecute] = useQuery({
    query: DisputeFormInvoiceDocument,
    variables: { id: invoiceId },
    requestPolicy: 'network-only',
  });
  const retry = () => reexecute({ requestPolicy: 'network-only' });

  if (result.error && !result.data) return <ErrorState title="We couldn't load the dispute form" onRetry={retry} />;
  if (!result.data) return <LoadingState label="Loading the dispute form…" />;
  const { reasonCodes } = result.data;

  return (
    <InvoiceDetailStates invoice={result.data.invoice} fetching={result.fetching} error={result.error} onRetry={retry}>
      {(invoice) => (
        <Stack gap="lg">
          <title>{`Dispute invoice ${invoice.number} · Recoup`}</title>
          <Stack gap="xs">
            <Anchor component={Link} to={invoiceHref(invoice.id)} size="sm">
              ← Back to invoice {invoice.number}
            </Anchor>
            <Title order={1} size="h2">
              Dispute invoice {invoice.number}
            </Title>
            <Text c="dimmed">
              Tell us what is wrong with this invoice. We review every dispute and keep you updated on its page.
            </Text>
          </Stack>
          {compareDecimals(invoice.disputableAmount, '0') <= 0 ? (
            <Paper withBorder p="xl">
              <Title order={2} size="h4">
                Nothing left to dispute
              </Title>
              <Text mt="xs">
                This invoice's open balance is already paid, credited or covered by open disputes.{' '}
                <Anchor component={Link} to={invoiceHref(invoice.id)}>
                  Back to the invoice
                </Anchor>
              </Text>
            </Paper>
          ) : (
            <DisputeForm invoice={invoice} reasons={reasonCodes} />
          )}
        </Stack>
      )}
    </InvoiceDetailStates>
  );
}
