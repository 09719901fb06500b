import { lazy, Suspense, useState } from 'react';
import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDate, localIsoDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import {
  ReceivablesReportDocument,
  type DisputeStatus,
  type ReceivablesReportQuery,
} from '../../shared/graphql/generated';
import { CustomerFilter } from '../common/CustomerFilter';
import { useReasons } from '../common/useReasons';
import { paymentsHref } from '../payments/paymentsUrl';
import { queueHref } from '../queue/queueUrl';
import { CaseFilterBar } from './CaseFilterBar';
import {
  type CaseFilters,
  EVERY_CASE,
  caseVariables,
  exportParameters,
  isNarrowed,
  queueNarrowing,
} from './caseFilters';
import { type PeriodChoice, periodOf } from './periods';
import { promisesHref } from './promisesUrl';
import { dayBefore, receivablesAtHref } from './receivablesAtUrl';
import { ratioAsPercent } from './ratio';
import { RootCauses } from './RootCauses';
import { DeductionSection } from './DeductionSection';


type Report = ReceivablesReportQuery['receivablesReport'];

// The chart library is loaded with the trend, not with the console.
const ReportTrend = lazy(() => import('./ReportTrend').then((module) => ({ default: module.ReportTrend })));

const CHOICES: { value: PeriodChoice; label: string }[] = [
  { value: 'this-month', label: 'This month' },
  { value: 'last-month', label: 'Last month' },
  { value: 'this-quarter', label: 'This quarter' },
  { value: 'last-quarter', label: 'Last quarter' },
  { value: 'custom', label: 'Custom' },
];

/** The report as a file: the same currency, period, customer and case filters, with the definitions in it. */
export function exportHref(
  currency: string,
  period: { start: string; end: string },
  format: 'xlsx' | 'csv',
  customer = '',
  cases: CaseFilters = EVERY_CASE,
): string {
  const query = new URLSearchParams({ currency, start: period.start, end: period.end, format });
  if (customer) query.set('customer', customer);
  for (const [name, value] of Object.entries(exportParameters(cases))) query.set(name, value);
  return `/api/reports/receivables?${query.toString()}`;
}

/** `/reports`: receivables and deductions measures for a currency and period, each with its definition. */
export function ReportsPage() {
  const today = localIsoDate(new Date());
  const [choice, setChoice] = useState<PeriodChoice>('last-quarter');
  const [custom, setCustom] = useState(periodOf('this-month', today, { start: today, end: today }));
  const [currency, setCurrency] = useState('');
  const [customer, setCustomer] = useState('');
  const [cases, setCases] = useState<CaseFilters>(EVERY_CASE);
  const period = periodOf(choice, today, custom);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(period.start) && /^\d{4}-\d{2}-\d{2}$/.test(period.end);
  const [result, reexecute] = useQuery({
    query: ReceivablesReportDocument,
    variables: {
      currency: currency || null,
      start: period.start,
      end: period.end,
      customer: customer || null,
      ...caseVariables(cases),
    },
    pause: !valid,
  });
  const currencies = result.data?.reportCurrencies ?? [];
  // none chosen yet: the server reports the currency most invoices are in, and says which
  const shown = currency || result.data?.receivablesReport.currency || '';

  let body;
  if (!valid) body = <Text>Choose the period&apos;s first and last day.</Text>;
  else if (result.error && !result.data) {
    body = (
      <ErrorState
        title={result.error.graphQLErrors[0]?.message ?? "We couldn't load the report"}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    );
  } else if (!result.data) body = <LoadingState label="Loading the report…" />;
  else {
    // a period running to today or beyond: its end's books are today's (the server reads it as of today, in UTC)
    const running = period.end >= today;
    body = <Figures report={result.data.receivablesReport} customer={customer} filters={cases} running={running} />;
  }

  return (
    <Stack gap="lg">
      <Title order={1}>Reports</Title>
      <Group align="end" wrap="wrap" aria-label="Period and currency">
        <NativeSelect
          label="Period"
          data={CHOICES}
          value={choice}
          onChange={(event) => setChoice(event.currentTarget.value as PeriodChoice)}
        />
        {choice === 'custom' && (
          <>
            <TextInput
              label="From"
              type="date"
              value={custom.start}
              onChange={(event) => setCustom({ ...custom, start: event.currentTarget.value })}
            />
            <TextInput
              label="To"
              type="date"
              value={custom.end}
              onChange={(event) => setCustom({ ...custom, end: event.currentTarget.value })}
            />
          </>
        )}
        <NativeSelect
          label="Currency"
          data={currencies.length ? currencies : [shown].filter(Boolean)}
          value={shown}
          onChange={(event) => setCurrency(event.currentTarget.value)}
        />
        {valid && shown && (
          <Group gap="sm" aria-label="Export">
            <Button component="a" variant="default" href={exportHref(shown, period, 'xlsx', customer, cases)} download>
              Download XLSX
            </Button>
            <Button component="a" variant="default" href={exportHref(shown, period, 'csv', customer, cases)} download>
              Download CSV
            </Button>
          </Group>
        )}
      </Group>
      <CustomerFilter
        label="One customer"
        inputLabel="Customer number"
        placeholder="Every customer"
        button="Show"
        onFilter={setCustomer}
      />
      <CaseFilterBar value={cases} onChange={setCases} />
      {body}
      <DeductionSection currency={shown} period={period} customer={customer} cases={cases} />
      {shown && (
        <Suspense fallback={<LoadingState label="Loading the trend…" />}>
          <ReportTrend currency={shown} customer={customer} />
        </Suspense>
      )}
      <RootCauses currency={shown} period={period} customer={customer} cases={cases} />
    </Stack>
  );
}

interface RecordLink {
  label: string;
  href: string;
}

interface Measure {
  label: string;
  value: string | null;
  definition: string;
  /** The records behind the figure; the value opens the first. */
  behind: RecordLink[];
}

function days(value: string | null | undefined): string | null {
  return value == null ? null : `${value} days`;
}

interface FiguresProps {
  report: Report;
  customer: string;
  filters: CaseFilters;
  /** The period runs to today or beyond: its books are today's, so the invoices open now are behind them. */
  running: boolean;
}

function Figures({ report, customer, filters, running }: FiguresProps) {
  const money = (amount: string) => formatMoney(amount, report.currency);
  const accountIds = report.accountId ? [report.accountId] : [];
  const forCustomer = report.accountId ? `&accountId=${report.accountId}` : '';
  // the records behind the measures: invoices, cases and payments of the report's currency and customer
  const sales = {
    label: 'Invoices issued in the period (the sales)',
    href: `/invoices?issuedFrom=${report.start}&issuedTo=${report.end}&currency=${report.currency}${forCustomer}`,
  };
  const open = {
    label: 'Invoices open now',
    href: `/invoices?status=OPEN&status=OVERDUE&status=DISPUTED&currency=${report.currency}${forCustomer}`,
  };
  const atEnd = {
    label: `Each customer's receivables at ${formatDate(report.end)}`,
    href: receivablesAtHref({ currency: report.currency, day: report.end, customer }),
  };
  const atStart = {
    label: `Each customer's receivables at ${formatDate(dayBefore(report.start))}`,
    href: receivablesAtHref({ currency: report.currency, day: dayBefore(report.start), customer }),
  };
  const books = running ? [atEnd, open, sales] : [atEnd, sales];
  const openCases = {
    label: `Cases open at ${formatDate(report.end)}`,
    href: queueHref({ openAt: report.end, currency: report.currency, accountIds }),
  };
  const narrowed = { currency: report.currency, accountIds, ...queueNarrowing(filters) };
  const taken = {
    label: 'Cases opened in the period',
    href: queueHref({ ...narrowed, openedAfter: report.start, openedBefore: report.end }),
  };
  const decided = (statuses: DisputeStatus[], label = 'Cases decided in the period') => ({
    label,
    href: queueHref({ ...narrowed, statuses, decidedAfter: report.start, decidedBefore: report.end }),
  });
  const received = { receivedFrom: report.start, receivedTo: report.end, currency: report.currency };
  const payments = { label: 'Payments received in the period', href: paymentsHref({ ...received, accountId: report.accountId ?? '' }) };
  const short = {
    label: 'Short payments in the period',
    href: paymentsHref({ ...received, accountId: report.accountId ?? '', shortOnly: true }),
  };
  const promised = { currency: report.currency, start: report.start, end: report.end, customer };
  const everyDecision: DisputeStatus[] = ['RESOLVED_VALID', 'RESOLVED_PARTIAL', 'RESOLVED_INVALID', 'WRITTEN_OFF'];
  const measures: Measure[] = [
    {
      label: 'DSO (simple)',
      value: days(report.dsoSimple),
      definition: 'Receivables ÷ credit sales × days.',
      behind: books,
    },
    {
      label: 'DSO (count-back)',
      value: days(report.dsoCountBack),
      definition: "Receivables spent on the latest months' sales, counting each month's days.",
      behind: books,
    },
    {
      label: 'Best possible DSO',
      value: days(report.bestPossibleDso),
      definition: 'Receivables not yet due ÷ credit sales × days.',
      behind: books,
    },
    {
      label: 'Average days delinquent',
      value: days(report.averageDaysDelinquent),
      definition: 'DSO (simple) − best possible DSO.',
      behind: books,
    },
    {
      label: 'Collection effectiveness (CEI)',
      value: report.collectionEffectiveness == null ? null : ratioAsPercent(report.collectionEffectiveness),
      definition: '(Receivables at the start + sales − at the end) ÷ (at the start + sales − current at the end).',
      behind: books,
    },
    {
      label: 'Days deduction outstanding',
      value: days(report.daysDeductionOutstanding),
      definition: 'Open deductions ÷ (credit sales ÷ days).',
      behind: [openCases, atEnd, sales],
    },
    {
      label: 'Deduction rate',
      value: report.deductionRate == null ? null : ratioAsPercent(report.deductionRate),
      definition: 'Deductions taken in the period ÷ credit sales.',
      behind: [taken, sales],
    },
    {
      label: 'Valid share',
      value: report.validShare == null ? null : ratioAsPercent(report.validShare),
      definition: 'Money decided valid (in full or part) ÷ money decided valid or invalid.',
      behind: [
        decided(['RESOLVED_VALID', 'RESOLVED_PARTIAL'], 'Cases decided valid'),
        decided(['RESOLVED_INVALID'], 'Cases decided invalid'),
      ],
    },
    {
      label: 'Average days to pay',
      value: days(report.averageDaysToPay),
      definition: "Cash received in the period: days from each invoice's issue to its payment, weighted by the cash.",
      behind: [payments],
    },
    {
      label: 'Invoicing accuracy',
      value: report.invoicingAccuracy == null ? null : ratioAsPercent(report.invoicingAccuracy),
      definition: 'Invoices issued in the period with no case found valid and no credit memo ÷ invoices issued.',
      behind: [sales],
    },
    {
      label: 'Short payments',
      value:
        report.shortPaymentShare == null
          ? null
          : `${ratioAsPercent(report.shortPaymentShare)} (${report.shortPayments} of ${report.paymentsReceived}, ${money(report.shortAmount)} held back)`,
      definition: 'Payments received in the period whose remittance left a short pay ÷ payments received.',
      behind: [short, payments],
    },
    {
      label: 'Promises kept',
      value:
        report.promisesKeptShare == null
          ? null
          : `${ratioAsPercent(report.promisesKeptShare)} (${report.promisesKept} of ${report.promisesSettled})`,
      definition: 'Promises to pay kept ÷ promises whose day came in the period.',
      behind: [
        { label: 'Promises settled in the period', href: promisesHref({ ...promised, keptOnly: false }) },
        { label: 'Kept', href: promisesHref({ ...promised, keptOnly: true }) },
      ],
    },
    {
      label: 'Decided within SLA',
      value: report.withinSla == null ? null : ratioAsPercent(report.withinSla),
      definition: "Cases decided in the period within their reason's SLA days ÷ cases decided in the period.",
      behind: [decided(everyDecision)],
    },
    {
      label: 'Resolution time',
      value: report.resolutionDays
        ? `median ${report.resolutionDays.median} days, 90 % within ${report.resolutionDays.p90}`
        : null,
      definition: "Days from a case's opening to its decision, for the cases decided in the period.",
      behind: [decided(everyDecision)],
    },
  ];
  const figures: [string, string, RecordLink | null][] = [
    ['Credit sales', money(report.creditSales), sales],
    ['Receivables at the start', money(report.receivablesAtStart), atStart],
    ['Receivables at the end', money(report.receivables), atEnd],
    ['Not yet due at the end', money(report.currentReceivables), atEnd],
    ['Open deductions at the end', money(report.openDeductions), openCases],
    ['Deductions taken', `${money(report.deductionsTaken)} in ${report.deductionsTakenCount}`, taken],
    ['Decided valid', `${money(report.decidedValid)} in ${report.decidedValidCount}`, decided(['RESOLVED_VALID', 'RESOLVED_PARTIAL'])],
    ['Decided invalid', `${money(report.decidedInvalid)} in ${report.decidedInvalidCount}`, decided(['RESOLVED_INVALID'])],
    ['Written off', `${money(report.writtenOff)} in ${report.writtenOffCount}`, decided(['WRITTEN_OFF'])],
  ];
  return (
    <Stack gap="md">
      <Text size="sm">
        {customer ? `Customer ${customer}` : 'Every customer'}, {report.currency}, {formatDate(report.start)} –{' '}
        {formatDate(report.end)} ({report.days} days), as of its last day
        {isNarrowed(filters) ? '; the case figures are the cases the filters keep' : ''}. Definitions: each measure says
        how it is worked out; “No data” where there is nothing to divide by. Every figure opens the records behind it.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" component="ul" aria-label="Measures" style={{ listStyle: 'none', padding: 0 }}>
        {measures.map((m) => (
          <Paper key={m.label} withBorder p="md" component="li" aria-label={m.label}>
            <Text size="sm" c="dimmed">
              {m.label}
            </Text>
            {m.behind[0] ? (
              <Anchor component={Link} to={m.behind[0].href} size="xl" fw={700} aria-label={`${m.label}: ${m.value ?? 'No data'} — ${m.behind[0].label}`}>
                {m.value ?? 'No data'}
              </Anchor>
            ) : (
              <Text size="xl" fw={700}>
                {m.value ?? 'No data'}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {m.definition}
            </Text>
            {m.behind.length > 0 && (
              <Text size="xs" component="div">
                Behind it:{' '}
                {m.behind.map((link, n) => (
                  <span key={link.label}>
                    {n > 0 && ' · '}
                    <Anchor component={Link} to={link.href} size="xs">
                      {link.label}
                    </Anchor>
                  </span>
                ))}
              </Text>
            )}
          </Paper>
        ))}
      </SimpleGrid>
      <ByReason report={report} filters={filters} />
      <Resolution report={report} />
      <Paper withBorder p="md">
        <Stack gap={4} component="dl" aria-label="Figures" m={0}>
          {figures.map(([label, value, link]) => (
            <Group key={label} justify="space-between" wrap="wrap" gap="xs">
              <Text component="dt" size="sm">
                {label}
              </Text>
              <Text component="dd" size="sm" fw={600} m={0}>
                {link ? (
                  <Anchor component={Link} to={link.href} size="sm" fw={600} aria-label={`${label}: ${value} — ${link.label}`}>
                    {value}
                  </Anchor>
                ) : (
                  value
                )}
              </Text>
            </Group>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}

type Outcome = { amount: string; count: number };

const OUTCOMES: { key: 'valid' | 'invalid' | 'writtenOff'; label: string; statuses: DisputeStatus[] }[] = [
  { key: 'invalid', label: 'Invalid', statuses: ['RESOLVED_INVALID'] },
  { key: 'valid', label: 'Valid', statuses: ['RESOLVED_VALID', 'RESOLVED_PARTIAL'] },
  { key: 'writtenOff', label: 'Written off', statuses: ['WRITTEN_OFF'] },
];

/** The cases decided in the period per reason (named as configured); each figure opens the work queue on exactly
 * those cases. */
function ByReason({ report, filters }: { report: Report; filters: CaseFilters }) {
  const reasons = useReasons() ?? [];
  const named = new Map(reasons.map((r) => [r.code, r.label]));
  if (report.decidedByReason.length === 0) {
    return <Text size="sm">No case was decided in this period.</Text>;
  }
  const cell = (reasonCode: string, outcome: Outcome, statuses: DisputeStatus[], label: string) =>
    outcome.count === 0 ? (
      <Text size="sm" c="dimmed">
        —
      </Text>
    ) : (
      <Anchor
        component={Link}
        size="sm"
        to={queueHref({
          ...queueNarrowing(filters),
          statuses,
          reasonCodes: [reasonCode],
          accountIds: report.accountId ? [report.accountId] : [],
          decidedAfter: report.start,
          decidedBefore: report.end,
          currency: report.currency,
        })}
        aria-label={`${label} ${reasonCode} cases: ${outcome.count}`}
      >
        {formatMoney(outcome.amount, report.currency)} ({outcome.count})
      </Anchor>
    );
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped aria-label="Decided by reason">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Reason</Table.Th>
            {OUTCOMES.map((o) => (
              <Table.Th scope="col" key={o.key}>
                {o.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.decidedByReason.map((r) => (
            <Table.Tr key={r.reasonCode}>
              <Table.Th scope="row">
                {named.get(r.reasonCode) ?? r.reasonCode}{' '}
                <Text span size="xs" c="dimmed">
                  {r.reasonCode}
                </Text>
              </Table.Th>
              {OUTCOMES.map((o) => (
                <Table.Td key={o.key}>{cell(r.reasonCode, r[o.key], o.statuses, o.label)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type Grouping = 'reason' | 'customer' | 'staff';

/** How fast cases were decided, and how many within their reason's SLA: by reason, customer or staff member. */
function Resolution({ report }: { report: Report }) {
  const [by, setBy] = useState<Grouping>('reason');
  const groups = {
    reason: report.resolutionByReason,
    customer: report.resolutionByCustomer,
    staff: report.resolutionByStaff,
  }[by];
  if (report.resolutionByReason.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="resolution-heading">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="resolution-heading">
            How fast cases were decided
          </Title>
          <SegmentedControl
            aria-label="Group by"
            value={by}
            onChange={(value) => setBy(value as Grouping)}
            data={[
              { value: 'reason', label: 'Reason' },
              { value: 'customer', label: 'Customer' },
              { value: 'staff', label: 'Staff member' },
            ]}
          />
        </Group>
        <Table.ScrollContainer minWidth={520}>
          <Table striped aria-label="Resolution by group">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{{ reason: 'Reason', customer: 'Customer', staff: 'Staff member' }[by]}</Table.Th>
                <Table.Th scope="col">Decided</Table.Th>
                <Table.Th scope="col">Median days</Table.Th>
                <Table.Th scope="col">90 % within days</Table.Th>
                <Table.Th scope="col">Within SLA</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.map((g) => (
                <Table.Tr key={g.key || g.label}>
                  <Table.Th scope="row">{g.label}</Table.Th>
                  <Table.Td>{g.decided}</Table.Td>
                  <Table.Td>{g.medianDays}</Table.Td>
                  <Table.Td>{g.p90Days}</Table.Td>
                  <Table.Td>{g.withinSla == null ? 'No data' : ratioAsPercent(g.withinSla)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}
