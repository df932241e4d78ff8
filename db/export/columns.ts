import { rupiah } from '../model/money';
import type { Site } from '../model/site';
import type { VisitExportRow } from '../repo/export-rows';
import { label, LABELS } from './labels';

/** How a column's values are typed in a spreadsheet. */
/** 'phone' is text that a spreadsheet must not read as a number or a formula: "0812…", "+62 812…". */
export type ColumnType = 'text' | 'phone' | 'int' | 'decimal' | 'rupiah' | 'date' | 'datetime';
export type CellValue = string | number | null;

export interface ExportColumn<R> {
  /** Stable key (JSON/GeoJSON property names, tests). */
  key: string;
  /** Indonesian header. */
  header: string;
  type: ColumnType;
  /** Width in characters for XLSX. */
  width: number;
  value(row: R): CellValue;
}

// Visit data is JSON that drafts may leave half filled: read every field defensively.
type Data = Record<string, unknown>;
const text = (v: unknown): string | null =>
  typeof v === 'string' ? (v.trim() === '' ? null : v) : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Data => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Data) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const RupiahValue = rupiah('Rupiah');
const rp = (v: unknown): number | null => {
  // Stored forms hold numbers (or nothing): the schema's answer for those without running it per cell.
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : null;
  const parsed = RupiahValue.safeParse(v);
  return parsed.success ? parsed.data : null;
};
/** A repeated list in one cell: "Ikan pipih (lokal); Tepung (luar provinsi)". */
const joined = (items: unknown[], format: (item: unknown) => string | null): string | null => {
  const parts = items.map(format).filter((p): p is string => !!p);
  return parts.length ? parts.join('; ') : null;
};
const labels = (table: keyof typeof LABELS) => (v: unknown) => joined(arr(v), (c) => label(table, c));

function col<R>(key: string, header: string, type: ColumnType, width: number, value: (row: R) => CellValue): ExportColumn<R> {
  return { key, header, type, width, value };
}

const v = <T>(key: string, header: string, type: ColumnType, width: number, value: (d: Data, row: VisitExportRow) => T & CellValue) =>
  col<VisitExportRow>(key, header, type, width, (row) => value(row.data, row));

/** One kind's own fields: empty for a visit of another kind. */
const only = (kind: string, read: (d: Data) => CellValue) => (d: Data, row: VisitExportRow) => (row.kind === kind ? read(d) : null);
const workforce = (d: Data, part: 'male' | 'female' | 'total') => {
  if (!('workforce' in d)) return null;
  const w = obj(d.workforce);
  const male = num(w.male);
  const female = num(w.female);
  if (part === 'male') return male;
  if (part === 'female') return female;
  return male === null && female === null ? null : (male ?? 0) + (female ?? 0);
};

/** A signature in words: how it was made, or that the respondent refused (the paper form says the same). */
function signatureText(method: string | null, refusal: string | null): string | null {
  if (method === 'typed') return 'Nama diketik oleh petugas';
  if (method) return 'Ditandatangani';
  return refusal ? 'Responden menolak menandatangani' : null;
}

/**
 * The Kunjungan sheet: one row per visit, every form field of every kind in its own named column
 * (a visit of another kind leaves it empty), repeated lists joined in one readable cell.
 */
export const VISIT_COLUMNS: ExportColumn<VisitExportRow>[] = [
  v('number', 'No. kunjungan', 'text', 18, (_d, r) => r.number),
  v('kind', 'Jenis kunjungan', 'text', 14, (_d, r) => label('kind', r.kind)),
  v('status', 'Status', 'text', 8, (_d, r) => label('status', r.status)),
  v('visitDate', 'Tanggal kunjungan', 'date', 12, (_d, r) => r.visitDate),
  v('officers', 'Petugas', 'text', 26, (d, r) => joined(arr(d.officers), text) ?? text(r.officers)),
  v('siteName', 'Nama usaha', 'text', 32, (_d, r) => r.site.name),
  v('ownerName', 'Nama pemilik', 'text', 20, (_d, r) => r.site.ownerName),
  v('regencyCode', 'Kode kab/kota', 'text', 9, (_d, r) => r.site.regencyCode),
  v('regencyName', 'Kabupaten/kota', 'text', 22, (_d, r) => r.site.regencyName),
  v('districtCode', 'Kode kecamatan', 'text', 10, (_d, r) => r.site.districtCode),
  v('districtName', 'Kecamatan', 'text', 18, (_d, r) => r.site.districtName),
  v('villageCode', 'Kode desa/kelurahan', 'text', 14, (_d, r) => r.site.villageCode),
  v('villageName', 'Desa/kelurahan', 'text', 18, (_d, r) => r.site.villageName),
  v('wilayah', 'Wilayah pengembangan', 'text', 14, (_d, r) => r.site.wilayahName),
  v('siteKbli', 'KBLI usaha', 'text', 8, (_d, r) => r.site.kbliCode),
  v('respondentName', 'Nama responden', 'text', 20, (d) => text(obj(d.respondent).name)),
  v('respondentPosition', 'Jabatan responden', 'text', 14, (d) => text(obj(d.respondent).position)),
  v('respondentPhone', 'Telepon responden', 'phone', 15, (d) => text(obj(d.respondent).phone)),
  v('operatingStatus', 'Status operasi', 'text', 16, (d) => label('operatingStatus', d.operatingStatus)),
  v('latitude', 'Lintang', 'decimal', 10, (d) => num(d.latitude)),
  v('longitude', 'Bujur', 'decimal', 11, (d) => num(d.longitude)),
  v('workforceMale', 'TK laki-laki', 'int', 9, (d) => workforce(d, 'male')),
  v('workforceFemale', 'TK perempuan', 'int', 9, (d) => workforce(d, 'female')),
  v('workforceTotal', 'Jumlah TK', 'int', 9, (d) => workforce(d, 'total')),
  // identifikasi
  v('kbliCode', 'Identifikasi: KBLI', 'text', 10, only('identifikasi', (d) => text(d.kbliCode))),
  v('products', 'Identifikasi: produk', 'text', 28, only('identifikasi', (d) => text(d.products))),
  v('certificates', 'Identifikasi: sertifikat', 'text', 18, only('identifikasi', (d) => labels('certificate')(d.certificates))),
  v('sentraPotential', 'Identifikasi: potensi sentra', 'text', 12, only('identifikasi', (d) => label('potential', d.sentraPotential))),
  v('sentraNotes', 'Identifikasi: catatan potensi sentra', 'text', 28, only('identifikasi', (d) => text(d.sentraNotes))),
  // inventarisasi
  v('capacityAmount', 'Inventarisasi: kapasitas', 'decimal', 11, only('inventarisasi', (d) => num(obj(d.capacity).amount))),
  v('capacityUnit', 'Inventarisasi: satuan kapasitas', 'text', 10, only('inventarisasi', (d) => text(obj(d.capacity).unit))),
  v('capacityPeriod', 'Inventarisasi: periode kapasitas', 'text', 11, only('inventarisasi', (d) => label('period', obj(d.capacity).period))),
  v('productionValueRp', 'Inventarisasi: nilai produksi per tahun (Rp)', 'rupiah', 18, only('inventarisasi', (d) => rp(d.productionValueRp))),
  v('investmentRp', 'Inventarisasi: nilai investasi (Rp)', 'rupiah', 18, only('inventarisasi', (d) => rp(d.investmentRp))),
  v('rawMaterials', 'Inventarisasi: bahan baku (asal)', 'text', 30, only('inventarisasi', (d) =>
    joined(arr(d.rawMaterials), (m) => {
      const name = text(obj(m).name);
      const origin = label('origin', obj(m).origin);
      return name ? (origin ? `${name} (${origin})` : name) : null;
    }),
  )),
  v('machinery', 'Inventarisasi: mesin (jumlah)', 'text', 26, only('inventarisasi', (d) =>
    joined(arr(d.machinery), (m) => {
      const name = text(obj(m).name);
      const count = num(obj(m).count);
      return name ? (count !== null ? `${name} (${count})` : name) : null;
    }),
  )),
  v('energySources', 'Inventarisasi: sumber energi', 'text', 16, only('inventarisasi', (d) => labels('energy')(d.energySources))),
  v('marketReach', 'Inventarisasi: jangkauan pemasaran', 'text', 18, only('inventarisasi', (d) => labels('market')(d.marketReach))),
  v('exportDestinations', 'Inventarisasi: negara tujuan ekspor', 'text', 18, only('inventarisasi', (d) => joined(arr(d.exportDestinations), text))),
  v('certificatesHeld', 'Inventarisasi: sertifikat dimiliki', 'text', 18, only('inventarisasi', (d) => labels('certificate')(d.certificatesHeld))),
  v('certificatesWanted', 'Inventarisasi: sertifikat dibutuhkan', 'text', 18, only('inventarisasi', (d) => labels('certificate')(d.certificatesWanted))),
  v('problems', 'Inventarisasi: permasalahan', 'text', 30, only('inventarisasi', (d) =>
    joined(arr(d.problems), (p) => {
      const kind = label('problem', obj(p).kind);
      const notes = text(obj(p).notes);
      return kind ? (notes ? `${kind}: ${notes}` : kind) : null;
    }),
  )),
  v('assistanceReceived', 'Inventarisasi: bantuan yang pernah diterima', 'text', 26, only('inventarisasi', (d) => text(d.assistanceReceived))),
  // evaluasi
  v('stoppedSince', 'Evaluasi: berhenti sejak', 'date', 12, only('evaluasi', (d) => text(d.stoppedSince))),
  v('stopReasons', 'Evaluasi: penyebab berhenti', 'text', 22, only('evaluasi', (d) => labels('problem')(d.stopReasons))),
  v('stopNotes', 'Evaluasi: catatan penyebab berhenti', 'text', 28, only('evaluasi', (d) => text(d.stopNotes))),
  v('buildingCondition', 'Evaluasi: kondisi bangunan', 'text', 13, only('evaluasi', (d) => label('condition', d.buildingCondition))),
  v('machineCondition', 'Evaluasi: kondisi mesin', 'text', 13, only('evaluasi', (d) => label('condition', d.machineCondition))),
  v('revivalPotential', 'Evaluasi: potensi dihidupkan kembali (1–5)', 'int', 12, only('evaluasi', (d) => num(d.revivalPotential))),
  v('revivalNotes', 'Evaluasi: catatan potensi', 'text', 28, only('evaluasi', (d) => text(d.revivalNotes))),
  // pembinaan
  v('followUps', 'Pembinaan: tindak lanjut rekomendasi sebelumnya', 'text', 34, only('pembinaan', (d) =>
    joined(arr(d.followUps), (f) => {
      const rec = text(obj(f).recommendation);
      if (!rec) return null;
      const notes = text(obj(f).notes);
      return `${rec} [${obj(f).done === true ? 'sudah' : 'belum'}]${notes ? ` ${notes}` : ''}`;
    }),
  )),
  // every kind
  v('findings', 'Temuan', 'text', 34, (d) => text(d.findings)),
  v('recommendations', 'Rekomendasi (tindak lanjut, tenggat)', 'text', 34, (d) =>
    joined(arr(d.recommendations), (r) => {
      const body = text(obj(r).text);
      if (!body) return null;
      const extra = [text(obj(r).action), text(obj(r).dueDate)].filter(Boolean).join(', ');
      return extra ? `${body} (${extra})` : body;
    }),
  ),
  v('respondentSignature', 'Tanda tangan responden', 'text', 24, (d, r) => signatureText(r.signatures.respondent, text(d.signatureRefusal))),
  v('signatureRefusal', 'Alasan responden menolak menandatangani', 'text', 28, (d, r) => (r.signatures.respondent ? null : text(d.signatureRefusal))),
  v('officerSignature', 'Tanda tangan petugas', 'text', 24, (_d, r) => signatureText(r.signatures.officer, null)),
  v('signaturesRequired', 'Tanda tangan wajib saat finalisasi', 'text', 12, (_d, r) => (r.signaturesRequired === null ? null : r.signaturesRequired ? 'Ya' : 'Tidak')),
  v('revision', 'Jumlah amendemen', 'int', 10, (_d, r) => r.revision),
  v('finalizedAt', 'Difinalisasi', 'datetime', 16, (_d, r) => r.finalizedAt),
  v('updatedAt', 'Terakhir diubah', 'datetime', 16, (_d, r) => r.updatedAt),
  v('id', 'ID kunjungan', 'text', 38, (_d, r) => r.id),
  v('siteId', 'ID usaha', 'text', 38, (_d, r) => r.site.id),
];

const s = (key: string, header: string, type: ColumnType, width: number, value: (site: Site) => CellValue) =>
  col<Site>(key, header, type, width, value);

/** The Usaha IKM sheet: one row per site, as the register holds it. */
export const SITE_COLUMNS: ExportColumn<Site>[] = [
  s('name', 'Nama usaha', 'text', 32, (x) => x.name),
  s('ownerName', 'Nama pemilik', 'text', 20, (x) => x.ownerName),
  s('phone', 'Telepon', 'phone', 15, (x) => x.phone),
  s('email', 'Email', 'text', 20, (x) => x.email),
  s('address', 'Alamat', 'text', 32, (x) => x.address),
  s('regencyCode', 'Kode kab/kota', 'text', 9, (x) => x.regencyCode),
  s('regencyName', 'Kabupaten/kota', 'text', 22, (x) => x.regencyName),
  s('districtCode', 'Kode kecamatan', 'text', 10, (x) => x.districtCode),
  s('districtName', 'Kecamatan', 'text', 18, (x) => x.districtName),
  s('villageCode', 'Kode desa/kelurahan', 'text', 14, (x) => x.villageCode),
  s('villageName', 'Desa/kelurahan', 'text', 18, (x) => x.villageName),
  s('wilayah', 'Wilayah pengembangan', 'text', 14, (x) => x.wilayahName),
  s('latitude', 'Lintang', 'decimal', 10, (x) => x.latitude),
  s('longitude', 'Bujur', 'decimal', 11, (x) => x.longitude),
  s('kbliCode', 'KBLI', 'text', 8, (x) => x.kbliCode),
  s('kbliName', 'Golongan pokok KBLI', 'text', 30, (x) => label('kbli', x.kbliDivision)),
  s('sectorGroup', 'Kelompok sektor', 'text', 18, (x) => label('sectorGroup', x.sectorGroup)),
  s('products', 'Produk', 'text', 28, (x) => x.products),
  s('legalForm', 'Bentuk badan usaha', 'text', 18, (x) => label('legalForm', x.legalForm)),
  s('nib', 'NIB', 'text', 15, (x) => x.nib),
  s('certificates', 'Sertifikat', 'text', 18, (x) => labels('certificate')(x.certificates)),
  s('workers', 'Tenaga kerja', 'int', 9, (x) => x.workers),
  s('sizeClass', 'Skala usaha', 'text', 10, (x) => label('sizeClass', x.sizeClass)),
  s('operatingStatus', 'Status operasi', 'text', 16, (x) => label('operatingStatus', x.operatingStatus)),
  s('yearEstablished', 'Tahun berdiri', 'int', 9, (x) => x.yearEstablished),
  s('notes', 'Catatan', 'text', 30, (x) => x.notes),
  s('archived', 'Diarsipkan', 'text', 9, (x) => (x.deleted ? 'Ya' : 'Tidak')),
  s('createdAt', 'Didaftarkan', 'datetime', 16, (x) => x.createdAt),
  s('updatedAt', 'Terakhir diubah', 'datetime', 16, (x) => x.updatedAt),
  s('id', 'ID usaha', 'text', 38, (x) => x.id),
];

/**
 * A text a spreadsheet would run as a formula (=, +, -, @, tab, CR first: OWASP's CSV injection
 * list). XLSX stores it as a string cell, which never runs; CSV has no cell types, so the CSV
 * writer puts a ' in front, as OWASP advises.
 */
export function looksLikeFormula(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value);
}

/**
 * A phone number and nothing else ("+62 812-5000-1111"): its + runs nothing in a spreadsheet
 * (it is a number's sign at most), so a phone column writes it as is and the file reads back the
 * same. Anything else in a phone column is guarded as any text.
 */
export function isPlainPhone(value: string): boolean {
  return /^\+?[0-9][0-9 -]*$/.test(value);
}
