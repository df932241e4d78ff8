import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { PathErrors } from './visit-form-values';

/**
 * The visit schema (db/model/visit.ts) speaks Indonesian. In English mode its messages are
 * recognised here and said again in English with the form's own labels; an unknown message is
 * shown as it came.
 */
const LABELS: Record<string, string> = {
  'Nama responden': 'visitForm.respondentName',
  'Jabatan responden': 'visitForm.respondentPosition',
  'Telepon responden': 'visitForm.respondentPhone',
  'Nama petugas': 'visitForm.officers',
  Temuan: 'visitForm.findings',
  Rekomendasi: 'visitForm.recommendation',
  'Tindak lanjut': 'visitForm.recommendationAction',
  Lintang: 'visitForm.latitude',
  Bujur: 'visitForm.longitude',
  'Tenaga kerja laki-laki': 'visitForm.workforceMale',
  'Tenaga kerja perempuan': 'visitForm.workforceFemale',
  Produk: 'visitForm.products',
  Kapasitas: 'visitForm.capacityAmount',
  'Satuan kapasitas': 'visitForm.capacityUnit',
  'Nilai produksi per tahun': 'visitForm.productionValue',
  'Nilai investasi': 'visitForm.investment',
  'Bahan baku': 'visitForm.rawMaterialName',
  'Nama mesin': 'visitForm.machineName',
  'Jumlah mesin': 'visitForm.machineCount',
  'Negara tujuan ekspor': 'visitForm.exportDestinations',
  'Catatan penyebab berhenti': 'visitForm.stopNotes',
  'Catatan potensi': 'visitForm.revivalNotes',
  'Rekomendasi sebelumnya': 'visitForm.followUpRecommendation',
  'Alasan perubahan': 'visitForm.amendReason',
};

type Rule = [RegExp, string, (m: RegExpMatchArray) => Record<string, string>];

const RULES: Rule[] = [
  [/^(.+) wajib diisi$/, 'validation.required', (m) => ({ label: m[1] })],
  [/^(.+) paling sedikit (\d+) karakter$/, 'validation.minLength', (m) => ({ label: m[1], n: m[2] })],
  [/^(.+) paling panjang (\d+) karakter$/, 'validation.maxLength', (m) => ({ label: m[1], n: m[2] })],
  [/^(.+) harus berupa angka rupiah/, 'visitForm.validation.rupiah', (m) => ({ label: m[1] })],
  [/^(.+) harus berupa angka$/, 'visitForm.validation.number', (m) => ({ label: m[1] })],
  [/^(.+) harus bilangan bulat/, 'visitForm.validation.whole', (m) => ({ label: m[1] })],
  [/^(.+) tidak boleh negatif$/, 'visitForm.validation.negative', (m) => ({ label: m[1] })],
  [/^(Lintang|Bujur) harus di antara (-?\d+) dan (\d+)$/, 'validation.between', (m) => ({ label: m[1], min: m[2], max: m[3] })],
  [/^Lintang dan bujur diisi keduanya/, 'validation.bothCoordinates', () => ({})],
  [/^Tanggal wajib diisi$/, 'visitForm.validation.date', () => ({})],
  [/^Tanggal harus berformat/, 'visitForm.validation.date', () => ({})],
  [/^Tanggal kunjungan tidak boleh di masa depan$/, 'visitForm.validation.future', () => ({})],
  [/^Isi paling sedikit satu petugas/, 'visitForm.validation.officers', () => ({})],
  [/^Pilih /, 'visitForm.validation.pick', () => ({})],
  [/^KBLI harus golongan pokok/, 'validation.kbliDivision', () => ({})],
  [/^Kode KBLI 2 atau 5 digit$/, 'validation.kbliFormat', () => ({})],
  [/^Usaha yang berhenti wajib diisi sejak kapan/, 'visitForm.validation.stoppedSince', () => ({})],
  [/^Tanggal berhenti tidak boleh setelah/, 'visitForm.validation.stoppedAfter', () => ({})],
  [/^Usaha yang berhenti wajib diisi penyebabnya$/, 'visitForm.validation.stopReasons', () => ({})],
  [/^Isi negara tujuan ekspor$/, 'visitForm.validation.export', () => ({})],
  [/^Potensi 1–5$/, 'visitForm.validation.revival', () => ({})],
];

/** Visit field messages in the current UI language. */
export function useVisitFieldMessages(): (errors: PathErrors) => PathErrors {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useCallback(
    (errors: PathErrors) => {
      if (!english) return errors;
      const out: PathErrors = {};
      for (const [path, message] of Object.entries(errors)) {
        if (!message) continue;
        const rule = RULES.find(([pattern]) => pattern.test(message));
        if (!rule) {
          out[path] = message;
          continue;
        }
        const params = rule[2](message.match(rule[0])!);
        if (params.label) params.label = LABELS[params.label] ? t(LABELS[params.label]) : params.label;
        out[path] = t(rule[1], params);
      }
      return out;
    },
    [english, t],
  );
}
