import type { RoutingRuleInput, RoutingRuleRowFragment } from '../../shared/graphql/generated';
import { amountInputProblem } from './amounts';

export const ROUTING_RULE_FIELDS = [
  'priority',
  'assigneeId',
  'reasonCode',
  'accountId',
  'minAmount',
  'maxAmount',
  'active',
] as const;
export type RoutingRuleField = (typeof ROUTING_RULE_FIELDS)[number];

/** The customer select's choice for "another account, by its id". */
export const OTHER_ACCOUNT = '__other__';

export interface Customer {
  id: string;
  name: string;
}

/** What the rule form holds, as typed. */
export interface RoutingRuleValues {
  priority: string;
  assigneeId: string;
  /** '' for any reason. */
  reasonCode: string;
  /** '' for any customer, a listed customer's id, or OTHER_ACCOUNT. */
  customer: string;
  /** The account id typed when `customer` is OTHER_ACCOUNT. */
  otherAccountId: string;
  minAmount: string;
  maxAmount: string;
  active: boolean;
}

/** Distinct customers of some invoices, by name. */
export function distinctCustomers(accounts: readonly Customer[]): Customer[] {
  const byId = new Map<string, Customer>();
  for (const account of accounts) if (!byId.has(account.id)) byId.set(account.id, { id: account.id, name: account.name });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The next free priority after the existing rules' (in steps of 10, so rules can go in between). */
export function nextPriority(rules: readonly { priority: number }[]): number {
  const highest = Math.max(0, ...rules.map((rule) => rule.priority));
  return Math.floor(highest / 10) * 10 + 10;
}

export function ruleValues(
  rule: RoutingRuleRowFragment | null,
  customers: readonly Customer[],
  priority: number,
): RoutingRuleValues {
  const accountId = rule?.accountId ?? '';
  const listed = accountId === '' || customers.some((customer) => customer.id === accountId);
  return {
    priority: String(rule?.priority ?? priority),
    assigneeId: rule?.assigneeId ?? '',
    reasonCode: rule?.reasonCode ?? '',
    customer: listed ? accountId : OTHER_ACCOUNT,
    otherAccountId: listed ? '' : accountId,
    minAmount: rule?.minAmount ?? '',
    maxAmount: rule?.maxAmount ?? '',
    active: rule?.active ?? true,
  };
}

const INT = /^-?\d{1,9}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What could not be sent at all: a priority that is no whole number, no
 * assignee, an amount that is no number, an account id that is no id (the
 * server would read a malformed id as "any customer"). The rest the server decides.
 */
export function ruleProblems(values: RoutingRuleValues): Partial<Record<RoutingRuleField, string>> {
  const problems: Partial<Record<RoutingRuleField, string>> = {};
  if (!INT.test(values.priority.trim())) problems.priority = 'Enter a whole number; lower numbers are tried first.';
  if (!values.assigneeId) problems.assigneeId = 'Choose who gets the matching cases.';
  if (values.customer === OTHER_ACCOUNT && !UUID.test(values.otherAccountId.trim())) {
    problems.accountId = "Enter the customer account's id (a UUID), or choose a customer from the list.";
  }
  for (const bound of ['minAmount', 'maxAmount'] as const) {
    const typed = values[bound].trim();
    if (typed !== '') problems[bound] = amountInputProblem(typed) ?? undefined;
  }
  return problems;
}

/** The mutation's input: empty optional fields become null ("any"). */
export function ruleInput(values: RoutingRuleValues): RoutingRuleInput {
  const optional = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    priority: Number(values.priority.trim()),
    assigneeId: values.assigneeId,
    reasonCode: optional(values.reasonCode),
    accountId: values.customer === OTHER_ACCOUNT ? values.otherAccountId.trim() : optional(values.customer),
    minAmount: optional(values.minAmount),
    maxAmount: optional(values.maxAmount),
    active: values.active,
  };
}
