import { SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { localIsoDate } from '../../shared/format/dates';
import { ConsoleDashboardDocument } from '../../shared/graphql/generated';
import { AutomationSection } from './AutomationSection';
import { BarList } from './BarList';
import { ageQueueHref, customerQueueHref, reasonQueueHref } from './dashboardLinks';
import { KpiCards } from './KpiCards';
import { TrendChart } from './TrendChart';

/**
 * `/dashboard`: open deductions by reason, age and customer, speed and outcomes, the monthly trend, and the
 * automation rates per week and customer.
 */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const [result, reexecute] = useQuery({ query: ConsoleDashboardDocument, variables: { currency: params.get('currency') } });
  const dashboard = result.data?.dashboard;
  const today = localIsoDate(new Date());

  let body;
  if (result.error && !dashboard) {
    body = <ErrorState title="We couldn't load the dashboard" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!dashboard) {
    body = <LoadingState label="Loading the dashboard…" />;
  } else {
    body = (
      <Stack gap="lg">
        <KpiCards dashboard={dashboard} />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <BarList
            id="by-reason-heading"
            title="Open by reason"
            groupLabel="Reason"
            slices={dashboard.openByReason}
            hrefFor={(slice) => reasonQueueHref(slice.key)}
            emptyText="No open cases."
          />
          <BarList
            id="by-age-heading"
            title="Open by age"
            groupLabel="Age"
            slices={dashboard.openByAge}
            hrefFor={(slice) => ageQueueHref(slice.key, today)}
            emptyText="No open cases."
          />
          <BarList
            id="by-customer-heading"
            title="Open by customer"
            groupLabel="Customer"
            slices={dashboard.openByCustomer}
            hrefFor={(slice) => customerQueueHref(slice.key)}
            emptyText="No open cases."
          />
          <TrendChart months={dashboard.monthlyTrend} />
        </SimpleGrid>
        <AutomationSection automation={dashboard.automation} />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <title>Dashboard · Recoup</title>
      <Title order={1} size="h2">
        Dashboard
      </Title>
      <Text size="sm" c="dimmed">
        {dashboard ? `Every amount is in ${dashboard.currency}: currencies are never added together. ` : ''}Click a bar to
        see its open cases in the work queue.
      </Text>
      {dashboard && dashboard.currencies.length > 1 && (
        <SegmentedControl
          aria-label="Currency"
          data={dashboard.currencies}
          value={dashboard.currency}
          onChange={(currency) => setParams({ currency }, { replace: true })}
          w="fit-content"
        />
      )}
      {body}
    </Stack>
  );
}
