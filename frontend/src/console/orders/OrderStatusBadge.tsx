import { Badge } from '@mantine/core';
import type { OrderStatus } from '../../shared/graphql/generated';
import { creditDecisionLook, orderStatusLook } from './orderLabels';

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { label, color } = orderStatusLook(status);
  return (
    <Badge color={color} variant="light" radius="sm" data-status={status}>
      {label}
    </Badge>
  );
}

export function CreditDecisionBadge({ decision }: { decision: string }) {
  const { label, color } = creditDecisionLook(decision);
  return (
    <Badge color={color} variant={decision === 'held' ? 'filled' : 'light'} radius="sm" data-decision={decision}>
      {label}
    </Badge>
  );
}
