import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import ExcelJS from 'exceljs';
import type { Core } from '../core';
import { refuse } from '../model/result';
import { printRoute, type PrintTarget } from '../model/print';
import type { SaveFilter } from '../shell';
import { longDate } from '../export/labels';
import { writeWhole } from '../whole-file';
import { rekapRows } from './print-models';

/** Asks where to save; null when the dialog was closed. Refuses a folder that is gone. */
export async function askPath(core: Core, title: string, suggestedName: string, filter: SaveFilter): Promise<string | null> {
  const chosen = await core.shell.chooseSavePath({ title, suggestedName, filters: [filter] });
  if (!chosen) return null;
  const path = extname(chosen) ? chosen : `${chosen}.${filter.extensions[0]}`;
  if (!existsSync(dirname(path))) throw refuse('VALIDATION', 'folder_missing', `Folder tujuan tidak ditemukan: ${dirname(path)}`, { folder: dirname(path) });
  return path;
}

function suggestedPdfName(core: Core, target: PrintTarget, today: string): string {
  switch (target.kind) {
    case 'visit': {
      if (target.ids.length > 1) return `kunjungan-${target.ids.length}-formulir-${today}.pdf`;
      const number = core.visits.get(target.ids[0]).number;
      return `kunjungan-${number.replace(/[\\/:*?"<>|]/g, '-')}.pdf`;
    }
    case 'blank':
      return `formulir-kosong-${target.visitKind}.pdf`;
    case 'site':
      return `profil-ikm-${core.sites.get(target.id).name.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}.pdf`;
    case 'rekap':
      return `rekap-${target.dateFrom}-${target.dateTo}.pdf`;
    case 'stopped':
      return `pabrik-tidak-beroperasi-${today}.pdf`;
  }
}

/** Renders a print target through the shell (hidden window or Playwright page) and saves the PDF. */
export async function savePdf(core: Core, target: PrintTarget, today: string): Promise<{ path: string } | null> {
  const renderPdf = core.shell.renderPdf;
  if (!renderPdf) throw refuse('INTERNAL', 'pdf_needs_window', 'Mencetak ke PDF hanya bisa dari jendela aplikasi');
  const path = await askPath(core, 'Simpan PDF', suggestedPdfName(core, target, today), { name: 'PDF', extensions: ['pdf'] });
  if (!path) return null;
  const pdf = await renderPdf(await routeWithPageCounts(core, target));
  await writeWhole(path, (temp) => writeFile(temp, pdf, { flush: true }));
  return { path };
}

/** The pages of a PDF: one page object each (Chromium writes every page dictionary in the clear). */
export function pdfPageCount(pdf: Uint8Array): number {
  return Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/**
 * The route to print. Each visit of a batch numbers its own pages ("Halaman 1 dari 2"), which
 * the print engine cannot count per visit: each is first rendered alone to count its pages (a
 * visit starts on a new page, so it paginates alone as in the batch), and the counts go in the
 * route for the page's running footer.
 */
async function routeWithPageCounts(core: Core, target: PrintTarget): Promise<string> {
  const renderPdf = core.shell.renderPdf;
  if (target.kind !== 'visit' || target.ids.length < 2 || !renderPdf) return printRoute(target);
  const counts: number[] = [];
  for (const id of target.ids) counts.push(pdfPageCount(await renderPdf(printRoute({ kind: 'visit', ids: [id] }))));
  return printRoute(target, counts);
}

/** Sends a print target to a printer through the system's print dialog. */
export async function sendToPrinter(core: Core, target: PrintTarget): Promise<boolean> {
  if (!core.shell.print) throw refuse('INTERNAL', 'print_needs_desktop', 'Mencetak ke printer hanya bisa di aplikasi desktop');
  return core.shell.print(await routeWithPageCounts(core, target));
}

/** The rekap as an Excel workbook: the same rows as the printed one, numbers as numbers. */
export async function saveRekapXlsx(core: Core, dateFrom: string, dateTo: string): Promise<{ path: string } | null> {
  const path = await askPath(core, 'Simpan rekap', `rekap-${dateFrom}-${dateTo}.xlsx`, { name: 'Buku kerja Excel', extensions: ['xlsx'] });
  if (!path) return null;
  const { rows, byStatus } = rekapRows(core, dateFrom, dateTo);
  const book = new ExcelJS.Workbook();
  book.creator = 'IKM Lapangan';
  const sheet = book.addWorksheet('Rekap', { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.addRow([`Rekapitulasi kunjungan IKM ${longDate(dateFrom)} s.d. ${longDate(dateTo)}`]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  const header = sheet.addRow(['Tingkat', 'Wilayah / kabupaten-kota / KBLI', 'Usaha', 'Kunjungan', 'Tenaga kerja (data terkini)', 'TK laki-laki', 'TK perempuan', 'Nilai produksi (Rp)']);
  header.font = { bold: true };
  const levels = { wilayah: 'Wilayah', regency: 'Kabupaten/kota', kbli: 'KBLI', total: 'Jumlah' };
  for (const r of rows) {
    // An unrecorded figure stays an empty cell, never 0.
    const row = sheet.addRow([levels[r.level], r.label, r.sites, r.visits, r.workers, r.workersMale, r.workersFemale, r.productionValueRp]);
    if (r.level !== 'kbli') row.font = { bold: true };
  }
  sheet.columns.forEach((c, i) => {
    c.width = [14, 44, 9, 11, 14, 12, 13, 20][i];
    if (i >= 2) c.numFmt = i === 7 ? '"Rp"\\ #,##0' : '#,##0';
  });
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: 8 } };
  const status = book.addWorksheet('Status operasi');
  status.addRow(['Status operasi', 'Usaha']).font = { bold: true };
  for (const s of byStatus) status.addRow([s.status, s.sites]);
  status.getColumn(1).width = 24;
  await writeWhole(path, (temp) => book.xlsx.writeFile(temp));
  return { path };
}
