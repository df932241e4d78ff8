import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core stays free of shells: no Electron, no React.
    files: ['db/**/*.ts', 'hub/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', 'react', 'react-*', '@mantine/*', '../renderer/*', '../electron/*'] }],
    },
  },
  {
    // The renderer talks to window.ikm only: no Node, no Electron, no database.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'electron',
            'better-sqlite3',
            'node:*',
            'fs',
            'path',
            'idn-area-data',
            '**/db/repo/*',
            '**/db/api',
            '**/db/core',
            '**/db/reference/*',
          ],
        },
      ],
    },
  },
  {
    // Unit tests of the renderer's pure helpers (lib/*.test.ts) run on Node's own test runner.
    files: ['renderer/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['electron', 'better-sqlite3', '**/db/repo/*', '**/db/api'] }] },
  },
);
