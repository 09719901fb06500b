import { Anchor, Burger, Group, Menu } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { usePhone } from '../shared/app/usePhone';

const LINKS = [
  { to: '/', label: 'Invoices', matches: (path: string) => path === '/' || path.startsWith('/invoices') },
  { to: '/orders', label: 'Orders', matches: (path: string) => path.startsWith('/orders') },
  { to: '/reminders', label: 'Reminders', matches: (path: string) => path.startsWith('/reminders') },
  { to: '/disputes', label: 'Disputes', matches: (path: string) => path.startsWith('/disputes') },
  { to: '/documents', label: 'Documents', matches: (path: string) => path.startsWith('/documents') },
  { to: '/account', label: 'Account', matches: (path: string) => path.startsWith('/account') },
];

const PEOPLE_LINK = { to: '/people', label: 'People', matches: (path: string) => path.startsWith('/people') };

/**
 * The portal's main pages, in the header; the current one is marked for
 * screen readers too. People is only for the account's administrator.
 */
export function PortalNav({ showPeople }: { showPeople: boolean }) {
  const { pathname } = useLocation();
  const phone = usePhone();
  const links = showPeople ? [...LINKS, PEOPLE_LINK] : LINKS;
  if (phone) {
    // On a phone the pages are a menu: nothing is pushed off the screen.
    return (
      <nav aria-label="Main">
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Burger size="sm" aria-label="Menu" ml="xs" />
          </Menu.Target>
          <Menu.Dropdown>
            {links.map((link) => (
              <Menu.Item
                key={link.to}
                component={Link}
                to={link.to}
                fw={link.matches(pathname) ? 700 : 500}
                aria-current={link.matches(pathname) ? 'page' : undefined}
              >
                {link.label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </nav>
    );
  }
  return (
    <Group
      component="nav"
      aria-label="Main"
      gap="md"
      ml={{ base: 'xs', sm: 'md' }}
      wrap="nowrap"
      miw={0}
      style={{ overflowX: 'auto' }}
    >
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
