import { Box, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { CombinedError } from '@urql/core';
import { formatMoney } from '../format/money';
import type { InvoicePageFragment } from '../graphql/generated';

type InvoiceListTotals = InvoicePageFragment['totals'][number];
import { ErrorState, LoadingState } from '../app/PageStates';
import { useLastPage } from '../app/useLastPage';
import { InvoiceFilters } from './InvoiceFilters';
import { ListPager } from '../app/ListPager';
import { InvoiceTable, type InvoiceRow } from './InvoiceTable';
import { INVOICE_PAGE_SIZE, type InvoiceListParams } from './useInvoiceListParams';

export type InvoiceListPage = InvoicePageFragment & { edges: { node: InvoiceRow }[] };

interface InvoiceListViewProps {
  title: string;
  list: InvoiceListParams;
  /** The current page, or undefined before the first one has loaded. */
  page: InvoiceListPage | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  onRetry: () => void;
  showCustomer: boolean;
}

export function InvoiceListView({ title, list, page, fetching, error, onRetry, showCustomer }: InvoiceListViewProps) {
  const last = useLastPage(page, list.pageIndex);
  const shown = last?.page;
  const filtered = list.filtered;
  const stale = fetching && page === undefined;
  // The server refuses some amount bounds (e.g. more than two decimals) with a message for the user.
  // Changing an amount goes back to page one, so a refusal there is about the amounts, not a cursor.
  const amountError =
    error && !page && list.pageIndex === 0 && (list.amountMin || list.amountMax)
      ? (error.graphQLErrors[0]?.message ?? null)
      : null;

  let body;
  if (amountError) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Text fw={500}>Correct the invoice total range to see invoices.</Text>
      </Paper>
    );
  } else if (error && !page) {
    body = <ErrorState title="We couldn't load your invoices" onRetry={onRetry} />;
  } else if (!shown) {
    body = <LoadingState label="Loading invoices…" />;
  } else if (shown.edges.length === 0 && !stale) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Stack align="center" gap="xs">
          <Text fw={500}>{filtered ? 'No invoices match these filters.' : 'There are no invoices yet.'}</Text>
          {filtered && (
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
        <InvoiceTotalsLine totals={shown.totals} />
        <Box aria-busy={stale} style={{ opacity: stale ? 0.55 : 1, transition: 'opacity 120ms' }}>
          <InvoiceTable invoices={shown.edges.map((edge) => edge.node)} showCustomer={showCustomer} />
        </Box>
        <ListPager
          label="Invoice pages"
          pageIndex={last?.pageIndex ?? 0}
          pageSize={INVOICE_PAGE_SIZE}
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
      <title>{`${title} · Recoup`}</title>
      <Title order={1} size="h2">
        {title}
      </Title>
      <InvoiceFilters list={list} amountError={amountError} customerFilter={showCustomer} />
      {body}
    </Stack>
  );
}

/** What every invoice under the filter adds up to, one line per currency (never added across currencies). */
function InvoiceTotalsLine({ totals }: { totals: readonly InvoiceListTotals[] }) {
  if (totals.length === 0) return null;
  return (
    <Stack gap={2} component="dl" m={0} aria-label="Totals for these filters">
      {totals.map((t) => (
        <Group key={t.currency} gap="md" wrap="wrap">
          <Text component="dt" size="sm" c="dimmed">
            {t.currency}, {t.count === 1 ? '1 invoice' : `${t.count} invoices`}:
          </Text>
          <Text component="dd" size="sm" m={0}>
            Open {formatMoney(t.openBalance, t.currency)} · Overdue {formatMoney(t.overdue, t.currency)} · In dispute{' '}
            {formatMoney(t.disputed, t.currency)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
