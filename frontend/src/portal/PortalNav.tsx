import { Anchor, Group } from '@mantine/core';
import { Link, useLocation } from 'react-router';

const LINKS = [
  { to: '/', label: 'Invoices', matches: (path: string) => path === '/' || path.startsWith('/invoices') },
  { to: '/disputes', label: 'Disputes', matches: (path: string) => path.startsWith('/disputes') },
];

/** The portal's main pages, in the header; the current one is marked for screen readers too. */
export function PortalNav() {
  const { pathname } = useLocation();
  return (
    <Group component="nav" aria-label="Main" gap="md" ml={{ base: 'xs', sm: 'md' }} wrap="nowrap">
      {LINKS.map((link) => {
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
