import { Table, Text } from '@mantine/core';
import { formatDateTime } from '../../shared/format/dates';
import { auditActionLabel, auditPairs } from './auditValues';

/** A before or after value as a compact key: value list. */
export function AuditValues({ value }: { value: unknown }) {
  const pairs = auditPairs(value);
  if (pairs.length === 0) return <Text c="dimmed" size="xs">—</Text>;
  return (
    <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 8, rowGap: 0 }}>
      {pairs.map((pair, index) => (
        <div key={`${pair.key}-${index}`} style={{ display: 'contents' }}>
          <Text component="dt" size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {pair.key}:
          </Text>
          <Text component="dd" size="xs" m={0} style={{ overflowWrap: 'break-word' }}>
            {pair.value}
          </Text>
        </div>
      ))}
    </dl>
  );
}

/** One audited event as the schema's AuditEntry carries it (a case's trail, an order's history). */
export interface AuditEntryRow {
  sequence: number;
  occurredAt: string;
  action: string;
  actorName: string | null;
  before: unknown;
  after: unknown;
}

interface CaseAuditTrailProps {
  entries: readonly AuditEntryRow[];
  /** The table's name for screen readers. */
  label?: string;
  /** Said when there is nothing yet. */
  emptyText?: string;
  /** An action code in words; the case's own by default. */
  actionLabel?: (action: string) => string;
}

/** Every audited event on the case (or order): who did what and when, with the values before and after. */
export function CaseAuditTrail({
  entries,
  label = 'Audit trail',
  emptyText = 'Nothing has been audited on this case yet.',
  actionLabel = auditActionLabel,
}: CaseAuditTrailProps) {
  if (entries.length === 0) return <Text c="dimmed">{emptyText}</Text>;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" aria-label={label} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">#</Table.Th>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Action</Table.Th>
            <Table.Th scope="col">By</Table.Th>
            <Table.Th scope="col">Before</Table.Th>
            <Table.Th scope="col">After</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.sequence} style={{ verticalAlign: 'top' }}>
              <Table.Td>{entry.sequence}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.occurredAt)}</Table.Td>
              <Table.Td title={entry.action} style={{ whiteSpace: 'nowrap' }}>
                {actionLabel(entry.action)}
              </Table.Td>
              <Table.Td>{entry.actorName ?? 'System'}</Table.Td>
              <Table.Td>
                <AuditValues value={entry.before} />
              </Table.Td>
              <Table.Td>
                <AuditValues value={entry.after} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
