import { useState } from 'react';
import { Button, CloseButton, Group, MultiSelect, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import type { InvoiceStatus } from '../graphql/generated';
import { INVOICE_STATUSES, invoiceStatusLook, isInvoiceStatus } from './invoiceStatus';

interface InvoiceFiltersProps {
  statuses: InvoiceStatus[];
  search: string;
  onStatusesChange: (statuses: InvoiceStatus[]) => void;
  onSearchChange: (search: string) => void;
  onClear: () => void;
}

const STATUS_OPTIONS = INVOICE_STATUSES.map((status) => ({ value: status, label: invoiceStatusLook(status).label }));

/** Status multi-select and a search box for invoice or PO number. */
export function InvoiceFilters({ statuses, search, onStatusesChange, onSearchChange, onClear }: InvoiceFiltersProps) {
  const [typed, setTyped] = useState(search);
  const commitSearch = useDebouncedCallback((value: string) => onSearchChange(value.trim()), 350);

  function changeSearch(value: string) {
    setTyped(value);
    commitSearch(value);
  }

  function clearAll() {
    setTyped('');
    commitSearch.cancel();
    onClear();
  }

  return (
    <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Filter invoices">
      <TextInput
        label="Search"
        placeholder="Invoice or PO number"
        value={typed}
        onChange={(event) => changeSearch(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commitSearch.flush();
        }}
        rightSection={
          typed ? <CloseButton size="sm" aria-label="Clear search" onClick={() => changeSearch('')} /> : null
        }
        w={{ base: '100%', sm: 260 }}
      />
      <MultiSelect
        label="Status"
        placeholder={statuses.length === 0 ? 'All statuses' : undefined}
        data={STATUS_OPTIONS}
        value={statuses}
        onChange={(values) => onStatusesChange(values.filter(isInvoiceStatus))}
        clearable
        clearButtonProps={{ 'aria-label': 'Clear status filter' }}
        w={{ base: '100%', sm: 320 }}
      />
      {(statuses.length > 0 || typed) && (
        <Button variant="subtle" onClick={clearAll}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
