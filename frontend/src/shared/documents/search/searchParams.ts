import type { DocumentSearchFilter, DocumentType } from '../../graphql/generated';
import { DOCUMENT_TYPE_LABELS } from './documentTypes';

/** The search's state as kept in the address: words, kind and upload dates. */
export interface DocumentSearchState {
  query: string;
  type: DocumentType | null;
  from: string | null;
  to: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readSearchState(params: URLSearchParams): DocumentSearchState {
  const type = params.get('type');
  const from = params.get('from');
  const to = params.get('to');
  return {
    query: (params.get('q') ?? '').slice(0, 200),
    type: type && type in DOCUMENT_TYPE_LABELS ? (type as DocumentType) : null,
    from: from && DATE.test(from) ? from : null,
    to: to && DATE.test(to) ? to : null,
  };
}

/** The address parameters for a new search (paging starts again). */
export function writeSearchState(state: DocumentSearchState, keep: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of keep) if (!['q', 'type', 'from', 'to', 'after'].includes(key)) next.append(key, value);
  if (state.query.trim()) next.set('q', state.query.trim());
  if (state.type) next.set('type', state.type);
  if (state.from) next.set('from', state.from);
  if (state.to) next.set('to', state.to);
  return next;
}

/** The API filter for a state, plus whatever the page adds (the console's customer). */
export function searchFilter(state: DocumentSearchState, extra: Partial<DocumentSearchFilter> = {}): DocumentSearchFilter {
  return {
    documentTypes: state.type ? [state.type] : null,
    uploadedFrom: state.from,
    uploadedTo: state.to,
    ...extra,
  };
}
