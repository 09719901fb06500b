import type { ReactNode } from 'react';
import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import { formatMoney } from '../../shared/format/money';
import { AccountOverviewDocument } from '../../shared/graphql/generated';
import { FactList } from '../../shared/invoices/InvoiceFacts';
import { AgingSummary } from './AgingSummary';
import { CreditSection } from './CreditSection';
import { PaymentHistory } from './PaymentHistory';
import { StatementSection } from './StatementSection';

function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb={intro ? 0 : 'xs'}>
        {title}
      </Title>
      {intro && (
        <Text size="sm" c="dimmed" mb="xs">
          {intro}
        </Text>
      )}
      {children}
    </section>
  );
}

/** `/account`: the customer's terms, their credit, what they owe by age, their statement and the payments received. */
export function AccountPage() {
  const [result, reexecute] = useQuery({ query: AccountOverviewDocument });
  const account = result.data?.viewer?.account;

  let body;
  if (result.error && !result.data) {
    body = (
      <ErrorState title="We couldn't load your account" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
    );
  } else if (!result.data) {
    body = <LoadingState label="Loading your account…" />;
  } else if (!account) {
    body = <Text c="dimmed">There is no customer account for this login.</Text>;
  } else {
    body = (
      <Stack gap="xl">
        <FactList
          label="Account details"
          facts={[
            { label: 'Account name', value: account.name },
            { label: 'Account number', value: account.number },
            { label: 'Payment terms', value: `Net ${account.paymentTermsDays} days` },
            { label: 'Credit limit', value: formatMoney(account.creditLimit, account.currency) },
            {
              label: 'You pay on average',
              value: account.averageDaysToPay
                ? `${account.averageDaysToPay} days after the invoice date (last 12 months)`
                : 'No payments in the last 12 months',
            },
          ]}
        />
        <Section
          id="credit-heading"
          title="Credit"
          intro="Your credit limit, what you owe against it and what is left."
        >
          <CreditSection credit={account.credit} />
        </Section>
        <Section id="aging-heading" title="Aging" intro="What is open today, by how long past its due date.">
          <AgingSummary aging={account.aging} currency={account.currency} />
        </Section>
        <Section id="statement-heading" title="Statement">
          <StatementSection currency={account.currency} />
        </Section>
        <Section id="payments-heading" title="Payment history" intro="Payments we received, newest first.">
          <PaymentHistory />
        </Section>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <title>Account · Recoup</title>
      <Title order={1} size="h2">
        Account
      </Title>
      {body}
    </Stack>
  );
}
