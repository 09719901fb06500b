import { useQuery } from 'urql';
import { ViewerDocument, type ViewerQuery } from '../graphql/generated';

export type SignedInViewer = NonNullable<ViewerQuery['viewer']>;

/** Who is signed in: `viewer` is null when nobody is. */
export function useViewer() {
  const [result, reexecute] = useQuery({ query: ViewerDocument, requestPolicy: 'network-only' });
  return {
    viewer: result.data?.viewer ?? null,
    loaded: result.data !== undefined,
    fetching: result.fetching,
    error: result.error,
    retry: () => reexecute({ requestPolicy: 'network-only' }),
  };
}
