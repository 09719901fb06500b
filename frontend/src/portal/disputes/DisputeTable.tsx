import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { usePhone } from '../../shared/app/usePhone';
import { DisputeStatusBadge } from '../../shared/disputes/DisputeStatusBadge';
import { disputeHref } from '../../shared/disputes/disputeLinks';
import { formatDate, formatInstantDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { DisputeSummaryFragment } from '../../shared/graphql/generated';
import { invoiceHref } from '../../shared/invoices/invoiceLinks';

interface DisputeTableProps {
  /** Names the table for screen readers, e.g. "Disputes". */
  label: string;
  disputes: DisputeSummaryFragment[];
  reasonLabel: (code: string) => string;
  /** Adds the invoice number, linked to the invoice, per row (not needed on the invoice's own page). */
  showInvoiceLink: boolean;
}

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Disputes, newest first: the reason links to the dispute's page. */
export function DisputeTable({ label, disputes, reasonLabel, showInvoiceLink }: DisputeTableProps) {
  const phone = usePhone();
  if (phone) {
    // On a phone: the dispute (reason, reference, invoice), its status and amount, without sideways scrolling.
    return (
      <Table striped verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Dispute</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {disputes.map((dispute) => (
            <Table.Tr key={dispute.id} data-dispute-id={dispute.id}>
              <Table.Td>
                <Anchor component={Link} to={disputeHref(dispute.id)} fw={500}>
                  {reasonLabel(dispute.reasonCode)}
                </Anchor>
                <Text size="xs" c="dimmed" ff="monospace">
                  {dispute.reference}
                  {showInvoiceLink ? ` · ${dispute.invoiceNumber}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <DisputeStatusBadge status={dispute.status} />
              </Table.Td>
              <Table.Td {...NUMERIC}>{formatMoney(dispute.amount, dispute.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }
  return (
    <Table.ScrollContainer minWidth={showInvoiceLink ? 880 : 760}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Reason</Table.Th>
            <Table.Th scope="col">Reference</Table.Th>
            {showInvoiceLink && <Table.Th scope="col">Invoice</Table.Th>}
            <Table.Th scope="col">Filed</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
            <Table.Th scope="col">Decision due</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {disputes.map((dispute) => (
            <Table.Tr key={dispute.id} data-dispute-id={dispute.id}>
              <Table.Td>
                <Anchor component={Link} to={disputeHref(dispute.id)} fw={500}>
                  {reasonLabel(dispute.reasonCode)}
                </Anchor>
              </Table.Td>
              <Table.Td style={NO_WRAP} ff="monospace">
                {dispute.reference}
              </Table.Td>
              {showInvoiceLink && (
                <Table.Td style={NO_WRAP}>
                  <Anchor component={Link} to={invoiceHref(dispute.invoiceId)}>
                    {dispute.invoiceNumber}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td style={NO_WRAP}>{formatInstantDate(dispute.createdAt)}</Table.Td>
              <Table.Td>
                <DisputeStatusBadge status={dispute.status} />
              </Table.Td>
              <Table.Td {...NUMERIC}>{formatMoney(dispute.amount, dispute.currency)}</Table.Td>
              <Table.Td style={NO_WRAP}>{formatDate(dispute.dueOn)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
