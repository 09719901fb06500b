import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { ConsoleDashboardQuery } from '../../shared/graphql/generated';
import { formatAmount, formatCount } from './dashboardFormat';

type Dashboard = ConsoleDashboardQuery['dashboard'];

function Kpi({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Paper withBorder p="md" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`kpi-${label}`}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}

const orDash = (value: string | null, suffix: string) => (value === null ? '—' : `${value}${suffix}`);

/** The headline numbers: what is open, how fast cases close and how they end. */
export function KpiCards({ dashboard }: { dashboard: Dashboard }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
      <Kpi label="Open cases" value={formatCount(dashboard.openCount)} hint="Not yet decided" />
      <Kpi label="Open amount" value={formatAmount(dashboard.openAmount)} hint={`In ${dashboard.currency}; other currencies on their own dashboard`} />
      <Kpi
        label="Average resolution"
        value={orDash(dashboard.averageResolutionDays, ' days')}
        hint="From opened to decided, last 12 months"
      />
      <Kpi label="Valid rate" value={orDash(dashboard.validRatePercent, ' %')} hint="Share of decided value found valid" />
      <Kpi label="Invalid rate" value={orDash(dashboard.invalidRatePercent, ' %')} hint="Share of decided value found invalid" />
    </SimpleGrid>
  );
}
