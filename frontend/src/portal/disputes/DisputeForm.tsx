import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, Textarea } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { DocumentUploader } from '../../shared/documents/DocumentUploader';
import { useDocumentUploads, type UploadItem } from '../../shared/documents/useDocumentUploads';
import type { DisputeFormInvoiceQuery } from '../../shared/graphql/generated';
import { invoiceHref } from '../../shared/invoices/invoiceLinks';
import { disputeHref } from '../../shared/disputes/disputeLinks';
import { ClaimRecordsPanel } from './ClaimRecordsPanel';
import { DisputeAmountFields } from './DisputeAmountFields';
import { EvidenceConfirmation } from './EvidenceConfirmation';
import { FiledUploadNotice } from './FiledUploadNotice';
import {
  EMPTY_DISPUTE_FORM,
  checkDisputeForm,
  disputedTotal,
  hasProblems,
  toFileDisputeInput,
  type DisputeFormField,
  type DisputeFormValues,
  type FieldMessages,
  type FormCheck,
} from './disputeForm';
import { claimCheckRequest, filingNeedsConfirmation } from './claimCheck';
import { useClaimCheck } from './useClaimCheck';
import { useFileDispute } from './useFileDispute';

type Data = DisputeFormInvoiceQuery;

interface DisputeFormProps {
  invoice: NonNullable<Data['invoice']>;
  reasons: Data['reasonCodes'];
}

const NO_PROBLEMS: FormCheck = { fields: {}, lines: {}, quantities: {} };
const MAX_DESCRIPTION = 4000;

/** Said once the description nears its limit (the field takes no more, and a longer paste is cut there): how much. */
export function descriptionLimitNote(text: string): string {
  if (text.length < MAX_DESCRIPTION * 0.9) return '';
  return text.length >= MAX_DESCRIPTION
    ? ` At most ${MAX_DESCRIPTION.toLocaleString('en-US')} characters: the rest was not taken.`
    : ` ${text.length.toLocaleString('en-US')} of ${MAX_DESCRIPTION.toLocaleString('en-US')} characters.`;
}

function without(messages: FieldMessages, fields: DisputeFormField[]): FieldMessages {
  const rest = { ...messages };
  fields.forEach((field) => delete rest[field]);
  return rest;
}

/**
 * The customer's dispute: reason, whole invoice or lines, description, attachments. A line claim our
 * records can speak to (shortage, not delivered, pricing) is compared with them as it is typed; when
 * they differ, filing asks for evidence attached or the customer's word that it will follow.
 */
export function DisputeForm({ invoice, reasons }: DisputeFormProps) {
  const navigate = useNavigate();
  const [values, setValues] = useState<DisputeFormValues>(EMPTY_DISPUTE_FORM);
  const [check, setCheck] = useState<FormCheck>(NO_PROBLEMS);
  const [focusRequest, setFocusRequest] = useState(0);
  const filing = useFileDispute();
  const uploads = useDocumentUploads();
  const failedKeys = useRef(new Set<string>());
  const formRef = useRef<HTMLFormElement>(null);

  const lineOrder = useMemo(() => invoice.lines.map((line) => line.id), [invoice.lines]);
  const reason = reasons.find((candidate) => candidate.code === values.reasonCode);
  const total = disputedTotal(values, lineOrder);
  const locked = filing.submitting || filing.filed !== null;
  const message = (field: DisputeFormField) => check.fields[field] ?? filing.errors.fields[field];

  const claimRequest = useMemo(() => claimCheckRequest(values, lineOrder), [values, lineOrder]);
  const records = useClaimCheck(claimRequest);
  const [fileAnyway, setFileAnyway] = useState(false);
  const [evidenceAsked, setEvidenceAsked] = useState(false);
  const attachedFiles = uploads.items.filter((item) => item.status === 'ready').length;
  // The answer on screen decides, even while a newer one is worked out: what the customer sees is what applies.
  const recordsVerdict = records.shown?.verdict ?? null;
  const needsConfirmation = filingNeedsConfirmation(recordsVerdict, attachedFiles, fileAnyway);

  // After a refused submission, take keyboard and screen-reader users to the first problem.
  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-focus-on-error]')?.focus();
  }, [focusRequest]);

  function change(patch: Partial<DisputeFormValues>, ...fields: DisputeFormField[]) {
    setValues((current) => ({ ...current, ...patch }));
    setCheck((current) => ({
      fields: without(current.fields, fields),
      lines: fields.includes('lines') ? {} : current.lines,
      quantities: fields.includes('lines') ? {} : current.quantities,
    }));
    filing.setErrors((current) => ({ ...current, fields: without(current.fields, fields) }));
  }

  function goToDispute(id: string) {
    navigate(disputeHref(id), { state: { justFiled: true } });
  }

  async function uploadAndContinue(disputeId: string, items: UploadItem[]) {
    const failed = await uploads.uploadEach(items, { disputeId });
    failed.forEach((key) => failedKeys.current.add(key));
    items.filter((item) => !failed.includes(item.key)).forEach((item) => failedKeys.current.delete(item.key));
    if (failedKeys.current.size === 0) goToDispute(disputeId);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (locked) return;
    const problems = checkDisputeForm(values, reasons, lineOrder, invoice.lines);
    setCheck(problems);
    if (hasProblems(problems)) {
      setFocusRequest((count) => count + 1);
      return;
    }
    if (needsConfirmation) {
      setEvidenceAsked(true);
      setFocusRequest((count) => count + 1);
      return;
    }
    const outcome = await filing.file(toFileDisputeInput(invoice.id, values, lineOrder, filing.idempotencyKey));
    if (outcome.kind === 'refused') setFocusRequest((count) => count + 1);
    if (outcome.kind !== 'filed') return;
    await uploadAndContinue(
      outcome.dispute.id,
      uploads.items.filter((item) => item.status === 'ready'),
    );
  }

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate aria-label="Dispute form">
      <Stack gap="lg">
        {filing.errors.form.length > 0 && (
          <Alert color="red" variant="light" role="alert" title="We couldn't file your dispute" data-focus-on-error tabIndex={-1}>
            <Stack gap={4}>
              {filing.errors.form.map((text) => (
                <Text key={text} size="sm">
                  {text}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <Paper withBorder p="md">
          <Stack gap="md">
            <NativeSelect
              label="Reason"
              required
              value={values.reasonCode}
              onChange={(event) => change({ reasonCode: event.currentTarget.value }, 'reasonCode', 'description')}
              data={[
                { value: '', label: 'Choose a reason…', disabled: true },
                ...reasons.map((option) => ({ value: option.code, label: option.label })),
              ]}
              error={message('reasonCode')}
              disabled={locked}
              maw={420}
            />
            <DisputeAmountFields
              invoice={invoice}
              values={values}
              total={total}
              amountError={message('amount')}
              linesError={message('lines')}
              lineErrors={check.lines}
              quantityErrors={check.quantities}
              disabled={locked}
              onScopeChange={(scope) => change({ scope }, 'amount', 'lines')}
              onAmountChange={(amount) => change({ amount }, 'amount')}
              onLinesChange={(lines) => change({ lines }, 'lines', 'amount')}
              records={<ClaimRecordsPanel check={records} reasonCode={values.reasonCode} currency={invoice.currency} />}
            />
            <Textarea
              label="Description"
              description={`${
                reason?.requiresDescription
                  ? 'Required for this reason: tell us what went wrong.'
                  : 'Optional: what went wrong, with any delivery, PO or claim references.'
              }${descriptionLimitNote(values.description)}`}
              withAsterisk={reason?.requiresDescription ?? false}
              aria-required={reason?.requiresDescription ?? false}
              autosize
              minRows={3}
              maxLength={MAX_DESCRIPTION}
              value={values.description}
              onChange={(event) => change({ description: event.currentTarget.value }, 'description')}
              error={message('description')}
              disabled={locked}
            />
            <DocumentUploader
              label="Attachments"
              items={uploads.items}
              onAdd={(files) => void uploads.add(files)}
              onTypeChange={uploads.setType}
              onRemove={uploads.remove}
              onRetry={(item) => {
                if (filing.filed) void uploadAndContinue(filing.filed.id, [item]);
              }}
              disabled={locked}
            />
          </Stack>
        </Paper>

        {filing.filed ? (
          <FiledUploadNotice items={uploads.items} onGoToDispute={() => goToDispute(filing.filed!.id)} />
        ) : (
          <Stack gap={4}>
            {recordsVerdict === 'CONTRADICTED' && (
              <EvidenceConfirmation
                reasonCode={values.reasonCode}
                attachedFiles={attachedFiles}
                confirmed={fileAnyway}
                onConfirmedChange={(confirmed) => {
                  setFileAnyway(confirmed);
                  setEvidenceAsked(false);
                }}
                asked={evidenceAsked && needsConfirmation}
                disabled={locked}
              />
            )}
            <Group gap="sm" mt={recordsVerdict === 'CONTRADICTED' ? 'xs' : undefined}>
              <Button type="submit" loading={filing.submitting} disabled={locked}>
                File dispute
              </Button>
              <Button component={Link} to={invoiceHref(invoice.id)} variant="default">
                Cancel
              </Button>
            </Group>
            {message('idempotencyKey') && (
              <Text size="sm" c="red.8" role="alert">
                {message('idempotencyKey')}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </form>
  );
}
