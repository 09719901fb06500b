import type { WorklistFilterInput } from '../../shared/graphql/generated';

// The worklist in the URL: one parameter per filter (mine, unassigned, onHold, actionDue, search, includeCurrent)
// and `after`, the offset cursor of the page shown. Changing a filter starts again at page one.

export const WORKLIST_PAGE_SIZE = 25;

export interface WorklistFilterState {
  mine: boolean;
  unassigned: boolean;
  onHold: boolean;
  actionDue: boolean;
  search: string;
  includeCurrent: boolean;
}

export interface WorklistState extends WorklistFilterState {
  /** One cursor for each page after the first. */
  cursors: string[];
}

export const EMPTY_WORKLIST_FILTER: WorklistFilterState = {
  mine: false,
  unassigned: false,
  onHold: false,
  actionDue: false,
  search: '',
  includeCurrent: false,
};

const FLAGS = ['mine', 'unassigned', 'onHold', 'actionDue', 'includeCurrent'] as const;
export const AFTER = 'after';

export function readWorklistState(params: URLSearchParams): WorklistState {
  const flag = (key: (typeof FLAGS)[number]) => params.get(key) === 'true';
  return {
    mine: flag('mine'),
    // "mine" and "unassigned" contradict each other; mine wins
    unassigned: flag('unassigned') && !flag('mine'),
    onHold: flag('onHold'),
    actionDue: flag('actionDue'),
    includeCurrent: flag('includeCurrent'),
    search: (params.get('search') ?? '').trim(),
    cursors: params.getAll(AFTER),
  };
}

/** Writes a filter as URL parameters; off flags and an empty search are left out. */
export function worklistSearchParams(filter: Partial<WorklistFilterState>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FLAGS) if (filter[key]) params.set(key, 'true');
  const search = filter.search?.trim();
  if (search) params.set('search', search);
  return params;
}

/** The URL after changing part of the filter: the page stack is dropped. */
export function withWorklistChange(params: URLSearchParams, change: Partial<WorklistFilterState>): URLSearchParams {
  const next = { ...worklistFilterOf(readWorklistState(params)), ...change };
  if (change.mine) next.unassigned = false;
  if (change.unassigned) next.mine = false;
  return worklistSearchParams(next);
}

/** The filter part of the state (no page). */
export function worklistFilterOf(state: WorklistState): WorklistFilterState {
  const { mine, unassigned, onHold, actionDue, search, includeCurrent } = state;
  return { mine, unassigned, onHold, actionDue, search, includeCurrent };
}

export function isWorklistFiltered(state: WorklistState): boolean {
  return worklistSearchParams(worklistFilterOf(state)).toString() !== '';
}

export interface WorklistVariables {
  filter: WorklistFilterInput | null;
  first: number;
  after: string | null;
}

export function toWorklistVariables(state: WorklistState): WorklistVariables {
  const filter: WorklistFilterInput = {
    mine: state.mine,
    unassigned: state.unassigned,
    // unticked means "held or not", never "only accounts not on hold"
    onHold: state.onHold ? true : null,
    actionDue: state.actionDue,
    search: state.search,
    includeCurrent: state.includeCurrent,
  };
  return {
    filter: isWorklistFiltered(state) ? filter : null,
    first: WORKLIST_PAGE_SIZE,
    after: state.cursors.at(-1) ?? null,
  };
}
