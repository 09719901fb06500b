import { Badge, createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine's badge hides what does not fit behind an ellipsis, and in a table whose columns share too little room
 * it lets the column squeeze it ("ASSIG…"). A status must always be read in full: the badge keeps its whole label
 * on one line and counts as that wide, so the column (or the row of badges) makes room for it instead.
 */
const BADGE_NEVER_CUT_OFF = Badge.extend({
  styles: {
    root: { overflow: 'visible', flexShrink: 0 },
    label: { overflow: 'visible', textOverflow: 'clip' },
  },
});

export const recoupTheme = createTheme({
  primaryColor: 'teal',
  // Shade 9 keeps links and buttons above 4.5:1 contrast on white.
  primaryShade: { light: 9, dark: 7 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  components: { Badge: BADGE_NEVER_CUT_OFF },
});

/** Mantine's default "dimmed" grey is too faint to read comfortably; use a darker one. */
export const recoupCssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
