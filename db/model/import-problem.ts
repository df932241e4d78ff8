import { z } from 'zod';
import type { Language } from './catalog';
import type { ImportField, ImportRowStatus } from './import';
import { ISSUE_TEXTS } from './issue-text';
import { ISSUE_CODES, type IssueCode } from './result';

/**
 * What is wrong with an imported row beyond a field issue of the site's schema (those keep the
 * site form's `IssueCode`, so the wizard says them as the form does).
 */
export const IMPORT_PROBLEM_CODES = [
  // the desa could not be found from the row's area columns
  'area_code_unknown',
  'area_village_missing',
  'area_regency_unknown',
  'area_district_unknown',
  'area_village_not_found',
  'area_village_ambiguous',
  'area_regency_suggest',
  'area_district_suggest',
  'area_village_suggest',
  // cells that cannot be read as what their column holds
  'coordinates_unreadable',
  'not_whole_number',
  'negative_number',
  'status_unknown',
  'certificate_unknown',
  // a likely duplicate: of a registered site, or of an earlier row of the file
  'duplicate_of_site',
  'duplicate_of_line',
  // remarks on a row that is imported all the same
  'namesake_other_business',
  'namesake_other_line',
  'outside_province',
  'formula_text',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number];

/** One problem of a row: a stable code, its parameters, and the field (column) it is about. */
export const ImportRowProblem = z.object({
  code: z.enum([...IMPORT_PROBLEM_CODES, ...ISSUE_CODES]),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  field: z.string().optional(),
});
export type ImportRowProblem = z.output<typeof ImportRowProblem>;

/**
 * The import's own problems in words, in both UI languages (i18next's {{placeholders}}; `label`
 * is the field's). The renderer loads this as i18next's `importProblem.*`, the core writes the
 * saved report from it: one table for both.
 */
export const IMPORT_PROBLEM_TEXTS: Record<Language, Record<ImportProblemCode, string>> = {
  id: {
    area_code_unknown: 'Kode desa {{code}} tidak dikenal di provinsi ini',
    area_village_missing: 'Desa/kelurahan tidak diisi',
    area_regency_unknown: 'Kabupaten/kota "{{value}}" tidak dikenal',
    area_district_unknown: 'Kecamatan "{{value}}" tidak ada di {{regency}}',
    area_village_not_found: 'Desa/kelurahan "{{value}}" tidak ditemukan; periksa ejaan atau isi kode desa',
    area_village_ambiguous: 'Desa/kelurahan "{{value}}" ada di beberapa kecamatan; isi kecamatannya',
    area_regency_suggest: 'Kabupaten/kota "{{value}}" tidak dikenal; mungkin maksudnya {{suggestion}}?',
    area_district_suggest: 'Kecamatan "{{value}}" tidak ada di {{regency}}; mungkin maksudnya {{suggestion}}?',
    area_village_suggest: 'Desa/kelurahan "{{value}}" tidak ditemukan; mungkin maksudnya {{suggestion}}?',
    coordinates_unreadable: 'Koordinat "{{value}}" tidak terbaca; tulis "-0,5021; 117,1536"',
    not_whole_number: '{{label}} "{{value}}" bukan bilangan bulat',
    negative_number: '{{label}} {{value}} tidak boleh negatif',
    status_unknown: 'Status "{{value}}" tidak dikenal; tulis Aktif, Tidak Aktif, Tutup Sementara, Tutup atau Calon',
    certificate_unknown: 'Sertifikat "{{value}}" tidak dikenal; tulis NIB, PIRT, Halal, SNI, ISO 9001, BPOM MD atau HKI, dipisah koma',
    duplicate_of_site: 'Sudah ada: {{name}}',
    duplicate_of_line: 'Sama dengan baris {{line}} di berkas ini',
    namesake_other_business: 'Nama sama dengan {{name}} di desa ini, tetapi pemilik, telepon atau alamatnya berbeda: ditambahkan sebagai usaha lain',
    namesake_other_line: 'Nama sama dengan baris {{line}}, tetapi pemilik, telepon atau alamatnya berbeda: ditambahkan sebagai usaha lain',
    outside_province: 'Titik koordinat ({{latitude}}; {{longitude}}) berada di luar provinsi; periksa tanda minus dan urutan lintang/bujur',
    formula_text: '{{label}} "{{value}}" tampak seperti rumus spreadsheet; disimpan sebagai teks apa adanya',
  },
  en: {
    area_code_unknown: 'Village code {{code}} is not known in this province',
    area_village_missing: 'The village (desa/kelurahan) is empty',
    area_regency_unknown: 'Regency/city "{{value}}" is not known',
    area_district_unknown: 'District "{{value}}" is not in {{regency}}',
    area_village_not_found: 'Village "{{value}}" not found; check the spelling or fill in the village code',
    area_village_ambiguous: 'Village "{{value}}" exists in several districts; fill in its district',
    area_regency_suggest: 'Regency/city "{{value}}" is not known; did you mean {{suggestion}}?',
    area_district_suggest: 'District "{{value}}" is not in {{regency}}; did you mean {{suggestion}}?',
    area_village_suggest: 'Village "{{value}}" not found; did you mean {{suggestion}}?',
    coordinates_unreadable: 'Coordinates "{{value}}" cannot be read; write them like "-0.5021, 117.1536"',
    not_whole_number: '{{label}} "{{value}}" is not a whole number',
    negative_number: '{{label}} cannot be negative ({{value}})',
    status_unknown: 'Status "{{value}}" is not known; write Aktif, Tidak Aktif, Tutup Sementara, Tutup or Calon',
    certificate_unknown: 'Certificate "{{value}}" is not known; write NIB, PIRT, Halal, SNI, ISO 9001, BPOM MD or HKI, separated by commas',
    duplicate_of_site: 'Already registered: {{name}}',
    duplicate_of_line: 'Same as row {{line}} of this file',
    namesake_other_business: 'Same name as {{name}} in this village, but its owner, phone or address differs: added as another business',
    namesake_other_line: 'Same name as row {{line}}, but its owner, phone or address differs: added as another business',
    outside_province: 'The point ({{latitude}}; {{longitude}}) lies outside the province; check the minus sign and the latitude/longitude order',
    formula_text: '{{label}} "{{value}}" looks like a spreadsheet formula; kept as plain text',
  },
};

/** The columns an import fills, in words (the renderer loads this as `import.fields.*`). */
export const IMPORT_FIELD_LABELS: Record<Language, Record<ImportField, string>> = {
  id: {
    name: 'Nama usaha',
    ownerName: 'Nama pemilik',
    phone: 'Nomor telepon',
    email: 'Email',
    address: 'Alamat',
    regency: 'Kabupaten/kota',
    district: 'Kecamatan',
    village: 'Desa/kelurahan',
    villageCode: 'Kode desa (Kemendagri)',
    kbliCode: 'KBLI',
    products: 'Produk',
    workers: 'Jumlah tenaga kerja',
    workersMale: 'Tenaga kerja laki-laki',
    workersFemale: 'Tenaga kerja perempuan',
    coordinates: 'Koordinat (lintang; bujur)',
    latitude: 'Lintang',
    longitude: 'Bujur',
    nib: 'NIB',
    certificates: 'Sertifikat',
    operatingStatus: 'Status operasi',
    yearEstablished: 'Tahun berdiri',
    notes: 'Catatan',
  },
  en: {
    name: 'Business name',
    ownerName: 'Owner name',
    phone: 'Phone number',
    email: 'Email',
    address: 'Address',
    regency: 'Regency/city',
    district: 'District (kecamatan)',
    village: 'Village (desa/kelurahan)',
    villageCode: 'Village code (Kemendagri)',
    kbliCode: 'KBLI',
    products: 'Products',
    workers: 'Workers (total)',
    workersMale: 'Workers, men',
    workersFemale: 'Workers, women',
    coordinates: 'Coordinates (lat; lon)',
    latitude: 'Latitude',
    longitude: 'Longitude',
    nib: 'NIB',
    certificates: 'Certificates',
    operatingStatus: 'Operating status',
    yearEstablished: 'Year established',
    notes: 'Notes',
  },
};

/** A row's status in words (the renderer loads this as `import.status.*`). */
export const IMPORT_STATUS_LABELS: Record<Language, Record<ImportRowStatus, string>> = {
  id: { ok: 'Siap diimpor', error: 'Perlu diperbaiki', duplicate: 'Kemungkinan duplikat' },
  en: { ok: 'Ready', error: 'Needs fixing', duplicate: 'Likely duplicate' },
};

const OWN_CODES = new Set<string>(IMPORT_PROBLEM_CODES);

/** The i18next key a problem is said from: the import's own table, or the field issues' one. */
export function importProblemKey(code: ImportRowProblem['code']): string {
  return OWN_CODES.has(code) ? `importProblem.${code}` : `issue.${code}`;
}

/** The words of a problem's field: its column's label, else the field as named. */
export function importFieldLabel(field: string | undefined, language: Language): string {
  if (!field) return '';
  return (IMPORT_FIELD_LABELS[language] as Record<string, string>)[field] ?? field;
}

/**
 * A problem in words, for what the core writes itself (the saved report): the same tables and
 * placeholders the renderer's i18next reads, filled the same way.
 */
export function sayImportProblem(problem: ImportRowProblem, language: Language): string {
  const template = OWN_CODES.has(problem.code)
    ? IMPORT_PROBLEM_TEXTS[language][problem.code as ImportProblemCode]
    : ISSUE_TEXTS[language][problem.code as IssueCode];
  const values: Record<string, string | number> = { label: importFieldLabel(problem.field, language), ...problem.params };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
