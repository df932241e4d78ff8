import { refuse } from './model/result';
import { PRINT_READY_ATTRIBUTE, PRINT_READY_EVENT } from './model/print-ready';

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
    return Promise.reject(refuse('INTERNAL', 'no_window', 'Tidak ada jendela untuk memilih tempat menyimpan'));
  },
};

/**
 * How every shell prints a route to PDF (Electron's printToPDF and Playwright's page.pdf take the
 * same options): A4 portrait with the page's own CSS (renderer/styles/print.css): its margins,
 * background, and the running header and "Halaman x dari y" footer in the page margin boxes,
 * which the page sets per document (each visit of a batch numbers its own pages). The margins
 * here are the same as the CSS's, for an engine that would not take them from the page.
 */
export const PDF_PAGE = {
  format: 'A4' as const,
  marginCm: { top: 1.8, bottom: 2.2, left: 2, right: 1.5 },
  preferCSSPageSize: true,
};

/** The script a shell evaluates in a print page: resolves with the attribute's value once set. */
export const WAIT_FOR_PRINT_READY = `new Promise((resolve) => {
  const read = () => document.documentElement.getAttribute(${JSON.stringify(PRINT_READY_ATTRIBUTE)});
  if (read()) return resolve(read());
  window.addEventListener(${JSON.stringify(PRINT_READY_EVENT)}, () => resolve(read()), { once: true });
})`;
