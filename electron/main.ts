/**
 * Electron main process: one window, the app:// protocol, the Indonesian menu, and the IPC
 * bridge to the database worker. Thin on purpose: the core (db/) does the work.
 */
import { app, dialog, Menu, safeStorage, session, type BrowserWindow } from 'electron';
import type { ApiError } from '../db/model/result';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { APP_URL } from './app-url';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from './csp';
import { DbHost } from './db-host';
import { loadDataKey } from './db-key-store';
import { keyFromPassphrase, type DbKey } from '../db/db-key';
import { AppError } from '../db/model/result';
import { PASSPHRASE_ENV } from '../db/passphrase';
import { buildAppMenu } from './menu';
import { createDesktopShell } from './shell-services';
import { DB_WORKER_FILE, PRELOAD_FILE, RENDERER_DIR, useDataDir } from './paths';
import { hardenSession, hardenWebContents } from './security';
import { registerApiHandlers, FORBIDDEN } from './ipc';
import { createMainWindow } from './window';
import { log, logToFolder } from '../db/log';
import { join } from 'node:path';

// Only a development run may load the dev server: an installed app is never pointed at a URL by env.
const devServerUrl = app.isPackaged ? null : (process.env.ELECTRON_RENDERER_URL ?? null);
const csp = devServerUrl ? devContentSecurityPolicy(CONTENT_SECURITY_POLICY) : CONTENT_SECURITY_POLICY;

const { dataDir, dbFile } = useDataDir();
logToFolder(join(dataDir, 'logs'), 'main');

if (app.requestSingleInstanceLock()) {
  run();
} else {
  // Another IKM Lapangan owns this data folder; it focuses its window (see 'second-instance').
  app.quit();
}

function run(): void {
  let window: BrowserWindow | null = null;
  let failed = false;

  app.enableSandbox();
  registerAppScheme();
  // The appId of build/electron-builder.yml: Windows groups taskbar entries and shortcuts by it.
  if (process.platform === 'win32') app.setAppUserModelId('id.go.kaltimprov.disperindagkop.ikmlapangan');

  /** The app cannot work without its database: say why in a dialog, then quit (never a crash). */
  function fail(error: ApiError): void {
    if (failed) return;
    failed = true;
    const title = error.code === 'DB_TOO_NEW' ? 'Berkas data dari versi yang lebih baru' : 'IKM Lapangan tidak dapat berjalan';
    // Before `ready` Linux would only print the box to stderr: wait so the officer sees it.
    void app.whenReady().then(() => {
      dialog.showErrorBox(title, `${error.message}\n\nBerkas data: ${dbFile}`);
      app.quit();
    });
  }

  const shell = createDesktopShell({ getWindow: () => window, preload: PRELOAD_FILE, baseUrl: devServerUrl });
  // The database opens once the app is ready: safeStorage answers only then (on Linux).
  let db: DbHost | null = null;
  function openDb(): void {
    let key: DbKey | null;
    try {
      key = dataKey();
    } catch (error) {
      if (error instanceof AppError) return fail({ code: error.code, ...error.detail, message: error.message });
      throw error;
    }
    db = new DbHost({
      shell,
      workerFile: DB_WORKER_FILE,
      dbFile,
      appVersion: app.getVersion(),
      key,
      onFatal: (error, detail) => {
        log.error('database_unavailable', { code: error.code, reason: error.reason, detail: detail.slice(0, 200) });
        fail(error);
      },
    });
    // A damaged file is not the end: the window shows the backups to restore (renderer DamagedScreen).
    void db.opened.then((error) => error && error.code !== 'DB_DAMAGED' && fail(error));
  }

  // The main window, or a hidden print window of ours reading what it prints.
  registerApiHandlers({ trustedWindows: () => [window, ...shell.printWindows()], devServerUrl, call: async (channel, input) => (db ? db.call(channel, input) : FORBIDDEN) });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());

  // Close the database cleanly before the process ends.
  let dbClosed = false;
  app.on('will-quit', (event) => {
    if (dbClosed || !db) return;
    event.preventDefault();
    void db.close().finally(() => {
      dbClosed = true;
      app.quit();
    });
  });

  void app.whenReady().then(() => {
    if (failed) return;
    openDb();
    if (failed) return;
    hardenSession(session.defaultSession, csp);
    serveAppScheme(RENDERER_DIR, csp);
    Menu.setApplicationMenu(buildAppMenu({ dataDir, getWindow: () => window }));
    window = createMainWindow(devServerUrl ?? APP_URL, PRELOAD_FILE);
    window.on('closed', () => (window = null));
  });
}

/**
 * The data key: safeStorage's (electron/db-key-store.ts). Where the OS has no safe storage the
 * passphrase comes from IKM_DB_PASSPHRASE for now; without it the data stays plain and the log
 * says so (the passphrase screen at start is still to come: issue 21, item 1).
 */
function dataKey(): DbKey | null {
  const found = loadDataKey(dataDir, safeStorage);
  if (found.kind === 'key') return found.key;
  const passphrase = process.env[PASSPHRASE_ENV];
  if (passphrase) return keyFromPassphrase(passphrase);
  log.warn('database_not_encrypted', { reason: 'no_safe_storage' });
  return null;
}
