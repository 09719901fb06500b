import { Alert, List, Stack, Text } from '@mantine/core';
import { formatDate, formatInstantDate } from '../../shared/format/dates';
import { formatMoney } from '../../shared/format/money';
import type { CreditSummaryFactsFragment } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';
import { availableCreditWords, creditLimitWords } from './creditWords';

/** A credit hold in words, with the reasons the server gave, each as it said them. */
function CreditHoldNotice({ credit }: { credit: CreditSummaryFactsFragment }) {
  return (
    <Alert color="red" variant="light" title="Your account is on credit hold">
      <Stack gap="xs">
        <Text size="sm">
          {credit.holdSince ? `Since ${formatInstantDate(credit.holdSince)}. ` : ''}
          The hold is lifted as soon as its reasons no longer apply.
        </Text>
        {credit.holdReasons.length > 0 && (
          <>
            <Text size="sm" fw={600} id="credit-hold-reasons">
              Why:
            </Text>
            <List size="sm" aria-labelledby="credit-hold-reasons">
              {credit.holdReasons.map((reason) => (
                <List.Item key={reason}>{reason}</List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Alert>
  );
}

/**
 * The account's credit: its limit, what it owes split into not yet due, past
 * due and in dispute (not due while under review), what is left (or how far
 * over the limit it is), what is promised, and any credit hold with its reasons.
 */
export function CreditSection({ credit }: { credit: CreditSummaryFactsFragment }) {
  const money = (amount: string) => formatMoney(amount, credit.currency);
  const available = availableCreditWords(credit);
  return (
    <Stack gap="sm">
      {credit.onHold && <CreditHoldNotice credit={credit} />}
      <FactList
        label="Credit"
        facts={[
          { label: 'Credit limit', value: creditLimitWords(credit) },
          { label: 'What you owe', value: money(credit.exposure) },
          {
            label: 'Available credit',
            value: (
              <Text span fw={available.over ? 700 : 500} c={available.over ? 'red.8' : undefined}>
                {available.text}
              </Text>
            ),
          },
          { label: 'Promised to pay', value: money(credit.promised) },
          { label: 'Not yet due', value: money(credit.current) },
          {
            label: 'Past due',
            value: money(credit.pastDueUndisputed),
          },
          {
            label: 'In dispute',
            value: (
              <>
                {money(credit.inDispute)}
                <Text span display="block" size="xs" c="dimmed" fw={400}>
                  Not due while we review it
                </Text>
              </>
            ),
          },
        ]}
      />
      <Text size="sm" c="dimmed">
        What you owe is everything open on your invoices: not yet due, past due, and in dispute. Money you dispute is
        not due while we review it, and we never send reminders for it.
        {credit.asOf ? ` Past-due figures as of ${formatDate(credit.asOf)}.` : ''}
      </Text>
    </Stack>
  );
}
