import { Chip, Group } from '@mantine/core';
import { DISPUTE_STATUSES } from '../../shared/disputes/disputeStatus';
import type { DisputeStatus } from '../../shared/graphql/generated';
import { caseStatusLook } from '../common/caseStatus';

interface StatusChipsProps {
  counts: { status: DisputeStatus; count: number }[];
  selected: DisputeStatus[];
  onChange: (statuses: DisputeStatus[]) => void;
}

/**
 * How many cases each status has under the other filters; a chip toggles
 * that status in the status filter.
 */
export function StatusChips({ counts, selected, onChange }: StatusChipsProps) {
  const countOf = new Map(counts.map((entry) => [entry.status, entry.count]));
  const shown = DISPUTE_STATUSES.filter((status) => (countOf.get(status) ?? 0) > 0 || selected.includes(status));
  if (shown.length === 0) return null;
  return (
    <Group gap={6} role="group" aria-label="Cases by status" wrap="wrap">
      {shown.map((status) => {
        const { label, color } = caseStatusLook(status);
        const checked = selected.includes(status);
        return (
          <Chip
            key={status}
            size="sm"
            color={color}
            variant="light"
            checked={checked}
            onChange={(next) =>
              onChange(next ? [...selected, status] : selected.filter((candidate) => candidate !== status))
            }
          >
            {label}: {countOf.get(status) ?? 0}
          </Chip>
        );
      })}
    </Group>
  );
}
