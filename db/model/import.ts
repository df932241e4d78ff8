import { z } from 'zod';
import type { ImportRowProblem } from './import-problem';

/** Limits that keep a hostile or mistaken file from exhausting the laptop (the window checks the size before reading). */
export const IMPORT_LIMITS = {
  csvBytes: 50 * 1024 * 1024,
  xlsxBytes: 20 * 1024 * 1024,
  /** What the parts of a workbook the import reads may really inflate to, counted as they inflate. */
  unzippedBytes: 150 * 1024 * 1024,
  rows: 100_000,
  /** Columns of one row, as many as a mapping may have. */
  columns: 500,
  /** Characters of one cell: more than any site field holds (the longest, notes, takes 2,000). */
  cellChars: 10_000,
  /** Characters of one CSV row, all its cells together. */
  rowChars: 200_000,
  /** Filled cells of a whole file (100,000 rows of the 20 fields an import fills): what keeps reading one under 300 MB. */
  cells: 2_000_000,
} as const;

/** The largest file the wizard reads at all: the larger of the two limits. */
export const MAX_IMPORT_FILE_BYTES = Math.max(IMPORT_LIMITS.csvBytes, IMPORT_LIMITS.xlsxBytes);

/** The fields an imported column can fill. */
export const IMPORT_FIELDS = [
  'name', 'ownerName', 'phone', 'email', 'address', 'regency', 'district', 'village', 'villageCode',
  'kbliCode', 'products', 'workers', 'workersMale', 'workersFemale', 'coordinates', 'latitude', 'longitude',
  'nib', 'certificates', 'operatingStatus', 'yearEstablished', 'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const ImportField = z.enum(IMPORT_FIELDS, { error: 'Kolom tujuan tidak dikenal' });

/** Column i of the file → the field it fills (null: not imported). */
export const ImportMapping = z
  .array(ImportField.nullable())
  .max(IMPORT_LIMITS.columns, 'Terlalu banyak kolom')
  .refine((m) => new Set(m.filter(Boolean)).size === m.filter(Boolean).length, {
    message: 'Setiap isian hanya boleh diambil dari satu kolom',
  });
export type ImportMapping = z.output<typeof ImportMapping>;

/**
 * What happens to a likely duplicate: left out, its filled values added to the site it
 * duplicates, or added as a business of its own ("bukan duplikat, tambahkan").
 */
export const DUPLICATE_ACTIONS = ['skip', 'merge', 'add'] as const;
export type DuplicateAction = (typeof DUPLICATE_ACTIONS)[number];
export const DuplicateAction = z.enum(DUPLICATE_ACTIONS, { error: 'Pilih lewati, gabungkan atau tambahkan' });

const ImportId = z.string().uuid('ID impor tidak valid');

/** A chosen file, sent as bytes (the window never names a path). */
export const ImportOpenRequest = z.object({
  fileName: z.string().trim().min(1, 'Nama berkas wajib diisi').max(255, 'Nama berkas terlalu panjang'),
  bytes: z
    .instanceof(Uint8Array, { error: 'Pilih berkas .xlsx atau .csv' })
    .refine((b) => b.byteLength <= MAX_IMPORT_FILE_BYTES, { message: 'Berkas lebih dari 50 MB; bagi menjadi beberapa berkas' }),
});
export const ImportPreviewRequest = z.object({ id: ImportId, mapping: ImportMapping });
/** The officer's choice of the header row (a file whose header the wizard did not find). */
export const ImportHeaderRequest = z.object({ id: ImportId, line: z.number().int().min(1).max(10_000_000) });
/** A cell of a row fixed in the wizard (a misspelt desa, a negative count), then the report again. */
export const ImportEditRequest = z.object({
  id: ImportId,
  mapping: ImportMapping,
  line: z.number().int().min(1).max(10_000_000),
  column: z.number().int().min(0).max(IMPORT_LIMITS.columns - 1),
  value: z.string().max(IMPORT_LIMITS.cellChars, 'Isi sel terlalu panjang'),
  /** Also every other row whose cell in this column held the same text (one misspelling, fixed once). */
  everyRow: z.boolean().default(false),
});
export const ImportStartRequest = z.object({
  id: ImportId,
  mapping: ImportMapping,
  /** For every likely duplicate without its own decision. */
  duplicates: DuplicateAction.default('skip'),
  /** Line number (as text) → the decision for that row. */
  decisions: z.record(z.string().regex(/^\d{1,7}$/), DuplicateAction).default({}),
});
export type ImportStartRequest = z.input<typeof ImportStartRequest>;

/** A file read and kept by the core while the wizard maps and previews it. */
export interface ImportOpened {
  id: string;
  fileName: string;
  headers: string[];
  /** The remembered mapping for these headers, else the one suggested from them. */
  mapping: (ImportField | null)[];
  remembered: boolean;
  rowCount: number;
  /** The first rows, to show beside each column while mapping. */
  sample: string[][];
  /** The header's line (its upper row when it is two rows, merged cells above sub-headers). */
  headerLine: number;
  headerRows: 1 | 2;
  /** The file's first rows as short text, to choose the header row from. */
  headerChoices: { line: number; text: string }[];
}

export type ImportRowStatus = 'ok' | 'error' | 'duplicate';
export interface ImportRowResult {
  line: number;
  status: ImportRowStatus;
  name: string;
  /** What is wrong (an error) or whom it duplicates (a duplicate), as codes: each shell says them in its language. */
  problems: ImportRowProblem[];
  /** For a duplicate of a stored site: its id; of an earlier row: that row's line. */
  duplicateOfId?: string | null;
  duplicateOfLine?: number | null;
  /** For a duplicate: what merging it would fill in (the fields its site lacks), values as text. */
  mergeChanges?: { field: ImportField; value: string }[];
  /** Remarks that do not stop the row (a namesake that is another business, a corrected area name, ...). */
  notes?: ImportRowProblem[];
}
export interface ImportPreview {
  headers: string[];
  mapping: (ImportField | null)[];
  rows: ImportRowResult[];
  counts: Record<ImportRowStatus, number>;
}

/** What an import job did. */
export interface ImportResult {
  added: number;
  /** Duplicate rows merged: into a stored site or into an earlier row of the file, that filled something in. */
  merged: number;
  /** Duplicates left out, and rows with errors. */
  skipped: number;
  errors: number;
}
