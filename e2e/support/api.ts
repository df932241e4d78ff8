import type { Api } from '../../db/api';
import type { Channel, InputOf, OutputOf, SiteInput } from '../../db/model';

/** Calls a channel of the core and returns its value; a refused call fails the test with its message. */
export async function call<C extends Channel>(api: Api, channel: C, input?: InputOf<C>): Promise<OutputOf<C>> {
  const result = await api.dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel} refused: ${result.error.code} ${result.error.message}`);
  return result.value as OutputOf<C>;
}

/** The officer every spec but the setup spec starts with: Kalimantan Timur, the default office. */
export const OFFICER = {
  officerName: 'Ani Suryani',
  nip: '198703122010012003',
  officerCode: 'ANS',
  provinceCode: '64',
} as const;

/** Villages (Kemendagri codes) the specs use, with the names the UI shows. */
export const PLACES = {
  /** Rawa Makmur, Palaran, Kota Samarinda — Wilayah II */
  samarinda: { village: '64.72.01.1001', regency: 'Kota Samarinda' },
  /** Kota Balikpapan — Wilayah I */
  balikpapan: { village: '64.71.01.1001', regency: 'Kota Balikpapan' },
  /** Marang Kayu, Kutai Kartanegara — Wilayah III */
  marangKayu: { village: '64.02.17.2001', regency: 'Kabupaten Kutai Kartanegara' },
} as const;

/** A complete, valid site; specs override what they test. */
export function aSite(overrides: Partial<SiteInput> = {}): SiteInput {
  return {
    name: 'Amplang Mama Ani',
    ownerName: 'Ani Wulandari',
    villageCode: PLACES.samarinda.village,
    kbliCode: '10',
    products: 'Amplang ikan pipih, kerupuk',
    address: 'Jl. Sultan Hasanuddin RT 05',
    workers: 3,
    ...overrides,
  };
}

/** Creates sites through the API (not the UI) and returns their ids. */
export async function createSites(api: Api, sites: SiteInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (const site of sites) {
    const saved = await call(api, 'site.create', { site, confirm: { duplicate: true } });
    if (!saved.saved) throw new Error(`site.create warned: ${JSON.stringify(saved.warnings)}`);
    ids.push(saved.site.id);
  }
  return ids;
}
