import { useQuery } from 'urql';
import { ConsoleReasonCodesDocument } from '../../shared/graphql/generated';

/** The configured reason codes, or undefined while loading or when they cannot be read (callers fall back). */
export function useReasons() {
  const [result] = useQuery({ query: ConsoleReasonCodesDocument });
  return result.data?.reasonCodeSettings;
}
