import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { Core } from '../core';
import { AppError } from '../model/result';
import { SiteInput, type SiteFields } from '../model/site';
import { normalizeName } from '../model/text';

/** Limits that keep a hostile or mistaken file from exhausting the laptop. */
const MAX_CSV_BYTES = 50 * 1024 * 1024;
const MAX_XLSX_BYTES = 20 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 150 * 1024 * 1024;
const MAX_ROWS = 100_000;

/** The fields an imported column can fill. */
export const IMPORT_FIELDS = [
  'name', 'ownerName', 'phone', 'email', 'address', 'regency', 'district', 'village', 'villageCode',
  'kbliCode', 'products', 'workers', 'workersMale', 'workersFemale', 'coordinates', 'latitude', 'longitude',
  'nib', 'yearEstablished', 'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

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
  workers: ['tenaga kerja', 'jumlah tenaga kerja', 'tk', 'jumlah tk', 'tk jumlah'],
  workersMale: ['tk laki laki', 'tenaga kerja laki laki', 'tk l', 'laki laki', 'tk pria'],
  workersFemale: ['tk perempuan', 'tenaga kerja perempuan', 'tk p', 'perempuan', 'tk wanita'],
  coordinates: ['koordinat', 'titik koordinat', 'lokasi gps', 'gps'],
  latitude: ['lintang', 'latitude', 'lat'],
  longitude: ['bujur', 'longitude', 'long', 'lng', 'lon'],
  nib: ['nib', 'nomor induk berusaha'],
  yearEstablished: ['tahun berdiri', 'tahun mulai usaha', 'tahun'],
  notes: ['keterangan', 'catatan', 'ket'],
};

/** "Nama Perusahaan/Usaha" → "nama perusahaan usaha". */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The field each column most likely holds (null: not imported); the first match wins. */
export function suggestMapping(headers: string[]): (ImportField | null)[] {
  const used = new Set<ImportField>();
  return headers.map((header) => {
    const key = headerKey(header);
    for (const field of IMPORT_FIELDS) {
      if (!used.has(field) && HEADER_SYNONYMS[field].includes(key)) {
        used.add(field);
        return field;
      }
    }
    return null;
  });
}

/** A table read from a file: its header row and its non-empty rows, with their line numbers. */
export interface ImportTable {
  headers: string[];
  rows: { line: number; cells: string[] }[];
}

const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return String(v.result);
    return '';
  }
  return String(value).trim();
};

function toTable(rows: { line: number; cells: string[] }[]): ImportTable {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (nonEmpty.length === 0) throw new AppError('VALIDATION', 'Berkas tidak berisi data');
  const [header, ...data] = nonEmpty;
  if (data.length === 0) throw new AppError('VALIDATION', 'Berkas hanya berisi judul kolom, tanpa baris data');
  if (data.length > MAX_ROWS) throw new AppError('VALIDATION', `Berkas berisi lebih dari ${MAX_ROWS.toLocaleString('id-ID')} baris; bagi menjadi beberapa berkas`);
  return { headers: header.cells.map((c) => c.trim()), rows: data };
}

/** Reads a CSV or XLSX the office keeps, refusing what is not one (with a clear reason). */
export async function readImportFile(path: string): Promise<ImportTable> {
  const size = statSync(path).size;
  const extension = extname(path).toLowerCase();
  const bytes = readFileSync(path);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (extension === '.xlsx' || isZip) {
    if (!isZip) throw new AppError('VALIDATION', 'Berkas ini bukan buku kerja Excel (.xlsx) yang sah');
    if (size > MAX_XLSX_BYTES) throw new AppError('VALIDATION', 'Berkas Excel lebih dari 20 MB; bagi menjadi beberapa berkas');
    // A zip bomb is refused from its directory, before anything is inflated.
    let unzipped = 0;
    try {
      unzipSync(bytes, {
        filter(file) {
          unzipped += file.originalSize;
          if (unzipped > MAX_UNZIPPED_BYTES) throw new AppError('VALIDATION', 'Isi berkas Excel terlalu besar setelah dibuka (mungkin berkas rusak atau berbahaya)');
          return false;
        },
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('VALIDATION', 'Berkas Excel rusak atau bukan .xlsx');
    }
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw new AppError('VALIDATION', 'Berkas Excel rusak atau bukan .xlsx');
    }
    const sheet = book.worksheets[0];
    if (!sheet) throw new AppError('VALIDATION', 'Buku kerja tidak punya lembar');
    const rows: { line: number; cells: string[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      const values = (row.values as unknown[]).slice(1);
      rows.push({ line, cells: values.map(cellText) });
    });
    return toTable(rows);
  }
  if (extension !== '.csv' && extension !== '.txt') {
    throw new AppError('VALIDATION', 'Pilih berkas .xlsx atau .csv');
  }
  if (size > MAX_CSV_BYTES) throw new AppError('VALIDATION', 'Berkas CSV lebih dari 50 MB; bagi menjadi beberapa berkas');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('VALIDATION', 'Berkas CSV bukan UTF-8 (mungkin Windows-1252). Di Excel simpan ulang sebagai "CSV UTF-8".');
  }
  if (text.includes('\u0000')) throw new AppError('VALIDATION', 'Berkas ini bukan teks CSV');
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new AppError('VALIDATION', `Berkas CSV tidak dapat dibaca: ${(error as Error).message}`);
  }
  return toTable(records.map((cells, i) => ({ line: i + 1, cells })));
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

/** Phone numbers in any common form → digits with an optional leading +. */
function phone(text: string): string | null {
  const t = text.trim();
  if (!t || t === '-') return null;
  const plus = t.startsWith('+');
  const digits = t.replace(/\D/g, '');
  return digits ? `${plus ? '+' : ''}${digits}` : t;
}

/** "-0,5021; 117,1536" or "-0.5021, 117.1536" → [lat, lon]. */
function coordinatePair(text: string): [string, string] | null {
  const t = text.trim();
  if (!t) return null;
  const parts = t.includes(';') ? t.split(';') : t.split(/\s*,\s*(?=[-\d])|\s+/).length === 2 ? t.split(/\s*,\s*(?=[-\d])|\s+/) : null;
  if (!parts || parts.length !== 2) return null;
  return [parts[0].trim(), parts[1].trim()];
}

export type ImportRowStatus = 'ok' | 'error' | 'duplicate';
export interface ImportRowResult {
  line: number;
  status: ImportRowStatus;
  name: string;
  messages: string[];
  /** For a duplicate: the existing site's name, or "baris N" within the file. */
  duplicateOf: string | null;
}
export interface ImportPreview {
  headers: string[];
  mapping: (ImportField | null)[];
  rows: ImportRowResult[];
  counts: Record<ImportRowStatus, number>;
}

/** Resolves areas of the office's province by code or by name. */
function areaResolver(core: Core, provinceCode: string) {
  const regencies = core.areas.regencies(provinceCode);
  const byKey = (list: { code: string; name: string }[]) => {
    const map = new Map<string, string[]>();
    for (const a of list) map.set(areaKey(a.name), [...(map.get(areaKey(a.name)) ?? []), a.code]);
    return map;
  };
  const regencyKeys = byKey(regencies);
  const districtCache = new Map<string, Map<string, string[]>>();
  const villageCache = new Map<string, Map<string, string[]>>();
  const districtsOf = (regency: string) => {
    if (!districtCache.has(regency)) districtCache.set(regency, byKey(core.areas.districts(regency)));
    return districtCache.get(regency)!;
  };
  const villagesOf = (district: string) => {
    if (!villageCache.has(district)) villageCache.set(district, byKey(core.areas.villages(district)));
    return villageCache.get(district)!;
  };
  return (input: { regency: string; district: string; village: string; villageCode: string }): { code: string } | { error: string } => {
    const code = input.villageCode.trim();
    if (code) return core.areas.village(code) ? { code } : { error: `Kode desa ${code} tidak dikenal di provinsi ini` };
    if (!input.village) return { error: 'Desa/kelurahan tidak diisi' };
    const regencyCodes = regencyKeys.get(areaKey(input.regency)) ?? [];
    if (regencyCodes.length !== 1) return { error: `Kabupaten/kota "${input.regency}" tidak dikenal` };
    const districts = districtsOf(regencyCodes[0]);
    const districtCodes = input.district ? (districts.get(areaKey(input.district)) ?? []) : [...districts.values()].flat();
    if (input.district && districtCodes.length === 0) return { error: `Kecamatan "${input.district}" tidak ada di ${input.regency}` };
    const matches = districtCodes.flatMap((d) => villagesOf(d).get(areaKey(input.village)) ?? []);
    if (matches.length === 0) return { error: `Desa/kelurahan "${input.village}" tidak ditemukan; periksa ejaan atau isi kode desa` };
    if (matches.length > 1) return { error: `Desa/kelurahan "${input.village}" ada di beberapa kecamatan; isi kecamatannya` };
    return { code: matches[0] };
  };
}

/**
 * Reads, maps, resolves and validates every row, and flags duplicates (a site with the same
 * normalized name in the same desa, or an earlier row of the file). Writes nothing.
 */
export function previewImport(core: Core, table: ImportTable, mapping = suggestMapping(table.headers)): { preview: ImportPreview; accepted: SiteFields[] } {
  const setup = core.settings.getSetup();
  if (!setup) throw new AppError('NOT_SET_UP', 'Aplikasi belum disiapkan');
  const resolve = areaResolver(core, setup.provinceCode);
  const seen = new Map<string, number>();
  const rows: ImportRowResult[] = [];
  const accepted: SiteFields[] = [];
  for (const { line, cells } of table.rows) {
    const get = (field: ImportField) => {
      const i = mapping.indexOf(field);
      return i < 0 ? '' : (cells[i] ?? '').trim();
    };
    const messages: string[] = [];
    const area = resolve({ regency: get('regency'), district: get('district'), village: get('village'), villageCode: get('villageCode') });
    if ('error' in area) messages.push(area.error);
    let latitude: string | null = get('latitude') || null;
    let longitude: string | null = get('longitude') || null;
    if (get('coordinates')) {
      const pair = coordinatePair(get('coordinates'));
      if (pair) [latitude, longitude] = pair;
      else messages.push(`Koordinat "${get('coordinates')}" tidak terbaca; tulis "-0,5021; 117,1536"`);
    }
    const count = (field: ImportField, labelText: string) => {
      const n = wholeNumber(get(field));
      if (Number.isNaN(n)) messages.push(`${labelText} "${get(field)}" bukan bilangan bulat`);
      return Number.isNaN(n) ? null : n;
    };
    const male = count('workersMale', 'TK laki-laki');
    const female = count('workersFemale', 'TK perempuan');
    const total = count('workers', 'Tenaga kerja');
    const year = count('yearEstablished', 'Tahun berdiri');
    const parsed = SiteInput.safeParse({
      name: get('name'),
      ownerName: get('ownerName') || null,
      phone: phone(get('phone')),
      email: get('email') || null,
      address: get('address') || null,
      villageCode: 'code' in area ? area.code : '00.00.00.0000',
      latitude,
      longitude,
      kbliCode: get('kbliCode').replace(/\D/g, ''),
      products: get('products') || null,
      nib: get('nib').replace(/\D/g, '') || null,
      workers: total ?? (male !== null || female !== null ? (male ?? 0) + (female ?? 0) : null),
      yearEstablished: year,
      notes: get('notes') || null,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) if (issue.path[0] !== 'villageCode') messages.push(issue.message);
    }
    const name = get('name');
    if (messages.length || !parsed.success) {
      rows.push({ line, status: 'error', name, messages, duplicateOf: null });
      continue;
    }
    const key = `${parsed.data.villageCode}|${normalizeName(parsed.data.name)}`;
    const inDb = core.sites.sameNameInVillage(parsed.data.villageCode, normalizeName(parsed.data.name))?.name;
    const inFile = seen.get(key);
    if (inDb || inFile) {
      rows.push({ line, status: 'duplicate', name, messages: [], duplicateOf: inDb ?? `baris ${inFile}` });
      continue;
    }
    seen.set(key, line);
    rows.push({ line, status: 'ok', name, messages: [], duplicateOf: null });
    accepted.push(parsed.data);
  }
  const counts = { ok: 0, error: 0, duplicate: 0 };
  for (const r of rows) counts[r.status]++;
  return { preview: { headers: table.headers, mapping, rows, counts }, accepted };
}

const MAPPING_KEY = 'import.mappings';

/** The mapping used last time for these exact headers, else the suggestion from the headers. */
export function rememberedMapping(core: Core, headers: string[]): (ImportField | null)[] {
  const stored = core.settings.get<Record<string, (ImportField | null)[]>>(MAPPING_KEY) ?? {};
  return stored[headers.map(headerKey).join('|')] ?? suggestMapping(headers);
}

/** Keeps a mapping for the next file with the same headers (local setting, not synced). */
export function rememberMapping(core: Core, headers: string[], mapping: (ImportField | null)[]): void {
  const stored = core.settings.get<Record<string, (ImportField | null)[]>>(MAPPING_KEY) ?? {};
  core.settings.set(MAPPING_KEY, { ...stored, [headers.map(headerKey).join('|')]: mapping });
}

/**
 * Writes the accepted rows as one write unit (one transaction, one timestamp, a change message per
 * field of each site); duplicates are skipped, so a second import adds nothing.
 */
export function commitImport(core: Core, accepted: SiteFields[]): number {
  let added = 0;
  core.write(() => {
    for (const site of accepted) {
      const result = core.sites.create(site, { duplicate: false, outsideProvince: true });
      if (result.saved) added++;
    }
  });
  return added;
}
