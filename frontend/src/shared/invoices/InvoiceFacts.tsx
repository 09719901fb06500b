import type { ReactNode } from 'react';
import { Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { formatDate } from '../format/dates';
import { formatMoney } from '../format/money';
import type { InvoiceDetailFragment } from '../graphql/generated';
import { InvoiceDeliveries } from './InvoiceDeliveries';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { overdueText } from './invoiceStatus';

export interface Fact {
  label: string;
  value: ReactNode;
}

/** A labelled list of facts, laid out as a responsive grid (a <dl> for screen readers). */
export function FactList({ facts, label }: { facts: Fact[]; label: string }) {
  return (
    <Paper withBorder p="md">
      <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 4 }} spacing="md" verticalSpacing="sm" m={0} aria-label={label}>
        {facts.map((fact) => (
          <Stack key={fact.label} gap={2}>
            <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600}>
              {fact.label}
            </Text>
            <Text component="dd" m={0} fw={500} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {fact.value}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

export function invoiceDocumentFacts(invoice: InvoiceDetailFragment): Fact[] {
  return [
    { label: 'Invoice number', value: invoice.number },
    { label: 'PO number', value: invoice.poNumber ?? '—' },
    { label: 'Issue date', value: formatDate(invoice.issueDate) },
    { label: 'Due date', value: formatDate(invoice.dueDate) },
    { label: 'Status', value: <InvoiceStatusBadge status={invoice.status} /> },
    {
      label: 'Days overdue',
      value: invoice.daysOverdue > 0 ? <Text span c="red.8" fw={600}>{overdueText(invoice.daysOverdue)}</Text> : 'Not overdue',
    },
    { label: 'Sent by e-mail', value: <InvoiceDeliveries deliveries={invoice.deliveries} /> },
  ];
}

export function invoiceAmountFacts(invoice: InvoiceDetailFragment): Fact[] {
  const money = (amount: string) => formatMoney(amount, invoice.currency);
  return [
    { label: 'Total', value: money(invoice.totalAmount) },
    { label: 'Paid', value: money(invoice.paidAmount) },
    { label: 'Credited', value: money(invoice.creditedAmount) },
    { label: 'Disputed', value: money(invoice.disputedAmount) },
    { label: 'Written off', value: money(invoice.writtenOffAmount) },
    { label: 'Open balance', value: <Text span fw={700} size="lg">{money(invoice.openBalance)}</Text> },
  ];
}
