import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openApi, type Api } from '../db/api';
import type { Clock } from '../db/clock';
import { call, KALTIM_SETUP, tempDir } from '../db/test-support';
import type { ChangeMessage } from '../db/model/sync';
import { generateDeviceKey, type DeviceKeyPair } from '../db/sync/device-key';
import type { EnrollResponse } from '../db/model/hub';
import { createHub, type Hub, type HubOptions } from './server';

/** A real hub on loopback over a temp data folder. */
export async function startHub(options: Partial<HubOptions> = {}): Promise<{
  hub: Hub;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}> {
  const tmp = tempDir('ikm-hub-');
  const dataDir = options.dataDir ?? tmp.dir;
  const hub = createHub({ ...options, dataDir });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = hub.app.server.address() as AddressInfo;
  return {
    hub,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      await hub.close();
      tmp.dispose();
    },
  };
}

/** Enrolls a device over HTTP with a fresh code for `officerCode`. */
export async function enrollDevice(
  url: string,
  hub: Hub,
  officerCode = 'ANS',
  replicaId = '00000000000000a1',
): Promise<EnrollResponse & { key: DeviceKeyPair; replicaId: string }> {
  const code = hub.store.createEnrollment({ officerCode, regencies: [] }, new Date());
  const key = generateDeviceKey();
  const response = await fetch(`${url}/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, replicaId, deviceName: `Laptop ${officerCode}`, publicKey: key.publicKey }),
  });
  if (!response.ok) throw new Error(`enroll failed: ${response.status} ${await response.text()}`);
  return { ...((await response.json()) as EnrollResponse), key, replicaId };
}

/** A well-formed change message stamped at `time` by `replica`. */
export function message(replica: string, n: number, time = new Date(), overrides: Partial<ChangeMessage> = {}): ChangeMessage {
  const counter = (n % 0x10000).toString(16).padStart(4, '0');
  return {
    hlc: `${time.toISOString()}-${counter}-${replica}`,
    table: 'site',
    row: `row-${Math.floor(n / 10)}`,
    column: `name`,
    value: JSON.stringify(`Usaha ${n}`),
    prevHlc: null,
    schema: 5,
    ...overrides,
  };
}

/** POSTs JSON with an optional bearer token; returns status and parsed body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read fields of many reply shapes
export async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * A laptop for the hub tests: a real core on a SQLite file in a temp folder, set up as
 * `officerCode`, its hub client without timers (the test says when it syncs). `dispose` closes it
 * and removes the folder.
 */
export async function openLaptop(
  officerCode: string,
  options: { fetch?: typeof fetch; clock?: Clock } = {},
): Promise<{ api: Api; dbFile: string; dispose(): void }> {
  const tmp = tempDir('ikm-laptop-');
  const dbFile = join(tmp.dir, 'ikm-lapangan.sqlite');
  const api = openApi({ dbFile, clock: options.clock, hubClient: { autoTimers: false, fetch: options.fetch } });
  await call(api, 'setup.save', { ...KALTIM_SETUP, officerCode, officerName: `Petugas ${officerCode}` });
  return {
    api,
    dbFile,
    dispose() {
      api.close();
      tmp.dispose();
    },
  };
}

/** Reads a laptop's file directly (a second connection, read only). */
export function peekFile<T>(dbFile: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbFile, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
