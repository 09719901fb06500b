import { isIsoDate } from '../../shared/format/dates';
import { isDisputeStatus, OPEN_DISPUTE_STATUSES } from '../../shared/disputes/disputeStatus';
import type {
  CaseFilter,
  CaseFlagCode,
  CaseSort,
  DecidedBy,
  DisputeOrigin,
  DisputeStatus,
  RootCause,
} from '../../shared/graphql/generated';
import { isCaseFlagCode } from '../common/caseFlags';
import { isRootCause } from '../common/rootCauses';
import { amountBoundProblem } from '../../shared/invoices/invoiceListUrl';

// The work queue in the URL. Each filter parameter is named after its CaseFilter
// field (status, reasonCodes, accountIds, assigneeId, mine, unassigned, amountMin,
// amountMax, openedAfter, openedBefore, decidedAfter, decidedBefore, currency, rootCause,
// rootCauseUnrecorded, origin, overdue,
// search, flags, noFlags, openAt, decidedBy), so a saved
// filter object turns into a queue link key by key; `sort` and the cursor stack
// `after` come on top. Changing the filter or the sort starts again at page one.

export const QUEUE_PAGE_SIZE = 25;
export const DEFAULT_CASE_SORT: CaseSort = 'NEWEST';

const SORT_LABELS: Record<CaseSort, string> = {
  NEWEST: 'Newest first',
  OLDEST: 'Oldest first',
  DUE_SOONEST: 'Due soonest',
  AMOUNT_HIGHEST: 'Largest amount',
};
export const CASE_SORTS = Object.keys(SORT_LABELS) as CaseSort[];
export const caseSortLabel = (sort: CaseSort) => SORT_LABELS[sort] ?? sort;
export const isCaseSort = (value: string): value is CaseSort => Object.hasOwn(SORT_LABELS, value);

export const ORIGINS: readonly DisputeOrigin[] = ['PORTAL', 'REMITTANCE'];
const isOrigin = (value: string): value is DisputeOrigin => (ORIGINS as string[]).includes(value);
const isDecidedBy = (value: string): value is DecidedBy => value === 'RULE' || value === 'PERSON';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REASON_CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** The queue as the URL describes it; anything malformed is left out rather than sent. */
export interface QueueState {
  statuses: DisputeStatus[];
  reasonCodes: string[];
  accountIds: string[];
  /** A staff member's id, or "" for anyone. */
  assigneeId: string;
  mine: boolean;
  unassigned: boolean;
  amountMin: string;
  amountMax: string;
  openedAfter: string;
  openedBefore: string;
  /** Cases decided in this span, in this currency: the reports' drill-down. */
  decidedAfter: string;
  decidedBefore: string;
  currency: string;
  /** Cases decided with this root cause, or (rootCauseUnrecorded) with none recorded. */
  rootCause: RootCause | '';
  rootCauseUnrecorded: boolean;
  origin: DisputeOrigin | '';
  overdue: boolean;
  search: string;
  /** Cases carrying any of these validation flags. */
  flags: CaseFlagCode[];
  /** Cases carrying no flag. */
  noFlags: boolean;
  /** Cases open at the end of this day (the reports' ages). */
  openAt: string;
  /** Decided cases closed by a resolution rule or by a person. */
  decidedBy: DecidedBy | '';
  sort: CaseSort;
  /** One cursor for each page after the first. */
  cursors: string[];
}

export type QueueFilterState = Omit<QueueState, 'sort' | 'cursors'>;

export const EMPTY_FILTER: QueueFilterState = {
  statuses: [],
  reasonCodes: [],
  accountIds: [],
  assigneeId: '',
  mine: false,
  unassigned: false,
  amountMin: '',
  amountMax: '',
  openedAfter: '',
  openedBefore: '',
  decidedAfter: '',
  decidedBefore: '',
  currency: '',
  rootCause: '',
  rootCauseUnrecorded: false,
  origin: '',
  overdue: false,
  search: '',
  flags: [],
  noFlags: false,
  openAt: '',
  decidedBy: '',
};

/** The URL parameter of each part of the state. */
const PARAM: Record<keyof QueueFilterState, string> = {
  statuses: 'status',
  reasonCodes: 'reasonCodes',
  accountIds: 'accountIds',
  assigneeId: 'assigneeId',
  mine: 'mine',
  unassigned: 'unassigned',
  amountMin: 'amountMin',
  amountMax: 'amountMax',
  openedAfter: 'openedAfter',
  openedBefore: 'openedBefore',
  decidedAfter: 'decidedAfter',
  decidedBefore: 'decidedBefore',
  currency: 'currency',
  rootCause: 'rootCause',
  rootCauseUnrecorded: 'rootCauseUnrecorded',
  origin: 'origin',
  overdue: 'overdue',
  search: 'search',
  flags: 'flags',
  noFlags: 'noFlags',
  openAt: 'openAt',
  decidedBy: 'decidedBy',
};
const SORT = 'sort';
export const AFTER = 'after';

const unique = <T>(values: T[]) => [...new Set(values)];

export function readQueueState(params: URLSearchParams): QueueState {
  const text = (key: keyof QueueFilterState) => (params.get(PARAM[key]) ?? '').trim();
  const flag = (key: keyof QueueFilterState) => params.get(PARAM[key]) === 'true';
  const date = (key: keyof QueueFilterState) => (isIsoDate(text(key)) ? text(key) : '');
  const assigneeId = text('assigneeId');
  const origin = text('origin');
  const sort = params.get(SORT) ?? '';
  return {
    statuses: unique(params.getAll(PARAM.statuses).filter(isDisputeStatus)),
    reasonCodes: unique(params.getAll(PARAM.reasonCodes).filter((code) => REASON_CODE.test(code))),
    accountIds: unique(params.getAll(PARAM.accountIds).filter((id) => UUID.test(id))),
    assigneeId: UUID.test(assigneeId) ? assigneeId : '',
    mine: flag('mine'),
    unassigned: flag('unassigned'),
    amountMin: text('amountMin'),
    amountMax: text('amountMax'),
    openedAfter: date('openedAfter'),
    openedBefore: date('openedBefore'),
    decidedAfter: date('decidedAfter'),
    decidedBefore: date('decidedBefore'),
    currency: /^[A-Z]{3}$/.test(text('currency')) ? text('currency') : '',
    rootCause: isRootCause(text('rootCause')) ? (text('rootCause') as RootCause) : '',
    rootCauseUnrecorded: flag('rootCauseUnrecorded'),
    origin: isOrigin(origin) ? origin : '',
    overdue: flag('overdue'),
    search: text('search'),
    flags: unique(params.getAll(PARAM.flags).filter(isCaseFlagCode)),
    noFlags: flag('noFlags'),
    openAt: date('openAt'),
    decidedBy: isDecidedBy(text('decidedBy')) ? (text('decidedBy') as DecidedBy) : '',
    sort: isCaseSort(sort) ? sort : DEFAULT_CASE_SORT,
    cursors: params.getAll(AFTER),
  };
}

/** Writes a filter (and sort) as URL parameters; empty parts and the default sort are left out. */
export function queueSearchParams(filter: Partial<QueueFilterState>, sort: CaseSort = DEFAULT_CASE_SORT): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(PARAM) as (keyof QueueFilterState)[]) {
    const value = filter[key];
    if (Array.isArray(value)) value.forEach((item) => params.append(PARAM[key], item));
    else if (value === true) params.set(PARAM[key], 'true');
    else if (typeof value === 'string' && value.trim() !== '') params.set(PARAM[key], value.trim());
  }
  if (sort !== DEFAULT_CASE_SORT) params.set(SORT, sort);
  return params;
}

/** A link to the queue with this filter, relative to the console's base path, e.g. "/queue?reasonCodes=PRICING". */
export function queueHref(filter: Partial<QueueFilterState>, sort?: CaseSort): string {
  const search = queueSearchParams(filter, sort).toString();
  return search ? `/queue?${search}` : '/queue';
}

/** The queue as it opens: the cases still to be worked (every open status), newest first. */
export const OPEN_QUEUE_HREF = queueHref({ statuses: [...OPEN_DISPUTE_STATUSES] });

/** The URL after changing part of the filter or the sort: the page stack is dropped. */
export function withQueueChange(
  params: URLSearchParams,
  change: Partial<QueueFilterState> & { sort?: CaseSort },
): URLSearchParams {
  const state = readQueueState(params);
  const { sort = state.sort, ...filterChange } = change;
  return queueSearchParams({ ...filterOf(state), ...filterChange }, sort);
}

/** A typed amount bound the server can be sent, or null (empty or malformed). */
function sendableAmount(value: string): string | null {
  return value !== '' && amountBoundProblem(value) === null ? value : null;
}

/** The filter part of the state (no sort, no page). */
export function filterOf(state: QueueState): QueueFilterState {
  const keys = Object.keys(PARAM) as (keyof QueueFilterState)[];
  return Object.fromEntries(keys.map((key) => [key, state[key]])) as unknown as QueueFilterState;
}

export function isQueueFiltered(state: QueueState): boolean {
  return queueSearchParams(filterOf(state)).toString() !== '';
}

export interface QueueVariables {
  first: number;
  after: string | null;
  filter: CaseFilter | null;
  sort: CaseSort;
}

export function toQueueVariables(state: QueueState): QueueVariables {
  const filter: CaseFilter = {
    status: state.statuses.length > 0 ? state.statuses : null,
    reasonCodes: state.reasonCodes.length > 0 ? state.reasonCodes : null,
    accountIds: state.accountIds.length > 0 ? state.accountIds : null,
    assigneeId: state.assigneeId || null,
    mine: state.mine,
    unassigned: state.unassigned,
    amountMin: sendableAmount(state.amountMin),
    amountMax: sendableAmount(state.amountMax),
    openedAfter: state.openedAfter || null,
    openedBefore: state.openedBefore || null,
    decidedAfter: state.decidedAfter || null,
    decidedBefore: state.decidedBefore || null,
    currency: state.currency || null,
    rootCause: state.rootCause || null,
    rootCauseUnrecorded: state.rootCauseUnrecorded,
    origin: state.origin || null,
    overdue: state.overdue,
    search: state.search || null,
    flags: state.flags.length > 0 ? state.flags : null,
    noFlags: state.noFlags,
    openAt: state.openAt || null,
    decidedBy: state.decidedBy || null,
  };
  const narrowed = Object.values(filter).some((value) => value !== null && value !== false);
  return {
    first: QUEUE_PAGE_SIZE,
    after: state.cursors.at(-1) ?? null,
    filter: narrowed ? filter : null,
    sort: state.sort,
  };
}
