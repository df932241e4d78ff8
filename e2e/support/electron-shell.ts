import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';

/** What e2e/shells/electron.ts (owned by the Electron side) provides. */
export interface ElectronShell {
  electronBinaryPath(): string | null;
  launchElectronApp(dataDir: string): Promise<{ close(): Promise<void>; page: Page }>;
}

const SHELL_FILE = fileURLToPath(new URL('../shells/electron.ts', import.meta.url));

/**
 * The Electron shell, or why its tests cannot run here. Never a fake: without an Electron binary
 * the electron project's tests are skipped with this reason.
 */
export async function loadElectronShell(): Promise<ElectronShell | { skip: string }> {
  if (!existsSync(SHELL_FILE)) return { skip: 'e2e/shells/electron.ts is not there yet' };
  // A computed path: the file belongs to the Electron side and may land after these specs.
  const shell = (await import(pathToFileURL(SHELL_FILE).href)) as ElectronShell;
  const binary = shell.electronBinaryPath();
  if (!binary) return { skip: 'no Electron binary installed (node_modules/electron has no dist); run the electron project where Electron is installed' };
  return shell;
}
