import { Anchor, Box, Paper, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ListPager } from '../../shared/app/ListPager';
import { usePhone } from '../../shared/app/usePhone';
import { PhoneTable } from '../../shared/app/PhoneTable';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { useUrlCursorStack } from '../../shared/app/useUrlCursorStack';
import { formatDate } from '../../shared/format/dates';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import { AccountPaymentsDocument, type AccountPaymentsQuery } from '../../shared/graphql/generated';
import { invoiceHref } from '../../shared/invoices/invoiceLinks';

export const PAYMENT_PAGE_SIZE = 25;

const METHOD_LABELS: Record<string, string> = { ach: 'ACH transfer', wire: 'Wire transfer', check: 'Check' };

/** A payment method in words: "wire" is "Wire transfer"; unknown ones are shown as sent, capitalised. */
export function paymentMethodLabel(method: string): string {
  return METHOD_LABELS[method.toLowerCase()] ?? method.charAt(0).toUpperCase() + method.slice(1);
}

const NUMERIC = { ta: 'right', style: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } } as const;
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Payments received, newest first, each with the invoices it paid; paged like the other lists. */
export function PaymentHistory() {
  const phone = usePhone();
  const paging = useUrlCursorStack('paymentsAfter');
  const [result, reexecute] = useQuery({
    query: AccountPaymentsDocument,
    variables: { first: PAYMENT_PAGE_SIZE, after: paging.after },
  });
  const page = result.data?.viewer?.account?.payments;

  if (result.error && !page) {
    return (
      <ErrorState title="We couldn't load your payments" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
    );
  }
  if (!page) return <LoadingState label="Loading payments…" />;
  if (page.edges.length === 0) {
    return (
      <Paper withBorder p="md">
        <Text c="dimmed">No payments have been received from you yet.</Text>
      </Paper>
    );
  }

  return (
    <Stack gap="sm">
      <Box aria-busy={result.fetching} style={{ opacity: result.fetching ? 0.55 : 1, transition: 'opacity 120ms' }}>
        {phone ? (
          // On a phone: the payment (date, reference, method) with the invoices it paid under it, and its amount;
          // nothing scrolls sideways.
          <PhoneTable label="Payments" columns={['Payment', 'Amount']}>
            {page.edges.map(({ node: payment }) => (
              <Table.Tr key={payment.id}>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Text size="sm" fw={500}>
                    {formatDate(payment.receivedOn)} ·{' '}
                    <Text span size="sm" ff="monospace">
                      {payment.reference}
                    </Text>
                  </Text>
                  <Text size="xs" c="dimmed">
                    {paymentMethodLabel(payment.method)}
                  </Text>
                  <Applications payment={payment} />
                </Table.Td>
                <Table.Td {...NUMERIC} fw={500} style={{ ...NUMERIC.style, verticalAlign: 'top' }}>
                  {formatMoney(payment.amount, payment.currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </PhoneTable>
        ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" aria-label="Payments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Received</Table.Th>
                <Table.Th scope="col">Reference</Table.Th>
                <Table.Th scope="col">Method</Table.Th>
                <Table.Th scope="col" ta="right">
                  Amount
                </Table.Th>
                <Table.Th scope="col">Paid invoices</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.edges.map(({ node: payment }) => (
                <Table.Tr key={payment.id}>
                  <Table.Td style={NO_WRAP}>{formatDate(payment.receivedOn)}</Table.Td>
                  <Table.Td style={NO_WRAP} ff="monospace">
                    {payment.reference}
                  </Table.Td>
                  <Table.Td style={NO_WRAP}>{paymentMethodLabel(payment.method)}</Table.Td>
                  <Table.Td {...NUMERIC} fw={500}>
                    {formatMoney(payment.amount, payment.currency)}
                  </Table.Td>
                  <Table.Td>
                    <Applications payment={payment} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        )}
      </Box>
      <ListPager
        label="Payment pages"
        pageIndex={paging.pageIndex}
        pageSize={PAYMENT_PAGE_SIZE}
        rowCount={page.edges.length}
        totalCount={page.totalCount}
        hasNextPage={page.pageInfo.hasNextPage}
        onPrevious={paging.previousPage}
        onNext={() => page.pageInfo.endCursor && paging.nextPage(page.pageInfo.endCursor)}
        busy={result.fetching}
      />
    </Stack>
  );
}

type Payment = NonNullable<NonNullable<AccountPaymentsQuery['viewer']>['account']>['payments']['edges'][number]['node'];

/** The invoices a payment paid, each linked with what it took, and what is not applied yet. */
function Applications({ payment }: { payment: Payment }) {
  return (
    <Stack gap={2}>
      {payment.applications.map((application) => (
        <Text key={application.invoiceId} size="sm">
          <Anchor component={Link} to={invoiceHref(application.invoiceId)}>
            {application.invoiceNumber}
          </Anchor>{' '}
          <Text span c="dimmed" size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatMoney(application.amount, payment.currency)}
          </Text>
        </Text>
      ))}
      {!isZeroAmount(payment.unappliedAmount) && (
        <Text size="sm" c="dimmed">
          Not yet applied: {formatMoney(payment.unappliedAmount, payment.currency)}
        </Text>
      )}
    </Stack>
  );
}
