import { z } from 'zod';

export interface Area {
  code: string;
  name: string;
}

export interface Wilayah {
  id: string;
  provinceCode: string;
  name: string;
  indukRegencyCode: string | null;
  regencyCodes: string[];
}

export const ProvinceCode = z.string().regex(/^\d{2}$/, 'Kode provinsi tidak valid');

export const RegenciesRequest = z.object({ provinceCode: ProvinceCode.nullish() }).default({});
export const DistrictsRequest = z.object({
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/, 'Kode kabupaten/kota tidak valid'),
});
export const VillagesRequest = z.object({
  districtCode: z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/, 'Kode kecamatan tidak valid'),
});

/** Edit one development region: its name, its hub regency and which regencies belong to it. */
export const WilayahSaveRequest = z.object({
  id: z.string().min(1).max(64).nullish(),
  name: z.string().trim().min(2, 'Nama wilayah paling sedikit 2 karakter').max(80),
  indukRegencyCode: z.string().regex(/^\d{2}\.\d{2}$/).nullish(),
  regencyCodes: z.array(z.string().regex(/^\d{2}\.\d{2}$/, 'Kode kabupaten/kota tidak valid')),
});
export type WilayahSaveRequest = z.input<typeof WilayahSaveRequest>;

/** "Kabupaten Kutai Kartanegara" → "Kab. Kutai Kartanegara": short enough for a narrow filter, the Kutai regencies still apart. */
export function shortRegencyName(name: string): string {
  return name.replace(/^Kabupaten /, 'Kab. ');
}

/** "Kabupaten Berau" → "Berau", "Kota Samarinda" → "Samarinda": a chart's axis, where every label is a regency. */
export function bareRegencyName(name: string): string {
  return name.replace(/^(Kabupaten|Kota) /, '');
}
