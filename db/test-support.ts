import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi, type Api } from './api';
import type { Channel } from './model/channels';
import type { InputOf, OutputOf } from './model/contract';
import type { SiteInput } from './model/site';

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
