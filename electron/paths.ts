import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';

/** The database file's name inside the data folder. */
export const DB_FILE_NAME = 'ikm-lapangan.sqlite';

/** Built files sit next to each other under out/: main/, preload/, renderer/. */
const OUT_DIR = join(import.meta.dirname, '..');

export const PRELOAD_FILE = join(OUT_DIR, 'preload', 'index.cjs');
export const RENDERER_DIR = join(OUT_DIR, 'renderer');
export const DB_WORKER_FILE = join(import.meta.dirname, 'db-worker.js');

/**
 * Points the app at its data folder: the user's app-data folder, or `IKM_DATA_DIR` (tests give
 * every run its own folder). Must run before `ready` and before the single-instance lock, which
 * Chromium keys on this folder, so parallel test runs do not see each other as a second launch.
 */
export function useDataDir(): { dataDir: string; dbFile: string } {
  const override = process.env.IKM_DATA_DIR;
  if (override) app.setPath('userData', override);
  const dataDir = app.getPath('userData');
  mkdirSync(dataDir, { recursive: true });
  return { dataDir, dbFile: join(dataDir, DB_FILE_NAME) };
}
