import { createTheme, type CSSVariablesResolver } from '@mantine/core';

export const recoupTheme = createTheme({
  primaryColor: 'teal',
  // Shade 9 keeps links and buttons above 4.5:1 contrast on white.
  primaryShade: { light: 9, dark: 7 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
});

/** Mantine's default "dimmed" grey is too faint to read comfortably; use a darker one. */
export const recoupCssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
