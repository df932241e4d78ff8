import { defineConfig } from '@playwright/test';

// The core runs in the test process and the renderer in a browser set to Asia/Makassar: on a laptop
// both share the officer's time zone, so the test process takes the browser's (inherited by workers).
// Without this, "today" differs between them after 16:00 UTC.
process.env.TZ = 'Asia/Makassar';

/** Debian's Chromium, never a downloaded browser; quiet flags so tests make no network calls. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: true,
  workers: 2,
  // Two workers on a two-core machine that may be busy with other work: a spec waits on what the
  // app signals (never on time), and these bounds only decide when a missing signal is a failure.
  // Known slow steps (starting the app, big seeds, a far page of the log) set their own.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 20_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.IKM_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
      },
    },
    {
      // Same specs against the real Electron app; skipped (with the reason printed) where Electron is absent.
      name: 'electron',
    },
  ],
});
