import { compareDecimals, isMoneyInput, isQuantityInput, sumDecimals } from '../../shared/format/decimal';
import { isZeroAmount } from '../../shared/format/money';
import type { FileDisputeInput } from '../../shared/graphql/generated';

export type DisputeScope = 'invoice' | 'lines';

/** One chosen line: the part of its amount disputed and, optionally, how many units. */
export interface LineClaim {
  amount: string;
  quantity: string;
}

export interface DisputeFormValues {
  reasonCode: string;
  scope: DisputeScope;
  /** The whole-invoice amount, as typed. */
  amount: string;
  /** The chosen lines by line id; a line not in here is not disputed. */
  lines: Record<string, LineClaim>;
  description: string;
}

export const EMPTY_DISPUTE_FORM: DisputeFormValues = {
  reasonCode: '',
  scope: 'invoice',
  amount: '',
  lines: {},
  description: '',
};

/** The fields fileDispute reports errors for. */
export const DISPUTE_FORM_FIELDS = ['amount', 'reasonCode', 'description', 'lines', 'idempotencyKey'] as const;
export type DisputeFormField = (typeof DISPUTE_FORM_FIELDS)[number];
export type FieldMessages = Partial<Record<DisputeFormField, string>>;

export interface FormCheck {
  fields: FieldMessages;
  /** Problems with one chosen line's amount, by line id. */
  lines: Record<string, string>;
  /** Problems with one chosen line's quantity, by line id. */
  quantities: Record<string, string>;
}

interface Reason {
  code: string;
  requiresDescription: boolean;
}

/** What the form knows of an invoice line: how many were invoiced. */
export interface InvoicedQuantity {
  id: string;
  quantity: string;
  /** The line's amount: a claim on it asks for at most this much. */
  amount?: string;
}

const AMOUNT_FORMAT = 'Enter the amount as a number with up to two decimals, e.g. 125.50.';

function amountProblem(amount: string): string | null {
  if (amount === '') return 'Enter the amount you dispute.';
  if (!isMoneyInput(amount)) return AMOUNT_FORMAT;
  if (isZeroAmount(amount)) return 'The amount must be more than zero.';
  return null;
}

/** The chosen lines in the order the invoice lists them. */
export function chosenLines(values: DisputeFormValues, lineOrder: readonly string[]): [string, LineClaim][] {
  return lineOrder.flatMap((id) => {
    const claim = values.lines[id];
    return claim ? [[id, claim] as [string, LineClaim]] : [];
  });
}

/**
 * What must be fixed before the form is sent. The server checks everything
 * again (and alone knows, e.g., the disputable amount); this only catches
 * what would make the request malformed or is plainly missing.
 */
export function checkDisputeForm(
  values: DisputeFormValues,
  reasons: readonly Reason[],
  lineOrder: readonly string[],
  invoiced: readonly InvoicedQuantity[] = [],
): FormCheck {
  const fields: FieldMessages = {};
  const lines: Record<string, string> = {};
  const quantities: Record<string, string> = {};
  const reason = reasons.find((candidate) => candidate.code === values.reasonCode);
  if (!reason) fields.reasonCode = 'Choose a reason.';
  if (reason?.requiresDescription && values.description.trim() === '') {
    fields.description = 'Describe the problem: this reason needs a description.';
  }
  if (values.scope === 'invoice') {
    const problem = amountProblem(values.amount.trim());
    if (problem) fields.amount = problem;
  } else {
    const chosen = chosenLines(values, lineOrder);
    if (chosen.length === 0) fields.lines = 'Choose at least one line.';
    for (const [id, claim] of chosen) {
      const line = invoiced.find((candidate) => candidate.id === id);
      const quantity = quantityProblem(claim.quantity.trim(), line?.quantity);
      if (quantity) quantities[id] = quantity;
      const amount = amountProblem(claim.amount.trim());
      if (amount) lines[id] = amount;
      // at the line's own amount box, before sending (the server says it under the table); a quantity over what
      // was invoiced, which the amount was worked out from, is the one to fix
      else if (!quantity && line?.amount !== undefined && compareDecimals(claim.amount.trim(), line.amount) > 0) {
        lines[id] = `At most the line's amount, ${line.amount}.`;
      }
    }
    if (Object.keys(lines).length > 0 || Object.keys(quantities).length > 0) {
      fields.lines = 'Check the amounts and quantities on the chosen lines.';
    }
  }
  return { fields, lines, quantities };
}

function quantityProblem(quantity: string, invoicedQuantity: string | undefined): string | null {
  if (quantity === '') return null;
  if (!isQuantityInput(quantity)) return 'Enter the quantity as a number with up to three decimals, e.g. 12.5.';
  if (isZeroAmount(quantity)) return 'The quantity must be more than zero.';
  if (invoicedQuantity !== undefined && compareDecimals(quantity, invoicedQuantity) > 0) {
    return `At most the ${invoicedQuantity} invoiced.`;
  }
  return null;
}

export function hasProblems(check: FormCheck): boolean {
  return [check.fields, check.lines, check.quantities].some((problems) => Object.keys(problems).length > 0);
}

/**
 * The disputed total: the whole-invoice amount, or the exact sum of the
 * chosen lines' amounts. Null while something typed is not an amount yet.
 */
export function disputedTotal(values: DisputeFormValues, lineOrder: readonly string[]): string | null {
  if (values.scope === 'invoice') {
    const amount = values.amount.trim();
    return isMoneyInput(amount) ? amount : null;
  }
  const amounts = chosenLines(values, lineOrder).map(([, claim]) => claim.amount.trim());
  if (amounts.length === 0 || !amounts.every(isMoneyInput)) return null;
  return sumDecimals(amounts);
}

/** The mutation input for a form that passed checkDisputeForm. */
export function toFileDisputeInput(
  invoiceId: string,
  values: DisputeFormValues,
  lineOrder: readonly string[],
  idempotencyKey: string,
): FileDisputeInput {
  const byLine = values.scope === 'lines';
  const lines = byLine
    ? chosenLines(values, lineOrder).map(([lineId, claim]) => ({
        lineId,
        amount: claim.amount.trim(),
        quantity: claim.quantity.trim() || null,
      }))
    : [];
  return {
    invoiceId,
    reasonCode: values.reasonCode,
    amount: byLine ? sumDecimals(lines.map((line) => line.amount)) : values.amount.trim(),
    description: values.description.trim(),
    lines,
    idempotencyKey,
  };
}
