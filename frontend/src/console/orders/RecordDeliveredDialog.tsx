import { useState } from 'react';
import { Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from 'urql';
import { formatQuantity } from '../../shared/format/money';
import { ConsoleRecordDeliveredQuantityDocument } from '../../shared/graphql/generated';
import { ActionDialog } from '../case/ActionDialog';
import type { Refusal } from '../common/refusal';
import { orderActionOutcome } from './orderAnswer';
import { deliveredQuantityProblems, MAX_ORDER_NOTE, type DeliveredField } from './orderForms';

export interface DeliveredLine {
  shipmentId: string;
  shipmentNumber: string;
  lineNumber: number;
  sku: string;
  quantityShipped: string;
  quantityDelivered: string | null;
}

interface RecordDeliveredDialogProps {
  line: DeliveredLine;
  onDone: (message: string) => void;
  onClose: () => void;
  onReload: () => void;
}

const FIELDS: readonly DeliveredField[] = ['quantity', 'note'];

/** Enter what arrived of one order line on a delivery (the POD said it in a way its text did not give), with a note. */
export function RecordDeliveredDialog({ line, onDone, onClose, onReload }: RecordDeliveredDialogProps) {
  const [quantity, setQuantity] = useState(line.quantityDelivered ?? '');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<DeliveredField, string>>>({});
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [{ fetching }, record] = useMutation(ConsoleRecordDeliveredQuantityDocument);

  async function submit() {
    const problems = deliveredQuantityProblems(quantity, note, line.quantityShipped);
    setErrors(problems);
    if (Object.values(problems).some(Boolean)) return;
    setRefusal(null);
    const result = await record({
      shipmentId: line.shipmentId,
      lineNumber: line.lineNumber,
      quantity: quantity.trim(),
      note: note.trim(),
    });
    const outcome = orderActionOutcome(result.data?.recordDeliveredQuantity, FIELDS);
    if (outcome.ok) {
      onDone(outcome.message);
      return;
    }
    setRefusal(outcome.refusal);
    setErrors(outcome.refusal.fields);
  }

  return (
    <ActionDialog
      title={`Record delivered quantity: delivery ${line.shipmentNumber}, line ${line.lineNumber}`}
      submitLabel="Record"
      busy={fetching}
      refusal={refusal}
      onSubmit={() => void submit()}
      onClose={onClose}
      onReload={onReload}
      subject="order"
    >
      <Text size="sm">
        {line.sku}: {formatQuantity(line.quantityShipped)} shipped
        {line.quantityDelivered !== null && `, ${formatQuantity(line.quantityDelivered)} recorded as delivered so far`}. The
        order is reconciled again with what you enter.
      </Text>
      <TextInput
        label="Delivered quantity"
        description={`0 when nothing arrived; at most the ${formatQuantity(line.quantityShipped)} shipped.`}
        inputMode="decimal"
        autoComplete="off"
        required
        value={quantity}
        onChange={(event) => {
          setQuantity(event.currentTarget.value);
          setErrors((current) => ({ ...current, quantity: undefined }));
        }}
        error={errors.quantity}
        disabled={fetching}
        data-autofocus
        w={240}
      />
      <Textarea
        label="Note"
        description="How you know (the signed POD, a call with the customer); kept on the order’s history."
        required
        autosize
        minRows={2}
        maxRows={8}
        maxLength={MAX_ORDER_NOTE}
        value={note}
        onChange={(event) => {
          setNote(event.currentTarget.value);
          setErrors((current) => ({ ...current, note: undefined }));
        }}
        error={errors.note}
        disabled={fetching}
      />
    </ActionDialog>
  );
}
