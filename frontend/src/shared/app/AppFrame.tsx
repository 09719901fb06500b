import type { ReactNode } from 'react';
import { AppShell, Box, Button, Group, Text } from '@mantine/core';

interface AppFrameProps {
  /** Which app this is, e.g. "Customer portal". */
  areaLabel: string;
  /** Who is signed in: shown on the right of the header. */
  identity: ReactNode;
  /** Links to the app's main pages, shown after the product name. */
  nav?: ReactNode;
  onSignOut: () => void;
  children: ReactNode;
}

/** Header with the product, the signed-in user and sign-out, above the page. */
export function AppFrame({ areaLabel, identity, nav, onSignOut, children }: AppFrameProps) {
  return (
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          {/* On narrow screens the nav shrinks (and scrolls) before sign-out is pushed off the header. */}
          <Group gap="xs" wrap="nowrap" miw={0} style={{ flex: '1 1 auto' }}>
            <Text fw={700} size="lg" c="teal.9" style={{ flexShrink: 0 }}>
              Recoup
            </Text>
            <Text c="dimmed" size="sm" visibleFrom="sm">
              {areaLabel}
            </Text>
            {nav}
          </Group>
          <Group gap="md" wrap="nowrap" miw={0} style={{ flexShrink: 0, maxWidth: '50%' }}>
            {/* Phones keep the header for the nav and sign-out; who is signed in shows from the xs breakpoint. */}
            <Box ta="right" miw={0} visibleFrom="xs">
              {identity}
            </Box>
            <Button variant="default" size="sm" onClick={onSignOut} style={{ flexShrink: 0 }}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Box maw={1280} mx="auto">
          {children}
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
