import { useMemo, useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from 'urql';
import { DisputeClaimCheckDocument, type DisputeClaimCheckQuery } from '../../shared/graphql/generated';
import type { ClaimCheckRequest } from './claimCheck';

export type ClaimCheckAnswer = DisputeClaimCheckQuery['claimCheck'];

/** How long typing must pause before the records are asked. */
export const CLAIM_CHECK_DELAY_MS = 400;

const NOTHING: ClaimCheckRequest = { reasonCode: '', lines: [] };

export interface ClaimCheckState {
  /** The answer for the claim exactly as it is typed now, or null (nothing to ask, or not answered yet). */
  current: ClaimCheckAnswer | null;
  /** What to show: the current answer, or while the next one is worked out the last one. */
  shown: ClaimCheckAnswer | null;
  checking: boolean;
  failed: boolean;
}

/**
 * What our records say of the claim being typed, asked once typing pauses. Only
 * `current` may decide anything: `shown` can be about the claim as it was a moment ago.
 */
export function useClaimCheck(request: ClaimCheckRequest | null): ClaimCheckState {
  const key = request ? JSON.stringify(request) : '';
  const [settledKey] = useDebouncedValue(key, CLAIM_CHECK_DELAY_MS);
  const variables = useMemo(() => (settledKey ? (JSON.parse(settledKey) as ClaimCheckRequest) : null), [settledKey]);
  const [result] = useQuery({
    query: DisputeClaimCheckDocument,
    variables: variables ?? NOTHING,
    pause: variables === null,
    // Each answer carries signed proof-of-delivery links that expire: ask again rather than trust the cache.
    requestPolicy: 'cache-and-network',
  });
  const answeredKey = result.operation ? JSON.stringify(result.operation.variables) : null;
  const answer = result.data && answeredKey === settledKey ? result.data.claimCheck : null;
  const current = key !== '' && key === settledKey ? answer : null;

  const [last, setLast] = useState<ClaimCheckAnswer | null>(null);
  if (key === '' && last !== null) setLast(null);
  else if (key !== '' && answer && answer !== last) setLast(answer);

  return {
    current,
    shown: key === '' ? null : (answer ?? last),
    checking: key !== '' && (key !== settledKey || result.fetching),
    failed: key !== '' && key === settledKey && !result.fetching && result.error !== undefined && !answer,
  };
}
