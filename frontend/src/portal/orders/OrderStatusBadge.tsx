import { Badge, Stack, Text } from '@mantine/core';
import type { OrderStatus } from '../../shared/graphql/generated';
import { orderStatusLook } from './orderStatus';

/** The order's status as a badge; `withHint` adds what it means below it (e.g. waiting for credit approval). */
export function OrderStatusBadge({ status, withHint = false }: { status: OrderStatus; withHint?: boolean }) {
  const { label, color, hint } = orderStatusLook(status);
  const badge = (
    <Badge color={color} variant="light" radius="sm" data-status={status}>
      {label}
    </Badge>
  );
  if (!withHint || !hint) return badge;
  return (
    <Stack gap={2} align="flex-start">
      {badge}
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Stack>
  );
}
