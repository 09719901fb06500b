import { useRef, useState } from 'react';
import { Alert, Checkbox, List, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from 'urql';
import { compareDecimals, isMoneyInput } from '../../shared/format/decimal';
import { formatMoney, isZeroAmount } from '../../shared/format/money';
import { ApproveCaseDocument } from '../../shared/graphql/generated';
import { newIdempotencyKey } from '../common/idempotencyKey';
import type { Refusal } from '../common/refusal';
import { ActionDialog } from './ActionDialog';
import { caseActionOutcome, type CaseUpdatedAnswer } from './caseAnswer';
import { useRootCause } from './RootCauseSelect';

interface ApproveDialogProps {
  caseId: string;
  version: number;
  /** The claim. */
  amount: string;
  currency: string;
  onDone: (message: string, answer: CaseUpdatedAnswer) => void;
  onClose: () => void;
  onReload: () => void;
  /** What our records say against the claim (its check's lines) when they contradict it; null when they do not. */
  contradicted?: string[] | null;
}

/** Why a typed partial amount cannot be approved, or null. The server checks again. */
export function partialAmountProblem(value: string, claim: string): string | null {
  const amount = value.trim();
  if (amount === '') return 'Enter the amount to approve.';
  if (!isMoneyInput(amount)) return 'Enter an amount in digits with at most two decimals, e.g. 6 or 6.50.';
  if (isZeroAmount(amount)) return 'Approve more than zero, or deny the claim instead.';
  if (compareDecimals(amount, claim) > 0) return `You can approve at most the claimed ${claim}.`;
  return null;
}

/** Approve in full or in part: the server issues a numbered credit memo. */
export function ApproveDialog({
  caseId,
  version,
  amount,
  currency,
  onDone,
  onClose,
  onReload,
  contradicted = null,
}: ApproveDialogProps) {
  const [scope, setScope] = useState<'full' | 'part'>('full');
  const [partial, setPartial] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ amount?: string; note?: string; despite?: string }>({});
  // A claim our records contradict (e.g. the difference was already credited) is approved only on purpose.
  const [despite, setDespite] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  // One key per opening of the dialog: a retry after a dropped connection credits once.
  const idempotencyKey = useRef(newIdempotencyKey());
  const [{ fetching }, approve] = useMutation(ApproveCaseDocument);
  const cause = useRootCause(fetching);

  async function submit() {
    const problem = scope === 'part' ? partialAmountProblem(partial, amount) : null;
    const rootCause = cause.require();
    const unconfirmed = contradicted !== null && !despite;
    if (problem || !rootCause || unconfirmed) {
      setErrors({
        amount: problem ?? undefined,
        despite: unconfirmed ? 'Tick this to approve a claim our records contradict.' : undefined,
      });
      return;
    }
    setErrors({});
    setRefusal(null);
    const result = await approve({
      input: {
        caseId,
        version,
        amount: scope === 'part' ? partial.trim() : null,
        note: note.trim(),
        idempotencyKey: idempotencyKey.current,
        rootCause,
      },
    });
    const outcome = caseActionOutcome(result.data?.approveCase, ['amount', 'note', 'rootCause'] as const);
    if (outcome.ok) {
      const memo = outcome.answer.creditMemo;
      const message = memo
        ? `Approved ${formatMoney(memo.amount, currency)}: credit memo ${memo.number} is issued.`
        : 'The claim is approved.';
      onDone(message, outcome.answer);
      return;
    }
    setRefusal(outcome.refusal);
    setErrors(outcome.refusal.fields);
    cause.setError(outcome.refusal.fields.rootCause ?? null);
  }

  return (
    <ActionDialog
      title="Approve the claim"
      submitLabel="Approve"
      busy={fetching}
      refusal={refusal}
      onSubmit={() => void submit()}
      onClose={onClose}
      onReload={onReload}
    >
      {contradicted !== null && (
        <Alert color="red" variant="light" title="Our records contradict this claim">
          <Stack gap={6}>
            {contradicted.length > 0 && (
              <List size="sm" spacing={2}>
                {contradicted.map((line, index) => (
                  <List.Item key={`${index}-${line}`}>{line}</List.Item>
                ))}
              </List>
            )}
            <Text size="sm">Approving issues a credit memo all the same: check the records first.</Text>
            <Checkbox
              label="I checked the records: approve it anyway"
              checked={despite}
              onChange={(event) => {
                setDespite(event.currentTarget.checked);
                setErrors((current) => ({ ...current, despite: undefined }));
              }}
              error={errors.despite}
              disabled={fetching}
            />
          </Stack>
        </Alert>
      )}
      <Radio.Group label="How much is valid?" value={scope} onChange={(value) => setScope(value === 'part' ? 'part' : 'full')}>
        <Stack gap={6} mt={6}>
          <Radio value="full" label={`In full: ${formatMoney(amount, currency)}`} disabled={fetching} />
          <Radio value="part" label="In part" disabled={fetching} />
        </Stack>
      </Radio.Group>
      {scope === 'part' && (
        <TextInput
          label={`Amount to approve (${currency})`}
          description={`At most the claimed ${formatMoney(amount, currency)}; the rest is due again.`}
          inputMode="decimal"
          autoComplete="off"
          value={partial}
          onChange={(event) => {
            setPartial(event.currentTarget.value);
            setErrors((current) => ({ ...current, amount: undefined }));
          }}
          error={errors.amount}
          disabled={fetching}
          data-autofocus
          w={240}
        />
      )}
      {cause.field}
      <Textarea
        label="Note (optional)"
        description="Goes on the credit memo and to the customer."
        autosize
        minRows={2}
        maxLength={2000}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        error={errors.note}
        disabled={fetching}
      />
      <Text size="xs" c="dimmed">
        A numbered credit memo is issued against the invoice and the customer is told.
      </Text>
    </ActionDialog>
  );
}
