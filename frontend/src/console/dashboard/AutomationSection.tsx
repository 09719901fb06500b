import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { formatDate } from '../../shared/format/dates';
import {
  type Automation,
  type AutomationWeek,
  formatCounts,
  formatRate,
  type Measure,
  MEASURES,
  nothingToMeasure,
  type Rate,
  shortWeek,
  totalRate,
} from './automationRates';
import { formatCount } from './dashboardFormat';

const BAR_GAP = 10;
const CHART_HEIGHT = 40;

/** One rate for each week as a bar of 0–100 % (a week with nothing to do is a grey tick), scaled to the card. */
function WeeklyBars({ measure, weeks }: { measure: Measure; weeks: AutomationWeek[] }) {
  return (
    <svg
      viewBox={`0 0 ${weeks.length * BAR_GAP} ${CHART_HEIGHT}`}
      preserveAspectRatio="none"
      width="100%"
      height={56}
      role="img"
      aria-label={`Chart: ${measure.label.toLowerCase()} per week; the numbers are in the table below`}
    >
      <rect x={0} y={0} width={weeks.length * BAR_GAP} height={CHART_HEIGHT} fill="var(--mantine-color-gray-0)" />
      {weeks.map((week, index) => {
        const rate = week[measure.key];
        const height = rate.percent === null ? 0 : (Number(rate.percent) / 100) * CHART_HEIGHT;
        return (
          <g key={week.week}>
            <title>{`${week.week}: ${rate.percent === null ? 'nothing to do' : `${formatRate(rate)} (${formatCounts(rate)})`}`}</title>
            {rate.percent === null ? (
              <rect x={index * BAR_GAP + 1} y={CHART_HEIGHT - 1} width={BAR_GAP - 2} height={1} fill="var(--mantine-color-gray-4)" />
            ) : (
              <rect x={index * BAR_GAP + 1} y={CHART_HEIGHT - height} width={BAR_GAP - 2} height={height} fill={measure.color} />
            )}
          </g>
        );
      })}
    </svg>
  );
}

function RateCard({ measure, weeks }: { measure: Measure; weeks: AutomationWeek[] }) {
  const oldest = weeks[0];
  const newest = weeks[weeks.length - 1];
  const all = totalRate(weeks.map((week) => week[measure.key]));
  return (
    <Paper withBorder p="sm" role="group" aria-label={measure.label}>
      <Stack gap={4}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {measure.label}
        </Text>
        <Group gap="xs" align="baseline" wrap="wrap">
          <Text size="xl" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`automation-${measure.key}`}>
            {formatRate(all)}
          </Text>
          <Text size="xs" c="dimmed">
            {all.total === 0 ? 'nothing to do in 12 weeks' : `${formatCounts(all)} in 12 weeks`}
            {newest ? ` · this week ${formatRate(newest[measure.key])}` : ''}
          </Text>
        </Group>
        <WeeklyBars measure={measure} weeks={weeks} />
        {oldest && newest && (
          <Group justify="space-between" gap={0}>
            <Text size="xs" c="dimmed">
              {shortWeek(oldest.week)}
            </Text>
            <Text size="xs" c="dimmed">
              {shortWeek(newest.week)}
            </Text>
          </Group>
        )}
        <Text size="xs" c="dimmed">
          {measure.hint}
        </Text>
      </Stack>
    </Paper>
  );
}

function RateCell({ rate }: { rate: Rate }) {
  return (
    <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {formatRate(rate)}
      {rate.total > 0 && (
        <Text span size="xs" c="dimmed">
          {` (${formatCounts(rate)})`}
        </Text>
      )}
    </Table.Td>
  );
}

function MeasureHeaders() {
  return MEASURES.map((measure) => (
    <Table.Th key={measure.key} scope="col" ta="right">
      {measure.label}
    </Table.Th>
  ));
}

/**
 * The machine's share of the work over the last 12 ISO weeks: cash lines auto-matched, short pays turned into
 * classified deductions with evidence, cases closed by rule — per week (cards and the table behind them) and for
 * the customers with the most payment lines.
 */
export function AutomationSection({ automation }: { automation: Automation }) {
  const { weeks, customers } = automation;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="automation-heading">
      <Title order={2} size="h4" id="automation-heading">
        Automation
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        What the machine did without a person, weeks from Monday to Sunday (UTC) since {formatDate(automation.since)}. Counts
        of every currency.
      </Text>
      {nothingToMeasure(automation) ? (
        <Text c="dimmed">
          Nothing to measure yet: no payment lines were imported, no deductions taken from remittances and no cases
          closed in the last twelve weeks.
        </Text>
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {MEASURES.map((measure) => (
              <RateCard key={measure.key} measure={measure} weeks={weeks} />
            ))}
          </SimpleGrid>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={4} aria-label="Automation per week: numbers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Week</Table.Th>
                  <MeasureHeaders />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {weeks.map((week) => (
                  <Table.Tr key={week.week}>
                    <Table.Th scope="row" fw={400} style={{ whiteSpace: 'nowrap' }}>
                      {week.week}
                    </Table.Th>
                    {MEASURES.map((measure) => (
                      <RateCell key={measure.key} rate={week[measure.key]} />
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="xs">
            <Title order={3} size="h5" id="automation-customers-heading">
              By customer, most payment lines first
            </Title>
            {customers.length === 0 ? (
              <Text c="dimmed">No payment lines from a known customer in the last twelve weeks.</Text>
            ) : (
              <Table.ScrollContainer minWidth={760}>
                <Table verticalSpacing={4} aria-labelledby="automation-customers-heading">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Customer</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Payment lines
                      </Table.Th>
                      <MeasureHeaders />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {customers.map((customer) => (
                      <Table.Tr key={customer.accountId}>
                        <Table.Th scope="row" fw={400}>
                          <Text size="sm" fw={500}>
                            {customer.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {customer.number}
                          </Text>
                        </Table.Th>
                        <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {formatCount(customer.linesAutoMatched.total)}
                        </Table.Td>
                        {MEASURES.map((measure) => (
                          <RateCell key={measure.key} rate={customer[measure.key]} />
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        </Stack>
      )}
    </Paper>
  );
}
