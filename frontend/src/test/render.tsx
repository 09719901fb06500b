import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import { recoupTheme } from '../shared/app/theme';

/** Renders a component inside the same Mantine theme the apps use. */
export function renderWithTheme(ui: ReactElement) {
  return render(<MantineProvider theme={recoupTheme}>{ui}</MantineProvider>);
}
