import type { NaikKelasRow } from '../model/certificate';
import type { StoppedSite } from '../model/stopped';
import type { ExportColumn } from './columns';
import { label, longDate } from './labels';

/** "Modal, Pemasaran — mesin dijual" : the reasons a factory stopped, in words. */
export function stopReasonsText(s: StoppedSite): string | null {
  const reasons = s.stopReasons.map((r) => label('problem', r)).join(', ');
  return [reasons, s.stopNotes].filter(Boolean).join(' — ') || null;
}

/** The evaluation's recommendations, each with its due date: "Revitalisasi mesin (s.d. 31 Maret 2027); …". */
export function recommendationsText(s: StoppedSite): string | null {
  const parts = s.recommendations.map((r) => (r.dueDate ? `${r.text} (s.d. ${longDate(r.dueDate)})` : r.text));
  return parts.length ? parts.join('; ') : null;
}

/** "SNI (proses, 2026-03-01)": every certificate of a site with its stage, number and date. */
export function pipelineText(entries: NaikKelasRow['certificates']): string | null {
  const parts = entries.map((e) => {
    const details = [e.status === 'proses' ? 'proses' : null, e.number, e.date].filter(Boolean).join(', ');
    return `${label('certificate', e.kind)}${details ? ` (${details})` : ''}`;
  });
  return parts.length ? parts.join('; ') : null;
}

const col = <R>(key: string, header: string, type: ExportColumn<R>['type'], width: number, value: ExportColumn<R>['value']): ExportColumn<R> => ({
  key,
  header,
  type,
  width,
  value,
});

/** Pabrik tidak beroperasi: one row per stopped site with its last evaluation. */
export const STOPPED_COLUMNS: ExportColumn<StoppedSite>[] = [
  col('name', 'Nama usaha', 'text', 28, (s) => s.name),
  col('ownerName', 'Pemilik', 'text', 20, (s) => s.ownerName),
  col('products', 'Produk', 'text', 24, (s) => s.products),
  col('kbliCode', 'KBLI', 'text', 8, (s) => s.kbliCode),
  col('kbliName', 'Golongan pokok KBLI', 'text', 28, (s) => label('kbli', s.kbliDivision)),
  col('villageName', 'Desa/kelurahan', 'text', 18, (s) => s.villageName),
  col('districtName', 'Kecamatan', 'text', 18, (s) => s.districtName),
  col('regencyName', 'Kabupaten/kota', 'text', 22, (s) => s.regencyName),
  col('wilayah', 'Wilayah pengembangan', 'text', 14, (s) => s.wilayahName),
  col('operatingStatus', 'Status operasi', 'text', 16, (s) => label('operatingStatus', s.operatingStatus)),
  col('stoppedSince', 'Berhenti sejak', 'date', 12, (s) => s.stoppedSince),
  col('stopReasons', 'Penyebab berhenti', 'text', 32, stopReasonsText),
  col('evaluationNumber', 'No. kunjungan evaluasi', 'text', 20, (s) => s.evaluationNumber),
  col('evaluationDate', 'Tanggal evaluasi', 'date', 12, (s) => s.evaluationDate),
  col('revivalPotential', 'Potensi dihidupkan (1–5)', 'int', 10, (s) => s.revivalPotential),
  col('revivalNotes', 'Catatan potensi', 'text', 30, (s) => s.revivalNotes),
  col('recommendations', 'Rekomendasi', 'text', 40, recommendationsText),
  col('id', 'ID usaha', 'text', 38, (s) => s.id),
];

/** Naik kelas: one row per site and next step. */
export const NAIK_KELAS_COLUMNS: ExportColumn<NaikKelasRow>[] = [
  col('name', 'Nama usaha', 'text', 28, (r) => r.name),
  col('ownerName', 'Pemilik', 'text', 20, (r) => r.ownerName),
  col('products', 'Produk', 'text', 24, (r) => r.products),
  col('kbliCode', 'KBLI', 'text', 8, (r) => r.kbliCode),
  col('kbliName', 'Golongan pokok KBLI', 'text', 28, (r) => label('kbli', r.kbliDivision)),
  col('districtName', 'Kecamatan', 'text', 18, (r) => r.districtName),
  col('regencyName', 'Kabupaten/kota', 'text', 22, (r) => r.regencyName),
  col('wilayah', 'Wilayah pengembangan', 'text', 14, (r) => r.wilayahName),
  col('certificates', 'Sertifikat (tahap, nomor, tanggal)', 'text', 36, (r) => pipelineText(r.certificates)),
  col('next', 'Langkah berikutnya', 'text', 14, (r) => label('certificate', r.next)),
  col('nextInProcess', 'Sedang diproses', 'text', 10, (r) => (r.nextInProcess ? 'Ya' : 'Tidak')),
  col('nextAppliedOn', 'Diajukan', 'date', 12, (r) => r.nextAppliedOn),
  col('id', 'ID usaha', 'text', 38, (r) => r.siteId),
];
