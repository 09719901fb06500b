import { useMemo, useState } from 'react';
import { Anchor, Box, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ListPager } from '../../shared/app/ListPager';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { useUrlCursorStack } from '../../shared/app/useUrlCursorStack';
import { formatDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import { ConsoleOrdersDocument, type ConsoleOrdersQuery } from '../../shared/graphql/generated';
import { isOrderStatus, ORDER_STATUSES, orderStatusLook } from './orderLabels';
import { orderHref } from './orderLinks';
import { OrderStatusBadge } from './OrderStatusBadge';
import {
  AFTER,
  ORDER_PAGE_SIZE,
  readOrderListState,
  toOrderListVariables,
  withOrderListChange,
  type OrderFilterState,
} from './ordersUrl';

type OrderRow = ConsoleOrdersQuery['orders']['edges'][number]['node'];

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  ...ORDER_STATUSES.map((status) => ({ value: status, label: orderStatusLook(status).label })),
];
const NUMERIC = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function OrderTable({ rows }: { rows: OrderRow[] }) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Orders">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Order</Table.Th>
            <Table.Th scope="col">Customer</Table.Th>
            <Table.Th scope="col">PO</Table.Th>
            <Table.Th scope="col">Ordered</Table.Th>
            <Table.Th scope="col">Requested</Table.Th>
            <Table.Th scope="col" ta="right">
              Total
            </Table.Th>
            <Table.Th scope="col">Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor component={Link} to={orderHref(row.id)} fw={500}>
                  {row.number}
                </Anchor>
              </Table.Td>
              <Table.Td>{row.accountName}</Table.Td>
              <Table.Td ff="monospace">{row.poNumber ?? '—'}</Table.Td>
              <Table.Td style={NUMERIC}>{formatDate(row.orderDate)}</Table.Td>
              <Table.Td style={NUMERIC}>{row.requestedDate ? formatDate(row.requestedDate) : '—'}</Table.Td>
              <Table.Td ta="right" style={NUMERIC} fw={500}>
                {formatMoney(row.totalAmount, row.currency)}
              </Table.Td>
              <Table.Td>
                <OrderStatusBadge status={row.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** `/orders`: every customer's orders, newest first, by status or a search. */
export function OrdersPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const urlKey = searchParams.toString();
  const state = useMemo(() => readOrderListState(new URLSearchParams(urlKey)), [urlKey]);
  const variables = useMemo(() => toOrderListVariables(state), [state]);
  const pages = useUrlCursorStack(AFTER);
  const [result, reexecute] = useQuery({ query: ConsoleOrdersDocument, variables });
  const [typed, setTyped] = useState(state.search);
  const [shownSearch, setShownSearch] = useState(state.search);
  // the URL changed under the box (Back, Clear filters): show what it says now
  if (shownSearch !== state.search) {
    setShownSearch(state.search);
    setTyped(state.search);
  }
  const setFilter = (change: Partial<OrderFilterState>) =>
    setSearchParams((current) => withOrderListChange(current, change), { replace: true });
  const filtered = state.status !== null || state.search !== '';
  const clear = () => setFilter({ status: null, search: '' });

  const page = result.data?.orders;
  const rows = page?.edges.map((edge) => edge.node) ?? [];
  let body;
  if (result.error && !page) {
    body = <ErrorState title="We couldn't load the orders" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!page) {
    body = <LoadingState label="Loading orders…" />;
  } else if (rows.length === 0) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Stack align="center" gap="xs">
          <Text fw={500}>{filtered ? 'No order matches these filters.' : 'There are no orders yet.'}</Text>
          {filtered && (
            <Button variant="light" onClick={clear}>
              Clear filters
            </Button>
          )}
        </Stack>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="sm">
        <Box aria-busy={result.fetching} style={{ opacity: result.fetching ? 0.55 : 1, transition: 'opacity 120ms' }}>
          <OrderTable rows={rows} />
        </Box>
        <ListPager
          label="Order pages"
          pageIndex={pages.pageIndex}
          pageSize={ORDER_PAGE_SIZE}
          rowCount={rows.length}
          totalCount={page.totalCount}
          hasNextPage={page.pageInfo.hasNextPage}
          onPrevious={pages.previousPage}
          onNext={() => page.pageInfo.endCursor && pages.nextPage(page.pageInfo.endCursor)}
          busy={result.fetching}
        />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <title>Orders · Recoup</title>
      <Title order={1} size="h2">
        Orders
      </Title>
      <Group
        component="form"
        role="search"
        aria-label="Filter the orders"
        align="flex-end"
        gap="sm"
        wrap="wrap"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter({ search: typed });
        }}
      >
        <TextInput
          label="Search orders"
          placeholder="Order or PO number"
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          w={{ base: '100%', sm: 300 }}
        />
        <Button type="submit" variant="default">
          Search
        </Button>
        <NativeSelect
          label="Status"
          data={STATUS_OPTIONS}
          value={state.status ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setFilter({ status: isOrderStatus(value) ? value : null });
          }}
          w={{ base: '100%', xs: 200 }}
        />
        {filtered && (
          <Button variant="subtle" onClick={clear}>
            Clear filters
          </Button>
        )}
      </Group>
      {body}
    </Stack>
  );
}
