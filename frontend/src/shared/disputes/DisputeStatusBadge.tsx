import { Badge } from '@mantine/core';
import type { DisputeStatus } from '../graphql/generated';
import { disputeStatusLook } from './disputeStatus';

export function DisputeStatusBadge({ status }: { status: DisputeStatus }) {
  const { label, color } = disputeStatusLook(status);
  return (
    <Badge color={color} variant="light" radius="sm" data-status={status}>
      {label}
    </Badge>
  );
}
