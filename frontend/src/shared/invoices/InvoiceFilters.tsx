import { useState } from 'react';
import { Button, CloseButton, Group, MultiSelect, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { isIsoDate } from '../format/dates';
import { AmountRangeInputs } from './AmountRangeInputs';
import { INVOICE_SORTS, invoiceSortLabel, isInvoiceSort } from './invoiceListUrl';
import { INVOICE_STATUSES, invoiceStatusLook, isInvoiceStatus } from './invoiceStatus';
import type { InvoiceListParams } from './useInvoiceListParams';

interface InvoiceFiltersProps {
  list: InvoiceListParams;
  /** The server's message when it refused the amount range, or null. */
  amountError: string | null;
  /** Staff lists: one customer's invoices can be asked for (a report's drill-down). */
  customerFilter?: boolean;
}

const STATUS_OPTIONS = INVOICE_STATUSES.map((status) => ({ value: status, label: invoiceStatusLook(status).label }));
const SORT_OPTIONS = INVOICE_SORTS.map((sort) => ({ value: sort, label: invoiceSortLabel(sort) }));

/** Search, status, issue dates, invoice total range and sort order for an invoice list. */
export function InvoiceFilters({ list, amountError, customerFilter = false }: InvoiceFiltersProps) {
  const [typed, setTyped] = useState(list.search);
  const commitSearch = useDebouncedCallback((value: string) => list.setSearch(value.trim()), 350);
  // Remounts the amount inputs on Clear filters, so nothing typed is left behind.
  const [clearCount, setClearCount] = useState(0);

  function changeSearch(value: string) {
    setTyped(value);
    commitSearch(value);
  }

  function clearAll() {
    setTyped('');
    commitSearch.cancel();
    setClearCount((count) => count + 1);
    list.clearFilters();
  }

  function changeDate(filter: 'issuedFrom' | 'issuedTo', value: string) {
    // A date input holds a whole day or nothing; anything else is mid-typing.
    if (value === '' || isIsoDate(value)) list.setRange(filter, value);
  }

  return (
    <Stack gap="xs" role="search" aria-label="Filter invoices">
      <Group align="flex-end" gap="sm" wrap="wrap">
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
          placeholder={list.statuses.length === 0 ? 'All statuses' : undefined}
          data={STATUS_OPTIONS}
          value={list.statuses}
          onChange={(values) => list.setStatuses(values.filter(isInvoiceStatus))}
          clearable
          clearButtonProps={{ 'aria-label': 'Clear status filter' }}
          w={{ base: '100%', sm: 320 }}
        />
        <NativeSelect
          label="Sort by"
          data={SORT_OPTIONS}
          value={list.sort}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isInvoiceSort(value)) list.setSort(value);
          }}
          w={{ base: '100%', sm: 200 }}
        />
      </Group>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          type="date"
          label="Issued from"
          value={list.issuedFrom}
          max={list.issuedTo || undefined}
          onChange={(event) => changeDate('issuedFrom', event.currentTarget.value)}
          w={{ base: '48%', sm: 170 }}
        />
        <TextInput
          type="date"
          label="Issued up to"
          value={list.issuedTo}
          min={list.issuedFrom || undefined}
          onChange={(event) => changeDate('issuedTo', event.currentTarget.value)}
          w={{ base: '48%', sm: 170 }}
        />
        <AmountRangeInputs
          key={clearCount}
          amountMin={list.amountMin}
          amountMax={list.amountMax}
          onChange={list.setRange}
          serverError={amountError}
        />
        {list.currency && (
          <Button variant="light" onClick={() => list.setRange('currency', '')} mt={25}>
            In {list.currency} only — show all
          </Button>
        )}
        {customerFilter && list.accountId && (
          <Button variant="light" onClick={() => list.setRange('accountId', '')} mt={25}>
            One customer only — show all
          </Button>
        )}
        {(list.filtered || typed) && (
          <Button variant="subtle" onClick={clearAll} mt={25}>
            Clear filters
          </Button>
        )}
      </Group>
    </Stack>
  );
}
