import type { PromiseStatus, RiskClass, UserRole } from '../../shared/graphql/generated';

const RISK_LABELS: Record<RiskClass, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', CRITICAL: 'Critical' };
export const RISK_CLASSES = Object.keys(RISK_LABELS) as RiskClass[];
export const riskLabel = (risk: RiskClass) => RISK_LABELS[risk] ?? risk;
export const isRiskClass = (value: string): value is RiskClass => Object.hasOwn(RISK_LABELS, value);
const RISK_COLORS: Record<RiskClass, string> = { LOW: 'gray', MEDIUM: 'yellow', HIGH: 'orange', CRITICAL: 'red' };
export const riskColor = (risk: RiskClass) => RISK_COLORS[risk] ?? 'gray';

const PROMISE_LABELS: Record<PromiseStatus, string> = {
  OPEN: 'Open',
  KEPT: 'Kept',
  PARTLY_KEPT: 'Partly kept',
  BROKEN: 'Broken',
  CANCELLED: 'Cancelled',
};
export const promiseStatusLabel = (status: PromiseStatus) => PROMISE_LABELS[status] ?? status;
const PROMISE_COLORS: Record<PromiseStatus, string> = {
  OPEN: 'blue',
  KEPT: 'green',
  PARTLY_KEPT: 'yellow',
  BROKEN: 'red',
  CANCELLED: 'gray',
};
export const promiseStatusColor = (status: PromiseStatus) => PROMISE_COLORS[status] ?? 'gray';

/** The kinds of contact a collector logs by hand (the timeline also shows letters, promises and customer replies). */
export const LOGGABLE_KINDS = [
  { value: 'call', label: 'Call' },
  { value: 'email', label: 'E-mail' },
  { value: 'note', label: 'Note' },
] as const;
export type LoggableKind = (typeof LOGGABLE_KINDS)[number]['value'];

const KIND_LABELS: Record<string, string> = {
  call: 'Call',
  email: 'E-mail',
  note: 'Note',
  letter: 'Reminder letter',
  promise: 'Promise to pay',
  customer_reply: 'Customer reply',
};
export const contactKindLabel = (kind: string) => KIND_LABELS[kind] ?? kind;

/** Roles that may change credit profiles and release holds (the server checks it again). */
const CREDIT_DECIDERS: readonly UserRole[] = ['CREDIT_MANAGER', 'ADMIN'];
export const decidesCredit = (role: UserRole | null | undefined) => !!role && CREDIT_DECIDERS.includes(role);

/** staffMembers' roles (lower case) that may be given accounts to collect. */
const COLLECTOR_ROLES = ['collector', 'credit_manager', 'admin'];
export const collectsAccounts = (role: string) => COLLECTOR_ROLES.includes(role.toLowerCase());

export const daysText = (days: number) => (days === 1 ? '1 day' : `${days} days`);
export const accountsText = (count: number) => (count === 1 ? '1 account' : `${count} accounts`);
