import { useState } from 'react';
import { Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from 'urql';
import { formatMoney } from '../../shared/format/money';
import {
  ConsoleResolveDiscrepancyDocument,
  type DiscrepancyResolution,
  type DiscrepancyRowFragment,
} from '../../shared/graphql/generated';
import { ActionDialog } from '../case/ActionDialog';
import type { Refusal } from '../common/refusal';
import { orderActionOutcome } from '../orders/orderAnswer';
import { MAX_ORDER_NOTE } from '../orders/orderForms';
import {
  canCreditMemo,
  initialSettleValues,
  isResolution,
  RESOLUTION_LABELS,
  SETTLE_FIELDS,
  settleProblems,
  settleVariables,
  type SettleField,
  type SettleValues,
} from './settleForm';

interface SettleDialogProps {
  discrepancy: DiscrepancyRowFragment;
  onDone: (message: string) => void;
  onClose: () => void;
  /** Loads the list or order afresh, offered when someone else settled or changed it first. */
  onReload: () => void;
}

const RESOLUTION_HELP: Record<DiscrepancyResolution, string> = {
  CREDIT_MEMO: 'A numbered credit memo corrects the invoice.',
  REBILL: 'The invoice is cancelled and billed again in the ERP; say what.',
  NOTE: 'Nothing changes on the invoice; say why.',
};

/** Settle one open discrepancy: a credit memo (prefilled with the money at stake), a rebill or a note. */
export function SettleDialog({ discrepancy, onDone, onClose, onReload }: SettleDialogProps) {
  const [values, setValues] = useState<SettleValues>(() => initialSettleValues(discrepancy));
  const [errors, setErrors] = useState<Partial<Record<SettleField, string>>>({});
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [{ fetching }, resolve] = useMutation(ConsoleResolveDiscrepancyDocument);
  const money = formatMoney(discrepancy.amount, discrepancy.currency);
  const creditable = canCreditMemo(discrepancy);

  function change(change: Partial<SettleValues>) {
    setValues((current) => ({ ...current, ...change }));
    setErrors((current) => {
      const next = { ...current };
      for (const field of Object.keys(change) as SettleField[]) delete next[field];
      return next;
    });
  }

  async function submit() {
    const problems = settleProblems(values, discrepancy);
    setErrors(problems);
    if (Object.values(problems).some(Boolean)) return;
    setRefusal(null);
    const result = await resolve(settleVariables(discrepancy, values));
    const outcome = orderActionOutcome(result.data?.resolveDiscrepancy, SETTLE_FIELDS);
    if (outcome.ok) {
      onDone(outcome.message);
      return;
    }
    setRefusal(outcome.refusal);
    setErrors(outcome.refusal.fields);
  }

  return (
    <ActionDialog
      title={`Settle: ${discrepancy.kindLabel}`}
      submitLabel="Settle"
      busy={fetching}
      refusal={refusal}
      onSubmit={() => void submit()}
      onClose={onClose}
      onReload={onReload}
      subject="discrepancy"
    >
      <Stack gap={2}>
        <Text size="sm">
          Order {discrepancy.orderNumber} · {discrepancy.accountName}
          {discrepancy.invoiceNumber && ` · invoice ${discrepancy.invoiceNumber}`}
          {discrepancy.lineNumber !== null && ` · line ${discrepancy.lineNumber}`}
        </Text>
        <Text size="sm">{discrepancy.detail}</Text>
        <Text size="sm" fw={600}>
          At stake: {money}
        </Text>
      </Stack>
      <Radio.Group
        label="Settle with"
        value={values.resolution}
        onChange={(value) => isResolution(value) && change({ resolution: value })}
        error={errors.resolution}
      >
        <Stack gap={6} mt={6}>
          {(Object.keys(RESOLUTION_LABELS) as DiscrepancyResolution[]).map((resolution) => (
            <Radio
              key={resolution}
              value={resolution}
              label={RESOLUTION_LABELS[resolution]}
              description={
                resolution === 'CREDIT_MEMO' && !creditable
                  ? 'Nothing was invoiced for this discrepancy.'
                  : RESOLUTION_HELP[resolution]
              }
              disabled={fetching || (resolution === 'CREDIT_MEMO' && !creditable)}
            />
          ))}
        </Stack>
      </Radio.Group>
      {values.resolution === 'CREDIT_MEMO' && (
        <TextInput
          label={`Amount to credit (${discrepancy.currency})`}
          description={`At most the ${money} at stake.`}
          inputMode="decimal"
          autoComplete="off"
          required
          value={values.amount}
          onChange={(event) => change({ amount: event.currentTarget.value })}
          error={errors.amount}
          disabled={fetching}
          w={240}
        />
      )}
      <Textarea
        label={values.resolution === 'CREDIT_MEMO' ? 'Note (optional)' : 'Note'}
        description={
          values.resolution === 'CREDIT_MEMO'
            ? 'Goes on the credit memo and the order’s history.'
            : 'Goes on the order’s history.'
        }
        required={values.resolution !== 'CREDIT_MEMO'}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={MAX_ORDER_NOTE}
        value={values.note}
        onChange={(event) => change({ note: event.currentTarget.value })}
        error={errors.note}
        disabled={fetching}
        data-autofocus
      />
    </ActionDialog>
  );
}
