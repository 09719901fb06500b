import type { ResolutionRuleInput, ResolutionRuleRowFragment, RuleAction, RuleCondition } from '../../shared/graphql/generated';
import { amountInputProblem } from './amounts';
import { formatPlainAmount } from '../../shared/format/money';

export const RESOLUTION_RULE_FIELDS = [
  'priority',
  'action',
  'maxAmount',
  'accountId',
  'reasonCode',
  'condition',
  'active',
] as const;
export type ResolutionRuleField = (typeof RESOLUTION_RULE_FIELDS)[number];

export const ACTION_LABELS: Record<RuleAction, string> = { WRITE_OFF: 'Write off', APPROVE: 'Approve (credit memo)' };
export const CONDITION_LABELS: Record<RuleCondition, string> = {
  POD_CONFIRMS_SHORTAGE: 'The proof of delivery confirms the shortage',
  RECORDS_SUPPORT_CLAIM: 'Our order, delivery and invoice records support the claim',
};

/** What the rule form holds, as typed. */
export interface ResolutionRuleValues {
  priority: string;
  action: RuleAction;
  /** The tolerance; required for write-offs. */
  maxAmount: string;
  /** '' for any customer. */
  accountId: string;
  /** '' for any reason. */
  reasonCode: string;
  /** '' for no condition. */
  condition: RuleCondition | '';
  active: boolean;
}

export function resolutionRuleValues(rule: ResolutionRuleRowFragment | null, priority: number): ResolutionRuleValues {
  return {
    priority: String(rule?.priority ?? priority),
    action: rule?.action ?? 'WRITE_OFF',
    maxAmount: rule?.maxAmount ?? '',
    accountId: rule?.accountId ?? '',
    reasonCode: rule?.reasonCode ?? '',
    condition: rule?.condition ?? '',
    active: rule?.active ?? true,
  };
}

const INT = /^\d{1,4}$/;

/** What cannot be sent at all; the rest (limits, unknown codes, a taken priority) the server decides and explains. */
export function resolutionRuleProblems(values: ResolutionRuleValues): Partial<Record<ResolutionRuleField, string>> {
  const problems: Partial<Record<ResolutionRuleField, string>> = {};
  if (!INT.test(values.priority.trim())) problems.priority = 'Enter a whole number; lower numbers are tried first.';
  const amount = values.maxAmount.trim();
  if (amount === '' && values.action === 'WRITE_OFF') {
    problems.maxAmount = 'A write-off rule needs its tolerance: the largest amount it writes off.';
  } else if (amount !== '') {
    problems.maxAmount = amountInputProblem(amount) ?? undefined;
  }
  return problems;
}

/** The mutation's input: empty optional fields become null ("any"). */
export function resolutionRuleInput(values: ResolutionRuleValues): ResolutionRuleInput {
  const optional = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    priority: Number(values.priority.trim()),
    action: values.action,
    maxAmount: optional(values.maxAmount),
    accountId: optional(values.accountId),
    reasonCode: optional(values.reasonCode),
    condition: values.condition || null,
    active: values.active,
  };
}

/** How a rule reads in the list, e.g. "Write off up to 25.00, any reason, any customer". */
export function describeRule(
  rule: ResolutionRuleRowFragment,
  customerName: (id: string) => string,
  reasonLabel: (code: string) => string,
): string {
  const parts = [ACTION_LABELS[rule.action] ?? rule.action];
  parts[0] += rule.maxAmount ? ` up to ${formatPlainAmount(rule.maxAmount)}` : ' any amount';
  parts.push(rule.reasonCode ? reasonLabel(rule.reasonCode) : 'any reason');
  parts.push(rule.accountId ? customerName(rule.accountId) : 'any customer');
  if (rule.condition) parts.push(`when ${CONDITION_LABELS[rule.condition].toLowerCase()}`);
  return parts.join(', ');
}
