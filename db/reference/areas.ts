import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import type { Area } from '../model/area';

/** The rows of the area tree one province needs, from the idn-area-data package (Kemendagri codes). */
export interface ProvinceAreas {
  province: Area;
  regencies: Area[];
  districts: (Area & { regencyCode: string })[];
  villages: (Area & { districtCode: string })[];
}

/** Provinces are written in capitals in the source; officers read "Kalimantan Timur". */
export function titleCase(name: string): string {
  return name
    .toLowerCase()
    .replace(/(^|[\s(/-])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase())
    .replace(/\bDki\b/, 'DKI');
}

/** All 38 provinces. */
export async function loadProvinces(): Promise<Area[]> {
  const rows = await getProvinces();
  return rows.map((p) => ({ code: p.code, name: titleCase(p.name) }));
}

/** One province's regencies, districts and villages; null when the code is unknown. */
export async function loadProvinceAreas(provinceCode: string): Promise<ProvinceAreas | null> {
  const province = (await loadProvinces()).find((p) => p.code === provinceCode);
  if (!province) return null;
  const prefix = `${provinceCode}.`;
  const [regencies, districts, villages] = await Promise.all([getRegencies(), getDistricts(), getVillages()]);
  return {
    province,
    regencies: regencies
      .filter((r) => r.province_code === provinceCode)
      .map((r) => ({ code: r.code, name: titleCase(r.name) })),
    districts: districts
      .filter((d) => d.code.startsWith(prefix))
      .map((d) => ({ code: d.code, name: d.name, regencyCode: d.regency_code })),
    villages: villages
      .filter((v) => v.code.startsWith(prefix))
      .map((v) => ({ code: v.code, name: v.name, districtCode: v.district_code })),
  };
}
