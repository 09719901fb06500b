import { Anchor, Burger, Group, Menu } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { usePhone } from './usePhone';

export interface MainNavLink {
  to: string;
  label: string;
  /** Whether the page at this path is this link's (marked as the current page). */
  matches: (path: string) => boolean;
}

/**
 * An app's main pages, in the header (the portal's and the console's); the current one is marked for screen readers
 * too. On a phone they are a menu behind one button: nothing is pushed off the screen or hidden in a sideways strip.
 */
export function MainNav({ links }: { links: readonly MainNavLink[] }) {
  const { pathname } = useLocation();
  const phone = usePhone();
  if (phone) {
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
