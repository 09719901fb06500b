import { MainNav, type MainNavLink } from '../shared/app/MainNav';
import type { UserRole } from '../shared/graphql/generated';
import { DISCREPANCIES_HREF, ORDERS_HREF } from './orders/orderLinks';
import { OPEN_QUEUE_HREF } from './queue/queueUrl';

interface NavLink extends MainNavLink {
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

/** The console's main pages (``MainNav``: a menu on a phone), without those the API refuses to the role. */
export function ConsoleNav({ role }: ConsoleNavProps) {
  return <MainNav links={LINKS.filter((link) => !link.hiddenFor?.includes(role))} />;
}
