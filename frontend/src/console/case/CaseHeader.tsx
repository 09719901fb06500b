import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { CaseDetailFragment } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';
import { isOpenCase } from '../common/caseStatus';
import { CaseStatusBadge } from '../common/CaseStatusBadge';
import { rootCauseLabel } from '../common/rootCauses';
import { AccountOnHoldBadge } from '../collections/AccountOnHoldBadge';
import { CaseAssignee } from './CaseAssignee';

interface CaseHeaderProps {
  kase: CaseDetailFragment;
  reason: string;
  onChanged: () => void;
}

/** Title, status and the facts of a case, with its assignee changeable in place. */
export function CaseHeader({ kase, reason, onChanged }: CaseHeaderProps) {
  const due = (
    <Group gap={6} component="span">
      {formatDate(kase.dueOn)}
      {kase.isOverdue && (
        <Badge color="red" variant="filled" size="sm" radius="sm">
          Overdue
        </Badge>
      )}
    </Group>
  );
  const facts = [
    { label: 'Customer', value: `${kase.accountName} (${kase.accountNumber})` },
    { label: 'Reference', value: kase.reference },
    { label: 'Invoice', value: kase.invoiceNumber },
    { label: 'Reason', value: reason },
    { label: 'Claimed', value: <Text span fw={700} size="lg">{formatMoney(kase.amount, kase.currency)}</Text> },
    { label: 'Status', value: <CaseStatusBadge status={kase.status} /> },
    { label: 'Decision due', value: due },
    {
      label: 'Assignee',
      value: (
        <CaseAssignee
          caseId={kase.id}
          assigneeId={kase.assigneeId}
          assigneeName={kase.assigneeName}
          editable={isOpenCase(kase.status)}
          onChanged={onChanged}
        />
      ),
    },
    { label: 'Opened', value: `${formatDateTime(kase.openedAt)} (${kase.ageDays === 1 ? '1 day' : `${kase.ageDays} days`} ago)` },
    { label: 'Origin', value: kase.origin === 'PORTAL' ? 'Filed in the portal' : <RemittanceOrigin kase={kase} /> },
    { label: 'Closed', value: kase.resolvedAt ? formatDateTime(kase.resolvedAt) : 'Still open' },
    ...(isOpenCase(kase.status) || kase.status === 'WITHDRAWN'
      ? []
      : [{ label: 'Root cause', value: rootCauseLabel(kase.rootCause) }]),
    { label: 'Version', value: String(kase.version) },
  ];
  return (
    <Stack gap="sm">
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          {kase.invoiceNumber} · {kase.accountName}
        </Title>
        <CaseStatusBadge status={kase.status} />
        {kase.accountOnHold && <AccountOnHoldBadge accountId={kase.accountId} accountName={kase.accountName} />}
      </Group>
      <FactList label="Case details" facts={facts} />
    </Stack>
  );
}

/** Where a deduction came from: the payment and the line of the import that took it. */
function RemittanceOrigin({ kase }: { kase: CaseDetailFragment }) {
  const line = kase.remittance;
  if (!line) return <>Short pay on a remittance</>;
  const code = line.adjustmentCode ? ` (code ${line.adjustmentCode})` : '';
  return (
    <>
      Short pay on payment {line.paymentReference}
      {line.receivedOn && ` received ${formatDate(line.receivedOn)}`}: paid {formatMoney(line.paidAmount, kase.currency)},
      deducted {formatMoney(line.adjustmentAmount, kase.currency)}
      {code}
      {line.adjustmentText && ` — “${line.adjustmentText}”`} ·{' '}
      <Anchor component={Link} to={`/cash/imports/${line.importId}`}>
        line {line.line} of its import
      </Anchor>
    </>
  );
}
