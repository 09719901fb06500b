import { useState } from 'react';
import { Alert, Box, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { ListPager } from '../../shared/app/ListPager';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { ConsoleQueueDocument, ConsoleStaffMembersDocument, type ConsoleQueueQuery } from '../../shared/graphql/generated';
import { consoleReasonLabeller, reasonOptions } from '../common/reasons';
import { useReasons } from '../common/useReasons';
import { BulkBar } from './BulkBar';
import { BulkResultPanel } from './BulkResultPanel';
import type { BulkSummary } from './bulkSummary';
import { QueueFilters } from './QueueFilters';
import { QueueTable } from './QueueTable';
import { QUEUE_PAGE_SIZE } from './queueUrl';
import { StatusChips } from './StatusChips';
import { useQueueParams } from './useQueueParams';

type QueuePageData = ConsoleQueueQuery['cases'];

/** Keeps the last page on screen while the next one loads, so the table does not jump. */
function useLastPage(page: QueuePageData | undefined, pageIndex: number) {
  const [last, setLast] = useState<{ page: QueuePageData; pageIndex: number } | undefined>(page && { page, pageIndex });
  if (page && (page !== last?.page || pageIndex !== last.pageIndex)) setLast({ page, pageIndex });
  return page ? { page, pageIndex } : last;
}

/** `/` and `/queue`: every open and closed case, filtered, sorted, selectable for bulk actions. */
export function QueuePage() {
  const list = useQueueParams();
  const [result, reexecute] = useQuery({ query: ConsoleQueueDocument, variables: list.variables });
  const [staffResult] = useQuery({ query: ConsoleStaffMembersDocument });
  const staff = staffResult.data?.staffMembers ?? [];
  const configuredReasons = useReasons();
  const reasonLabel = consoleReasonLabeller(configuredReasons);
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string> }>({ key: '', ids: new Set() });
  const [summary, setSummary] = useState<BulkSummary | null>(null);

  const page = result.data?.cases;
  const last = useLastPage(page, list.pageIndex);
  const shown = last?.page;
  const rows = shown?.edges.map((edge) => edge.node) ?? [];
  const stale = result.fetching && page === undefined;
  const selectedIds = selection.key === list.viewKey ? selection.ids : new Set<string>();
  const selectedRows = rows.filter((row) => selectedIds.has(row.id));
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const serverMessage = result.error && !page ? (result.error.graphQLErrors[0]?.message ?? null) : null;
  const amountError = serverMessage && list.pageIndex === 0 && (list.amountMin || list.amountMax) ? serverMessage : null;

  function select(ids: Iterable<string>) {
    setSelection({ key: list.viewKey, ids: new Set(ids) });
  }
  function toggle(id: string, checked: boolean) {
    const next = new Set(selectedIds);
    if (checked) next.add(id);
    else next.delete(id);
    select(next);
  }

  let body;
  if (amountError) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Text fw={500}>Correct the amount range to see cases.</Text>
      </Paper>
    );
  } else if (result.error && !page) {
    body = serverMessage ? (
      <Alert color="red" variant="light" role="alert" title="The queue could not be shown">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{serverMessage}</Text>
          <Button size="xs" variant="white" color="red" onClick={list.clearFilters}>
            Clear filters
          </Button>
        </Stack>
      </Alert>
    ) : (
      <ErrorState title="We couldn't load the work queue" onRetry={refresh} />
    );
  } else if (!shown) {
    body = <LoadingState label="Loading the work queue…" />;
  } else if (rows.length === 0 && !stale) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Stack align="center" gap="xs">
          <Text fw={500}>{list.filtered ? 'No cases match these filters.' : 'The queue is empty: there are no cases yet.'}</Text>
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
          <QueueTable
            rows={rows}
            selected={selectedIds}
            onToggle={toggle}
            onToggleAll={(checked) => select(checked ? rows.map((row) => row.id) : [])}
            reasonLabel={reasonLabel}
          />
        </Box>
        <ListPager
          label="Queue pages"
          pageIndex={last?.pageIndex ?? 0}
          pageSize={QUEUE_PAGE_SIZE}
          rowCount={rows.length}
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
      <title>Work queue · Recoup</title>
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          Work queue
        </Title>
        {shown && (
          <Text c="dimmed" size="sm">
            {shown.totalCount === 1 ? '1 case' : `${shown.totalCount} cases`}
          </Text>
        )}
      </Group>
      <QueueFilters
        list={list}
        staff={staff}
        reasons={reasonOptions(configuredReasons, list.reasonCodes)}
        amountError={amountError}
      />
      {shown && (
        <StatusChips
          counts={shown.countsByStatus}
          selected={list.statuses}
          onChange={(statuses) => list.setFilter({ statuses })}
        />
      )}
      {summary && <BulkResultPanel summary={summary} onClose={() => setSummary(null)} />}
      {selectedRows.length > 0 && (
        <BulkBar
          rows={selectedRows}
          staff={staff}
          onClear={() => select([])}
          onDone={(next) => {
            setSummary(next);
            select([]);
            refresh();
          }}
        />
      )}
      {body}
    </Stack>
  );
}
