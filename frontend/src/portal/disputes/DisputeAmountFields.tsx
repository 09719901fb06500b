import { useId, type ReactNode } from 'react';
import { Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { formatMoney } from '../../shared/format/money';
import type { DisputeFormInvoiceQuery } from '../../shared/graphql/generated';
import { DisputeLinesPicker } from './DisputeLinesPicker';
import type { DisputeFormValues, DisputeScope, LineClaim } from './disputeForm';

type FormInvoice = NonNullable<DisputeFormInvoiceQuery['invoice']>;

interface DisputeAmountFieldsProps {
  invoice: FormInvoice;
  values: DisputeFormValues;
  /** The exact disputed total, or null while something typed is not an amount. */
  total: string | null;
  amountError: string | undefined;
  linesError: string | undefined;
  lineErrors: Record<string, string>;
  quantityErrors: Record<string, string>;
  disabled: boolean;
  onScopeChange: (scope: DisputeScope) => void;
  onAmountChange: (amount: string) => void;
  onLinesChange: (lines: Record<string, LineClaim>) => void;
  /** Shown beside the chosen lines: what our records say of them. */
  records?: ReactNode;
}

/** Whole invoice or chosen lines, and how much: typed for the whole invoice, summed for lines. */
export function DisputeAmountFields(props: DisputeAmountFieldsProps) {
  const { invoice, values, total, amountError, linesError, lineErrors, quantityErrors, disabled } = props;
  const linesErrorId = useId();
  const totalErrorId = useId();
  const money = (amount: string) => formatMoney(amount, invoice.currency);
  const limit = `You can dispute up to ${money(invoice.disputableAmount)} on this invoice.`;

  return (
    <Stack gap="md">
      <Radio.Group
        label="What do you dispute?"
        value={values.scope}
        onChange={(value) => props.onScopeChange(value === 'lines' ? 'lines' : 'invoice')}
      >
        <Group gap="lg" mt={6}>
          <Radio value="invoice" label="Whole invoice" disabled={disabled} />
          <Radio value="lines" label="Specific lines" disabled={disabled} />
        </Group>
      </Radio.Group>

      {values.scope === 'invoice' ? (
        <TextInput
          label="Amount"
          description={limit}
          required
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.00"
          leftSection={<Text size="xs" c="dimmed">{invoice.currency}</Text>}
          leftSectionWidth={48}
          value={values.amount}
          onChange={(event) => props.onAmountChange(event.currentTarget.value)}
          error={amountError}
          disabled={disabled}
          maw={320}
        />
      ) : (
        <Stack gap="xs">
          <DisputeLinesPicker
            lines={invoice.lines}
            currency={invoice.currency}
            chosen={values.lines}
            lineErrors={lineErrors}
            quantityErrors={quantityErrors}
            onChange={props.onLinesChange}
            disabled={disabled}
            describedBy={linesError ? linesErrorId : undefined}
          />
          {linesError && (
            <Text id={linesErrorId} size="sm" c="red.8" data-focus-on-error tabIndex={-1}>
              {linesError}
            </Text>
          )}
          {props.records}
          <div>
            <Text fw={600} aria-live="polite" aria-describedby={amountError ? totalErrorId : undefined} data-testid="disputed-total">
              Total disputed: {total === null ? '—' : money(total)}
            </Text>
            <Text size="sm" c="dimmed">
              {limit} The total is the sum of the chosen lines&apos; disputed amounts.
            </Text>
            {amountError && (
              <Text id={totalErrorId} size="sm" c="red.8" data-focus-on-error tabIndex={-1}>
                {amountError}
              </Text>
            )}
          </div>
        </Stack>
      )}
    </Stack>
  );
}
