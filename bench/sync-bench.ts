// Sync figures for `npm run bench` (issue 8): push and pull of 300,000 field changes through a real
// hub on loopback (the hub in its own process, as in an office), a sync with nothing to do, a
// bundle of 100,000 changes imported, and the same data replicated with PouchDB for comparison (see
// pouchTwoHopSeconds for its two models).
// Runs alone with `node --import tsx bench/sync-bench.ts`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openApi, type Api } from '../db/api';
import { openCore } from '../db/core';
import { SiteInput } from '../db/model/site';
import type { ChangeMessage } from '../db/model/sync';
import { loadProvinceAreas } from '../db/reference/areas';
import { writeBundle } from '../db/sync/bundle';
import { hubClientOf } from '../db/sync/hub-client';
import { call, KALTIM_SETUP, tempDir } from '../db/test-support';
import { openHubStore, formatEnrollmentCode } from '../hub/store';
import { hubPaths } from '../hub/server';
import { percentile, runDeviceLoad } from '../hub/device-load';
import { generateSites, indexVillages } from './generate';

const TARGET_MESSAGES = Number(process.env.BENCH_SYNC_MESSAGES ?? 300_000);
const BUNDLE_MESSAGES = Number(process.env.BENCH_BUNDLE_MESSAGES ?? 100_000);
const LOAD_DEVICES = Number(process.env.BENCH_HUB_DEVICES ?? 50);
const LOAD_MESSAGES = 300;

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function startHubProcess(dataDir: string): Promise<{ url: string; child: ChildProcess; stop(): boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /berjalan di (http:\/\/[^\s]+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`hub exited (${code}): ${out}`)));
  });
  // A hub that dies mid-bench must say so, not leave its port to some other process.
  const stopping = { value: false };
  child.on('exit', (code, signal) => {
    if (!stopping.value) console.error(`[bench] hub process ended early: code ${code}, signal ${signal}`);
  });
  return { url, child, stop: () => ((stopping.value = true), child.kill('SIGTERM')) };
}

async function laptop(dir: string, name: string, officerCode: string): Promise<Api> {
  const api = openApi({ dbFile: join(dir, `${name}.sqlite`), hubClient: { autoTimers: false } });
  await call(api, 'setup.save', { ...KALTIM_SETUP, officerCode, officerName: `Petugas ${officerCode}` });
  return api;
}

function enrollmentCode(hubDir: string, officerCode: string): string {
  const store = openHubStore(hubPaths(hubDir).store);
  const code = store.createEnrollment({ officerCode, regencies: [] }, new Date());
  store.close();
  return formatEnrollmentCode(code);
}

interface PouchDb {
  bulkDocs(docs: object[]): Promise<unknown>;
  replicate: { to(target: PouchDb, options?: object): Promise<{ docs_written: number }> };
  info(): Promise<{ doc_count: number }>;
  destroy(): Promise<unknown>;
}

/** PouchDB with the memory adapter and replication, loaded once (a plugin may be added only once). */
const pouchDB = (() => {
  let loaded: (new (name: string, options: object) => PouchDb) | undefined;
  return () => {
    const require = createRequire(import.meta.url);
    loaded ??= require('pouchdb-core').plugin(require('pouchdb-adapter-memory')).plugin(require('pouchdb-replication'));
    return loaded!;
  };
})();

// PouchDB merges whole documents, our CRDT merges fields, so the comparison is made in two models.
// Field docs: a PouchDB app that merges per field keeps one document per field change, so the same
// field changes our sync moved are as many documents (the like-for-like figure). Site docs: one
// document per site, PouchDB's natural model, which moves far fewer units (kept for reference).
// Both go laptop A → office → laptop B, two replications timed together, as our push and pull are.
async function pouchTwoHopSeconds(docs: object[]): Promise<{ seconds: number; docs: number }> {
  const stamp = Date.now();
  const [a, office, b]: PouchDb[] = ['a', 'office', 'b'].map((name) => new (pouchDB())(`bench-${name}-${stamp}`, { adapter: 'memory' }));
  try {
    for (let i = 0; i < docs.length; i += 1000) await a.bulkDocs(docs.slice(i, i + 1000));
    const start = performance.now();
    await a.replicate.to(office, { batch_size: 500 });
    await office.replicate.to(b, { batch_size: 500 });
    const seconds = (performance.now() - start) / 1000;
    // A figure for an incomplete replication would be worthless.
    for (const [name, db] of [['office', office], ['b', b]] as const) {
      const held = (await db.info()).doc_count;
      if (held !== docs.length) throw new Error(`PouchDB replication incomplete: ${name} holds ${held} of ${docs.length} documents`);
    }
    return { seconds, docs: docs.length };
  } finally {
    // Memory adapter: the data lives in this process until destroyed.
    for (const db of [a, office, b]) await db.destroy();
  }
}

/** Every message in a laptop's log as one PouchDB document per field change. */
function fieldChangeDocs(dbFile: string): object[] {
  const core = openCore({ dbFile });
  const docs: object[] = [];
  let cursor = 0;
  for (;;) {
    const page = core.sync.pending({ after: cursor, limit: 5000, ownOnly: false });
    for (const m of page.messages) {
      docs.push({ _id: `${m.table}/${m.row}/${m.column}/${m.hlc}`, table: m.table, row: m.row, column: m.column, value: m.value, hlc: m.hlc });
    }
    cursor = page.cursor;
    if (!page.more) break;
  }
  core.close();
  return docs;
}

/**
 * 50 devices syncing at once with a hub in its own process (issue 21, item 8): each pushes 300
 * messages in one request (as the app's client sends them) and pulls until it has every other
 * device's. p99 and p50 of every sync request's time; hub_msgs_per_s is messages stored and handed
 * out, together, per second of the whole run. The run fails on any error or lost message.
 */
export async function benchHubLoad(): Promise<Record<string, number>> {
  const tmp = tempDir('ikm-bench-hub-load-');
  const hubDir = join(tmp.dir, 'hub');
  const hub = await startHubProcess(hubDir);
  try {
    const store = openHubStore(hubPaths(hubDir).store);
    const codes = Array.from({ length: LOAD_DEVICES }, (_, i) => store.createEnrollment({ officerCode: `L${String(i).padStart(2, '0')}`, regencies: [] }, new Date()));
    store.close();
    const load = await runDeviceLoad(hub.url, codes, { messagesPerDevice: LOAD_MESSAGES, batch: LOAD_MESSAGES });
    if (load.errors.length || load.lost || load.stored !== load.pushed) {
      throw new Error(`hub load: ${load.errors.length} errors (${load.errors.slice(0, 3).join(', ')}), ${load.lost} lost, ${load.stored} of ${load.pushed} stored`);
    }
    return {
      hub_load_devices: LOAD_DEVICES,
      hub_load_requests: load.latencies.length,
      [`hub_${LOAD_DEVICES}_devices_p50_ms`]: Math.round(percentile(load.latencies, 50)),
      [`hub_${LOAD_DEVICES}_devices_p99_ms`]: Math.round(percentile(load.latencies, 99)),
      hub_msgs_per_s: Math.round((load.stored + load.delivered) / load.seconds),
      hub_load_s: round(load.seconds),
    };
  } finally {
    hub.stop();
    await new Promise((resolve) => hub.child.once('exit', resolve));
    tmp.dispose();
  }
}

/** Runs the sync benchmarks in a temp folder and returns their figures. */
export async function benchSync(): Promise<Record<string, number>> {
  const tmp = tempDir('ikm-bench-sync-');
  const results: Record<string, number> = {};
  const hubDir = join(tmp.dir, 'hub');
  const hub = await startHubProcess(hubDir);
  try {
    // Laptop A registers sites until its log holds the target number of field changes.
    const a = await laptop(tmp.dir, 'a', 'ANS');
    const kaltim = (await loadProvinceAreas('64'))!;
    const sites = generateSites(Math.ceil(TARGET_MESSAGES / 15), indexVillages(kaltim.villages)).map((s) => SiteInput.parse(s));
    const core = openCore({ dbFile: join(tmp.dir, 'a.sqlite') });
    let made = 0;
    const fill = core.db.transaction((batch: typeof sites) => {
      for (const s of batch) core.sites.create(s, { duplicate: true, outsideProvince: true });
    });
    while (core.sync.info().lastSeq < TARGET_MESSAGES && made < sites.length) {
      fill(sites.slice(made, made + 500));
      made = Math.min(made + 500, sites.length);
    }
    const messages = core.sync.info().lastSeq;
    core.close();
    results.sync_messages = messages;
    results.sync_sites = made;

    await call(a, 'hubSync.enroll', { url: hub.url, code: enrollmentCode(hubDir, 'ANS') });
    let start = performance.now();
    const pushed = await call(a, 'hubSync.now');
    results.sync_push_300k_msgs_s = round((performance.now() - start) / 1000);
    results.sync_push_msgs_per_s = Math.round(pushed.sent / ((performance.now() - start) / 1000));

    const b = await laptop(tmp.dir, 'b', 'BDI');
    await call(b, 'hubSync.enroll', { url: hub.url, code: enrollmentCode(hubDir, 'BDI') });
    start = performance.now();
    const pulled = await call(b, 'hubSync.now');
    results.sync_pull_300k_msgs_s = round((performance.now() - start) / 1000);
    results.sync_pull_received = pulled.received;

    const noop: number[] = [];
    for (let i = 0; i < 10; i++) {
      start = performance.now();
      await call(b, 'hubSync.now');
      noop.push(performance.now() - start);
    }
    noop.sort((x, y) => x - y);
    results.sync_noop_ms = round(noop[5]);

    // A bundle of the first 100,000 of A's changes, signed with A's key, loaded by a new laptop.
    const aCore = openCore({ dbFile: join(tmp.dir, 'a.sqlite') });
    const first: ChangeMessage[] = [];
    let cursor = 0;
    while (first.length < BUNDLE_MESSAGES) {
      const page = aCore.sync.pending({ after: cursor, limit: 5000, ownOnly: false });
      first.push(...page.messages.slice(0, BUNDLE_MESSAGES - first.length));
      cursor = page.cursor;
      if (!page.more) break;
    }
    const key = hubClientOf(aCore, { autoTimers: false }).deviceKey();
    const bundle = writeBundle(
      { fromReplica: aCore.sync.replicaId(), fromPublicKey: key.publicKey, fromLabel: 'Laptop ANS', forPeer: null, range: { after: 0, upTo: cursor }, messages: first, blobs: new Map() },
      key,
      new Date(),
    );
    aCore.close();
    const c = await laptop(tmp.dir, 'c', 'CDE');
    start = performance.now();
    const imported = await call(c, 'hubSync.importBundle', { bytes: bundle, acceptNewDevice: true });
    results.bundle_import_100k_msgs_s = round((performance.now() - start) / 1000);
    results.bundle_import_received = imported.received;
    results.bundle_bytes_per_msg = round(bundle.byteLength / first.length, 1);

    // PouchDB, same run: the field changes A's log holds (exactly what our sync moved) as one
    // document each, then the same sites as one document each; A → office → B both times.
    const sync = results.sync_push_300k_msgs_s + results.sync_pull_300k_msgs_s;
    const fieldDocs = fieldChangeDocs(join(tmp.dir, 'a.sqlite'));
    if (fieldDocs.length !== messages) throw new Error(`PouchDB field documents: ${fieldDocs.length}, but our sync moved ${messages} messages`);
    const fields = await pouchTwoHopSeconds(fieldDocs);
    fieldDocs.length = 0;
    results.pouchdb_field_docs = fields.docs;
    results.pouchdb_field_replicate_s = round(fields.seconds);
    const siteDocs = sites.slice(0, made).map((s, i) => ({ _id: `site-${String(i).padStart(7, '0')}`, ...s }));
    const whole = await pouchTwoHopSeconds(siteDocs);
    results.pouchdb_site_docs = whole.docs;
    results.pouchdb_site_docs_replicate_s = round(whole.seconds);
    results.sync_vs_pouchdb_ratio = round(sync / fields.seconds, 3);
    results.sync_vs_pouchdb_site_docs_ratio = round(sync / whole.seconds, 3);

    a.close();
    b.close();
    c.close();
  } finally {
    hub.stop();
    await new Promise((resolve) => hub.child.once('exit', resolve));
    tmp.dispose();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = process.env.BENCH_ONLY === 'hub' ? await benchHubLoad() : { ...(await benchHubLoad()), ...(await benchSync()) };
  console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })));
}
