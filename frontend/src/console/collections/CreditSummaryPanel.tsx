import { Text } from '@mantine/core';
import { formatDate } from '../../shared/format/dates';
import { compareDecimals, sumDecimals } from '../../shared/format/decimal';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import type { CollectionsCreditFragment } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';

/** "Over the limit by $250.00" for a negative available credit, else the amount itself. */
export function availableCreditText(available: string, currency: string): { text: string; over: boolean } {
  if (compareDecimals(available, '0') < 0) {
    // the magnitude, as a decimal string: no arithmetic in floating point
    const over = sumDecimals(['0', available.replace(/^-/, '')]);
    return { text: `Over the limit by ${formatMoney(over, currency)}`, over: true };
  }
  return { text: formatMoney(available, currency), over: false };
}

/** The credit limit, the exposure in its parts, what is left of the limit and what is promised. */
export function CreditSummaryPanel({ credit }: { credit: CollectionsCreditFragment }) {
  const money = (amount: string) => formatMoney(amount, credit.currency);
  const available = availableCreditText(credit.availableCredit, credit.currency);
  const facts = [
    { label: 'Credit limit', value: money(credit.creditLimit) },
    { label: 'Exposure', value: <Text span fw={700} size="lg">{money(credit.exposure)}</Text> },
    { label: 'Current', value: money(credit.current) },
    {
      label: 'Past due, undisputed',
      // red only when something is past due: nothing past due is no alarm
      value: isZeroAmount(credit.pastDueUndisputed) ? (
        money(credit.pastDueUndisputed)
      ) : (
        <Text span c="red.8" fw={700}>
          {money(credit.pastDueUndisputed)}
        </Text>
      ),
    },
    { label: 'In dispute', value: money(credit.inDispute) },
    {
      label: 'Available credit',
      value: (
        <Text span c={available.over ? 'red.8' : undefined} fw={available.over ? 700 : undefined}>
          {available.text}
        </Text>
      ),
    },
    { label: 'Promised', value: money(credit.promised) },
    { label: 'Assessed on', value: credit.asOf ? formatDate(credit.asOf) : 'Not yet' },
  ];
  return <FactList label="Credit summary" facts={facts} />;
}
