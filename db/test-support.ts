import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openApi, type Api } from './api';
import type { Clock } from './clock';
import { openCore, type Core } from './core';
import type { Officer } from './model/setup';
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
  // Signatures are required by default; tests of other rules finalize without drawing them.
  await call(api, 'settings.setOffice', { signaturesRequired: false });
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

/** A clock tests can move: back, forward, or drifting from the real one. */
export class TestClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  newId(): string {
    return uuidv7();
  }
}

let templateFile: Promise<string> | null = null;

/** One database set up for Kalimantan Timur, made once per test process and copied per replica. */
function setUpTemplate(): Promise<string> {
  templateFile ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikm-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const dbFile = join(dir, 'template.sqlite');
    const api = openApi({ dbFile });
    await call(api, 'setup.save', KALTIM_SETUP);
    api.close();
    return dbFile;
  })();
  return templateFile;
}

export interface TestReplica {
  core: Core;
  clock: TestClock;
  officer: Officer;
  dbFile: string;
}

/**
 * `count` laptops of one officer (the same officer code on each, as after a replaced laptop),
 * each with its own database file, replica and drifting clock. Replica ids are chosen so their
 * visit-number tags differ (in the field a tag is also moved on when another replica has it).
 */
export async function openReplicas(count: number, options: { fast?: boolean } = {}): Promise<{ replicas: TestReplica[]; dispose(): void }> {
  const template = await setUpTemplate();
  const tmp = tempDir('ikm-replicas-');
  const replicas: TestReplica[] = [];
  for (let i = 0; i < count; i++) {
    const dbFile = join(tmp.dir, `replica-${i}`, 'ikm.sqlite');
    mkdirSync(dirname(dbFile), { recursive: true });
    copyFileSync(template, dbFile);
    const clock = new TestClock();
    const core = openCore({
      dbFile,
      clock,
      machine: 'test',
      newReplicaId: () => (i + 1).toString(16).padStart(8, '0') + randomBytes(4).toString('hex'),
    });
    // Test databases need no fsync per commit: the runs are many and the files thrown away.
    if (options.fast !== false) core.db.pragma('synchronous = OFF');
    const setup = core.settings.getSetup()!;
    replicas.push({ core, clock, officer: core.settings.getOfficer(setup.officerId)!, dbFile });
  }
  return {
    replicas,
    dispose() {
      for (const r of replicas) r.core.close();
      tmp.dispose();
    },
  };
}

/** Every message `from` holds, applied to `to` (in batches, as sync would). */
export function sendAll(from: TestReplica, to: TestReplica): void {
  const { messages } = from.core.sync.pending({ after: 0, limit: Number.MAX_SAFE_INTEGER, ownOnly: false });
  for (let i = 0; i < messages.length; i += 2000) to.core.sync.apply(messages.slice(i, i + 2000));
}
