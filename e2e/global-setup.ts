import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { RENDERER_DIR } from './shells/chromium';
import { loadElectronShell } from './support/electron-shell';

/** Checks the build is there and says once, up front, why the Electron tests will be skipped. */
export default async function globalSetup(config: FullConfig): Promise<void> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No built renderer in ${RENDERER_DIR}: run \`npm run build\` (npm run test:e2e does it).`);
  }
  if (config.projects.some((p) => p.name === 'electron')) {
    const shell = await loadElectronShell();
    if ('skip' in shell) console.log(`[e2e] electron project skipped: ${shell.skip}`);
  }
}
