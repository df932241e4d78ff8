import { AppError } from './model/result';

/** A file type offered in a save dialog. */
export interface SaveFilter {
  name: string;
  extensions: string[];
}

/**
 * What only a shell can do, handed to the core when it opens (DESIGN.md): Electron answers with
 * its dialogs and a hidden print window, the Chromium test shell with temp paths and Playwright's
 * page.pdf, the CLI with its --out argument. The window never names a file path itself.
 */
export interface ShellServices {
  /** Asks where to save; null when the person closed the dialog. */
  chooseSavePath(request: { title: string; suggestedName: string; filters: SaveFilter[] }): Promise<string | null>;
  /**
   * Renders a print route of the renderer (e.g. "#/cetak/kunjungan/<id>") to an A4 PDF. Absent
   * where there is no browser (the CLI).
   */
  renderPdf?(route: string): Promise<Uint8Array>;
  /** Sends a print route to a printer through the system print dialog (Electron only). */
  print?(route: string): Promise<boolean>;
}

/** The core without a shell (tests of the core alone): every request is refused clearly. */
export const NO_SHELL: ShellServices = {
  chooseSavePath() {
    return Promise.reject(new AppError('INTERNAL', 'Tidak ada jendela untuk memilih tempat menyimpan'));
  },
};
