import { lazy, Suspense } from 'react';
import { Anchor, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import {
  RootCauseReportDocument,
  type DisputeStatus,
  type RootCause,
  type RootCauseOutcomeFragment,
  type RootCauseReportQuery,
} from '../../shared/graphql/generated';
import { rootCauseLabel } from '../common/rootCauses';
import { type CaseFilters, caseVariables } from './caseFilters';
import { DECIDED_STATUSES, ROOT_CAUSE_OUTCOMES, rootCauseQueueHref, type RootCauseScope } from './rootCauseLinks';

export type RootCauseReport = RootCauseReportQuery['rootCauseReport'];

// The chart library is loaded with the trend, not with the console.
const RootCauseTrend = lazy(() => import('./RootCauseTrend').then((module) => ({ default: module.RootCauseTrend })));

interface RootCausesProps {
  /** The page's currency ('' until the server said which). */
  currency: string;
  period: { start: string; end: string };
  /** A customer number, or '' for every customer. */
  customer: string;
  /** The page's reason, root cause and staff filters. */
  cases: CaseFilters;
}

/**
 * The Reports page's "Root causes" section: the cases decided in the page's period, currency and customer per root
 * cause and outcome, beside the reason the customer gave, and the last twelve months; every figure opens the work
 * queue on exactly its cases.
 */
export function RootCauses({ currency, period, customer, cases }: RootCausesProps) {
  const valid = currency !== '' && /^\d{4}-\d{2}-\d{2}$/.test(period.start) && /^\d{4}-\d{2}-\d{2}$/.test(period.end);
  const [result, reexecute] = useQuery({
    query: RootCauseReportDocument,
    variables: { currency, start: period.start, end: period.end, customer: customer || null, ...caseVariables(cases) },
    pause: !valid,
  });
  if (!valid) return null;

  let body;
  if (result.error && !result.data) {
    body = (
      <ErrorState
        title={result.error.graphQLErrors[0]?.message ?? "We couldn't load the root causes"}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    );
  } else if (!result.data) body = <LoadingState label="Loading the root causes…" />;
  else {
    const report = result.data.rootCauseReport;
    body = (
      <>
        <Text size="sm">
          Cases decided {formatDate(report.start)} – {formatDate(report.end)}, {report.currency},{' '}
          {customer ? `customer ${customer}` : 'every customer'}.
        </Text>
        {report.rows.length === 0 ? (
          <Text size="sm">No case was decided in this period.</Text>
        ) : (
          <>
            <ByRootCause report={report} filters={cases} />
            <BesideReason report={report} filters={cases} />
          </>
        )}
        <Suspense fallback={<LoadingState label="Loading the trend…" />}>
          <RootCauseTrend report={report} />
        </Suspense>
      </>
    );
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="root-causes-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="root-causes-heading">
          Root causes
        </Title>
        <Text size="xs" c="dimmed">
          A reason is what the customer claimed; the root cause, chosen by whoever decided the case, is what really went
          wrong. “Not recorded”: decided by a rule, or before root causes were recorded.
        </Text>
        {body}
      </Stack>
    </Paper>
  );
}

function scopeOf(report: RootCauseReport, filters: CaseFilters): RootCauseScope {
  return {
    currency: report.currency,
    start: report.start,
    end: report.end,
    accountId: report.accountId ?? null,
    reason: filters.reason,
    assigneeId: filters.assignee,
  };
}

interface FigureProps {
  report: RootCauseReport;
  filters: CaseFilters;
  outcome: RootCauseOutcomeFragment;
  rootCause: RootCause | null;
  statuses: DisputeStatus[];
  /** Said to a screen reader: which figure this is. */
  label: string;
  reasonCode?: string;
}

/** "€1,250.00 (3)", opening the queue on those three cases; a dash for none. */
function Figure({ report, filters, outcome, rootCause, statuses, label, reasonCode }: FigureProps) {
  if (outcome.count === 0) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Anchor
      component={Link}
      size="sm"
      to={rootCauseQueueHref(scopeOf(report, filters), rootCause, statuses, reasonCode)}
      aria-label={`${label}: ${outcome.count} ${outcome.count === 1 ? 'case' : 'cases'}`}
    >
      {formatMoney(outcome.amount, report.currency)} ({outcome.count})
    </Anchor>
  );
}

function OutcomeHeads() {
  return ROOT_CAUSE_OUTCOMES.map((o) => (
    <Table.Th scope="col" key={o.key}>
      {o.label}
    </Table.Th>
  ));
}

/** Root cause × outcome, with each root cause's decided total. */
function ByRootCause({ report, filters }: { report: RootCauseReport; filters: CaseFilters }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped aria-label="Decided by root cause">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Root cause</Table.Th>
            <OutcomeHeads />
            <Table.Th scope="col">Decided</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.map((row) => {
            const cause = rootCauseLabel(row.rootCause);
            return (
              <Table.Tr key={row.rootCause ?? 'not-recorded'}>
                <Table.Th scope="row">{cause}</Table.Th>
                {ROOT_CAUSE_OUTCOMES.map((o) => (
                  <Table.Td key={o.key}>
                    <Figure report={report} filters={filters} outcome={row[o.key]} rootCause={row.rootCause} statuses={o.statuses} label={`${cause}, ${o.label.toLowerCase()}`} />
                  </Table.Td>
                ))}
                <Table.Td>
                  <Figure report={report} filters={filters} outcome={row.decided} rootCause={row.rootCause} statuses={DECIDED_STATUSES} label={`${cause}, decided`} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Root cause × reason × outcome: what the customers claimed, beside what was really wrong. */
function BesideReason({ report, filters }: { report: RootCauseReport; filters: CaseFilters }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped aria-label="Root cause beside reason">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Root cause</Table.Th>
            <Table.Th scope="col">Reason claimed</Table.Th>
            <OutcomeHeads />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.flatMap((row) =>
            row.byReason.map((reason) => {
              const label = `${rootCauseLabel(row.rootCause)}, ${reason.reasonCode}`;
              return (
                <Table.Tr key={`${row.rootCause ?? 'not-recorded'}-${reason.reasonCode}`}>
                  <Table.Th scope="row">{rootCauseLabel(row.rootCause)}</Table.Th>
                  <Table.Td>{reason.reasonCode}</Table.Td>
                  {ROOT_CAUSE_OUTCOMES.map((o) => (
                    <Table.Td key={o.key}>
                      <Figure
                        report={report}
                        filters={filters}
                        outcome={reason[o.key]}
                        rootCause={row.rootCause}
                        statuses={o.statuses}
                        reasonCode={reason.reasonCode}
                        label={`${label}, ${o.label.toLowerCase()}`}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            }),
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
