import { useState } from 'react';
import { Alert, Box, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { ListPager } from '../../shared/app/ListPager';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { ConsoleDiscrepanciesDocument, type DiscrepancyRowFragment } from '../../shared/graphql/generated';
import { OutcomeAlert, type ShownOutcome } from '../collections/OutcomeAlert';
import { canSettleDiscrepancies } from '../orders/orderLabels';
import { atStakeText, discrepanciesText } from './discrepancyLabels';
import { DISCREPANCY_PAGE_SIZE } from './discrepancyUrl';
import { DiscrepancyFilters } from './DiscrepancyFilters';
import { DiscrepancyTable } from './DiscrepancyTable';
import { SettleDialog } from './SettleDialog';
import { useDiscrepancyParams } from './useDiscrepancyParams';

/** `/discrepancies`: what orders, deliveries and invoices disagree on, oldest first, for customer service to settle. */
export function DiscrepanciesPage() {
  const list = useDiscrepancyParams();
  const [result, reexecute] = useQuery({ query: ConsoleDiscrepanciesDocument, variables: list.variables });
  const [settling, setSettling] = useState<DiscrepancyRowFragment | null>(null);
  // Settled here: gone from the open list at once, before the list is loaded again.
  const [settled, setSettled] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<ShownOutcome | null>(null);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  const page = result.data?.orderDiscrepancies;
  const rows = (page?.edges ?? [])
    .map((edge) => edge.node)
    .filter((row) => !(list.status === 'OPEN' && settled.has(row.id)));
  const canSettle = canSettleDiscrepancies(result.data?.viewer?.role);

  let body;
  const refused = result.error?.graphQLErrors[0]?.message;
  if (result.error && !page) {
    body = refused ? (
      <Alert color="red" variant="light" role="alert" title="The discrepancies could not be shown">
        {refused}
      </Alert>
    ) : (
      <ErrorState title="We couldn't load the discrepancies" onRetry={refresh} />
    );
  } else if (!page) {
    body = <LoadingState label="Loading the discrepancies…" />;
  } else if (rows.length === 0) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Stack align="center" gap="xs">
          <Text fw={500}>
            {list.filtered
              ? 'No discrepancy matches these filters.'
              : 'No open discrepancy: orders, deliveries and invoices agree.'}
          </Text>
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
        <Box aria-busy={result.fetching} style={{ opacity: result.fetching ? 0.55 : 1, transition: 'opacity 120ms' }}>
          <DiscrepancyTable rows={rows} showOrder onSettle={canSettle ? setSettling : undefined} />
        </Box>
        <ListPager
          label="Discrepancy pages"
          pageIndex={list.pageIndex}
          pageSize={DISCREPANCY_PAGE_SIZE}
          rowCount={rows.length}
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
      <title>Discrepancies · Recoup</title>
      <Group justify="space-between" align="baseline" wrap="wrap">
        <Title order={1} size="h2">
          Discrepancies
        </Title>
        {page && (
          <Text c="dimmed" size="sm" data-testid="discrepancy-totals">
            {discrepanciesText(page.totalCount)}
            {page.totals.length > 0 && ` · at stake: ${atStakeText(page.totals)}`}
          </Text>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Where an order, its deliveries and its invoices disagree, oldest order first. Settle each with a credit memo, a
        rebill or a note{canSettle ? '' : ' (AR clerks, credit managers and admins)'}.
      </Text>
      <DiscrepancyFilters list={list} />
      <OutcomeAlert outcome={outcome} onClose={() => setOutcome(null)} />
      {body}
      {settling && (
        <SettleDialog
          discrepancy={settling}
          onClose={() => setSettling(null)}
          onReload={() => {
            setSettling(null);
            refresh();
          }}
          onDone={(message) => {
            setSettled((current) => new Set(current).add(settling.id));
            setSettling(null);
            setOutcome({ tone: 'success', text: message });
            refresh();
          }}
        />
      )}
    </Stack>
  );
}
