import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ConsoleDashboardQuery } from '../../shared/graphql/generated';
import { formatAmount, formatCount, formatMonth } from './dashboardFormat';

type Month = ConsoleDashboardQuery['dashboard']['monthlyTrend'][number];

const HEIGHT = 160;
const GROUP = 44;
const BAR = 16;
const OPENED = 'var(--mantine-color-orange-6)';
const RESOLVED = 'var(--mantine-color-teal-7)';

/** Cases opened and resolved per month as paired bars (plain SVG), with the table behind them. */
export function TrendChart({ months }: { months: Month[] }) {
  const most = Math.max(1, ...months.flatMap((month) => [month.openedCount, month.resolvedCount]));
  const height = (count: number) => Math.round((count / most) * (HEIGHT - 20));
  const width = Math.max(months.length * GROUP, GROUP);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="trend-heading">
      <Title order={2} size="h4" id="trend-heading" mb="sm">
        Opened and resolved per month
      </Title>
      {months.length === 0 ? (
        <Text c="dimmed">No cases were opened or resolved in the last twelve months.</Text>
      ) : (
        <Stack gap="md">
          <div style={{ overflowX: 'auto' }}>
            <svg width={width} height={HEIGHT + 24} role="img" aria-label="Chart: cases opened and resolved per month; the numbers are in the table below">
              {months.map((month, index) => {
                const x = index * GROUP + 4;
                return (
                  <g key={month.month}>
                    <rect x={x} y={HEIGHT - height(month.openedCount)} width={BAR} height={height(month.openedCount)} fill={OPENED}>
                      <title>{`${formatMonth(month.month)}: ${month.openedCount} opened`}</title>
                    </rect>
                    <rect x={x + BAR + 2} y={HEIGHT - height(month.resolvedCount)} width={BAR} height={height(month.resolvedCount)} fill={RESOLVED}>
                      <title>{`${formatMonth(month.month)}: ${month.resolvedCount} resolved`}</title>
                    </rect>
                    <text x={x + BAR} y={HEIGHT + 16} fontSize="10" textAnchor="middle" fill="currentColor">
                      {month.month.slice(5)}
                    </text>
                  </g>
                );
              })}
            </svg>
          </div>
          <Text size="xs">
            <span style={{ color: OPENED }}>■</span> Opened <span style={{ color: RESOLVED, marginLeft: 12 }}>■</span> Resolved
          </Text>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4} aria-label="Opened and resolved per month: numbers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Month</Table.Th>
                  <Table.Th scope="col" ta="right">Opened</Table.Th>
                  <Table.Th scope="col" ta="right">Opened amount</Table.Th>
                  <Table.Th scope="col" ta="right">Resolved</Table.Th>
                  <Table.Th scope="col" ta="right">Resolved amount</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {months.map((month) => (
                  <Table.Tr key={month.month}>
                    <Table.Td>{formatMonth(month.month)}</Table.Td>
                    <Table.Td ta="right">{formatCount(month.openedCount)}</Table.Td>
                    <Table.Td ta="right">{formatAmount(month.openedAmount)}</Table.Td>
                    <Table.Td ta="right">{formatCount(month.resolvedCount)}</Table.Td>
                    <Table.Td ta="right">{formatAmount(month.resolvedAmount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Paper>
  );
}
