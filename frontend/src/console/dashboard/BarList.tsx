import { Anchor, Box, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { compareDecimals, percentOf } from '../../shared/format/decimal';
import type { DashboardSliceItemFragment } from '../../shared/graphql/generated';
import { formatAmount, formatCount } from './dashboardFormat';

interface BarListProps {
  id: string;
  title: string;
  /** The first column of the table, e.g. "Reason". */
  groupLabel: string;
  slices: DashboardSliceItemFragment[];
  /** Where a bar leads in the queue, or null when it leads nowhere. */
  hrefFor: (slice: DashboardSliceItemFragment) => string | null;
  emptyText: string;
}

const cases = (count: number) => (count === 1 ? '1 case' : `${formatCount(count)} cases`);

/** Horizontal bars by amount, each a link to its cases, and the table of numbers behind them. */
export function BarList({ id, title, groupLabel, slices, hrefFor, emptyText }: BarListProps) {
  const largest = slices.reduce((max, slice) => (compareDecimals(slice.amount, max) > 0 ? slice.amount : max), '0');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {slices.length === 0 ? (
        <Text c="dimmed">{emptyText}</Text>
      ) : (
        <Stack gap="md">
          <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={`${title}: chart`}>
            {slices.map((slice) => {
              const href = hrefFor(slice);
              const width = Math.max(percentOf(slice.amount, largest), 0.5);
              const bar = (
                <Stack gap={2}>
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text size="sm" fw={500} truncate>
                      {slice.label}
                    </Text>
                    <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                      {formatAmount(slice.amount)} · {cases(slice.count)}
                    </Text>
                  </Group>
                  <Box h={12} bg="gray.1" style={{ borderRadius: 4 }} aria-hidden>
                    <Box h="100%" w={`${width}%`} bg="teal.7" style={{ borderRadius: 4 }} />
                  </Box>
                </Stack>
              );
              return (
                <li key={slice.key}>
                  {href ? (
                    <Anchor
                      component={Link}
                      to={href}
                      underline="never"
                      c="inherit"
                      display="block"
                      aria-label={`${slice.label}: ${cases(slice.count)}, ${formatAmount(slice.amount)}. Show in the queue`}
                    >
                      {bar}
                    </Anchor>
                  ) : (
                    bar
                  )}
                </li>
              );
            })}
          </Stack>
          <Table verticalSpacing={4} aria-label={`${title}: numbers`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{groupLabel}</Table.Th>
                <Table.Th scope="col" ta="right">
                  Cases
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Amount
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {slices.map((slice) => (
                <Table.Tr key={slice.key}>
                  <Table.Td>{slice.label}</Table.Td>
                  <Table.Td ta="right">{formatCount(slice.count)}</Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatAmount(slice.amount)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Paper>
  );
}
