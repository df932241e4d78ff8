/**
 * The shell services of the desktop app (db/shell.ts): the save dialog, and printing a route of
 * the renderer from a hidden window (printToPDF for a file, print for a printer).
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { PDF_PAGE, WAIT_FOR_PRINT_READY, type ShellServices } from '../db/shell';
import { APP_URL } from './app-url';

const CM_PER_INCH = 2.54;

export interface DesktopShell extends Required<ShellServices> {
  /** The hidden print windows alive now: they may call the API like the main window. */
  printWindows(): BrowserWindow[];
}

export function createDesktopShell(options: { getWindow(): BrowserWindow | null; preload: string; baseUrl: string | null }): DesktopShell {
  const printing = new Set<BrowserWindow>();

  /** Opens `route` in a hidden window with the app's own preload and waits until the page says it is ready. */
  async function openPrintWindow(route: string): Promise<BrowserWindow> {
    if (!/^#\/cetak\//.test(route)) throw new Error(`Bukan halaman cetak: ${route}`);
    const window = new BrowserWindow({
      show: false,
      width: 794, // A4 at 96 dpi
      height: 1123,
      webPreferences: {
        // Reviewed: the main window's own preload (see window.ts), so the page can read what it prints.
        preload: options.preload, // eng-disable PRELOAD_JS_CHECK
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    printing.add(window);
    window.on('closed', () => printing.delete(window));
    await window.loadURL(`${options.baseUrl ?? APP_URL}${route}`);
    const ready = String(await window.webContents.executeJavaScript(WAIT_FOR_PRINT_READY, true));
    if (ready !== 'ok') throw new Error(ready.replace(/^error:\s*/, ''));
    return window;
  }

  return {
    printWindows: () => [...printing],
    async chooseSavePath({ title, suggestedName, filters }) {
      const window = options.getWindow();
      const settings = { title, defaultPath: join(app.getPath('documents'), suggestedName), filters };
      const result = window ? await dialog.showSaveDialog(window, settings) : await dialog.showSaveDialog(settings);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async renderPdf(route) {
      const window = await openPrintWindow(route);
      try {
        const { top, bottom, left, right } = PDF_PAGE.marginCm;
        const pdf = await window.webContents.printToPDF({
          pageSize: PDF_PAGE.format,
          printBackground: true,
          preferCSSPageSize: PDF_PAGE.preferCSSPageSize,
          margins: { top: top / CM_PER_INCH, bottom: bottom / CM_PER_INCH, left: left / CM_PER_INCH, right: right / CM_PER_INCH },
        });
        return new Uint8Array(pdf);
      } finally {
        window.destroy();
      }
    },
    async print(route) {
      const window = await openPrintWindow(route);
      try {
        return await new Promise<boolean>((resolve, reject) =>
          window.webContents.print({ silent: false, printBackground: true, pageSize: PDF_PAGE.format }, (success, reason) =>
            success || reason === 'cancelled' ? resolve(success) : reject(new Error(`Gagal mencetak: ${reason}`)),
          ),
        );
      } finally {
        window.destroy();
      }
    },
  };
}
