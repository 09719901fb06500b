import { useState } from 'react';
import { Alert, Anchor, Box, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ListPager } from '../../shared/app/ListPager';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { CollectionsWorklistDocument, ConsoleStaffMembersDocument } from '../../shared/graphql/generated';
import { formatMoney } from '../../shared/format/money';
import { accountsText } from './collectionsLabels';
import { DUNNING_PREVIEW_HREF } from './collectionsLinks';
import { OutcomeAlert, type ShownOutcome } from './OutcomeAlert';
import { useWorklistParams } from './useWorklistParams';
import { WorklistBulkBar } from './WorklistBulkBar';
import { WorklistFilters } from './WorklistFilters';
import { WORKLIST_PAGE_SIZE } from './worklistUrl';
import { WorklistTable } from './WorklistTable';

/** `/collections`: accounts with money past due, highest priority first, selectable for the collector's actions. */
export function WorklistPage() {
  const list = useWorklistParams();
  const [result, reexecute] = useQuery({ query: CollectionsWorklistDocument, variables: list.variables });
  const [staffResult] = useQuery({ query: ConsoleStaffMembersDocument });
  const staff = staffResult.data?.staffMembers ?? [];
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string> }>({ key: '', ids: new Set() });
  const [outcome, setOutcome] = useState<ShownOutcome | null>(null);

  const page = result.data?.collectionsWorklist;
  const rows = page?.entries ?? [];
  const selectedIds = selection.key === list.viewKey ? selection.ids : new Set<string>();
  const selectedOnPage = rows.filter((row) => selectedIds.has(row.account.id)).map((row) => row.account.id);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

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
  const refused = result.error?.graphQLErrors[0]?.message;
  if (result.error && !page) {
    body = refused ? (
      <Alert color="red" variant="light" role="alert" title="The worklist could not be shown">
        {refused}
      </Alert>
    ) : (
      <ErrorState title="We couldn't load the worklist" onRetry={refresh} />
    );
  } else if (!page) {
    body = <LoadingState label="Loading the worklist…" />;
  } else if (rows.length === 0) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Stack align="center" gap="xs">
          <Text fw={500}>{list.filtered ? 'No account matches these filters.' : 'No account has money past due.'}</Text>
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
          <WorklistTable
            rows={rows}
            selected={selectedIds}
            onToggle={toggle}
            onToggleAll={(checked) => select(checked ? rows.map((row) => row.account.id) : [])}
          />
        </Box>
        <ListPager
          label="Worklist pages"
          pageIndex={list.pageIndex}
          pageSize={WORKLIST_PAGE_SIZE}
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
      <title>Collections worklist · Recoup</title>
      <Group justify="space-between" align="baseline" wrap="wrap">
        <Title order={1} size="h2">
          Collections worklist
        </Title>
        <Group gap="md">
          {page && (
            <Text c="dimmed" size="sm" data-testid="worklist-totals">
              {accountsText(page.totalCount)}
              {page.pastDueTotals.length > 0 &&
                ` · past due, undisputed: ${page.pastDueTotals.map((t) => formatMoney(t.amount, t.currency)).join(' + ')}`}
            </Text>
          )}
          <Anchor component={Link} to={DUNNING_PREVIEW_HREF}>
            Dunning preview
          </Anchor>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Ranked by priority: undisputed money past due, weighted by its age, the customer's risk and broken promises.
        Disputed money is never counted as past due.
      </Text>
      <WorklistFilters list={list} />
      <OutcomeAlert outcome={outcome} onClose={() => setOutcome(null)} />
      {selectedOnPage.length > 0 && (
        <WorklistBulkBar
          accountIds={selectedOnPage}
          staff={staff}
          onClear={() => select([])}
          onDone={(message) => {
            setOutcome({ tone: 'success', text: message });
            select([]);
            refresh();
          }}
        />
      )}
      {body}
    </Stack>
  );
}
