import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime } from '../../shared/format/dates';
import type { PaymentClaimRowFragment } from '../../shared/graphql/generated';

/**
 * Customers who answered a reminder "already paid": payments to look for among the
 * lines waiting here (their reference is what the customer's bank shows).
 */
export function PaymentClaims({ claims }: { claims: PaymentClaimRowFragment[] }) {
  if (claims.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="payment-claims-heading">
      <Title order={2} size="h3" id="payment-claims-heading">
        Customers say they paid
      </Title>
      <Text size="sm" c="dimmed">
        Answers to reminders in the last 60 days. Find the payment by its reference and apply it, or tell the
        customer it has not arrived.
      </Text>
      <Stack gap="xs" component="ul" aria-label="Customers say they paid" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {claims.map((claim) => (
          <Paper component="li" withBorder p="sm" key={`${claim.accountId}-${claim.at}`}>
            <Text size="sm">
              <Anchor component={Link} to={`/collections/accounts/${claim.accountId}`}>
                {claim.accountName} ({claim.accountNumber})
              </Anchor>{' '}
              · {formatDateTime(claim.at)}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {claim.said}
            </Text>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
