import type { Page } from '@playwright/test';
import * as electronShell from '../shells/electron';

/** What e2e/shells/electron.ts (owned by the Electron side) provides. */
export interface ElectronShell {
  electronBinaryPath(): string | null;
  launchElectronApp(dataDir: string): Promise<{ close(): Promise<void>; page: Page }>;
}

/**
 * The Electron shell, or why its tests cannot run here. Never a fake: without an Electron binary
 * the electron project's tests are skipped with this reason.
 */
export async function loadElectronShell(): Promise<ElectronShell | { skip: string }> {
  const shell: ElectronShell = electronShell;
  const binary = shell.electronBinaryPath();
  if (!binary) return { skip: 'no Electron binary installed (node_modules/electron has no dist); run the electron project where Electron is installed' };
  return shell;
}
