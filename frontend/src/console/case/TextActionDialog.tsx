import { useRef, useState } from 'react';
import { Text, Textarea } from '@mantine/core';
import { useMutation } from 'urql';
import { formatMoney } from '../../shared/format/money';
import {
  DenyCaseDocument,
  ReopenCaseDocument,
  RequestCaseInformationDocument,
  WriteOffCaseDocument,
  type CaseActionAnswerFragment,
} from '../../shared/graphql/generated';
import { newIdempotencyKey } from '../common/idempotencyKey';
import type { Refusal } from '../common/refusal';
import { ActionDialog } from './ActionDialog';
import { caseActionOutcome, type CaseUpdatedAnswer } from './caseAnswer';
import { useRootCause } from './RootCauseSelect';

export type TextAction = 'deny' | 'writeOff' | 'requestInformation' | 'reopen';

interface ActionText {
  title: string;
  label: string;
  description: (money: string) => string;
  /** The input field the server names in its errors. */
  field: string;
  /** Said when the field is left empty, or null when it may be. */
  required: string | null;
  submit: string;
  color?: string;
  done: string;
  /** A second, optional text: what the customer reads (write-off), when the first is for staff only. */
  toCustomer?: { label: string; description: string; field: string };
  /** A decision: it records what really went wrong (required). */
  decides?: boolean;
}

const TEXTS: Record<TextAction, ActionText> = {
  deny: {
    title: 'Deny the claim',
    label: 'Reason for the customer',
    description: (money) => `The ${money} is due again. This reason is sent to the customer.`,
    field: 'reason',
    required: 'Tell the customer why the claim is denied.',
    submit: 'Deny claim',
    color: 'red',
    done: 'The claim is denied and the customer is told why.',
    decides: true,
  },
  writeOff: {
    title: 'Write off the claim',
    label: 'Internal reason (staff only)',
    description: (money) =>
      `${money} is written off the invoice and no longer pursued. Your role's write-off limit applies. The reason stays in the case's history; the customer never sees it.`,
    field: 'reason',
    required: 'Say why this is written off.',
    submit: 'Write off',
    color: 'orange',
    done: 'The claim is written off.',
    decides: true,
    toCustomer: {
      label: 'Message to the customer (optional)',
      description: 'The customer\'s dispute page says "Written off." followed by this message.',
      field: 'customerMessage',
    },
  },
  requestInformation: {
    title: 'Request information',
    label: 'Question for the customer',
    description: () => 'The customer gets this by e-mail and on their dispute page; the case waits on them.',
    field: 'question',
    required: 'Write what you need from the customer.',
    submit: 'Send request',
    done: 'The request is sent; the case now waits on the customer.',
  },
  reopen: {
    title: 'Reopen the case',
    label: 'Reason (optional)',
    description: (money) =>
      `The claim of ${money} is held again and goes back into review; a write-off is reversed first, so the amount is open on the invoice again.`,
    field: 'reason',
    required: null,
    submit: 'Reopen case',
    done: 'The case is open again.',
  },
};

interface TextActionDialogProps {
  action: TextAction;
  caseId: string;
  version: number;
  amount: string;
  currency: string;
  onDone: (message: string, answer: CaseUpdatedAnswer) => void;
  onClose: () => void;
  onReload: () => void;
}

/** Deny, write off, request information and reopen: one text and the case's version. */
export function TextActionDialog({ action, caseId, version, amount, currency, onDone, onClose, onReload }: TextActionDialogProps) {
  const text = TEXTS[action];
  const [value, setValue] = useState('');
  const [customerMessage, setCustomerMessage] = useState('');
  const [customerError, setCustomerError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  // One key per opening of the dialog, sent again on a retry.
  const idempotencyKey = useRef(newIdempotencyKey());
  const [deny, runDeny] = useMutation(DenyCaseDocument);
  const [writeOff, runWriteOff] = useMutation(WriteOffCaseDocument);
  const [request, runRequest] = useMutation(RequestCaseInformationDocument);
  const [reopen, runReopen] = useMutation(ReopenCaseDocument);
  const busy = deny.fetching || writeOff.fetching || request.fetching || reopen.fetching;
  const cause = useRootCause(busy);

  async function send(body: string): Promise<CaseActionAnswerFragment | undefined> {
    switch (action) {
      case 'deny':
        return (await runDeny({ input: { caseId, version, reason: body, rootCause: cause.rootCause || null } })).data?.denyCase;
      case 'writeOff':
        return (
          await runWriteOff({
            input: {
              caseId,
              version,
              reason: body,
              customerMessage: customerMessage.trim(),
              idempotencyKey: idempotencyKey.current,
              rootCause: cause.rootCause || null,
            },
          })
        ).data?.writeOffCase;
      case 'requestInformation':
        return (await runRequest({ input: { caseId, version, question: body } })).data?.requestCaseInformation;
      case 'reopen':
        return (await runReopen({ input: { caseId, version, reason: body } })).data?.reopenCase;
    }
  }

  async function submit() {
    const body = value.trim();
    const missingCause = text.decides === true && cause.require() === null;
    if ((text.required && body === '') || missingCause) {
      setFieldError(text.required && body === '' ? text.required : null);
      return;
    }
    setRefusal(null);
    setFieldError(null);
    setCustomerError(null);
    const fields = [text.field, ...(text.toCustomer ? [text.toCustomer.field] : []), ...(text.decides ? ['rootCause'] : [])];
    const outcome = caseActionOutcome(await send(body), fields);
    if (outcome.ok) {
      onDone(text.done, outcome.answer);
      return;
    }
    setRefusal(outcome.refusal);
    setFieldError(outcome.refusal.fields[text.field] ?? null);
    if (text.toCustomer) setCustomerError(outcome.refusal.fields[text.toCustomer.field] ?? null);
    cause.setError(outcome.refusal.fields.rootCause ?? null);
  }

  return (
    <ActionDialog
      title={text.title}
      submitLabel={text.submit}
      color={text.color}
      busy={busy}
      refusal={refusal}
      onSubmit={() => void submit()}
      onClose={onClose}
      onReload={onReload}
    >
      <Text size="sm">{text.description(formatMoney(amount, currency))}</Text>
      <Textarea
        label={text.label}
        required={text.required !== null}
        autosize
        minRows={3}
        maxRows={10}
        maxLength={action === 'requestInformation' ? 10_000 : 2000}
        value={value}
        onChange={(event) => {
          setValue(event.currentTarget.value);
          setFieldError(null);
        }}
        error={fieldError}
        disabled={busy}
        data-autofocus
      />
      {text.decides && cause.field}
      {text.toCustomer && (
        <Textarea
          label={text.toCustomer.label}
          description={text.toCustomer.description}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={2000}
          value={customerMessage}
          onChange={(event) => {
            setCustomerMessage(event.currentTarget.value);
            setCustomerError(null);
          }}
          error={customerError}
          disabled={busy}
        />
      )}
    </ActionDialog>
  );
}
