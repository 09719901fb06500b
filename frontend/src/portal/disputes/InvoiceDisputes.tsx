import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { reasonLabeller } from '../../shared/disputes/reasonLabels';
import { compareDecimals } from '../../shared/format/decimal';
import { formatMoney } from '../../shared/format/money';
import type { PortalInvoiceQuery } from '../../shared/graphql/generated';
import { invoiceHref } from '../../shared/invoices/invoiceLinks';
import { DisputeTable } from './DisputeTable';

type Invoice = NonNullable<PortalInvoiceQuery['invoice']>;

interface InvoiceDisputesProps {
  invoice: Invoice;
  reasons: PortalInvoiceQuery['reasonCodes'];
}

/** The invoice's disputes, what may still be disputed, and the way to file a new one. */
export function InvoiceDisputes({ invoice, reasons }: InvoiceDisputesProps) {
  const disputable = compareDecimals(invoice.disputableAmount, '0') > 0;
  const explanationId = `dispute-unavailable-${invoice.id}`;
  return (
    <section aria-labelledby="disputes-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" gap="sm">
          <div>
            <Title order={2} size="h4" id="disputes-heading">
              Disputes
            </Title>
            <Text size="sm">
              Disputable amount:{' '}
              <Text span fw={700} data-testid="disputable-amount">
                {formatMoney(invoice.disputableAmount, invoice.currency)}
              </Text>
            </Text>
          </div>
          <Stack gap={2} align="flex-end">
            {disputable ? (
              <Button component={Link} to={`${invoiceHref(invoice.id)}/dispute`}>
                Dispute this invoice
              </Button>
            ) : (
              <>
                <Button disabled aria-describedby={explanationId}>
                  Dispute this invoice
                </Button>
                <Text size="xs" c="dimmed" id={explanationId} maw={320} ta="right">
                  Nothing is left to dispute: the open balance is paid, credited or already covered by open disputes.
                </Text>
              </>
            )}
          </Stack>
        </Group>
        {invoice.disputes.length === 0 ? (
          <Paper withBorder p="md">
            <Text c="dimmed">No disputes on this invoice.</Text>
          </Paper>
        ) : (
          <DisputeTable
            label="Disputes on this invoice"
            disputes={invoice.disputes}
            reasonLabel={reasonLabeller(reasons)}
            showInvoiceLink={false}
          />
        )}
      </Stack>
    </section>
  );
}
