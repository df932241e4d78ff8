import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Core } from '../core';
import { fieldIssueOf } from '../model/field-issue';
import { IMPORT_FIELDS, IMPORT_LIMITS, type DuplicateAction, type ImportField, type ImportPreview, type ImportRowResult } from '../model/import';
import type { ImportRowProblem } from '../model/import-problem';
import { importedCertificates, importedOperatingStatus, importedPhone, spellingKey } from '../model/import-values';
import { compareBusinesses } from '../model/duplicates';
import { AppError, refuse } from '../model/result';
import { notSetUp } from '../model/setup';
import { SiteInput, type SiteFields } from '../model/site';
import { editDistance, normalizeName } from '../model/text';
import { AREA_ALIASES } from '../reference/area-aliases';
import { isInsideProvince } from '../reference/province-extents';
import { looksLikeFormula } from '../export/columns';
import { inflateEntry, storedZip, ZipProblem, zipEntries, type StoredEntry } from './bounded-zip';

export { IMPORT_FIELDS, type ImportField, type ImportPreview, type ImportRowResult, type ImportRowStatus } from '../model/import';

const MAX_CSV_BYTES = IMPORT_LIMITS.csvBytes;
const MAX_XLSX_BYTES = IMPORT_LIMITS.xlsxBytes;
const MAX_UNZIPPED_BYTES = IMPORT_LIMITS.unzippedBytes;
const MAX_ROWS = IMPORT_LIMITS.rows;
const MAX_COLUMNS = IMPORT_LIMITS.columns;
const MAX_CELL_CHARS = IMPORT_LIMITS.cellChars;
const MAX_ROW_CHARS = IMPORT_LIMITS.rowChars;
const MAX_CELLS = IMPORT_LIMITS.cells;
/** Limits as the officer reads them, in MB. */
const mb = (bytes: number) => bytes / 1024 / 1024;

/** Header words as offices write them → the field they mean. Compared after `headerKey`. */
const HEADER_SYNONYMS: Record<ImportField, string[]> = {
  name: ['nama perusahaan usaha', 'nama perusahaan', 'nama usaha', 'nama ikm', 'perusahaan', 'usaha', 'nama'],
  ownerName: ['nama pemilik', 'pemilik', 'penanggung jawab', 'nama pengusaha'],
  phone: ['telepon', 'telp', 'no telp', 'no hp', 'hp', 'nomor telepon', 'no telepon hp', 'kontak'],
  email: ['email', 'e mail', 'surel'],
  address: ['alamat', 'alamat usaha', 'alamat perusahaan', 'jalan'],
  regency: ['kab kota', 'kabupaten kota', 'kabupaten', 'kota', 'kab'],
  district: ['kecamatan', 'kec'],
  village: ['desa kelurahan', 'desa kel', 'kelurahan', 'desa'],
  villageCode: ['kode desa', 'kode wilayah', 'kode desa kelurahan', 'kode kemendagri'],
  kbliCode: ['kbli', 'kode kbli'],
  products: ['produk', 'jenis produk', 'komoditi', 'komoditas', 'hasil produksi'],
  workers: ['tenaga kerja', 'jumlah tenaga kerja', 'tk', 'jumlah tk', 'tk jumlah', 'tenaga kerja jumlah', 'tenaga kerja total', 'tenaga kerja orang', 'tk total'],
  workersMale: ['tk laki laki', 'tenaga kerja laki laki', 'tk l', 'laki laki', 'tk pria', 'tenaga kerja l', 'tenaga kerja lk', 'tenaga kerja pria', 'tk lk'],
  workersFemale: ['tk perempuan', 'tenaga kerja perempuan', 'tk p', 'perempuan', 'tk wanita', 'tenaga kerja p', 'tenaga kerja pr', 'tenaga kerja wanita', 'tk pr'],
  coordinates: ['koordinat', 'titik koordinat', 'lokasi gps', 'gps'],
  latitude: ['lintang', 'latitude', 'lat', 'koordinat lintang', 'koordinat latitude', 'koordinat lat', 'koordinat y'],
  longitude: ['bujur', 'longitude', 'long', 'lng', 'lon', 'koordinat bujur', 'koordinat longitude', 'koordinat long', 'koordinat x'],
  nib: ['nib', 'nomor induk berusaha'],
  certificates: ['sertifikat', 'sertifikasi', 'jenis sertifikat', 'sertifikat dimiliki', 'sertifikat yang dimiliki', 'sertifikat izin', 'certificates'],
  operatingStatus: ['status', 'status operasi', 'status usaha', 'status ikm', 'keadaan usaha', 'kondisi usaha', 'keaktifan', 'operating status'],
  yearEstablished: ['tahun berdiri', 'tahun mulai usaha', 'tahun'],
  notes: ['keterangan', 'catatan', 'ket'],
};

/** "Nama Perusahaan/Usaha" → "nama perusahaan usaha": headers compare as the values' spellings do. */
export const headerKey = spellingKey;

/** Joins a two-row header's parts: "Tenaga Kerja / L". */
const HEADER_PARTS = ' / ';

/**
 * The field each column most likely holds (null: not imported); the first match wins. A header
 * of two rows ("Alamat / Kecamatan") is matched whole, else by its lower part.
 */
export function suggestMapping(headers: string[]): (ImportField | null)[] {
  const used = new Set<ImportField>();
  const fieldOf = (key: string) => IMPORT_FIELDS.find((field) => !used.has(field) && HEADER_SYNONYMS[field].includes(key));
  return headers.map((header) => {
    const parts = header.split(HEADER_PARTS);
    const field = fieldOf(headerKey(header)) ?? (parts.length > 1 ? fieldOf(headerKey(parts[parts.length - 1])) : undefined);
    if (!field) return null;
    used.add(field);
    return field;
  });
}

/** A table read from a file: its header row and its non-empty rows, with their line numbers. */
export interface ImportTable {
  headers: string[];
  rows: { line: number; cells: string[] }[];
  /** The line of the header (of its upper row, when it has two), found or chosen. */
  headerLine: number;
  /** 2 when the header is two rows (merged cells above sub-headers: "Tenaga Kerja" over "L", "P"). */
  headerRows: 1 | 2;
  /** Every non-empty row of the file, title rows included: another header row can be chosen from them. */
  source: { line: number; cells: string[] }[];
}

/** Rows from the top where the header is looked for: title rows, a blank-ish line, a source note. */
const HEADER_SEARCH_ROWS = 15;

/**
 * A header of two rows read as one: each column's upper and lower text ("Tenaga Kerja / L").
 * A merged upper cell holds its text in its first column only: it is carried right over the
 * columns below it that have a sub-header of their own, as a merge spans them.
 */
function joinHeaderRows(upper: string[], lower: string[]): string[] {
  const width = Math.max(upper.length, lower.length);
  const headers: string[] = [];
  let carried = '';
  for (let i = 0; i < width; i++) {
    const top = (upper[i] ?? '').trim();
    const below = (lower[i] ?? '').trim();
    if (top) carried = top;
    else if (!below || !(lower[i - 1] ?? '').trim()) carried = '';
    const above = top || carried;
    headers.push(above && below ? `${above}${HEADER_PARTS}${below}` : above || below);
  }
  return headers;
}

/** How many fields a header row names: what tells the header from a title row or a data row. */
const headerScore = (headers: string[]) => suggestMapping(headers).filter(Boolean).length;

/** The header at `index` of `rows`: one row, or two when the pair makes more columns known than either row. */
function headerAt(rows: { cells: string[] }[], index: number): { headers: string[]; rows: 1 | 2; score: number } {
  const single = rows[index].cells.map((c) => (c ?? '').trim());
  const one = { headers: single, rows: 1 as const, score: headerScore(single) };
  if (index + 1 >= rows.length) return one;
  const joined = joinHeaderRows(single, rows[index + 1].cells);
  const score = headerScore(joined);
  // Two rows only when together they name more than either alone: a title over the header is not its upper row.
  return score > one.score && score > headerScore(rows[index + 1].cells) ? { headers: joined, rows: 2, score } : one;
}

/**
 * Finds the header among the first rows: the row (or two rows) naming the most known fields;
 * title rows above it ("DAFTAR IKM KAB. KUTAI KARTANEGARA 2025") are left out. With no row
 * naming two fields, the first row is the header, as the file has it.
 */
export function findHeader(rows: { line: number; cells: string[] }[]): number {
  let best = { index: 0, score: 1 };
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const { score } = headerAt(rows, i);
    if (score > best.score) best = { index: i, score };
  }
  return rows[best.index]?.line ?? 0;
}

/** A row of column numbers under a header ("1 2 3 4" or "(1) (2) (3)"), as printed forms have: not data. */
function isColumnNumbers(cells: string[]): boolean {
  const filled = cells.map((c) => (c ?? '').trim()).filter(Boolean);
  return filled.length >= 3 && filled.every((c, i) => c.replace(/[()]/g, '') === String(i + 1));
}

const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; formula?: unknown; richText?: { text: string }[] };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    // A formula giving text (=HYPERLINK(...), =CONCATENATE(...)) is kept as its formula's text,
    // which the report flags; one giving a number (=SUM(...)) is read as its number.
    if (typeof v.formula === 'string' && typeof v.result !== 'number') return `=${v.formula}`;
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return String(v.result);
    return '';
  }
  return String(value).trim();
};

/**
 * A whole number as a spreadsheet shows it under its cell's number format, for the formats that
 * keep phone numbers and codes as written: digit placeholders and literals only ("000000000000",
 * "0###-####-####", '"0"#', "+0"). 81234567890 under "000000000000" is "081234567890".
 * Any other format (decimals, thousands, dates, several sections) or a fraction: the number as is.
 * (exceljs drops a format's backslashes as it reads it: "\0#" arrives as "0#" and shows no 0;
 * the phone rule of the model puts a mobile number's 0 back.)
 */
export function numberAsDisplayed(value: number, numFmt: string | undefined): string {
  const plain = String(value);
  if (!numFmt || !Number.isSafeInteger(value) || value < 0) return plain;
  // The format's parts: a quoted or escaped literal, a placeholder, or another literal character.
  const parts = numFmt.match(/"[^"]*"|\\.|[0#]|[^"\\0#]/g) ?? [];
  const placeholders = parts.filter((p) => p === '0' || p === '#').length;
  const literal = (p: string) => (p.startsWith('"') ? p.slice(1, -1) : p.startsWith('\\') ? p.slice(1) : p);
  const literalsOnly = parts.every((p) => p === '0' || p === '#' || p.startsWith('"') || p.startsWith('\\') || /^[+\-() ]$/.test(p));
  if (placeholders === 0 || !literalsOnly) return plain;
  // Digits fill the placeholders from the right; the leftmost placeholder takes any extra digits;
  // a 0 with no digit left shows 0, a # shows nothing.
  let digits = plain;
  let left = placeholders;
  let text = '';
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i];
    if (p !== '0' && p !== '#') {
      text = literal(p) + text;
      continue;
    }
    left--;
    if (left === 0) {
      text = (digits || (p === '0' ? '0' : '')) + text;
      digits = '';
    } else {
      text = (digits ? digits.slice(-1) : p === '0' ? '0' : '') + text;
      digits = digits.slice(0, -1);
    }
  }
  return text;
}

/**
 * A row's cells, refused when the row is wider or a cell longer than any site list has: such a
 * file is damaged or made to hurt, and saying where is clearer than a report full of errors.
 */
function checkRowSize(line: number, cells: string[], count: { cells: number }): void {
  let width = cells.length;
  while (width > 0 && !cells[width - 1]) width--;
  count.cells += width;
  if (count.cells > MAX_CELLS) {
    throw refuse('VALIDATION', 'import_too_many_cells', `Berkas berisi lebih dari ${MAX_CELLS.toLocaleString('id-ID')} sel berisi; bagi menjadi beberapa berkas atau hapus kolom yang tidak diimpor`, {
      max: MAX_CELLS,
    });
  }
  if (width > MAX_COLUMNS) {
    throw refuse('VALIDATION', 'import_row_too_wide', `Baris ${line} berisi lebih dari ${MAX_COLUMNS} kolom`, { line, max: MAX_COLUMNS });
  }
  // exceljs leaves a hole for an empty cell between filled ones.
  const long = cells.findIndex((c) => (c?.length ?? 0) > MAX_CELL_CHARS);
  if (long >= 0) {
    throw refuse('VALIDATION', 'import_cell_too_long', `Baris ${line}, kolom ${long + 1}: isi sel lebih dari ${MAX_CELL_CHARS.toLocaleString('id-ID')} karakter`, {
      line,
      column: long + 1,
      max: MAX_CELL_CHARS,
    });
  }
}

const tooManyRows = () =>
  refuse('VALIDATION', 'import_too_many_rows', `Berkas berisi lebih dari ${MAX_ROWS.toLocaleString('id-ID')} baris; bagi menjadi beberapa berkas`, { max: MAX_ROWS });

/**
 * The table of a file's rows under its header: the line given (the officer's choice), else the
 * header found among the first rows. Rows above the header are titles, not data.
 */
export function toTable(rows: { line: number; cells: string[] }[], headerLine?: number): ImportTable {
  const source = rows.filter((r) => r.cells.some((c) => (c ?? '').trim() !== ''));
  if (source.length === 0) throw refuse('VALIDATION', 'import_no_data', 'Berkas tidak berisi data');
  const line = headerLine ?? findHeader(source);
  const index = source.findIndex((r) => r.line === line);
  if (index < 0) throw refuse('VALIDATION', 'import_header_line', `Baris ${line} tidak ada atau kosong`, { line });
  const header = headerAt(source, index);
  let data = source.slice(index + header.rows);
  if (data.length > 0 && isColumnNumbers(data[0].cells)) data = data.slice(1);
  if (data.length === 0) throw refuse('VALIDATION', 'import_header_only', 'Berkas hanya berisi judul kolom, tanpa baris data');
  if (data.length > MAX_ROWS) throw tooManyRows();
  return { headers: header.headers, rows: data, headerLine: line, headerRows: header.rows, source };
}

/** The parts of a workbook exceljs's reader uses, in the order it wants them: rels, book, strings, styles, then the sheet. */
const WORKBOOK_PARTS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
const SHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;
/** Excel's own widest row: a sheet with more cells in a row was not made by a spreadsheet. */
const EXCEL_MAX_COLUMNS = 16_384;
/**
 * Bytes of XML between two tags past which some cell certainly holds more than MAX_CELL_CHARS
 * characters (no character takes more than 10 bytes, `&#x10FFFF;`; 1 KB for the tag itself).
 */
const MAX_XML_TEXT_BYTES = MAX_CELL_CHARS * 10 + 1024;

/**
 * Watches an XML part go by, chunk by chunk: refuses a text longer than any cell may be, and (in
 * a sheet) a row with more cells than Excel allows, before exceljs builds a string or a row of it.
 */
function xmlWatcher(sheet: boolean): (chunk: Uint8Array) => void {
  let sinceTag = 0;
  // Where the bytes after the last '<' stand: 1 '<', 2 '<c', 3 '<r', 4 '<ro', 5 '<row', 0 another tag or text.
  let state = 0;
  let cellsInRow = 0;
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x3c) {
        sinceTag = 0;
        state = 1;
        continue;
      }
      if (++sinceTag > MAX_XML_TEXT_BYTES) {
        throw refuse('VALIDATION', 'import_xlsx_text_too_long', `Berkas Excel berisi sel lebih dari ${MAX_CELL_CHARS.toLocaleString('id-ID')} karakter (mungkin berkas rusak atau berbahaya)`, {
          max: MAX_CELL_CHARS,
        });
      }
      if (!sheet || state === 0) continue;
      const ends = b === 0x20 || b === 0x3e || b === 0x2f || b === 0x09 || b === 0x0a || b === 0x0d;
      if (state === 1) state = b === 0x63 ? 2 : b === 0x72 ? 3 : 0;
      else if (state === 2) {
        if (ends && ++cellsInRow > EXCEL_MAX_COLUMNS) throw xlsxDamaged();
        state = 0;
      } else if (state === 3) state = b === 0x6f ? 4 : 0;
      else if (state === 4) state = b === 0x77 ? 5 : 0;
      else {
        if (ends) cellsInRow = 0;
        state = 0;
      }
    }
  };
}

/**
 * The workbook as exceljs will read it, made safe first. The zip's own directory names the parts;
 * each part exceljs reads is inflated once with a running byte count that stops at the limit
 * (whatever sizes the file declares) and its XML watched for monster cells and rows; then the
 * parts are handed over as a new plain zip, inflated a second time as exceljs reads it. exceljs
 * never sees the file itself, so it cannot read it differently (a hidden entry, a forged header).
 */
function boundedWorkbook(bytes: Uint8Array): Readable {
  try {
    const entries = zipEntries(bytes);
    const byName = new Map(entries.map((e) => [e.name, e]));
    if (byName.size !== entries.length) throw xlsxDamaged(); // two entries of one name: which one is read?
    const sheet = entries.find((e) => SHEET_PART.test(e.name));
    if (!sheet) throw refuse('VALIDATION', 'import_xlsx_no_sheet', 'Buku kerja tidak punya lembar');
    const parts = [...WORKBOOK_PARTS.flatMap((name) => byName.get(name) ?? []), sheet];
    const budget = { left: MAX_UNZIPPED_BYTES };
    const checked: StoredEntry[] = parts.map((entry) => {
      const watch = xmlWatcher(entry === sheet);
      let size = 0;
      let crc = 0;
      for (const chunk of inflateEntry(bytes, entry, budget)) {
        watch(chunk);
        crc = crc32(chunk, crc);
        size += chunk.length;
      }
      // Read again as exceljs asks: the budget is already proven, so this one is not counted twice.
      return { name: entry.name, size, crc, chunks: () => inflateEntry(bytes, entry, { left: Infinity }) };
    });
    return Readable.from(asBuffers(storedZip(checked)), { highWaterMark: 2 });
  } catch (error) {
    if (!(error instanceof ZipProblem)) throw error;
    if (error.kind === 'too_large') throw xlsxUnpackedTooLarge();
    if (error.kind === 'unsafe_name') {
      throw refuse('VALIDATION', 'import_xlsx_unsafe_name', 'Berkas Excel berisi nama bagian yang tidak aman (".." atau path absolut): berkas ditolak');
    }
    throw xlsxDamaged();
  }
}

function* asBuffers(chunks: Iterable<Uint8Array>): Generator<Buffer> {
  for (const chunk of chunks) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * The first worksheet's rows, read with exceljs's streaming reader: rows are taken as the sheet's
 * XML is parsed, without building the whole workbook model first, and reading stops once the
 * file holds more rows than an import takes.
 */
async function readFirstSheet(workbook: Readable): Promise<{ line: number; cells: string[] }[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(workbook, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const rows: { line: number; cells: string[] }[] = [];
  const count = { cells: 0 };
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      if (sheets++ > 0) continue;
      for await (const row of sheet) {
        // A number under a format that shows it otherwise (a phone number under "0"#) is read as shown.
        const cells = (row.values as unknown[])
          .slice(1)
          .map((value, i) => (typeof value === 'number' ? numberAsDisplayed(value, row.getCell(i + 1).numFmt) : cellText(value)));
        if (!cells.some((c) => c && c.trim() !== '')) continue;
        checkRowSize(row.number, cells, count);
        rows.push({ line: row.number, cells });
        // The header and one row over the limit are enough for toTable to refuse the file.
        if (rows.length > MAX_ROWS + 1) return rows;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw xlsxDamaged();
  } finally {
    workbook.destroy();
  }
  if (sheets === 0) throw refuse('VALIDATION', 'import_xlsx_no_sheet', 'Buku kerja tidak punya lembar');
  return rows;
}

const csvNotText = () => refuse('VALIDATION', 'import_csv_not_text', 'Berkas ini bukan teks CSV');
const xlsxDamaged = () => refuse('VALIDATION', 'import_xlsx_damaged', 'Berkas Excel rusak atau bukan .xlsx');
const xlsxUnpackedTooLarge = () =>
  refuse('VALIDATION', 'import_xlsx_unpacked_too_large', 'Isi berkas Excel terlalu besar setelah dibuka (mungkin berkas rusak atau berbahaya)', {
    mb: mb(MAX_UNZIPPED_BYTES),
  });
const xlsxTooLarge = () =>
  refuse('VALIDATION', 'import_xlsx_too_large', `Berkas Excel lebih dari ${mb(MAX_XLSX_BYTES)} MB; bagi menjadi beberapa berkas`, { mb: mb(MAX_XLSX_BYTES) });
const csvTooLarge = () =>
  refuse('VALIDATION', 'import_csv_too_large', `Berkas CSV lebih dari ${mb(MAX_CSV_BYTES)} MB; bagi menjadi beberapa berkas`, { mb: mb(MAX_CSV_BYTES) });

/** Reads a CSV or XLSX the office keeps, refusing what is not one (with a clear reason). */
export async function readImportFile(path: string): Promise<ImportTable> {
  // The size is checked before the file is read: a 2 GB "CSV" is refused without loading it.
  const size = statSync(path).size;
  const extension = extname(path).toLowerCase();
  if (size > MAX_CSV_BYTES) throw extension === '.xlsx' ? xlsxTooLarge() : csvTooLarge();
  return readImportBytes(readFileSync(path), basename(path));
}

/** The same, from the bytes of a file the person chose in the window (`fileName` for its extension). */
export async function readImportBytes(bytes: Uint8Array, fileName: string): Promise<ImportTable> {
  const size = bytes.byteLength;
  const extension = extname(fileName).toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (extension === '.xlsx' || isZip) {
    if (!isZip) throw refuse('VALIDATION', 'import_not_xlsx', 'Berkas ini bukan buku kerja Excel (.xlsx) yang sah');
    if (size > MAX_XLSX_BYTES) throw xlsxTooLarge();
    return toTable(await readFirstSheet(boundedWorkbook(bytes)));
  }
  // An Excel 97-2003 workbook (an OLE file), whatever its name says: say what it is and what to do.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw refuse('VALIDATION', 'import_xls_old', 'Berkas ini buku kerja Excel lama (.xls). Di Excel simpan ulang sebagai .xlsx atau "CSV UTF-8".');
  }
  if (extension !== '.csv' && extension !== '.txt') {
    throw refuse('VALIDATION', 'import_file_type', 'Pilih berkas .xlsx atau .csv');
  }
  if (size > MAX_CSV_BYTES) throw csvTooLarge();
  const kind = textKind(bytes);
  if (kind === 'utf16') throw refuse('VALIDATION', 'import_csv_utf16', 'Berkas CSV ini UTF-16 ("Teks Unicode"). Di Excel simpan ulang sebagai "CSV UTF-8".');
  if (kind === 'binary') throw csvNotText();
  // Checked as UTF-8 a slice at a time, and parsed from the bytes: the file is never held twice, as bytes and as text.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let i = 0; i < size; i += 1024 * 1024) decoder.decode(bytes.subarray(i, i + 1024 * 1024), { stream: true });
    decoder.decode();
  } catch {
    // Not UTF-8: Windows-1252 text only when it reads as text in it; else it is no text at all.
    if (!readsAsWindows1252(bytes)) throw csvNotText();
    throw refuse('VALIDATION', 'import_csv_not_utf8', 'Berkas CSV bukan UTF-8 (mungkin Windows-1252). Di Excel simpan ulang sebagai "CSV UTF-8".');
  }
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (input.includes(0)) throw csvNotText();
  const head = new TextDecoder().decode(bytes.subarray(0, 64 * 1024));
  // The separator most of the first lines use: a title line above the header ("DAFTAR IKM, 2025")
  // has none or a stray comma, so the first line alone does not tell.
  let votes = 0;
  for (const line of head.split('\n').slice(0, 20)) {
    const semicolons = line.match(/;/g)?.length ?? 0;
    const commas = line.match(/,/g)?.length ?? 0;
    votes += Math.sign(semicolons - commas);
  }
  const delimiter = votes > 0 ? ';' : ',';
  const rows: { line: number; cells: string[] }[] = [];
  const count = { cells: 0 };
  let index = 0;
  try {
    parse(input, {
      bom: true,
      encoding: 'utf8',
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // An unclosed quote or a monster row stops here, not at the end of 50 MB.
      max_record_size: MAX_ROW_CHARS,
      // Each row is checked and kept as it is read (the parser keeps none), and reading stops one
      // row past the limit.
      on_record: (cells: string[]) => {
        const line = ++index;
        if (cells.some((c) => c !== '')) {
          checkRowSize(line, cells, count);
          rows.push({ line, cells });
          if (rows.length > MAX_ROWS + 1) throw tooManyRows();
        }
        return null;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The parser's own text stays in the Indonesian message (the log, the CLI); the window gets the line
    // where it stopped (an unclosed quote runs to the end of the file).
    const line = (error as { lines?: unknown }).lines;
    if ((error as { code?: unknown }).code === 'CSV_MAX_RECORD_SIZE') {
      // The row being read, counted as the other rows are (the parser's own count is the file line it reached).
      const row = index + 1;
      throw refuse('VALIDATION', 'import_row_too_long', `Baris ${row} terlalu panjang (lebih dari ${MAX_ROW_CHARS.toLocaleString('id-ID')} karakter)`, {
        line: row,
        max: MAX_ROW_CHARS,
      });
    }
    throw refuse('VALIDATION', 'import_csv_unreadable', `Berkas CSV tidak dapat dibaca: ${(error as Error).message}`, typeof line === 'number' ? { line } : undefined);
  }
  return toTable(rows);
}

/**
 * Whether the first 64 KB could be text in Windows-1252, the one other encoding Excel saves CSV
 * in: no byte that encoding leaves undefined, and letters outside ASCII rare (as in Indonesian
 * text), not the third of the bytes a compressed or binary file has.
 */
function readsAsWindows1252(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 64 * 1024);
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) return false; // %PDF
  let high = 0;
  for (const b of head) {
    if (b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d) return false;
    if (b >= 0x80) high++;
  }
  return high <= head.length * 0.1;
}

/**
 * What a file meant as CSV text holds, from its first 64 KB: UTF-16 (a byte-order mark, or every
 * other byte zero as Latin letters give), binary (zero bytes or many control bytes), or text.
 */
function textKind(bytes: Uint8Array): 'utf16' | 'binary' | 'text' {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'utf16';
  const head = bytes.subarray(0, 64 * 1024);
  const zeros = [0, 0];
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) zeros[i % 2]++;
    else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls++;
  }
  const half = head.length / 2;
  if (half >= 2 && Math.max(...zeros) > half * 0.3 && Math.min(...zeros) < half * 0.05) return 'utf16';
  if (zeros[0] + zeros[1] > 0 || controls > head.length / 100) return 'binary';
  return 'text';
}

/** "Kab. Kutai Kartanegara", "KUTAI KARTANEGARA", "Kota Samarinda" → "kutai kartanegara" / "samarinda". */
function areaKey(name: string): string {
  return headerKey(name)
    .replace(/^(kabupaten|kab|kota|kotamadya|kecamatan|kec|desa|kelurahan|kel)\s+/, '')
    .replace(/\s+/g, '');
}

/** Numbers as offices type them: "1.250" (thousands), "12", "1,5" → whole numbers only. */
function wholeNumber(text: string): number | null {
  const t = text.replace(/\s/g, '');
  if (t === '' || t === '-') return null;
  if (/^\d{1,3}(\.\d{3})+$/.test(t)) return Number(t.replace(/\./g, ''));
  if (/^\d+$/.test(t)) return Number(t);
  if (/^\d+[.,]0+$/.test(t)) return Number(t.split(/[.,]/)[0]);
  return NaN;
}

/** "-0,5021; 117,1536" or "-0.5021, 117.1536" → [lat, lon]. */
function coordinatePair(text: string): [string, string] | null {
  const t = text.trim();
  if (!t) return null;
  const parts = t.includes(';') ? t.split(';') : t.split(/\s*,\s*(?=[-\d])|\s+/).length === 2 ? t.split(/\s*,\s*(?=[-\d])|\s+/) : null;
  if (!parts || parts.length !== 2) return null;
  return [parts[0].trim(), parts[1].trim()];
}

/**
 * The one name of `names` nearest to a misspelt `key` ("kutaikartanegra" → Kutai Kartanegara):
 * a few letters off for its length, and nearer than any other; else none.
 */
function nearestName(key: string, names: Map<string, { name: string }[]>): string | null {
  if (key.length < 4) return null;
  let best: { distance: number; name: string | null } = { distance: Math.max(1, Math.floor(key.length / 5)) + 1, name: null };
  for (const [candidate, areas] of names) {
    const distance = editDistance(key, candidate);
    if (distance < best.distance) best = { distance, name: areas[0].name };
    else if (distance === best.distance && best.name !== areas[0].name) best = { distance, name: null };
  }
  return best.name;
}

/** Resolves areas of the office's province by code or by name (or a short or old name, AREA_ALIASES). */
function areaResolver(core: Core, provinceCode: string) {
  const regencies = core.areas.regencies(provinceCode);
  const byKey = (list: { code: string; name: string }[], aliases = false) => {
    const map = new Map<string, { code: string; name: string }[]>();
    const add = (key: string, area: { code: string; name: string }) => map.set(key, [...(map.get(key) ?? []), area]);
    for (const a of list) {
      add(areaKey(a.name), a);
      if (aliases) for (const alias of AREA_ALIASES[a.code] ?? []) add(areaKey(alias), a);
    }
    return map;
  };
  const regencyKeys = byKey(regencies, true);
  const districtCache = new Map<string, Map<string, { code: string; name: string }[]>>();
  const villageCache = new Map<string, Map<string, { code: string; name: string }[]>>();
  const districtsOf = (regency: string) => {
    if (!districtCache.has(regency)) districtCache.set(regency, byKey(core.areas.districts(regency)));
    return districtCache.get(regency)!;
  };
  const villagesOf = (district: string) => {
    if (!villageCache.has(district)) villageCache.set(district, byKey(core.areas.villages(district)));
    return villageCache.get(district)!;
  };
  // A misspelt name is said with the nearest real one, which the wizard offers to put in.
  const unknown = (field: 'regency' | 'district' | 'village', value: string, names: Map<string, { name: string }[]>, extra: Record<string, string> = {}): { error: ImportRowProblem } => {
    const suggestion = nearestName(areaKey(value), names);
    if (suggestion) return { error: { code: `area_${field}_suggest`, params: { value, suggestion, ...extra }, field } };
    const plain = field === 'regency' ? 'area_regency_unknown' : field === 'district' ? 'area_district_unknown' : 'area_village_not_found';
    return { error: { code: plain, params: { value, ...extra }, field } };
  };
  return (input: { regency: string; district: string; village: string; villageCode: string }): { code: string } | { error: ImportRowProblem } => {
    const code = input.villageCode.trim();
    if (code) return core.areas.village(code) ? { code } : { error: { code: 'area_code_unknown', params: { code }, field: 'villageCode' } };
    if (!input.village) return { error: { code: 'area_village_missing', params: {}, field: 'village' } };
    const regencyAreas = regencyKeys.get(areaKey(input.regency)) ?? [];
    const regencyCodes = [...new Set(regencyAreas.map((a) => a.code))];
    if (regencyCodes.length !== 1) return unknown('regency', input.regency, regencyKeys);
    const districts = districtsOf(regencyCodes[0]);
    const districtCodes = input.district ? (districts.get(areaKey(input.district)) ?? []).map((a) => a.code) : [...districts.values()].flat().map((a) => a.code);
    if (input.district && districtCodes.length === 0) return unknown('district', input.district, districts, { regency: input.regency });
    const matches = districtCodes.flatMap((d) => villagesOf(d).get(areaKey(input.village)) ?? []);
    if (matches.length === 0) {
      const villages = new Map<string, { name: string }[]>();
      for (const d of districtCodes) for (const [key, list] of villagesOf(d)) villages.set(key, [...(villages.get(key) ?? []), ...list]);
      return unknown('village', input.village, villages);
    }
    if (matches.length > 1) return { error: { code: 'area_village_ambiguous', params: { value: input.village }, field: 'village' } };
    return { code: matches[0].code };
  };
}

/** One checked row: its report line, and the site it describes when it could be read. */
export interface CheckedRow {
  result: ImportRowResult;
  fields: SiteFields | null;
}

/**
 * Checks rows one at a time against the database as it is now: maps, resolves areas, validates
 * with the model's SiteInput and flags duplicates (a site with the same normalized name in the
 * same desa, or an earlier good row of the file). Writes nothing.
 */
export function rowChecker(core: Core, mapping: (ImportField | null)[]): (row: { line: number; cells: string[] }) => CheckedRow {
  const setup = core.settings.getSetup();
  if (!setup) throw notSetUp();
  const resolve = areaResolver(core, setup.provinceCode);
  const seen = new Map<string, { line: number; fields: SiteFields }[]>();
  const column = new Map(mapping.flatMap((field, i) => (field ? [[field, i] as const] : [])));
  return ({ line, cells }) => {
    const get = (field: ImportField) => {
      const i = column.get(field);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const problems: ImportRowProblem[] = [];
    const area = resolve({ regency: get('regency'), district: get('district'), village: get('village'), villageCode: get('villageCode') });
    if ('error' in area) problems.push(area.error);
    let latitude: string | null = get('latitude') || null;
    let longitude: string | null = get('longitude') || null;
    if (get('coordinates')) {
      const pair = coordinatePair(get('coordinates'));
      if (pair) [latitude, longitude] = pair;
      else problems.push({ code: 'coordinates_unreadable', params: { value: get('coordinates') }, field: 'coordinates' });
    }
    const count = (field: ImportField) => {
      const n = wholeNumber(get(field));
      // "-3" is a whole number, but not a count: say that, not "bukan bilangan bulat".
      if (Number.isNaN(n)) {
        const negative = /^-\s*\d+([.,]0+)?$/.test(get(field));
        problems.push({ code: negative ? 'negative_number' : 'not_whole_number', params: { value: get(field) }, field });
      }
      return Number.isNaN(n) ? null : n;
    };
    const male = count('workersMale');
    const female = count('workersFemale');
    const total = count('workers');
    const year = count('yearEstablished');
    // Status and certificates: a spelling not understood is said, never read as "Aktif" or as none.
    const status = importedOperatingStatus(get('operatingStatus'));
    if (status === undefined) problems.push({ code: 'status_unknown', params: { value: get('operatingStatus') }, field: 'operatingStatus' });
    const certificates = importedCertificates(get('certificates'));
    for (const value of certificates.unknown) problems.push({ code: 'certificate_unknown', params: { value }, field: 'certificates' });
    const parsed = SiteInput.safeParse({
      name: get('name'),
      ownerName: get('ownerName') || null,
      phone: importedPhone(get('phone')),
      email: get('email') || null,
      address: get('address') || null,
      villageCode: 'code' in area ? area.code : '00.00.00.0000',
      latitude,
      longitude,
      kbliCode: get('kbliCode').replace(/\D/g, ''),
      products: get('products') || null,
      nib: get('nib').replace(/\D/g, '') || null,
      certificates: certificates.codes,
      ...(status ? { operatingStatus: status } : {}),
      workers: total ?? (male !== null || female !== null ? (male ?? 0) + (female ?? 0) : null),
      yearEstablished: year,
      notes: get('notes') || null,
    });
    if (!parsed.success) {
      // The site form's own issue codes: the wizard says them as the form does. The desa was
      // reported above from the area columns.
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'villageCode') continue;
        const { code, params } = fieldIssueOf(issue);
        problems.push({ code: code ?? 'invalid', params: params ?? {}, field: String(issue.path[0] ?? '') || undefined });
      }
    }
    const name = get('name');
    if (problems.length || !parsed.success) {
      return { result: { line, status: 'error', name, problems }, fields: null };
    }
    const fields = parsed.data;
    const notes: ImportRowProblem[] = [];
    // A text that a spreadsheet would run as a formula is kept as written, and said.
    for (const field of FORMULA_CHECKED) {
      const value = get(field);
      if (value.length > 1 && looksLikeFormula(value)) notes.push({ code: 'formula_text', params: { value }, field });
    }
    // As the site form warns: a point outside the desa's province is likely a sign or order slip.
    if (fields.latitude !== null && fields.longitude !== null && !isInsideProvince(fields.villageCode.slice(0, 2), fields.latitude, fields.longitude)) {
      notes.push({ code: 'outside_province', params: { latitude: fields.latitude, longitude: fields.longitude }, field: get('coordinates') ? 'coordinates' : 'latitude' });
    }
    const key = `${fields.villageCode}|${normalizeName(fields.name)}`;
    // Namesakes in the desa (stored, then earlier rows of the file) are one business only when
    // owner, phone and address do not say otherwise.
    for (const stored of core.sites.namesakesInVillage(fields.villageCode, normalizeName(fields.name))) {
      if (!compareBusinesses(fields, stored).same) {
        notes.push({ code: 'namesake_other_business', params: { name: stored.name } });
        continue;
      }
      const problems: ImportRowProblem[] = [{ code: 'duplicate_of_site', params: { name: stored.name } }];
      const mergeChanges = changesOf(fieldsOfSite(core, stored.id), fields);
      return { result: { line, status: 'duplicate', name, problems, duplicateOfId: stored.id, duplicateOfLine: null, mergeChanges, ...duplicateNotes(notes) }, fields };
    }
    const earlier = seen.get(key) ?? [];
    for (const first of earlier) {
      if (!compareBusinesses(fields, first.fields).same) {
        notes.push({ code: 'namesake_other_line', params: { line: first.line } });
        continue;
      }
      const problems: ImportRowProblem[] = [{ code: 'duplicate_of_line', params: { line: first.line } }];
      const mergeChanges = changesOf(first.fields, fields);
      return { result: { line, status: 'duplicate', name, problems, duplicateOfId: null, duplicateOfLine: first.line, mergeChanges, ...duplicateNotes(notes) }, fields };
    }
    seen.set(key, [...earlier, { line, fields }]);
    return { result: { line, status: 'ok', name, problems: [], ...notesOf(notes) }, fields };
  };
}

/** The text columns a formula-looking value is said in (a phone's leading + is a phone's). */
const FORMULA_CHECKED = ['name', 'ownerName', 'address', 'products', 'notes'] as const;

/** A report row's remarks, only when there are some. */
const notesOf = (notes: ImportRowProblem[]) => (notes.length ? { notes } : {});
/** A duplicate's remarks: not the namesakes it differs from ("added as another business" it is not). */
const duplicateNotes = (notes: ImportRowProblem[]) => notesOf(notes.filter((n) => n.code !== 'namesake_other_business' && n.code !== 'namesake_other_line'));

/** What merging `from` into `target` would fill in, as the wizard shows it (values as text). */
function changesOf(target: SiteFields, from: SiteFields): { field: ImportField; value: string }[] {
  const filled = fillBlanks(target, from);
  if (!filled) return [];
  const changes: { field: ImportField; value: string }[] = [];
  for (const key of MERGEABLE) {
    if (filled[key] !== target[key]) changes.push({ field: key as ImportField, value: String(filled[key]) });
  }
  if (filled.latitude !== target.latitude) changes.push({ field: 'coordinates', value: `${filled.latitude}; ${filled.longitude}` });
  return changes;
}

/** The counts of a report. */
export function countRows(rows: ImportRowResult[]): ImportPreview['counts'] {
  const counts = { ok: 0, error: 0, duplicate: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}

/**
 * Reads, maps, resolves and validates every row, and flags duplicates (a site with the same
 * normalized name in the same desa, or a duplicate within the file). Writes nothing.
 */
export function previewImport(
  core: Core,
  table: ImportTable,
  mapping = suggestMapping(table.headers),
): { preview: ImportPreview; accepted: SiteFields[]; checked: CheckedRow[] } {
  const check = rowChecker(core, mapping);
  const checked = table.rows.map(check);
  const rows = checked.map((c) => c.result);
  const accepted = checked.flatMap((c) => (c.result.status === 'ok' ? [c.fields!] : []));
  return { preview: { headers: table.headers, mapping, rows, counts: countRows(rows) }, accepted, checked };
}

const MAPPING_KEY = 'import.mappings';

/** The mapping used last time for these exact headers, else the suggestion from the headers. */
export function rememberedMapping(core: Core, headers: string[]): (ImportField | null)[] {
  return storedMapping(core, headers) ?? suggestMapping(headers);
}

/** The mapping kept for these exact headers, if any. */
export function storedMapping(core: Core, headers: string[]): (ImportField | null)[] | null {
  const stored = core.settings.get<Record<string, (ImportField | null)[]>>(MAPPING_KEY) ?? {};
  const mapping = stored[headers.map(headerKey).join('|')];
  return mapping && mapping.length === headers.length ? mapping : null;
}

/** Keeps a mapping for the next file with the same headers (local setting, not synced). */
export function rememberMapping(core: Core, headers: string[], mapping: (ImportField | null)[]): void {
  const stored = core.settings.get<Record<string, (ImportField | null)[]>>(MAPPING_KEY) ?? {};
  core.settings.set(MAPPING_KEY, { ...stored, [headers.map(headerKey).join('|')]: mapping });
}

/** The fields a merge may fill on a site that lacks them (name, desa and KBLI identify the site and stay). */
const MERGEABLE = ['ownerName', 'phone', 'email', 'address', 'products', 'nib', 'workers', 'yearEstablished', 'notes'] as const;

/**
 * `target` with the values it lacks taken from `from` (coordinates only as a pair); null when
 * `from` adds nothing, so merging the same row twice changes nothing.
 */
export function fillBlanks(target: SiteFields, from: SiteFields): SiteFields | null {
  const filled: SiteFields = { ...target };
  let changed = false;
  for (const key of MERGEABLE) {
    if ((target[key] === null || target[key] === undefined) && from[key] !== null && from[key] !== undefined) {
      (filled as Record<string, unknown>)[key] = from[key];
      // The size class follows the workforce once it is known.
      if (key === 'workers') filled.sizeClass = null;
      changed = true;
    }
  }
  if (target.latitude === null && target.longitude === null && from.latitude !== null && from.longitude !== null) {
    filled.latitude = from.latitude;
    filled.longitude = from.longitude;
    changed = true;
  }
  return changed ? SiteInput.parse(filled) : null;
}

/** A stored site's own fields, as a form would send them back. */
function fieldsOfSite(core: Core, id: string): SiteFields {
  const site = core.sites.get(id);
  return SiteInput.parse({
    name: site.name, ownerName: site.ownerName, phone: site.phone, email: site.email, address: site.address,
    villageCode: site.villageCode, latitude: site.latitude, longitude: site.longitude, kbliCode: site.kbliCode,
    sectorGroup: site.sectorGroup, products: site.products, legalForm: site.legalForm, nib: site.nib,
    certificates: site.certificatePipeline, workers: site.workers, sizeClass: site.sizeClass,
    operatingStatus: site.operatingStatus, yearEstablished: site.yearEstablished, notes: site.notes,
  });
}

/** What to write: new sites, and for each merged duplicate the site (stored or new) it fills. */
export interface ImportPlan {
  /** New sites; `confirmed` when the officer said a likely duplicate is not one ("bukan duplikat, tambahkan"). */
  added: { fields: SiteFields; confirmed: boolean }[];
  /** Stored site id → the duplicate rows' fields, in file order. */
  mergeIntoStored: Map<string, SiteFields[]>;
  /** Duplicate rows merged into an earlier (new) row of the file that filled something in. */
  mergedIntoNew: number;
}

/**
 * The plan from checked rows and the person's decisions: good rows are added; a duplicate marked
 * "merge" fills what its site lacks (an earlier row of the file, before it is written, or a
 * stored site); one marked "add" is added as a business of its own; every other duplicate is left out.
 */
export function planImport(checked: CheckedRow[], decide: (line: number) => DuplicateAction): ImportPlan & { skipped: number; errors: number } {
  const byLine = new Map<number, { fields: SiteFields; confirmed: boolean }>();
  const mergeIntoStored = new Map<string, SiteFields[]>();
  let skipped = 0;
  let errors = 0;
  let mergedIntoNew = 0;
  for (const { result, fields } of checked) {
    const decision = result.status === 'duplicate' ? decide(result.line) : null;
    if (result.status === 'error') {
      errors++;
    } else if (result.status === 'ok') {
      byLine.set(result.line, { fields: fields!, confirmed: false });
    } else if (decision === 'add') {
      byLine.set(result.line, { fields: fields!, confirmed: true });
    } else if (decision === 'skip') {
      skipped++;
    } else if (result.duplicateOfId) {
      mergeIntoStored.set(result.duplicateOfId, [...(mergeIntoStored.get(result.duplicateOfId) ?? []), fields!]);
    } else if (result.duplicateOfLine) {
      const first = byLine.get(result.duplicateOfLine);
      // The earlier row was itself left out: nothing to merge into.
      if (!first) {
        skipped++;
        continue;
      }
      const filled = fillBlanks(first.fields, fields!);
      if (filled) {
        byLine.set(result.duplicateOfLine, { ...first, fields: filled });
        mergedIntoNew++;
      }
    }
  }
  return { added: [...byLine.values()], mergeIntoStored, mergedIntoNew, skipped, errors };
}

/**
 * A plan's writes, one function per site (a new site, or the merges into one stored site), and
 * the counts they keep. Run all in one write unit (`commitPlan`) or step by step inside one held
 * transaction (the wizard's job, `core.heldWrite`). A site that appeared since the preview is not
 * added twice, and a merge that adds nothing writes nothing, so a second import changes nothing.
 */
export function planWrites(core: Core, plan: ImportPlan): { writes: (() => void)[]; counts: { added: number; merged: number } } {
  const counts = { added: 0, merged: plan.mergedIntoNew };
  const writes: (() => void)[] = [];
  for (const { fields: site, confirmed } of plan.added) {
    writes.push(() => {
      // The import's duplicate rule, the one its report applied (a namesake in the same desa
      // that owner, phone and address do not tell apart), checked again as the site is written:
      // a site saved since the check is not added twice. A row the officer said is not a
      // duplicate is added as said. The form's wider rule (a similar name anywhere in the
      // kecamatan) is not applied here: it compares each new site with every site of its
      // kecamatan, which made 50,000 rows take the better part of an hour. Similar names stay
      // for the register's duplicate review (site.duplicates).
      if (!confirmed && core.sites.namesakesInVillage(site.villageCode, normalizeName(site.name)).some((s) => compareBusinesses(site, s).same)) return;
      if (core.sites.create(site, { duplicate: true, outsideProvince: true }).saved) counts.added++;
    });
  }
  for (const [id, rows] of plan.mergeIntoStored) {
    writes.push(() => {
      const stored = fieldsOfSite(core, id);
      let current = stored;
      let filledBy = 0;
      for (const row of rows) {
        const filled = fillBlanks(current, row);
        if (filled) {
          current = filled;
          filledBy++;
        }
      }
      if (filledBy && core.sites.update(id, current, { duplicate: true, outsideProvince: true }).saved) counts.merged += filledBy;
    });
  }
  return { writes, counts };
}

/** Writes a plan as one write unit (one transaction, one timestamp, a change message per field of each site). */
export function commitPlan(core: Core, plan: ImportPlan): { added: number; merged: number } {
  const { writes, counts } = planWrites(core, plan);
  core.write(() => {
    for (const write of writes) write();
  });
  return counts;
}

/** Adds the accepted rows (the CLI's --commit): duplicates are skipped, so a second import adds nothing. */
export function commitImport(core: Core, accepted: SiteFields[]): number {
  return commitPlan(core, { added: accepted.map((fields) => ({ fields, confirmed: false })), mergeIntoStored: new Map(), mergedIntoNew: 0 }).added;
}
