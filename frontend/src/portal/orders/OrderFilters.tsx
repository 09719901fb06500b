import { useState } from 'react';
import { Button, CloseButton, Group, NativeSelect, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { ORDER_STATUSES, isOrderStatus, orderStatusOption } from './orderStatus';
import type { OrderListParams } from './useOrderListParams';

const STATUS_OPTIONS = [
  { value: '', label: 'All statuses' },
  ...ORDER_STATUSES.map((status) => ({ value: status, label: orderStatusOption(status) })),
];

/** Search by order or PO number, and one status, for the order list. */
export function OrderFilters({ list }: { list: OrderListParams }) {
  const [typed, setTyped] = useState(list.search);
  const commitSearch = useDebouncedCallback((value: string) => list.setSearch(value), 350);

  function changeSearch(value: string) {
    setTyped(value);
    commitSearch(value);
  }

  function clearAll() {
    setTyped('');
    commitSearch.cancel();
    list.clearFilters();
  }

  return (
    <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Filter orders">
      <TextInput
        label="Search"
        placeholder="Order or PO number"
        value={typed}
        maxLength={64}
        onChange={(event) => changeSearch(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commitSearch.flush();
        }}
        rightSection={typed ? <CloseButton size="sm" aria-label="Clear search" onClick={() => changeSearch('')} /> : null}
        w={{ base: '100%', sm: 260 }}
      />
      <NativeSelect
        label="Status"
        data={STATUS_OPTIONS}
        value={list.status ?? ''}
        onChange={(event) => {
          const value = event.currentTarget.value;
          list.setStatus(isOrderStatus(value) ? value : null);
        }}
        w={{ base: '100%', sm: 320 }}
      />
      {(list.filtered || typed) && (
        <Button variant="subtle" onClick={clearAll}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
