// print_visit_pdf_ms: one visit's filled form rendered to PDF in the Chromium test shell (the
// built renderer's print route and Playwright's page.pdf), median of 10. Needs `npm run build`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { openApi } from '../db/api';
import { anInventarisasi, call, KALTIM_SETUP, siteInput } from '../db/test-support';
import { launchChromiumApp, RENDERER_DIR } from '../e2e/shells/chromium';

export async function benchPrint(dir: string): Promise<Record<string, number | string>> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) return { print_visit_pdf_ms: 'skipped: run npm run build first' };
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
