import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { ReceivablesTrendDocument } from '../../shared/graphql/generated';
import { ratioAsPercent } from './ratio';

/** "2026-07-01" as "Jul 2026". */
function monthLabel(iso: string): string {
  const [year, month] = iso.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Whether ``iso`` ("2026-12-01") is the month running now (UTC, as the server reads "today"). */
function isRunning(iso: string): boolean {
  return iso.slice(0, 7) === new Date().toISOString().slice(0, 7);
}

/**
 * DSO and days deduction outstanding month by month (Recharts, keyboard-navigable), with every figure in a table
 * beside it for screen readers and for reading exact values. Days are drawn from their decimal strings; the chart
 * needs numbers for its scale only.
 */
export function ReportTrend({ currency, customer }: { currency: string; customer: string }) {
  const [result, reexecute] = useQuery({
    query: ReceivablesTrendDocument,
    variables: { currency, customer: customer || null },
  });
  if (result.error && !result.data) {
    return <ErrorState title="We couldn't load the trend" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  }
  if (!result.data) return <LoadingState label="Loading the trend…" />;
  const months = result.data.receivablesTrend;
  // The month running is in the table only: a few days' sales make its DSO swing (4 days of December read 700+
  // days), which would flatten every complete month on the chart's scale.
  const points = months.filter((m) => !isRunning(m.month)).map((m) => ({
    month: monthLabel(m.month),
    dso: m.dsoSimple === null ? null : Number(m.dsoSimple),
    ddo: m.daysDeductionOutstanding === null ? null : Number(m.daysDeductionOutstanding),
  }));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="trend-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="trend-heading">
          The last twelve months ({currency}{customer ? `, customer ${customer}` : ''})
        </Title>
        <div style={{ width: '100%', height: 240 }} aria-hidden="true">
          <ResponsiveContainer>
            <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" fontSize={12} />
              <YAxis fontSize={12} unit=" d" width={56} />
              <Tooltip />
              <Legend />
              <Line type="monotone" dataKey="dso" name="DSO (simple), days" stroke="#1c7ed6" connectNulls={false} />
              <Line type="monotone" dataKey="ddo" name="Days deduction outstanding" stroke="#e8590c" connectNulls={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
        <Table.ScrollContainer minWidth={520}>
          <Table striped aria-label="Trend by month">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Month</Table.Th>
                <Table.Th scope="col">DSO (simple)</Table.Th>
                <Table.Th scope="col">Days deduction outstanding</Table.Th>
                <Table.Th scope="col">CEI</Table.Th>
                <Table.Th scope="col">Deduction rate</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {months.map((m) => (
                <Table.Tr key={m.month}>
                  <Table.Th scope="row">
                    {monthLabel(m.month)}
                    {isRunning(m.month) ? ' (so far)' : ''}
                  </Table.Th>
                  <Table.Td>{m.dsoSimple ?? 'No data'}</Table.Td>
                  <Table.Td>{m.daysDeductionOutstanding ?? 'No data'}</Table.Td>
                  <Table.Td>{m.collectionEffectiveness ? ratioAsPercent(m.collectionEffectiveness) : 'No data'}</Table.Td>
                  <Table.Td>{m.deductionRate ? ratioAsPercent(m.deductionRate) : 'No data'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed">
          Each month read as of its last day; this month so far, in the table only: a few days' sales make its DSO and
          days deduction outstanding swing.
        </Text>
      </Stack>
    </Paper>
  );
}
