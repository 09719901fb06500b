import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../shared/format/dates';
import { formatPlainAmount, isZeroAmount } from '../../shared/format/money';
import type { RemittanceLineRowFragment } from '../../shared/graphql/generated';
import { LINE_STATUS, ruleLabel } from './importStatus';

/** What the customer sent on one line, and what Recoup did with it; with ``linkImport``, a link to the import it
 * came in (the exceptions queue mixes lines of many files). */
export function RemittanceLineDetails({
  line,
  linkImport = false,
}: {
  line: RemittanceLineRowFragment;
  linkImport?: boolean;
}) {
  const status = LINE_STATUS[line.status] ?? { label: line.status, color: 'gray' };
  return (
    <Stack gap={2}>
      <Group gap="xs">
        <Text fw={600}>Line {line.line}</Text>
        {linkImport && (
          <Anchor component={Link} to={`/cash/imports/${line.importId}`} size="sm">
            Open its import
          </Anchor>
        )}
        <Badge color={status.color} variant="light">
          {status.label}
        </Badge>
        {line.rule && (
          <Text size="sm" c="dimmed">
            {ruleLabel(line.rule)} · confidence {line.confidence}
          </Text>
        )}
      </Group>
      {/* A row that could not be read has no values of its own: its message says what it held. */}
      {(line.status !== 'error' || line.paymentReference || line.customerNumber) && (
      <Text size="sm">
        {line.accountName ?? line.customerName ?? line.customerNumber} {line.customerNumber && `(${line.customerNumber})`}{' '}
        paid {formatPlainAmount(line.paidAmount)}
        {!isZeroAmount(line.adjustmentAmount) && `, deducted ${formatPlainAmount(line.adjustmentAmount)}`} on payment{' '}
        {line.paymentReference || '—'}
        {line.receivedOn && ` received ${formatDate(line.receivedOn)}`}; reference “{line.invoiceReference || 'none'}”
        {line.adjustmentText && ` — ${line.adjustmentText}`}
      </Text>
      )}
      {line.message && <Text size="sm">{line.message}</Text>}
      {/* Only what was applied: a line left out (wrong, or its payment or file was) moved no money. */}
      {(line.status === 'applied' || line.status === 'confirmed') && line.appliedTo.length > 0 && (
        <Text size="sm">
          Applied to{' '}
          {line.appliedTo
            .map(
              (a) =>
                `${a.number} (${formatPlainAmount(a.amount ?? '0')}${a.held && !isZeroAmount(a.held) ? `, ${formatPlainAmount(a.held)} held as deduction` : ''})`,
            )
            .join(', ')}
        </Text>
      )}
      {line.deductionId && (
        <Anchor component={Link} to={`/cases/${line.deductionId}`} size="sm">
          Open the deduction
        </Anchor>
      )}
    </Stack>
  );
}
