import { Box, Button, Group, MultiSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { ListPager } from '../../shared/app/ListPager';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { DISPUTE_STATUSES, disputeStatusLook, isDisputeStatus } from '../../shared/disputes/disputeStatus';
import { reasonLabeller } from '../../shared/disputes/reasonLabels';
import { PortalDisputesDocument } from '../../shared/graphql/generated';
import { DisputeTable } from './DisputeTable';
import { DISPUTE_PAGE_SIZE, useDisputeListParams } from './useDisputeListParams';

const STATUS_OPTIONS = DISPUTE_STATUSES.map((status) => ({ value: status, label: disputeStatusLook(status).label }));

/** `/disputes`: the customer's disputes and deductions, newest first. */
export function PortalDisputesPage() {
  const list = useDisputeListParams();
  const [result, reexecute] = useQuery({ query: PortalDisputesDocument, variables: list.variables });
  const data = result.data;
  const page = data?.disputes;
  const filtered = list.statuses.length > 0;

  let body;
  if (result.error && !data) {
    body = <ErrorState title="We couldn't load your disputes" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!page) {
    body = <LoadingState label="Loading disputes…" />;
  } else if (page.edges.length === 0) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Stack align="center" gap="xs">
          <Text fw={500}>{filtered ? 'No disputes have these statuses.' : 'You have not filed any disputes yet.'}</Text>
          {filtered ? (
            <Button variant="light" onClick={() => list.setStatuses([])}>
              Clear filter
            </Button>
          ) : (
            <Text size="sm" c="dimmed">
              To dispute an invoice, open it from the invoice list and choose “Dispute this invoice”.
            </Text>
          )}
        </Stack>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="sm">
        <Box aria-busy={result.fetching} style={{ opacity: result.fetching ? 0.55 : 1, transition: 'opacity 120ms' }}>
          <DisputeTable
            label="Disputes"
            disputes={page.edges.map((edge) => edge.node)}
            reasonLabel={reasonLabeller(data?.reasonCodes)}
            showInvoiceLink
          />
        </Box>
        <ListPager
          label="Dispute pages"
          pageIndex={list.pageIndex}
          pageSize={DISPUTE_PAGE_SIZE}
          rowCount={page.edges.length}
          totalCount={page.totalCount}
          hasNextPage={page.pageInfo.hasNextPage}
          onPrevious={list.previousPage}
          onNext={() => page.pageInfo.endCursor && list.nextPage(page.pageInfo.endCursor)}
          busy={result.fetching}
        />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <title>Disputes · Recoup</title>
      <Title order={1} size="h2">
        Disputes
      </Title>
      <Group align="flex-end" gap="sm" role="search" aria-label="Filter disputes">
        <MultiSelect
          label="Status"
          placeholder={filtered ? undefined : 'All statuses'}
          data={STATUS_OPTIONS}
          value={list.statuses}
          onChange={(values) => list.setStatuses(values.filter(isDisputeStatus))}
          clearable
          clearButtonProps={{ 'aria-label': 'Clear status filter' }}
          w={{ base: '100%', sm: 360 }}
        />
      </Group>
      {body}
    </Stack>
  );
}
