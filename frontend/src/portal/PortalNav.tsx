import { MainNav, type MainNavLink } from '../shared/app/MainNav';

const LINKS: readonly MainNavLink[] = [
  { to: '/', label: 'Invoices', matches: (path: string) => path === '/' || path.startsWith('/invoices') },
  { to: '/orders', label: 'Orders', matches: (path: string) => path.startsWith('/orders') },
  { to: '/reminders', label: 'Reminders', matches: (path: string) => path.startsWith('/reminders') },
  { to: '/disputes', label: 'Disputes', matches: (path: string) => path.startsWith('/disputes') },
  { to: '/documents', label: 'Documents', matches: (path: string) => path.startsWith('/documents') },
  { to: '/account', label: 'Account', matches: (path: string) => path.startsWith('/account') },
];

const PEOPLE_LINK: MainNavLink = { to: '/people', label: 'People', matches: (path: string) => path.startsWith('/people') };

/**
 * The portal's main pages (``MainNav``: a menu on a phone). People is only for the account's administrator.
 */
export function PortalNav({ showPeople }: { showPeople: boolean }) {
  return <MainNav links={showPeople ? [...LINKS, PEOPLE_LINK] : LINKS} />;
}
