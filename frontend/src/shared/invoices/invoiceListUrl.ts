import { isIsoDate } from '../format/dates';
import type { InvoiceFilter, InvoiceSort, InvoiceStatus } from '../graphql/generated';
import { isInvoiceStatus } from './invoiceStatus';

export const INVOICE_PAGE_SIZE = 25;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DEFAULT_INVOICE_SORT: InvoiceSort = 'ISSUED_NEWEST';

const SORT_LABELS: Record<InvoiceSort, string> = {
  ISSUED_NEWEST: 'Newest first',
  ISSUED_OLDEST: 'Oldest first',
  DUE_SOONEST: 'Due soonest',
  AMOUNT_HIGHEST: 'Largest total',
  BALANCE_HIGHEST: 'Largest open balance',
};

/** Every sort order, in the order the select offers them. */
export const INVOICE_SORTS = Object.keys(SORT_LABELS) as InvoiceSort[];

export function isInvoiceSort(value: string): value is InvoiceSort {
  return Object.hasOwn(SORT_LABELS, value);
}

export function invoiceSortLabel(sort: InvoiceSort): string {
  return SORT_LABELS[sort] ?? sort;
}

/** The URL's names for the list's parameters. */
export const LIST_PARAM = {
  status: 'status',
  search: 'q',
  issuedFrom: 'issuedFrom',
  issuedTo: 'issuedTo',
  amountMin: 'amountMin',
  amountMax: 'amountMax',
  currency: 'currency',
  accountId: 'accountId',
  sort: 'sort',
  after: 'after',
} as const;

/** The parameters a filter consists of; Clear filters removes these (sort stays). */
export const FILTER_PARAMS = [
  LIST_PARAM.status,
  LIST_PARAM.search,
  LIST_PARAM.issuedFrom,
  LIST_PARAM.issuedTo,
  LIST_PARAM.amountMin,
  LIST_PARAM.amountMax,
  LIST_PARAM.currency,
  LIST_PARAM.accountId,
] as const;

// What the API's Decimal scalar carries: up to 16 digits and 4 decimals.
// Anything else could not be sent at all; within it, the server decides
// (it refuses, e.g., negative bounds and more than two decimals, with a message).
const SENDABLE_AMOUNT = /^-?\d{1,16}(\.\d{1,4})?$/;

/** Why a typed amount bound cannot be sent, or null when it can (or is empty). */
export function amountBoundProblem(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '' || SENDABLE_AMOUNT.test(trimmed)) return null;
  return 'Enter an amount in digits, e.g. 1500 or 1500.50.';
}

/** The list as the URL describes it. Unknown statuses, sorts and malformed dates are ignored. */
export interface InvoiceListState {
  statuses: InvoiceStatus[];
  search: string;
  issuedFrom: string;
  issuedTo: string;
  amountMin: string;
  amountMax: string;
  /** An ISO 4217 code (the reports' drill-down), or ''. */
  currency: string;
  /** One customer's id (the reports' drill-down for one customer, staff only: the console asks
   * `customerInvoices` for it; never part of the shared filter), or ''. */
  accountId: string;
  sort: InvoiceSort;
  /** One cursor for each page after the first. */
  cursors: string[];
}

export function readInvoiceListState(params: URLSearchParams): InvoiceListState {
  const date = (name: string) => {
    const value = params.get(name) ?? '';
    return isIsoDate(value) ? value : '';
  };
  const sort = params.get(LIST_PARAM.sort) ?? '';
  return {
    statuses: params.getAll(LIST_PARAM.status).filter(isInvoiceStatus),
    search: params.get(LIST_PARAM.search) ?? '',
    issuedFrom: date(LIST_PARAM.issuedFrom),
    issuedTo: date(LIST_PARAM.issuedTo),
    amountMin: (params.get(LIST_PARAM.amountMin) ?? '').trim(),
    amountMax: (params.get(LIST_PARAM.amountMax) ?? '').trim(),
    currency: /^[A-Z]{3}$/.test(params.get(LIST_PARAM.currency) ?? '') ? (params.get(LIST_PARAM.currency) ?? '') : '',
    accountId: UUID.test(params.get(LIST_PARAM.accountId) ?? '') ? (params.get(LIST_PARAM.accountId) ?? '') : '',
    sort: isInvoiceSort(sort) ? sort : DEFAULT_INVOICE_SORT,
    cursors: params.getAll(LIST_PARAM.after),
  };
}

/** The variables shared by the portal's and the console's invoice list queries. */
export interface InvoiceListVariables {
  first: number;
  after: string | null;
  filter: InvoiceFilter | null;
  sort: InvoiceSort;
}

function sendableAmount(value: string): string | null {
  return value !== '' && amountBoundProblem(value) === null ? value : null;
}

export function toInvoiceListVariables(state: InvoiceListState): InvoiceListVariables {
  const filter: InvoiceFilter = {
    status: state.statuses.length > 0 ? state.statuses : null,
    search: state.search.trim() || null,
    issuedFrom: state.issuedFrom || null,
    issuedTo: state.issuedTo || null,
    amountMin: sendableAmount(state.amountMin),
    amountMax: sendableAmount(state.amountMax),
    currency: state.currency || null,
  };
  const hasFilter = Object.values(filter).some((value) => value !== null);
  return {
    first: INVOICE_PAGE_SIZE,
    after: state.cursors.at(-1) ?? null,
    filter: hasFilter ? filter : null,
    sort: state.sort,
  };
}

/** True when any filter (not the sort) narrows the list. */
export function isFiltered(state: InvoiceListState): boolean {
  return (
    state.statuses.length > 0 ||
    state.search !== '' ||
    state.issuedFrom !== '' ||
    state.issuedTo !== '' ||
    state.amountMin !== '' ||
    state.amountMax !== '' ||
    state.currency !== '' ||
    state.accountId !== ''
  );
}

/** Sets or removes one parameter; every change of filter or sort starts again from the first page. */
export function withParam(params: URLSearchParams, name: string, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(LIST_PARAM.after);
  if (value) next.set(name, value);
  else next.delete(name);
  return next;
}

/** A cursor is only valid for the sort it came from: changing the sort drops the page stack too. */
export function withSort(params: URLSearchParams, sort: InvoiceSort): URLSearchParams {
  return withParam(params, LIST_PARAM.sort, sort === DEFAULT_INVOICE_SORT ? '' : sort);
}
