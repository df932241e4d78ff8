import { createTheme } from '@mantine/core';

// System fonts only: the app works offline and the CSP forbids font downloads.
const FONTS =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", Ubuntu, Cantarell, "Helvetica Neue", Arial, system-ui, sans-serif';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: FONTS,
  headings: { fontFamily: FONTS },
  cursorType: 'pointer',
});
