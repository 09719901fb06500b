import { useId, type ReactNode } from 'react';
import { Alert, Badge, Group, Paper, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { ProofOfDeliveryLink } from '../../shared/documents/ProofOfDeliveryLink';
import { compareDecimals } from '../../shared/format/decimal';
import { formatQuantity, formatUnitPrice } from '../../shared/format/money';
import type { RecordsVerdict } from '../../shared/graphql/generated';
import { evidenceFor, lineVerdictLook } from './claimCheck';
import type { ClaimCheckAnswer, ClaimCheckState } from './useClaimCheck';

type LineCheck = ClaimCheckAnswer['lines'][number];

interface ClaimRecordsPanelProps {
  check: ClaimCheckState;
  reasonCode: string;
  currency: string;
}

function Figure({ label, children, strong = false }: { label: string; children: ReactNode; strong?: boolean }) {
  return (
    <Stack gap={0}>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text
        component="dd"
        m={0}
        size="sm"
        fw={strong ? 700 : 500}
        c={strong ? 'red.8' : undefined}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {children}
      </Text>
    </Stack>
  );
}

const VERDICT_TITLES: Record<RecordsVerdict, string> = {
  SUPPORTED: 'Our records support your claim',
  CONTRADICTED: 'Our records differ from your claim',
  UNVERIFIED: "We couldn't verify your claim against our records",
};

function VerdictNote({ verdict, reasonCode }: { verdict: RecordsVerdict; reasonCode: string }) {
  const evidence = evidenceFor(reasonCode);
  switch (verdict) {
    case 'SUPPORTED':
      return (
        <Alert color="teal" variant="light" title={VERDICT_TITLES.SUPPORTED}>
          You can file it as it is; we'll confirm it when we review your dispute.
        </Alert>
      );
    case 'CONTRADICTED':
      return (
        <Alert color="orange" variant="light" title={VERDICT_TITLES.CONTRADICTED}>
          Please attach your {evidence} below so we can check what you counted. If you don't have it to hand, you can
          still file: tick “File anyway: I will send evidence” and add it on the dispute's page later.
        </Alert>
      );
    default:
      return (
        <Alert color="gray" variant="light" title={VERDICT_TITLES.UNVERIFIED}>
          We'll check it when we review your dispute. Your {evidence} helps, if you have it.
        </Alert>
      );
  }
}

function LineRecords({ line, currency }: { line: LineCheck; currency: string }) {
  const look = lineVerdictLook(line.verdict);
  const overcharged = compareDecimals(line.invoicedPrice, line.orderPrice) > 0;
  return (
    <Paper withBorder p="sm" data-invoice-line-id={line.invoiceLineId} data-verdict={line.verdict}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" align="flex-start">
          <div>
            <Text size="sm" fw={600}>
              Line {line.lineNumber} · <Text span ff="monospace" inherit>{line.sku}</Text>
            </Text>
            <Text size="xs" c="dimmed">
              Order {line.orderNumber}
            </Text>
          </div>
          <Badge color={look.color} variant="light" radius="sm">
            {look.label}
          </Badge>
        </Group>
        <SimpleGrid component="dl" cols={{ base: 2, xs: 3, md: 6 }} spacing="sm" verticalSpacing={6} m={0}>
          <Figure label="Ordered">{formatQuantity(line.ordered)}</Figure>
          <Figure label="Shipped">{formatQuantity(line.shipped)}</Figure>
          <Figure label="Delivered">{line.delivered === null ? 'No record yet' : formatQuantity(line.delivered)}</Figure>
          <Figure label="Invoiced">{formatQuantity(line.invoiced)}</Figure>
          <Figure label="Order price">{formatUnitPrice(line.orderPrice, currency)}</Figure>
          <Figure label="Invoiced price" strong={overcharged}>
            {formatUnitPrice(line.invoicedPrice, currency)}
          </Figure>
        </SimpleGrid>
        {(line.proofOfDelivery || line.receivedBy) && (
          <Group gap="xs" wrap="wrap" align="center">
            {line.proofOfDelivery && (
              <>
                <Text size="sm" c="dimmed">
                  Proof of delivery:
                </Text>
                <ProofOfDeliveryLink document={line.proofOfDelivery} />
              </>
            )}
            {line.receivedBy && <Text size="sm">Signed by {line.receivedBy}</Text>}
          </Group>
        )}
        <Text size="sm">{line.message}</Text>
      </Stack>
    </Paper>
  );
}

/**
 * "What our records say" of the lines being claimed: per line the order, delivery and
 * invoice figures, the proof of delivery and who signed, and how the claim compares;
 * above them what that means for filing. Nothing at all when the records have nothing
 * to say (another reason, or an invoice without an order).
 */
export function ClaimRecordsPanel({ check, reasonCode, currency }: ClaimRecordsPanelProps) {
  const answer = check.shown;
  const verdict = answer?.verdict ?? null;
  let said = '';
  if (check.current?.verdict) said = VERDICT_TITLES[check.current.verdict];
  else if (check.failed && !answer) said = "We couldn't compare your claim with our records just now.";
  return (
    <>
      {/* Mounted from the start, so screen readers hear each new verdict once, not the whole panel. */}
      <VisuallyHidden role="status">{said}</VisuallyHidden>
      {check.failed && !answer ? (
        <Text size="sm" c="dimmed">
          We couldn't compare your claim with our records just now. You can still file it.
        </Text>
      ) : answer && verdict ? (
        <RecordsPaper answer={answer} verdict={verdict} check={check} reasonCode={reasonCode} currency={currency} />
      ) : check.checking ? (
        <Text size="sm" c="dimmed">
          Checking our records…
        </Text>
      ) : null}
    </>
  );
}

interface RecordsPaperProps extends ClaimRecordsPanelProps {
  answer: ClaimCheckAnswer;
  verdict: RecordsVerdict;
}

function RecordsPaper({ answer, verdict, check, reasonCode, currency }: RecordsPaperProps) {
  const headingId = useId();
  const stale = check.current === null;
  return (
    <Paper
      withBorder
      p="md"
      bg="gray.0"
      component="section"
      aria-labelledby={headingId}
      aria-busy={stale}
      data-testid="claim-records"
      data-verdict={verdict}
      style={{ opacity: stale ? 0.6 : 1, transition: 'opacity 120ms' }}
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h5" id={headingId}>
            What our records say
          </Title>
          {check.checking && (
            <Text size="xs" c="dimmed">
              Checking…
            </Text>
          )}
        </Group>
        <VerdictNote verdict={verdict} reasonCode={reasonCode} />
        {answer.lines.map((line) => (
          <LineRecords key={line.invoiceLineId} line={line} currency={currency} />
        ))}
      </Stack>
    </Paper>
  );
}
