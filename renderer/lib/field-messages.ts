import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from './form-errors';

/**
 * The schemas in db/model speak Indonesian, the UI language. In English mode their messages are
 * recognised here and said again in English; an unknown message is shown as it came.
 */
const LABEL_KEYS: Record<string, string> = {
  'Nama usaha': 'site.name',
  'Nama pemilik': 'site.ownerName',
  'Nomor telepon': 'site.phone',
  Email: 'site.email',
  Alamat: 'site.address',
  Produk: 'site.products',
  NIB: 'site.nib',
  Catatan: 'site.notes',
  Lintang: 'site.latitude',
  Bujur: 'site.longitude',
  'Nama petugas': 'setup.officerName',
  NIP: 'setup.nip',
};

type Rule = [RegExp, string, (m: RegExpMatchArray) => Record<string, string>];

const RULES: Rule[] = [
  [/^(.+) wajib diisi$/, 'validation.required', (m) => ({ label: m[1] })],
  [/^(.+) wajib dipilih$/, 'validation.requiredPick', (m) => ({ label: m[1] })],
  [/^(.+) paling sedikit (\d+) karakter$/, 'validation.minLength', (m) => ({ label: m[1], n: m[2] })],
  [/^(.+) paling panjang (\d+) karakter$/, 'validation.maxLength', (m) => ({ label: m[1], n: m[2] })],
  [/^(Lintang|Bujur) harus berupa angka desimal/, 'validation.decimal', (m) => ({ label: m[1] })],
  [/^(Lintang|Bujur) harus di antara (-?\d+) dan (\d+)$/, 'validation.between', (m) => ({ label: m[1], min: m[2], max: m[3] })],
  [/^Lintang dan bujur diisi keduanya/, 'validation.bothCoordinates', () => ({})],
  [/^NIB terdiri dari 13 digit/, 'validation.nib', () => ({})],
  [/^NIP terdiri dari 18 digit/, 'validation.nip', () => ({})],
  [/^Kode petugas 2–5 huruf/, 'validation.officerCode', () => ({})],
  [/^Nomor telepon hanya boleh/, 'validation.phone', () => ({})],
  [/^Alamat email tidak valid$/, 'validation.email', () => ({})],
  [/^KBLI harus golongan pokok/, 'validation.kbliDivision', () => ({})],
  [/^Kode KBLI terdiri dari/, 'validation.kbliFormat', () => ({})],
  [/^Jumlah tenaga kerja harus berupa angka$/, 'validation.workersNumber', () => ({})],
  [/^Jumlah tenaga kerja harus bilangan bulat$/, 'validation.workersWhole', () => ({})],
  [/^Jumlah tenaga kerja tidak boleh negatif$/, 'validation.workersNegative', () => ({})],
  [/^Lebih dari 99 tenaga kerja/, 'validation.workersMax', () => ({})],
  [/^Dengan (\d+) tenaga kerja, skala usaha seharusnya (\w+)$/, 'validation.sizeClass', (m) => ({ n: m[1], size: m[2] })],
  [/^Tahun berdiri harus berupa angka$/, 'validation.yearNumber', () => ({})],
  [/^Tahun berdiri harus bilangan bulat$/, 'validation.yearWhole', () => ({})],
  [/^Tahun berdiri paling awal (\d+)$/, 'validation.yearMin', (m) => ({ min: m[1] })],
  [/^Tahun berdiri tidak boleh di masa depan$/, 'validation.yearFuture', () => ({})],
  [/^Provinsi kantor tidak dapat diganti: sudah ada ([\d.]+) usaha terdaftar di (.+?),/, 'validation.provinceLocked', (m) => ({ n: m[1].replace(/\./g, ','), province: m[2] })],
];

/** Field messages in the current UI language. */
export function useFieldMessages(): (errors: FieldErrors) => FieldErrors {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useCallback(
    (errors: FieldErrors) => {
      if (!english) return errors;
      const label = (indonesian: string) => (LABEL_KEYS[indonesian] ? t(LABEL_KEYS[indonesian]) : indonesian);
      const out: FieldErrors = {};
      for (const [field, message] of Object.entries(errors)) {
        if (!message) continue;
        const rule = RULES.find(([pattern]) => pattern.test(message));
        if (!rule) {
          out[field] = message;
          continue;
        }
        const params = rule[2](message.match(rule[0])!);
        if (params.label) params.label = label(params.label);
        out[field] = t(rule[1], params);
      }
      return out;
    },
    [english, t],
  );
}
