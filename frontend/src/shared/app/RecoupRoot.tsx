import '@mantine/core/styles.css';
import { StrictMode, type ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { SessionProvider } from '../auth/SessionProvider';
import { recoupCssVariables, recoupTheme } from './theme';

/** Providers shared by the portal and the console. */
export function RecoupRoot({ children }: { children: ReactNode }) {
  return (
    <StrictMode>
      <MantineProvider theme={recoupTheme} cssVariablesResolver={recoupCssVariables}>
        <SessionProvider>{children}</SessionProvider>
      </MantineProvider>
    </StrictMode>
  );
}
