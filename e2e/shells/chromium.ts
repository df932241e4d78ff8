import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { openApi, type Api } from '../../db/api';
import { logToFolder } from '../../db/log';
import { CHANNELS } from '../../db/model/channels';
import { buildClient } from '../../db/model/client';
import { PDF_PAGE, WAIT_FOR_PRINT_READY, type ShellServices } from '../../db/shell';

/** The built renderer (`npm run build` writes it). */
export const RENDERER_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../out/renderer');

/** A made-up origin: module scripts do not load from file://, so Playwright serves the files itself. */
const ORIGIN = 'http://ikm.app';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * The script that runs before the renderer: builds `window.ikm` with the very `buildClient` the
 * preload uses, over a Playwright binding instead of Electron IPC.
 */
function clientInitScript(): string {
  return `(() => {
    const buildClient = ${buildClient.toString()};
    const ikm = buildClient(${JSON.stringify(CHANNELS)}, (channel, input) => window.__ikmInvoke(channel, input));
    Object.defineProperty(window, 'ikm', { value: ikm, writable: false, configurable: false });
  })();`;
}

export interface ChromiumApp {
  page: Page;
  api: Api;
  close(): Promise<void>;
}

/** Where the test shell saves what the app exports: `<data folder>/ekspor/<suggested name>`. */
export function exportDirOf(dbFile: string): string {
  return join(dirname(dbFile), 'ekspor');
}

/**
 * The shell services of the test shell (db/shell.ts): a save "dialog" that answers with a file
 * in the data folder's ekspor/ at once, and printing through Playwright's page.pdf of the same
 * print route Electron prints, in a second page of the same context.
 */
function testShell(dbFile: string, getContext: () => BrowserContext): ShellServices {
  return {
    async chooseSavePath({ suggestedName }) {
      const dir = exportDirOf(dbFile);
      await mkdir(dir, { recursive: true });
      return join(dir, suggestedName);
    },
    async renderPdf(route) {
      const page = await getContext().newPage();
      try {
        await page.goto(`${ORIGIN}/index.html${route}`);
        const ready = String(await page.evaluate(WAIT_FOR_PRINT_READY));
        if (ready !== 'ok') throw new Error(ready.replace(/^error:\s*/, ''));
        const cm = (n: number) => `${n}cm`;
        const { top, bottom, left, right } = PDF_PAGE.marginCm;
        const pdf = await page.pdf({
          format: PDF_PAGE.format,
          printBackground: true,
          preferCSSPageSize: PDF_PAGE.preferCSSPageSize,
          margin: { top: cm(top), bottom: cm(bottom), left: cm(left), right: cm(right) },
        });
        return new Uint8Array(pdf);
      } finally {
        await page.close();
      }
    },
  };
}

/** Opens the app in a new page of `browser`, served by the core over `dbFile` in this process. */
export async function launchChromiumApp(browser: Browser, dbFile: string): Promise<ChromiumApp> {
  let context: BrowserContext | null = null;
  // As the database thread does (electron/db-worker.ts): the log beside the data, shown in Tentang.
  logToFolder(join(dirname(dbFile), 'logs'), 'db');
  const api = openApi({ dbFile, shell: testShell(dbFile, () => context!) });
  context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'id-ID',
    timezoneId: 'Asia/Makassar',
  });
  // For every page of the context: the app's window and the print pages.
  await context.exposeBinding('__ikmInvoke', (_source, channel: string, input: unknown) => api.dispatch(channel, input));
  await context.addInitScript(clientInitScript());
  const page = await context.newPage();
  await context.route(`${ORIGIN}/**`, async (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname);
    const file = normalize(join(RENDERER_DIR, path === '/' ? 'index.html' : path));
    // Serve only what is inside the build folder.
    if (!file.startsWith(RENDERER_DIR + sep)) return route.fulfill({ status: 403 });
    try {
      const body = await readFile(file);
      return route.fulfill({ status: 200, body, contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    } catch {
      return route.fulfill({ status: 404, body: 'not found' });
    }
  });
  // Nothing else may be fetched: the app must work offline.
  await context.route(/^(?!http:\/\/ikm\.app\/).*/, (route) => route.abort('blockedbyclient'));
  await page.goto(`${ORIGIN}/index.html`);
  return {
    page,
    api,
    async close() {
      await context!.close();
      api.close();
    },
  };
}
