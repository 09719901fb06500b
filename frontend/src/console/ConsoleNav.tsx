import { Anchor, Group } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import type { UserRole } from '../shared/graphql/generated';
import { DISCREPANCIES_HREF, ORDERS_HREF } from './orders/orderLinks';
import { OPEN_QUEUE_HREF } from './queue/queueUrl';

interface NavLink {
  to: string;
  label: string;
  matches: (path: string) => boolean;
  /** Roles the API refuses this page to: the link is not offered to them. */
  hiddenFor?: readonly UserRole[];
}

const LINKS: readonly NavLink[] = [
  {
    to: OPEN_QUEUE_HREF,
    label: 'Queue',
    matches: (path: string) => path === '/' || path.startsWith('/queue') || path.startsWith('/cases'),
  },
  { to: '/dashboard', label: 'Dashboard', matches: (path: string) => path.startsWith('/dashboard') },
  { to: '/reports', label: 'Reports', matches: (path: string) => path.startsWith('/reports') },
  { to: '/documents', label: 'Documents', matches: (path: string) => path.startsWith('/documents') },
  { to: '/invoices', label: 'Invoices', matches: (path: string) => path.startsWith('/invoices') },
  { to: ORDERS_HREF, label: 'Orders', matches: (path: string) => path.startsWith(ORDERS_HREF) },
  { to: DISCREPANCIES_HREF, label: 'Discrepancies', matches: (path: string) => path.startsWith(DISCREPANCIES_HREF) },
  {
    to: '/collections',
    label: 'Collections',
    matches: (path: string) => path.startsWith('/collections'),
    hiddenFor: ['AR_CLERK'],
  },
  { to: '/cash', label: 'Cash', matches: (path: string) => path.startsWith('/cash') },
  { to: '/imports', label: 'Feeds', matches: (path: string) => path.startsWith('/imports') },
  { to: '/admin', label: 'Administration', matches: (path: string) => path.startsWith('/admin') },
];

interface ConsoleNavProps {
  /** The signed-in staff member's role: pages the API refuses to it are left out. */
  role: UserRole;
}

/** The console's main pages, in the header; the current one is marked for screen readers too. */
export function ConsoleNav({ role }: ConsoleNavProps) {
  const { pathname } = useLocation();
  const links = LINKS.filter((link) => !link.hiddenFor?.includes(role));
  return (
    <Group component="nav" aria-label="Main" gap="md" ml={{ base: 'xs', sm: 'md' }} wrap="nowrap" miw={0} style={{ overflowX: 'auto' }}>
      {links.map((link) => {
        const current = link.matches(pathname);
        return (
          <Anchor
            key={link.to}
            component={Link}
            to={link.to}
            size="sm"
            fw={current ? 700 : 500}
            underline={current ? 'always' : 'hover'}
            aria-current={current ? 'page' : undefined}
          >
            {link.label}
          </Anchor>
        );
      })}
    </Group>
  );
}
