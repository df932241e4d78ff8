import type { Area } from '../../db/model';
import { useApiData } from './api';

const NONE: Area[] = [];

/** Kecamatan of a kabupaten/kota; empty until one is chosen. */
export function useDistricts(regencyCode: string | null): { districts: Area[]; loading: boolean } {
  const result = useApiData(
    () =>
      regencyCode ? window.ikm.ref.districts({ regencyCode }) : Promise.resolve({ ok: true as const, value: NONE }),
    `districts:${regencyCode ?? ''}`,
  );
  return { districts: result.data ?? NONE, loading: result.loading && regencyCode !== null };
}

/** Desa/kelurahan of a kecamatan; empty until one is chosen. */
export function useVillages(districtCode: string | null): { villages: Area[]; loading: boolean } {
  const result = useApiData(
    () =>
      districtCode ? window.ikm.ref.villages({ districtCode }) : Promise.resolve({ ok: true as const, value: NONE }),
    `villages:${districtCode ?? ''}`,
  );
  return { villages: result.data ?? NONE, loading: result.loading && districtCode !== null };
}

/** Options for a Mantine Select. */
export function areaOptions(areas: Area[]): { value: string; label: string }[] {
  return areas.map((a) => ({ value: a.code, label: a.name }));
}
