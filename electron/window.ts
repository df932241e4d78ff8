import { BrowserWindow } from 'electron';
import { log } from '../db/log';

/**
 * The app's one window. Its renderer runs sandboxed and isolated, with no Node, no <webview> and
 * no middle-click windows; it reaches the core only through the preload's `window.ikm`.
 */
export function createMainWindow(url: string, preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 680,
    title: 'IKM Lapangan',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      // Reviewed: our own bundled script (electron/preload.ts), sandboxed; it exposes named API
      // calls through contextBridge, never ipcRenderer, and main checks every caller's frame.
      preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      // A middle click on a link would open a new window (which setWindowOpenHandler denies anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(url).catch((error: unknown) => log.error('window_not_loaded', error));
  return window;
}
