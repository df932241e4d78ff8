import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type Page } from '@playwright/test';

/** The repository root: Electron starts "." there, so package.json's main and name apply. */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron');
const MAIN_FILE = join(ROOT, 'out', 'main', 'index.js');

const EXECUTABLE: Partial<Record<NodeJS.Platform, string>> = {
  win32: 'electron.exe',
  darwin: 'Electron.app/Contents/MacOS/Electron',
};

/**
 * The installed Electron executable, or null when there is none. Never `require('electron')`
 * here: without a binary that module starts downloading one.
 */
export function electronBinaryPath(): string | null {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : (EXECUTABLE[process.platform] ?? 'electron');
  const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(ELECTRON_DIR, 'dist'), name);
  return existsSync(binary) ? binary : null;
}

/** Starts the built app (`npm run build` first) on its own data folder and waits for its window. */
export async function launchElectronApp(dataDir: string): Promise<{ close(): Promise<void>; page: Page }> {
  const executablePath = electronBinaryPath();
  if (!executablePath) throw new Error('No Electron binary installed (node_modules/electron/dist is missing)');
  if (!existsSync(MAIN_FILE)) throw new Error(`${MAIN_FILE} is missing: run "npm run build" first`);
  const app = await _electron.launch({
    executablePath,
    // Chromium refuses to run as root (CI containers) unless its OS-level sandbox is off; the
    // renderer still gets no Node (`sandbox: true`), only the OS confinement is lost, in tests.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '.'],
    cwd: ROOT,
    env: { ...process.env, IKM_DATA_DIR: dataDir },
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { page, close: () => app.close() };
}
