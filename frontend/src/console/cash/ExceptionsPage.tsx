import { useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import { PaymentClaims } from './PaymentClaims';
import { useMutation, useQuery } from 'urql';
import { ErrorState, LoadingState } from '../../shared/app/PageStates';
import {
  ConfirmRemittanceMatchDocument,
  MoveRemittancePaymentDocument,
  RemittanceExceptionsDocument,
  type RemittanceLineRowFragment,
} from '../../shared/graphql/generated';
import { addDecimals, compareDecimals } from '../../shared/format/decimal';
import { formatPlainAmount, isZeroAmount } from '../../shared/format/money';
import { ruleLabel } from './importStatus';
import { CustomerFilter } from '../common/CustomerFilter';
import { OffsetPager } from './OffsetPager';
import { RemittanceLineDetails } from './RemittanceLineDetails';

const PAGE = 25;

/** `/cash/exceptions`: lines no rule matched with enough confidence; staff choose where the cash goes. */
export function ExceptionsPage() {
  const [page, setPage] = useState(0);
  const [customer, setCustomer] = useState('');
  const [result, reexecute] = useQuery({
    query: RemittanceExceptionsDocument,
    variables: { offset: page * PAGE, customer },
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const onPage = result.data?.remittanceExceptions.items.length ?? 0;
  // settling the last line of a later page shows the page before it, not an empty one
  const confirmed = () => (onPage === 1 && page > 0 ? setPage(page - 1) : refresh());

  let body;
  if (result.error && !result.data) body = <ErrorState title="We couldn't load the exceptions" onRetry={refresh} />;
  else if (!result.data) body = <LoadingState label="Loading exceptions…" />;
  else {
    const queue = result.data.remittanceExceptions;
    body = (
      <>
        {queue.items.length === 0 ? (
          <Paper withBorder p="xl">
            <Text>No remittance line is waiting for a decision.</Text>
          </Paper>
        ) : (
          <Stack gap="sm" component="ol" aria-label="Exceptions" style={{ listStyle: 'none', padding: 0 }}>
            {queue.items.map((line) => (
              <ExceptionCard key={line.id} line={line} onConfirmed={confirmed} />
            ))}
          </Stack>
        )}
        <OffsetPager
          label="Pages of exceptions"
          page={page}
          pageSize={PAGE}
          rowCount={queue.items.length}
          totalCount={queue.totalCount}
          busy={result.fetching}
          onPage={setPage}
        />
      </>
    );
  }
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/cash" size="sm">
        ← Cash application
      </Anchor>
      <Title order={1}>Exceptions queue</Title>
      <Text size="sm">
        The cash of these lines is on their payment, not yet applied. Choose the invoice (or invoices) it pays.
      </Text>
      <CustomerFilter
        label="Filter the exceptions"
        onFilter={(customer) => {
          setPage(0);
          setCustomer(customer);
        }}
      />
      {body}
      <PaymentClaims claims={result.data?.paymentClaims ?? []} />
    </Stack>
  );
}

/**
 * The line pays less than half of its best match and says nothing of the rest (no adjustment): a partial payment as
 * likely as a deduction, so turning the rest into a deduction is the clerk's choice, not the default.
 */
function mostlyUnpaid(line: RemittanceLineRowFragment): boolean {
  const best = line.suggestions[0]?.invoices;
  const only = best?.length === 1 ? best[0] : undefined;
  if (!only || !isZeroAmount(line.adjustmentAmount)) return false;
  return compareDecimals(addDecimals(line.paidAmount, line.paidAmount), only.collectible) < 0;
}

function ExceptionCard({ line, onConfirmed }: { line: RemittanceLineRowFragment; onConfirmed: () => void }) {
  const [deductRemainder, setDeductRemainder] = useState(() => !mostlyUnpaid(line));
  const [error, setError] = useState('');
  const [{ fetching }, confirm] = useMutation(ConfirmRemittanceMatchDocument);
  const [moved, setMoved] = useState('');
  const [{ fetching: moving }, move] = useMutation(MoveRemittancePaymentDocument);

  async function moveTo(customerNumber: string) {
    setError('');
    setMoved('');
    const answer = await move({ lineId: line.id, customerNumber });
    const outcome = answer.data?.moveRemittancePayment;
    if (outcome?.__typename === 'RemittancePaymentMoved') {
      setMoved(`The payment is now ${outcome.line.accountName ?? customerNumber}'s: apply it to their invoice.`);
      onConfirmed();
    } else if (outcome?.__typename === 'InvalidInputResult') setError(outcome.errors.map((e) => e.message).join(' '));
    else if (outcome && 'message' in outcome) setError(outcome.message);
    else setError('The payment was not moved; try again.');
  }

  async function apply(invoiceIds: string[], invoiceNumbers: string[] = []) {
    setError('');
    const answer = await confirm({ lineId: line.id, invoiceIds, invoiceNumbers, deductRemainder });
    const outcome = answer.data?.confirmRemittanceMatch;
    if (outcome?.__typename === 'RemittanceLineConfirmed') onConfirmed();
    else if (outcome?.__typename === 'InvalidInputResult') setError(outcome.errors.map((e) => e.message).join(' '));
    else if (outcome && 'message' in outcome) setError(outcome.message);
    else setError('The line was not applied; try again.');
  }

  return (
    <Paper withBorder p="md" component="li">
      <Stack gap="sm">
        <RemittanceLineDetails line={line} linkImport />
        {line.suggestions.length > 0 ? (
          <Stack gap={4} aria-label={`Suggestions for line ${line.line}`}>
            {line.suggestions.map((suggestion) => {
              const numbers = suggestion.invoices.map((i) => i.number).join(' + ');
              return (
                <Group key={suggestion.invoices.map((i) => i.id).join()} gap="sm">
                  <Button size="xs" loading={fetching} onClick={() => void apply(suggestion.invoices.map((i) => i.id))}>
                    Apply to {numbers}
                  </Button>
                  <Text size="sm" c="dimmed">
                    {ruleLabel(suggestion.rule)} · confidence {suggestion.confidence} · open{' '}
                    {suggestion.invoices.map((i) => formatPlainAmount(i.collectible)).join(' + ')}
                  </Text>
                </Group>
              );
            })}
          </Stack>
        ) : (
          <Text size="sm">No invoice fits; look the customer up and contact them.</Text>
        )}
        <TypedAction
          label="Or apply to invoice number(s)"
          placeholder="e.g. INV-1001, INV-1002"
          action="Apply"
          busy={fetching}
          onSubmit={(text) => {
            const numbers = text.split(/[\s,;]+/).filter(Boolean);
            if (numbers.length === 0) setError('Type the invoice number (or numbers) this line pays.');
            else void apply([], numbers);
          }}
        />
        <Checkbox
          size="xs"
          label="Turn what stays unpaid on a single invoice into a deduction"
          checked={deductRemainder}
          onChange={(event) => setDeductRemainder(event.currentTarget.checked)}
        />
        {/* A group company paying another's invoice, or an advice imported under the wrong customer. */}
        <TypedAction
          label="Another customer's money? Move the payment to customer number"
          placeholder="e.g. C-1002"
          action="Move payment"
          busy={moving}
          onSubmit={(text) => {
            if (!text.trim()) setError('Type the number of the customer whose money this is.');
            else void moveTo(text.trim());
          }}
        />
        {moved && (
          <Alert color="teal" role="status">
            {moved}
          </Alert>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** A text field and its button, sent as one form: the invoice numbers a line pays, the customer a payment is moved to. */
function TypedAction(props: {
  label: string;
  placeholder: string;
  action: string;
  busy: boolean;
  onSubmit: (text: string) => void;
}) {
  const [text, setText] = useState('');
  return (
    <Group
      component="form"
      align="flex-end"
      gap="sm"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(text);
      }}
    >
      <TextInput
        size="xs"
        label={props.label}
        placeholder={props.placeholder}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      <Button size="xs" type="submit" variant="default" loading={props.busy}>
        {props.action}
      </Button>
    </Group>
  );
}
