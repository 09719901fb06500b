import { Badge } from '@mantine/core';
import type { RecordsVerdict } from '../../shared/graphql/generated';
import { recordsVerdictLook } from './recordsVerdict';

/** What our order, delivery and invoice records said of a claim, in one badge (the queue's rows, the case page). */
export function RecordsVerdictBadge({ verdict, size = 'md' }: { verdict: RecordsVerdict; size?: 'sm' | 'md' }) {
  const { label, color } = recordsVerdictLook(verdict);
  return (
    <Badge color={color} variant="light" radius="sm" size={size} data-verdict={verdict}>
      {label}
    </Badge>
  );
}
