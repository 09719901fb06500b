import { Button, Checkbox, Group, NativeSelect } from '@mantine/core';
import {
  DISCREPANCY_KINDS,
  DISCREPANCY_STATUSES,
  discrepancyKindLabel,
  discrepancyStatusLook,
  isDiscrepancyKind,
  isDiscrepancyStatus,
} from './discrepancyLabels';
import { ALL_STATUSES } from './discrepancyUrl';
import type { DiscrepancyParams } from './useDiscrepancyParams';

const STATUS_OPTIONS = [
  ...DISCREPANCY_STATUSES.map((status) => ({ value: status, label: discrepancyStatusLook(status).label })),
  { value: ALL_STATUSES, label: 'Any status' },
];
const KIND_OPTIONS = [
  { value: '', label: 'Any kind' },
  ...DISCREPANCY_KINDS.map((kind) => ({ value: kind, label: discrepancyKindLabel(kind) })),
];

/** The worklist's filters; each change is written to the URL at once. */
export function DiscrepancyFilters({ list }: { list: DiscrepancyParams }) {
  return (
    <Group role="search" aria-label="Filter the discrepancies" align="flex-end" gap="sm" wrap="wrap">
      <NativeSelect
        label="Status"
        data={STATUS_OPTIONS}
        value={list.status ?? ALL_STATUSES}
        onChange={(event) => {
          const value = event.currentTarget.value;
          list.setFilter({ status: isDiscrepancyStatus(value) ? value : null });
        }}
        w={{ base: '100%', xs: 220 }}
      />
      <NativeSelect
        label="Kind"
        data={KIND_OPTIONS}
        value={list.kind ?? ''}
        onChange={(event) => {
          const value = event.currentTarget.value;
          list.setFilter({ kind: isDiscrepancyKind(value) ? value : null });
        }}
        w={{ base: '100%', xs: 300 }}
      />
      <Checkbox
        label="Mine"
        description="The ones routed to me"
        checked={list.mine}
        onChange={(event) => list.setFilter({ mine: event.currentTarget.checked })}
        mb={4}
      />
      {list.filtered && (
        <Button variant="subtle" onClick={list.clearFilters}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
