import { Badge } from '@mantine/core';
import { Link } from 'react-router';
import { collectionsAccountHref } from './collectionsLinks';

/** "Account on hold", linking to the account's collections view (the queue and the case show it). */
export function AccountOnHoldBadge({ accountId, accountName }: { accountId: string; accountName: string }) {
  return (
    <Badge
      component={Link}
      to={collectionsAccountHref(accountId)}
      color="red"
      variant="filled"
      size="sm"
      radius="sm"
      ml={6}
      style={{ cursor: 'pointer' }}
      aria-label={`Account on hold: ${accountName}'s credit and collections`}
    >
      Account on hold
    </Badge>
  );
}
