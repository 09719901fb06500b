import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import {
  DeductionReportDocument,
  type DeductionReportQuery,
  type DisputeStatus,
} from '../../shared/graphql/generated';
import { worklistSearchParams } from '../collections/worklistUrl';
import { paymentsHref } from '../payments/paymentsUrl';
import { queueHref, type QueueFilterState } from '../queue/queueUrl';
import { type CaseFilters, caseVariables, isNarrowed, queueNarrowing } from './caseFilters';
import { DEDUCTION_DEFINITIONS as DEFINE } from './deductionDefinitions';
import { FigureTable } from './FigureTable';
import { ratioAsPercent } from './ratio';

type Report = DeductionReportQuery['deductionReport'];
type Money = { amount: string; count: number };

const DECIDED: DisputeStatus[] = ['RESOLVED_VALID', 'RESOLVED_PARTIAL', 'RESOLVED_INVALID', 'WRITTEN_OFF'];

interface Props {
  /** The page's currency ('' until the server said which). */
  currency: string;
  period: { start: string; end: string };
  /** A customer number, or '' for every customer. */
  customer: string;
  /** The page's reason, root cause and staff filters. */
  cases: CaseFilters;
}

/** The Reports page's "Deductions" section: recovery, write-offs by rule and person, ages, new against decided, holds
 * and automation for the page's period, currency and customer, its case figures narrowed by the page's reason, root
 * cause and staff filters; every figure opens the records behind it. */
export function DeductionSection({ currency, period, customer, cases }: Props) {
  const valid = currency !== '' && /^\d{4}-\d{2}-\d{2}$/.test(period.start) && /^\d{4}-\d{2}-\d{2}$/.test(period.end);
  const [result, reexecute] = useQuery({
    query: DeductionReportDocument,
    variables: {
      currency,
      start: period.start,
      end: period.end,
      customer: customer || null,
      ...caseVariables(cases),
    },
    pause: !valid,
  });

  let body;
  if (!valid) body = null;
  else if (result.error && !result.data) {
    body = (
      <ErrorState
        title={result.error.graphQLErrors[0]?.message ?? "We couldn't load the deductions"}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    );
  } else if (!result.data) body = <LoadingState label="Loading the deductions…" />;
  else body = <Figures report={result.data.deductionReport} filters={cases} />;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="deductions-heading">
      <Stack gap="md">
        <Title order={2} size="h3" id="deductions-heading">
          Deductions
        </Title>
        {body}
      </Stack>
    </Paper>
  );
}

function Figures({ report, filters }: { report: Report; filters: CaseFilters }) {
  const money = (m: Money) => `${formatMoney(m.amount, report.currency)} (${m.count})`;
  const share = (value: string | null) => (value == null ? 'No data' : ratioAsPercent(value));
  // the cases of the report's currency, customer, reason, root cause and staff member: each link adds what its
  // figure counted
  const cases = (filter: Partial<QueueFilterState>) =>
    queueHref({
      currency: report.currency,
      accountIds: report.accountId ? [report.accountId] : [],
      ...queueNarrowing(filters),
      ...filter,
    });
  const decided = { decidedAfter: report.start, decidedBefore: report.end };
  const received = { receivedFrom: report.start, receivedTo: report.end, currency: report.currency };
  const onHoldHref = `/collections?${worklistSearchParams({ onHold: true, includeCurrent: true }).toString()}`;

  return (
    <Stack gap="md">
      <Text size="sm">
        {formatDate(report.start)} – {formatDate(report.end)}, {report.currency}, as of its last day
        {isNarrowed(filters) ? ', the cases the filters keep (accounts on hold and payment lines: every case)' : ''}.
        Every figure opens the records behind it.
      </Text>
      <SimpleGrid
        cols={{ base: 1, sm: 2, lg: 3 }}
        spacing="md"
        component="ul"
        aria-label="Deductions at a glance"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        <Measure
          label="Recovery rate"
          value={share(report.recovery.rate)}
          detail={`${formatMoney(report.recovery.recovered, report.currency)} of ${money(report.recovery.invalid)} decided invalid`}
          href={cases({ statuses: ['RESOLVED_INVALID'], ...decided })}
          definition={DEFINE.recovery}
        />
        <Measure
          label="Accounts on hold"
          value={String(report.accountsOnHold)}
          detail="at the period's end; the link lists the accounts on hold now"
          href={onHoldHref}
          definition={DEFINE.onHold}
        />
        <Measure
          label="Closed by rule"
          value={share(report.closedByRule.share)}
          detail={`${report.closedByRule.done} of ${report.closedByRule.total} cases decided`}
          href={cases({ statuses: DECIDED, decidedBy: 'RULE', ...decided })}
          definition={DEFINE.closedByRule}
        />
        <Measure
          label="Short pays classified"
          value={share(report.shortPaysClassified.share)}
          detail={`${report.shortPaysClassified.done} of ${report.shortPaysClassified.total} deductions from remittances`}
          href={cases({ origin: 'REMITTANCE', openedAfter: report.start, openedBefore: report.end })}
          definition={DEFINE.shortPaysClassified}
        />
        <Measure
          label="Lines auto-matched"
          value={share(report.linesAutoMatched.share)}
          detail={`${report.linesAutoMatched.done} of ${report.linesAutoMatched.total} payment lines, every currency`}
          href="/cash"
          definition={DEFINE.linesAutoMatched}
        />
      </SimpleGrid>

      {report.writtenOff.length === 0 ? (
        <Text size="sm">Nothing was written off in this period.</Text>
      ) : (
        <FigureTable
          title="Written off"
          definition={DEFINE.writtenOff}
          name="Written off by reason"
          columns={['Reason', 'By a rule', 'By a person']}
          currency={report.currency}
          rows={report.writtenOff.map((w) => ({
            key: w.reasonCode,
            label: w.label,
            figures: (['RULE', 'PERSON'] as const).map((by) => {
              const money = by === 'RULE' ? w.byRule : w.byPerson;
              return {
                money,
                label: `Written off by ${by === 'RULE' ? 'a rule' : 'a person'}, ${w.reasonCode}: ${money.count}`,
                href: cases({ statuses: ['WRITTEN_OFF'], reasonCodes: [w.reasonCode], decidedBy: by, ...decided }),
              };
            }),
          }))}
        />
      )}
      <FigureTable
        title={`Open deductions by age at ${formatDate(report.end)}`}
        definition={DEFINE.openByAge}
        name="Open deductions by age"
        columns={['Age', 'Open']}
        currency={report.currency}
        rows={report.openByAge.map((bucket) => ({
          key: bucket.key,
          label: `${bucket.key} days`,
          figures: [
            {
              money: bucket.open,
              label: `Open ${bucket.key} days: ${bucket.open.count}`,
              href: cases({ openAt: report.end, openedAfter: bucket.openedFrom ?? '', openedBefore: bucket.openedTo }),
            },
          ],
        }))}
      />
      <FigureTable
        title={`New and decided, by ${report.flowUnit}`}
        definition={DEFINE.flow}
        name="New and decided deductions"
        columns={[report.flowUnit === 'week' ? 'Week' : 'Month', 'New', 'Decided']}
        currency={report.currency}
        rows={report.flow.map((span) => ({
          key: span.start,
          label: `${formatDate(span.start)} – ${formatDate(span.end)}`,
          figures: [
            {
              money: span.opened,
              label: `New from ${span.start}: ${span.opened.count}`,
              href: cases({ openedAfter: span.start, openedBefore: span.end }),
            },
            {
              money: span.decided,
              label: `Decided from ${span.start}: ${span.decided.count}`,
              href: cases({ statuses: DECIDED, decidedAfter: span.start, decidedBefore: span.end }),
            },
          ],
        }))}
      />

      <Text size="sm" component="div">
        The records behind the figures above the deductions:{' '}
        <Anchor component={Link} to={paymentsHref({ ...received, accountId: report.accountId ?? '' })}>
          payments received (average days to pay)
        </Anchor>
        {' · '}
        <Anchor
          component={Link}
          to={paymentsHref({ ...received, accountId: report.accountId ?? '', shortOnly: true })}
        >
          short payments
        </Anchor>
        {' · '}
        <Anchor
          component={Link}
          to={`/invoices?issuedFrom=${report.start}&issuedTo=${report.end}&currency=${report.currency}`}
        >
          invoices issued (invoicing accuracy)
        </Anchor>
        , {formatDate(report.start)} – {formatDate(report.end)}.
      </Text>
    </Stack>
  );
}

function Measure(props: { label: string; value: string; detail: string; href: string; definition: string }) {
  return (
    <Paper withBorder p="md" component="li" aria-label={props.label}>
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      <Anchor component={Link} to={props.href} size="xl" fw={700} aria-label={`${props.label}: ${props.value}`}>
        {props.value}
      </Anchor>
      <Text size="sm">{props.detail}</Text>
      <Text size="xs" c="dimmed">
        {props.definition}
      </Text>
    </Paper>
  );
}
