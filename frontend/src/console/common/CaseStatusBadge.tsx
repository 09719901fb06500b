import { Badge } from '@mantine/core';
import type { DisputeStatus } from '../../shared/graphql/generated';
import { caseStatusLook } from './caseStatus';

export function CaseStatusBadge({ status }: { status: DisputeStatus }) {
  const { label, color } = caseStatusLook(status);
  return (
    <Badge color={color} variant="light" radius="sm" data-status={status}>
      {label}
    </Badge>
  );
}
