import { Anchor, Badge, Checkbox, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { usePhone } from '../../shared/app/usePhone';
import { formatDate, localIsoDate } from '../../shared/format/dates';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import type { WorklistRowFragment } from '../../shared/graphql/generated';
import { collectionsAccountHref } from './collectionsLinks';
import { daysText, riskColor, riskLabel } from './collectionsLabels';
import { PriorityScore } from './PriorityExplanation';

interface WorklistTableProps {
  rows: WorklistRowFragment[];
  selected: ReadonlySet<string>;
  onToggle: (accountId: string, checked: boolean) => void;
  onToggleAll: (checked: boolean) => void;
  /** Today as a Date scalar, to mark next actions that are due. */
  today?: string;
}

const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function HoldBadges({ row }: { row: WorklistRowFragment }) {
  return (
    <>
      {row.onHold && (
        <Badge color="red" variant="filled" size="sm" radius="sm">
          On hold
        </Badge>
      )}
      {row.dunningPausedUntil && (
        <Badge color="gray" variant="light" size="sm" radius="sm">
          Reminders paused to {formatDate(row.dunningPausedUntil)}
        </Badge>
      )}
    </>
  );
}

function NextAction({ on, today }: { on: string | null | undefined; today: string }) {
  if (!on) return <Text span c="dimmed" size="sm">None set</Text>;
  const due = on <= today;
  return (
    <Text span size="sm" c={due ? 'red.8' : undefined} fw={due ? 600 : undefined}>
      {formatDate(on)}
      {due && ' (due)'}
    </Text>
  );
}

/** The worklist's page, highest priority first; each score shows its explanation beneath it. */
export function WorklistTable({ rows, selected, onToggle, onToggleAll, today = localIsoDate(new Date()) }: WorklistTableProps) {
  const phone = usePhone();
  const selectedHere = rows.filter((row) => selected.has(row.account.id)).length;
  const selectAll = (
    <Checkbox
      aria-label="Select all accounts on this page"
      label={phone ? 'Select all on this page' : undefined}
      checked={rows.length > 0 && selectedHere === rows.length}
      indeterminate={selectedHere > 0 && selectedHere < rows.length}
      onChange={(event) => onToggleAll(event.currentTarget.checked)}
    />
  );
  const rowCheckbox = (row: WorklistRowFragment) => (
    <Checkbox
      aria-label={`Select ${row.account.name} (${row.account.number})`}
      checked={selected.has(row.account.id)}
      onChange={(event) => onToggle(row.account.id, event.currentTarget.checked)}
    />
  );
  const accountLink = (row: WorklistRowFragment) => (
    <Anchor component={Link} to={collectionsAccountHref(row.account.id)} fw={600}>
      {row.account.name}
    </Anchor>
  );

  if (phone) {
    // A phone gets one card per account, the explanation under the score, no sideways scrolling.
    return (
      <Stack gap="xs">
        {selectAll}
        <Stack gap="xs" component="ul" aria-label="Accounts" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {rows.map((row) => (
            <Paper key={row.account.id} withBorder p="sm" component="li">
              <Stack gap={6}>
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  {rowCheckbox(row)}
                  <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                    {accountLink(row)}
                    <Text size="xs" c="dimmed">
                      {row.account.number} · {row.currency}
                    </Text>
                  </Stack>
                  <Text fw={700} style={NUMERIC}>
                    {formatMoney(row.pastDueUndisputed, row.currency)}
                  </Text>
                </Group>
                <Group gap={6}>
                  <Text size="sm">{daysText(row.priority.daysPastDue)} past due</Text>
                  <Badge color={riskColor(row.riskClass)} variant="light" size="sm">
                    {riskLabel(row.riskClass)} risk
                  </Badge>
                  <HoldBadges row={row} />
                </Group>
                <PriorityScore priority={row.priority} label="Priority" />
                <Text size="sm">
                  Collector: {row.collectorName ?? 'Unassigned'} · Next action: <NextAction on={row.nextActionOn} today={today} />
                </Text>
                {!isZeroAmount(row.promised) && <Text size="sm">Promised: {formatMoney(row.promised, row.currency)}</Text>}
              </Stack>
            </Paper>
          ))}
        </Stack>
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={1180}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Accounts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={40}>
              {selectAll}
            </Table.Th>
            <Table.Th scope="col">Account</Table.Th>
            <Table.Th scope="col">Currency</Table.Th>
            <Table.Th scope="col" ta="right">
              Past due, undisputed
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Days past due
            </Table.Th>
            <Table.Th scope="col">Risk</Table.Th>
            <Table.Th scope="col" w={280}>
              Priority
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Promised
            </Table.Th>
            <Table.Th scope="col">Collector</Table.Th>
            <Table.Th scope="col">Next action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.account.id} bg={row.onHold ? 'red.0' : undefined}>
              <Table.Td>{rowCheckbox(row)}</Table.Td>
              <Table.Td>
                {accountLink(row)}
                <Text size="xs" c="dimmed" ff="monospace">
                  {row.account.number}
                </Text>
                <Group gap={4} mt={2}>
                  <HoldBadges row={row} />
                </Group>
              </Table.Td>
              <Table.Td>{row.currency}</Table.Td>
              <Table.Td ta="right" style={NUMERIC} fw={600}>
                {formatMoney(row.pastDueUndisputed, row.currency)}
                {!isZeroAmount(row.inDispute) && (
                  <Text size="xs" c="dimmed">
                    + {formatMoney(row.inDispute, row.currency)} in dispute
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {row.priority.daysPastDue}
              </Table.Td>
              <Table.Td style={{ minWidth: 96 }}>
                <Badge color={riskColor(row.riskClass)} variant="light" size="sm">
                  {riskLabel(row.riskClass)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <PriorityScore priority={row.priority} />
              </Table.Td>
              <Table.Td ta="right" style={NUMERIC}>
                {isZeroAmount(row.promised) ? <Text span c="dimmed">—</Text> : formatMoney(row.promised, row.currency)}
                {row.brokenPromises > 0 && (
                  <Text size="xs" c="red.8">
                    {row.brokenPromises === 1 ? '1 broken' : `${row.brokenPromises} broken`}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{row.collectorName ?? <Text c="dimmed" size="sm">Unassigned</Text>}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <NextAction on={row.nextActionOn} today={today} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
