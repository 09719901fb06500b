import { Anchor, Badge, Checkbox, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate, formatInstantDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { QueueRowFragment } from '../../shared/graphql/generated';
import { caseFlagLabel } from '../common/caseFlags';
import { CaseStatusBadge } from '../common/CaseStatusBadge';
import { caseHref } from '../common/consoleLinks';
import { AccountOnHoldBadge } from '../collections/AccountOnHoldBadge';
import { RecordsVerdictBadge } from '../common/RecordsVerdictBadge';

interface QueueTableProps {
  rows: QueueRowFragment[];
  selected: ReadonlySet<string>;
  onToggle: (id: string, checked: boolean) => void;
  onToggleAll: (checked: boolean) => void;
  reasonLabel: (code: string) => string;
}

const NO_WRAP = { whiteSpace: 'nowrap' } as const;
const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

export const ageText = (days: number) => (days === 1 ? '1 day' : `${days} days`);

/** The queue's page as a table; overdue cases stand out in red. */
export function QueueTable({ rows, selected, onToggle, onToggleAll, reasonLabel }: QueueTableProps) {
  const selectedHere = rows.filter((row) => selected.has(row.id)).length;
  return (
    <Table.ScrollContainer minWidth={1060}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Cases">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={40}>
              <Checkbox
                aria-label="Select all cases on this page"
                checked={rows.length > 0 && selectedHere === rows.length}
                indeterminate={selectedHere > 0 && selectedHere < rows.length}
                onChange={(event) => onToggleAll(event.currentTarget.checked)}
              />
            </Table.Th>
            <Table.Th scope="col">Customer</Table.Th>
            <Table.Th scope="col">Invoice</Table.Th>
            <Table.Th scope="col">Reason</Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Assignee</Table.Th>
            <Table.Th scope="col">Opened</Table.Th>
            <Table.Th scope="col">Due</Table.Th>
            <Table.Th scope="col">Flags</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const reason = reasonLabel(row.reasonCode);
            return (
              <Table.Tr
                key={row.id}
                data-overdue={row.isOverdue || undefined}
                bg={row.isOverdue ? 'red.0' : undefined}
              >
                <Table.Td>
                  <Checkbox
                    aria-label={`Select case ${row.invoiceNumber} (${reason})`}
                    checked={selected.has(row.id)}
                    onChange={(event) => onToggle(row.id, event.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td>
                  {row.accountName}
                  {row.accountOnHold && <AccountOnHoldBadge accountId={row.accountId} accountName={row.accountName} />}
                </Table.Td>
                <Table.Td style={NO_WRAP}>
                  <Anchor component={Link} to={caseHref(row.id)} fw={500}>
                    {row.invoiceNumber}
                  </Anchor>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {row.reference}
                  </Text>
                  {row.origin === 'REMITTANCE' && (
                    <Text size="xs" c="dimmed">
                      Short pay
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {reason}
                  {row.recordsVerdict && (
                    <div>
                      <RecordsVerdictBadge verdict={row.recordsVerdict} size="sm" />
                    </div>
                  )}
                </Table.Td>
                <Table.Td ta="right" style={NUMERIC} fw={500}>
                  {formatMoney(row.amount, row.currency)}
                </Table.Td>
                <Table.Td>
                  <CaseStatusBadge status={row.status} />
                </Table.Td>
                <Table.Td>{row.assigneeName ?? <Text c="dimmed" size="sm">Unassigned</Text>}</Table.Td>
                <Table.Td style={NUMERIC}>
                  {formatInstantDate(row.openedAt)}
                  <Text size="xs" c="dimmed">
                    {ageText(row.ageDays)} old
                  </Text>
                </Table.Td>
                <Table.Td style={NUMERIC}>
                  {formatDate(row.dueOn)}
                  {row.isOverdue && (
                    <Badge color="red" variant="filled" size="sm" ml={6} radius="sm">
                      Overdue
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {row.flags.length > 0 && (
                    <Badge size="xs" color="orange" variant="light" title={row.flags.map((f) => caseFlagLabel(f.code)).join(', ')}>
                      {row.flags.length === 1 && row.flags[0] ? caseFlagLabel(row.flags[0].code) : `${row.flags.length} flags`}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
