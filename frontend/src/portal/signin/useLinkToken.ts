import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The one-time token of an e-mailed link (`?token=...`), and a way to drop it
 * from the address once used, so it is not left in the history or reused on reload.
 */
export function useLinkToken() {
  const [searchParams, setSearchParams] = useSearchParams();
  const token = searchParams.get('token')?.trim() ?? '';
  const forgetToken = useCallback(() => setSearchParams({}, { replace: true }), [setSearchParams]);
  return { token, forgetToken };
}
