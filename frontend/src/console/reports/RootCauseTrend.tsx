import { Stack, Table, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney } from '../../shared/format/money';
import type { RootCause } from '../../shared/graphql/generated';
import { ROOT_CAUSES, rootCauseLabel } from '../common/rootCauses';
import type { RootCauseReport } from './RootCauses';

const NOT_RECORDED = 'NOT_RECORDED';
type Column = RootCause | typeof NOT_RECORDED;
const COLOURS: Record<Column, string> = {
  WAREHOUSE: '#1c7ed6',
  CARRIER: '#e8590c',
  PRICING_MASTER_DATA: '#2f9e44',
  PROMOTION_SETUP: '#ae3ec9',
  CUSTOMER_ERROR: '#f08c00',
  OTHER: '#495057',
  NOT_RECORDED: '#adb5bd',
};

/** "2026-07-01" as "Jul 2026". */
function monthLabel(iso: string): string {
  const [year, month] = iso.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * The cases decided per root cause in each of the twelve months to the period's end: a stacked bar chart of the
 * counts (Recharts, keyboard-navigable) and, beside it, a table of every month's money and count for screen readers
 * and exact values. Money stays a decimal string; the chart draws counts only.
 */
export function RootCauseTrend({ report }: { report: RootCauseReport }) {
  const keyOf = (cause: RootCause | null | undefined): Column => cause ?? NOT_RECORDED;
  const present = new Set(report.trend.flatMap((m) => m.causes.map((c) => keyOf(c.rootCause))));
  const columns = ([...ROOT_CAUSES, NOT_RECORDED] as Column[]).filter((key) => present.has(key));
  const label = (key: Column) => rootCauseLabel(key === NOT_RECORDED ? null : key);
  const points = report.trend.map((m) => ({
    month: monthLabel(m.month),
    ...Object.fromEntries(m.causes.map((c) => [keyOf(c.rootCause), c.count])),
  }));
  return (
    <Stack gap="sm" component="section" aria-labelledby="root-cause-trend-heading">
      <Title order={3} size="h5" id="root-cause-trend-heading">
        The twelve months to {monthLabel(report.end)}: cases decided per root cause
      </Title>
      {columns.length === 0 ? (
        <Text size="sm">No case was decided in these twelve months.</Text>
      ) : (
        <>
          <div style={{ width: '100%', height: 240 }} aria-hidden="true">
            <ResponsiveContainer>
              <BarChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" fontSize={12} />
                <YAxis fontSize={12} allowDecimals={false} width={40} />
                <Tooltip />
                <Legend />
                {columns.map((key) => (
                  <Bar key={key} dataKey={key} name={label(key)} stackId="causes" fill={COLOURS[key]} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <Table.ScrollContainer minWidth={560}>
            <Table striped aria-label="Root causes by month">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Month</Table.Th>
                  {columns.map((key) => (
                    <Table.Th scope="col" key={key}>
                      {label(key)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.trend.map((m) => (
                  <Table.Tr key={m.month}>
                    <Table.Th scope="row">{monthLabel(m.month)}</Table.Th>
                    {columns.map((key) => {
                      const figure = m.causes.find((c) => keyOf(c.rootCause) === key);
                      return (
                        <Table.Td key={key}>
                          {figure ? `${formatMoney(figure.amount, report.currency)} (${figure.count})` : '—'}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
