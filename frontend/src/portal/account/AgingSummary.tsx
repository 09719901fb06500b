import { Box, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { percentOf } from '../../shared/format/decimal';
import { formatMoney } from '../../shared/format/money';
import type { AccountOverviewQuery } from '../../shared/graphql/generated';

type Aging = NonNullable<NonNullable<AccountOverviewQuery['viewer']>['account']>['aging'];

const BUCKETS: { key: Exclude<keyof Aging, 'total'>; label: string; color: string }[] = [
  { key: 'current', label: 'Not yet due', color: 'teal.6' },
  { key: 'days1To30', label: '1–30 days overdue', color: 'yellow.5' },
  { key: 'days31To60', label: '31–60 days overdue', color: 'orange.5' },
  { key: 'days61To90', label: '61–90 days overdue', color: 'red.6' },
  { key: 'over90', label: 'Over 90 days overdue', color: 'red.9' },
  { key: 'inDispute', label: 'In dispute (not overdue)', color: 'grape.4' },
];

/**
 * Undisputed open balances by days past due, what is held in dispute (never
 * counted as overdue), their total, and a bar of their shares.
 */
export function AgingSummary({ aging, currency }: { aging: Aging; currency: string }) {
  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <SimpleGrid component="dl" cols={{ base: 2, sm: 4, md: 7 }} spacing="md" m={0} aria-label="Aging">
          {BUCKETS.map((bucket) => (
            <Stack key={bucket.key} gap={2}>
              <Group component="dt" gap={6} wrap="nowrap">
                <Box w={10} h={10} bg={bucket.color} style={{ borderRadius: 2, flexShrink: 0 }} aria-hidden />
                <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                  {bucket.label}
                </Text>
              </Group>
              <Text component="dd" m={0} fw={500} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatMoney(aging[bucket.key], currency)}
              </Text>
            </Stack>
          ))}
          <Stack gap={2}>
            <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
              Total open
            </Text>
            <Text component="dd" m={0} fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatMoney(aging.total, currency)}
            </Text>
          </Stack>
        </SimpleGrid>
        {/* The figures above say it all in words; the bar only shows the shares at a glance. */}
        <Group gap={0} h={12} wrap="nowrap" aria-hidden style={{ borderRadius: 4, overflow: 'hidden' }} bg="gray.1">
          {BUCKETS.map((bucket) => (
            <Box key={bucket.key} h="100%" bg={bucket.color} w={`${percentOf(aging[bucket.key], aging.total)}%`} />
          ))}
        </Group>
      </Stack>
    </Paper>
  );
}
