import type { DiscrepancyKind, DiscrepancyStatus } from '../../shared/graphql/generated';
import { isDiscrepancyKind, isDiscrepancyStatus } from './discrepancyLabels';

// The discrepancy worklist in the URL: `status` (left out for the open ones, the default; ALL for every status),
// `kind`, `mine=true`, and `after`, the stack of cursors of the pages after the first. Anything malformed is read
// as its default rather than sent. Changing a filter starts again at page one.

export const DISCREPANCY_PAGE_SIZE = 25;
export const ALL_STATUSES = 'ALL';
export const AFTER = 'after';

export interface DiscrepancyFilterState {
  /** null: every status. */
  status: DiscrepancyStatus | null;
  kind: DiscrepancyKind | null;
  mine: boolean;
}

export interface DiscrepancyListState extends DiscrepancyFilterState {
  /** One cursor for each page after the first. */
  cursors: string[];
}

export const DEFAULT_DISCREPANCY_FILTER: DiscrepancyFilterState = { status: 'OPEN', kind: null, mine: false };

export function readDiscrepancyState(params: URLSearchParams): DiscrepancyListState {
  const status = params.get('status') ?? '';
  const kind = params.get('kind') ?? '';
  return {
    status: status === ALL_STATUSES ? null : isDiscrepancyStatus(status) ? status : 'OPEN',
    kind: isDiscrepancyKind(kind) ? kind : null,
    mine: params.get('mine') === 'true',
    cursors: params.getAll(AFTER),
  };
}

/** Writes a filter as URL parameters; the defaults are left out. */
export function discrepancySearchParams(filter: DiscrepancyFilterState): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status === null) params.set('status', ALL_STATUSES);
  else if (filter.status !== 'OPEN') params.set('status', filter.status);
  if (filter.kind) params.set('kind', filter.kind);
  if (filter.mine) params.set('mine', 'true');
  return params;
}

/** The filter part of the state (no page). */
export function discrepancyFilterOf({ status, kind, mine }: DiscrepancyListState): DiscrepancyFilterState {
  return { status, kind, mine };
}

/** The URL after changing part of the filter: the page stack is dropped. */
export function withDiscrepancyChange(params: URLSearchParams, change: Partial<DiscrepancyFilterState>): URLSearchParams {
  return discrepancySearchParams({ ...discrepancyFilterOf(readDiscrepancyState(params)), ...change });
}

export function isDiscrepancyFiltered(state: DiscrepancyListState): boolean {
  return discrepancySearchParams(discrepancyFilterOf(state)).toString() !== '';
}

export interface DiscrepancyVariables {
  status: DiscrepancyStatus | null;
  kind: DiscrepancyKind | null;
  mine: boolean;
  first: number;
  after: string | null;
}

export function toDiscrepancyVariables(state: DiscrepancyListState): DiscrepancyVariables {
  return {
    status: state.status,
    kind: state.kind,
    mine: state.mine,
    first: DISCREPANCY_PAGE_SIZE,
    after: state.cursors.at(-1) ?? null,
  };
}
