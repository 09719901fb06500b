import { List, Stack, Text } from '@mantine/core';
import { formatMoney } from '../../shared/format/money';
import { userLocale } from '../../shared/format/locale';
import type { CollectionsPriorityFragment, RiskClass } from '../../shared/graphql/generated';
import { daysText, riskLabel } from './collectionsLabels';

/** A priority score or factor for reading ("1,234.5"); it ranks accounts and is never money. */
export function formatScore(score: string, locale: string = userLocale()): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(score as `${number}`);
}

/** The score with the server's explanation beneath it, in small text that is always on screen (phones have no hover). */
export function PriorityScore({ priority, label }: { priority: CollectionsPriorityFragment; label?: string }) {
  return (
    <Stack gap={0}>
      <Text fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {label && `${label} `}
        {formatScore(priority.score)}
      </Text>
      <Text size="xs" c="dimmed" data-testid="priority-explanation">
        {priority.explanation}
      </Text>
    </Stack>
  );
}

interface PriorityBreakdownProps {
  priority: CollectionsPriorityFragment;
  currency: string;
  riskClass: RiskClass;
}

/** Why the account ranks where it does: each factor of the score on its own line (the server's one-line sentence
 * of the same factors is the worklist's; here it only said it all again). */
export function PriorityBreakdown({ priority, currency, riskClass }: PriorityBreakdownProps) {
  return (
    <Stack gap="xs">
      <Text>
        Priority score <strong>{formatScore(priority.score)}</strong>, the product of:
      </Text>
      <List size="sm" aria-label="Priority factors">
        <List.Item>{formatMoney(priority.pastDue, currency)} past due and undisputed</List.Item>
        <List.Item>
          × {formatScore(priority.ageFactor)} for age: the oldest item is {daysText(priority.daysPastDue)} past due
        </List.Item>
        <List.Item>
          × {formatScore(priority.riskFactor)} for {riskLabel(riskClass).toLowerCase()} risk
        </List.Item>
        <List.Item>
          × {formatScore(priority.promiseFactor)} for broken promises (1 + 0.5 for each broken in the last year)
        </List.Item>
      </List>
    </Stack>
  );
}
