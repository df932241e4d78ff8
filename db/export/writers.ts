import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Site } from '../model/site';
import type { VisitExportRow } from '../repo/export-rows';
import type { NaikKelasRow } from '../model/certificate';
import type { StoppedSite } from '../model/stopped';
import { NAIK_KELAS_COLUMNS, STOPPED_COLUMNS } from './planning-columns';
import { isPlainPhone, looksLikeFormula, SITE_COLUMNS, VISIT_COLUMNS, type CellValue, type ColumnType, type ExportColumn } from './columns';

export type Table = 'visits' | 'sites' | 'stopped' | 'naikKelas';
type AnyRow = VisitExportRow | Site | StoppedSite | NaikKelasRow;

/** Who exported what, when, with which filter: the Keterangan sheet and the JSON header. */
export interface ExportMeta {
  title: string;
  exportedAt: Date;
  exportedBy: string;
  appVersion: string;
  /** The filter in words: [label, value]. */
  filter: [string, string][];
  /** Raw filter, for JSON. */
  filterRaw: unknown;
  counts: { visits: number; sites: number };
}

/** One output format. Rows arrive table by table; `finish` closes the file, `abort` stops writing. */
export interface ExportWriter {
  begin(table: Table): Promise<void>;
  row(table: Table, row: AnyRow): Promise<void>;
  end(table: Table): Promise<void>;
  finish(meta: ExportMeta): Promise<void>;
  abort(): Promise<void>;
}

const COLUMNS_OF = { visits: VISIT_COLUMNS, sites: SITE_COLUMNS, stopped: STOPPED_COLUMNS, naikKelas: NAIK_KELAS_COLUMNS };
const columnsOf = (table: Table) => COLUMNS_OF[table] as ExportColumn<AnyRow>[];
export const SHEET_NAMES: Record<Table, string> = { visits: 'Kunjungan', sites: 'Usaha IKM', stopped: 'Tidak beroperasi', naikKelas: 'Naik kelas' };

/** "2026-11-20" → a Date at 00:00 UTC: Excel dates have no zone, and exceljs writes UTC. */
function excelDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.slice(0, 10));
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** A stored UTC timestamp as the wall-clock time of this laptop, as an Excel date-time. */
function excelDateTime(iso: string): Date | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
}

// "2026-11-20T14" (an hour of stored UTC time) → that hour in local time, "2026-11-20 22". Two
// datetime cells per exported row would otherwise each build two Dates; within one hour of UTC
// the local hour is the same (offsets change on hour boundaries). Null: an offset with minutes.
const localHours = new Map<string, string | null>();

function localHour(utcHour: string): string | null {
  let local = localHours.get(utcHour);
  if (local === undefined) {
    const d = excelDateTime(`${utcHour}:00:00.000Z`);
    local = d && d.getUTCMinutes() === 0 ? d.toISOString().slice(0, 13).replace('T', ' ') : null;
    if (localHours.size > 50_000) localHours.clear();
    localHours.set(utcHour, local);
  }
  return local;
}

/** "2026-11-20 14:05": a stored timestamp in local time, for CSV. */
export function localDateTime(iso: string): string {
  // Stored timestamps are toISOString()'s "2026-11-20T14:05:09.123Z".
  if (iso.length === 24 && iso[10] === 'T' && iso[13] === ':' && iso[23] === 'Z') {
    const hour = localHour(iso.slice(0, 13));
    if (hour) return `${hour}:${iso.slice(14, 16)}`;
  }
  const d = excelDateTime(iso);
  return d ? d.toISOString().slice(0, 16).replace('T', ' ') : iso;
}

const NUMBER_FORMATS: Record<ColumnType, string | undefined> = {
  text: undefined,
  phone: undefined,
  int: '#,##0',
  decimal: '0.000000',
  rupiah: '"Rp"\\ #,##0',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

function xlsxValue(type: ColumnType, value: CellValue): ExcelJS.CellValue {
  if (value === null) return null;
  if (type === 'date') return (typeof value === 'string' && excelDate(value)) || value;
  if (type === 'datetime') return (typeof value === 'string' && excelDateTime(value)) || value;
  return value;
}

/**
 * Waits while the sheet's XML waits for the zip to compress it. exceljs's stream buffer ignores
 * backpressure: until the zip reads this sheet it keeps 64 KB chunks in `buffers`, and after
 * that it writes every chunk straight into the zip's input (`pipes`) whether it is full or not.
 * Without this wait a fast database and a slower deflate pile the whole sheet up in memory.
 */
async function drainSheet(sheet: ExcelJS.Worksheet): Promise<void> {
  type Pipe = { writableLength?: number; _writableState?: { length: number } };
  const stream = (sheet as unknown as { stream?: { buffers?: unknown[]; pipes?: Pipe[] } }).stream;
  if (!stream) return;
  // The zip's input is a readable-stream PassThrough: its queue is `_writableState.length`.
  const pending = () =>
    (stream.buffers?.length ?? 0) * 65_536 +
    (stream.pipes ?? []).reduce((n, pipe) => n + (pipe.writableLength ?? pipe._writableState?.length ?? 0), 0);
  while (pending() > 4 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** XLSX through exceljs's streaming writer: rows go to disk as they come, never a whole workbook in memory. */
export function xlsxWriter(file: string): ExportWriter {
  // Fast deflate: the sheet XML is very repetitive, so level 1 still compresses it well.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
  });
  workbook.creator = 'IKM Lapangan';
  const sheets = new Map<Table, ExcelJS.Worksheet>();
  // One style object per column and kind of value, shared by all its cells: exceljs remembers the
  // style id of an object it has seen (a WeakMap), while the fresh object it gives every new cell
  // would be looked up again, serialised to JSON, for every cell of 250,000 rows.
  const cellStyles = new Map<Table, Map<string, Partial<ExcelJS.Style>>[]>();
  // Set once the workbook is being closed (finished or aborted): exceljs's archive may be finalized
  // only once, and a second commit fails with an error event nothing can catch.
  let closing = false;
  let rowsSinceCheck = 0;

  return {
    async begin(table) {
      const columns = columnsOf(table);
      const sheet = workbook.addWorksheet(SHEET_NAMES[table], { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
      // Only number and date columns carry a style: exceljs looks a style up for every styled cell,
      // and text cells (strings) are text without one.
      sheet.columns = columns.map((c) => ({
        key: c.key,
        width: c.width,
        ...(NUMBER_FORMATS[c.type] === undefined ? {} : { style: { numFmt: NUMBER_FORMATS[c.type] } }),
      }));
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
      const header = sheet.addRow(columns.map((c) => c.header));
      header.font = { bold: true };
      header.alignment = { vertical: 'top', wrapText: true };
      header.eachCell((cell) => {
        cell.numFmt = '@';
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } };
      });
      header.commit();
      sheets.set(table, sheet);
      cellStyles.set(table, columns.map(() => new Map()));
    },
    async row(table, row) {
      const columns = columnsOf(table);
      const values = columns.map((c) => xlsxValue(c.type, c.value(row)));
      const sheet = sheets.get(table)!;
      const added = sheet.addRow(values);
      const styles = cellStyles.get(table)!;
      for (let i = 0; i < values.length; i++) {
        if (values[i] === null) continue;
        const cell = added.getCell(i + 1);
        const kind = values[i] instanceof Date ? 'date' : typeof values[i];
        let shared = styles[i].get(kind);
        if (!shared) styles[i].set(kind, (shared = cell.style));
        cell.style = shared;
      }
      added.commit();
      if (++rowsSinceCheck >= 200) {
        rowsSinceCheck = 0;
        await drainSheet(sheet);
      }
    },
    async end(table) {
      await sheets.get(table)!.commit();
    },
    async finish(meta) {
      const sheet = workbook.addWorksheet('Keterangan');
      sheet.columns = [
        { key: 'label', width: 28 },
        { key: 'value', width: 60 },
      ];
      const title = sheet.addRow([meta.title]);
      title.font = { bold: true, size: 13 };
      title.commit();
      sheet.addRow([]).commit();
      const line = (labelText: string, value: ExcelJS.CellValue, numFmt?: string) => {
        const row = sheet.addRow([labelText, value]);
        row.getCell(1).font = { bold: true };
        if (numFmt) row.getCell(2).numFmt = numFmt;
        row.getCell(2).alignment = { horizontal: 'left' };
        row.commit();
      };
      line('Diekspor pada', excelDateTime(meta.exportedAt.toISOString()), 'dd/mm/yyyy hh:mm');
      line('Diekspor oleh', meta.exportedBy);
      line('Aplikasi', `IKM Lapangan ${meta.appVersion}`);
      line('Jumlah kunjungan', meta.counts.visits, '#,##0');
      line('Jumlah usaha IKM', meta.counts.sites, '#,##0');
      sheet.addRow([]).commit();
      const head = sheet.addRow(['Filter']);
      head.font = { bold: true };
      head.commit();
      if (meta.filter.length === 0) line('(tanpa filter)', 'Semua data');
      for (const [labelText, value] of meta.filter) line(labelText, value);
      closing = true;
      await sheet.commit();
      await workbook.commit();
    },
    async abort() {
      // Cancelled after finish (at the last checkpoint): the file is closed already, and deleted next.
      if (closing) return;
      closing = true;
      // Close what is open so the temp file can be removed; its content no longer matters.
      try {
        for (const sheet of sheets.values()) await sheet.commit();
        await workbook.commit();
      } catch {
        /* the file is deleted next */
      }
    },
  };
}

function csvText(type: ColumnType, value: CellValue): string | number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (type === 'datetime') return localDateTime(value);
  // No cell types in CSV: a leading ' keeps Excel from running the text as a formula. A phone
  // number is not one, and a ' in front would be read back as part of it.
  if (type === 'phone' && isPlainPhone(value)) return value;
  return looksLikeFormula(value) ? `'${value}` : value;
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field as csv-stringify writes it with CSV_OPTIONS (a test holds them to the same bytes):
 * quoted when it holds a comma, a quote or a line break, quotes doubled; an empty text as "" and a
 * missing value as nothing. Written here because csv-stringify's per-field machinery (cast,
 * options, separator scans) was a fifth of a 250,000-visit CSV export's time.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (value === '') return '""';
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record with its CRLF. */
export function csvLine(fields: (string | number | null)[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) line += (i ? ',' : '') + csvField(fields[i]);
  return line + '\r\n';
}

/** A file stream whose error is kept for the next write instead of crashing the process. */
function openFile(path: string): WriteStream {
  const stream = createWriteStream(path);
  stream.on('error', () => {});
  return stream;
}

/** Writes to a file, waiting when it is full (so memory stays flat on a slow disk); throws its error. */
async function push(file: WriteStream, chunk: string): Promise<void> {
  if (file.errored) throw file.errored;
  // `once` rejects when the file emits 'error' while we wait.
  if (!file.write(chunk)) await once(file, 'drain');
}

async function closeStream(stream: WriteStream): Promise<void> {
  if (stream.closed) {
    if (stream.errored) throw stream.errored;
    return;
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Records written at once: one string and one write per batch, not a stream chunk per row. */
const CSV_BATCH = 500;
/**
 * The csv-stringify options the CSV export's bytes follow (csvField): CRLF; an empty text written
 * "" (a missing value stays empty), set on the rare empty string by its cast.
 */
export const CSV_OPTIONS = {
  record_delimiter: 'windows',
  cast: { string: (value: string) => (value === '' ? { value: '', quoted_empty: true } : value) },
} as const;

/** RFC 4180 CSV (CRLF, quotes doubled), UTF-8 with a BOM so Excel reads "é" and "–" right; one file per table. */
export function csvWriter(files: Record<Table, string | undefined>): ExportWriter {
  const open = new Map<Table, { file: WriteStream; text: string; rows: number }>();
  const flush = async (table: Table) => {
    const pending = open.get(table)!;
    if (pending.rows === 0) return;
    const text = pending.text;
    pending.text = '';
    pending.rows = 0;
    await push(pending.file, text);
  };
  return {
    async begin(table) {
      const path = files[table];
      if (!path) throw new Error(`no CSV file for ${table}`);
      const file = openFile(path);
      open.set(table, { file, text: '', rows: 0 });
      await push(file, '\ufeff' + csvLine(columnsOf(table).map((c) => c.header)));
    },
    async row(table, row) {
      const pending = open.get(table)!;
      const columns = columnsOf(table);
      const fields = new Array<string | number | null>(columns.length);
      for (let i = 0; i < columns.length; i++) fields[i] = csvText(columns[i].type, columns[i].value(row));
      pending.text += csvLine(fields);
      if (++pending.rows >= CSV_BATCH) await flush(table);
    },
    async end(table) {
      await flush(table);
      await closeStream(open.get(table)!.file);
    },
    async finish() {},
    async abort() {
      for (const { file } of open.values()) await closeStream(file).catch(() => {});
    },
  };
}

/** JSON of everything selected, streamed: `{ "visits": [...], "sites": [...], "export": {header} }`. */
export function jsonWriter(path: string): ExportWriter {
  const file = openFile(path);
  let tables = 0;
  let rowsInTable = 0;
  return {
    async begin(table) {
      await push(file, `${tables++ === 0 ? '{' : ','}\n"${table}": [`);
      rowsInTable = 0;
    },
    async row(table, row) {
      const json = JSON.stringify(table === 'visits' ? visitJson(row as VisitExportRow) : row);
      await push(file, `${rowsInTable++ === 0 ? '\n' : ',\n'}${json}`);
    },
    async end() {
      await push(file, '\n]');
    },
    async finish(meta) {
      // The header holds the counts, known only now: it is the last key.
      const header = {
        title: meta.title,
        exportedAt: meta.exportedAt.toISOString(),
        exportedBy: meta.exportedBy,
        app: `IKM Lapangan ${meta.appVersion}`,
        filter: meta.filterRaw,
        counts: meta.counts,
      };
      await push(file, `${tables === 0 ? '{' : ','}\n"export": ${JSON.stringify(header)}\n}\n`);
      await closeStream(file);
    },
    async abort() {
      await closeStream(file).catch(() => {});
    },
  };
}

function visitJson(row: VisitExportRow) {
  const { siteRowid: _siteRowid, ...rest } = row;
  return rest;
}

/** GeoJSON (RFC 7946): one Point per site, or per visit with its own coordinates; properties are the export columns. */
export function geojsonWriter(path: string): ExportWriter {
  const file = openFile(path);
  let features = 0;
  let headerWritten = false;
  const writeHeader = async () => {
    if (headerWritten) return;
    headerWritten = true;
    await push(file, '{"type":"FeatureCollection","features":[');
  };
  return {
    begin: writeHeader,
    async row(table, row) {
      const lat = table === 'visits' ? (row as VisitExportRow).data.latitude : (row as Site).latitude;
      const lon = table === 'visits' ? (row as VisitExportRow).data.longitude : (row as Site).longitude;
      if (typeof lat !== 'number' || typeof lon !== 'number') return;
      const properties: Record<string, CellValue> = { layer: table === 'visits' ? 'kunjungan' : 'usaha' };
      for (const c of columnsOf(table)) properties[c.key] = c.value(row);
      const feature = { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
      await push(file, `${features++ === 0 ? '\n' : ',\n'}${JSON.stringify(feature)}`);
    },
    async end() {},
    async finish() {
      await writeHeader();
      await push(file, '\n]}\n');
      await closeStream(file);
    },
    async abort() {
      await closeStream(file).catch(() => {});
    },
  };
}
