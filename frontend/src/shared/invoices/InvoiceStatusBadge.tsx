import { Badge } from '@mantine/core';
import type { InvoiceStatus } from '../graphql/generated';
import { invoiceStatusLook } from './invoiceStatus';

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { label, color } = invoiceStatusLook(status);
  return (
    <Badge color={color} variant="light" radius="sm" data-status={status}>
      {label}
    </Badge>
  );
}
