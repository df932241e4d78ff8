// print_visit_pdf_ms: one visit's filled form rendered to PDF in the Chromium test shell (the
// built renderer's print route and Playwright's page.pdf), median of 10. Builds the renderer first
// when out/ is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { openApi } from '../db/api';
import { anInventarisasi, call, KALTIM_SETUP, siteInput } from '../db/test-support';
import { launchChromiumApp, RENDERER_DIR } from '../e2e/shells/chromium';

const ROOT = resolve(import.meta.dirname, '..');
/** What the renderer bundle is made of: its own folder, the core modules it imports, the build's config. */
const RENDERER_SOURCES = ['renderer', 'db', 'electron/csp.ts', 'electron.vite.config.ts', 'package.json'];

function newestSourceMs(): number {
  let newest = 0;
  for (const source of RENDERER_SOURCES) {
    const path = join(ROOT, source);
    const files = statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
      : [path];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** Runs `electron-vite build` (what `npm run build` runs) unless out/ is newer than every source. */
export function ensureRendererBuilt(): { built: boolean } {
  const index = join(RENDERER_DIR, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs > newestSourceMs()) return { built: false };
  console.log('[bench] building the renderer for the print figure (electron-vite build)');
  const bin = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`electron-vite build failed (exit ${result.status ?? result.signal})`);
  return { built: true };
}

export async function benchPrint(dir: string): Promise<Record<string, number | string>> {
  try {
    ensureRendererBuilt();
  } catch (error) {
    // The other figures of a long run are still written; this one says why it is missing.
    return { print_visit_pdf_ms: `failed: ${(error as Error).message}` };
  }
  const dbFile = join(dir, 'print.sqlite');
  const api = openApi({ dbFile });
  await call(api, 'setup.save', KALTIM_SETUP);
  // Signatures are required by default; these visits are finalized without them.
  await call(api, 'settings.setOffice', { signaturesRequired: false });
  const site = await call(api, 'site.create', { site: siteInput() });
  if (!site.saved) throw new Error('site not saved');
  const visit = await call(api, 'visit.saveDraft', { siteId: site.site.id, data: anInventarisasi() });
  await call(api, 'visit.finalize', { id: visit.id });
  api.close();
  const browser = await chromium.launch({ executablePath: process.env.IKM_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const app = await launchChromiumApp(browser, dbFile);
    const times: number[] = [];
    for (let i = 0; i < 11; i++) {
      const start = performance.now();
      const result = await app.api.dispatch('print.pdf', { target: { kind: 'visit', ids: [visit.id] } });
      if (!result.ok) throw new Error(result.error.message);
      if (i > 0) times.push(performance.now() - start); // the first warms the renderer's caches
    }
    await app.close();
    times.sort((a, b) => a - b);
    return { print_visit_pdf_ms: Math.round(times[Math.floor(times.length / 2)]) };
  } finally {
    await browser.close();
  }
}

if (process.argv[1]?.endsWith('print-bench.ts')) {
  const { tempDir } = await import('../db/test-support');
  const tmp = tempDir('ikm-print-bench-');
  try {
    console.log(await benchPrint(tmp.dir));
  } finally {
    tmp.dispose();
  }
}
