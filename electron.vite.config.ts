import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { devContentSecurityPolicy } from './electron/csp';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * `electron-vite dev` only: Vite's React refresh needs an inline module script and a WebSocket,
 * which the page's strict CSP <meta> forbids. Built files keep the strict policy untouched.
 */
function devCspMeta(): Plugin {
  return {
    name: 'ikm:dev-csp-meta',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(
        /(http-equiv="Content-Security-Policy"\s+content=")([^"]*)"/,
        (_match, head: string, policy: string) => `${head}${devContentSecurityPolicy(policy)}"`,
      ),
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The database worker is its own entry, so main finds it next to itself as db-worker.js.
        input: {
          index: resolve(root, 'electron/main.ts'),
          'db-worker': resolve(root, 'electron/db-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload.ts') },
        // A sandboxed preload must be a classic script.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react(), devCspMeta()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves bundles unminified; the renderer is large enough for it to matter.
      minify: true,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
