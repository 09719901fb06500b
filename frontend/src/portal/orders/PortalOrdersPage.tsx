import { Box, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { ListPager } from '../../shared/app/ListPager';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { useLastPage } from '../../shared/app/useLastPage';
import { PortalOrdersDocument } from '../../shared/graphql/generated';
import { OrderFilters } from './OrderFilters';
import { OrderTable } from './OrderTable';
import { ORDER_PAGE_SIZE, useOrderListParams } from './useOrderListParams';

/** `/orders`: the account's orders, newest first, with what became of each. */
export function PortalOrdersPage() {
  const list = useOrderListParams();
  const [result, reexecute] = useQuery({ query: PortalOrdersDocument, variables: list.variables });
  const page = result.data?.orders;
  const last = useLastPage(page, list.pageIndex);
  const shown = last?.page;
  const stale = result.fetching && page === undefined;

  let body;
  if (result.error && !page) {
    body = <ErrorState title="We couldn't load your orders" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!shown) {
    body = <LoadingState label="Loading orders…" />;
  } else if (shown.edges.length === 0 && !stale) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Stack align="center" gap="xs">
          <Text fw={500}>{list.filtered ? 'No orders match these filters.' : 'We have no orders from you yet.'}</Text>
          {list.filtered && (
            <Button variant="light" onClick={list.clearFilters}>
              Clear filters
            </Button>
          )}
        </Stack>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="sm">
        <Box aria-busy={stale} style={{ opacity: stale ? 0.55 : 1, transition: 'opacity 120ms' }}>
          <OrderTable orders={shown.edges.map((edge) => edge.node)} />
        </Box>
        <ListPager
          label="Order pages"
          pageIndex={last?.pageIndex ?? 0}
          pageSize={ORDER_PAGE_SIZE}
          rowCount={shown.edges.length}
          totalCount={shown.totalCount}
          hasNextPage={shown.pageInfo.hasNextPage}
          onPrevious={list.previousPage}
          onNext={() => shown.pageInfo.endCursor && list.nextPage(shown.pageInfo.endCursor)}
          busy={stale}
        />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <title>Orders · Recoup</title>
      <div>
        <Title order={1} size="h2">
          Orders
        </Title>
        <Text c="dimmed">Your orders, newest first: where each one stands, what was shipped, delivered and invoiced.</Text>
      </div>
      <OrderFilters list={list} />
      {body}
    </Stack>
  );
}
