import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { openApi, type Api } from '../db/api';
import { launchChromiumApp } from './shells/chromium';
import { loadElectronShell } from './support/electron-shell';

/**
 * Where the app keeps its database inside a data folder: the name electron/paths.ts uses
 * (DB_FILE_NAME), repeated because that module imports Electron itself.
 */
export function dbFileIn(dataDir: string): string {
  return join(dataDir, 'ikm-lapangan.sqlite');
}

export interface IkmApp {
  /** This test's own data folder and database file. */
  dataDir: string;
  dbFile: string;
  /** The app's window; launches the app on first use. */
  page(): Promise<Page>;
  /** Quits the app and starts it again on the same data folder (what the officer sees the next morning). */
  restart(): Promise<Page>;
  /**
   * Runs `fn` on a separate connection to the same database file, for seeding before launch and
   * for checking rows after the UI acted. The connection is closed afterwards.
   */
  withDb<T>(fn: (api: Api) => Promise<T>): Promise<T>;
}

interface RunningApp {
  page: Page;
  close(): Promise<void>;
}

type WorkerFixtures = { lazyBrowser: () => Promise<Browser> };

export const test = base.extend<{ ikm: IkmApp }, WorkerFixtures>({
  // Launched only for the chromium project, and only once per worker.
  lazyBrowser: [
    async ({ playwright }, use, workerInfo) => {
      const launched: { browser: Browser | null } = { browser: null };
      await use(async () => {
        launched.browser ??= await playwright.chromium.launch(workerInfo.project.use.launchOptions);
        return launched.browser;
      });
      await launched.browser?.close();
    },
    { scope: 'worker' },
  ],

  ikm: async ({ lazyBrowser }, use, testInfo) => {
    const electron = testInfo.project.name === 'electron';
    const shell = electron ? await loadElectronShell() : null;
    if (shell && 'skip' in shell) testInfo.skip(true, shell.skip);

    const dataDir = await mkdtemp(join(tmpdir(), 'ikm-e2e-'));
    const dbFile = dbFileIn(dataDir);
    let running: RunningApp | null = null;
    const pageErrors: string[] = [];

    async function launch(): Promise<Page> {
      if (shell && 'launchElectronApp' in shell) {
        running = await shell.launchElectronApp(dataDir);
      } else {
        running = await launchChromiumApp(await lazyBrowser(), dbFile);
      }
      running.page.on('pageerror', (error) => pageErrors.push(error.message));
      return running.page;
    }

    const app: IkmApp = {
      dataDir,
      dbFile,
      page: async () => (running ? running.page : launch()),
      async restart() {
        await running?.close();
        running = null;
        return launch();
      },
      async withDb(fn) {
        const api = openApi({ dbFile });
        try {
          return await fn(api);
        } finally {
          api.close();
        }
      },
    };

    await use(app);

    await (running as RunningApp | null)?.close();
    await rm(dataDir, { recursive: true, force: true });
    // An uncaught error in the renderer fails the test even if the screen looked right.
    expect(pageErrors, 'uncaught errors in the renderer').toEqual([]);
  },
});

export { expect };
