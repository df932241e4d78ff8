import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi, type Api } from './api';
import type { Channel } from './model/channels';
import type { InputOf, OutputOf } from './model/contract';
import type { Site, SiteInput } from './model/site';
import type { VisitDataInput } from './model/visit';

/** A fresh folder under the system temp dir; removed by `dispose`. */
export function tempDir(prefix = 'ikm-test-'): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Calls a channel and returns its value, failing loudly when the call was refused. */
export async function call<C extends Channel>(api: Api, channel: C, input?: InputOf<C>): Promise<OutputOf<C>> {
  const result = await api.dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  return result.value as OutputOf<C>;
}

export const KALTIM_SETUP = {
  officerName: 'Ani Suryani',
  nip: '198703122010012003',
  officerCode: 'ANS',
  provinceCode: '64',
} as const;

/** An API over a new database in a temp folder, set up for Kalimantan Timur. */
export async function setUpApi(): Promise<{ api: Api; dbFile: string; dispose(): void }> {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'ikm.sqlite');
  const api = openApi({ dbFile });
  await call(api, 'setup.save', KALTIM_SETUP);
  return {
    api,
    dbFile,
    dispose: () => {
      api.close();
      tmp.dispose();
    },
  };
}

/** Creates one site (Amplang Mama Ani, or with overrides) and returns it. */
export async function createSite(api: Api, overrides: Partial<SiteInput> = {}): Promise<Site> {
  const result = await call(api, 'site.create', { site: siteInput(overrides) });
  if (!result.saved) throw new Error(`site not saved: ${result.warnings.map((w) => w.code).join(', ')}`);
  return result.site;
}

/** Villages used across tests (Kemendagri codes from idn-area-data). */
export const VILLAGES = {
  /** Rawa Makmur, Palaran, Kota Samarinda (Wilayah II) */
  samarinda: '64.72.01.1001',
  /** a village of Kota Balikpapan (Wilayah I) */
  balikpapan: '64.71.01.1001',
  /** a village of Marang Kayu, Kutai Kartanegara (Wilayah III) */
  marangKayu: '64.02.17.2001',
} as const;

export function siteInput(overrides: Partial<SiteInput> = {}): SiteInput {
  return {
    name: 'Amplang Mama Ani',
    ownerName: 'Ani Wulandari',
    villageCode: VILLAGES.samarinda,
    kbliCode: '10',
    products: 'Amplang ikan pipih, kerupuk',
    address: 'Jl. Sultan Hasanuddin RT 05',
    workers: 3,
    ...overrides,
  };
}

export const RESPONDENT = { name: 'Pak Rahmat', position: 'Pemilik', phone: '081250001111' };

/** A complete inventarisasi, valid to finalize; tests override what they check. */
export function anInventarisasi(overrides: Partial<Extract<VisitDataInput, { kind: 'inventarisasi' }>> = {}): VisitDataInput {
  return {
    kind: 'inventarisasi',
    visitDate: '2026-11-20',
    officers: ['Ani Suryani'],
    respondent: RESPONDENT,
    operatingStatus: 'aktif',
    workforce: { male: 4, female: 6 },
    capacity: { amount: 200, unit: 'kg', period: 'bulan' },
    productionValueRp: '240.000.000',
    investmentRp: 150000000,
    rawMaterials: [{ name: 'Ikan pipih', origin: 'lokal' }],
    machinery: [{ name: 'Mesin giling', count: 2 }],
    energySources: ['listrik_pln'],
    marketReach: ['lokal', 'regional'],
    certificatesHeld: ['PIRT', 'HALAL'],
    certificatesWanted: ['SNI'],
    problems: [{ kind: 'modal', notes: 'Butuh mesin pengering' }],
    ...overrides,
  };
}
