// The audit trail's before/after values arrive as free JSON (the schema's JSON
// scalar, `unknown` here). They are shown as short "key: value" lists; nothing
// in them is trusted to have a particular shape. Statuses read as their labels
// ("Partly accepted", not "resolved_partial") and record ids are left out: a
// UUID says nothing to a person, and the case page shows what it points at.

import { isDisputeStatus } from '../../shared/disputes/disputeStatus';
import { caseStatusLook } from '../common/caseStatus';
import { isRootCause, rootCauseLabel } from '../common/rootCauses';

export interface AuditPair {
  key: string;
  value: string;
}

const MAX_VALUE_LENGTH = 200;

/** "invoice_open_balance" or "invoiceOpenBalance" → "Invoice open balance". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key;
}

/** "case.information_requested" → "Information requested". */
export function auditActionLabel(action: string): string {
  const last = action.includes('.') ? action.slice(action.lastIndexOf('.') + 1) : action;
  return humanizeKey(last);
}

function clip(text: string): string {
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** One value in a line: text as it is (money stays the exact string), lists joined, objects as "key: value" pairs
 * (e.g. the quantities a proof of delivery recorded: "TT-BLK-100: 65, TT-PZL-500: 10"). */
export function auditValueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return clip(value === '' ? '(empty)' : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : clip(value.map(auditValueText).join(', '));
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '(none)' : clip(entries.map(([key, item]) => `${key}: ${auditValueText(item)}`).join(', '));
  }
  return '(unreadable)';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS_KEYS = new Set(['status', 'from_status', 'to_status', 'fromStatus', 'toStatus']);

function statusText(item: unknown): string | null {
  if (typeof item !== 'string') return null;
  const status = item.toUpperCase();
  return isDisputeStatus(status) ? caseStatusLook(status).label : null;
}

/** "pricing_master_data" as "Pricing master data", the words the decision form used. */
function rootCauseText(item: unknown): string | null {
  const cause = typeof item === 'string' ? item.toUpperCase() : '';
  return isRootCause(cause) ? rootCauseLabel(cause) : null;
}

/** The key: value lines of a before or after value; a plain value becomes one line under "Value". */
export function auditPairs(value: unknown): AuditPair[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => !(typeof item === 'string' && UUID.test(item)))
      .map(([key, item]) => ({
        key: humanizeKey(key.replace(/_id$/, '')),
        value: (STATUS_KEYS.has(key) ? statusText(item) : null) ?? (key === 'root_cause' ? rootCauseText(item) : null) ?? auditValueText(item),
      }));
  }
  return [{ key: 'Value', value: auditValueText(value) }];
}
