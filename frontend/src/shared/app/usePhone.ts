import { useMediaQuery } from '@mantine/hooks';

/** True below Mantine's `sm` breakpoint (48em, 768 px): a phone held upright, where lists become compact. */
export function usePhone(): boolean {
  return useMediaQuery('(max-width: 47.99em)') ?? false;
}
